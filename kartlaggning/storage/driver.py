"""The one place that imports the database driver (sqlcipher3).

Every other storage module takes ``connect`` and the exception classes from here,
so there is exactly one SQLCipher binding in the process and one set of exception
classes to catch. (sqlite-utils is not used: the schema is a few hand-written,
versioned scripts and every write is one explicit UPSERT; the library cost ~100 ms
at unlock and its exception handling needed sqlcipher3 aliased as ``pysqlite3``.)
"""
from __future__ import annotations

from sqlcipher3 import dbapi2

connect = dbapi2.connect
DatabaseError = dbapi2.DatabaseError
OperationalError = dbapi2.OperationalError
IntegrityError = dbapi2.IntegrityError
