"""Slow work off the UI thread (in the spirit of Anki's ``aqt/operations``).

``run_task(work, on_done, on_failed)`` runs ``work(task)`` in a worker thread and
calls back on the UI thread with its result or its exception. ``work`` may call
``task.report(value)`` to hand partial results to ``on_progress`` (the first
preview page), and should look at ``task.cancelled`` between steps.

* A busy cursor appears when a task runs longer than ``BUSY_AFTER_MS``.
* ``cancel_all()`` (the lock) drops every pending callback: nothing a task
  returns reaches a page that is gone or a vault that is closed.
  ``wait_all()`` (quit) waits for the tasks that use the vault before it is closed.
* A task that uses the vault holds a lock back while it runs, but at most
  ``LOCK_WAIT_S``: then the window calls ``abandon_holds()``, which gives such a
  task up (``Task.abandon``; its ``on_abandoned`` says so on the UI thread, its
  ``after_abandoned`` tidies up in the worker whenever the work returns) and the
  lock goes ahead. See "holding the lock back" below.
* Results cross threads as posted events, never as direct calls, so callbacks
  always run on the UI thread whatever the callable is.
"""
from __future__ import annotations

import contextlib
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from .. import log

BUSY_AFTER_MS = 300
# The longest a lock (or quit) waits for a vault task before giving it up (tests shrink it).
LOCK_WAIT_S = 30.0

_EVENT_TYPE = QEvent.Type(QEvent.registerEventType())


class _Delivery(QEvent):
    def __init__(self, callback: Callable[[], None]):
        super().__init__(_EVENT_TYPE)
        self.callback = callback


class Task(QObject):
    """One piece of work in one worker thread."""

    def __init__(self, name: str, work: Callable[["Task"], Any], on_done, on_failed, on_progress,
                 uses_vault: bool, on_dropped=None, on_abandoned=None, after_abandoned=None):
        super().__init__(QCoreApplication.instance())
        self.name = name
        self.uses_vault = uses_vault
        self._work = work
        self._on_done = on_done
        self._on_failed = on_failed
        self._on_progress = on_progress
        self._on_dropped = on_dropped
        self._on_abandoned = on_abandoned
        self._after_abandoned = after_abandoned
        self._hold = holding_lock() if uses_vault else contextlib.nullcontext()
        self._hold.__enter__()
        self._holding = uses_vault
        self._cancelled = threading.Event()
        self._finished = threading.Event()
        self._state = threading.Lock()  # "finished" and "abandoned" are decided one at a time
        self._abandoned = False
        self._busy = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=f"task-{name}", daemon=True)

    # ---- worker side ----------------------------------------------------------------

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def abandoned(self) -> bool:
        """The lock stopped waiting for this task (``abandon``): nobody uses its result."""
        return self._abandoned

    def report(self, value: Any) -> None:
        """Hand a partial result to ``on_progress`` (on the UI thread)."""
        if self._on_progress is not None and not self.cancelled:
            self._post(lambda: self._on_progress(value))

    def _run(self) -> None:
        try:
            self.result = self._work(self)
        except BaseException as exc:  # noqa: BLE001 (delivered to on_failed)
            self.error = exc
            log.event("task.failed", task=self.name, error=type(exc).__name__)
        finally:
            with self._state:
                abandoned = self._abandoned
                if not abandoned:
                    self._finished.set()  # from here on abandon() leaves it alone
            if abandoned:
                if self._after_abandoned is not None:
                    try:  # e.g. remove what an abandoned backup wrote: the user was told there is none
                        self._after_abandoned(self.result, self.error)
                    except Exception as exc:  # noqa: BLE001 (a worker thread: nobody else to tell)
                        log.event("task.cleanup_failed", task=self.name, error=type(exc).__name__)
                self._finished.set()  # finished: tidied up too
            self._post(self._deliver)

    def _post(self, callback: Callable[[], None]) -> None:
        try:
            QCoreApplication.postEvent(self, _Delivery(callback))
        except RuntimeError:  # the application is gone: nobody to tell
            pass

    # ---- UI side ------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == _EVENT_TYPE:
            if not self.cancelled or event.callback == self._deliver:
                event.callback()
            return True
        return super().event(event)

    def _deliver(self) -> None:
        self._set_busy(False)
        _RUNNING.discard(self)
        self._release_hold()
        if not self.cancelled:
            if self.error is None:
                if self._on_done is not None:
                    self._on_done(self.result)
            elif self._on_failed is not None:
                self._on_failed(self.error)
        elif self.error is None and self._on_dropped is not None:
            self._on_dropped(self.result)  # e.g. close a vault nobody will use
        self.deleteLater()

    def _set_busy(self, busy: bool) -> None:
        if busy == self._busy or QApplication.instance() is None:
            return
        self._busy = busy
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()

    def _busy_if_running(self) -> None:
        if not self._finished.is_set() and not self.cancelled:
            self._set_busy(True)

    def cancel(self) -> None:
        """Drop the callbacks; the work sees ``cancelled`` and may stop early."""
        self._cancelled.set()
        self._set_busy(False)

    def _release_hold(self) -> None:
        if self._holding:
            self._holding = False
            self._hold.__exit__(None, None, None)

    @property
    def holds_lock(self) -> bool:
        return self._holding

    def abandon(self) -> bool:
        """(UI thread.) Stop waiting for this task: its callbacks are dropped, it no longer
        holds the lock back nor keeps quit waiting, and ``on_abandoned`` runs now. The
        thread cannot be killed; when its work returns, ``after_abandoned(result, error)``
        runs there. False (nothing done) if the work has returned already: its result is
        on the way and releases the lock the moment it is delivered."""
        with self._state:
            if self._finished.is_set() or self._abandoned:
                return False
            self._abandoned = True
        log.event("task.abandoned", task=self.name)
        self.cancel()
        self.uses_vault = False
        self._release_hold()
        if self._on_abandoned is not None:
            self._on_abandoned()
        return True

    def wait(self, timeout_s: float) -> bool:
        """Block until the work has returned (True) or ``timeout_s`` passed."""
        return self._finished.wait(timeout_s)

    @property
    def finished(self) -> bool:
        return self._finished.is_set()


_RUNNING: set[Task] = set()


def run_task(work: Callable[[Task], Any], on_done: Callable[[Any], None] | None = None,
             on_failed: Callable[[BaseException], None] | None = None, *,
             on_progress: Callable[[Any], None] | None = None, name: str = "task",
             uses_vault: bool = False, busy_cursor: bool = True,
             on_dropped: Callable[[Any], None] | None = None,
             on_abandoned: Callable[[], None] | None = None,
             after_abandoned: Callable[[Any, BaseException | None], None] | None = None) -> Task:
    """Start ``work(task)`` in a worker thread; see the module docstring.
    ``on_dropped`` gets the result of a cancelled task (to release what it holds);
    ``on_abandoned`` / ``after_abandoned``: see ``Task.abandon``."""
    task = Task(name, work, on_done, on_failed, on_progress, uses_vault, on_dropped, on_abandoned,
                after_abandoned)
    _RUNNING.add(task)
    if busy_cursor:
        QTimer.singleShot(BUSY_AFTER_MS, task, task._busy_if_running)
    task._thread.start()
    return task


def running() -> list[Task]:
    """Tasks whose work has not returned yet."""
    return [t for t in _RUNNING if not t.finished]


def cancel_all() -> None:
    """Every running task's callbacks are dropped (lock, quit)."""
    for task in list(_RUNNING):
        task.cancel()  # stays listed until its work returns, so wait_all still sees it


def wait_all(timeout_s: float = 30.0, vault_only: bool = True) -> bool:
    """Wait for running tasks (only those using the vault unless ``vault_only`` is
    False) to return; True when all did within ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    ok = True
    for task in list(_RUNNING):
        if vault_only and not task.uses_vault:
            continue
        ok = task.wait(max(0.0, deadline - time.monotonic())) and ok
    return ok


def wait_for(task: Task, timeout_s: float = 60.0) -> Any:
    """Wait for ``task`` with the window painting but taking no input (no second
    Ctrl+P, no delete meanwhile); returns its result or raises its error."""
    from PySide6.QtCore import QEventLoop
    deadline = time.monotonic() + timeout_s
    while task in _RUNNING and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 5)
        time.sleep(0.002)
    if task.error is not None:
        raise task.error
    return task.result


# ---- holding the lock back -----------------------------------------------------------------
# While a print job is handed to the printer or a task uses the vault, locking
# (Ctrl+L, idle, screen lock) and closing wait: the lock runs the moment the work
# is done, so a print is always recorded and the vault never closes under a task.
# The wait is bounded: the window hides everything personal at once and, after
# LOCK_WAIT_S, calls abandon_holds(). A vault task (a backup to a stalled network
# share) is given up then; a print hand-off on the UI thread is not (it has bounds
# of its own: lp's two minutes, the PDF render's wait) and the lock follows it.

_holds = 0
_deferred: list[Callable[[], None]] = []


@contextlib.contextmanager
def holding_lock():
    """Within this block, ``defer_if_held`` postpones the lock until the block ends."""
    global _holds
    _holds += 1
    try:
        yield
    finally:
        _holds -= 1
        if _holds == 0 and _deferred:
            waiting = list(_deferred)
            _deferred.clear()
            for callback in waiting:  # after the current event, not inside the caller's cleanup
                QTimer.singleShot(0, callback)


def lock_held() -> bool:
    return _holds > 0


def abandonable() -> list[Task]:
    """The vault tasks holding the lock back whose work is still running."""
    return [t for t in _RUNNING if t.holds_lock and not t.finished]


def abandon_holds() -> list[Task]:
    """Give up every vault task that holds the lock back (``Task.abandon``); returns
    those given up. When nothing else holds it, the deferred lock runs next."""
    return [t for t in abandonable() if t.abandon()]


def defer_if_held(callback: Callable[[], None]) -> bool:
    """If the lock is held back, run ``callback`` once it is free and return True."""
    if _holds == 0:
        return False
    if callback not in _deferred:
        _deferred.append(callback)
    return True
