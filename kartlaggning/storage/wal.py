"""The vault's write-ahead log (``-wal``), checked before SQLite reads it.

SQLite treats the first WAL frame whose checksum fails, and every frame after it, as
never written, and says nothing; the next checkpoint deletes the WAL and the evidence
(one flipped bit lost 12 acknowledged saves). So ``Vault.open`` and ``verify_file``
parse the WAL first (format: https://www.sqlite.org/fileformat2.html#walformat).
SQLCipher writes encrypted pages and SQLite's checksums cover them as written, so no
key is needed here.

Damage, as opposed to a torn tail (a write cut short by a crash, which SQLite rightly
drops and which stays normal):

1. A file shorter than its 32-byte header: nothing SQLite would read. Intact.
2. A bad header (magic, version, page size or checksum) makes SQLite ignore the whole
   file. Damage if the file still holds the frames that header began: its first
   complete frame carries the header's salts, or verifies from the header's stored
   checksum (the flip hit a salt), or a valid ``-shm`` with those salts counts
   committed frames. Otherwise (no frames, a left-over file) intact.
3. A good header: frames are read as SQLite reads them (salts, page number,
   cumulative checksum); it keeps those up to the last commit frame among them.
   Damage if
   a. a complete frame with the header's salts follows the first one that fails:
      the writer went on past it, so it is not a write cut short (the frames of an
      older generation that a reused file keeps after the current ones carry other
      salts), or
   b. the ``-shm`` wal-index header (both copies equal, checksum right, same salts
      and page size) counts more committed frames (mxFrame) than verify. It is
      written after each commit's frames, so after a kill -9 it says what the
      writer acknowledged: this catches damage in the last commit and a cut file.
   Anything else after the good frames (nothing, a partial frame, older frames,
   garbage) is a torn tail: intact.

Not detectable: damage in the last committed frame when the ``-shm`` is gone as well
(deleted, or lost with the power); it looks exactly like a torn write.

A damaged WAL is copied aside byte for byte as ``<vault>-wal.damaged-<time>`` (the
``-shm`` likewise), before any connection exists; the live WAL keeps only the part
SQLite would have used, so the next open shows the vault as of the last change that
could be read, and warns for as long as the set-aside copy lies beside the vault.
"""
from __future__ import annotations

import array
import contextlib
import os
import struct
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..i18n import N_, _
from .errors import WalDamaged
from .files import PRIVATE_FILE, fsync_dir

MAGIC = 0x377F0682  # | 1: checksums in big-endian words
VERSION = 3007000
HEADER = 32
FRAME_HEADER = 24
INDEX_HEADER = 48  # one copy of the wal-index header at the start of the -shm
DAMAGED = ".damaged-"
_MASK = 0xFFFFFFFF


@dataclass(frozen=True)
class WalState:
    damaged: bool = False
    reason: str = ""  # technical, English, no personal data
    keep: int = 0  # bytes SQLite would use: header + frames up to the last good commit


INTACT = WalState()


@dataclass(frozen=True)
class _Index:
    mx_frame: int
    page_size: int
    salts: bytes


def wal_path(vault_path) -> Path:
    return Path(str(vault_path) + "-wal")


def shm_path(vault_path) -> Path:
    return Path(str(vault_path) + "-shm")


def _checksum(data, s0: int, s1: int, big_endian: bool) -> tuple[int, int]:
    """SQLite's WAL checksum over ``data`` (a multiple of 8 bytes), from (s0, s1)."""
    if big_endian == (sys.byteorder == "big"):
        words = memoryview(data).cast("I")
    else:
        words = array.array("I")
        words.frombytes(data)
        words.byteswap()
    for x, y in zip(words[0::2], words[1::2]):
        s0 = (s0 + x + s1) & _MASK
        s1 = (s1 + y + s0) & _MASK
    return s0, s1


def _frame_checksum(view, offset: int, page_size: int, seed: tuple[int, int], big_endian: bool):
    s = _checksum(view[offset:offset + 8], *seed, big_endian)
    start = offset + FRAME_HEADER
    return _checksum(view[start:start + page_size], *s, big_endian)


_LANE = 5  # bytes a frame gets in _frame_sums: a 32-bit word and room for two additions' carries
_CHUNK = 1024  # frames summed at once


def _frame_sums(data: bytes, count: int, page_size: int, big_endian: bool) -> list[tuple[int, int]]:
    """Each complete frame's checksum from the seed (0, 0), ~5x faster than frame by frame
    in Python: word i of every frame goes into one big integer, a lane per frame, so one
    addition advances all frames at once. The seed enters afterwards (``_seed_map``)."""
    frame = FRAME_HEADER + page_size
    order = (3, 2, 1, 0) if big_endian else (0, 1, 2, 3)  # the file's bytes into little-endian lanes
    sums: list[tuple[int, int]] = []
    for first in range(0, count, _CHUNK):
        n = min(_CHUNK, count - first)
        base, span = HEADER + first * frame, frame * (n - 1) + 1
        mask = int.from_bytes(b"\xff\xff\xff\xff\x00" * n, "little")
        lanes = bytearray(_LANE * n)

        def word(offset: int) -> int:
            for j, b in enumerate(order):
                lanes[j::_LANE] = data[offset + b:offset + b + span:frame]
            return int.from_bytes(lanes, "little")

        words = iter([base, base + 4] + list(range(base + FRAME_HEADER, base + frame, 4)))
        s0 = s1 = 0
        for x, y in zip(words, words):
            s0 = (s0 + word(x) + s1) & mask
            s1 = (s1 + word(y) + s0) & mask
        firsts = struct.iter_unpack("<IB", s0.to_bytes(_LANE * n, "little"))
        seconds = struct.iter_unpack("<IB", s1.to_bytes(_LANE * n, "little"))
        sums += [(a, b) for (a, _), (b, _) in zip(firsts, seconds)]
    return sums


def _seed_map(page_size: int) -> tuple[int, int, int, int]:
    """The checksum is affine in its seed: from seed s a frame ends at A·s + its own sum.
    A's columns are the checksums of a zero frame from the seeds (1, 0) and (0, 1)."""
    zeros = bytes(8 + page_size)
    (a00, a10), (a01, a11) = _checksum(zeros, 1, 0, False), _checksum(zeros, 0, 1, False)
    return a00, a01, a10, a11


def _valid_page_size(size: int) -> bool:
    return 512 <= size <= 65536 and size & (size - 1) == 0


def _read_index(head: bytes | None) -> _Index | None:
    """The wal-index header at the start of the -shm's bytes, if it is whole (native byte order)."""
    if head is None:
        return None
    if len(head) < 2 * INDEX_HEADER or head[:INDEX_HEADER] != head[INDEX_HEADER:2 * INDEX_HEADER]:
        return None
    version, _unused, _change, is_init, _big, size, mx_frame = struct.unpack_from("=3I2BHI", head)
    if version != VERSION or not is_init:
        return None
    if _checksum(head[:40], 0, 0, sys.byteorder == "big") != struct.unpack_from("=2I", head, 40):
        return None
    page_size = 65536 if size == 1 else size
    return _Index(mx_frame, page_size, bytes(head[32:40]))


def classify(data: bytes, index: _Index | None = None, page_size: int = 4096) -> WalState:
    """Damage or not, by the rules in the module docstring. ``page_size`` locates the
    frames when the header's own field cannot be trusted."""
    if len(data) < HEADER:
        return INTACT
    view = memoryview(data)
    magic, version, size = struct.unpack_from(">3I", data)
    salts = data[16:24]
    stored = struct.unpack_from(">2I", data, 24)
    header_ok = (magic | 1 == MAGIC | 1 and version == VERSION and _valid_page_size(size)
                 and _checksum(view[:24], 0, 0, bool(magic & 1)) == stored)
    ps = size if _valid_page_size(size) else page_size
    frame = FRAME_HEADER + ps
    complete = (len(data) - HEADER) // frame

    if not header_ok:
        if complete:
            first_salts = data[HEADER + 8:HEADER + 16]
            frame_sum = struct.unpack_from(">2I", data, HEADER + 16)
            if first_salts == salts or any(
                    _frame_checksum(view, HEADER, ps, stored, order) == frame_sum for order in (False, True)):
                return WalState(True, f"WAL header damaged; {complete} frames follow it")
        if index and index.mx_frame and index.salts in (salts, data[HEADER + 8:HEADER + 16]):
            return WalState(True, f"WAL header damaged; the wal-index counts {index.mx_frame} committed frames")
        return INTACT

    sums = _frame_sums(data, complete, ps, bool(magic & 1))
    a00, a01, a10, a11 = _seed_map(ps)
    (s0, s1), verified, committed = stored, 0, 0
    for i, (c0, c1) in enumerate(sums):
        offset = HEADER + i * frame
        pgno, commit_size = struct.unpack_from(">2I", data, offset)
        if pgno == 0 or data[offset + 8:offset + 16] != salts:
            break
        s0, s1 = (a00 * s0 + a01 * s1 + c0) & _MASK, (a10 * s0 + a11 * s1 + c1) & _MASK
        if (s0, s1) != struct.unpack_from(">2I", data, offset + 16):
            break
        verified = i + 1
        if commit_size:
            committed = i + 1
    keep = HEADER + committed * frame if committed else 0
    for j in range(verified + 1, complete):
        offset = HEADER + j * frame
        if data[offset + 8:offset + 16] == salts:
            return WalState(True, f"WAL frame {verified + 1} of {complete} fails its checksum; "
                                  f"frame {j + 1} of the same log follows", keep)
    if index and index.salts == salts and index.page_size == ps and index.mx_frame > committed:
        return WalState(True, f"the wal-index counts {index.mx_frame} committed WAL frames; "
                              f"{committed} verify", keep)
    return INTACT


def inspect(vault_path, page_size: int = 4096) -> tuple[WalState, bytes, bytes | None]:
    """The state of the vault's WAL, its bytes and the -shm's bytes as read.

    The -shm is read first: a live writer updates it only after writing the frames it
    counts, so a WAL read afterwards holds at least those."""
    shm = shm_path(vault_path)
    try:
        shm_bytes = shm.read_bytes()
    except OSError:
        shm_bytes = None
    try:
        data = wal_path(vault_path).read_bytes()
    except FileNotFoundError:
        return INTACT, b"", shm_bytes
    index = _read_index(shm_bytes)
    return classify(data, index, page_size), data, shm_bytes


def problems(vault_path) -> list[str]:
    """For ``verify``: the WAL's damage, read only (nothing is moved). Read twice
    before saying so: a writer in another process may be adding frames meanwhile."""
    state = inspect(vault_path)[0]
    if state.damaged:
        state = inspect(vault_path)[0]
    if not state.damaged:
        return []
    return [_("The change log beside the vault (its -wal file) is damaged: the changes saved last in it cannot "
              "be read ({reason}). Opening the vault keeps the damaged log aside and goes on without those "
              "changes.").format(reason=state.reason)]


def refuse_damaged(vault_path) -> None:
    """Raise ``WalDamaged`` (after setting the WAL aside) if the WAL is damaged. Call
    with the vault's lock held and before any connection to it is opened."""
    state, data, shm_bytes = inspect(vault_path)
    if not state.damaged:
        return
    aside = set_aside(vault_path, state, data, shm_bytes)
    raise WalDamaged(str(aside))


def set_aside(vault_path, state: WalState, data: bytes, shm_bytes: bytes | None) -> Path:
    """Copy the damaged WAL (and -shm) aside as read, then cut the live WAL to what
    SQLite would use and drop the -shm (SQLite rebuilds it). A crash midway leaves
    the damaged WAL in place or a copy too many, never less."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    wal, shm = wal_path(vault_path), shm_path(vault_path)
    aside = _write_new(wal, stamp, data)
    if shm_bytes is not None:
        _write_new(shm, stamp, shm_bytes)
    fsync_dir(wal.parent)
    if state.keep:
        with open(wal, "r+b") as f:
            f.truncate(state.keep)
            os.fsync(f.fileno())
    else:
        wal.unlink(missing_ok=True)
    shm.unlink(missing_ok=True)
    fsync_dir(wal.parent)
    return aside


def _write_new(path: Path, stamp: str, data: bytes) -> Path:
    for n in range(1, 1000):
        target = path.with_name(f"{path.name}{DAMAGED}{stamp}" + (f"-{n}" if n > 1 else ""))
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
        return target
    raise FileExistsError(path)


def set_aside_files(vault_path) -> list[Path]:
    """The damaged WALs set aside beside the vault, oldest first."""
    wal = wal_path(vault_path)
    try:
        return sorted(p for p in wal.parent.iterdir() if p.name.startswith(wal.name + DAMAGED))
    except OSError:
        return []


SET_ASIDE_NOTICE = N_(
    "The vault's change log was damaged when the vault was opened earlier, and the changes saved last "
    "before that could not be read. They are missing from the vault. The damaged log is kept as {file}. "
    "Check your latest entries, or restore your latest backup, and ask your IT support for help. "
    "This message is shown until IT has moved that file away.")


def set_aside_notice(vault_path) -> str:
    """The warning to show at every unlock while a damaged WAL lies beside the vault ("" if none)."""
    files = set_aside_files(vault_path)
    return _(SET_ASIDE_NOTICE).format(file=files[-1]) if files else ""
