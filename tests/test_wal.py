"""The -wal is checked before SQLite reads it (storage/wal.py).

A real crash: 28 participants checkpointed, 12 more saved by a writer process killed
with SIGKILL, so those 12 exist only in the -wal (and the -shm says so). A flipped bit
there made SQLite drop them unseen; now open refuses, keeps the WAL aside byte for byte
and the next open warns, and verify says so without moving anything. Torn tails (what a
crash leaves) still open with every commit.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from kartlaggning.models import Participant
from kartlaggning.models.personnummer import make_test_number
from kartlaggning.storage import Vault, errors, keys, verify_file, wal
from kartlaggning.storage.errors import WalDamaged

from conftest import PASSPHRASE
from helpers.util import HELPERS, sha256, subprocess_env
from test_cli import cli  # noqa: F401 (fixture)

PAGE = 4096
FRAME = 24 + PAGE
BEFORE, IN_WAL = 28, 12
AnchorProblem = getattr(errors, "AnchorProblem", ())  # the vault is behind its anchor after a set-aside


def person(n: int) -> Participant:
    born = date(1920 + n // 336 % 80, 1 + n // 28 % 12, 1 + n % 28)  # as helpers/wal_writer.py
    return Participant(namn=f"Testa Wal{n}", personnummer=make_test_number(born, 980))


def start_writer(path: Path, first: int, count: int, forever: bool = False) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HELPERS / "wal_writer.py"), str(path), PASSPHRASE, str(first),
                             str(count)] + (["forever"] if forever else []), env=subprocess_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)


def read_lines(proc: subprocess.Popen, until, timeout: float = 30) -> list[str]:
    """The writer's lines until ``until(lines)`` holds; a writer that stalls is killed."""
    lines: list[str] = []
    watchdog = threading.Timer(timeout, proc.kill)
    watchdog.start()
    try:
        for line in proc.stdout:
            lines.append(line.strip())
            if until(lines):
                return lines
    finally:
        watchdog.cancel()
    raise AssertionError(f"writer stopped: {lines} {proc.stderr.read()}")


def kill(proc: subprocess.Popen) -> list[str]:
    os.kill(proc.pid, signal.SIGKILL)
    out, _err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return out.splitlines()


@pytest.fixture(scope="module")
def crashed(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crashed") / "crash.kvault"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(keys, "PASSPHRASE_N", min(keys.PASSPHRASE_N, 2**12))
        vault, _ = Vault.create(path, PASSPHRASE)
        for n in range(BEFORE):
            vault.repo.save_participant(person(n))
        vault.close()
    proc = start_writer(path, BEFORE, IN_WAL)
    read_lines(proc, lambda lines: lines[-1] == "done")
    kill(proc)
    return path


@pytest.fixture
def vault_copy(crashed, tmp_path) -> Path:
    folder = tmp_path / "v"
    folder.mkdir()
    for f in crashed.parent.iterdir():
        if not f.name.endswith(".lock"):
            shutil.copy2(f, folder / f.name)
    return folder / crashed.name


def side(path: Path, suffix: str) -> Path:
    return Path(str(path) + suffix)


def frames(data: bytes) -> list[tuple[int, int]]:
    """(offset, db size after commit) of each complete frame."""
    return [(off, struct.unpack_from(">I", data, off + 4)[0]) for off in range(32, len(data) - FRAME + 1, FRAME)]


def flip(path: Path, offset: int, bit: int = 3) -> bytes:
    data = bytearray(path.read_bytes())
    data[offset] ^= 1 << bit
    path.write_bytes(bytes(data))
    return bytes(data)


def count(path: Path) -> int:
    with reopen(path) as vault:
        assert vault.integrity_problems() == []
        return vault.repo.count()


def reopen(path: Path) -> Vault:
    try:
        return Vault.open(path, PASSPHRASE)
    except AnchorProblem:  # behind its anchor by the changes set aside: the user accepts it
        return Vault.open(path, PASSPHRASE, accept_restore=True)


def test_the_crashed_wal_holds_the_last_commits_and_is_intact(vault_copy):
    data = side(vault_copy, "-wal").read_bytes()
    assert struct.unpack_from(">I", data)[0] | 1 == 0x377F0683
    assert sum(1 for _off, commit in frames(data) if commit) >= IN_WAL
    assert side(vault_copy, "-shm").exists()
    assert wal.inspect(vault_copy)[0] == wal.INTACT
    assert verify_file(vault_copy, PASSPHRASE) == []
    assert count(vault_copy) == BEFORE + IN_WAL
    assert wal.set_aside_files(vault_copy) == []


def _last_commit(data: bytes) -> int:
    return [off for off, commit in frames(data) if commit][-1]


def _middle(data: bytes) -> int:
    return frames(data)[len(frames(data)) // 2][0]


FLIPS = {  # where, as a function of the WAL's bytes
    "header magic": lambda d: 3, "header version": lambda d: 6, "header page size": lambda d: 10,
    "header checkpoint seq": lambda d: 13, "header salt-1": lambda d: 17, "header salt-2": lambda d: 22,
    "header checksum-1": lambda d: 25, "header checksum-2": lambda d: 30,
    "frame page number": lambda d: _middle(d) + 2, "frame commit size": lambda d: _middle(d) + 6,
    "frame salt-1": lambda d: _middle(d) + 9, "frame salt-2": lambda d: _middle(d) + 14,
    "frame checksum-1": lambda d: _middle(d) + 17, "frame checksum-2": lambda d: _middle(d) + 23,
    "first page data": lambda d: 32 + 24 + 100, "middle page data": lambda d: _middle(d) + 24 + 2000,
    "last commit's page data": lambda d: _last_commit(d) + 24 + 4000,
    "last commit's size field": lambda d: _last_commit(d) + 5,
}


@pytest.mark.parametrize("where", FLIPS, ids=list(FLIPS))
def test_a_flipped_bit_is_reported_refused_and_kept_aside(vault_copy, where):
    live_wal, live_shm = side(vault_copy, "-wal"), side(vault_copy, "-shm")
    damaged = flip(live_wal, FLIPS[where](live_wal.read_bytes()))
    shm_before, db_before = live_shm.read_bytes(), sha256(vault_copy)

    problems = verify_file(vault_copy, PASSPHRASE)  # read only
    assert len(problems) == 1 and "-wal" in problems[0]
    assert live_wal.read_bytes() == damaged and live_shm.read_bytes() == shm_before
    assert wal.set_aside_files(vault_copy) == []

    with pytest.raises(WalDamaged) as refused:
        Vault.open(vault_copy, PASSPHRASE)
    assert sha256(vault_copy) == db_before  # nothing checkpointed
    [aside] = wal.set_aside_files(vault_copy)
    assert aside.read_bytes() == damaged and str(aside) in refused.value.message
    assert Path(str(aside).replace("-wal.", "-shm.")).read_bytes() == shm_before
    if os.name == "posix":
        assert aside.stat().st_mode & 0o777 == 0o600
    assert not live_shm.exists()
    assert wal.inspect(vault_copy)[0] == wal.INTACT  # the live WAL keeps what verifies

    assert BEFORE <= count(vault_copy) < BEFORE + IN_WAL  # opens, as of the last change that could be read
    assert str(aside) in wal.set_aside_notice(vault_copy)
    assert wal.set_aside_files(vault_copy) == [aside]  # still there: the warning stays


def test_sampled_flips_anywhere_in_the_committed_frames_are_seen(vault_copy):
    live_wal, live_shm = side(vault_copy, "-wal"), side(vault_copy, "-shm")
    original, shm = live_wal.read_bytes(), live_shm.read_bytes()
    last_frame = frames(original)[-1][0]
    rng = random.Random(11)
    for offset in sorted(rng.sample(range(len(original)), 120)):
        live_wal.write_bytes(original)
        flip(live_wal, offset, rng.randrange(8))
        live_shm.write_bytes(shm)
        assert wal.inspect(vault_copy)[0].damaged, offset
        if offset < last_frame:  # without the -shm only the last frame is beyond telling from a torn write
            live_shm.unlink()
            assert wal.inspect(vault_copy)[0].damaged, offset


def _assert_opens_with_everything(path: Path, expected: int = BEFORE + IN_WAL) -> None:
    assert wal.inspect(path)[0] == wal.INTACT
    assert verify_file(path, PASSPHRASE) == []
    assert count(path) == expected
    assert wal.set_aside_files(path) == []


def _torn_frame(data: bytes, length: int, salts: bytes | None = None) -> bytes:
    header = struct.pack(">2I", 7, 0) + (salts or data[16:24]) + b"\x12\x34\x56\x78" * 2
    return (header + os.urandom(PAGE))[:length]


def _older_salts(data: bytes) -> bytes:
    """The salts of the generation before: salt-1 one less, salt-2 another random value."""
    return struct.pack(">I", struct.unpack_from(">I", data, 16)[0] - 1) + b"\xaa" * 4


TAILS = {
    "a partial frame": lambda d: d + _torn_frame(d, 24 + 1000),
    "a frame header only": lambda d: d + _torn_frame(d, 24),
    "a whole frame whose page was not written": lambda d: d + _torn_frame(d, FRAME),
    "garbage": lambda d: d + os.urandom(5000),
    "frames of an older generation": lambda d: d + b"".join(
        d[off:off + 8] + _older_salts(d) + d[off + 16:off + FRAME] for off, _ in frames(d)[:5]),
}


@pytest.mark.parametrize("tail", TAILS, ids=list(TAILS))
def test_a_torn_tail_opens_with_every_commit(vault_copy, tail):
    live_wal = side(vault_copy, "-wal")
    live_wal.write_bytes(TAILS[tail](live_wal.read_bytes()))
    _assert_opens_with_everything(vault_copy)


def test_a_tail_cut_mid_frame_without_an_index_is_torn(vault_copy):
    live_wal = side(vault_copy, "-wal")
    data = live_wal.read_bytes()
    live_wal.write_bytes(data[:frames(data)[-1][0] + 24 + 2000])
    side(vault_copy, "-shm").unlink()  # the index did not survive either (a power loss)
    assert wal.inspect(vault_copy)[0] == wal.INTACT and wal.problems(vault_copy) == []
    assert count(vault_copy) == BEFORE + IN_WAL - 1  # the cut commit is gone (the anchor, if any, may say so)
    assert wal.set_aside_files(vault_copy) == []


def test_a_cut_that_the_index_contradicts_is_damage(vault_copy):
    live_wal = side(vault_copy, "-wal")
    data = live_wal.read_bytes()
    live_wal.write_bytes(data[:_middle(data)])
    assert "wal-index" in wal.inspect(vault_copy)[0].reason
    with pytest.raises(WalDamaged):
        Vault.open(vault_copy, PASSPHRASE)


def test_a_bad_header_over_frames_already_checkpointed_is_ignored(vault_copy):
    old = side(vault_copy, "-wal").read_bytes()
    assert count(vault_copy) == BEFORE + IN_WAL  # closed: checkpointed, no -wal left
    assert not side(vault_copy, "-wal").exists()
    side(vault_copy, "-wal").write_bytes(os.urandom(32) + old[32:])  # a new header torn over old frames
    _assert_opens_with_everything(vault_copy)
    side(vault_copy, "-wal").write_bytes(old[:20] + os.urandom(12))  # a header and nothing after it
    _assert_opens_with_everything(vault_copy)


def test_a_clean_closed_vault_is_untouched(vault):
    vault.repo.save_participant(person(1))
    vault.close()
    assert not side(vault.path, "-wal").exists()
    assert wal.inspect(vault.path)[0] == wal.INTACT and wal.problems(vault.path) == []
    assert verify_file(vault.path, PASSPHRASE) == []
    with Vault.open(vault.path, PASSPHRASE) as again:
        assert again.repo.count() == 1
    assert wal.set_aside_files(vault.path) == [] and wal.set_aside_notice(vault.path) == ""


def test_writers_killed_mid_save_leave_torn_tails_only(vault_copy):
    assert count(vault_copy) == BEFORE + IN_WAL
    rng = random.Random(5)
    stored = BEFORE + IN_WAL
    for _round in range(3):
        proc = start_writer(vault_copy, stored, 0, forever=True)
        seen = read_lines(proc, lambda lines: len(lines) >= 3)
        time.sleep(rng.uniform(0.02, 0.2))
        acknowledged = stored + sum(1 for line in seen + kill(proc) if line.startswith("saved"))
        assert wal.inspect(vault_copy)[0] == wal.INTACT
        with reopen(vault_copy) as again:
            stored = again.repo.count()
            assert acknowledged <= stored <= acknowledged + 1  # one may have committed unreported
            assert again.integrity_problems() == []


def test_the_check_is_fast_enough(vault_copy):
    data = side(vault_copy, "-wal").read_bytes()
    body = data[32:32 + FRAME] * (4 * 1024 * 1024 // FRAME)
    start = time.perf_counter()
    state = wal.classify(data[:32] + body)  # the same frame repeated: its chain fails at frame 2
    assert state.damaged
    assert time.perf_counter() - start < 2.0  # ~0.15 s on the reference machine; generous for shared CI


# ---- the command line and the window -------------------------------------------------------


def test_cli_verify_and_export_say_so_in_swedish(cli, vault_copy, tmp_path):
    live_wal = side(vault_copy, "-wal")
    damaged = flip(live_wal, _middle(live_wal.read_bytes()) + 24 + 10)
    code, _out, err = cli("verify", "--vault", vault_copy)
    assert code == 1 and "ändringslogg" in err.lower() and live_wal.read_bytes() == damaged
    code, _out, err = cli("export", "--vault", vault_copy, "--out", tmp_path / "ut.json")
    assert code == 1 and "ändringslogg" in err and str(wal.set_aside_files(vault_copy)[0]) in err
    assert not (tmp_path / "ut.json").exists()


def test_cli_warns_while_a_set_aside_log_lies_beside_the_vault(cli, vault, tmp_path):
    vault.close()
    aside = side(vault.path, "-wal.damaged-20260101-120000")
    aside.write_bytes(b"x")
    code, _out, err = cli("export", "--vault", vault.path, "--out", tmp_path / "ut.json")
    assert code == 0 and str(aside) in err and "IT" in err


def test_window_says_what_happened_and_warns_at_later_unlocks(qtbot, vault_copy, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from kartlaggning.config import AppConfig
    from kartlaggning.ui.main_window import MainWindow
    from kartlaggning.ui.session import Session

    from conftest import finish_unlock

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    live_wal = side(vault_copy, "-wal")
    flip(live_wal, _middle(live_wal.read_bytes()) + 24 + 10)
    window = MainWindow(Session(vault_copy), AppConfig())
    qtbot.addWidget(window)
    window.show()
    window.start()
    form = window.unlock_page.unlock_form
    form.passphrase.field.setText(PASSPHRASE)
    form.unlock_button.click()
    finish_unlock(form)
    [aside] = wal.set_aside_files(vault_copy)
    assert "ändringslogg" in form.passphrase.error() and str(aside) in form.passphrase.error()
    assert form.hint.isVisible() and not window.session.is_unlocked
    window.close()
    window.session.quit()

    count(vault_copy)  # the next open (accepting what the anchor, if any, says about it)
    window = MainWindow(Session(vault_copy), AppConfig())
    qtbot.addWidget(window)
    window.show()
    window.start()
    form = window.unlock_page.unlock_form
    form.passphrase.field.setText(PASSPHRASE)
    form.unlock_button.click()
    finish_unlock(form)
    assert window.session.is_unlocked
    box = window.set_aside_notice
    assert box is not None and box.isVisible() and str(aside) in box.text()
    box.accept()
    window.close()
    window.session.quit()


def _reencoded_big_endian(data: bytes) -> bytes:
    """The same log with big-endian checksums (as a big-endian machine writes it), through
    the plain frame-by-frame reference implementation."""
    out = bytearray(data)
    out[:4] = struct.pack(">I", 0x377F0683)
    seed = wal._checksum(bytes(out[:24]), 0, 0, True)
    out[24:32] = struct.pack(">2I", *seed)
    for off, _commit in frames(data):
        seed = wal._frame_checksum(memoryview(bytes(out)), off, PAGE, seed, True)
        out[off + 16:off + 24] = struct.pack(">2I", *seed)
    return bytes(out)


def test_the_fast_sums_match_the_reference_and_both_byte_orders_work(vault_copy):
    live_wal = side(vault_copy, "-wal")
    data = live_wal.read_bytes()
    view = memoryview(data)
    assert wal._frame_sums(data, len(frames(data)), PAGE, False) == [
        wal._frame_checksum(view, off, PAGE, (0, 0), False) for off, _ in frames(data)]
    big = _reencoded_big_endian(data)
    live_wal.write_bytes(big)
    assert wal.inspect(vault_copy)[0] == wal.INTACT
    live_wal.write_bytes(big[:_middle(big) + 100] + bytes([big[_middle(big) + 100] ^ 1]) + big[_middle(big) + 101:])
    assert wal.inspect(vault_copy)[0].damaged
    live_wal.write_bytes(big)
    assert count(vault_copy) == BEFORE + IN_WAL  # SQLite reads it the same way


def test_the_benchmark_runs(monkeypatch):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import bench_wal
    result = bench_wal.measure(wal_mb=0.05, repeats=1)
    assert result["frames"] >= 10 and result["ours"]["median_ms"] > 0 and result["parse"]["median_ms"] > 0
    assert len(bench_wal.rows(result)) == 2
