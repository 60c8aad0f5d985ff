"""Writing a file the user asked for, chunk by chunk: tmp -> fsync -> os.replace,
private (0600) from the first byte, so memory stays flat for large exports."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path


def write_chunks_atomic(path: Path, chunks: Iterable[str]) -> tuple[int, str]:
    """Write UTF-8 text chunks to ``path``; returns (size in bytes, sha256 hex)."""
    from ..storage.files import PRIVATE_FILE, ensure_private_dir, fsync_dir, make_private
    path = Path(path)
    if not path.parent.exists():
        ensure_private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    digest = hashlib.sha256()
    size = 0
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 16) as f:
            for chunk in chunks:
                data = chunk.encode("utf-8")
                digest.update(data)
                size += len(data)
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    make_private(path)
    fsync_dir(path.parent)
    return size, digest.hexdigest()
