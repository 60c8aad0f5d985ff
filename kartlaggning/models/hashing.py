"""The content fingerprint printed in a printout's footer and kept with each
print version: the same value gives the same hash on every machine."""
from __future__ import annotations

import hashlib
import json

from .serialize import to_jsonable


def canonical_json(value) -> bytes:
    """``value`` (a model object, or dicts/lists of them) as canonical JSON:
    sorted keys, no spaces, UTF-8."""
    return json.dumps(to_jsonable(value), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), allow_nan=False).encode("utf-8")


def content_hash(value) -> str:
    """First 8 hex digits of the sha256 of ``value``'s canonical JSON."""
    return hashlib.sha256(canonical_json(value)).hexdigest()[:8]
