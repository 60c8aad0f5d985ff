"""Use cases of the självskattning (no Qt, no SQL): the unit's scale and interval, a new
rating at a samtal or follow-up, when the next one is due."""
from __future__ import annotations

from datetime import date

from ..models.selfrating import SelfRatingSettings, Sjalvskattning, add_months
from ..models.serialize import from_jsonable, to_jsonable
from . import method

SETTINGS_KEY = "selfrating"


def load_settings(repo) -> SelfRatingSettings:
    """The unit's scale and interval (0-10, every three months unless it chose otherwise)."""
    stored = repo.get_setting(SETTINGS_KEY)
    if not stored:
        return SelfRatingSettings()
    try:
        s = from_jsonable(SelfRatingSettings, stored)
    except Exception:  # a setting from a newer version: the defaults, not a crash
        return SelfRatingSettings()
    return s if not s.errors() else SelfRatingSettings()


def save_settings(repo, settings: SelfRatingSettings) -> None:
    errors = settings.errors()
    if errors:
        raise errors[0]
    repo.set_setting(SETTINGS_KEY, to_jsonable(settings))


def ratings(repo, participant_id: str) -> list[Sjalvskattning]:
    """The participant's ratings, oldest first."""
    return repo.documents(participant_id, "sjalvskattning")


def new_sjalvskattning(repo, participant_id: str, today: date | None = None) -> Sjalvskattning:
    """A rating for ``today`` on the unit's scale, tied to that day's follow-up when there
    is one; not saved yet. Nothing is copied from the previous one: the participant rates
    afresh (the earlier ratings are shown beside it)."""
    day = today or date.today()
    s = load_settings(repo)
    r = Sjalvskattning(participant_id=participant_id, datum=day, skala_min=s.skala_min, skala_max=s.skala_max)
    follow_up = next((f for f in reversed(repo.documents(participant_id, "uppfoljning")) if f.datum == day), None)
    if follow_up is not None:
        r.uppfoljning_id = follow_up.id
    return r


def due(repo, participant_id: str, today: date) -> date | None:
    """When the next självskattning is due: the unit's interval after the latest one, or
    today when there is none yet; None for a closed participant."""
    if method.is_closed(repo, participant_id):
        return None
    done = ratings(repo, participant_id)
    if not done:
        return today
    return add_months(max(r.datum for r in done), load_settings(repo).intervall_manader)
