"""Dataclass <-> plain JSON values, typed by the dataclass annotations.

Used by the export/import format and by the storage code for nested values.
``from_jsonable`` raises ``FormatError`` naming the path of the bad field.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime, time
from enum import Enum
from functools import lru_cache


class FormatError(ValueError):
    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def to_jsonable(value):
    if dataclasses.is_dataclass(value):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


@lru_cache(maxsize=None)
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def from_jsonable(tp, data, path: str = "$"):
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if data is None:
            return None
        return from_jsonable(args[0], data, path)
    if dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise FormatError(path, "expected an object")
        hints = _hints(tp)
        known = {f.name for f in dataclasses.fields(tp) if f.init}
        unknown = set(data) - known
        if unknown:
            raise FormatError(f"{path}.{sorted(unknown)[0]}", "unknown field")
        kwargs = {name: from_jsonable(hints[name], data[name], f"{path}.{name}")
                  for name in known if name in data}
        try:
            return tp(**kwargs)
        except (TypeError, ValueError, KeyError) as exc:
            raise FormatError(path, str(exc)) from None
    if origin is list:
        (item,) = typing.get_args(tp)
        if not isinstance(data, list):
            raise FormatError(path, "expected a list")
        return [from_jsonable(item, v, f"{path}[{i}]") for i, v in enumerate(data)]
    if origin is dict:
        _k, item = typing.get_args(tp)
        if not isinstance(data, dict):
            raise FormatError(path, "expected an object")
        return {k: from_jsonable(item, v, f"{path}.{k}") for k, v in data.items()}
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(data)
        except ValueError:
            raise FormatError(path, f"unknown value {data!r}") from None
    for kind, parse in ((datetime, datetime.fromisoformat), (date, date.fromisoformat), (time, time.fromisoformat)):
        if tp is kind:
            if not isinstance(data, str):
                raise FormatError(path, f"expected an ISO {kind.__name__} string")
            try:
                return parse(data)
            except ValueError:
                raise FormatError(path, f"not a valid {kind.__name__}: {data!r}") from None
    if tp is bool:
        if not isinstance(data, bool):
            raise FormatError(path, "expected true or false")
        return data
    if tp is int:
        if not isinstance(data, int) or isinstance(data, bool):
            raise FormatError(path, "expected a whole number")
        return data
    if tp is float:
        if not isinstance(data, (int, float)) or isinstance(data, bool):
            raise FormatError(path, "expected a number")
        return float(data)
    if tp is str:
        if not isinstance(data, str):
            raise FormatError(path, "expected a string")
        return data
    raise FormatError(path, f"unsupported type {tp!r}")
