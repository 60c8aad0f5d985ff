"""Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten (Bilaga 1): the
referral as the paper form has it, field by field, the chosen Form av anvisning
ticked, and the unit's postal address it is sent to."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..models.participant import REFERRAL_FORM_LABELS, Participant, Referral, ReferralForm
from .common import (CONTENT_W, GRID_W, RULE, S, P, T, build_pdf, checkbox_line, esc, field_grid, grid, has_text, pnr, setup,
                     subheading, sv_date, title)
from .meta import PrintInfo, UnitHeader

TITLE = "Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten"
CHECKED, UNCHECKED = "\u2612", "\u2610"
YES, NO = "Ja", "Nej"


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else (YES if value else NO)


def unit_address(header: UnitHeader) -> str:
    """The unit's postal address as lines: unit, administration and municipality, address."""
    lines = [header.enhet.strip()]
    lines.append(", ".join(p.strip() for p in (header.forvaltning, header.kommun) if p.strip()))
    lines += [line.strip() for line in (header.adress or "").splitlines()]
    return "\n".join(line for line in lines if line)


def _anvisning(ref: Referral) -> list[Flowable]:
    """The eight choices in the paper's order, two a row, the chosen one ticked and bold."""
    cells = []
    for form in ReferralForm:
        label = esc(REFERRAL_FORM_LABELS[form])
        if form == ReferralForm.ANNAT and ref.form == form and has_text(ref.form_other):
            label += f": {esc(ref.form_other)}"
        if form == ref.form:
            cells.append(P(f"<b>{CHECKED}&nbsp;{label}</b>", S.cell))
        else:
            cells.append(P(f"{UNCHECKED}&nbsp;{label}", S.cell))
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    half = CONTENT_W / 2
    return [subheading("Form av anvisning"), grid(None, rows, [half, half], lines=False,
                                                  extra_style=[("BOX", (0, 0), (-1, -1), GRID_W, RULE)])]


def referral_pdf(ref: Referral, participant: Participant, header: UnitHeader, info: PrintInfo) -> bytes:
    """Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten as PDF bytes."""
    setup(info)
    w = CONTENT_W
    percent = "" if ref.omfattning_procent is None else f"{ref.omfattning_procent} %"
    story = [
        *title(TITLE),
        field_grid([[("Datum", sv_date(ref.datum)),
                     ("Skickas tillsammans med sökandepresentationen till", unit_address(header))]],
                   [w * 0.35, w * 0.65]),
        subheading("Sökande"),
        field_grid([[("Namn på sökande", participant.namn)]], [w]),
        subheading("Handläggare på Arbetsförmedlingen"),
        field_grid([[("Namn på handläggare", ref.af_handlaggare),
                     ("Telefonnummer (direkt) till handläggare", ref.af_telefon)]], [w * 0.55, w * 0.45]),
        *_anvisning(ref),
        subheading("Anvisningstid"),
        field_grid([[("Från och med", sv_date(ref.period_from)), ("Till och med", sv_date(ref.period_to)),
                     ("Omfattning i procent", percent)]], [w * 0.36, w * 0.36, w * 0.28]),
        subheading("Önskemål om yrkesområde enligt arbetsförmedlingens handlingsplan"),
        field_grid([[("Yrkesområde", ref.yrkesomrade)]], [w]),
        subheading("Ersättning till anordnaren"),
        field_grid([[("Ersättning", ref.ersattning), ("Från och med", sv_date(ref.ersattning_from)),
                     ("Till och med", sv_date(ref.ersattning_to))]], [w * 0.44, w * 0.28, w * 0.28]),
        grid(None, [[[T("Tolkbehov", S.h3), checkbox_line([YES, NO], _yes_no(ref.tolkbehov))],
                     [T("Har sökande försörjningsstöd", S.h3),
                      checkbox_line([YES, NO], _yes_no(ref.forsorjningsstod))]]],
             [w / 2, w / 2], lines=False, extra_style=[("LEFTPADDING", (0, 0), (0, -1), 0),
                                                        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm)]),
    ]
    return build_pdf(story, doc=ref, doc_title=TITLE, subject=f"{TITLE}, version {info.version}",
                     person_name=participant.namn, person_pnr=pnr(participant.personnummer), header=header,
                     info=info)
