"""Print a document: prepare what it shows, render the PDF, record the version.

A print is three steps, so the slow middle one can run off the UI thread:

1. ``prepare`` / ``prepare_reprint`` read the vault: the content, the version it
   will get (hashed once) and the letterhead.
2. ``PrintJob.render`` builds the PDF from those values alone (no vault).
3. ``record`` logs the print (version, hash, snapshot, audit) once it was
   printed or saved.

The window and ``kartlaggning print`` both go through here, so the same content
gets the same version, hash and snapshot whichever printed it.
"""
from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass

from ..i18n import N_
from ..models.printed import KARTLAGGNING, PARTICIPANT_KINDS, PLAN, UTVECKLINGSPLAN, PrintContent, participant_print_id
from ..models.unit import UnitHeader
from ..printouts.meta import EASY_READ, LARGE, STANDARD  # no reportlab behind these
from ..storage import prints as pr

# How a document is laid out (``printouts.meta``'s variants): the same content, version
# and hash whichever is chosen. Lättläst exists for the documents the participant signs
# or follows month by month: the plan, the Utvecklingsplan and the kartläggning's
# sammanställning.
VARIANT_LABELS = {STANDARD: N_("Standard"), LARGE: N_("Large print"), EASY_READ: N_("Easy-to-read (lättläst)")}
EASY_READ_KINDS = (PLAN, UTVECKLINGSPLAN, KARTLAGGNING)


def variants_for(kind: str) -> tuple[str, ...]:
    """The variants a document of ``kind`` can be printed in."""
    return (STANDARD, LARGE, EASY_READ) if kind in EASY_READ_KINDS else (STANDARD, LARGE)


@dataclass(frozen=True)
class PrintJob:
    content: PrintContent
    record: pr.PrintRecord  # the version this print is (new, same again, or a stored one)
    header: UnitHeader
    reprint: bool = False  # True: a stored version reproduced exactly (``--version N``)
    variant: str = STANDARD  # the layout (see ``variants_for``); not part of the version

    def with_variant(self, variant: str) -> "PrintJob":
        """The same print (version, hash, snapshot) laid out as ``variant``."""
        if variant not in variants_for(self.content.kind):
            raise ValueError(variant)
        return dataclasses.replace(self, variant=variant)

    @property
    def version(self) -> int:
        return self.record.version

    def render(self, first_pages: int | None = None) -> bytes:
        """The PDF, in memory. With ``first_pages`` only that many pages are laid
        out (a quick first look while the whole document renders; never printed)."""
        from ..printouts.render import print_info, render
        info = print_info(self.record.version, self.record.printed_date, self.record.content_hash)
        info = dataclasses.replace(info, variant=self.variant)
        return render(self.content, self.header, info, first_pages=first_pages)


def _texts(value, depth: int = 0):
    """Every string in a model object (dataclasses, lists, dicts), depth-first."""
    if isinstance(value, str):
        yield value
    elif depth > 8:
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name), depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item, depth + 1)


def missing_characters(job: PrintJob) -> list[str]:
    """The characters of the print that no bundled font has (printed as a placeholder):
    for a warning before it is printed."""
    from ..printouts import scripts
    c = job.content
    return scripts.missing(_texts([c.document, c.participant, c.handlaggare_namn, c.unit_text, job.header]))


def letterhead(repo, template: UnitHeader | None = None) -> UnitHeader:
    """The vault's own letterhead once saved, else ``template`` (IT's preset), else the built-in one."""
    return pr.effective_unit_header(repo, template)


def current_content(repo, kind: str, document) -> PrintContent:
    """What a print of ``document`` (as stored or as being edited) shows."""
    return pr.content_for(repo, kind, document)


def latest_content(repo, participant_id: str, kind: str) -> PrintContent | None:
    """The print content of the participant's latest document of ``kind``, None if none."""
    doc = pr.latest_document(repo, participant_id, kind)
    return current_content(repo, kind, doc) if doc is not None else None


def kartlaggning_content(repo, participant_id: str, kartlaggning_id: str | None = None) -> PrintContent | None:
    """A kartläggning's print content (the latest when no id), None if there is none."""
    k = repo.get_kartlaggning(kartlaggning_id) if kartlaggning_id else repo.latest_kartlaggning(participant_id)
    return current_content(repo, KARTLAGGNING, k) if k is not None else None


def participant_content(repo, participant_id: str, kind: str) -> PrintContent:
    """The print content of the participant's referral or medgivande (``PARTICIPANT_KINDS``),
    as stored now."""
    if kind not in PARTICIPANT_KINDS:
        raise ValueError(kind)
    return current_content(repo, kind, repo.get_participant(participant_id))


def print_id(kind: str, document) -> str:
    """The id the print log keeps ``document``'s versions under: the document's own id,
    or for the referral and the medgivande (``document`` is the participant) the one
    derived from the participant's (``models.printed.participant_print_id``)."""
    return participant_print_id(document.id, kind) if kind in PARTICIPANT_KINDS else document.id


def prepare(repo, content: PrintContent, template: UnitHeader | None = None) -> PrintJob:
    """A print of ``content`` now: the latest version again if unchanged, else the next one.
    The job keeps its own copy: later edits do not change what it prints or records."""
    content = copy.deepcopy(content)
    return PrintJob(content, pr.PrintLog(repo.vault).pending(content), letterhead(repo, template))


def prepare_reprint(repo, document_id: str, version: int, template: UnitHeader | None = None) -> PrintJob | None:
    """Version ``version`` exactly as it was printed, None if it never was."""
    log = pr.PrintLog(repo.vault)
    stored = log.get(document_id, version)
    if stored is None:
        return None
    return PrintJob(log.snapshot(document_id, version), stored, letterhead(repo, template), reprint=True)


def record(repo, job: PrintJob) -> pr.PrintRecord:
    """Log that ``job`` was printed or saved (its snapshot stored with a new version)."""
    log = pr.PrintLog(repo.vault)
    if job.reprint:
        log.record_reprint(job.content.participant_id, job.record)
        return job.record
    return log.record(job.content, pending=job.record)
