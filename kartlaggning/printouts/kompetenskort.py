"""Kompetenskort: ratings of general skills, written at avslut."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from ..models.plans import COMPETENCE_PROPERTIES, RATING_SCALE, Kompetenskort, Rating
from .common import (CONTENT_W, S, P, Signer, T, build_pdf, field_grid, free_text, grid, has_text, keep_small,
                     pnr, setup, signature_block, text_block, title)
from .meta import PrintInfo, UnitHeader

TITLE = "Kompetenskort"


def _ratings(card: Kompetenskort) -> list:
    by_key = {r.egenskap: r for r in card.betyg}
    names = {key: sv for key, sv, _en in COMPETENCE_PROPERTIES}
    order = [key for key, _sv, _en in COMPETENCE_PROPERTIES]
    order += [r.egenskap for r in card.betyg if r.egenskap not in names]  # unknown keys still print
    step_w = 16 * mm
    first_w = 38 * mm
    comment_w = CONTENT_W - first_w - step_w * len(RATING_SCALE)
    # the scale labels are long: printed small and centred
    header = ["Egenskap", *(T(label, S.center) for _n, label, _en in RATING_SCALE), "Kommentar"]
    rows = []
    for key in order:
        rating = by_key.get(key, Rating(key))
        row = [T(names.get(key, key), S.cell)]
        for n, _label, _en in RATING_SCALE:
            row.append(P("X", S.mark) if rating.betyg == n else "")
        row.append(text_block(rating.kommentar, S.cell) if has_text(rating.kommentar) else "")
        rows.append(row)
    ncol = len(header)
    table = grid(header, rows, [first_w, *[step_w] * len(RATING_SCALE), comment_w], extra_style=[
        ("ALIGN", (1, 0), (ncol - 2, -1), "CENTER"),
        ("LEFTPADDING", (1, 0), (ncol - 2, 0), 1.5),
        ("RIGHTPADDING", (1, 0), (ncol - 2, 0), 1.5),
    ])
    return keep_small([table], limit=150 * mm)


def kompetenskort_pdf(card: Kompetenskort, header: UnitHeader, info: PrintInfo) -> bytes:
    """Kompetenskort as PDF bytes."""
    setup()
    number = pnr(card.personnummer)
    w = CONTENT_W
    story = [
        *title(TITLE),
        field_grid([[("Namn", card.namn), ("Personnummer", number)],
                    [("Adress", card.adress)],
                    [("Arbetsplats", card.arbetsplats)],
                    [("Kontaktperson på arbetsplatsen", card.kontaktperson), ("Telefonnummer", card.telefon)]],
                   [w * 0.6, w * 0.4]),
        *free_text("Beskrivning av arbetsplatsen och arbetsuppgifter", card.beskrivning, blank_lines=5),
        Spacer(1, 6 * mm),
        *_ratings(card),
        *free_text("Kompetenser individen uppvisat", card.kompetenser, blank_lines=5),
        *free_text("Utvecklingsområde", card.utvecklingsomrade, blank_lines=4),
        signature_block([Signer("Kontaktperson arbetsplatsen",
                                card.kontaktperson_underskrift or card.kontaktperson, card.datum)]),
    ]
    return build_pdf(story, doc=card, doc_title=TITLE, subject=f"{TITLE}, version {info.version}",
                     person_name=card.namn, person_pnr=number, header=header, info=info)
