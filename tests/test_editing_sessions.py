"""The editing sessions of the participant form and the wizard (``services``, no Qt):
one bad field never blocks the rest, drafts commit with the values, samtal use cases."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from kartlaggning.models import GridEntry
from kartlaggning.models.errors import ValidationError
from kartlaggning.models.fields import MAX_TEXT
from kartlaggning.models.kartlaggning import HINDER
from kartlaggning.services.editing import FieldDrafts
from kartlaggning.services.kartlaggning_session import KartlaggningSession
from kartlaggning.services.participant_session import ParticipantSession
from kartlaggning.storage.drafts import Drafts

from conftest import make_pnr


def too_long(path: str) -> ValidationError:
    return ValidationError(path, "too_long", length=MAX_TEXT + 1, limit=MAX_TEXT)


# ---- FieldDrafts -------------------------------------------------------------------------------

def test_field_drafts_keep_drop_and_leave_other_fields_alone(vault, participant):
    vault.repo.save_participant(participant)
    drafts = FieldDrafts(vault.repo, participant.id, "scope-1")
    assert drafts.sync({"a": ("x" * 5, too_long("a")), "b": ("y", too_long("b"))})
    assert drafts.stored() == {"a": "xxxxx", "b": "y"}
    assert drafts.sync({}, fine=["a"])  # a was fixed; b was not looked at
    assert drafts.stored() == {"b": "y"} and drafts.paths == {"b"}
    assert not drafts.sync({}, fine=["a"])  # nothing changed
    drafts.sync({}, gone=["b"])
    assert drafts.stored() == {}


def test_restore_drops_the_drafts_of_fields_that_are_gone(vault, participant):
    vault.repo.save_participant(participant)
    FieldDrafts(vault.repo, participant.id, "k").sync({"entry:1": ("a", too_long("x")), "entry:2": ("b", too_long("x"))})
    again = FieldDrafts(vault.repo, participant.id, "k")
    assert again.restore(["entry:2", "fakta"]) == {"entry:2": "b"}
    assert again.paths == {"entry:2"}
    assert set(Drafts(vault).of("k")) == {"entry:2"}


# ---- the participant --------------------------------------------------------------------------

def test_a_bad_field_keeps_its_stored_value_and_the_others_save(vault, participant):
    vault.repo.save_participant(participant)
    session = ParticipantSession(vault.repo, participant.id, participant)
    bad = ValidationError("consent.signed", "bad_date", value="2026-02-30")
    candidate = session.update({"namn": "Testa Nyname", "consent.signed": bad, "adress": "x" * 10})
    assert candidate is not None and candidate.namn == "Testa Nyname"
    assert candidate.consent.signed == participant.consent.signed
    assert set(session.errors) == {"consent.signed"}
    assert session.save(candidate, session.drafts_for({"consent.signed": "2026-02-30"}))
    stored = vault.repo.get_participant(participant.id)
    assert stored.namn == "Testa Nyname"
    assert {p: d.text for p, d in Drafts(vault).of(participant.id).items()} == {"consent.signed": "2026-02-30"}


def test_an_over_long_field_is_found_by_the_model_and_put_back(vault, participant):
    vault.repo.save_participant(participant)
    session = ParticipantSession(vault.repo, participant.id, participant)
    candidate = session.update({"namn": participant.namn, "referral.note": "n" * (MAX_TEXT + 1)})
    assert candidate is not None and candidate.referral.note == participant.referral.note
    assert "referral.note" in session.errors


def test_a_personnummer_someone_else_has_is_an_error_never_a_draft(vault, participant):
    vault.repo.save_participant(participant)
    other = ParticipantSession(vault.repo, "other-id", None)
    assert other.update({"namn": "Annan Person", "personnummer": participant.personnummer}) is None
    assert other.duplicate_of == participant.id
    assert other.drafts_for({"personnummer": participant.personnummer_formatted}) == {}
    assert other.update({"namn": "Annan Person", "personnummer": make_pnr(7)}) is not None
    assert other.duplicate_of is None


def test_saving_unchanged_input_writes_nothing(vault, participant, monkeypatch):
    vault.repo.save_participant(participant)
    session = ParticipantSession(vault.repo, participant.id, participant)
    candidate = session.update({"namn": participant.namn})
    monkeypatch.setattr(vault.repo, "save_participant", lambda p: pytest.fail("wrote an unchanged participant"))
    assert session.save(candidate, {}) is False


# ---- the kartläggning ---------------------------------------------------------------------------

@pytest.fixture
def kartlaggning(vault, participant):
    vault.repo.save_participant(participant)
    return vault.repo.new_kartlaggning(participant.id)


def test_a_part_and_its_drafts_commit_together(vault, kartlaggning, monkeypatch):
    session = KartlaggningSession(vault.repo, kartlaggning)
    entry = GridEntry(text="Saknar körkort")
    kartlaggning.area("arbete").hinder.append(entry)
    session.save(("entries", "arbete", HINDER), {f"entry:{entry.id}x": ("y" * 9, too_long("e"))})
    stored = vault.repo.get_kartlaggning(kartlaggning.id)
    assert [e.text for e in stored.area("arbete").hinder] == ["Saknar körkort"]
    assert set(Drafts(vault).of(kartlaggning.id)) == {f"entry:{entry.id}x"}

    def fail(*_a):
        raise OSError("disk full")
    monkeypatch.setattr(Drafts, "keep", fail)  # the value must not commit without its draft
    kartlaggning.area("arbete").fakta = "ny fakta"
    with pytest.raises(OSError):
        session.save(("fakta", "arbete"), {"areas.arbete.fakta": ("z", too_long("f"))})
    assert vault.repo.get_kartlaggning(kartlaggning.id).area("arbete").fakta == ""


def test_start_and_end_a_samtal(vault, kartlaggning):
    session = KartlaggningSession(vault.repo, kartlaggning)
    with pytest.raises(ValidationError):
        session.start_samtal(datetime(2026, 3, 2, 9, 0), 61, False, "")
    samtal = session.start_samtal(datetime(2026, 3, 2, 9, 0, 5, 123), 45, True, "Första samtalet")
    assert samtal.start == time(9, 0, 5) and kartlaggning.current_samtal is samtal
    assert session.samtal_for_new_entries(date(2026, 3, 9)) == samtal.id  # running: always it
    session.save(("samtal", samtal.id))
    session.end_samtal(samtal, datetime(2026, 3, 2, 9, 40))
    session.save(("samtal", samtal.id))
    stored = vault.repo.get_kartlaggning(kartlaggning.id).samtal
    assert [(s.anteckning, s.slut) for s in stored] == [("Första samtalet", time(9, 40))]
    assert session.resumable(date(2026, 3, 2)) is samtal
    assert session.resumable(date(2026, 3, 3)) is None
    assert session.samtal_for_new_entries(date(2026, 3, 2)) == samtal.id
    assert session.samtal_for_new_entries(date(2026, 3, 3)) is None
