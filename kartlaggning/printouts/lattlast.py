"""Lättläst: the plan, the Utvecklingsplan and the kartläggning's sammanställning in
easy-to-read Swedish, for the participant to keep and read at home.

The same content (and version) as the standard print, laid out for reading rather
than for the form: 13 pt and larger, left-aligned, short lines (at most about 60 characters),
one thing per line, every heading saying in plain Swedish what it means
("Hinder – det som gör det svårt just nu"), the ratings in words, the agreement in
plain Swedish. No signature lines: the version signed is the standard one, and each
lättläst print says so (a unit's own agreement text is printed as written, beside the
plain one). No Qt, no storage.
"""
from __future__ import annotations

from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..models.areas import INDIVID_AREAS, OMGIVNING_AREAS
from ..models.kartlaggning import Kartlaggning, Stage
from ..models.participant import Participant
from ..models.plans import DEFAULT_OVERENSKOMMELSE, PLAN_CONTACT_ROLES, IndividuellPlan, Utvecklingsplan
from .common import (CONTENT_W, FONT, FONT_BOLD, Heading, NeedSpace, P, S, T, build_pdf, esc, has_text,
                     entry_item, interpreter_sentence, pnr, setup, sv_date)
from .meta import EASY_READ, PrintInfo, UnitHeader

LINE_W = 130 * mm  # at most about 60 characters of 13 pt text: short lines are easier to follow
NOT_SIGNED_HERE = ("Det här är en lättläst version. Den version som skrivs under är den vanliga "
                   "{what}. Där står samma sak.")

PLAN_TITLE = "Din plan mot arbete"
PLAN_DOC_TITLE = "Individuell plan mot arbete – lättläst"
UP_DOC_TITLE = "Utvecklingsplan – lättläst"
SAMMAN_DOC_TITLE = "Sammanställning – lättläst"

PLAIN_AGREEMENT = [
    "Vi har gjort planen tillsammans.",
    "Alla som skriver under lovar att göra det som står i planen, så gott de kan.",
    "Du säger ja till att kommunen och Arbetsförmedlingen får berätta för varandra om din plan.",
]
PLAIN_ROLES = {
    "arbetsformedlingen": "Din handläggare på Arbetsförmedlingen",
    "arbetsmarknadshandlaggare": "Din handläggare på kommunen",
}
PLAIN_AREAS = {
    "kroppsfunktioner": "Kroppen – hur du mår i kroppen",
    "psykiska": "Tankar och känslor – hur du mår inuti",
    "stress": "Stress – det som gör dig stressad och hur kroppen känns då",
    "substans": "Alkohol, droger och mediciner",
    "historik": "Ditt liv hittills – skola, jobb och det som hänt dig",
    "individ_ovrigt": "Annat om dig",
    "sociala": "Familj, vänner och boende",
    "arbete": "Jobb – de jobb du har haft och vill ha",
    "utbildning": "Skola och kunskaper – det du har lärt dig",
    "fritid": "Fritid – det du gör när du är ledig",
    "natverk": "Kontakter med myndigheter och vården",
    "omgivning_ovrigt": "Annat omkring dig",
}
PLAIN_STAGES = {
    Stage.INTE_AKTUELLT: "Du vill inte ändra något just nu.",
    Stage.BEGRUNDAN: "Du funderar på att ändra något.",
    Stage.FORBEREDELSE: "Du förbereder dig för att ändra något.",
    Stage.HANDLING: "Du har börjat ändra något.",
    Stage.VIDMAKTHALLANDE: "Du håller fast vid det du har ändrat.",
    Stage.ATERFALL: "Det har gått tillbaka, och du försöker igen.",
}


def rating_in_words(value: int | None, low: int = 0, high: int = 10) -> str:
    """``8`` -> "8 av 10 – mycket"; None -> ""."""
    if value is None:
        return ""
    share = (value - low) / (high - low) if high > low else 0
    word = ("inte alls" if share == 0 else "lite" if share < 0.35 else "ganska mycket" if share < 0.65
            else "mycket" if share < 0.9 else "väldigt mycket")
    return f"{value} av {high} – {word}"


class _Easy:
    """Styles of the lättläst prints: the body style, narrower and with more air."""
    body = bullet = h1 = h2 = note = area = None

    @classmethod
    def init(cls) -> None:
        right = CONTENT_W - LINE_W
        cls.body = ParagraphStyle("ELBody", parent=S.body, rightIndent=right, leading=S.body.fontSize * 1.45,
                                  spaceAfter=2.5 * mm)
        cls.bullet = ParagraphStyle("ELBullet", parent=cls.body, leftIndent=6 * mm, bulletIndent=0,
                                    bulletFontName=FONT,
                                    bulletFontSize=S.body.fontSize, spaceAfter=2 * mm)
        cls.h1 = ParagraphStyle("ELTitle", parent=S.title, fontSize=S.body.fontSize * 1.7,
                                leading=S.body.fontSize * 2.1, spaceAfter=2 * mm)
        cls.h2 = ParagraphStyle("ELHeading", parent=S.h2, fontName=FONT_BOLD, rightIndent=right,
                                fontSize=S.body.fontSize * 1.15, leading=S.body.fontSize * 1.55,
                                spaceBefore=7 * mm, spaceAfter=2.5 * mm)
        cls.note = ParagraphStyle("ELNote", parent=cls.body, textColor=S.subtitle.textColor)
        cls.area = ParagraphStyle("ELArea", parent=cls.body, fontName=FONT_BOLD, spaceBefore=4 * mm)


def _begin(info: PrintInfo) -> None:
    setup(info)
    _Easy.init()


def _title(text: str, lead: str) -> list[Flowable]:
    return [T(text, _Easy.h1), T(lead, _Easy.note), Spacer(1, 2 * mm)]


def _heading(term: str, meaning: str) -> Flowable:
    """"Hinder – det som gör det svårt just nu": the form's word, then what it means."""
    return NeedSpace(Heading.of(f"{term} – {meaning}", _Easy.h2, level=1), 22 * mm)


def _lines(text: str) -> list[Flowable]:
    """A text as typed, one paragraph per line (short lines stay short)."""
    return [T(line.strip(), _Easy.body) for line in (text or "").splitlines() if line.strip()]


def _or_nothing(text: str, nothing: str) -> list[Flowable]:
    return _lines(text) if has_text(text) else [T(nothing, _Easy.note)]


def _bullets(items: list[str]) -> list[Flowable]:
    return [T(item.strip(), _Easy.bullet, bullet="•") for item in items if has_text(item)]


def _about(name: str, number: str, when: str, when_label: str) -> list[Flowable]:
    return [T(f"Namn: {name}", _Easy.body), T(f"Personnummer: {number}", _Easy.body),
            T(f"{when_label}: {when}", _Easy.body)]


def _build(story, *, doc, doc_title: str, info: PrintInfo, header: UnitHeader, name: str, number: str) -> bytes:
    return build_pdf(story, doc=doc, doc_title=doc_title, subject=f"{doc_title}, version {info.version}",
                     person_name=name, person_pnr=number, header=header, info=info,
                     keywords=f"{doc_title}; lättläst; SASSAM")


# ---- Individuell plan mot arbete ------------------------------------------------------------

def plan_pdf(plan: IndividuellPlan, header: UnitHeader, info: PrintInfo,
             consent_withdrawn: date | None = None) -> bytes:
    """The Individuell plan mot arbete in easy-to-read Swedish."""
    _begin(info)
    story = [
        *_title(PLAN_TITLE, "Individuell plan mot arbete, lättläst"),
        *_about(plan.namn, pnr(plan.personnummer), sv_date(plan.upprattad), "Planen gjordes"),
        _heading("Mål", "det du vill nå"),
        *_or_nothing(plan.mal, "Ni har inte skrivit något mål än."),
        _heading("Delmål", "små steg på vägen till målet"),
        *(_bullets(plan.delmal) or [T("Ni har inte skrivit några delmål än.", _Easy.note)]),
        _heading("Vem gör vad", "det här ska göras, av vem och när"),
    ]
    tasks = [a for a in plan.ansvarsfordelning if has_text(a.atgard) or has_text(a.ansvarig)]
    for a in tasks:
        lines = [f"<b>{esc(a.atgard.strip())}</b>" if has_text(a.atgard) else ""]
        if has_text(a.ansvarig):
            lines.append(f"Det gör: {esc(a.ansvarig.strip())}")
        if a.datum is not None:
            lines.append(f"Klart senast: {sv_date(a.datum)}")
        story.append(P("<br/>".join(line for line in lines if line), _Easy.bullet, bulletText="•"))
    if not tasks:
        story.append(T("Ni har inte skrivit vem som gör vad än.", _Easy.note))
    story += [_heading("Uppföljning", "när ni ses och pratar om hur det går"),
              *_or_nothing(plan.uppfoljning, "Ni har inte bestämt när ni ska följa upp planen än.")]
    story.append(_heading("Kontakter", "de som hjälper dig"))
    known = dict(PLAN_CONTACT_ROLES)
    contacts = [c for c in plan.kontakter if has_text(c.namn) or has_text(c.telefon)]
    for c in contacts:
        role = PLAIN_ROLES.get(c.roll) or known.get(c.roll, "Kontakt")
        lines = [f"<b>{esc(role)}</b>", esc(c.namn.strip())]
        if has_text(c.telefon):
            lines.append(f"Telefon: {esc(c.telefon.strip())}")
        story.append(P("<br/>".join(line for line in lines if line), _Easy.bullet, bulletText="•"))
    if not contacts:
        story.append(T("Inga kontakter är skrivna i planen än.", _Easy.note))
    agreement = [_heading("Överenskommelse", "det här lovar ni varandra"), *_bullets(PLAIN_AGREEMENT)]
    if has_text(plan.overenskommelse) and plan.overenskommelse.strip() != DEFAULT_OVERENSKOMMELSE:
        agreement += [T("Så här står det i planen:", _Easy.body), *_lines(plan.overenskommelse)]
    if consent_withdrawn is not None:
        agreement.append(T(f"Men: den {sv_date(consent_withdrawn)} sa du nej till att kommunen och "
                           "Arbetsförmedlingen får berätta för varandra om dig. Då gör de inte det.", _Easy.body))
    story += [KeepTogether(agreement),
              T(NOT_SIGNED_HERE.format(what="planen"), _Easy.note)]
    return _build(story, doc=plan, doc_title=PLAN_DOC_TITLE, info=info, header=header, name=plan.namn,
                  number=pnr(plan.personnummer))


# ---- Utvecklingsplan ---------------------------------------------------------------------------

def _own_ratings(progress) -> list[Flowable]:
    """The participant's latest självskattning in words, area by area, with the change
    since the one before."""
    layers = [layer for layer in (progress.layers if progress is not None else []) if layer.has_own]
    if not layers:
        return []
    latest, before = layers[-1], (layers[-2] if len(layers) > 1 else None)
    out: list[Flowable] = [
        _heading("Din självskattning", "hur du själv tycker att det går"),
        T(f"Så här skattade du dig den {sv_date(latest.datum)}:", _Easy.body)]
    for area in INDIVID_AREAS + OMGIVNING_AREAS:
        value = latest.egen.get(area.key)
        if value is None:
            continue
        words = rating_in_words(value, latest.skala_min, latest.skala_max)
        line = f"{PLAIN_AREAS.get(area.key, area.form_title)}: {words}"
        earlier = before.egen.get(area.key) if before is not None else None
        if earlier is not None and before.skala_max == latest.skala_max and before.skala_min == latest.skala_min:
            line += (", bättre än förra gången" if value > earlier else ", sämre än förra gången" if value < earlier
                     else ", som förra gången")
        out.append(T(line + ".", _Easy.bullet, bullet="•"))
    return out  # (the radar is on the standard print: at 13 pt its twelve labels would not fit)


def utvecklingsplan_pdf(plan: Utvecklingsplan, participant: Participant, header: UnitHeader,
                        info: PrintInfo, progress=None) -> bytes:
    """The monthly Utvecklingsplan in easy-to-read Swedish; with ``progress``, the
    participant's own latest ratings in words."""
    _begin(info)
    number = pnr(participant.personnummer)
    story = [
        *_title("Din utvecklingsplan", "Utvecklingsplan, lättläst"),
        *_about(participant.namn, number, sv_date(plan.datum), "Datum"),
        _heading("Utvecklingsområden", "det du vill bli bättre på"),
        *_or_nothing(plan.utvecklingsomraden, "Ni har inte skrivit något än."),
        _heading("Uppföljning", "när ni pratar om hur det går"),
    ]
    rows = [r for r in plan.rader if r.datum is not None or has_text(r.omrade)]
    for r in rows:
        when = sv_date(r.datum) if r.datum is not None else "Datum inte bestämt"
        what = f"<br/>{esc(r.omrade.strip())}" if has_text(r.omrade) else ""
        story.append(P(f"<b>{when}</b>{what}", _Easy.bullet, bulletText="•"))
    if not rows:
        story.append(T("Ni har inte bestämt några datum än.", _Easy.note))
    story += [
        _heading("Ditt ansvar", "det här gör du"),
        *_or_nothing(plan.mitt_ansvar, "Ni har inte skrivit något än."),
        _heading("Vårt ansvar", "det här gör vi på Arbetsmarknadsenheten"),
        *_or_nothing(plan.ame_ansvar, "Ni har inte skrivit något än."),
    ]
    if plan.ansvar_datum is not None:
        story.append(T(f"Det här bestämde ni den {sv_date(plan.ansvar_datum)}.", _Easy.note))
    story += [_heading("Avstämning", "så har det gått"),
              *_or_nothing(plan.avstamning, "Ni har inte stämt av än.")]
    if plan.avstamning_datum is not None:
        story.append(T(f"Ni stämde av den {sv_date(plan.avstamning_datum)}.", _Easy.note))
    story += _own_ratings(progress)
    story.append(T(NOT_SIGNED_HERE.format(what="utvecklingsplanen"), _Easy.note))
    return _build(story, doc=plan, doc_title=UP_DOC_TITLE, info=info, header=header, name=participant.namn,
                  number=number)


# ---- the kartläggning's sammanställning ---------------------------------------------------------

def _area_story(k: Kartlaggning, areas) -> list[Flowable]:
    out: list[Flowable] = []
    for area in areas:
        record = k.areas.get(area.key)
        if record is None or record.is_empty:
            continue
        part = [T(PLAIN_AREAS.get(area.key, area.form_title), _Easy.area)]
        hinder = [e for e in record.hinder if has_text(e.text)]
        resurser = [e for e in record.resurser if has_text(e.text)]
        if hinder:
            part.append(T("Det som gör det svårt:", _Easy.body))
            part += [entry_item(e.text.strip(), e, _Easy.bullet) for e in hinder]
        if resurser:
            part.append(T("Det som hjälper dig:", _Easy.body))
            part += _bullets([e.text for e in resurser])
        if len(part) > 1:
            out.append(KeepTogether(part))  # one area on one page where it fits
    return out


def sammanstallning_pdf(k: Kartlaggning, participant: Participant, header: UnitHeader, info: PrintInfo) -> bytes:
    """What the kartläggning found, in easy-to-read Swedish: the hinder and resurser of each
    area, the motivation in words and the sammanställning's texts."""
    _begin(info)
    s, m = k.sammanstallning, k.motivation
    number = pnr(participant.personnummer)
    story = [
        *_title("Det vi har pratat om", "Sammanställning av kartläggningen, lättläst"),
        *_about(participant.namn, number, sv_date(k.datum), "Kartläggningen började"),
        T(f"Ni har haft {len(k.samtal)} samtal." if len(k.samtal) != 1 else "Ni har haft 1 samtal.", _Easy.body),
        *([T(interpreter_sentence(k.samtal), _Easy.body)] if interpreter_sentence(k.samtal) else []),
        _heading("Hinder och resurser", "det som gör det svårt just nu, och det som hjälper dig"),
        P("<b>Hinder</b> är det som gör det svårt för dig att arbeta just nu. "
          "<b>Resurser</b> är det du är bra på och det som hjälper dig.", _Easy.body),
    ]
    areas = _area_story(k, INDIVID_AREAS) + _area_story(k, OMGIVNING_AREAS)
    story += areas or [T("Ni har inte skrivit några hinder eller resurser än.", _Easy.note)]
    story.append(_heading("Motivation", "varför du vill ändra något, och hur säker du känner dig"))
    told = False
    if has_text(m.mal):
        story += [T("Ditt mål:", _Easy.body), *_lines(m.mal)]
        told = True
    if m.viktighet is not None:
        story.append(T(f"Hur viktigt är det för dig? Du sa {rating_in_words(m.viktighet)}.", _Easy.body))
        told = True
    if m.tilltro is not None:
        story.append(T(f"Hur säker är du på att du klarar det? Du sa {rating_in_words(m.tilltro)}.",
                       _Easy.body))
        told = True
    if m.stage is not None:
        story.append(T(PLAIN_STAGES[m.stage], _Easy.body))
        told = True
    if has_text(m.egna_ord):
        story += [T("Med dina egna ord:", _Easy.body), *_lines(m.egna_ord)]
        told = True
    if not told:
        story.append(T("Ni har inte pratat om det än.", _Easy.note))
    story += [
        _heading("Sammanställning", "det vi har kommit fram till"),
        *_or_nothing(s.text, "Sammanställningen är inte skriven än."),
    ]
    if has_text(s.bedomning):
        story += [_heading("Bedömning", "vad din handläggare tänker om det"), *_lines(s.bedomning)]
    if has_text(s.rehabiliteringsforslag) or has_text(s.ovriga_atgarder):
        story += [_heading("Förslag", "det vi föreslår att du gör nu"),
                  *_lines(s.rehabiliteringsforslag), *_lines(s.ovriga_atgarder)]
    if has_text(s.deltagarens_kommentar):
        story += [_heading("Din kommentar", "det du själv vill säga"), *_lines(s.deltagarens_kommentar)]
    story.append(T(NOT_SIGNED_HERE.format(what="sammanställningen"), _Easy.note))
    return _build(story, doc=k, doc_title=SAMMAN_DOC_TITLE, info=info, header=header, name=participant.namn,
                  number=number)


def is_easy_read(info: PrintInfo) -> bool:
    return info.variant == EASY_READ
