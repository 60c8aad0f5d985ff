"""sqlite-utils runs on the keyed sqlcipher3 connection with the right exception
classes, and only kartlaggning.storage.driver imports the database libraries."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kartlaggning
from kartlaggning.storage import driver  # first: registers sqlcipher3 for sqlite-utils

import sqlcipher3  # noqa: E402
import sqlite_utils  # noqa: E402
import sqlite_utils.db  # noqa: E402
import sqlite_utils.utils  # noqa: E402

PACKAGE = Path(kartlaggning.__file__).resolve().parent
DB_MODULES = {"sqlcipher3", "sqlite_utils", "pysqlite3", "sqlite3", "apsw"}


def test_sqlite_utils_uses_sqlcipher3_exceptions():
    assert sqlite_utils.utils.OperationalError is sqlcipher3.dbapi2.OperationalError
    assert sqlite_utils.utils.sqlite3 is sqlcipher3 and sqlite_utils.db.sqlite3 is sqlcipher3
    assert driver.OperationalError is sqlcipher3.dbapi2.OperationalError


def test_sqlite_utils_on_the_keyed_connection(vault):
    assert vault.db.conn is vault.conn
    table = vault.db["scratch"]
    table.insert({"id": 1, "a": "ett"}, pk="id")
    table.insert({"id": 2, "a": "två", "b": "ny kolumn"}, alter=True)  # needs the right OperationalError
    assert set(table.columns_dict) == {"id", "a", "b"}
    assert list(vault.db.query("SELECT a, b FROM scratch ORDER BY id")) == [
        {"a": "ett", "b": None}, {"a": "två", "b": "ny kolumn"}]
    table.create_index(["a"], find_unique_name=True)
    table.create_index(["a"], find_unique_name=True)  # a second one gets a new name instead of failing
    vault.db["nope"].drop(ignore=True)
    table.drop(ignore=True)
    assert "scratch" not in vault.db.table_names()
    with pytest.raises(driver.OperationalError):
        vault.db["nope"].drop()


def test_sqlite_utils_data_is_encrypted(vault):
    vault.db["scratch"].insert({"text": "SYNLIGTOMOKRYPTERAT"})
    vault.close()
    for suffix in ("", "-wal"):
        p = Path(str(vault.path) + suffix)
        if p.exists():
            assert b"SYNLIGTOMOKRYPTERAT" not in p.read_bytes()


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def test_only_the_driver_imports_database_libraries():
    offenders = {}
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "storage/driver.py":
            assert {"sqlcipher3", "sqlite_utils"} <= imported_modules(path)
            continue
        bad = imported_modules(path) & DB_MODULES
        if bad:
            offenders[rel] = sorted(bad)
    assert offenders == {}
