"""Write in a loop like autosave does, until killed; used by test_crash.py.

Usage: crash_writer.py VAULT PASSPHRASE KARTLAGGNING_ID ROUND
Prints "ready" once the vault is open, then for every write that has *returned*
(committed): "F <round> <n>" for a fakta update, "E <entry id>" for a new entry.
"""
import sys

from kartlaggning.models import GridEntry
from kartlaggning.storage import Vault
from kartlaggning.storage import keys

keys.PASSPHRASE_N = 2**12  # as in the test process that made the vault (tests/conftest.py): no re-wrap here

path, passphrase, kid, round_no = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
vault = Vault.open(path, passphrase)
print("ready", flush=True)
n = 0
while True:
    n += 1
    vault.repo.set_fakta(kid, "arbete", f"fakta {round_no} {n} " + "x" * (n % 50) * 20)
    print(f"F {round_no} {n}", flush=True)
    entry = GridEntry(f"hinder {round_no} {n}", id=f"r{round_no}n{n}")
    vault.repo.save_entry(kid, "arbete" if n % 2 else "fritid", "hinder", entry, n)
    print(f"E {entry.id}", flush=True)
