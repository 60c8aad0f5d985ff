"""Shared fixtures: offscreen Qt, private config/data dirs per test, a fresh vault."""
from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date  # noqa: E402

import pytest  # noqa: E402

from kartlaggning import i18n  # noqa: E402
from kartlaggning.models import Participant  # noqa: E402
from kartlaggning.models.personnummer import make_test_number  # noqa: E402

PASSPHRASE = "testlösenord 123"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    """Config, data and temp dirs of every test point into tmp_path."""
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("HOME", "home")):
        (tmp_path / sub).mkdir()
        monkeypatch.setenv(var, str(tmp_path / sub))
    # This machine's own IT defaults (/etc/xdg/kartlaggning/defaults.json) must not steer a test.
    (tmp_path / "xdg-config-dirs").mkdir()
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "xdg-config-dirs"))
    monkeypatch.delenv("KARTLAGGNING_DEFAULTS", raising=False)
    monkeypatch.delenv("KARTLAGGNING_VAULT", raising=False)
    monkeypatch.delenv("KARTLAGGNING_PASSPHRASE", raising=False)
    monkeypatch.delenv("KARTLAGGNING_RECOVERY_KEY", raising=False)
    i18n.set_language("sv")
    _forget_preferences()  # each test reads its own settings files
    yield
    _settle_background_work()
    i18n.set_language("sv")
    _forget_preferences()


# As in the program (ui/main_thread_gc.py): the cyclic collector never runs in a worker
# thread, where it would destroy earlier tests' Qt objects; each test's garbage is
# collected on this (the UI) thread when it ends.
gc.disable()


def _settle_background_work() -> None:
    """No worker of this test runs on into the next: a task's callbacks or its hold on
    the lock would otherwise fire inside another test's event loop, at widgets and
    vaults that are gone."""
    import sys
    import threading
    tasks = sys.modules.get("kartlaggning.ui.tasks")
    if tasks is not None and tasks._RUNNING:
        from PySide6.QtCore import QCoreApplication
        tasks.cancel_all()
        tasks.wait_all(30.0, vault_only=False)
        if QCoreApplication.instance() is not None:
            for task in list(tasks._RUNNING):
                QCoreApplication.sendPostedEvents(task)  # its delivery: drops callbacks, releases the hold
        tasks._RUNNING.clear()
    if tasks is not None:
        tasks._deferred.clear()
        tasks._holds = 0
    vault = sys.modules.get("kartlaggning.storage.vault")
    if vault is not None:
        for thread in threading.enumerate():
            if isinstance(thread, vault.IntegrityCheck):
                thread.join(30.0)
    gc.collect()


def _forget_preferences() -> None:
    import sys
    module = sys.modules.get("kartlaggning.ui.preferences")
    if module is not None:
        module._shared = None


# The passphrase slot's scrypt N in this process: 2^12 instead of the program's 2^17
# (~0.5 s a derivation, and the suite makes hundreds of vaults). Only the module global is
# patched, per test; the program has no switch for it. Child processes (the CLI run as a
# command) use the real value. Tests about the KDF itself ask for ``real_kdf``.
FAST_PASSPHRASE_N = 2**12


@pytest.fixture(autouse=True)
def fast_kdf(request, monkeypatch):
    if "real_kdf" not in request.fixturenames:
        from kartlaggning.storage import keys
        monkeypatch.setattr(keys, "PASSPHRASE_N", FAST_PASSPHRASE_N)


@pytest.fixture
def real_kdf() -> int:
    """The program's own passphrase KDF strength for this test (keys.PASSPHRASE_N unpatched)."""
    from kartlaggning.storage import keys
    return keys.PASSPHRASE_N


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def vault_path(tmp_path):
    return tmp_path / "vaults" / "test.kvault"


@pytest.fixture
def vault(vault_path):
    """A fresh, open vault; closed after the test."""
    from kartlaggning.storage import Vault
    v, recovery = Vault.create(vault_path, PASSPHRASE)
    v.recovery_key_for_tests = recovery
    yield v
    if v.is_open:
        v.close()


def finish_unlock(form, timeout_s: float = 15.0) -> None:
    """Let the event loop run until the unlock form's attempt (in a worker thread)
    has come back, as the user waits for it."""
    import time

    from PySide6.QtWidgets import QApplication
    deadline = time.monotonic() + timeout_s
    while form.busy and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    assert not form.busy, "the unlock did not finish"


def make_pnr(n: int = 1, year: int = 1985) -> str:
    """Made-up test personnummer with a valid check digit (serial 98x)."""
    return make_test_number(date(year, 1 + n % 12, 1 + n % 28), 980 + n % 20)


@pytest.fixture
def participant() -> Participant:
    return Participant(namn="Testa Testsson", personnummer=make_pnr(1), adress="Provgatan 1, 123 45 Exempelby",
                       mobil="070-000 00 00", epost="testa@example.invalid")


# ---- packaging checks: slow, run in CI -------------------------------------------------

def full_checks_wanted() -> bool:
    """Packaging tests (wheel, sdist, bundle, dependency ranges) install and build for
    minutes: CI runs them (CI=true), a developer asks with KARTLAGGNING_FULL_TESTS=1."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes") or os.environ.get("KARTLAGGNING_FULL_TESTS") == "1"


def pytest_collection_modifyitems(config, items):
    if full_checks_wanted():
        return
    skip = pytest.mark.skip(reason="packaging check: runs in CI, or with KARTLAGGNING_FULL_TESTS=1")
    for item in items:
        if "packaging" in item.keywords:
            item.add_marker(skip)
