"""Errors the storage layer raises; each carries a translated message."""
from __future__ import annotations

from ..i18n import N_, _


class VaultError(Exception):
    text = N_("The vault could not be opened.")

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(self.message + (f" ({detail})" if detail else ""))

    @property
    def message(self) -> str:
        return _(self.text)


class WrongPassphrase(VaultError):
    text = N_("Wrong passphrase or damaged file.")


class WrongRecoveryKey(VaultError):
    text = N_("Wrong recovery key.")


class VaultDamaged(VaultError):
    text = N_("The vault file is damaged. Restore it from your latest backup: copy the backup file and its .keys file in place of the vault.")


class VaultNotFound(VaultError):
    text = N_("No vault exists at this path.")


class VaultExists(VaultError):
    text = N_("A vault already exists at this path.")


class VaultLocked(VaultError):
    text = N_("The vault is already open in another window or program. Close it there first.")


class VaultHardLinked(VaultError):
    text = N_("The vault file has more than one name on the disk (a hard link), so two programs could write "
              "to it at once without noticing each other. It was not opened. Delete the other names, or copy "
              "the vault to a file of its own, and try again.")


class VaultIsFolder(VaultNotFound):
    text = N_("The vault path is a folder, not a vault file. Give the vault file itself (its name ends "
              "in .kvault).")


# The disk faults (storage.faults raises them in place of the driver's or the OS's error).

class DiskFull(VaultError):
    text = N_("The disk is full. Make room on it (or choose another place) and try again.")


class VaultReadOnly(VaultError):
    text = N_("The disk or folder cannot be written to (it is read-only or you lack permission).")


class DiskError(VaultError):
    text = N_("The disk could not be read or written (an input/output error). Check that the disk or "
              "network drive is connected and try again; if it happens again, restore the vault from a "
              "backup on another disk.")


class KeyFileMissing(VaultError):
    text = N_("The key file that belongs to the vault is missing. Restore it together with the vault from the same backup.")


class WeakPassphrase(VaultError):
    """Refused by the passphrase rule; ``reason`` is a passphrase_rule reason code."""

    def __init__(self, reason: str = "short"):
        self.reason = reason
        super().__init__(reason)

    @property
    def message(self) -> str:
        from ..passphrase_rule import explain
        return explain(self.reason)


class BackupFailed(VaultError):
    text = N_("The backup could not be verified and was removed.")


class NewerVault(VaultError):
    text = N_("The vault was made by a newer version of Kartläggning. Update the program.")


class AuditChainBroken(VaultError):
    text = N_("The audit log has been altered: its hash chain is broken.")


class WalDamaged(VaultDamaged):
    """The -wal holds saved changes SQLite would drop unseen; ``detail`` is where it was set aside."""
    text = N_("The vault's change log (the file ending in -wal beside it) is damaged, so the changes saved last "
              "cannot be read. The damaged log was kept as {file}; the vault file itself was not changed. Unlock again to go on "
              "with the vault as it was before those changes, or restore your latest backup: copy the backup file "
              "and its .keys file in place of the vault. Ask your IT support for help.")

    @property
    def message(self) -> str:
        return _(self.text).format(file=self.detail)

    def __str__(self) -> str:
        return self.message


class KeyFileDamaged(VaultDamaged):
    text = N_("The key file (.keys) that belongs to the vault is damaged. Restore the vault together with its "
              ".keys file from your latest backup.")


class KeyFileMismatch(VaultError):
    text = N_("The key file (.keys) beside the vault belongs to another vault: it was probably swapped or copied "
              "from elsewhere. Put back the .keys file that was made together with this vault, for example from "
              "the same backup as the vault file.")


class AuditUnprotected(VaultError):
    text = N_("The audit log's protection against changes (its append-only triggers) has been removed.")


class AnchorProblem(VaultError):
    """The vault does not match the record of its last state kept beside it (storage/anchor.py).
    ``detail`` starts with a reason code."""
    texts: dict = {}
    default_code = "anchor"

    @property
    def code(self) -> str:
        return self.detail.split(":")[0].strip() or self.default_code

    @property
    def message(self) -> str:
        return _(self.texts.get(self.code, self.text))


class VaultRolledBack(AnchorProblem):
    default_code = "behind"
    text = N_("The vault is older than the state the program last recorded for it: it has been rolled back "
              "(for example an older backup copied in place), cut short, or changes saved in its -wal file "
              "were lost. Nothing was changed.")
    texts = {
        "backup": N_("The vault is a backup copied in place of the vault. Nothing was changed."),
        "forked": N_("The vault's audit log differs from the state the program last recorded for it: "
                     "entries have been rewritten. Nothing was changed."),
        "unanchored": N_("The vault's audit log has entries that the program did not write. Nothing was changed."),
    }


class AnchorMissing(AnchorProblem):
    default_code = "missing"
    text = N_("The file that records the vault's last state (its .anchor file) is missing, so the program "
              "cannot tell whether the vault was rolled back. Nothing was changed.")


class AnchorInvalid(AnchorProblem):
    default_code = "altered"
    text = N_("The file that records the vault's last state (its .anchor file) has been altered or is "
              "damaged. Nothing was changed.")
    texts = {"foreign": N_("The file that records the vault's last state (its .anchor file) belongs to "
                           "another vault. Nothing was changed.")}
