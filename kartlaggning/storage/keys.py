"""Key slots: one random 256-bit data key, wrapped by the passphrase and by the
recovery key, kept in ``<vault>.keys`` beside the database.

The key file holds salts, KDF parameters and wrapped keys only, no personal data.
Wrapping: scrypt(secret, salt) -> 64 bytes; the first half masks the data key
(a fresh salt per wrap makes the mask single-use), the second keys an HMAC over
the wrapped value, so a wrong secret is detected without touching the database.

Version 2 adds ``database_salt``: the first 16 bytes of the database file it was
written for (SQLCipher 4's random salt, stored in the clear there too), so a key
file of another vault is named as such instead of "damaged". Version 1 files are
still read; they get the field, and a passphrase slot weaker than PASSPHRASE_N is
re-wrapped, at the next successful unlock (``KeyFile.upgraded``).

Data keys are ``bytearray``s (``storage.keymem``): ``unlock`` and ``recover`` return
one the caller wipes; the masks and secrets derived on the way are scrubbed here.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import KeyFileDamaged, KeyFileMissing, NewerVault, WeakPassphrase, WrongPassphrase, WrongRecoveryKey
from ..passphrase_rule import MIN_PASSPHRASE, problem  # noqa: F401 (MIN_PASSPHRASE: part of the API)
from .files import write_atomic
from .keymem import new_key, scrub, wipe

FORMAT = "kartlaggning-keys"
VERSION = 2
READ_VERSIONS = (1, 2)
# scrypt N=2^17, r=8, p=1 (128 MiB, ~0.5 s here): the passphrase is the weak secret.
# Tests lower this in-process (tests/conftest.py); nothing in the program does.
PASSPHRASE_N = 2**17
RECOVERY_N = 2**12  # the recovery key itself carries 130 bits of entropy: no need for a slow KDF
SCRYPT_R, SCRYPT_P = 8, 1
# What a key file may ask for: the sets we write (and room to raise N); anything else
# is a damaged or forged file, refused before any key derivation (2^40 would hang).
MIN_N, MAX_N = 2**12, 2**20
KEY_BYTES = MAC_BYTES = 32
SALT_BYTES = 16
DATABASE_SALT_BYTES = 16
MAX_KEY_FILE_BYTES = 64 * 1024  # ours are ~700 bytes
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def keys_path(vault_path: Path) -> Path:
    return Path(str(vault_path) + ".keys")


def new_data_key() -> bytearray:
    return new_key(KEY_BYTES)


def new_recovery_key() -> str:
    """26 Crockford base32 characters in groups of 4 or 2, easy to read aloud and type."""
    value = secrets.randbits(130)
    chars = "".join(_CROCKFORD[(value >> (5 * i)) & 31] for i in range(26))
    return "-".join(chars[i:i + 4] for i in range(0, 26, 4))


def normalize_recovery_key(text: str) -> str:
    table = str.maketrans({"O": "0", "I": "1", "L": "1"})
    cleaned = "".join(c for c in text.upper() if c.isalnum()).translate(table)
    return "-".join(cleaned[i:i + 4] for i in range(0, len(cleaned), 4))


def _secret_bytes(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_passphrase(passphrase: str) -> None:
    """The passphrase rule, for a passphrase about to be set (never at unlock)."""
    reason = problem(passphrase)
    if reason is not None:
        raise WeakPassphrase(reason)


def scrypt_maxmem(n: int, r: int = SCRYPT_R, p: int = SCRYPT_P) -> int:
    """What OpenSSL's scrypt needs for these parameters (128·r·(N+p+2) bytes), plus 1 MiB."""
    return 128 * r * (n + p + 2) + 2**20


def _kdf(secret: bytes, salt: bytes, n: int) -> bytes:
    return hashlib.scrypt(secret, salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, maxmem=scrypt_maxmem(n), dklen=64)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value, size: int) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not text")
    data = base64.b64decode(value.encode("ascii"), validate=True)
    if len(data) != size:
        raise ValueError("length")
    return data


def _masked(value, kek: bytes) -> bytearray:
    """``value`` XOR the first half of ``kek`` (wrapping and unwrapping alike)."""
    out = bytearray(KEY_BYTES)
    for i in range(KEY_BYTES):
        out[i] = value[i] ^ kek[i]
    return out


def _slot_mac(kek: bytes, wrapped) -> bytes:
    mac_key = bytearray(memoryview(kek)[KEY_BYTES:])
    try:
        return hmac.new(mac_key, b"kartlaggning-slot-v1" + bytes(wrapped), hashlib.sha256).digest()
    finally:
        wipe(mac_key)


def _wrap(data_key, secret: bytes, n: int) -> dict:
    """A slot for ``data_key`` under ``secret``; ``secret`` is scrubbed (the caller's own copy)."""
    salt = secrets.token_bytes(SALT_BYTES)
    kek = _kdf(secret, salt, n)
    scrub(secret)
    wrapped = bytes(_masked(data_key, kek))  # not secret: it is what the file holds
    mac = _slot_mac(kek, wrapped)
    scrub(kek)
    return {"kdf": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt), "wrapped": _b64(wrapped),
            "mac": _b64(mac)}


@dataclass(frozen=True)
class _Slot:
    n: int
    salt: bytes
    wrapped: bytes
    mac: bytes


def _checked_slot(slot) -> _Slot:
    """The slot's parameters, or KeyFileDamaged: only the sets we write are accepted."""
    try:
        if not isinstance(slot, dict) or slot.get("kdf") != "scrypt":
            raise ValueError("kdf")
        n, r, p = slot.get("n"), slot.get("r"), slot.get("p")
        if any(type(v) is not int for v in (n, r, p)):  # bool, float, str: refused
            raise ValueError("parameter type")
        if not (MIN_N <= n <= MAX_N) or n & (n - 1) or r != SCRYPT_R or p != SCRYPT_P:
            raise ValueError("parameters")
        return _Slot(n, _unb64(slot.get("salt"), SALT_BYTES), _unb64(slot.get("wrapped"), KEY_BYTES),
                     _unb64(slot.get("mac"), MAC_BYTES))
    except (ValueError, TypeError, UnicodeError, binascii.Error):
        raise KeyFileDamaged("key file") from None


def _unwrap(slot: dict, secret: bytes) -> bytearray | None:
    """The data key (a bytearray for the caller to wipe), None for a wrong ``secret``;
    ``secret`` is scrubbed."""
    try:
        s = _checked_slot(slot)
    except KeyFileDamaged:
        scrub(secret)
        raise
    kek = _kdf(secret, s.salt, s.n)
    scrub(secret)
    try:
        if not hmac.compare_digest(s.mac, _slot_mac(kek, s.wrapped)):
            return None
        return _masked(s.wrapped, kek)
    finally:
        scrub(kek)


def database_salt(vault_path: Path) -> bytes | None:
    """The first 16 bytes of a SQLCipher 4 database file (its random salt), None if shorter."""
    try:
        with open(vault_path, "rb") as f:
            head = f.read(DATABASE_SALT_BYTES)
    except FileNotFoundError:
        return None
    return head if len(head) == DATABASE_SALT_BYTES else None


@dataclass(frozen=True)
class KeyFile:
    passphrase_slot: dict
    recovery_slot: dict
    database_salt: bytes | None = None  # None: a version 1 file, or one written before its database

    @classmethod
    def create(cls, data_key: bytes, passphrase: str, recovery_key: str, rule: bool = True) -> "KeyFile":
        """Both slots for a new data key. ``rule=False``: the passphrase is one already in
        use (a key rotation keeps it), not one being chosen, so the rule is not applied."""
        if rule:
            check_passphrase(passphrase)
        return cls(_wrap(data_key, _secret_bytes(passphrase), PASSPHRASE_N),
                   _wrap(data_key, normalize_recovery_key(recovery_key).encode(), RECOVERY_N))

    def with_passphrase(self, data_key: bytes, passphrase: str) -> "KeyFile":
        """A new passphrase (the rule applies); the recovery slot is kept as it is."""
        check_passphrase(passphrase)
        return replace(self, passphrase_slot=_wrap(data_key, _secret_bytes(passphrase), PASSPHRASE_N))

    def for_database(self, salt: bytes | None) -> "KeyFile":
        """The same slots, recorded as belonging to the database whose first bytes are ``salt``."""
        return replace(self, database_salt=salt)

    @property
    def passphrase_n(self) -> int:
        return _checked_slot(self.passphrase_slot).n

    def upgraded(self, data_key: bytes, passphrase: str | None, salt: bytes | None) -> "KeyFile | None":
        """After a successful unlock: the key file as this version writes it, or None when it
        already is. A passphrase slot weaker than PASSPHRASE_N is re-wrapped with the same
        passphrase (known only when unlocked with it; the rule is not applied: an old
        short passphrase stays valid); the recovery slot is kept; the database's salt added."""
        new = self
        if passphrase is not None and self.passphrase_n < PASSPHRASE_N:
            new = replace(new, passphrase_slot=_wrap(data_key, _secret_bytes(passphrase), PASSPHRASE_N))
        if new.database_salt is None and salt is not None:
            new = new.for_database(salt)
        return None if new is self else new

    def fits(self, vault_path: Path) -> bool:
        """False when the database at ``vault_path`` does not start with the salt this key file
        was written for: another vault's database, or a damaged start of this one (which
        ``vault`` tells apart once the data key is known). True when unknown (version 1)."""
        if self.database_salt is None:
            return True
        head = database_salt(vault_path)
        return head is None or head == self.database_salt or head.startswith(b"SQLite format 3")

    def unlock(self, passphrase: str) -> bytearray:
        """The data key; the caller wipes it (``keymem.wipe``) when done."""
        key = _unwrap(self.passphrase_slot, _secret_bytes(passphrase or ""))
        if key is None:
            raise WrongPassphrase()
        return key

    def accepts(self, passphrase: str) -> bool:
        """True when ``passphrase`` unlocks this file (the key is wiped at once)."""
        try:
            wipe(self.unlock(passphrase))
        except WrongPassphrase:
            return False
        return True

    def recover(self, recovery_key: str) -> bytearray:
        key = _unwrap(self.recovery_slot, normalize_recovery_key(recovery_key or "").encode())
        if key is None:
            raise WrongRecoveryKey()
        return key

    def to_bytes(self) -> bytes:
        doc = {"format": FORMAT, "version": VERSION,
               "passphrase": self.passphrase_slot, "recovery": self.recovery_slot}
        if self.database_salt is not None:
            doc["database_salt"] = _b64(self.database_salt)
        return json.dumps(doc, indent=1, sort_keys=True).encode("ascii")

    @classmethod
    def read(cls, vault_path: Path) -> "KeyFile":
        """The key file beside ``vault_path``, every parameter checked (KeyFileDamaged,
        KeyFileMissing, NewerVault for a key file of a newer version)."""
        path = keys_path(vault_path)
        if not path.exists():
            raise KeyFileMissing(path.name)
        try:
            if path.stat().st_size > MAX_KEY_FILE_BYTES:
                raise ValueError("size")
            doc = json.loads(path.read_bytes())
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("format")
            version = doc.get("version")
            if type(version) is int and version > VERSION:
                raise NewerVault("key file")
            if version not in READ_VERSIONS or type(version) is not int:
                raise ValueError("version")
            salt = doc.get("database_salt")
            keyfile = cls(doc["passphrase"], doc["recovery"],
                          None if salt is None else _unb64(salt, DATABASE_SALT_BYTES))
        except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error, RecursionError):
            raise KeyFileDamaged("key file") from None
        for slot in (keyfile.passphrase_slot, keyfile.recovery_slot):
            _checked_slot(slot)
        return keyfile

    def write(self, vault_path: Path) -> None:
        write_atomic(keys_path(vault_path), self.to_bytes())
