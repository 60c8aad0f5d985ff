"""A vault with one damaged page that only the whole-file checks read."""
from __future__ import annotations

import shutil
from pathlib import Path

PAGE = 4096


def damage_a_page_only_the_checks_read(path: Path, passphrase: str, work: Path) -> Path:
    """A copy of the closed vault ``path`` (in ``work``) with one damaged page that the
    whole-file checks find, but that opening the vault and listing its participants never
    read: a page in the middle of a long audit log."""
    from kartlaggning.storage import Vault, VaultDamaged
    v = Vault.open(path, passphrase)
    first = v.conn.execute("PRAGMA page_count").fetchone()[0]
    for i in range(600):
        v.audit.append("participant.opened", detail=f"{i:04d}" + "z" * 200)
    v.close()
    data = path.read_bytes()
    last = len(data) // PAGE
    for page in range(first + (last - first) // 3, last - 2):
        candidate = work / f"damaged-{page}.kvault"
        damaged = bytearray(data)
        damaged[page * PAGE + 700] ^= 0xFF
        candidate.write_bytes(bytes(damaged))
        for side in (".keys", ".anchor"):
            if Path(str(path) + side).exists():
                shutil.copyfile(str(path) + side, str(candidate) + side)
        try:
            v = Vault.open(candidate, passphrase, check=False)
            v.repo.search("")
            check = v.integrity_check_in_background()
            assert check.done.wait(30)
            v.close()
        except VaultDamaged:
            continue
        if check.problems:
            return candidate
    raise AssertionError("no page found that only the whole-file checks read")
