"""Event-loop stalls during the slow actions: does the window keep painting?

    cd /work/main && .venv/bin/python benchmarks/bench_stalls.py [--quick] [--markdown]

A 5 ms heartbeat QTimer runs on the UI thread; each figure is the longest gap
between two beats while the action runs (offscreen Qt, medians of the rounds'
maxima and the worst round). Baseline: the same work done the way it was done
before it moved off the UI thread, in the same run, interleaved.

  unlock   the unlock form from "Unlock" to the unlocked session (key derivation,
           open, pragmas, migrations check) vs ``Session.unlock`` called directly.
  preview  "Skriv ut" on a long kartläggning until the whole PDF is in the
           preview; also the time until the first page is shown. Baseline: the
           whole PDF rendered on the UI thread.
  print    the PDF handed to a stand-in ``lp`` (reads stdin, takes 0.3 s) through
           ``QProcess`` vs ``subprocess.run``.
  backup   File → Back up's copy and verification in a worker vs ``Vault.backup``
           on the UI thread.

The data are made up (test personnummer, generated text).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import common  # noqa: E402
from common import PASSPHRASE, percentile  # noqa: E402

SIZES = {"full": {"rounds": 5, "areas_text": 640, "entries": 14, "backup_participants": 1000},
         "quick": {"rounds": 1, "areas_text": 40, "entries": 2, "backup_participants": 10}}
TARGETS = {"stall_ms": 100.0, "first_page_ms": 500.0}
HEARTBEAT_MS = 5


def _app():
    from PySide6.QtWidgets import QApplication
    return QApplication.instance() or QApplication(["bench_stalls"])


class Heartbeat:
    """Beats every 5 ms on the UI thread; ``longest_gap_ms`` of a stretch of time."""

    def __init__(self):
        from PySide6.QtCore import QTimer
        self.beats: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(lambda: self.beats.append(time.perf_counter()))

    def __enter__(self):
        self.beats = [time.perf_counter()]
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.stop()
        self.beats.append(time.perf_counter())
        return False

    def longest_gap_ms(self) -> float:
        return max((b - a for a, b in zip(self.beats, self.beats[1:])), default=0.0) * 1000


def spin_until(predicate, timeout_s: float = 60.0) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication
    end = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > end:
            raise TimeoutError("waited too long")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)


def spin_for(seconds: float) -> None:
    end = time.monotonic() + seconds
    spin_until(lambda: time.monotonic() >= end)


def long_kartlaggning_vault(path: Path, size: dict):
    """A vault with one participant whose kartläggning prints on 30-odd pages."""
    import random

    from kartlaggning.models.kartlaggning import GridEntry
    from kartlaggning.storage import Vault
    rng = random.Random(3)
    vault, _key = Vault.create(path, PASSPHRASE)
    p = common.make_participant(rng, common._unique_numbers(rng, 1)[0])
    vault.repo.save_participant(p)
    k = vault.repo.new_kartlaggning(p.id)
    words = ("arbete", "hälsa", "stöd", "familj", "boende", "språk", "skola", "ekonomi", "vardag", "nätverk")
    for area in k.areas.values():
        area.fakta = " ".join(rng.choice(words) for _ in range(size["areas_text"]))
        area.hinder = [GridEntry(" ".join(rng.choice(words) for _ in range(25))) for _ in range(size["entries"])]
        area.resurser = [GridEntry(" ".join(rng.choice(words) for _ in range(25))) for _ in range(size["entries"])]
    vault.repo.save_kartlaggning(k)
    return vault, p


def summary(values: list[float]) -> dict:
    return {"median_ms": percentile(values, 50), "max_ms": max(values), "rounds": len(values)}


# ---- the four actions ------------------------------------------------------------------------------

def bench_unlock(work: Path, rounds: int) -> dict:
    from kartlaggning.config import AppConfig
    from kartlaggning.storage import Vault
    from kartlaggning.ui.main_window import MainWindow
    from kartlaggning.ui.session import Session
    path = work / "unlock.kvault"
    vault, _key = Vault.create(path, PASSPHRASE)
    vault.close()
    window = MainWindow(Session(path), AppConfig())
    window.show()
    window.start()
    spin_until(window.isVisible)
    form = window.unlock_page.unlock_form
    ours, base = [], []
    try:
        for i in range(rounds + 1):
            for arm in (("ours", "base") if i % 2 == 0 else ("base", "ours")):
                with Heartbeat() as beat:
                    if arm == "ours":
                        form.passphrase.field.setText(PASSPHRASE)
                        form.submit()
                        spin_until(lambda: window.session.is_unlocked and not form.busy)
                    else:
                        spin_for(0.02)
                        window.session.unlock(passphrase=PASSPHRASE)  # the old way: on the UI thread
                        spin_for(0.02)
                spin_until(lambda: not any(t.isActive() for t in window.session.findChildren(type(beat.timer))))
                window.lock()
                if i:
                    (ours if arm == "ours" else base).append(beat.longest_gap_ms())
    finally:
        window.close()
        window.deleteLater()
    return {"ours": summary(ours), "baseline": summary(base)}


def bench_preview(vault, participant, rounds: int) -> dict:
    from PySide6.QtWidgets import QDialog

    from kartlaggning.ui.plans import printing
    content = printing.kartlaggning_content(vault.repo, participant.id)
    ours, base, first_ms, pages = [], [], [], []
    real_exec = printing.PdfPreviewDialog.exec

    def watch(dialog):  # the user looks at the preview until the whole document is there, then closes it
        spin_until(lambda: dialog.pages is not None)
        first_ms.append((time.perf_counter() - watch.started) * 1000)
        spin_until(lambda: dialog.complete)
        pages.append(dialog.pages.page_count())
        return QDialog.DialogCode.Rejected

    printing.PdfPreviewDialog.exec = watch
    try:
        for i in range(rounds + 1):
            for arm in (("ours", "base") if i % 2 == 0 else ("base", "ours")):
                with Heartbeat() as beat:
                    spin_for(0.02)
                    if arm == "ours":
                        watch.started = time.perf_counter()
                        printing.print_with_preview(None, vault.repo, content)
                    else:
                        printing.prepare(vault.repo, content).render()  # the old way
                    spin_for(0.02)
                if i:
                    (ours if arm == "ours" else base).append(beat.longest_gap_ms())
                elif arm == "ours":
                    first_ms.pop()
    finally:
        printing.PdfPreviewDialog.exec = real_exec
    return {"ours": summary(ours), "baseline": summary(base), "first_page": summary(first_ms),
            "pages": pages[-1]}


def bench_print(work: Path, rounds: int) -> dict:
    from kartlaggning.ui.plans import printing
    bin_dir = work / "bin"
    bin_dir.mkdir(exist_ok=True)
    lp = bin_dir / "lp"
    lp.write_text(f"#!{sys.executable}\nimport sys, time\nsys.stdin.buffer.read()\ntime.sleep(0.3)\n")
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    old_path = os.environ.get("PATH", "")
    os.environ["PATH"] = f"{bin_dir}{os.pathsep}{old_path}"
    pdf = b"%PDF-1.4 " + os.urandom(3_000_000)
    ours, base = [], []
    try:
        for i in range(rounds + 1):
            for arm in (("ours", "base") if i % 2 == 0 else ("base", "ours")):
                with Heartbeat() as beat:
                    spin_for(0.02)
                    if arm == "ours":
                        printing.send_to_cups(pdf, ["-t", "bench-v1"])
                    else:
                        subprocess.run([str(lp), "-t", "bench-v1"], input=pdf, check=True)  # the old way
                    spin_for(0.02)
                if i:
                    (ours if arm == "ours" else base).append(beat.longest_gap_ms())
    finally:
        os.environ["PATH"] = old_path
    return {"ours": summary(ours), "baseline": summary(base)}


def bench_backup(vault, work: Path, rounds: int) -> dict:
    from kartlaggning.ui import backup_action
    ours, base = [], []
    real_tell = backup_action.tell
    backup_action.tell = lambda *a, **k: None  # the outcome box: not part of the measured work
    try:
        for i in range(rounds + 1):
            for arm in (("ours", "base") if i % 2 == 0 else ("base", "ours")):
                target = work / f"backup-{arm}-{i}.kvault"
                with Heartbeat() as beat:
                    spin_for(0.02)
                    if arm == "ours":
                        done = []
                        backup_action.start_backup(None, vault, target, finished=done.append)
                        spin_until(lambda: bool(done))
                        assert done[0] is not None
                    else:
                        vault.backup(target)  # the old way
                    spin_for(0.02)
                if i:
                    (ours if arm == "ours" else base).append(beat.longest_gap_ms())
                for p in target.parent.glob(target.name + "*"):
                    p.unlink()
    finally:
        backup_action.tell = real_tell
    return {"ours": summary(ours), "baseline": summary(base)}


# ---- report ---------------------------------------------------------------------------------------------

LABELS = {"unlock": "unlocking (key derivation and open)",
          "preview": "opening the print preview of a {pages}-page kartläggning",
          "print": "handing a 3 MB PDF to lp (0.3 s)",
          "backup": "backing up and verifying a vault of {participants:,} participants"}
OLD_WAY = {"unlock": "on the UI thread", "preview": "rendered on the UI thread", "print": "subprocess.run",
           "backup": "on the UI thread"}


def table_rows(results: dict) -> list[dict]:
    ms = lambda v: f"{v:.0f} ms"  # noqa: E731
    rows = []
    for key in ("unlock", "preview", "print", "backup"):
        if key not in results:
            continue
        r = results[key]
        label = LABELS[key].format(pages=r.get("pages", "?"), participants=r.get("participants", 0))
        ok = r["ours"]["max_ms"] < TARGETS["stall_ms"]
        rows.append({"figure": f"Longest event-loop stall {label}, worst round", "ours": ms(r["ours"]["max_ms"]),
                     "baseline": f"{ms(r['baseline']['max_ms'])} ({OLD_WAY[key]})", "target": "< 100 ms",
                     "result": "pass" if ok else "FAIL"})
        if key == "preview":
            first = r["first_page"]
            rows.append({"figure": "First preview page shown after \"Skriv ut\", worst round",
                         "ours": ms(first["max_ms"]), "baseline": "", "target": "≤ 500 ms",
                         "result": "pass" if first["max_ms"] <= TARGETS["first_page_ms"] else "FAIL"})
    return rows


COLUMNS = (("figure", "Figure"), ("ours", "Ours"), ("baseline", "Baseline"), ("target", "Target"),
           ("result", "Result"))


def format_markdown(rows: list[dict]) -> str:
    return common.format_markdown(rows, COLUMNS)


def format_table(rows: list[dict]) -> str:
    return common.format_table(rows, COLUMNS)


BENCHES = ("unlock", "preview", "print", "backup")


def run(size: dict, out_dir: Path, only=BENCHES, log=print) -> dict:
    import bench_ui
    _app()
    results: dict = {"config": dict(size)}
    with tempfile.TemporaryDirectory(prefix="bench-stalls-") as tmp:
        work = Path(tmp)
        bench_ui._private_dirs(work)
        vault = participant = None
        if set(only) & {"preview", "backup"}:
            vault, participant = long_kartlaggning_vault(work / "long.kvault", size)
        if "unlock" in only:
            log("unlock …")
            results["unlock"] = bench_unlock(work, size["rounds"])
        if "preview" in only:
            log("preview …")
            results["preview"] = bench_preview(vault, participant, size["rounds"])
        if "print" in only:
            log("print …")
            results["print"] = bench_print(work, size["rounds"])
        if "backup" in only:
            from kartlaggning.storage import Vault
            pristine, _source, _built = common.main_vault(size["backup_participants"], 5, out_dir / "cache")
            big = Vault.open(common.copy_vault(pristine, work / "big.kvault"), PASSPHRASE)
            log(f"backup ({size['backup_participants']:,} participants) …")
            try:
                results["backup"] = bench_backup(big, work, size["rounds"])
            finally:
                big.close()
            results["backup"]["participants"] = size["backup_participants"]
        if vault is not None:
            vault.close()
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--only", default=",".join(BENCHES))
    parser.add_argument("--out", type=Path, default=common.OUT)
    args = parser.parse_args(argv)
    only = tuple(b.strip() for b in args.only.split(",") if b.strip())
    t0 = time.perf_counter()
    results = run(SIZES["quick" if args.quick else "full"], args.out, only,
                  log=lambda m: print(m, file=sys.stderr, flush=True))
    results["seconds"] = time.perf_counter() - t0
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / ("stalls-quick.json" if args.quick else "stalls.json")
    out.write_text(json.dumps(results, indent=1), "utf-8")
    rows = table_rows(results)
    print(format_markdown(rows) if args.markdown else format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
