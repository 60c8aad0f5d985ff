"""The cyclic collector runs on the UI thread only (ui/main_thread_gc.py): a Qt object
left in a cycle is never destroyed by a worker thread that happens to allocate."""
from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject, QThread

from kartlaggning.ui import main_thread_gc


class Owner(QObject):
    destroyed_in: list[str] = []

    def __init__(self):
        super().__init__()
        self.me = self  # a cycle: only the cyclic collector frees it

    def __del__(self):
        Owner.destroyed_in.append(threading.current_thread().name)


def test_a_cycle_is_freed_by_the_ui_thread_timer_not_by_a_busy_worker(qapp, qtbot):
    was_enabled = gc.isenabled()
    gc.enable()  # as a program starts: automatic collection on
    thresholds = gc.get_threshold()
    try:
        gc.set_threshold(50, 5, 5)
        collector = main_thread_gc.install(qapp)
        assert main_thread_gc.install(qapp) is collector  # once per process
        assert not gc.isenabled()
        collector.thresholds = (10, 0, 0)  # every check reaches the oldest generation within two rounds
        Owner.destroyed_in.clear()
        owner = Owner()
        alive = weakref.ref(owner)
        del owner
        assert alive() is not None  # in a cycle: reference counting cannot free it

        def allocate():  # a printout being rendered: far past every threshold
            junk = [[object()] for _ in range(20_000)]
            del junk
        worker = threading.Thread(target=allocate, name="worker")
        worker.start()
        worker.join()
        assert alive() is not None and Owner.destroyed_in == []

        qtbot.waitUntil(lambda: alive() is None, timeout=6000)  # the timer's check, on this thread
        assert Owner.destroyed_in == [threading.current_thread().name]
        assert QThread.currentThread() is qapp.thread()
    finally:
        gc.set_threshold(*thresholds)
        collector = qapp.findChild(main_thread_gc.MainThreadCollector)
        if collector is not None:
            collector.thresholds = gc.get_threshold()
        if not was_enabled:
            gc.disable()


def test_the_program_installs_it_with_its_application(qapp):
    from kartlaggning.ui import app
    assert app._application() is qapp
    assert qapp.findChild(main_thread_gc.MainThreadCollector) is not None
    assert not gc.isenabled()
