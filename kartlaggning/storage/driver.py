"""The one place that imports the database driver (sqlcipher3).

Every other storage module takes ``connect`` and the exception classes from here,
so there is exactly one SQLCipher binding in the process and one set of exception
classes to catch. (sqlite-utils is not used: the schema is a few hand-written,
versioned scripts and every write is one explicit UPSERT; the library cost ~100 ms
at unlock and its exception handling needed sqlcipher3 aliased as ``pysqlite3``.)

``connect`` gives a ``Connection`` that raises a full disk, read-only media, an I/O
error or a damaged file as the storage error that says so (``storage.faults``; the
instance is still a ``DatabaseError``), and that can hold every statement which may
write behind a ``write_gate`` (the open-time checks of a fast open, ``Vault.open``).
Rows fetched after the first one come from the driver's own cursor, untranslated.
"""
from __future__ import annotations

import contextlib

from sqlcipher3 import dbapi2

DatabaseError = dbapi2.DatabaseError
OperationalError = dbapi2.OperationalError
IntegrityError = dbapi2.IntegrityError

_READ_ONLY = ("SELECT", "VALUES", "EXPLAIN")


def may_write(sql: str) -> bool:
    """False for a statement that cannot change the file (a query, a pragma that only reads)."""
    head = sql.lstrip()[:24].upper()
    if head.startswith(_READ_ONLY):
        return False
    if head.startswith("PRAGMA"):
        return "=" in sql or "CHECKPOINT" in sql.upper()
    return True


class Connection(dbapi2.Connection):
    write_gate = None  # called before a statement that may write; raises to refuse it
    fault_path = None  # the database file, to tell a full disk from an I/O error

    @contextlib.contextmanager
    def _faults_in_words(self):
        """A DatabaseError of a known kind raised as the storage error that says it."""
        try:
            yield
        except DatabaseError as exc:
            from .faults import from_database_error
            fault = from_database_error(exc, self.fault_path)
            if fault is None:
                raise
            raise fault from exc

    def execute(self, sql, parameters=(), /):
        if self.write_gate is not None and may_write(sql):
            self.write_gate()
        if not self.in_transaction and sql.lstrip()[:8].upper() == "ROLLBACK":
            # SQLite rolled back by itself (a full disk, an I/O error): nothing is open, and
            # the error that caused it, not "cannot rollback", is the one to report
            return self.cursor()
        with self._faults_in_words():
            return super().execute(sql, parameters)

    def executemany(self, sql, parameters, /):
        if self.write_gate is not None and may_write(sql):
            self.write_gate()
        with self._faults_in_words():
            return super().executemany(sql, parameters)

    def executescript(self, script, /):
        if self.write_gate is not None:
            self.write_gate()
        with self._faults_in_words():
            return super().executescript(script)

    def commit(self):
        with self._faults_in_words():
            return super().commit()


def connect(database, *args, **kwargs) -> Connection:
    kwargs.setdefault("factory", Connection)
    conn = dbapi2.connect(database, *args, **kwargs)
    conn.fault_path = _file_of(str(database), bool(kwargs.get("uri")))
    return conn


def _file_of(database: str, uri: bool) -> str:
    if not uri or not database.startswith("file:"):
        return database
    from urllib.parse import unquote, urlsplit
    path = unquote(urlsplit(database).path)
    return path[1:] if path[:1] == "/" and path[2:3] == ":" else path  # file:///C:/... on Windows
