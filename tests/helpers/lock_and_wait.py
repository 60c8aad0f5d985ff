"""Open a vault, work in it as a session does, lock it, and wait to be looked at twice.

Usage: lock_and_wait.py VAULT BACKUP  (the passphrase on stdin's first line)
Prints "open" with the vault unlocked, waits for a line; locks it (closes the vault),
prints "locked", waits for a line and exits. The test reads this process's memory at
both points.
"""
import gc
import sys

from kartlaggning.models import Participant
from kartlaggning.storage import Vault, keys

keys.PASSPHRASE_N = 2**12  # as in the test process that made the vault (tests/conftest.py)

vault = Vault.open(sys.argv[1], sys.stdin.readline().rstrip("\n"), check=False)
vault.await_check()  # the background integrity check's own copy of the key, used and wiped
vault.repo.save_participant(Participant(namn="Testa Minnesdotter", personnummer="191212121212"))
vault.backup(sys.argv[2])
vault.change_passphrase("ett helt annat lösenord för minnet")
print("open", flush=True)
sys.stdin.readline()
vault.close()
del vault
gc.collect()
print("locked", flush=True)
sys.stdin.readline()
