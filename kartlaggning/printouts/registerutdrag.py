"""Registerutdrag: everything the vault stores about one person, for that person
to read (GDPR art. 15).

The input is the extract gathered by ``services.records.register_extract`` (read
by attribute only, see ``Extract``): the record (participant, kartläggningar,
plans, Utvecklingsplaner, Kompetenskort), every print version with its snapshot,
every draft and the audit entries about the person.

Every field of every stored object is printed: the models' dataclass fields are
walked, so a field added to a model later appears here too (under a Swedish label
from ``LABELS``, or its own name until one is added). Empty fields print "–", so
the reader sees that nothing is stored there. Swedish only, like the forms; the
same page frame as the other printouts (letterhead, "Sida X av Y"), with a footer
of its own: no print version, the extract's fingerprint and date instead.
"""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from enum import Enum
from typing import Protocol

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from ..models.areas import AREAS_BY_KEY, INDIVID_AREAS, OMGIVNING_AREAS
from ..models.method import SLUT_SECTIONS, Anpassning, MatchningBeslut, SchemaSteg, Utfall
from ..models.kartlaggning import STAGE_FORM_LABELS, AreaRecord, GridEntry, Kartlaggning, Samtal, Stage
from ..models.participant import REFERRAL_FORM_LABELS, CaseSource, Contact, ReferralForm
from ..models.selfrating import AreaRating
from ..models.plans import (COMPETENCE_PROPERTIES, PLAN_CONTACT_ROLES, RATING_SCALE, Ansvar, PlanContact, Rating,
                            UppfoljningRad)
from ..models.unit import UnitHeader
from . import common
from .common import (CONTENT_W, GRID_W, HAIR, S, P, T, esc, grid, has_text, heading, keep_small, pnr, section_title, setup, subheading,
                     sv_date, sv_time, text_block, title)
from .meta import PrintInfo

TITLE = "Registerutdrag"
EMPTY = "–"
DRAFT_PRINT_LIMIT = 20_000  # a draft may hold a 2-million-character paste; the JSON holds all of it
LONG_TEXT = 120  # longer values (or any with a line break) print as text under their label

KIND_TITLES = {"kartlaggning": "Kartläggning", "plan": "Individuell plan mot arbete",
               "utvecklingsplan": "Utvecklingsplan", "kompetenskort": "Kompetenskort", "matchning": "Matchning",
               "arbetstraning": "Arbetsträning", "uppfoljning": "Uppföljning", "avslut": "Avslut",
               "referral": "Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten",
               "medgivande": "Medgivande om informationsutbyte"}
KIND_PARTS = {"matchning": "Matchning", "arbetstraning": "Arbetsträning", "uppfoljning": "Uppföljningar",
              "avslut": "Avslut", "sjalvskattning": "Självskattningar"}
KIND_DATE = {"plan": "upprattad"}  # the field a document's date is in, when it is not ``datum``

# Field labels: "Class.field" first, then "field". The paper forms' own words where they have one.
LABELS = {
    "namn": "Namn", "personnummer": "Personnummer", "adress": "Adress", "telefon": "Telefonnummer",
    "mobil": "Mobilnummer", "epost": "E-post", "kontaktpersoner": "Kontaktpersoner", "relation": "Relation",
    "tolkbehov": "Behov av tolk", "sprak": "Språk", "forsorjningsstod": "Försörjningsstöd",
    "referral": "Aktualisering", "consent": "Medgivande om informationsutbyte",
    "Referral.source": "Aktualiserad av", "Referral.received": "Aktualiseringen togs emot",
    "Referral.source_other": "Annan som aktualiserade", "Referral.af_handlaggare": "Namn på handläggare",
    "Referral.af_telefon": "Telefonnummer (direkt) till handläggare", "Referral.form": "Form av anvisning",
    "Referral.form_other": "Annan form av anvisning", "Referral.period_from": "Anvisningstid från och med",
    "Referral.period_to": "Anvisningstid till och med", "Referral.omfattning_procent": "Omfattning i procent",
    "Referral.yrkesomrade": "Önskemål om yrkesområde enligt arbetsförmedlingens handlingsplan",
    "Referral.tolkbehov": "Tolkbehov", "Referral.forsorjningsstod": "Försörjningsstöd",
    "Referral.socialsekreterare": "Socialsekreterare", "Referral.socialsekreterare_telefon":
        "Telefonnummer till socialsekreterare", "Referral.note": "Anteckning",
    "Consent.signed": "Undertecknat", "Consent.parties": "Parter som får utbyta information",
    "Consent.withdrawn": "Återkallat",
    "syfte": "Syfte", "datum": "Datum", "samtal": "Samtal", "areas": "Hinder · Område · Resurser",
    "motivation": "Motivation till förändring", "atgarder_innan_plan":
        "Åtgärder innan \u201dIndividuell plan mot arbete\u201d kan upprättas",
    "sammanstallning": "Sammanställning",
    "Sjalvskattning.skala_min": "Skalans lägsta värde", "Sjalvskattning.skala_max": "Skalans högsta värde",
    "Sjalvskattning.uppfoljning_id": "Uppföljning", "Sjalvskattning.betyg": "Skattning per område",
    "AreaRating.area": "Område", "AreaRating.egen": "Egen skattning", "AreaRating.kommentar": "Med egna ord",
    "AreaRating.handlaggare": "Handläggarens syn",
    "Samtal.datum": "Datum", "Samtal.start": "Start", "Samtal.slut": "Slut",
    "Samtal.tidsram_minuter": "Tidsram (min)", "Samtal.tolk_narvarande": "Tolk", "Samtal.tolk_sprak": "Tolkspråk",
    "Samtal.anteckning": "Anteckning",
    "Motivationskors.mal": "Vad är ditt mål?",
    "Motivationskors.mindre_bra_for_mig": "Mindre bra med förändring för mig",
    "Motivationskors.bra_for_mig": "Bra med förändring för mig",
    "Motivationskors.mindre_bra_for_omgivningen": "Mindre bra för min omgivning med förändring för mig",
    "Motivationskors.bra_for_omgivningen": "Bra för min omgivning med förändring för mig",
    "Motivationskors.stage": "Var i förändringsprocessen befinner du dig?",
    "Motivationskors.egna_ord": "Deltagarens egna ord: varför förändring?",
    "Motivationskors.viktighet": "Hur viktigt är det för dig att förändra något? (0–10)",
    "Motivationskors.tilltro": "Hur stor tilltro har du till att du klarar det? (0–10)",
    "Sammanstallning.text": "Sammanställning", "Sammanstallning.bedomning": "Sammanfattning/bedömning",
    "Sammanstallning.rehabiliteringsforslag": "Rehabiliteringsförslag",
    "Sammanstallning.ovriga_atgarder": "Förslag på övriga åtgärder",
    "Sammanstallning.deltagarens_kommentar": "Deltagarens kommentar",
    "Sammanstallning.genomgangen": "Genomgången med deltagaren",
    "Sammanstallning.signerad": "Signerad av deltagaren",
    "AreaRecord.fakta": "Fakta", "AreaRecord.hinder": "Hinder", "AreaRecord.resurser": "Resurser",
    "IndividuellPlan.upprattad": "Datum för upprättande", "IndividuellPlan.kontakter": "Kontaktlista",
    "IndividuellPlan.mal": "Mål", "IndividuellPlan.delmal": "Delmål för att uppnå mitt mål",
    "IndividuellPlan.ansvarsfordelning": "Ansvarsfördelning", "IndividuellPlan.uppfoljning": "Uppföljning",
    "IndividuellPlan.overenskommelse": "Överenskommelse", "IndividuellPlan.signerad": "Underskriven",
    "PlanContact.roll": "Funktion", "Ansvar.atgard": "Åtgärd", "Ansvar.ansvarig": "Ansvarig",
    "Utvecklingsplan.datum": "Uppföljning", "Utvecklingsplan.utvecklingsomraden": "Utvecklingsområden",
    "Utvecklingsplan.rader": "Uppföljningar", "UppfoljningRad.datum": "Datum för uppföljning",
    "UppfoljningRad.omrade": "Utvecklingsområde", "Utvecklingsplan.ansvar_datum": "Datum (ansvar)",
    "Utvecklingsplan.mitt_ansvar": "Mitt ansvar", "Utvecklingsplan.ame_ansvar": "AME:s ansvar",
    "Utvecklingsplan.avstamning_datum": "Datum för avstämning", "Utvecklingsplan.avstamning": "Avstämning",
    "Kompetenskort.arbetsplats": "Arbetsplats", "Kompetenskort.kontaktperson": "Kontaktperson på arbetsplatsen",
    "Kompetenskort.beskrivning": "Beskrivning av arbetsplatsen och arbetsuppgifter",
    "Kompetenskort.betyg": "Bedömning", "Kompetenskort.kompetenser": "Kompetenser individen uppvisat",
    "Kompetenskort.utvecklingsomrade": "Utvecklingsområde",
    "Kompetenskort.kontaktperson_underskrift": "Kontaktperson arbetsplatsen (underskrift)",
    "Rating.egenskap": "Egenskap", "Rating.betyg": "Bedömning", "Rating.kommentar": "Kommentar",
    "Matchning.beslut": "Beslut", "Matchning.utbildning": "Utbildning", "Matchning.annat_stod": "Annat stöd",
    "Matchning.motivering": "Motivering", "Matchning.grundas_pa": "Grundas på (hinder och resurser)",
    "Matchning.egna_onskemal": "Deltagarens egna önskemål",
    "Arbetstraning.datum": "Från och med", "Arbetstraning.till": "Till och med", "arbetsplats": "Arbetsplats",
    "handledare": "Handledare", "handledare_telefon": "Handledarens telefonnummer",
    "arbetsuppgifter": "Arbetsuppgifter", "Arbetstraning.af_beslut_datum": "Arbetsförmedlingens beslut, datum",
    "Arbetstraning.af_beslut_referens": "Arbetsförmedlingens beslut, referens",
    "Arbetstraning.schema": "Arbetsträningsschema", "Arbetstraning.anpassningar": "Anpassningar",
    "SchemaSteg.datum": "Från och med", "SchemaSteg.procent": "Omfattning (procent)",
    "SchemaSteg.timmar_per_dag": "Timmar per dag", "Anpassning.beskrivning": "Anpassning",
    "Anpassning.hur_det_fungerade": "Hur den fungerade",
    "Uppfoljning.faktisk_procent": "Faktisk omfattning (procent)",
    "Uppfoljning.faktiska_timmar_per_dag": "Faktiska timmar per dag", "Uppfoljning.narvarande": "Närvarande",
    "Uppfoljning.hur_det_gar": "Hur det går", "Uppfoljning.anpassningar": "Behov av fler anpassningar",
    "Uppfoljning.deltagarens_syn": "Deltagarens syn på stödet", "Uppfoljning.vagen_mot_arbete": "Vägen mot arbete",
    "Uppfoljning.nasta": "Nästa uppföljning",
    "Avslut.datum": "Datum för avslut", "Avslut.utfall": "Utfall", "Avslut.anstallningsform": "Anställningsform",
    "Avslut.subventionerad": "Subventionerad anställning", "Avslut.forsorjning": "Försörjning",
    "Avslut.avbrott_orsak": "Orsak till avbrott", "Avslut.kommentar": "Kommentar",
    "Avslut.ateroppnad": "Återöppnad", "Avslut.slutdokumentation": "Slutdokumentation",
    # keys of a dict field (the slutdokumentation's sections)
    **{f"slutdokumentation.{name}": heading for _section, names in SLUT_SECTIONS for name, heading in names},
}
# Technical keys that tie the parts together (also every ``…_id``); the JSON extract has them.
SKIP = {"id", "participant_id", "samtal_id"}


def skipped(name: str) -> bool:
    return name in SKIP or name.endswith("_id")
# What a snapshot keeps of the participant (models.printed.printed_participant).
SNAPSHOT_PARTICIPANT = ("namn", "personnummer", "telefon", "mobil", "epost", "kontaktpersoner")

ENUM_LABELS = {
    ReferralForm: REFERRAL_FORM_LABELS,
    Stage: STAGE_FORM_LABELS,
    CaseSource: {CaseSource.ARBETSFORMEDLINGEN: "Arbetsförmedlingen", CaseSource.SOCIALTJANSTEN: "Socialtjänsten",
                 CaseSource.ANNAN: "Annan"},
    MatchningBeslut: {MatchningBeslut.ARBETSTRANING: "Arbetsträningsplats", MatchningBeslut.UTBILDNING: "Utbildning",
                      MatchningBeslut.ANNAT_STOD: "Annat stöd"},
    Utfall: {Utfall.ARBETE: "Arbete", Utfall.STUDIER: "Studier", Utfall.ANNAN_FORSORJNING: "Annan försörjning",
             Utfall.AVBROTT: "Avbrott", Utfall.ANNAT: "Annat"},
}
ROLE_LABELS = dict(PLAN_CONTACT_ROLES)
PROPERTY_LABELS = {key: sv for key, sv, _en in COMPETENCE_PROPERTIES}
SCALE_LABELS = {n: sv for n, sv, _en in RATING_SCALE}

# Rows of these print as a table: (field, share of the width); fields not listed get a column too.
TABLES = {
    Contact: (("namn", 0.40), ("relation", 0.25), ("telefon", 0.35)),
    PlanContact: (("roll", 0.36), ("namn", 0.38), ("telefon", 0.26)),
    Ansvar: (("atgard", 0.56), ("ansvarig", 0.24), ("datum", 0.20)),
    UppfoljningRad: (("datum", 0.28), ("omrade", 0.72)),
    Rating: (("egenskap", 0.28), ("betyg", 0.27), ("kommentar", 0.45)),
    Samtal: (("#", 0.06), ("datum", 0.17), ("start", 0.08), ("slut", 0.08), ("tidsram_minuter", 0.10),
             ("tolk_narvarande", 0.07), ("tolk_sprak", 0.13), ("anteckning", 0.31)),
    SchemaSteg: (("datum", 0.4), ("procent", 0.3), ("timmar_per_dag", 0.3)),
    AreaRating: (("area", 0.3), ("egen", 0.14), ("kommentar", 0.42), ("handlaggare", 0.14)),
    Anpassning: (("beskrivning", 0.5), ("hur_det_fungerade", 0.5)),
}

ROW_NAMES = {Samtal: "Samtal", Contact: "Kontaktperson", PlanContact: "Kontakt", Ansvar: "Rad",
             UppfoljningRad: "Rad", Rating: "Rad", SchemaSteg: "Steg", Anpassning: "Anpassning",
             AreaRating: "Område"}

EVENTS = {
    "participant.created": "Registrerades",
    "participant.opened": "Öppnades",
    "participant.changed": "Ändrades",
    "participant.printed": "Skrevs ut",
    "participant.exported": "Lämnades ut som exportfil",
    "participant.imported": "Lästes in från en exportfil",
    "participant.extracted": "Registerutdrag lämnades ut",
    "participant.deleted": "Raderades",
    "participant.closed": "Avslutades",
    "participant.reopened": "Öppnades igen efter avslut",
}


class Extract(Protocol):
    """What this printout reads (``services.records.RegisterExtract``)."""
    record: object  # models.ParticipantRecord
    more_documents: list  # (kind, document) of the documents the record does not hold
    printed: list  # .kind .document_id .version .content_hash .printed_date .content .same_as_stored
    drafts: list  # .scope .path .text .reason .updated
    audit: list  # .seq .at .event .detail
    audit_head: tuple | None  # (seq, fingerprint) of the whole log's last entry when it was made
    made_at: datetime
    made_date: date
    fingerprint: str


# ---------------------------------------------------------------------------- values


def humanize(name: str) -> str:
    """A field name without a label yet: ``omfattning_procent`` -> ``Omfattning procent``."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def label(cls_name: str, name: str) -> str:
    return LABELS.get(f"{cls_name}.{name}") or LABELS.get(name) or humanize(name)


def when(timestamp: str) -> str:
    """A stored UTC timestamp as local Swedish date and time: ``3 december 2026 kl. 14:05``."""
    try:
        moment = datetime.fromisoformat(timestamp).astimezone()
    except (TypeError, ValueError):
        return str(timestamp)
    return f"{sv_date(moment.date())} kl. {sv_time(moment.time())}"


def scalar(value, cls_name: str = "", name: str = "") -> str:
    """A stored value as printed text (``EMPTY`` for nothing)."""
    if (cls_name, name) == ("PlanContact", "roll"):
        return ROLE_LABELS.get(value) or ("Övrig" if str(value).startswith("ovrig") else humanize(str(value)))
    if (cls_name, name) == ("AreaRating", "area"):
        return AREAS_BY_KEY[value].form_title if value in AREAS_BY_KEY else humanize(str(value))
    if (cls_name, name) == ("Rating", "egenskap"):
        return PROPERTY_LABELS.get(value, humanize(str(value)))
    if (cls_name, name) == ("Rating", "betyg") and value is not None:
        return f"{value} – {SCALE_LABELS[value]}" if value in SCALE_LABELS else str(value)
    if name == "personnummer" and isinstance(value, str):
        return pnr(value) or EMPTY
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, Enum):
        return ENUM_LABELS.get(type(value), {}).get(value) or humanize(str(value.value))
    if isinstance(value, datetime):
        return when(value.isoformat())
    if isinstance(value, date):
        return sv_date(value)
    if isinstance(value, time):
        return sv_time(value)
    if isinstance(value, str):
        return value if has_text(value) else EMPTY
    if isinstance(value, float):
        from babel.numbers import format_decimal
        return format_decimal(value, locale="sv_SE")  # 6,5
    return str(value)


def _is_long(text: str) -> bool:
    return len(text) > LONG_TEXT or "\n" in text.strip()


def _rows_table(rows: list[tuple[str, str]]) -> Flowable:
    w = CONTENT_W
    data = [[T(lab, S.label), T(val, S.cell)] for lab, val in rows]
    return grid(None, data, [0.34 * w, 0.66 * w], lines=False, extra_style=[
        ("LINEBELOW", (0, 0), (-1, -1), GRID_W, HAIR), ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])


def _items(cls, items: list) -> list[Flowable]:
    """Rows of ``cls`` (a dataclass) as a ruled table, one column per field; a field
    holding a long text in any row prints under the table instead (a 20,000-character
    note in a narrow column would fill dozens of pages), its cell saying so."""
    spec = list(TABLES.get(cls, ()))
    known = {name for name, _share in spec}
    spec += [(f.name, 0.2) for f in dataclasses.fields(cls) if f.name not in known and not skipped(f.name)]
    cls_name = cls.__name__
    text = [{name: scalar(getattr(item, name), cls_name, name) for name, _share in spec if name != "#"}
            for item in items]
    below = [name for name, _share in spec if name != "#" and any(_is_long(t[name]) for t in text)]
    columns = [(name, share) for name, share in spec if name not in below] + [(name, 0.12) for name in below]
    total = sum(share for _name, share in columns)
    widths = [CONTENT_W * share / total for _name, share in columns]
    head = ["Nr" if name == "#" else label(cls_name, name) for name, _share in columns]
    rows = []
    for i, values in enumerate(text, 1):
        row = []
        for name, _share in columns:
            if name == "#":
                row.append(T(str(i), S.cell))
            elif name in below:
                row.append(T("Nedan" if values[name] != EMPTY else EMPTY, S.cell))
            else:
                row.append(text_block(values[name], S.cell) or T(EMPTY, S.cell))
        rows.append(row)
    out: list[Flowable] = [grid(head, rows, widths)]
    first = columns[0][0]
    for i, values in enumerate(text, 1):
        for name in below:
            if values[name] == EMPTY:
                continue
            row_name = (values[first] if first != "#" and first not in below and not _is_long(values[first])
                        else f"{ROW_NAMES.get(cls, 'Rad')} {i}")
            out += keep_small([subheading(f"{row_name} – {label(cls_name, name)}"),
                               *text_block(values[name], S.cell)], limit=40 * mm)
    return out


def _grid_entries(k: Kartlaggning | None, entries: list[GridEntry]) -> list[Flowable]:
    out = []
    for e in entries:
        n = k.samtal_number(e.samtal_id) if k is not None else None
        out.append(common.entry_item(e.text.strip() or EMPTY, e, S.bullet, n, source_size=9))
    return out


def _areas(k: Kartlaggning, areas: dict[str, AreaRecord]) -> list[Flowable]:
    out: list[Flowable] = []
    groups = (("Individfaktorer", [a.key for a in INDIVID_AREAS]),
              ("Omgivningsfaktorer", [a.key for a in OMGIVNING_AREAS]))
    listed = {key for _title, keys in groups for key in keys}
    groups += (("Övriga områden", [key for key in areas if key not in listed]),)
    for group_title, keys in groups:
        filled = [areas[key] for key in keys if key in areas and not areas[key].is_empty]
        empty = [key for key in keys if key in areas and areas[key].is_empty]
        if not filled and not empty:
            continue
        head: list[Flowable] = [subheading(f"Hinder · Område · Resurser – {group_title.lower()}")]
        for rec in filled:
            area = AREAS_BY_KEY.get(rec.area)
            part: list[Flowable] = [T(area.form_title if area else humanize(rec.area), S.area)]
            part += [T("Fakta", S.label), *(text_block(rec.fakta, S.cell) or [T(EMPTY, S.cell)])]
            for name, entries in (("hinder", rec.hinder), ("resurser", rec.resurser)):
                part += [T(label("AreaRecord", name), S.label), *(_grid_entries(k, entries) or [T(EMPTY, S.cell)])]
            part.append(Spacer(1, 2 * mm))
            out += keep_small([*head, *part], limit=60 * mm)  # the group's title never alone at a page end
            head = []
        if empty:
            names = ", ".join(AREAS_BY_KEY[key].form_title if key in AREAS_BY_KEY else humanize(key) for key in empty)
            out += keep_small([*head, P(esc(f"Inget antecknat inom: {names}."), S.small)])
    return out


def _entry_texts(record) -> dict[str, str]:
    """Grid entry id -> ``Hinder, Arbetsförhållanden: text`` (what a matchning rests on)."""
    out = {}
    for k in record.kartlaggningar:
        for rec in k.areas.values():
            area = AREAS_BY_KEY.get(rec.area)
            where = area.form_title if area else humanize(rec.area)
            for kind, entries in (("Hinder", rec.hinder), ("Resurs", rec.resurser)):
                for e in entries:
                    out[e.id] = f"{kind}, {where}: {e.text.strip() or EMPTY}"
    return out


def _labelled(rows: list[tuple[str, str]], parts: list[Flowable], lab: str, text: str) -> None:
    if _is_long(text):
        parts += keep_small([subheading(lab), *text_block(text, S.cell)], limit=40 * mm)
    else:
        rows.append((lab, text))


def fields(obj, entries: dict[str, str] | None = None, only: tuple[str, ...] | None = None) -> list[Flowable]:
    """Every field of the dataclass ``obj`` (but the technical ids): the short values
    first, in one label | value table; then, in the model's order, long texts, lists of
    rows and nested parts, each under its label. ``entries`` names the grid entries a
    matchning rests on (``_entry_texts``)."""
    cls_name = type(obj).__name__
    rows: list[tuple[str, str]] = []
    parts: list[Flowable] = []
    for f in dataclasses.fields(obj):
        name = f.name
        if skipped(name) or (only is not None and name not in only):
            continue
        value = getattr(obj, name)
        lab = label(cls_name, name)
        if (cls_name, name) == ("Matchning", "grundas_pa"):
            value = [(entries or {}).get(i, "(finns inte längre i kartläggningen)") for i in value]
        if isinstance(value, dict) and value and all(isinstance(v, AreaRecord) for v in value.values()):
            parts += _areas(obj if isinstance(obj, Kartlaggning) else None, value)
        elif isinstance(value, dict):
            inner_rows: list[tuple[str, str]] = []
            inner: list[Flowable] = []
            for key, item in value.items():
                _labelled(inner_rows, inner, LABELS.get(f"{name}.{key}") or humanize(str(key)), scalar(item))
            parts += [subheading(lab), *([_rows_table(inner_rows)] if inner_rows else []), *inner]
            if not value:
                rows.append((lab, EMPTY))
                parts.pop()
        elif dataclasses.is_dataclass(value):
            parts += [subheading(lab), *fields(value, entries)]
        elif isinstance(value, (list, tuple)):
            if not value:
                rows.append((lab, EMPTY))
            elif dataclasses.is_dataclass(value[0]):
                table, *below = _items(type(value[0]), list(value))
                parts += [*keep_small([subheading(lab), table]), *below]
            elif len(value) <= 8 and not any(_is_long(scalar(v)) for v in value):
                rows.append((lab, "\n".join(scalar(v) for v in value)))
            else:
                items = [P(f"{i}.&nbsp;&nbsp;" + esc(scalar(v)), S.cell) for i, v in enumerate(value, 1)]
                parts += keep_small([subheading(lab), *items], limit=40 * mm)
        else:
            _labelled(rows, parts, lab, scalar(value, cls_name, name))
    return ([_rows_table(rows)] if rows else []) + parts


# ---------------------------------------------------------------------------- the parts


CORE_PARTS = {"kartlaggning": "Kartläggningar", "plan": "Individuella planer mot arbete",
              "utvecklingsplan": "Utvecklingsplaner", "kompetenskort": "Kompetenskort"}
# The method's order: the parts of the extract follow it (kinds not listed come last).
PART_ORDER = ("kartlaggning", "plan", "matchning", "arbetstraning", "uppfoljning", "sjalvskattning", "utvecklingsplan",
              "kompetenskort", "avslut")


def document_groups(extract: Extract) -> list[tuple[str, str, list]]:
    """(kind, part title, documents) of every kind of document, in the method's order:
    the four of the record always, the others when there are any."""
    r = extract.record
    groups = {"kartlaggning": r.kartlaggningar, "plan": r.planer, "utvecklingsplan": r.utvecklingsplaner,
              "kompetenskort": r.kompetenskort}
    for kind, docs in (("matchning", r.matchningar), ("arbetstraning", r.arbetstraningar),
                       ("uppfoljning", r.uppfoljningar), ("avslut", r.avslut),
                       ("sjalvskattning", r.sjalvskattningar)):
        if docs:
            groups[kind] = list(docs)
    for kind, doc in extract.more_documents:
        groups.setdefault(kind, []).append(doc)
    order = {kind: i for i, kind in enumerate(PART_ORDER)}
    kinds = sorted(groups, key=lambda kind: (order.get(kind, len(order)), kind))
    return [(kind, CORE_PARTS.get(kind) or KIND_PARTS.get(kind) or humanize(kind), groups[kind]) for kind in kinds]


def _doc_date(kind: str, doc):
    value = getattr(doc, KIND_DATE.get(kind, "datum"), None)
    return value if isinstance(value, date) else None


def document_names(extract: Extract) -> dict[str, str]:
    """Document id -> how the extract names it: "Utvecklingsplan 2 – 1 november 2026"."""
    names: dict[str, str] = {}
    for kind, _part, docs in document_groups(extract):
        for i, doc in enumerate(docs, 1):
            number = f" {i}" if len(docs) > 1 else ""
            when_ = _doc_date(kind, doc)
            names[doc.id] = f"{KIND_TITLES.get(kind) or humanize(kind)}{number}" + (
                f" – {sv_date(when_)}" if when_ else "")
    for p in extract.printed:
        if p.document_id not in names:
            doc = p.content.document
            when_ = _doc_date(p.kind, doc)
            # a part of the participant record (the referral, the medgivande) has no id of its own
            gone = " (finns inte längre)" if getattr(doc, "id", None) else ""
            names[p.document_id] = (f"{KIND_TITLES.get(p.kind) or humanize(p.kind)}"
                                    + (f" – {sv_date(when_)}" if when_ else "") + gone)
    names[extract.record.participant.id] = "Personuppgifter"
    return names


def _intro(extract: Extract, header: UnitHeader) -> list[Flowable]:
    r = extract.record
    who = header.enhet.strip() or "Arbetsmarknadsenheten"
    if header.kommun.strip():
        who = f"{who} i {header.kommun.strip()}"
    counts = [(part, len(docs)) for _kind, part, docs in document_groups(extract)]
    counts += [("Utskrivna versioner", len(extract.printed)), ("Utkast (text som inte sparades)", len(extract.drafts)),
               ("Händelser i loggen", len(extract.audit))]
    return [
        *title(f"{TITLE} för {r.participant.namn}".strip(),
               f"Personnummer {pnr(r.participant.personnummer)} · Utdraget gjordes {sv_date(extract.made_date)}"),
        *text_block(
            f"Det här är alla uppgifter om dig som {who} har lagrat i programmet Kartläggning den "
            f"{sv_date(extract.made_date)}. Du har rätt att få veta vilka uppgifter om dig som behandlas "
            f"(artikel 15 i dataskyddsförordningen, GDPR).\n\n"
            "Utdraget visar dina personuppgifter och hur ärendet kom till oss, varje dokument om dig "
            "(kartläggning, Individuell plan mot arbete, Utvecklingsplan, Kompetenskort och de andra), varje "
            "version som har skrivits ut, text som har skrivits in men inte kunnat sparas (utkast) och loggen "
            "över när uppgifterna om dig har öppnats, ändrats, skrivits ut eller lämnats ut. Ett streck (–) "
            "betyder att inget är ifyllt.\n\n"
            "Om något är fel eller saknas har du rätt att få det rättat. Tala med din handläggare."),
        *keep_small([subheading("Innehåll"), _rows_table([(lab, str(n)) for lab, n in counts])]),
    ]


def part_title(text: str) -> list[Flowable]:
    return [Spacer(1, 6 * mm), section_title(text)]


def _personuppgifter(extract: Extract) -> list[Flowable]:
    return [*part_title("Personuppgifter"), *fields(extract.record.participant)]


def _documents(extract: Extract, names: dict[str, str], entries: dict[str, str]) -> list[Flowable]:
    out: list[Flowable] = []
    for _kind, part, docs in document_groups(extract):
        out += part_title(part)
        if not docs:
            out.append(T("Inget sparat.", S.body))
        for doc in docs:
            out.append(heading(names[doc.id]))
            out += fields(doc, entries)
    return out


def _printed(extract: Extract, names: dict[str, str], entries: dict[str, str]) -> list[Flowable]:
    out: list[Flowable] = part_title("Utskrivna versioner")
    if not extract.printed:
        return out + [T("Inget har skrivits ut.", S.body)]
    out += text_block("Varje gång ett dokument skrivs ut sparas exakt vad utskriften visade, med ett "
                      "versionsnummer och en kontrollsumma som står längst ner på papperet.")
    w = CONTENT_W
    rows = []
    for p in extract.printed:
        shows = "Som dokumentet i utdraget" if p.same_as_stored else "Visas nedan"
        rows.append([T(names.get(p.document_id, KIND_TITLES.get(p.kind, p.kind)), S.cell),
                     T(str(p.version), S.cell), T(sv_date(p.printed_date), S.cell), T(p.content_hash, S.cell),
                     T(shows, S.cell)])
    out.append(grid(["Dokument", "Version", "Utskriven", "Kontrollsumma", "Innehåll"], rows,
                    [0.33 * w, 0.10 * w, 0.18 * w, 0.18 * w, 0.21 * w]))
    for p in extract.printed:
        if p.same_as_stored:
            continue
        content = p.content
        out.append(heading(f"{names.get(p.document_id, KIND_TITLES.get(p.kind, p.kind))}, "
                           f"version {p.version} ({sv_date(p.printed_date)})"))
        out.append(P(esc("Så här såg den utskrivna versionen ut. Den skiljer sig från dokumentet som är "
                         "sparat nu."), S.small))
        if content.participant is not None:
            out += fields(content.participant, only=SNAPSHOT_PARTICIPANT)
        if has_text(content.handlaggare_namn):
            out.append(_rows_table([("Arbetsmarknadshandläggare", content.handlaggare_namn)]))
        out += fields(content.document, entries)
    return out


def field_path_label(path: str, obj) -> str:
    """The field ``path`` of ``obj`` (the document, kartläggning or participant a draft
    belongs to) in words: ``areas.arbete.fakta`` -> ``Arbetsförhållanden › Fakta``,
    ``delmal[2]`` -> ``Delmål för att uppnå mitt mål 3``."""
    import re
    parts = []
    segments = path.split(".")
    i = 0
    while i < len(segments):
        m = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", segments[i])
        if m is None:
            parts.append(segments[i])
            obj = None
        elif m.group(1) == "areas" and i + 1 < len(segments):
            i += 1
            area = AREAS_BY_KEY.get(segments[i])
            parts.append(area.form_title if area else humanize(segments[i]))
            obj = getattr(obj, "areas", {}).get(segments[i]) if obj is not None else None
        else:
            name, index = m.group(1), m.group(2)
            text = label(type(obj).__name__ if obj is not None else "", name)
            parts.append(f"{text} {int(index) + 1}" if index is not None else text)
            obj = getattr(obj, name, None) if obj is not None and dataclasses.is_dataclass(obj) else None
            if index is not None and isinstance(obj, list):
                obj = obj[int(index)] if int(index) < len(obj) else None
        i += 1
    return " › ".join(parts)


def _drafts(extract: Extract, names: dict[str, str]) -> list[Flowable]:
    out: list[Flowable] = part_title("Utkast: text som inte kunde sparas")
    if not extract.drafts:
        return out + [T("Inga utkast.", S.body)]
    out += text_block("Text som skrevs in i ett fält men inte kunde sparas som fältets värde (till exempel "
                      "ett datum som inte finns) sparas krypterad som ett utkast tills den rättas eller slängs.")
    owners = {doc.id: doc for _kind, _part, docs in document_groups(extract) for doc in docs}
    owners[extract.record.participant.id] = extract.record.participant
    for d in extract.drafts:
        out.append(subheading(f"{names.get(d.scope, 'Dokument som inte längre finns')} › "
                              f"{field_path_label(d.path, owners.get(d.scope))}"))
        out.append(P(esc(f"Sparades inte: {d.reason} · Senast ändrat {when(d.updated)}"), S.small))
        out.append(T("Text som skrevs", S.label))
        text = d.text
        if len(text) > DRAFT_PRINT_LIMIT:
            out.append(P(esc(f"Texten är {len(text):,} tecken lång; de första {DRAFT_PRINT_LIMIT:,} visas här. "
                             "Hela texten finns i utdraget som fil (JSON).").replace(",", "\u00a0"), S.small))
            text = text[:DRAFT_PRINT_LIMIT]
        out += text_block(text, S.cell) or [T(EMPTY, S.cell)]
    return out


def _event_detail(event: str, detail: str) -> str:
    kind, _sep, rest = detail.partition(":")
    if event == "participant.printed" and rest.startswith("v"):
        return f"{KIND_TITLES.get(kind, kind)}, version {rest[1:]}"
    if event == "participant.extracted" and rest:
        return f"{kind.upper()}, fil {rest}"
    if event == "participant.exported" and detail:
        return f"fil {detail}"
    return detail


def _audit(extract: Extract) -> list[Flowable]:
    out: list[Flowable] = part_title("Loggen")
    out += text_block("Loggen visar när uppgifterna om dig har registrerats, öppnats, ändrats, skrivits ut, "
                      "lämnats ut eller lästs in. Den innehåller ingen text ur uppgifterna, bara vad som hände "
                      f"och när. Du anges i loggen med id-numret {extract.record.participant.id}; en fil anges med "
                      "början av dess kontrollsumma.")
    head = getattr(extract, "audit_head", None)
    if head:
        out += text_block(f"Hela loggens senaste händelse när utdraget gjordes var nr {head[0]}, med "
                          f"kontrollvärdet {head[1]}. Enheten kan senare jämföra det med loggen: en logg som har "
                          "skrivits om får ett annat kontrollvärde.")
    if not extract.audit:
        return out + [T("Inga händelser.", S.body)]
    w = CONTENT_W
    rows = [[T(str(a.seq), S.cell), T(when(a.at), S.cell), T(EVENTS.get(a.event, a.event), S.cell),
             T(_event_detail(a.event, a.detail), S.cell)] for a in extract.audit]
    out.append(grid(["Nr", "Tid", "Händelse", "Uppgift"], rows, [0.10 * w, 0.30 * w, 0.28 * w, 0.32 * w]))
    return out


# ---------------------------------------------------------------------------- the page


def registerutdrag_pdf(extract: Extract, header: UnitHeader) -> bytes:
    """The register extract as PDF bytes (in memory; the same extract gives the same bytes)."""
    from .render import _ONE_AT_A_TIME  # reportlab's module globals: one layout at a time
    with _ONE_AT_A_TIME:
        return _build(extract, header)


def _build(extract: Extract, header: UnitHeader) -> bytes:
    setup()
    names = document_names(extract)
    entries = _entry_texts(extract.record)
    person = extract.record.participant
    story: list[Flowable] = [
        *_intro(extract, header),
        *_personuppgifter(extract),
        *_documents(extract, names, entries),
        *_printed(extract, names, entries),
        *_drafts(extract, names),
        *_audit(extract),
    ]
    printed = extract.made_at.astimezone()
    return common.build_pdf(
        story, doc=None, doc_title=TITLE, subject=f"{TITLE} {printed.date().isoformat()}",
        person_name=person.namn, person_pnr=pnr(person.personnummer), header=header,
        info=PrintInfo(version=1, printed=printed, content_hash=extract.fingerprint),
        footer_stamp=f"{TITLE} · {extract.fingerprint} · Utskrivet {sv_date(printed)}")
