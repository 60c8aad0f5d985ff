"""One database driver, imported in one place, and every runtime dependency earns its place."""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import sqlcipher3

import kartlaggning
from kartlaggning.storage import driver

PACKAGE = Path(kartlaggning.__file__).resolve().parent
ROOT = PACKAGE.parent
DB_MODULES = {"sqlcipher3", "sqlite_utils", "pysqlite3", "sqlite3", "apsw"}
# Distribution name on the index -> the module the code imports.
IMPORT_NAMES = {"pyside6-essentials": "PySide6", "pypdfium2": "pypdfium2", "sqlcipher3": "sqlcipher3",
                "reportlab": "reportlab", "babel": "babel", "uharfbuzz": "uharfbuzz"}


def test_driver_exposes_the_sqlcipher3_classes():
    conn = driver.connect(":memory:")
    try:  # sqlcipher3's own connection, with disk faults said in words (storage.faults)
        assert isinstance(conn, sqlcipher3.dbapi2.Connection) and isinstance(conn, driver.Connection)
    finally:
        conn.close()
    assert driver.OperationalError is sqlcipher3.dbapi2.OperationalError
    assert driver.DatabaseError is sqlcipher3.dbapi2.DatabaseError


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


def _package_files() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    return files


def test_only_the_driver_imports_database_libraries():
    offenders = {}
    for path in _package_files():
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "storage/driver.py":
            assert "sqlcipher3" in imported_modules(path)
            continue
        bad = imported_modules(path) & DB_MODULES
        if bad:
            offenders[rel] = sorted(bad)
    assert offenders == {}


def test_every_runtime_dependency_is_imported_by_the_package():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    names = [re.match(r"[A-Za-z0-9_.-]+", d).group(0).lower() for d in declared]
    assert set(names) == set(IMPORT_NAMES), "a new dependency: add its import name here"
    used = set().union(*(imported_modules(p) for p in _package_files()))
    assert [n for n in names if IMPORT_NAMES[n] not in used] == []
