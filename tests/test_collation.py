"""Swedish alphabetical order: Å, Ä, Ö after Z, in the list at any size."""
from __future__ import annotations

from kartlaggning.models import Participant
from kartlaggning.models.collation import swedish_key

from conftest import make_pnr


def test_the_swedish_alphabet_ends_with_a_ring_a_diaeresis_o_diaeresis():
    names = ["Östen", "Åsa", "Adam", "Zlatan", "Ärla", "Olle", "Émile", "Eva", "Øystein", "Æsir", "Mylla", "Müller"]
    assert sorted(names, key=swedish_key) == ["Adam", "Émile", "Eva", "Mylla", "Müller", "Olle", "Zlatan", "Åsa",
                                               "Ärla", "Æsir", "Östen", "Øystein"]


def test_case_is_ignored_and_words_compare_in_turn():
    assert sorted(["bo Ström", "Bo Andersson", "Bob"], key=swedish_key) == ["Bo Andersson", "bo Ström", "Bob"]
    assert swedish_key("åsa") != swedish_key("Åsa")  # a stable order, never a tie
    assert sorted(["åsa", "Åsa", "Zorro"], key=swedish_key)[0] == "Zorro"


def test_the_list_is_in_swedish_order(vault):
    for n, namn in enumerate(["Örjan Prov", "Anna Prov", "Åke Prov", "Ola Prov", "Zara Prov", "Ärla Prov"]):
        vault.repo.save_participant(Participant(namn=namn, personnummer=make_pnr(n)))
    assert [s.namn for s in vault.repo.search("")] == ["Anna Prov", "Ola Prov", "Zara Prov", "Åke Prov", "Ärla Prov",
                                                       "Örjan Prov"]
    assert [s.namn for s in vault.repo.search("o")] == ["Ola Prov", "Örjan Prov"]  # the search ignores marks
    p = next(s for s in vault.repo.search("ola"))
    renamed = vault.repo.get_participant(p.id)
    renamed.namn = "Östen Prov"
    vault.repo.save_participant(renamed)
    assert [s.namn for s in vault.repo.search("")][-2:] == ["Örjan Prov", "Östen Prov"]
