"""Try to open a vault and report the outcome; used by the single-writer test.

Usage: open_vault.py VAULT PASSPHRASE
Exit 0: opened (and closed again); 3: VaultLocked; 4: another VaultError.
Prints the error class and its English message.
"""
import sys

from kartlaggning import i18n
from kartlaggning.storage import Vault, VaultError, VaultLocked
from kartlaggning.storage import keys

keys.PASSPHRASE_N = 2**12  # as in the test process that made the vault (tests/conftest.py): no re-wrap here

i18n.set_language("en")
try:
    vault = Vault.open(sys.argv[1], sys.argv[2])
except VaultLocked as exc:
    print(f"{type(exc).__name__}: {exc.message}", flush=True)
    sys.exit(3)
except VaultError as exc:
    print(f"{type(exc).__name__}: {exc.message}", flush=True)
    sys.exit(4)
print("opened", vault.repo.count(), flush=True)
vault.close()
