"""Key material in memory: held in bytearrays that are wiped when done, and the few
immutable copies Python forces on us overwritten right after use.

- The data key lives in one ``bytearray`` per open vault (and one per background
  reader); ``wipe()`` zeroes it in place when the vault is locked or the reader ends.
- ``hashlib.scrypt``, ``secrets`` and ``str.encode`` return immutable ``bytes``, and
  ``PRAGMA key`` takes text. Those copies are made by us, held by no one else, and
  overwritten by ``scrub()`` (CPython only: it writes into the object's own buffer,
  and only when the reference count shows that nothing else holds it).
- The key text for SQLCipher is built digit by digit in a bytearray, decoded once, run
  with ``executescript`` (``execute`` would keep the text in the statement cache until
  the connection closes) and scrubbed. SQLCipher wipes its own copy of the key when the
  connection closes.

What this cannot guarantee is said in docs/it-drift.md ("Nycklar i minnet"): a
passphrase or recovery key typed into Qt passes through QString buffers we cannot
reach; a copy the operating system swapped to disk, or one made by the garbage
collector moving nothing but freeing a block we never saw, is out of reach.
"""
from __future__ import annotations

import ctypes
import secrets
import sys

_HEX_DIGITS = b"0123456789abcdef"
_CPYTHON = sys.implementation.name == "cpython"
_ASCII_DATA_OFFSET = None  # where a compact ASCII str keeps its characters (CPython)


def new_key(size: int = 32) -> bytearray:
    """Random bytes in a wipeable buffer."""
    raw = secrets.token_bytes(size)
    key = bytearray(raw)
    scrub(raw)
    return key


def wipe(buffer: bytearray | None) -> None:
    """Zero ``buffer`` in place (a bytearray we hold); None and empty buffers are fine."""
    if buffer:
        ctypes.memset((ctypes.c_char * len(buffer)).from_buffer(buffer), 0, len(buffer))


def copy(key) -> bytearray:
    """A wipeable copy of ``key`` (for a thread that outlives the caller's buffer)."""
    return bytearray(key)


def _str_data_offset() -> int | None:
    global _ASCII_DATA_OFFSET
    if _ASCII_DATA_OFFSET is None:
        probe = "".join(["k", "m"])  # a fresh compact ASCII str
        base = sys.getsizeof(probe) - len(probe) - 1
        if ctypes.string_at(id(probe) + base, 2) == b"km":
            _ASCII_DATA_OFFSET = base
        else:
            _ASCII_DATA_OFFSET = -1
    return _ASCII_DATA_OFFSET if _ASCII_DATA_OFFSET >= 0 else None


def scrub(value) -> bool:
    """Overwrite an immutable ``bytes`` or ASCII ``str`` that the caller made and holds
    alone (one variable); True when done. Anything else is left alone: a shared
    object must not change under its other holders."""
    if not _CPYTHON or not value:
        return False
    # the caller's variable, this parameter and getrefcount's own argument
    if sys.getrefcount(value) > 3:
        return False
    if type(value) is bytes:
        if len(value) < 2:  # b"" and single bytes are shared singletons
            return False
        ctypes.memset(id(value) + bytes.__basicsize__ - 1, 0, len(value))
        return True
    if type(value) is str and value.isascii() and len(value) > 1:
        offset = _str_data_offset()
        if offset is None:
            return False
        ctypes.memset(id(value) + offset, ord("0"), len(value))
        return True
    return False


def _key_text(prefix: str, key, suffix: str) -> str:
    """``prefix`` + the key in lower-case hex + ``suffix``, with no intermediate copy of
    the hex digits (``bytes.hex()`` would leave one behind)."""
    head, tail = prefix.encode("ascii"), suffix.encode("ascii")
    buffer = bytearray(len(head) + 2 * len(key) + len(tail))
    buffer[:len(head)] = head
    i = len(head)
    for byte in key:
        buffer[i] = _HEX_DIGITS[byte >> 4]
        buffer[i + 1] = _HEX_DIGITS[byte & 15]
        i += 2
    buffer[i:] = tail
    text = buffer.decode("ascii")
    wipe(buffer)
    return text


def apply_key(conn, key, schema: str | None = None) -> None:
    """``PRAGMA [schema.]key`` with the raw 32-byte ``key`` on ``conn``; the key text is
    scrubbed after use."""
    assert len(key) == 32
    target = f"{schema}." if schema else ""
    statement = _key_text(f"PRAGMA {target}key = \"x'", key, "'\";")
    try:
        conn.executescript(statement)
    finally:
        scrub(statement)


def attach_keyed(conn, path, schema: str, key) -> None:
    """``ATTACH DATABASE path AS schema KEY <key>``; the file name is given as a hex
    blob cast to text so the statement stays ASCII (and so can be scrubbed)."""
    assert len(key) == 32 and schema.isidentifier()
    name = str(path).encode("utf-8").hex()
    statement = _key_text(f"ATTACH DATABASE CAST(x'{name}' AS TEXT) AS {schema} KEY \"x'", key, "'\";")
    try:
        conn.executescript(statement)
    finally:
        scrub(statement)
