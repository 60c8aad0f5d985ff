"""Issue 9's first proof: ``kartlaggning print --document aktualisering|medgivande|arbetstraning|
slutdokumentation|kompetenskort`` for the demo participants — every field label of the domain
brief (docs: /work/shared/domain.md, step 1 "Bilaga 1", step 7, step 9, "Kompetenskort",
"Medgivande om informationsutbyte") is in the extracted text, next to the participant's stored value.

The labels are literal Swedish strings here, as the paper forms have them, so the test fails
when a printout drops or renames one. "Next to" (``next_to``): in the PDF's text with the
whitespace collapsed, each part follows the one before it with nothing but a space between —
a value on the label's line or on the next one. A table is its header row, then its rows in
order. Signature lines print the name (and date) on the line and the role and "Datum" under
it, so there the date comes just before the role.
"""
from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from kartlaggning import cli
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
CHECKED, UNCHECKED = "\u2612", "\u2610"
WINDOW = 2  # characters allowed between two parts (the collapsed whitespace is one)

# ---- the forms' labels (domain.md) ---------------------------------------------------------

# Bilaga 1, "Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten"
FORM_AV_ANVISNING = {  # stored value -> the paper's box, in the paper's order
    "sysselsattningsplats": "Sysselsättningsplats",
    "arbetspraktik": "Arbetspraktik",
    "arbetslivsinriktad_rehabilitering": "Arbetslivsinriktad rehabilitering",
    "arbetstraning": "Arbetsträning",
    "forstarkt_arbetstraning": "Förstärkt arbetsträning",
    "forstarkt_arbetstraning_fordjupad": "Förstärkt arbetsträning med fördjupad bedömning",
    "kartlaggning": "Kartläggning",
    "annat": "Annat",
}

# Medgivande om informationsutbyte: the five parties, each of which can be left out
PARTIES = ("Arbetsförmedlingen", "Försäkringskassan", "Hälso- och sjukvården", "Socialtjänsten",
           "Arbetsmarknadsenheten")

# Kompetenskort: the six properties and the five steps (plural for Förstå instruktioner)
PROPERTIES = (("narvaro", "Närvaro/punktlighet"), ("motivation", "Motivation/intresse"),
              ("samarbete", "Samarbetsförmåga"), ("noggrannhet", "Noggrannhet"), ("ansvar", "Ansvarsfullhet"),
              ("instruktioner", "Förstå instruktioner"))
STEPS = ("mycket bristfällig", "bristfällig", "varken god eller bristfällig", "god", "mycket god")
STEPS_PLURAL = ("mycket bristfälliga", "bristfälliga", "varken goda eller bristfälliga", "goda", "mycket goda")
KOMPETENSER_NOTE = ("Både tidigare inlärda kompetenser som har uppmärksammats på arbetsplatsen och nya som "
                    "individen har fått där.")

# Slutdokumentation, step 9: the sections in the handbook's order, (stored field, heading)
SLUT_SECTIONS = (
    ("Bakgrund", (("sjukdomshistorik", "Sjukdomshistorik"), ("utbildningsbakgrund", "Utbildningsbakgrund"),
                  ("arbetslivserfarenhet", "Arbetslivserfarenhet"))),
    ("Nuvarande situation", (("halsotillstand", "Aktuellt hälsotillstånd"), ("skulder", "Skulder"),
                             ("social_situation", "Social situation"))),
    ("Tiden i arbetsträning", (("arbetsplats", "Arbetsplats"), ("arbetsuppgifter", "Arbetsuppgifter"),
                               ("anpassningar", "Anpassningar och hur de fungerade"), ("narvaro", "Närvaro"),
                               ("motivation", "Motivation"), ("samarbetsformaga", "Samarbetsförmåga"),
                               ("behov_av_handledning", "Behov av handledning"), ("starka_sidor", "Starka sidor"),
                               ("utvecklingsomraden", "Utvecklingsområden"),
                               ("ovriga_observationer", "Övriga iakttagelser av betydelse för ett reguljärt arbete"),
                               ("handledarens_beskrivning", "Handledarens beskrivning"),
                               ("deltagarens_beskrivning", "Deltagarens egen beskrivning"))),
    ("Sammanfattning/bedömning", (("sammanfattning", "Sammanfattning/bedömning"),)),
)
UTFALL = {"arbete": "Arbete", "studier": "Studier", "annan_forsorjning": "Annan försörjning", "avbrott": "Avbrott",
          "annat": "Annat"}


# ---- finding label then value ----------------------------------------------------------------

def flat(text: str) -> str:
    """Blanks as single spaces; a word hyphenated at a line break ("brist-" / "fälliga" in a
    narrow column) whole again."""
    import re
    return " ".join(re.sub(r"(?<=[a-zåäö])-\s+(?=[a-zåäö])", "", str(text)).split())


def _whole(text: str, part: str, j: int) -> bool:
    """``part`` at ``j`` is whole words (not the start of "goda" when looking for "god")."""
    end = j + len(part)
    return (text.startswith(part, j) and not (j > 0 and text[j - 1].isalnum() and part[0].isalnum())
            and not (end < len(text) and text[end].isalnum() and part[-1].isalnum()))


def find_chain(text: str, *parts: str, window: int = WINDOW) -> int:
    """Where ``parts`` stand in ``text`` one right after the other (at most ``window``
    characters between two), or -1. Both sides have their whitespace collapsed, so a
    value wrapped over lines or on the line after its label counts."""
    text, parts = flat(text), [flat(p) for p in parts]
    start = text.find(parts[0])
    while start >= 0:
        if _whole(text, parts[0], start):
            end = start + len(parts[0])
            for part in parts[1:]:
                j = next((j for j in range(end, min(end + window, len(text)) + 1) if _whole(text, part, j)), -1)
                if j < 0:
                    break
                end = j + len(part)
            else:
                return start
        start = text.find(parts[0], start + 1)
    return -1


def assert_next_to(text: str, *parts: str) -> int:
    where = find_chain(text, *parts)
    if where < 0:
        flattened = flat(text)
        at = flattened.find(flat(parts[0]))
        context = flattened[at:at + 300] if at >= 0 else "(the first part is not in the text at all)"
        raise AssertionError(f"not next to each other: {parts!r}\nafter {parts[0]!r}: {context}")
    return where


def test_find_chain_wants_neighbours_and_whole_words():
    text = "Tolkbehov\n☐ Ja    ☒ Nej\nNärvaro/punktlighet\n X\n varken\ngoda eller\nbristfälliga\nSida 1"
    assert find_chain(text, "Tolkbehov", "☐ Ja", "☒ Nej") == 0
    assert find_chain(text, "Tolkbehov", "☒ Nej") < 0  # something in between
    assert find_chain(text, "X", "varken goda eller bristfälliga") > 0  # wrapped over three lines
    assert find_chain(text, "X", "varken god") < 0  # not the singular: whole words only
    assert find_chain(text, "Ja", "☒ Nej") > 0 and find_chain(text, "Nej", "Ja") < 0


# ---- the demo vault and its printouts ------------------------------------------------------------

@pytest.fixture(autouse=True)
def print_registered(monkeypatch):
    if "print_cmd" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, "print_cmd"])


@pytest.fixture
def demo(tmp_path, passphrase, monkeypatch, capsys):
    """A demo vault made by ``kartlaggning demo``; yields (path, records, letterhead, handläggare)."""
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", passphrase)
    path = tmp_path / "demo" / "demo.kvault"
    assert cli.main(["demo", "--vault", str(path)]) == 0
    capsys.readouterr()
    with Vault.open(path, passphrase) as v:
        records = [v.repo.load_record(s.id) for s in v.repo.search()]
        header = pr.load_unit_header(v.repo)
        handlaggare = pr.load_handlaggare(v.repo).namn
        medgivande_text = pr.load_medgivande(v.repo)
    return path, records, header, handlaggare, medgivande_text


def sv(d: date) -> str:
    """A date as the paper has it: 22 november 2026."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def pnr(digits: str) -> str:
    return f"{digits[:8]}-{digits[8:]}"


def box(label: str, checked: bool) -> str:
    return f"{CHECKED if checked else UNCHECKED} {label}"


def printed(path, record, document: str, tmp_path, header) -> str:
    """``kartlaggning print`` of the participant's ``document``, as text: each page without its
    letterhead (down to the personnummer) and its footer (address, version line, page number)."""
    out = tmp_path / f"{record.participant.personnummer}-{document}.pdf"
    assert cli.main(["print", "--vault", str(path), "--participant", record.participant.personnummer,
                     "--document", document, "--out", str(out)]) == 0
    number = pnr(record.participant.personnummer)
    pages = []
    for page in PdfReader(BytesIO(out.read_bytes())).pages:
        lines = page.extract_text().splitlines()
        top = next(i for i, line in enumerate(lines) if line.strip() == number)
        foot = max(i for i, line in enumerate(lines) if line.startswith("Version ") and "Utskriven" in line)
        if header.adress and lines[foot - 1].strip() == header.adress:
            foot -= 1
        pages.append("\n".join(lines[top + 1:foot]))
    return "\n".join(pages)


def who(records, test) -> list:
    return [r for r in records if test(r)]


# ---- the five documents -------------------------------------------------------------------------

def test_aktualisering(demo, tmp_path):
    path, records, header, _handlaggare, _text = demo
    referred = who(records, lambda r: r.participant.referral.source
                   and r.participant.referral.source.value == "arbetsformedlingen")
    assert len(referred) >= 6
    assert {r.participant.referral.form.value for r in referred} >= {"kartlaggning", "arbetstraning"}
    for r in referred:
        p, ref = r.participant, r.participant.referral
        text = printed(path, r, "aktualisering", tmp_path, header)
        assert_next_to(text, "Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten", "Datum", sv(ref.datum))
        # "the form goes with the sökandepresentation and carries the unit's postal address"
        assert_next_to(text, "Skickas tillsammans med sökandepresentationen till", header.enhet,
                       f"{header.forvaltning}, {header.kommun}", header.adress)
        assert_next_to(text, "Sökande", "Namn på sökande", p.namn)
        assert_next_to(text, "Handläggare på Arbetsförmedlingen", "Namn på handläggare", ref.af_handlaggare,
                       "Telefonnummer (direkt) till handläggare", ref.af_telefon)
        # tick one: the chosen form is marked, every other one is not
        assert_next_to(text, "Form av anvisning",
                       *(box(label, value == ref.form.value) for value, label in FORM_AV_ANVISNING.items()))
        assert_next_to(text, "Anvisningstid", "Från och med", sv(ref.period_from), "Till och med", sv(ref.period_to),
                       "Omfattning i procent", f"{ref.omfattning_procent} %")
        assert_next_to(text, "Önskemål om yrkesområde enligt arbetsförmedlingens handlingsplan", "Yrkesområde",
                       ref.yrkesomrade)
        assert_next_to(text, "Ersättning till anordnaren", "Ersättning", ref.ersattning,
                       "Från och med", sv(ref.ersattning_from), "Till och med", sv(ref.ersattning_to))
        assert_next_to(text, "Tolkbehov", box("Ja", ref.tolkbehov), box("Nej", not ref.tolkbehov))
        assert_next_to(text, "Har sökande försörjningsstöd", box("Ja", ref.forsorjningsstod),
                       box("Nej", not ref.forsorjningsstod))
        assert flat(text).count(CHECKED) == 3, p.namn  # the form, tolkbehov, försörjningsstöd


def test_medgivande(demo, tmp_path):
    path, records, header, handlaggare, unit_text = demo
    signed = who(records, lambda r: r.participant.consent.signed is not None)
    assert len(signed) >= 7 and handlaggare
    assert any(r.participant.consent.withdrawn for r in signed)
    assert any(set(PARTIES) - set(r.participant.consent.parties) for r in signed)  # someone left a party out
    for r in signed:
        p, consent = r.participant, r.participant.consent
        text = printed(path, r, "medgivande", tmp_path, header)
        assert_next_to(text, "Medgivande om informationsutbyte")
        if consent.withdrawn:
            assert_next_to(text, "Medgivande om informationsutbyte", f"ÅTERKALLAT {sv(consent.withdrawn)}")
            assert_next_to(text, "Återkallelsen meddelad till:", consent.withdrawn_note)
        else:
            assert "ÅTERKALLAT" not in text
        assert_next_to(text, "Namn", p.namn, "Personnummer", pnr(p.personnummer))
        assert_next_to(text, "Vad medgivandet gäller", unit_text)  # what it covers: the unit's wording
        # only the parties chosen, nothing between them, the left-out ones not at all
        chosen = [party for party in PARTIES if party in consent.parties]
        assert_next_to(text, "Parter som får lämna uppgifter till varandra", *(f"• {party}" for party in chosen),
                       "Hur länge medgivandet gäller")
        for party in set(PARTIES) - set(chosen):
            assert f"• {party}" not in text, (p.namn, party)
        assert_next_to(text, "Hur länge medgivandet gäller",
                       f"Medgivandet gäller från och med {sv(consent.signed)}")
        assert_next_to(text, "Frivilligt och återkallelse", "Det är frivilligt att lämna medgivandet. "
                       "Du kan när som helst återkalla det")
        assert_next_to(text, sv(consent.signed), "Underskrift deltagare", p.namn, "Datum",
                       sv(consent.signed), "Underskrift handläggare", handlaggare, "Datum")


def _hours(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def test_arbetstraning(demo, tmp_path):
    path, records, header, handlaggare, _text = demo
    training = who(records, lambda r: r.arbetstraningar)
    assert len(training) >= 2
    for r in training:
        p, t = r.participant, r.arbetstraningar[-1]
        assert 3 <= len(t.schema) <= 4 and t.anpassningar and t.af_beslut_datum and t.till
        text = printed(path, r, "arbetstraning", tmp_path, header)
        assert_next_to(text, f"Arbetsträningsschema för {p.namn}", "För deltagaren och arbetsplatsen",
                       "Namn", p.namn, "Personnummer", pnr(p.personnummer), "Arbetsplats", t.arbetsplats,
                       "Handledare", t.handledare, "Telefon till handledare", t.handledare_telefon,
                       "Period", f"{sv(t.datum)} – {sv(t.till)}",
                       "Arbetsförmedlingens beslut, datum", sv(t.af_beslut_datum),
                       "Beslutets referens", t.af_beslut_referens)
        assert_next_to(text, "Arbetsuppgifter", t.arbetsuppgifter)
        # the starting extent and the planned steps toward full time
        steps = sorted(t.schema, key=lambda s: s.datum)
        assert steps[-1].procent == 100
        assert_next_to(text, "Schema", "Från och med", "Procent av heltid", "Timmar per dag",
                       *(x for s in steps for x in (sv(s.datum), f"{s.procent} %", _hours(s.timmar_per_dag))))
        rows = [x for a in t.anpassningar for x in (a.beskrivning, a.hur_det_fungerade) if x.strip()]
        assert_next_to(text, "Anpassningar", "Anpassning", "Hur det fungerade", *rows)
        assert_next_to(text, "Underskrifter", "Deltagare", p.namn, "Datum", "Handledare", t.handledare, "Datum",
                       "Arbetsmarknadshandläggare", handlaggare, "Datum")


def test_slutdokumentation(demo, tmp_path):
    path, records, header, handlaggare, _text = demo
    closed = who(records, lambda r: r.avslut)
    assert closed
    for r in closed:
        p, a = r.participant, r.avslut[-1]
        assert not a.pagaende and a.ateroppnad is None  # closed, in force
        assert all(text.strip() for text in a.slutdokumentation.values())  # every section written
        text = printed(path, r, "slutdokumentation", tmp_path, header)
        outcome = ["Namn", p.namn, "Personnummer", pnr(p.personnummer), "Datum för avslut", sv(a.datum),
                   "Utfall", UTFALL[a.utfall.value]]
        if a.utfall.value == "arbete":
            outcome += ["Anställningsform", a.anstallningsform, "Subventionerad anställning",
                        {True: "Ja", False: "Nej"}[a.subventionerad]]
        assert_next_to(text, "Slutdokumentation", *outcome, "Kommentar", a.kommentar)
        where = []
        for section, fields in SLUT_SECTIONS:
            alone = len(fields) == 1 and fields[0][1] == section
            if alone:
                where.append(assert_next_to(text, section, a.slutdokumentation[fields[0][0]]))
                continue
            where.append(assert_next_to(text, section, fields[0][1]))
            for name, heading in fields:
                assert_next_to(text, heading, a.slutdokumentation[name])
        assert where == sorted(where)  # the handbook's order
        assert_next_to(text, a.slutdokumentation["sammanfattning"], "Deltagare", p.namn, "Datum",
                       "Arbetsmarknadshandläggare", handlaggare, "Datum")


def test_kompetenskort(demo, tmp_path):
    path, records, header, _handlaggare, _text = demo
    carded = who(records, lambda r: r.kompetenskort)
    assert carded
    for r in carded:
        card = r.kompetenskort[-1]
        ratings = {x.egenskap: x for x in card.betyg}
        assert all(ratings[key].betyg and ratings[key].kommentar.strip() for key, _label in PROPERTIES)
        text = printed(path, r, "kompetenskort", tmp_path, header)
        assert_next_to(text, "Kompetenskort", "Namn", card.namn, "Personnummer", pnr(card.personnummer),
                       "Adress", card.adress, "Arbetsplats", card.arbetsplats,
                       "Kontaktperson på arbetsplatsen", card.kontaktperson, "Telefonnummer", card.telefon,
                       "Beskrivning av arbetsplatsen och arbetsuppgifter", card.beskrivning)
        assert_next_to(text, "Egenskaper", "Hur bedömer du personen utifrån följande:", "Egenskap", *STEPS,
                       "Kommentarer")
        for key, label in PROPERTIES:
            rating = ratings[key]
            words = STEPS_PLURAL if key == "instruktioner" else STEPS
            # the tick, and the chosen step in words under it, then the comment
            assert_next_to(text, label, "X", words[rating.betyg - 1], rating.kommentar)
        assert_next_to(text, *STEPS_PLURAL, "Förstå instruktioner")  # its own (plural) scale above it
        ratings_part = flat(text)[find_chain(text, "Egenskaper"):find_chain(text, "Kompetenser individen uppvisat")]
        assert ratings_part.split().count("X") == len(PROPERTIES)  # one tick a property
        assert_next_to(text, "Kompetenser individen uppvisat", KOMPETENSER_NOTE, card.kompetenser)
        assert_next_to(text, "Utvecklingsområde", card.utvecklingsomrade)
        assert_next_to(text, sv(card.datum), "Kontaktperson arbetsplatsen", card.kontaktperson_underskrift, "Datum")
