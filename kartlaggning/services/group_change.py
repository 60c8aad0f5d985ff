"""The average change across the caseload in a period (``models.group_change``), read
from the vault: meant for a worker thread on a reader of its own (no Qt, no SQL)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..i18n import _, babel_locale, ngettext
from ..models.areas import AREAS, OMGIVNING
from ..models.group_change import MIN_GROUP, Figure, GroupChange, group_change
from ..models.progress import EVENT_LABELS, STEPS
from . import progress, selfrating


def caseload_change(repo, start: date, end: date) -> GroupChange:
    """Every participant's självskattningar and progress events up to ``end``, averaged."""
    if end < start:
        raise ValueError("the period ends before it starts")
    people = [(selfrating.ratings(repo, s.id), progress.progress(repo, s.id, until=end).events)
              for s in repo.search("")]
    return group_change(people, start, end)


# ---- in words (the dialog and ``kartlaggning-cli progress`` show the same) ---------------

@dataclass(frozen=True)
class Row:
    """A line of the result: a group's heading (``value`` None) or a label and its figure."""
    label: str
    value: str | None = None

    @property
    def is_heading(self) -> bool:
        return self.value is None


def signed(value: float) -> str:
    """+1,5 / −0,5 / 0 in the UI's language."""
    from babel.numbers import format_decimal
    text = format_decimal(abs(value), format="0.#", locale=babel_locale())
    return text if value == 0 else ("+" if value > 0 else "\u2212") + text


def too_few() -> str:
    return ngettext("fewer than {n} person", "fewer than {n} people", MIN_GROUP).format(n=MIN_GROUP)


def summary(result: GroupChange) -> str:
    """"5 participants rated themselves twice or more in the period; on average +1,2 per area."""
    text = ngettext("{n} participant rated themselves twice or more in the period",
                    "{n} participants rated themselves twice or more in the period", result.participants).format(
        n=result.participants)
    overall = result.overall
    text += "; " + (_("on average {change} per area").format(change=signed(overall.value))
                    if not overall.too_few else _("too few for an average ({few})").format(few=too_few()))
    return text + "."


def rows(result: GroupChange) -> list[Row]:
    """The areas' mean change under their group's heading, then the steps' shares."""
    out = [Row(_("Individual factors"))]
    environment = False
    for a in AREAS:
        if a.group == OMGIVNING and not environment:
            out.append(Row(_("Environmental factors")))
            environment = True
        out.append(Row(_(a.title), _change(result.areas[a.key])))
    out.append(Row(ngettext("Steps taken (share of the {n} participant active in the period)",
                            "Steps taken (share of the {n} participants active in the period)",
                            result.active).format(n=result.active)))
    for kind in STEPS:
        figure = result.steps[kind]
        value = too_few() if figure.too_few else _("{share} % ({n})").format(
            share=round(figure.value * 100), n=figure.participants)
        out.append(Row(_(EVENT_LABELS[kind]), value))
    return out


def _change(figure: Figure) -> str:
    if figure.too_few:
        return too_few()
    return ngettext("{change} ({n} person)", "{change} ({n} people)", figure.participants).format(
        change=signed(figure.value), n=figure.participants)


def as_data(result: GroupChange) -> dict:
    """The result as plain data (``progress --json``): figures only, no one in them."""
    def figure(f: Figure, share: bool = False) -> dict:  # too few: neither how many nor what
        key = "share" if share else "change"
        return {"too_few": f.too_few, "participants": None if f.too_few else f.participants,
                key: None if f.too_few else f.value}
    return {"from": result.start.isoformat(), "to": result.end.isoformat(), "min_group": MIN_GROUP,
            "participants": result.participants, "active": result.active, "overall": figure(result.overall),
            "areas": {key: figure(f) for key, f in result.areas.items()},
            "steps": {kind: figure(f, share=True) for kind, f in result.steps.items()}}
