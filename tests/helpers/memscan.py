"""Count byte patterns in another process's memory (Linux: /proc/<pid>/maps and /mem).

Used to prove that key material is gone from a process after the vault is locked. The
reader must be allowed to read the process's memory (its parent, or root).
"""
from __future__ import annotations

import re
from pathlib import Path

_SKIP = ("[vvar]", "[vsyscall]", "[vvar_vclock]")
_CHUNK = 1 << 22


def _regions(pid: int):
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        fields = line.split(maxsplit=5)
        span, perms = fields[0], fields[1]
        name = fields[5] if len(fields) > 5 else ""
        if "r" not in perms or name.strip() in _SKIP:
            continue
        start, end = (int(x, 16) for x in span.split("-"))
        yield start, end, name.strip()


def count_patterns(pid: int, patterns: dict[str, bytes]) -> dict[str, list[str]]:
    """For each named pattern, the regions (by name, '' = anonymous heap) holding it."""
    found: dict[str, list[str]] = {name: [] for name in patterns}
    longest = max(len(p) for p in patterns.values())
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for start, end, region in _regions(pid):
            tail = b""
            position = start
            while position < end:
                size = min(_CHUNK, end - position)
                try:
                    mem.seek(position)
                    data = mem.read(size)
                except (OSError, ValueError, OverflowError):
                    break
                window = tail + data
                for name, pattern in patterns.items():
                    hits = len(re.findall(re.escape(pattern), window))
                    found[name].extend([region or "anonymous"] * hits)
                tail = data[-(longest - 1):] if longest > 1 else b""
                position += size
    return found
