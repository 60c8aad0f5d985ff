"""Field paths and the draft store below the UI."""
from __future__ import annotations

from datetime import date

import pytest

from kartlaggning.models import Ansvar, IndividuellPlan, field_paths
from kartlaggning.models.errors import ValidationError
from kartlaggning.storage import Vault
from kartlaggning.storage.drafts import Drafts


def test_paths_read_and_write_nested_fields():
    plan = IndividuellPlan(participant_id="p", mal="Mål", delmal=["a", "b"],
                           ansvarsfordelning=[Ansvar("Truckkort", "Testa", date(2026, 12, 1))])
    assert field_paths.steps("ansvarsfordelning[0].datum") == ["ansvarsfordelning", 0, "datum"]
    assert field_paths.get(plan, "delmal[1]") == "b"
    assert field_paths.get(plan, "ansvarsfordelning[0].datum") == date(2026, 12, 1)
    field_paths.put(plan, "ansvarsfordelning[0].atgard", "Körkort")
    assert plan.ansvarsfordelning[0].atgard == "Körkort"
    assert not field_paths.has(plan, "delmal[5]") and not field_paths.has(plan, "nosuch")
    with pytest.raises(ValueError):
        field_paths.steps("mal..[x")
    with pytest.raises(LookupError):
        field_paths.put(plan, "nosuch", 1)


def test_valid_version_puts_back_only_the_bad_fields():
    saved = IndividuellPlan(participant_id="p", mal="Gammalt", delmal=["kort"])
    typed = IndividuellPlan(participant_id="p", id=saved.id, mal="x" * 20_001, delmal=["kort", "y" * 20_001],
                            uppfoljning="Ny text")
    valid = field_paths.valid_version(typed, saved, ["mal", "delmal[1]"])
    assert (valid.mal, valid.delmal, valid.uppfoljning) == ("Gammalt", ["kort", ""], "Ny text")
    assert typed.mal == "x" * 20_001  # the typed document is left as it is
    assert valid.errors() == []


def test_a_bad_row_never_takes_the_saved_value_of_another_row():
    """Rows moved since the save: the saved row at the same index is another one."""
    saved = IndividuellPlan(participant_id="p", delmal=["A", "B"])
    typed = IndividuellPlan(participant_id="p", id=saved.id, delmal=["B", "A" + "x" * 20_000])  # A moved down
    valid = field_paths.valid_version(typed, saved, ["delmal[1]"])
    assert valid.delmal == ["B", ""]  # not ["B", "B"]: A's text lives in its draft


def test_drafts_keep_exactly_what_was_typed_and_survive_reopening(vault, vault_path, passphrase, participant):
    vault.repo.save_participant(participant)
    odd = "a\x00b \ud800 c" + "z" * 30_000  # a NUL, a lone surrogate, too long
    Drafts(vault).keep(participant.id, "doc-1", "mal", odd, ValidationError("mal", "too_long", length=30_007,
                                                                            limit=20_000))
    Drafts(vault).keep(participant.id, "doc-1", "upprattad", "2026-13-45",
                       ValidationError("upprattad", "bad_date", value="2026-13-45"))
    vault.close()
    with Vault.open(vault_path, passphrase) as again:
        drafts = Drafts(again).of("doc-1")
        assert drafts["mal"].text == odd and drafts["mal"].error.code == "too_long"
        assert "2026-13-45" in drafts["upprattad"].error.message
        Drafts(again).drop("doc-1", "mal")
        assert list(Drafts(again).of("doc-1")) == ["upprattad"]
        again.repo.save_document(IndividuellPlan(participant_id=participant.id, id="doc-1"))
        again.repo.delete_document("doc-1")  # the document's drafts go with it
        assert Drafts(again).of("doc-1") == {}
