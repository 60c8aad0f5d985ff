"""The only code that knows SQLCipher."""
from .errors import (AuditChainBroken, BackupFailed, KeyFileMissing, NewerVault, VaultDamaged, VaultError,
                     VaultExists, VaultLocked, VaultNotFound, WeakPassphrase, WrongPassphrase, WrongRecoveryKey)
from .errors import DiskError, DiskFull, VaultHardLinked, VaultIsFolder, VaultReadOnly
from .errors import AnchorInvalid, AnchorMissing, AnchorProblem, AuditUnprotected, VaultRolledBack
from .files import FileLock
from .repository import ParticipantSummary
from .vault import Vault, verify_file

__all__ = [name for name in dir() if not name.startswith("_")]
