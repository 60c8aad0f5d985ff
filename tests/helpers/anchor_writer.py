"""Append audit entries and autosave in a loop until killed; used by test_anchor.py.

Usage: anchor_writer.py VAULT PASSPHRASE PARTICIPANT_ID KARTLAGGNING_ID
Prints "ready" once the vault is open, then "A <seq>" after each audit entry has
been appended (committed) and "S <n>" after each plain save.
"""
import sys

from kartlaggning.storage import Vault

path, passphrase, pid, kid = sys.argv[1:5]
vault = Vault.open(path, passphrase)
print("ready", flush=True)
n = 0
while True:
    n += 1
    vault.repo.get_participant(pid, audit=True)  # participant.opened: anchored before and after its commit
    print(f"A {vault.audit.head()[0]}", flush=True)
    vault.repo.set_fakta(kid, "arbete", f"fakta {n}")  # a plain commit: the counter only
    print(f"S {n}", flush=True)
