"""New documents pre-filled from what the vault knows, and deleting one."""
from __future__ import annotations

from datetime import date

from ..models import IndividuellPlan, Kompetenskort, Utvecklingsplan
from ..storage import prints as pr


def new_plan(repo, participant_id: str, today: date | None = None) -> IndividuellPlan:
    """An Individuell plan pre-filled from the participant, the referral and the
    handläggare's own name and phone (not saved)."""
    p = repo.get_participant(participant_id)
    me = pr.load_handlaggare(repo)
    plan = IndividuellPlan(participant_id=participant_id, namn=p.namn, personnummer=p.personnummer,
                           adress=p.adress, upprattad=today or date.today(),
                           overenskommelse=pr.load_overenskommelse(repo))
    for roll, namn, telefon in (("arbetsmarknadshandlaggare", me.namn, me.telefon),
                                ("arbetsformedlingen", p.referral.af_handlaggare, p.referral.af_telefon),
                                ("forsorjningsstod", p.referral.socialsekreterare,
                                 p.referral.socialsekreterare_telefon)):
        c = plan.contact(roll)
        c.namn, c.telefon = namn.strip(), telefon.strip()
    return plan


def next_utvecklingsplan(repo, participant_id: str, today: date | None = None) -> Utvecklingsplan:
    """The next Utvecklingsplan of the series: a continuation of the latest one, or a blank one."""
    today = today or date.today()
    series = repo.documents(participant_id, "utvecklingsplan")
    if series:
        return series[-1].continued(today)
    return Utvecklingsplan(participant_id=participant_id, datum=today)


def new_kompetenskort(repo, participant_id: str, today: date | None = None) -> Kompetenskort:
    """A Kompetenskort pre-filled from the participant (not saved)."""
    p = repo.get_participant(participant_id)
    return Kompetenskort(participant_id=participant_id, namn=p.namn, personnummer=p.personnummer,
                         adress=p.adress, datum=today or date.today())


def delete_document(repo, document_id: str) -> None:
    """A plan, Utvecklingsplan or Kompetenskort and all its print versions, in one
    transaction: never a document without its prints or prints without it."""
    with repo.vault.transaction():
        pr.PrintLog(repo.vault).delete_document_prints(document_id)
        repo.delete_document(document_id)


class NoSuchDocument(LookupError):
    """The series has no document at that place or on that date (``count`` is how many it has)."""

    def __init__(self, count: int, dates: list[date]):
        super().__init__(count)
        self.count = count
        self.dates = dates


def pick(repo, participant_id: str, kind: str, index: int | None = None, on: date | None = None):
    """One document of the participant's series of ``kind`` (ordered by date): the
    ``index``-th (1 is the first), the one dated ``on``, or the latest; None when
    there is none at all; NoSuchDocument when the one asked for is not there."""
    if index is None and on is None:
        return pr.latest_document(repo, participant_id, kind)
    series = repo.documents(participant_id, kind)
    dates = [d.datum for d in series if hasattr(d, "datum")]
    if index is not None:
        if not 1 <= index <= len(series):
            raise NoSuchDocument(len(series), dates)
        return series[index - 1]
    matching = [d for d in series if getattr(d, "datum", None) == on]
    if not matching:
        raise NoSuchDocument(len(series), dates)
    return matching[-1]
