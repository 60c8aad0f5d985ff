"""The one place that imports sqlcipher3 and sqlite_utils.

sqlite-utils catches ``OperationalError`` from the driver it imported itself. It
prefers a module named ``pysqlite3`` when one exists, so sqlcipher3 is registered
under that name *before* sqlite_utils is imported; then ``insert(alter=True)``,
``drop(ignore=True)`` and friends catch the right exception classes.
"""
from __future__ import annotations

import sys

import sqlcipher3
from sqlcipher3 import dbapi2

if "sqlite_utils" in sys.modules and sys.modules.get("pysqlite3") is not sqlcipher3:
    raise ImportError("sqlite_utils was imported before kartlaggning.storage.driver")
sys.modules["pysqlite3"] = sqlcipher3
sys.modules["pysqlite3.dbapi2"] = dbapi2

import sqlite_utils  # noqa: E402
from sqlite_utils.utils import OperationalError as _SU_OperationalError  # noqa: E402

assert _SU_OperationalError is dbapi2.OperationalError

connect = dbapi2.connect
DatabaseError = dbapi2.DatabaseError
OperationalError = dbapi2.OperationalError
IntegrityError = dbapi2.IntegrityError
Database = sqlite_utils.Database


def database(conn) -> "sqlite_utils.Database":
    """sqlite-utils over an already keyed connection; plugins stay off."""
    return Database(conn, execute_plugins=False)
