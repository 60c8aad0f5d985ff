"""Save participants one commit each, then wait to be killed; used by test_wal.py.

Usage: wal_writer.py VAULT PASSPHRASE FIRST COUNT [forever]
Prints "saved <n>" after each save has returned (committed), then "done" and sleeps,
so a SIGKILL leaves the -wal and -shm as a crash does. With "forever" it goes on
saving until killed.
"""
import sys
import time
from datetime import date

from kartlaggning.models import Participant
from kartlaggning.models.personnummer import make_test_number
from kartlaggning.storage import Vault, keys

keys.PASSPHRASE_N = min(keys.PASSPHRASE_N, 2**12)  # as in the tests: no re-wrap at the program's strength

path, passphrase, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
forever = sys.argv[5:] == ["forever"]
vault = Vault.open(path, passphrase)
n = first
while forever or n < first + count:
    born = date(1920 + n // 336 % 80, 1 + n // 28 % 12, 1 + n % 28)
    vault.repo.save_participant(Participant(namn=f"Testa Wal{n}", personnummer=make_test_number(born, 980)))
    print(f"saved {n}", flush=True)
    n += 1
print("done", flush=True)
time.sleep(120)
