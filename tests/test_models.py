"""Field limits and exact Unicode round trips (models, serializer, vault)."""
from __future__ import annotations

import json
import unicodedata
from datetime import date, time

import pytest

from kartlaggning import i18n
from kartlaggning.models import (AreaRecord, Contact, GridEntry, IndividuellPlan, Kartlaggning, Participant,
                                 ParticipantRecord, Samtal, ValidationError)
from kartlaggning.models.fields import MAX_NAME, MAX_TEXT
from kartlaggning.models.serialize import FormatError, from_jsonable, to_jsonable

from conftest import make_pnr

NFC = unicodedata.normalize("NFC", "Åsa Öberg-Ljungqvist")
NFD = unicodedata.normalize("NFD", NFC)
SAMPLES = {
    "emoji": "Glad 😀 👩🏽‍💻 🇸🇪 ❤️",
    "combining": "e\u0301 a\u0308 o\u0338 Z\u0351\u0360",
    "rtl": "مرحبا بالعالم — שלום עולם",
    "cjk": "漢字 かな カナ 한국어 𠜎",
    "nfc": NFC,
    "nfd": NFD,
    "crlf": "rad ett\r\nrad två\rrad tre\nrad fyra\r\n",
    "zwj": "a\u200db\u200cc\u200bd\ufeffe\u2060",
    "astral": "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛",
    "tabs": "\tindrag\t och\u00a0hårt mellanslag",
}
ALL = "|".join(SAMPLES.values())


def codes(errors) -> list[str]:
    return [e.code for e in errors]


def test_nfc_and_nfd_are_really_different():
    assert NFC != NFD and len(NFD) > len(NFC)


# ---- limits -------------------------------------------------------------------

def test_limits_are_what_the_issue_says():
    assert MAX_TEXT == 20_000 and MAX_NAME == 200


def test_name_boundary():
    p = Participant(namn="N" * 200, personnummer=make_pnr(1))
    assert p.errors() == []
    p.namn = "N" * 201
    errors = p.errors()
    assert [(e.field, e.code) for e in errors] == [("namn", "too_long")]
    assert errors[0].params == {"length": 201, "limit": 200}
    with pytest.raises(ValidationError):
        p.validate()


def test_contact_name_boundary():
    p = Participant(namn="Testa", personnummer=make_pnr(1), kontaktpersoner=[Contact(namn="K" * 200)])
    assert p.errors() == []
    p.kontaktpersoner[0].namn = "K" * 201
    assert [(e.field, e.code) for e in p.errors()] == [("kontaktpersoner[0].namn", "too_long")]


def test_free_text_boundary():
    k = Kartlaggning(participant_id="x", atgarder_innan_plan="t" * 20_000)
    k.areas["arbete"].fakta = "f" * 20_000
    k.areas["arbete"].hinder.append(GridEntry("h" * 20_000))
    k.samtal.append(Samtal(anteckning="s" * 20_000))
    k.sammanstallning.text = "s" * 20_000
    assert k.errors() == []
    k.atgarder_innan_plan += "t"
    k.areas["arbete"].fakta += "f"
    k.areas["arbete"].hinder[0].text += "h"
    k.samtal[0].anteckning += "s"
    k.sammanstallning.text += "s"
    errors = k.errors()
    assert sorted(e.field for e in errors) == sorted([
        "atgarder_innan_plan", "areas.arbete.fakta", "areas.arbete.hinder[0]",
        "samtal[0].anteckning", "sammanstallning.text"])
    assert set(codes(errors)) == {"too_long"}
    assert all(e.params == {"length": 20_001, "limit": 20_000} for e in errors)


def test_limit_counts_characters_not_bytes():
    k = Kartlaggning(participant_id="x", atgarder_innan_plan="å" * 20_000)  # 40,000 UTF-8 bytes
    assert k.errors() == []


def test_too_long_message_english_and_swedish():
    i18n.set_language("en")
    err = Participant(namn="N" * 201, personnummer=make_pnr(1)).errors()[0]
    assert err.message == "Too long: 201 characters, at most 200 are allowed."
    i18n.set_language("sv")
    assert isinstance(err.message, str) and "201" in err.message and "200" in err.message


def test_required_name_and_bad_characters():
    assert codes(Participant(namn="  ", personnummer=make_pnr(1)).errors()) == ["empty"]
    assert codes(Participant(namn="a\x00b", personnummer=make_pnr(1)).errors()) == ["control_chars"]
    assert codes(Participant(namn="a\ud800b", personnummer=make_pnr(1)).errors()) == ["control_chars"]


def test_samtal_limits():
    assert codes(Kartlaggning(samtal=[Samtal(tidsram_minuter=61)]).errors()) == ["timeframe"]
    assert codes(Kartlaggning(samtal=[Samtal(tidsram_minuter=0)]).errors()) == ["timeframe_min"]
    assert Kartlaggning(samtal=[Samtal(tidsram_minuter=60)]).errors() == []
    late = Samtal(start=time(10, 0), slut=time(9, 59))
    assert codes(Kartlaggning(samtal=[late]).errors()) == ["end_before_start"]


def test_vault_refuses_too_long_and_keeps_what_was_there(vault, participant):
    vault.repo.save_participant(participant)
    participant.namn = "N" * 201
    with pytest.raises(ValidationError) as info:
        vault.repo.save_participant(participant)
    assert info.value.code == "too_long"
    assert vault.repo.get_participant(participant.id).namn == "Testa Testsson"
    k = vault.repo.new_kartlaggning(participant.id)
    vault.repo.set_fakta(k.id, "arbete", "f" * 20_000)
    with pytest.raises(ValidationError) as info:  # autosave of one field checks the same limit
        vault.repo.set_fakta(k.id, "arbete", "f" * 20_001)
    assert info.value.code == "too_long"
    with pytest.raises(ValidationError):
        vault.repo.save_entry(k.id, "arbete", "hinder", GridEntry("h" * 20_001), 0)
    with pytest.raises(ValidationError):
        vault.repo.save_entries(k.id, "arbete", "resurs", [GridEntry("ok"), GridEntry("r" * 20_001)])
    with pytest.raises(ValidationError):
        vault.repo.save_atgarder(k.id, "a" * 20_001)
    stored = vault.repo.get_kartlaggning(k.id)
    assert stored.areas["arbete"].fakta == "f" * 20_000
    assert stored.areas["arbete"].hinder == [] and stored.areas["arbete"].resurser == []
    assert stored.atgarder_innan_plan == ""


# ---- Unicode round trips --------------------------------------------------------

def unicode_participant() -> Participant:
    return Participant(namn=SAMPLES["nfd"] + " " + SAMPLES["emoji"][:20], personnummer=make_pnr(3),
                       adress=SAMPLES["rtl"], telefon=SAMPLES["zwj"], sprak=SAMPLES["cjk"],
                       kontaktpersoner=[Contact(namn=SAMPLES["nfc"], relation=SAMPLES["combining"],
                                                telefon=SAMPLES["astral"])])


def unicode_kartlaggning(participant_id: str) -> Kartlaggning:
    k = Kartlaggning(participant_id=participant_id, syfte=SAMPLES["nfd"], atgarder_innan_plan=ALL)
    k.samtal.append(Samtal(datum=date(2025, 3, 4), anteckning=SAMPLES["crlf"]))
    for i, (name, text) in enumerate(SAMPLES.items()):
        area = k.areas[list(k.areas)[i % 12]]
        area.fakta += text
        area.hinder.append(GridEntry(text, samtal_id=k.samtal[0].id))
        area.resurser.append(GridEntry(name + text))
    k.motivation.mal = SAMPLES["emoji"]
    k.motivation.egna_ord = SAMPLES["crlf"] + SAMPLES["rtl"]
    k.sammanstallning.text = ALL
    k.sammanstallning.bedomning = SAMPLES["nfc"] + SAMPLES["nfd"]
    return k


def test_json_round_trip_is_exact():
    p = unicode_participant()
    k = unicode_kartlaggning(p.id)
    record = ParticipantRecord(p, [k], planer=[IndividuellPlan(participant_id=p.id, mal=ALL, delmal=[SAMPLES["nfd"]])])
    text = json.dumps(to_jsonable(record), ensure_ascii=False)
    back = from_jsonable(ParticipantRecord, json.loads(text))
    assert back == record
    assert back.participant.namn.startswith(NFD) and not back.participant.namn.startswith(NFC)
    assert back.kartlaggningar[0].samtal[0].anteckning == SAMPLES["crlf"]
    # and through ASCII-escaped JSON too (export files may be written that way)
    assert from_jsonable(ParticipantRecord, json.loads(json.dumps(to_jsonable(record)))) == record


def test_from_jsonable_names_the_bad_field():
    data = to_jsonable(unicode_participant())
    data["kontaktpersoner"][0]["telefon"] = 123
    with pytest.raises(FormatError) as info:
        from_jsonable(Participant, data)
    assert info.value.path == "$.kontaktpersoner[0].telefon"


def test_vault_round_trip_is_exact(vault):
    p = unicode_participant()
    vault.repo.save_participant(p)
    k = unicode_kartlaggning(p.id)
    vault.repo.save_kartlaggning(k)
    # the fine-grained autosave paths too
    vault.repo.set_fakta(k.id, "fritid", SAMPLES["crlf"] + SAMPLES["zwj"])
    k.areas["fritid"].fakta = SAMPLES["crlf"] + SAMPLES["zwj"]
    extra = GridEntry(SAMPLES["nfc"] + SAMPLES["nfd"])
    vault.repo.save_entry(k.id, "fritid", "resurs", extra, len(k.areas["fritid"].resurser))
    k.areas["fritid"].resurser.append(extra)
    vault.repo.save_atgarder(k.id, SAMPLES["crlf"])
    k.atgarder_innan_plan = SAMPLES["crlf"]

    vault.close()
    from kartlaggning.storage import Vault
    from conftest import PASSPHRASE
    with Vault.open(vault.path, PASSPHRASE) as again:
        got = again.repo.get_participant(p.id)
        assert got == p
        assert got.namn.encode("utf-8") == p.namn.encode("utf-8")
        assert got.kontaktpersoner[0].namn == NFC != NFD
        got_k = again.repo.get_kartlaggning(k.id)
        assert got_k == k
        assert got_k.atgarder_innan_plan == "rad ett\r\nrad två\rrad tre\nrad fyra\r\n"
        assert got_k.areas["fritid"].fakta.endswith(SAMPLES["zwj"])
        assert got_k.areas["fritid"].resurser[-1].text == NFC + NFD
        record = again.repo.load_record(p.id)
        assert from_jsonable(ParticipantRecord, json.loads(json.dumps(to_jsonable(record), ensure_ascii=False))) == record
        # search still finds the decomposed name by its composed form
        assert [s.id for s in again.repo.search("åsa")] == [p.id]
        assert [s.id for s in again.repo.search(NFC[:3])] == [p.id]


def test_area_record_validates_unknown_area():
    errors: list = []
    AreaRecord("nope").validate(errors)
    assert codes(errors) == ["bad_value"]
