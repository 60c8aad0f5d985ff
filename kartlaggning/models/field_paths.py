"""Field paths into a document: ``mal``, ``delmal[2]``, ``ansvarsfordelning[1].datum``,
``motivation.mal`` — the names validation errors carry (``ValidationError.field``).

``valid_version`` builds the document to save from the one as typed: every field
with an error gets its last saved value back, so one bad field never keeps the
others from being saved (what was typed there is kept as a draft instead).
"""
from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\.")


def steps(path: str) -> list[str | int]:
    """``"a.b[2].c"`` -> ``["a", "b", 2, "c"]``; ValueError for anything else."""
    out: list[str | int] = []
    pos = 0
    while pos < len(path):
        m = _STEP.match(path, pos)
        if m is None:
            raise ValueError(path)
        if m.group(1):
            out.append(m.group(1))
        elif m.group(2):
            out.append(int(m.group(2)))
        pos = m.end()
    if not out:
        raise ValueError(path)
    return out


def _child(obj: Any, step: str | int) -> Any:
    if isinstance(step, int):
        return obj[step]
    if isinstance(obj, dict):
        return obj[step]
    if not hasattr(obj, step):
        raise KeyError(step)
    return getattr(obj, step)


def get(obj: Any, path: str) -> Any:
    """The value at ``path``; LookupError when it is not there."""
    for step in steps(path):
        try:
            obj = _child(obj, step)
        except (IndexError, KeyError, TypeError, AttributeError) as exc:
            raise LookupError(path) from exc
    return obj


def has(obj: Any, path: str) -> bool:
    try:
        get(obj, path)
    except (LookupError, ValueError):
        return False
    return True


def put(obj: Any, path: str, value: Any) -> None:
    """Set the value at ``path`` in place (its parent must exist)."""
    *parents, last = steps(path)
    for step in parents:
        obj = _child(obj, step)
    if isinstance(last, int) or isinstance(obj, dict):
        obj[last] = value
    elif dataclasses.is_dataclass(obj) and last in {f.name for f in dataclasses.fields(obj)}:
        setattr(obj, last, value)
    else:
        raise LookupError(path)


def _blank_like(value: Any) -> Any:
    if isinstance(value, str):
        return ""
    return None


def in_a_list(path: str) -> bool:
    """True for a field of a list row (``delmal[2]``, ``rader[0].datum``)."""
    return any(isinstance(step, int) for step in steps(path))


def valid_version(typed: Any, saved: Any, error_paths: list[str]) -> Any:
    """A copy of ``typed`` where each of ``error_paths`` has its value from ``saved``.

    A field of a list row is left blank instead: rows may have been added, moved or
    removed since the save, so the saved row at the same index may be another one
    (what was typed there is kept as the field's draft)."""
    out = copy.deepcopy(typed)
    for path in error_paths:
        if not has(out, path):
            continue  # e.g. an error about a whole list
        if saved is not None and not in_a_list(path) and has(saved, path):
            put(out, path, copy.deepcopy(get(saved, path)))
        else:
            put(out, path, _blank_like(get(out, path)))
    return out
