"""The Kartläggningsmall: header page, the two Hinder | Område | Resurser grids,
the motivation cross, the sammanställning and the signatures."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from ..models.areas import INDIVID_AREAS, OMGIVNING_AREAS, Area
from ..models.kartlaggning import STAGE_FORM_LABELS, AreaRecord, GridEntry, Kartlaggning, Stage
from ..models.participant import Participant
from .common import (CELL_PAD, break_at_slashes, ACCENT, CONTENT_W, GRID_W, INK, RULE, S, P, Signer, T, at_least,
                     build_pdf, checkbox_line, field_grid, free_text, grid, has_text, heading,
                     interpreter_sentence, interpreter_text, keep_small, entry_item, pnr, section_title, setup,
                     signature_block, subheading, sv_date, sv_time, text_block, title, writing_lines)
from .meta import PrintInfo, UnitHeader

TITLE = "Kartläggning"
INDIVID_TITLE = "Kartläggning – individfaktorer"
OMGIVNING_TITLE = "Kartläggning – omgivningsfaktorer"
MOTIVATION_TITLE = "Motivation till förändring. Vad är ditt mål?"
ATGARDER_TITLE = 'Åtgärder innan "Individuell plan mot arbete" kan upprättas'
CROSS_LABELS = (
    ("Mindre bra med förändring för mig", "mindre_bra_for_mig"),
    ("Bra med förändring för mig", "bra_for_mig"),
    ("Mindre bra för min omgivning med förändring för mig", "mindre_bra_for_omgivningen"),
    ("Bra för min omgivning med förändring för mig", "bra_for_omgivningen"),
)
STAGE_QUESTION = "Var i förändringsprocessen befinner du dig?"
EGNA_ORD = "Deltagarens egna ord: varför förändring?"
VIKTIGHET = "Hur viktigt är det för dig att förändra något? (0–10)"
TILLTRO = "Hur stor tilltro har du till att du klarar det? (0–10)"
MIN_KONTAKT_ROWS = 3
AREA_MIN_HEIGHT = 27 * mm  # six areas fill a page, like the paper form


def _header_page(k: Kartlaggning, p: Participant) -> list[Flowable]:
    w = CONTENT_W
    rows, heights = [], []
    for c in p.kontaktpersoner:
        who = ", ".join(x for x in (c.namn.strip(), c.relation.strip()) if x)
        rows.append([T(who, S.cell), T(c.telefon, S.cell)])
        heights.append(None)
    while len(rows) < MIN_KONTAKT_ROWS:
        rows.append(["", ""])
        heights.append(9 * mm)
    return [
        *title(TITLE),
        field_grid([[("Namn", p.namn), ("Personnummer", pnr(p.personnummer))],
                    [("Telefonnummer", p.telefon), ("Mobilnummer", p.mobil)],
                    [("e-post", p.epost), ("Datum", sv_date(k.datum))],
                    [("Syfte", k.syfte)]],
                   [w * 0.6, w * 0.4]),
        *keep_small([heading("Kontaktpersoner"),
                     grid(["Namn, relation", "Telefon"], rows, [w * 0.6, w * 0.4], row_heights=heights)]),
    ]


def _entries(k: Kartlaggning, entries: list[GridEntry]) -> list[Flowable]:
    out = []
    for e in entries:
        if not has_text(e.text):
            continue
        out.append(entry_item(e.text.strip(), e, S.bullet, k.samtal_number(e.samtal_id)))
    return out


def _area_grid(k: Kartlaggning, title_text: str, areas: tuple[Area, ...]) -> list[Flowable]:
    w = CONTENT_W
    widths = [w * 0.29, w * 0.42, w * 0.29]
    rows = []
    for area in areas:
        rec = k.areas.get(area.key) or AreaRecord(area.key)
        middle = [T(break_at_slashes(area.form_title, S.area, widths[1] - 2 * CELL_PAD), S.area),
                  *text_block(rec.fakta, S.cell)]
        hinder, resurser = _entries(k, rec.hinder), _entries(k, rec.resurser)
        middle = at_least(middle, widths[1] - 8, AREA_MIN_HEIGHT)  # room to write by hand
        rows.append([hinder or "", middle, resurser or ""])
    table = grid([T(h, S.th_center) for h in ("Hinder", "Område", "Resurser")], rows, widths)
    return [section_title(title_text), table]


def _cross(k: Kartlaggning) -> Flowable:
    half = CONTENT_W / 2
    m = k.motivation
    cells = []
    for label, attr in CROSS_LABELS:
        value = getattr(m, attr)
        content = [T(label, S.cross_label), *(text_block(value, S.cell) if has_text(value) else [])]
        cells.append(at_least(content, half - 12, 34 * mm))
    table = grid(None, [cells[0:2], cells[2:4]], [half, half], lines=False, extra_style=[
        ("BOX", (0, 0), (-1, -1), GRID_W, RULE),
        ("LINEAFTER", (0, 0), (0, -1), 1.1, INK),
        ("LINEBELOW", (0, 0), (-1, 0), 1.1, INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ])
    return table


def _scale(question: str, value: int | None) -> Flowable:
    """A 0-10 scale with the chosen number marked, and the number written out."""
    box = 7 * mm
    said_w = 22 * mm * S.scale  # "8 av 10"
    q_w = CONTENT_W - 11 * box - said_w
    cells: list = [T(question, S.cell)]
    cmds = [("GRID", (1, 0), (11, 0), GRID_W, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (1, 0), (11, 0), 0),
            ("RIGHTPADDING", (1, 0), (11, 0), 0),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("LEFTPADDING", (12, 0), (12, 0), 8)]
    for i in range(11):
        if value == i:
            cells.append(P(f'<font color="white"><b>{i}</b></font>', S.center))
            cmds.append(("BACKGROUND", (i + 1, 0), (i + 1, 0), ACCENT))
        else:
            cells.append(P(str(i), S.center))
    cells.append(P(f"<b>{value}</b>&nbsp;av&nbsp;10" if value is not None else "", S.cell))
    return grid(None, [cells], [q_w, *[box] * 11, said_w], extra_style=cmds, lines=False)


def _motivation(k: Kartlaggning) -> list[Flowable]:
    m = k.motivation
    stage_labels = [STAGE_FORM_LABELS[s] for s in Stage]
    chosen = STAGE_FORM_LABELS.get(m.stage) if m.stage is not None else None
    out: list[Flowable] = [section_title(MOTIVATION_TITLE)]
    out += text_block(m.mal) if has_text(m.mal) else [writing_lines(3)]
    out += [Spacer(1, 5 * mm), _cross(k)]
    out += keep_small([subheading(STAGE_QUESTION), checkbox_line(stage_labels, chosen)])
    out += free_text(EGNA_ORD, m.egna_ord, blank_lines=2, level=3)
    out += [Spacer(1, 3 * mm), _scale(VIKTIGHET, m.viktighet), Spacer(1, 2 * mm), _scale(TILLTRO, m.tilltro)]
    out += free_text(ATGARDER_TITLE, k.atgarder_innan_plan, blank_lines=4)
    return out


def _samtal(k: Kartlaggning) -> list[Flowable]:
    w = CONTENT_W
    rows = []
    for i, s in enumerate(k.samtal, 1):
        tid = ""
        if s.start or s.slut:
            tid = f"{sv_time(s.start)}–{sv_time(s.slut)}"
        rows.append([T(str(i), S.cell), T(sv_date(s.datum), S.cell), T(tid, S.cell),
                     T(interpreter_text(s), S.cell)])
    if not rows:
        return []
    return keep_small([heading("Samtal"),
                       grid(["Samtal", "Datum", "Tid", "Tolk"], rows, [w * 0.12, w * 0.32, w * 0.22, w * 0.34])])


def _sammanstallning(k: Kartlaggning) -> tuple[list[Flowable], list[Flowable]]:
    """(The sammanställning, its end: the participant's comment and when it was gone
    through and signed — which goes on the page of the signatures.)"""
    s = k.sammanstallning
    out: list[Flowable] = [section_title("Sammanställning")]
    if interpreter_sentence(k.samtal):
        out.append(T(interpreter_sentence(k.samtal), S.body))
    out += text_block(s.text) if has_text(s.text) else [writing_lines(8)]
    out += free_text("Sammanfattning/bedömning", s.bedomning, blank_lines=5)
    out += free_text("Rehabiliteringsförslag", s.rehabiliteringsforslag, blank_lines=4)
    out += free_text("Förslag på övriga åtgärder", s.ovriga_atgarder, blank_lines=4)
    end: list[Flowable] = free_text("Deltagarens kommentar", s.deltagarens_kommentar, blank_lines=5)
    notes = []
    if s.genomgangen:
        notes.append(f"Genomgången med deltagaren {sv_date(s.genomgangen)}")
    if s.signerad:
        notes.append(f"Signerad av deltagaren {sv_date(s.signerad)}")
    if notes:
        end += [Spacer(1, 2 * mm), T(" · ".join(notes), S.small)]
    return out, end


def kartlaggning_pdf(k: Kartlaggning, participant: Participant, header: UnitHeader, info: PrintInfo,
                     handlaggare_namn: str = "") -> bytes:
    """The whole kartläggning (Kartläggningsmall + sammanställning) as PDF bytes."""
    setup(info)
    sammanstallning, end = _sammanstallning(k)
    story: list[Flowable] = [
        *_header_page(k, participant),
        PageBreak(), *_area_grid(k, INDIVID_TITLE, INDIVID_AREAS),
        PageBreak(), *_area_grid(k, OMGIVNING_TITLE, OMGIVNING_AREAS),
        PageBreak(), *_motivation(k),
        *_samtal(k),
        PageBreak(), *sammanstallning,
        # the signatures never stand alone on a page: the comment and "signed on" go with them
        signature_block([Signer("Deltagare", participant.namn),
                         Signer("Arbetsmarknadshandläggare", handlaggare_namn)],
                        heading_text="Underskrifter", lead=end),
    ]
    return build_pdf(story, doc=k, doc_title=TITLE, subject=f"{TITLE}, version {info.version}",
                     person_name=participant.namn, person_pnr=pnr(participant.personnummer),
                     header=header, info=info)
