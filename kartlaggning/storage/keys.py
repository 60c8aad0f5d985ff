"""Key slots: one random 256-bit data key, wrapped by the passphrase and by the
recovery key, kept in ``<vault>.keys`` beside the database.

The key file holds salts, KDF parameters and wrapped keys only, no personal data.
Wrapping: scrypt(secret, salt) -> 64 bytes; the first half masks the data key
(a fresh salt per wrap makes the mask single-use), the second keys an HMAC over
the wrapped value, so a wrong secret is detected without touching the database.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import KeyFileMissing, VaultDamaged, WeakPassphrase, WrongPassphrase, WrongRecoveryKey
from ..passphrase_rule import MIN_PASSPHRASE, long_enough  # noqa: F401 (MIN_PASSPHRASE: part of the API)
from .files import write_atomic

FORMAT = "kartlaggning-keys"
VERSION = 1
PASSPHRASE_N = 2**15
RECOVERY_N = 2**12  # the recovery key itself carries 130 bits of entropy
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def keys_path(vault_path: Path) -> Path:
    return Path(str(vault_path) + ".keys")


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


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
    if not long_enough(passphrase):
        raise WeakPassphrase()


def _kdf(secret: bytes, salt: bytes, n: int) -> bytes:
    return hashlib.scrypt(secret, salt=salt, n=n, r=8, p=1, maxmem=64 * 1024 * 1024, dklen=64)


def _wrap(data_key: bytes, secret: bytes, n: int) -> dict:
    salt = secrets.token_bytes(16)
    kek = _kdf(secret, salt, n)
    wrapped = bytes(a ^ b for a, b in zip(data_key, kek[:32]))
    mac = hmac.new(kek[32:], b"kartlaggning-slot-v1" + wrapped, hashlib.sha256).digest()
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return {"kdf": "scrypt", "n": n, "r": 8, "p": 1, "salt": b64(salt), "wrapped": b64(wrapped), "mac": b64(mac)}


def _unwrap(slot: dict, secret: bytes) -> bytes | None:
    try:
        salt = base64.b64decode(slot["salt"])
        wrapped = base64.b64decode(slot["wrapped"])
        mac = base64.b64decode(slot["mac"])
        n = int(slot["n"])
    except (KeyError, ValueError, TypeError):
        raise VaultDamaged("key file") from None
    kek = _kdf(secret, salt, n)
    expected = hmac.new(kek[32:], b"kartlaggning-slot-v1" + wrapped, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, expected):
        return None
    return bytes(a ^ b for a, b in zip(wrapped, kek[:32]))


@dataclass
class KeyFile:
    passphrase_slot: dict
    recovery_slot: dict

    @classmethod
    def create(cls, data_key: bytes, passphrase: str, recovery_key: str) -> "KeyFile":
        check_passphrase(passphrase)
        return cls(_wrap(data_key, _secret_bytes(passphrase), PASSPHRASE_N),
                   _wrap(data_key, normalize_recovery_key(recovery_key).encode(), RECOVERY_N))

    def with_passphrase(self, data_key: bytes, passphrase: str) -> "KeyFile":
        check_passphrase(passphrase)
        return KeyFile(_wrap(data_key, _secret_bytes(passphrase), PASSPHRASE_N), self.recovery_slot)

    def unlock(self, passphrase: str) -> bytes:
        key = _unwrap(self.passphrase_slot, _secret_bytes(passphrase or ""))
        if key is None:
            raise WrongPassphrase()
        return key

    def recover(self, recovery_key: str) -> bytes:
        key = _unwrap(self.recovery_slot, normalize_recovery_key(recovery_key or "").encode())
        if key is None:
            raise WrongRecoveryKey()
        return key

    def to_bytes(self) -> bytes:
        doc = {"format": FORMAT, "version": VERSION,
               "passphrase": self.passphrase_slot, "recovery": self.recovery_slot}
        return json.dumps(doc, indent=1, sort_keys=True).encode("ascii")

    @classmethod
    def read(cls, vault_path: Path) -> "KeyFile":
        path = keys_path(vault_path)
        if not path.exists():
            raise KeyFileMissing(path.name)
        try:
            doc = json.loads(path.read_bytes())
            if doc.get("format") != FORMAT or doc.get("version") != VERSION:
                raise ValueError("format")
            return cls(doc["passphrase"], doc["recovery"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise VaultDamaged("key file") from None

    def write(self, vault_path: Path) -> None:
        write_atomic(keys_path(vault_path), self.to_bytes())


def sqlcipher_key_literal(data_key: bytes) -> str:
    """The raw-key form for PRAGMA key; hex digits only, nothing to escape."""
    assert len(data_key) == 32
    return f"\"x'{data_key.hex()}'\""


