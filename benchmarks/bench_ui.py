"""UI benchmarks: each figure beside a baseline measured in the same run,
interleaved, medians (offscreen Qt).

    cd /work/main && .venv/bin/python benchmarks/bench_ui.py [--quick] [--markdown] [--only start,unlock,typing]

Figures (see benchmarks/README.md):
  start   wall time from starting ``python`` until the unlock window is shown:
          a child imports ``kartlaggning.ui.app`` and calls ``run()`` exactly as
          the program does; the first ``QTimer.singleShot(0)`` after ``show()``
          (``MainWindow.start``) is replaced by "print the time, quit". Baseline: a
          bare PySide6 QMainWindow shown and quit the same way.
  unlock  the GUI path from "Unlock" to the first paint of the participant list
          with 1,000 participants (``Session.unlock_in_background``: ``Vault.open(check=False)``
          in a worker thread,
          the whole-file checks started in a thread, the list model filled and
          painted) vs a bare ``PRAGMA key`` + one query (bench_vault's baseline), and
          vs one derivation of the passphrase slot's scrypt KDF alone (``keys._kdf``
          at the key file's own N). Unlock to list should stay within KDF + 50 ms:
          the overhead is each unlock minus the KDF timed inside that same unlock.
  typing  the longest event-loop stall while ~2,000 characters are typed at a
          human pace (30-60 ms a key, driven by a timer) into the wizard's fakta
          field on a 1,000-participant vault with the real Autosaver writing about
          every second; a 5 ms heartbeat QTimer records the gaps. Baseline: the same
          typing into the same kind of wizard whose autosave never runs.

The data are made up (see common.py).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `common` and `kartlaggning` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import common  # noqa: E402
from common import PASSPHRASE, percentile, summary_ms  # noqa: E402

SIZES = {
    "full": {"participants": 1000, "samtal": 5, "start_runs": 15, "unlock_runs": 15, "typing_rounds": 11,
             "typing_chars": 2000},
    "quick": {"participants": 40, "samtal": 5, "start_runs": 3, "unlock_runs": 3, "typing_rounds": 3,
              "typing_chars": 150},
}
TARGETS = {"start_ratio": 1.3, "unlock_over_kdf_ms": 50.0, "stall_ms": 50.0}
HEARTBEAT_MS = 5
KEY_INTERVAL_MS = (30, 60)

# ---- start-up ------------------------------------------------------------------------

# Both children report the time of the window's first Paint event: an event filter,
# installed just before show(), notes the time and queues a zero timer that prints it
# and quits. (The app's own start(), queued on the same paint, may run before that
# timer; it is not counted: the window is on screen by then.)
# (A zero timer queued right after show() is not enough: offscreen, and on X11,
# it fires before the window is exposed and painted.)
PAINT_WATCH = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer

class FirstPaint(QObject):
    def __init__(self, report):
        super().__init__()
        self.report = report
        self.seen = False

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            painted_at = time.monotonic_ns()  # the window is being painted now
            QTimer.singleShot(0, lambda: self.report(painted_at))
        return False
"""

# The program's own start: ``run()`` from kartlaggning.ui.app, unchanged, with its
# own ``QTimer.singleShot(0, window.start)``. Only MainWindow.show is wrapped (to
# watch for the first paint) and MainWindow.start (to note whether it ran first).
APP_CHILD = PAINT_WATCH + r"""
from kartlaggning.ui import app as app_module
from kartlaggning.ui import main_window  # run() imports it too; wrapped before run() builds the window

started = []
original_show, original_start = main_window.MainWindow.show, main_window.MainWindow.start

def report(painted_at):
    from PySide6.QtWidgets import QApplication
    print(painted_at, int(bool(started) and started[0] < painted_at), flush=True)
    QApplication.instance().quit()

def show(self):
    self._bench_watch = FirstPaint(report)
    self.installEventFilter(self._bench_watch)
    original_show(self)

def start(self):
    started.append(time.monotonic_ns())
    original_start(self)

main_window.MainWindow.show = show
main_window.MainWindow.start = start
sys.exit(app_module.run(sys.argv[1]))
"""

# Diagnostic (not a target): the same, but MainWindow.start waits for the first
# paint, as app.py's comment intends ("after the first paint").
APP_START_AFTER_PAINT_CHILD = PAINT_WATCH + r"""
from kartlaggning.ui import app as app_module
from kartlaggning.ui import main_window

waiting = []
original_show, original_start = main_window.MainWindow.show, main_window.MainWindow.start

def report(painted_at):
    from PySide6.QtWidgets import QApplication
    print(painted_at, 0, flush=True)
    for window in waiting:
        original_start(window)
    QApplication.instance().quit()

def show(self):
    self._bench_watch = FirstPaint(report)
    self.installEventFilter(self._bench_watch)
    original_show(self)

def start(self):
    if self._bench_watch.seen:
        original_start(self)
    else:
        waiting.append(self)

main_window.MainWindow.show = show
main_window.MainWindow.start = start
sys.exit(app_module.run(sys.argv[1]))
"""

BARE_CHILD = PAINT_WATCH + r"""
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1000, 700)

def report(painted_at):
    print(painted_at, 0, flush=True)
    app.quit()

watch = FirstPaint(report)
window.installEventFilter(watch)
window.show()
sys.exit(app.exec())
"""


def _child(code: str, args: list[str], env: dict) -> tuple[int, int, int]:
    """(ns from spawning to the first paint, ns to exit, the child's flag)."""
    t0 = time.monotonic_ns()
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          cwd=common.ROOT, timeout=60)
    t_exit = time.monotonic_ns()
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"child failed ({done.returncode}): {done.stderr[-2000:]}")
    shown_ns, flag = (int(v) for v in done.stdout.split()[-2:])
    return shown_ns - t0, t_exit - t0, flag


def bench_start(work: Path, runs: int) -> dict:
    from kartlaggning.storage import Vault
    vault_path = work / "start" / "vault.kvault"
    Vault.create(vault_path, PASSPHRASE)[0].close()  # an existing vault: the unlock form is shown
    env = common.child_env(QT_QPA_PLATFORM="offscreen")
    arms = {"ours": APP_CHILD, "base": BARE_CHILD, "deferred": APP_START_AFTER_PAINT_CHILD}
    shown = {arm: [] for arm in arms}
    exited = {arm: [] for arm in arms}
    start_first = []
    order = list(arms)
    for i in range(runs + 2):  # two warm-up rounds (file cache) are dropped
        for arm in (order if i % 2 == 0 else order[::-1]):
            to_paint, to_exit, flag = _child(arms[arm], [str(vault_path)], env)
            if i >= 2:
                shown[arm].append(to_paint)
                exited[arm].append(to_exit)
                if arm == "ours":
                    start_first.append(flag)
    ours_s, base_s, deferred_s = (summary_ms(shown[a]) for a in ("ours", "base", "deferred"))
    return {"ours": ours_s, "baseline": base_s, "ratio_median": ours_s["median_ms"] / base_s["median_ms"],
            "start_after_first_paint": deferred_s,
            "ratio_start_after_first_paint": deferred_s["median_ms"] / base_s["median_ms"],
            "ours_to_exit": summary_ms(exited["ours"]), "baseline_to_exit": summary_ms(exited["base"]),
            "start_ran_before_first_paint": sum(start_first), "runs": len(start_first)}


# ---- unlock to the list (in this process) ----------------------------------------------------

def _app():
    from PySide6.QtWidgets import QApplication
    return QApplication.instance() or QApplication(["bench_ui"])


def _spin_until(predicate, timeout_s: float = 30.0) -> None:
    """Run the event loop until ``predicate()``: waiting for events as the app's own loop
    does (not a busy loop holding the GIL, which would slow the app's worker threads);
    a 2 ms timer wakes the wait so the predicate is checked often."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    end = time.monotonic() + timeout_s
    wake = QTimer()
    wake.start(2)
    try:
        while not predicate():
            if time.monotonic() > end:
                raise TimeoutError("waited too long")
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        wake.stop()


def bench_unlock(vault_path: Path, work: Path, runs: int) -> dict:
    import bench_vault
    from PySide6.QtCore import QEvent, QObject, QTimer

    from kartlaggning.config import AppConfig
    from kartlaggning.storage import Vault, keys
    from kartlaggning.ui.main_window import MainWindow
    from kartlaggning.ui.session import Session

    _app()
    keyed = bench_vault.passphrase_baseline_copy(vault_path, work)
    checks = []
    original_check = Vault.integrity_check_in_background

    def recorded_check(self):  # the session starts it; we time it and wait for it between rounds
        started = time.perf_counter_ns()
        check = original_check(self)
        checks.append((started, check))
        return check

    class FirstPaint(QObject):
        at: int | None = None

        def eventFilter(self, obj, event):  # noqa: N802 (Qt)
            if event.type() == QEvent.Type.Paint and self.at is None:
                self.at = time.perf_counter_ns()
            return False

    Vault.integrity_check_in_background = recorded_check
    window = MainWindow(Session(vault_path), AppConfig())
    window.resize(1280, 800)
    window.show()
    window.start()
    _spin_until(lambda: window.isVisible())
    paint = FirstPaint()
    ours, base, check_ms, rows = [], [], [], {}
    inside, overhead = [], []  # the KDF's own time within each unlock; the unlock minus it
    real_kdf = keys._kdf

    def timed_kdf(*args):
        t0 = time.perf_counter_ns()
        try:
            return real_kdf(*args)
        finally:
            inside.append(time.perf_counter_ns() - t0)
    keys._kdf = timed_kdf

    watched = []

    def gui_unlock():
        form = window.unlock_page.unlock_form
        form.passphrase.field.setText(PASSPHRASE)
        paint.at = None
        inside.clear()
        t0 = time.perf_counter_ns()
        form.submit()  # what the Unlock button does: the key is derived in a worker, then the list painted
        if not watched:  # the list page is built on the first unlock (a warm-up round, not counted)
            _spin_until(lambda: window.list_page is not None and window.list_page.isVisible())
            window.list_page.table.viewport().installEventFilter(paint)
            window.list_page.table.viewport().update()
            watched.append(True)
        _spin_until(lambda: paint.at is not None)
        elapsed = paint.at - t0
        rows["ours"] = window.list_page.model.rowCount()
        started, check = checks[-1]
        check.done.wait()  # before the next round, so the rounds do not overlap
        check_ms.append((time.perf_counter_ns() - started) / 1e6)
        _spin_until(lambda: not any(t.isActive() for t in window.session.findChildren(QTimer)))  # seen by the app
        assert window.session.is_unlocked and not check.problems
        window.lock()
        overhead.append(elapsed - sum(inside))
        return elapsed

    def bare():
        t0 = time.perf_counter_ns()
        conn, rows["baseline"] = bench_vault.bare_unlock(keyed)
        elapsed = time.perf_counter_ns() - t0
        conn.close()
        return elapsed

    kdf_samples, kdf_n = [], []

    def kdf():  # the passphrase slot's derivation alone, at the key file's own N (after the warm-up's re-wrap)
        n = keys.KeyFile.read(vault_path).passphrase_n
        kdf_n.append(n)
        t0 = time.perf_counter_ns()
        real_kdf(keys._secret_bytes(PASSPHRASE), os.urandom(keys.SALT_BYTES), n)
        return time.perf_counter_ns() - t0

    samples = {"ours": ours, "base": base, "kdf": kdf_samples}
    measure = {"ours": gui_unlock, "base": bare, "kdf": kdf}
    try:
        for i in range(runs + 1):  # the first round builds the list page and warms caches: dropped
            for arm in (("ours", "kdf", "base") if i % 2 == 0 else ("base", "kdf", "ours")):
                elapsed = measure[arm]()
                if i:
                    samples[arm].append(elapsed)
    finally:
        Vault.integrity_check_in_background = original_check
        keys._kdf = real_kdf
        window.close()
        window.deleteLater()
        common.remove_vault(keyed)
    assert rows["ours"] == rows["baseline"] > 0, rows
    ours_s, base_s, kdf_s = summary_ms(ours), summary_ms(base), summary_ms(kdf_samples)
    return {"ours": ours_s, "baseline": base_s, "kdf": kdf_s, "kdf_n": kdf_n[-1], "rows": rows["ours"],
            "ratio_median": ours_s["median_ms"] / base_s["median_ms"],
            "over_kdf": summary_ms(overhead[1:]),  # the first unlock (warm-up, the re-wrap) not counted
            "background_check_median_ms": percentile(check_ms[1:] or check_ms, 50)}


# ---- typing with autosave ----------------------------------------------------------------------

def _typing_text(n: int) -> str:
    text = ""
    rng = random.Random(11)
    while len(text) < n:
        text += rng.choice(common.PHRASES) + (" " if rng.random() < 0.8 else "\n")
    return text[:n]


def _send_key(widget, ch: str) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    if ch == "\n":
        QTest.keyClick(widget, Qt.Key.Key_Return)
    elif ch.isascii():
        QTest.keyClick(widget, ch)
    else:  # å, ä, ö: a key event with text, as an input method sends it
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def type_at_human_pace(editor, text: str, seed: int) -> list[float]:
    """Type ``text`` into ``editor`` one key every 30-60 ms (a timer, not a busy loop)
    while a 5 ms heartbeat timer runs; returns the gaps between heartbeats (ms)."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    rng = random.Random(seed)
    beats: list[int] = []
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter_ns()))
    keys = QTimer()
    keys.setSingleShot(True)
    keys.setTimerType(Qt.TimerType.PreciseTimer)
    loop = QEventLoop()
    chars = iter(text)

    def next_key():
        ch = next(chars, None)
        if ch is None:
            loop.quit()
            return
        _send_key(editor, ch)
        keys.start(rng.randint(*KEY_INTERVAL_MS))

    keys.timeout.connect(next_key)
    editor.setFocus()
    heartbeat.start()
    keys.start(rng.randint(*KEY_INTERVAL_MS))
    loop.exec()
    heartbeat.stop()
    return [(b - a) / 1e6 for a, b in zip(beats, beats[1:])]


def bench_typing(vault_path: Path, rounds: int, chars: int) -> dict:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from kartlaggning.storage import Vault
    from kartlaggning.ui.autosave import Autosaver
    from kartlaggning.ui.wizard import KartlaggningWizard

    _app()
    vault = Vault.open(vault_path, PASSPHRASE)
    windows = []
    try:
        people = vault.repo.search("")
        assert vault.repo.count() >= 2

        def wizard_window(pid: str, autosaver) -> tuple[QWidget, object]:
            host = QWidget()
            wizard = KartlaggningWizard(vault.repo, pid, autosaver, parent=host)
            QVBoxLayout(host).addWidget(wizard)
            host.resize(1280, 800)
            host.show()
            wizard.go_to_area("kroppsfunktioner")
            editor = wizard.individ_page.editors["kroppsfunktioner"].fakta.editor
            editor.moveCursor(editor.textCursor().MoveOperation.End)
            windows.append(host)
            return wizard, editor

        saving = Autosaver()  # the app's: ~0.8 s after a pause, at most ~1 s behind steady typing
        never = Autosaver(delay_ms=10**9, max_delay_ms=10**9)  # "autosave disconnected"
        wizard_on, editor_on = wizard_window(people[0].id, saving)
        wizard_off, editor_off = wizard_window(people[1].id, never)
        _spin_until(lambda: all(w.isVisible() for w in windows))
        saves = []
        saving.saved.connect(lambda: saves.append(1))
        text = _typing_text(chars)
        bounds = [round(i * len(text) / rounds) for i in range(rounds + 1)]
        chunks = [text[a:b] for a, b in zip(bounds, bounds[1:])]
        gaps = {"ours": [], "base": []}
        round_max = {"ours": [], "base": []}
        for i, chunk in enumerate(chunks):
            for arm in (("ours", "base") if i % 2 == 0 else ("base", "ours")):
                editor = editor_on if arm == "ours" else editor_off
                g = type_at_human_pace(editor, chunk, seed=i)
                gaps[arm] += g
                round_max[arm].append(max(g))
                saving.flush()  # between rounds, never inside the other arm's measurement
        typed = len("".join(chunks))
        saved_text = vault.repo.get_kartlaggning(wizard_on.kartlaggning.id).area("kroppsfunktioner").fakta
        assert saved_text.endswith("".join(chunks)[-20:]), "the typing did not reach the vault"
        wizard_on.shutdown()
        wizard_off.shutdown()  # writes the baseline's typing now, after the measurement (a work copy)
    finally:
        for w in windows:
            w.close()
            w.deleteLater()
        vault.close()

    def stats(values):
        return {"max_ms": max(values), "p99_ms": percentile(values, 99), "median_ms": percentile(values, 50),
                "n": len(values)}
    return {"ours": stats(gaps["ours"]), "baseline": stats(gaps["base"]), "chars_per_arm": typed,
            "rounds": rounds, "saves": len(saves),
            "round_max_median_ms": {"ours": percentile(round_max["ours"], 50),
                                    "baseline": percentile(round_max["base"], 50)}}


# ---- report ---------------------------------------------------------------------------------------

def _row(figure, ours, baseline, ratio, target, ok):
    return {"figure": figure, "ours": ours, "baseline": baseline, "ratio": ratio, "target": target,
            "result": "—" if ok is None else ("pass" if ok else "FAIL")}


def table_rows(results: dict) -> list[dict]:
    cfg = results["config"]
    ms = lambda v: f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"  # noqa: E731
    x = lambda v: f"{v:.2f}×"  # noqa: E731
    rows = []
    if "start" in results:
        s = results["start"]
        rows.append(_row("Start to the unlock window (offscreen), median", ms(s["ours"]["median_ms"]),
                         f"{ms(s['baseline']['median_ms'])} (bare QMainWindow)", x(s["ratio_median"]), "≤ 1.3×",
                         s["ratio_median"] <= TARGETS["start_ratio"]))
        if "start_after_first_paint" in s:
            rows.append(_row("— the same if MainWindow.start ran after the first paint (diagnostic), median",
                             ms(s["start_after_first_paint"]["median_ms"]), ms(s["baseline"]["median_ms"]),
                             x(s["ratio_start_after_first_paint"]), "", None))
    if "unlock" in results:
        u = results["unlock"]
        label = f"Unlock to the painted participant list, GUI path ({u['rows']:,} participants)"
        rows.append(_row(f"{label}, median", ms(u["ours"]["median_ms"]),
                         f"{ms(u['baseline']['median_ms'])} (PRAGMA key + 1 query)", x(u["ratio_median"]), "", None))
        if "kdf" in u:
            n = f"2^{u['kdf_n'].bit_length() - 1}"
            rows.append(_row(f"— the passphrase KDF alone (scrypt N={n}, r=8, p=1), median", ms(u["kdf"]["median_ms"]),
                             "", "", "", None))
            over = u["over_kdf"]
            rows.append(_row("— unlock to the painted list minus its own KDF, median", ms(over["median_ms"]), "", "",
                             "≤ 50 ms", over["median_ms"] <= TARGETS["unlock_over_kdf_ms"]))
            rows.append(_row("— the same, p95", ms(over["p95_ms"]), "", "", "", None))
    if "typing" in results:
        t = results["typing"]
        label = f"Longest event-loop stall typing {t['chars_per_arm']:,} characters, autosave on"
        rows.append(_row(f"{label} ({cfg['participants']:,} participants), max", ms(t["ours"]["max_ms"]),
                         f"{ms(t['baseline']['max_ms'])} (autosave off)", "", "< 50 ms",
                         t["ours"]["max_ms"] < TARGETS["stall_ms"]))
        rows.append(_row(f"{label}, p99 of the {HEARTBEAT_MS} ms heartbeat gaps", ms(t["ours"]["p99_ms"]),
                         f"{ms(t['baseline']['p99_ms'])} (autosave off)", "", "", None))
    return rows


COLUMNS, format_table, format_markdown = common.COLUMNS, common.format_table, common.format_markdown


def environment() -> dict:
    import platform

    import PySide6
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "pyside6": PySide6.__version__, "qpa": os.environ.get("QT_QPA_PLATFORM", ""),
            "data_source": common.record_source()}


# ---- main -------------------------------------------------------------------------------------------

BENCHES = ("start", "unlock", "typing")


def _private_dirs(tmp: Path) -> None:
    """Config and data (log, settings) of this process and its children in ``tmp``."""
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("APPDATA", "config"),
                     ("LOCALAPPDATA", "data")):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(tmp / sub)
    for var in ("KARTLAGGNING_VAULT", "KARTLAGGNING_PASSPHRASE", "QT_SCALE_FACTOR"):
        os.environ.pop(var, None)


def run(config: dict, out_dir: Path, only=BENCHES, log=print) -> dict:
    cache, work = out_dir / "cache", out_dir / "work-ui"
    cache.mkdir(parents=True, exist_ok=True)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    results: dict = {"config": dict(config), "environment": environment()}
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        _private_dirs(Path(tmp))
        if "start" in only:
            log(f"start: {config['start_runs']} interleaved starts each …")
            results["start"] = bench_start(work, config["start_runs"])
        if set(only) & {"unlock", "typing"}:
            t0 = time.perf_counter()
            pristine, source, built = common.main_vault(config["participants"], config["samtal"], cache)
            log(f"vault {pristine.name}: {'built' if built else 'cached'} in {time.perf_counter() - t0:.1f} s")
            results["environment"]["data_source"] = source
        if "unlock" in only:
            log(f"unlock: {config['unlock_runs']} interleaved unlocks each …")
            main = common.copy_vault(pristine, work / "unlock.kvault")
            results["unlock"] = bench_unlock(main, work, config["unlock_runs"])
        if "typing" in only:
            log(f"typing: {config['typing_chars']} characters per arm in {config['typing_rounds']} rounds "
                f"(~{config['typing_chars'] * 0.045 * 2:.0f} s) …")
            main = common.copy_vault(pristine, work / "typing.kvault")
            results["typing"] = bench_typing(main, config["typing_rounds"], config["typing_chars"])
    shutil.rmtree(work)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a fast check")
    parser.add_argument("--markdown", action="store_true", help="print the README table (Markdown)")
    parser.add_argument("--only", default=",".join(BENCHES), help="comma-separated subset of " + ",".join(BENCHES))
    parser.add_argument("--out", type=Path, default=common.OUT, help="cache, work files and ui.json")
    parser.add_argument("--from-json", action="store_true", help="print the table of the last run; measure nothing")
    args = parser.parse_args(argv)

    result_file = args.out / ("ui-quick.json" if args.quick else "ui.json")
    if args.from_json:
        results = json.loads(result_file.read_text("utf-8"))
    else:
        only = tuple(b.strip() for b in args.only.split(",") if b.strip())
        unknown = set(only) - set(BENCHES)
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
        t0 = time.perf_counter()
        results = run(dict(SIZES["quick" if args.quick else "full"]), args.out, only,
                      log=lambda m: print(m, file=sys.stderr, flush=True))
        results["seconds"] = time.perf_counter() - t0
        result_file.parent.mkdir(parents=True, exist_ok=True)
        result_file.write_text(json.dumps(results, indent=1, ensure_ascii=False), "utf-8")
        print(f"wrote {result_file} ({results['seconds']:.0f} s)", file=sys.stderr)
    rows = table_rows(results)
    print(format_markdown(rows) if args.markdown else format_table(rows))
    if "start" in results:
        s = results["start"]
        print(f"\nstart to exit (the whole child process), median: ours {s['ours_to_exit']['median_ms']:.0f} ms, "
              f"bare {s['baseline_to_exit']['median_ms']:.0f} ms; MainWindow.start (vault lock, storage import) "
              f"ran before the first paint in {s['start_ran_before_first_paint']} of {s['runs']} runs")
    if "unlock" in results:
        print(f"background integrity check after the GUI unlock, median: "
              f"{results['unlock']['background_check_median_ms']:.0f} ms (the list is already shown)")
    if "typing" in results:
        t = results["typing"]
        print(f"typing: {t['saves']} autosaves; median of the per-round longest stall: ours "
              f"{t['round_max_median_ms']['ours']:.1f} ms, baseline {t['round_max_median_ms']['baseline']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
