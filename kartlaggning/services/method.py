"""Use cases of the method after the plans (no Qt, no SQL): matchning, arbetsträning,
the monthly uppföljning, avslut with its slutdokumentation, reopening.

Each ``new_*`` returns a document filled from what the vault already knows, not yet
saved: the editor shows it and saves it as the user edits.
"""
from __future__ import annotations

from datetime import date

from ..models.areas import AREAS
from ..models.method import Arbetstraning, Avslut, Matchning, MatchningBeslut, SchemaSteg, Uppfoljning
from ..models.plans import COMPETENCE_PROPERTIES, RATING_SCALE
from . import documents

STEP_WORDS = {value: sv for value, sv, _en in RATING_SCALE}


def _latest(repo, participant_id: str, kind: str):
    docs = repo.documents(participant_id, kind)
    return docs[-1] if docs else None


# ---- being closed ------------------------------------------------------------------------

def open_avslut(repo, participant_id: str) -> Avslut | None:
    """The avslut in force (closed, not reopened), or None when the participant is active."""
    return next((a for a in reversed(repo.documents(participant_id, "avslut"))
                 if a.ateroppnad is None and not a.pagaende), None)


def avslut_being_written(repo, participant_id: str) -> Avslut | None:
    """The avslut started ("Påbörja avslut") and saved as it is typed, not yet closed."""
    return next((a for a in reversed(repo.documents(participant_id, "avslut"))
                 if a.ateroppnad is None and a.pagaende), None)


def start_avslut(repo, participant_id: str, today: date | None = None) -> Avslut:
    """Begin an avslut and save it (the participant stays active until ``close``): the
    slutdokumentation pre-filled from the vault (``new_avslut``); after a reopening, the
    outcome and the texts of the avslut that was reopened instead, so nothing written is lost."""
    a = new_avslut(repo, participant_id, today)
    previous = next((x for x in reversed(repo.documents(participant_id, "avslut")) if x.ateroppnad), None)
    if previous is not None:
        for name in ("utfall", "anstallningsform", "subventionerad", "forsorjning", "avbrott_orsak", "kommentar"):
            setattr(a, name, getattr(previous, name))
        a.slutdokumentation = {**a.slutdokumentation, **previous.slutdokumentation}
    repo.save_document(a)
    return a


def is_closed(repo, participant_id: str) -> bool:
    """After avslut the participant's record is read-only until reopened."""
    return open_avslut(repo, participant_id) is not None


def close(repo, avslut: Avslut) -> None:
    """Save the avslut: the participant is closed (read-only) from now on; audited."""
    avslut.ateroppnad = None
    avslut.pagaende = False
    with repo.vault.transaction():
        repo.save_document(avslut)
        repo.vault.audit.append("participant.closed", avslut.participant_id, detail=avslut.utfall.value
                                if avslut.utfall is not None else "")


def reopen(repo, participant_id: str, today: date | None = None) -> None:
    """Open a closed participant for editing again (the avslut stays, marked reopened); audited."""
    avslut = open_avslut(repo, participant_id)
    if avslut is None:
        return
    avslut.ateroppnad = today or date.today()
    with repo.vault.transaction():
        repo.save_document(avslut)
        repo.vault.audit.append("participant.reopened", participant_id)


# ---- matchning ----------------------------------------------------------------------------

def basis(repo, participant_id: str) -> list[tuple[str, str, str, str]]:
    """What a matchning can rest on: (entry id, area title, "hinder"/"resurs", text) of
    the latest kartläggning, resurser first (they matter most), in the areas' order."""
    k = repo.latest_kartlaggning(participant_id)
    if k is None:
        return []
    out = []
    for kind in ("resurs", "hinder"):
        for area in AREAS:
            record = k.area(area.key)
            for entry in (record.resurser if kind == "resurs" else record.hinder):
                if entry.text.strip():
                    out.append((entry.id, area.title, kind, entry.text))
    return out


def new_matchning(repo, participant_id: str, today: date | None = None) -> Matchning:
    return Matchning(participant_id=participant_id, datum=today or date.today())


# ---- arbetsträning -----------------------------------------------------------------------

def new_arbetstraning(repo, participant_id: str, today: date | None = None) -> Arbetstraning:
    """From the latest matchning to an arbetsträningsplats: its workplace, handledare and
    tasks copied (the register may change later, the document keeps what was agreed);
    the schema starts at the referral's extent, or 25 %."""
    start = today or date.today()
    t = Arbetstraning(participant_id=participant_id, datum=start)
    m = _latest(repo, participant_id, "matchning")
    if m is not None and m.beslut == MatchningBeslut.ARBETSTRANING and m.workplace_id:
        w = repo.workplace(m.workplace_id)
        if w is not None:
            t.workplace_id = w.id
            t.arbetsplats, t.handledare, t.handledare_telefon = w.arbetsplats, w.handledare, w.handledare_telefon
            t.arbetsuppgifter = w.arbetsuppgifter
    p = repo.get_participant(participant_id)
    extent = p.referral.omfattning_procent
    t.schema = [SchemaSteg(start, extent if extent is not None and 0 < extent <= 100 else 25)]
    return t


# ---- uppföljning ------------------------------------------------------------------------

def new_uppfoljning(repo, participant_id: str, today: date | None = None,
                    with_utvecklingsplan: bool = True) -> tuple[Uppfoljning, object | None]:
    """The next monthly follow-up, tied to the latest arbetsträning, with (when asked) the
    next Utvecklingsplan started from the previous one. Neither is saved yet."""
    day = today or date.today()
    f = Uppfoljning(participant_id=participant_id, datum=day)
    t = _latest(repo, participant_id, "arbetstraning")
    if t is not None:
        f.arbetstraning_id = t.id
        f.faktisk_procent = t.planned_procent(day)
    f.nasta = _next_month(day)
    plan = documents.next_utvecklingsplan(repo, participant_id, today=day) if with_utvecklingsplan else None
    if plan is not None:
        f.utvecklingsplan_id = plan.id
    return f, plan


def arbetstraning_of(repo, follow_up: Uppfoljning) -> Arbetstraning | None:
    """The arbetsträning a follow-up is about: the one it names, else the latest."""
    if follow_up.arbetstraning_id:
        try:
            return repo.get_document(follow_up.arbetstraning_id)
        except KeyError:
            pass
    return _latest(repo, follow_up.participant_id, "arbetstraning")


def planned_step(t: Arbetstraning, on: date) -> SchemaSteg | None:
    """The step of the arbetsträningsschema in force on ``on`` (the last one begun by
    then, like ``Arbetstraning.planned_procent``), None before the first."""
    current = None
    for s in sorted((s for s in t.schema if s.datum is not None and s.procent is not None),
                    key=lambda s: s.datum):
        if s.datum <= on:
            current = s
    return current


def extent_differs(planned: SchemaSteg | None, procent: int | None, timmar: float | None) -> bool:
    """True when the extent actually worked is not what the schema plans (a value
    not given is no difference)."""
    if planned is None:
        return False
    if procent is not None and planned.procent is not None and procent != planned.procent:
        return True
    return (timmar is not None and planned.timmar_per_dag is not None
            and abs(timmar - planned.timmar_per_dag) > 1e-9)


def extent_over_time(repo, participant_id: str) -> list[tuple[date, int | None, int | None]]:
    """Each follow-up's (date, planned percent, actual percent), in date order: the
    extent over time, planned beside actual."""
    out = []
    for f in repo.documents(participant_id, "uppfoljning"):
        t = arbetstraning_of(repo, f)
        step = planned_step(t, f.datum) if t is not None else None
        out.append((f.datum, step.procent if step is not None else None, f.faktisk_procent))
    return out


def _next_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def follow_up_due(repo, participant_id: str, today: date) -> date | None:
    """When the next follow-up is due for a participant in arbetsträning (None when not in
    one, or closed): the last follow-up's "nästa", else a month after the last one or the start."""
    if is_closed(repo, participant_id):
        return None
    t = _latest(repo, participant_id, "arbetstraning")
    if t is None or (t.till is not None and t.till < today):
        return None
    last = _latest(repo, participant_id, "uppfoljning")
    if last is None:
        return _next_month(t.datum)
    return last.nasta or _next_month(last.datum)


# ---- avslut ---------------------------------------------------------------------------

def new_avslut(repo, participant_id: str, today: date | None = None) -> Avslut:
    """An avslut whose slutdokumentation is pre-filled, section by section, from what the
    vault holds (kartläggning, arbetsträning, follow-ups, Kompetenskort, Utvecklingsplan);
    every part is editable."""
    a = Avslut(participant_id=participant_id, datum=today or date.today(), pagaende=True)
    s = a.slutdokumentation
    k = repo.latest_kartlaggning(participant_id)
    if k is not None:
        s["sjukdomshistorik"] = _areas_text(k, ("kroppsfunktioner", "psykiska", "stress", "substans", "historik"))
        s["utbildningsbakgrund"] = _areas_text(k, ("utbildning",))
        s["arbetslivserfarenhet"] = _areas_text(k, ("arbete",))
        s["social_situation"] = _areas_text(k, ("sociala", "natverk"))
        s["sammanfattning"] = k.sammanstallning.bedomning
    t = _latest(repo, participant_id, "arbetstraning")
    if t is not None:
        period = t.datum.isoformat() + (f" – {t.till.isoformat()}" if t.till else "")
        s["arbetsplats"] = "\n".join(x for x in (t.arbetsplats, period, t.handledare and f"Handledare: {t.handledare}")
                                     if x)
        s["arbetsuppgifter"] = t.arbetsuppgifter
        s["anpassningar"] = "\n".join(
            f"{x.beskrivning.strip().rstrip('.:')}: {x.hur_det_fungerade.strip()}" if x.hur_det_fungerade.strip()
            else x.beskrivning.strip() for x in t.anpassningar if x.beskrivning.strip())
    follow_ups = repo.documents(participant_id, "uppfoljning")
    if follow_ups:
        s["ovriga_observationer"] = "\n".join(f"{f.datum.isoformat()}: {f.hur_det_gar}" for f in follow_ups
                                              if f.hur_det_gar.strip())
        s["deltagarens_beskrivning"] = "\n".join(f"{f.datum.isoformat()}: {f.deltagarens_syn}" for f in follow_ups
                                                 if f.deltagarens_syn.strip())
    card = _latest(repo, participant_id, "kompetenskort")
    if card is not None:
        ratings = {r.egenskap: r for r in card.betyg}
        for field, prop in (("narvaro", "narvaro"), ("motivation", "motivation"), ("samarbetsformaga", "samarbete")):
            r = ratings.get(prop)
            if r is not None and (r.betyg is not None or r.kommentar.strip()):
                label = next(sv for key, sv, _en in COMPETENCE_PROPERTIES if key == prop)
                step = STEP_WORDS.get(r.betyg, "")
                s[field] = " – ".join(x for x in (f"{label}: {step}" if step else "", r.kommentar.strip()) if x)
        s["starka_sidor"] = card.kompetenser
        s["utvecklingsomraden"] = card.utvecklingsomrade
    plan = _latest(repo, participant_id, "utvecklingsplan")
    if plan is not None and not s["utvecklingsomraden"].strip():
        s["utvecklingsomraden"] = plan.utvecklingsomraden
    return a


def _sentence(text: str) -> str:
    return text if text[-1:] in ".!?:;" else text + "."


def _areas_text(k, keys) -> str:
    """The facts, hinder and resurser of some areas, as running text for a section."""
    parts = []
    for area in AREAS:
        if area.key not in keys:
            continue
        record = k.area(area.key)
        lines = [record.fakta.strip()] if record.fakta.strip() else []
        lines += [f"Hinder: {e.text.strip()}" for e in record.hinder if e.text.strip()]
        lines += [f"Resurs: {e.text.strip()}" for e in record.resurser if e.text.strip()]
        if lines:  # the paper's name (title is a msgid); each part ends as a sentence
            parts.append(f"{area.form_title}: " + " ".join(_sentence(line) for line in lines))
    return "\n".join(parts)
