"""The vault: one SQLCipher 4 file per handläggare, opened only here.

Open order: data key from the key file -> PRAGMA key (raw key) -> a validating
read -> pinned cipher settings checked -> journal/sync/temp/secure-delete pragmas
-> integrity checks -> migrations (after a verified backup).
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import anchor as anchors
from . import driver, schema
from .audit import AuditLog
from .errors import (BackupFailed, KeyFileMismatch, NewerVault, VaultDamaged, VaultError, VaultExists, VaultIsFolder,
                     VaultNotFound, WrongPassphrase, WrongRecoveryKey)
from .faults import os_faults, raisable
from .files import FileLock, ensure_private_dir, fsync_dir, make_private, refuse_hard_links
from .keymem import apply_key, scrub, wipe
from .keymem import copy as key_copy
from .keys import KeyFile, database_salt, keys_path, new_data_key, new_recovery_key
from .wal import problems as wal_problems, refuse_damaged

BUSY_TIMEOUT_MS = 5000
SIDE_FILES = ("-wal", "-shm", "-journal")

# Read back in tests; the order matters (see engineering notes).
CONNECTION_PRAGMAS = (
    ("journal_mode", "WAL"),
    ("synchronous", "FULL"),
    ("temp_store", "MEMORY"),
    ("secure_delete", "ON"),
    ("foreign_keys", "ON"),
    ("trusted_schema", "OFF"),
    ("busy_timeout", str(BUSY_TIMEOUT_MS)),
)


def _keyed_connection(path: Path, data_key):
    conn = driver.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    apply_key(conn, data_key)
    conn.execute("PRAGMA cipher_compatibility = 4")
    return conn


def _validating_read(conn) -> None:
    """A wrong key or a damaged first page fails here, not on PRAGMA key."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.DatabaseError as exc:
        conn.close()
        if isinstance(exc, VaultError) and not isinstance(exc, VaultDamaged):
            raise  # a disk fault (full, read-only, I/O error), not damage
        raise VaultDamaged(type(exc).__name__) from None


def _apply_pragmas(conn) -> None:
    for name, value in CONNECTION_PRAGMAS:
        conn.execute(f"PRAGMA {name} = {value}").fetchall()


def integrity_problems(conn) -> list[str]:
    """Empty when ``quick_check`` and ``cipher_integrity_check`` both pass."""
    problems: list[str] = []
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        problems += [r[0] for r in rows if r[0] != "ok"]
        problems += [r[0] for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except driver.DatabaseError as exc:
        problems.append(f"{type(exc).__name__}: {exc}")
    return problems


def _raise_if_damaged(conn) -> None:
    problems = integrity_problems(conn)
    if problems:
        conn.close()
        raise VaultDamaged("; ".join(problems[:3]))


class IntegrityCheck(threading.Thread):
    """Result in ``problems`` (empty = intact) once ``done`` is set."""

    def __init__(self, path: Path, data_key):
        super().__init__(name="vault-integrity-check", daemon=True)
        self._path = path
        self._data_key = key_copy(data_key)  # its own: the vault may be locked meanwhile
        self.done = threading.Event()
        self.problems: list[str] = []

    def run(self) -> None:
        try:
            conn = _reading_connection(self._path, self._data_key)
            try:
                self.problems = integrity_problems(conn)
            finally:
                conn.close()
        except driver.DatabaseError as exc:
            self.problems = [type(exc).__name__]
        finally:
            wipe(self._data_key)
            self.done.set()


def _reading_connection(path: Path, data_key):
    """A second, read-only connection to the vault (WAL readers don't block the writer):
    for the background checks and for backups, which may run in a worker thread."""
    conn = driver.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                          isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    apply_key(conn, data_key)
    conn.execute("PRAGMA cipher_compatibility = 4")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


PAGE_SIZE = 4096  # pinned: cipher_page_size is checked on every open
_HMAC_BYTES = 64  # SQLCipher 4: HMAC-SHA512 at the end of each page, after the 16-byte IV


def _written_with(path: Path, data_key, salt: bytes) -> bool:
    """True when page 1 or 2 of the database carries a valid SQLCipher 4 page HMAC for this
    data key and ``salt``: the file is ours even if its first bytes (the salt) are not.
    Raw key: HMAC key = PBKDF2-HMAC-SHA512(key, salt ^ 0x3a, 2 iterations, 32 bytes); the
    HMAC covers the page's ciphertext and IV, then the page number (4 bytes, little-endian)."""
    try:
        with open(path, "rb") as f:
            pages = f.read(2 * PAGE_SIZE)
    except OSError:
        return False
    hmac_key = hashlib.pbkdf2_hmac("sha512", data_key, bytes(b ^ 0x3A for b in salt), 2, 32)
    try:
        for number in (1, 2):
            page = pages[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
            if len(page) < PAGE_SIZE:
                break
            body, stored = page[16 if number == 1 else 0:PAGE_SIZE - _HMAC_BYTES], page[PAGE_SIZE - _HMAC_BYTES:]
            mac = hmac.new(hmac_key, body + number.to_bytes(4, "little"), hashlib.sha512).digest()
            if hmac.compare_digest(mac, stored):
                return True
        return False
    finally:
        scrub(hmac_key)


def _data_key(path: Path, keyfile: KeyFile, passphrase: str | None, recovery_key: str | None) -> bytearray:
    """The data key from the key file (the caller wipes it), which must be this database's. A key file recorded
    for another database raises KeyFileMismatch, also when the secret does not fit it
    (the likelier story than a mistyped passphrase); a database whose salt is damaged but
    whose pages are ours raises VaultDamaged."""
    fits = keyfile.fits(path)
    try:
        data_key = keyfile.recover(recovery_key) if recovery_key is not None else keyfile.unlock(passphrase)
    except (WrongPassphrase, WrongRecoveryKey):
        if fits:
            raise
        raise KeyFileMismatch(keys_path(path).name) from None
    if not fits:
        ours = _written_with(path, data_key, keyfile.database_salt)
        wipe(data_key)
        if ours:
            raise VaultDamaged("file header")
        raise KeyFileMismatch(keys_path(path).name)
    return data_key


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass
class BackupInfo:
    path: Path
    size: int
    sha256: str
    audit_seq: int = 0  # the copy's audit head (printed in the report; docs/audit-log.md)
    audit_head: str = ""

    @property
    def audit_fingerprint(self) -> str:
        return anchors.fingerprint(self.audit_head) if self.audit_head else ""


class Vault:
    """An open, unlocked vault. Use ``Vault.create`` or ``Vault.open``."""

    def __init__(self, path: Path, conn, data_key: bytearray, keyfile: KeyFile, lock: FileLock):
        self.path = path
        self.conn = conn
        self._data_key = data_key
        self._keyfile = keyfile
        self._lock = lock
        self.audit = AuditLog(conn, transaction=self.transaction, on_append=self._audit_appended)
        self._anchor: anchors.Anchorer | None = None  # from schema 6 (storage/anchor.py)
        self._accepted: str | None = None  # a restore the user accepted, audited with the unlock
        self.restore_accepted = False
        self._check: IntegrityCheck | None = None  # the open-time checks of a fast open
        self._after_check: tuple[str, bool] | None = None
        self._gate = threading.Lock()
        from .repository import Repository
        self.repo = Repository(self)

    # ---- create / open / close -------------------------------------------------

    @classmethod
    def create(cls, path, passphrase: str, lock: FileLock | None = None) -> tuple["Vault", str]:
        """A new vault and its recovery key (show it once)."""
        path = Path(path)
        if path.is_dir():
            raise VaultIsFolder(path.name)
        if path.exists():
            raise VaultExists(path.name)
        ensure_private_dir(path.parent)
        for orphan in (keys_path(path), anchors.anchor_path(path)):
            if orphan.exists():  # its database is gone or was moved: keep the file aside, never delete it
                orphan.rename(orphan.with_name(f"{orphan.name}.orphan-{datetime.now():%Y%m%d-%H%M%S}"))
        data_key = new_data_key()
        recovery = new_recovery_key()
        keyfile = KeyFile.create(data_key, passphrase, recovery)
        lock = lock or FileLock(path)
        lock.acquire()
        try:
            # Keys first: a create interrupted after this leaves a key file without a
            # database, which the next create sets aside.
            keyfile.write(path)
            old_umask = os.umask(0o077)
            try:
                conn = _keyed_connection(path, data_key)
                _apply_pragmas(conn)
                schema.apply(conn, 0)
            finally:
                os.umask(old_umask)
            for suffix in ("",) + SIDE_FILES:
                make_private(Path(str(path) + suffix))
            keyfile = keyfile.for_database(database_salt(path))  # now that the database has its salt
            keyfile.write(path)
            fsync_dir(path.parent)
        except BaseException:
            wipe(data_key)
            lock.release()
            raise
        vault = cls(path, conn, data_key, keyfile, lock)
        vault._start_anchoring()
        vault.audit.append("vault.created")
        return vault, recovery

    @classmethod
    def open(cls, path, passphrase: str | None = None, recovery_key: str | None = None,
             lock: FileLock | None = None, migrate: bool = True, check: bool = True,
             accept_restore: bool = False) -> "Vault":
        """Unlock a vault.

        A vault that does not match its anchor (rolled back, a backup restored, the
        anchor missing: ``storage.anchor``) raises an ``AnchorProblem`` and is left as
        it is; ``accept_restore=True`` (the user restored a backup on purpose) opens it,
        audits ``vault.restore_accepted`` and anchors it anew.

        ``check=False`` runs the whole-file integrity checks in a thread instead
        (``integrity_check_in_background()`` gives it); the caller must act on its
        result (the GUI does, to show the participant list without waiting ~6 ms per
        MB). Nothing is written to such a vault until they have passed: the unlock is
        recorded then, and the first write waits for them (``await_check``). A vault
        that needs a migration is always checked first.
        """
        path = Path(path)
        if path.is_dir():
            raise VaultIsFolder(path.name)
        if not path.is_file():
            raise VaultNotFound(path.name)
        lock = lock or FileLock(path)
        from .rotation import settle
        settle(path, lock)  # a key rotation cut short: finished or undone (storage/rotation.py)
        keyfile = KeyFile.read(path)
        data_key = _data_key(path, keyfile, passphrase, recovery_key)
        lock.acquire()
        conn = None
        try:
            refuse_hard_links(path)  # after the lock: a link made meanwhile is seen too
            with os_faults(path):
                for private in (path, keys_path(path)):  # e.g. a backup copied back in place
                    make_private(private)
            refuse_damaged(path)  # before SQLite reads the -wal: it drops damaged frames unseen
            conn = cls._open_connection(path, data_key, check)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > schema.CURRENT_VERSION:
                raise NewerVault(str(version))
            if not check and version < schema.CURRENT_VERSION:
                _raise_if_damaged(conn)
            vault = cls(path, conn, data_key, keyfile, lock)
            vault._check_anchor(accept_restore)
            if version < schema.CURRENT_VERSION and migrate:
                vault._migrate(version)
            event = "vault.unlocked" if recovery_key is None else "vault.recovered"
            sweep = version >= 2 or migrate  # the settings table exists
            if check or version < schema.CURRENT_VERSION:
                vault._record_open(event, sweep)
            else:
                vault._record_open_after_check(event, sweep)
            vault._upgrade_keyfile(passphrase if recovery_key is None else None)
        except BaseException:
            if conn is not None:
                conn.close()
            wipe(data_key)
            lock.release()
            raise
        return vault

    def _record_open(self, event: str, sweep: bool) -> None:
        self._record_accepted()
        self.audit.append(event)
        if sweep:
            self.sweep_unfinished_outputs()

    def _record_open_after_check(self, event: str, sweep: bool) -> None:
        """Start the open-time checks in a thread; hold every write until they pass."""
        self._after_check = (event, sweep)
        self._check = IntegrityCheck(self.path, self._data_key)
        self.conn.write_gate = self.await_check
        self._check.start()

    @property
    def checked(self) -> bool:
        """False while the open-time checks of a fast open run, or after they failed."""
        return self.conn is not None and self.conn.write_gate is None

    def await_check(self) -> None:
        """(Any thread.) Wait for the open-time checks of a fast open; once they pass,
        record the unlock and let writes through. Raises ``VaultDamaged`` (also a
        DatabaseError) if they failed: nothing has been written, and nothing will be.
        A fault recording the unlock (a full disk) is raised and tried again next time."""
        with self._gate:
            conn = self.conn
            if conn is None or conn.write_gate is None:
                return
            self._check.done.wait()
            if self._check.problems:
                raise raisable(VaultDamaged, driver.DatabaseError)("; ".join(self._check.problems[:3]))
            conn.write_gate = None
            try:
                self._record_open(*self._after_check)
            except BaseException:
                conn.write_gate = self.await_check
                raise

    def _upgrade_keyfile(self, passphrase: str | None) -> None:
        """Bring the key file up to this version after a successful unlock: an older, weaker
        passphrase slot re-wrapped at PASSPHRASE_N, the database's salt recorded. Written
        atomically; a key file that cannot be written (read-only place) stays as it was."""
        old_n = self._keyfile.passphrase_n
        try:
            new = self._keyfile.upgraded(self._data_key, passphrase, database_salt(self.path))
            if new is None:
                return
            new.write(self.path)
        except (OSError, MemoryError, ValueError):  # never a reason not to open
            return
        self._keyfile = new
        if new.passphrase_n != old_n:
            with contextlib.suppress(VaultError, driver.DatabaseError):  # e.g. the open-time checks failed
                self.audit.append("vault.keys_upgraded", detail=f"scrypt n {old_n}->{new.passphrase_n}")

    def sweep_unfinished_outputs(self) -> None:
        """Remove what a crash left of a PDF or an export being written (storage.outputs)."""
        from .outputs import UnfinishedOutputs
        try:
            removed = UnfinishedOutputs(self.repo).sweep()
        except (OSError, driver.DatabaseError):
            return  # never a reason not to open
        if removed:
            self.audit.append("output.leftover_removed", detail=str(removed))

    @staticmethod
    def _open_connection(path: Path, data_key, check: bool = True):
        conn = _keyed_connection(path, data_key)
        _validating_read(conn)
        if conn.execute("PRAGMA user_version").fetchone()[0] < 1:
            conn.close()  # empty or truncated to nothing: never turn it into a new vault
            raise VaultDamaged("empty")
        if int(conn.execute("PRAGMA cipher_page_size").fetchone()[0]) != 4096:
            conn.close()
            raise VaultDamaged("cipher settings")
        _apply_pragmas(conn)
        if check:
            _raise_if_damaged(conn)
        return conn

    def integrity_check_in_background(self) -> "IntegrityCheck":
        """quick_check + cipher_integrity_check on a second, read-only connection in a
        thread; the open connection stays usable meanwhile (WAL readers don't block).
        After a fast open, the checks that open started."""
        if self._check is not None:
            return self._check
        check = IntegrityCheck(self.path, self._data_key)
        check.start()
        return check

    def _migrate(self, from_version: int) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        self.backup(Path(f"{self.path}.pre-v{schema.CURRENT_VERSION}-{stamp}.bak"), audit=False)
        schema.apply(self.conn, from_version)
        self.audit.reload()  # schema 6 made the chain key
        self._start_anchoring()
        self.audit.append("vault.migrated", detail=f"{from_version}->{schema.CURRENT_VERSION}")

    @property
    def is_open(self) -> bool:
        return self.conn is not None

    def close(self, keep_lock: bool = False) -> None:
        """Checkpoint, close the connection, forget the key, release the lock."""
        if self.conn is not None:
            if self.conn.write_gate is None:  # else nothing was written: nothing to checkpoint
                with contextlib.suppress(driver.DatabaseError):
                    self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if self._anchor is not None:
                self._anchor.flush()
                self._anchor = None
            self.conn.close()
            self.conn = None
        wipe(self._data_key)  # in place: every holder of this buffer sees zeros
        if not keep_lock:
            self._lock.release()

    @property
    def lock(self) -> FileLock:
        return self._lock

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- the anchor (storage/anchor.py) -------------------------------------

    def _check_anchor(self, accept: bool) -> None:
        """Raise the vault's AnchorProblem, unless the user accepts it (audited at the unlock)."""
        finding = anchors.examine(self.path, self.conn, self.audit)
        if finding.problem is not None:
            if not accept:
                raise finding.problem
            self._accepted = anchors.accepted_detail(finding)
            self.restore_accepted = True
        self._start_anchoring()

    def _record_accepted(self) -> None:
        """Audit the restore the user accepted at open (before the unlock itself)."""
        if self._accepted is not None:
            self.audit.append("vault.restore_accepted", detail=self._accepted)
            self._accepted = None

    def _start_anchoring(self) -> None:
        if self._anchor is None and (meta := anchors.read_meta(self.conn)) is not None:
            self._anchor = anchors.Anchorer(self.path, meta, anchors.current_state(self.conn, self.audit, meta))

    def _audit_appended(self, seq: int, head: str) -> None:
        if self._anchor is not None:
            self._anchor.appended(seq, head)

    def audit_head(self) -> tuple[int, str]:
        """(seq, fingerprint) of the audit log's last entry: printed in backups and register
        extracts so that the unit can later compare it with ``kartlaggning-cli audit``."""
        seq, head = self.audit.head()
        return seq, anchors.fingerprint(head)

    # ---- transactions ------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self):
        """One durable commit (WAL + synchronous=FULL); nested calls join the outer one."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            if self._anchor is not None:
                self._anchor.before_commit(self.conn)  # the counter; before an audit entry, the anchor
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()  # a failed COMMIT (a full disk) may leave the transaction open
            raise
        if self._anchor is not None:
            self._anchor.after_commit()

    def _rollback(self) -> None:
        """Roll back what is open; SQLite may have done so itself (SQLITE_FULL, IOERR),
        and the original error is the one to report."""
        if self._anchor is not None:
            self._anchor.after_rollback()
        if self.conn.in_transaction:
            with contextlib.suppress(driver.DatabaseError):
                self.conn.execute("ROLLBACK")

    # ---- keys --------------------------------------------------------------

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-wrap the data key; the database itself is untouched."""
        self._keyfile = self._keyfile.with_passphrase(self._data_key, new_passphrase).for_database(
            database_salt(self.path))
        self._keyfile.write(self.path)
        self.audit.append("vault.passphrase_changed")

    @staticmethod
    def reset_passphrase(path, recovery_key: str, new_passphrase: str) -> None:
        """Set a new passphrase with the recovery key (the old one is forgotten)."""
        vault = Vault.open(path, recovery_key=recovery_key)
        try:
            vault.change_passphrase(new_passphrase)
        finally:
            vault.close()

    @staticmethod
    def check_passphrase(path, passphrase: str) -> bool:
        """True if ``passphrase`` unlocks the key file (no database access)."""
        return KeyFile.read(Path(path)).accepts(passphrase)

    # ---- integrity and backups --------------------------------------------

    def integrity_problems(self) -> list[str]:
        return integrity_problems(self.conn)

    def backup(self, out, audit: bool = True) -> BackupInfo:
        """An encrypted copy (same key) plus its key file, verified by opening it.

        The copy is read through a connection of its own (the last committed state),
        so it may run in a worker thread while the window goes on saving; with
        ``audit=False`` the caller appends ``backup.created`` (on its own thread)."""
        out = Path(out)
        if out.resolve() == self.path.resolve() or (out.exists() and os.path.samefile(out, self.path)):
            raise BackupFailed("same file")  # also through a hard link
        ensure_private_dir(out.parent, tighten_existing=False)
        tmp = out.with_name(out.name + ".part")
        for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
            p.unlink(missing_ok=True)
        source = _reading_connection(self.path, self._data_key)
        old_umask = os.umask(0o077)
        try:
            source.execute("VACUUM INTO ?", (str(tmp),))
            ours = source.execute("SELECT count(*) FROM participants").fetchone()[0]
        except driver.DatabaseError as exc:
            for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
                with contextlib.suppress(OSError):
                    p.unlink(missing_ok=True)
            if isinstance(exc, VaultError) and not isinstance(exc, VaultDamaged):
                raise  # the target disk is full or read-only: said as such
            raise BackupFailed(type(exc).__name__) from None
        finally:
            os.umask(old_umask)
            source.close()
        try:
            make_private(tmp)
            with open(tmp, "rb") as f:
                head = f.read(16)
                os.fsync(f.fileno())
            if head.startswith(b"SQLite format 3"):
                raise BackupFailed("plaintext")
            check = _keyed_connection(tmp, self._data_key)
            try:
                try:
                    _validating_read(check)
                except VaultDamaged as exc:
                    raise BackupFailed(exc.detail) from None
                problems = integrity_problems(check)
                theirs = check.execute("SELECT count(*) FROM participants").fetchone()[0]
                anchored = anchors.backup_record(check, out)
            finally:
                check.close()
            if problems or ours != theirs:
                raise BackupFailed("; ".join(problems) or "row count")
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self._keyfile.for_database(database_salt(tmp)).write(out)  # the copy's own salt
        if anchored is not None:
            anchors.write_record(out, *anchored)
        os.replace(tmp, out)
        fsync_dir(out.parent)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        if audit:
            self.audit.append("backup.created", detail=digest[:16])
        state = anchored[1].state if anchored is not None else None
        return BackupInfo(out, out.stat().st_size, digest, state.seq if state else 0, state.head if state else "")


def verify_file(path, passphrase: str | None = None, recovery_key: str | None = None) -> list[str]:
    """Problems found in a vault or backup file (empty = intact).

    Raises WrongPassphrase / WrongRecoveryKey / KeyFileMissing / KeyFileDamaged /
    KeyFileMismatch / VaultNotFound.
    Opens read-only and takes no lock, so it can check a backup of an open vault.
    """
    path = Path(path)
    if path.is_dir():
        raise VaultIsFolder(path.name)
    if not path.is_file():
        raise VaultNotFound(path.name)
    keyfile = KeyFile.read(path)
    try:
        data_key = _data_key(path, keyfile, passphrase, recovery_key)
    except KeyFileMismatch:
        raise
    except VaultDamaged as exc:
        return [f"{exc.detail}: the first 16 bytes of the file (its salt) are damaged"]
    if problems := wal_problems(path):  # before SQLite reads past the damage and rebuilds the -shm
        wipe(data_key)
        return problems
    # A closed WAL file has no -wal: open it immutable, so nothing (-wal, -shm) is created
    # beside it; an open or crashed one is read through its -wal and -shm.
    wal = Path(str(path) + "-wal")
    mode = "mode=ro" if wal.exists() else "immutable=1"
    try:
        conn = driver.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, isolation_level=None)
        conn.execute("PRAGMA cipher_log_level = NONE")
        apply_key(conn, data_key)
    finally:
        wipe(data_key)
    try:
        conn.execute("PRAGMA cipher_compatibility = 4")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if conn.execute("PRAGMA user_version").fetchone()[0] < 1:
                return ["empty or unfinished vault file (schema version 0)"]
        except driver.DatabaseError as exc:
            if isinstance(exc, VaultError) and not isinstance(exc, VaultDamaged):
                raise  # a full disk, an I/O error: not damage
            return [f"{type(exc).__name__}: {exc}"]
        problems = integrity_problems(conn)
        if not problems:
            try:
                AuditLog(conn).verify()
            except VaultError as exc:
                problems.append(exc.message)
            problems += anchors.verify_problems(path, conn)
        return problems
    finally:
        conn.close()


