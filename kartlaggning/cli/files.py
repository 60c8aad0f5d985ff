"""Writing a file the user asked for, chunk by chunk, with ``storage.files.atomic_file``
(tmp -> fsync -> os.replace, private from the first byte), so memory stays flat for
large exports."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def write_chunks_atomic(path: Path, chunks: Iterable[str], journal=None) -> tuple[int, str]:
    """Write UTF-8 text chunks to ``path``; returns (size in bytes, sha256 hex)."""
    from ..storage.files import atomic_file, ensure_private_dir
    path = Path(path)
    if not path.parent.exists():
        ensure_private_dir(path.parent)
    digest = hashlib.sha256()
    size = 0
    with atomic_file(path, journal) as f:
        for chunk in chunks:
            data = chunk.encode("utf-8")
            digest.update(data)
            size += len(data)
            f.write(data)
    return size, digest.hexdigest()
