"""Arrows point one way: ui / cli -> services -> storage / printouts -> models.

Every module under kartlaggning/ is parsed (not imported) and each import,
also those inside functions, is resolved to its full module name.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "kartlaggning"

QT = ("PySide6", "shiboken6")
DATABASE = ("sqlcipher3", "sqlite_utils", "pysqlite3")
PDF = ("reportlab",)
DATABASE_MODULE = "kartlaggning.storage.driver"
# The entry points that start the window, and only inside a function.
GUI_LAUNCHERS = ("kartlaggning.__main__", "kartlaggning.cli", "kartlaggning.cli.screenshots")


@dataclass(frozen=True)
class Import:
    target: str  # full module name (or module.name for ``from module import name``)
    line: int
    top_level: bool  # False when inside a function (a lazy import)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str, is_package: bool) -> list[Import]:
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend(Import(a.name, child.lineno, not in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    parts = package.split(".")
                    base = ".".join(parts[:len(parts) - (child.level - 1)])
                    target = f"{base}.{child.module}" if child.module else base
                else:
                    target = child.module
                found.append(Import(target, child.lineno, not in_function))
                found.extend(Import(f"{target}.{a.name}", child.lineno, not in_function)
                             for a in child.names if a.name != "*")
            visit(child, nested)

    visit(tree, False)
    return found


def all_modules() -> dict[str, list[Import]]:
    modules = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        name = module_name(path)
        modules[name] = imports_of(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
    return modules


MODULES = all_modules()


def within(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def violations(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    return [f"{module}:{imp.line} imports {imp.target}"
            for module, found in MODULES.items() if within(module, layer)
            for imp in found if within(imp.target, *forbidden)]


def test_the_parser_resolves_relative_and_lazy_imports():
    source = ("from .. import printouts\nfrom ..storage.prints import PrintLog\nimport PySide6.QtCore\n"
              "def f():\n    from ..ui import app\n")
    found = imports_of(source, "kartlaggning.models.x", is_package=False)
    assert {(i.target, i.top_level) for i in found} >= {
        ("kartlaggning.printouts", True), ("kartlaggning.storage.prints", True),
        ("kartlaggning.storage.prints.PrintLog", True), ("PySide6.QtCore", True), ("kartlaggning.ui.app", False)}
    assert [i.target for i in imports_of("from .meta import X", "kartlaggning.printouts", True)][0] == \
        "kartlaggning.printouts.meta"
    assert len(MODULES) > 40 and "kartlaggning.storage.prints" in MODULES


@pytest.mark.parametrize("layer, forbidden", [
    ("kartlaggning.models", QT + DATABASE + PDF + ("kartlaggning.storage", "kartlaggning.printouts",
                                                    "kartlaggning.ui", "kartlaggning.cli")),
    ("kartlaggning.printouts", QT + ("kartlaggning.storage", "kartlaggning.ui", "kartlaggning.cli")),
    ("kartlaggning.storage", QT + ("kartlaggning.printouts", "kartlaggning.ui", "kartlaggning.cli",
                                   "kartlaggning.services")),
    # the use cases: called by the window and the command line, knowing neither, nor SQL
    ("kartlaggning.services", QT + DATABASE + ("kartlaggning.ui", "kartlaggning.cli")),
    ("kartlaggning.printouts", ("kartlaggning.services",)),
])
def test_layer_imports(layer, forbidden):
    assert violations(layer, forbidden) == []


def test_only_the_driver_imports_the_database_libraries():
    bad = [f"{module}:{imp.line} imports {imp.target}" for module, found in MODULES.items()
           if module != DATABASE_MODULE for imp in found if within(imp.target, *DATABASE)]
    assert bad == []
    assert any(within(imp.target, "sqlcipher3") for imp in MODULES[DATABASE_MODULE])


def test_nothing_below_the_ui_imports_it():
    bad = [f"{module}:{imp.line} imports {imp.target}" for module, found in MODULES.items()
           if not within(module, "kartlaggning.ui") for imp in found
           if within(imp.target, "kartlaggning.ui")
           and (imp.top_level or module not in GUI_LAUNCHERS)]
    assert bad == []
