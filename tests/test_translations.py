"""The Swedish catalogue: complete, current, faithful to the paper forms, and loaded at run time."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from kartlaggning import i18n
from kartlaggning.i18n import _, ngettext
from kartlaggning.models.areas import AREAS
from kartlaggning.models.errors import ValidationError
from kartlaggning.models.kartlaggning import STAGE_FORM_LABELS, STAGE_LABELS
from kartlaggning.models.plans import COMPETENCE_PROPERTIES, PLAN_CONTACT_ROLES, PLAN_CONTACT_UI_LABELS, RATING_SCALE

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _tool():
    spec = importlib.util.spec_from_file_location("translations_tool", ROOT / "scripts" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mnemonics(text: str) -> int:
    return len(re.findall(r"&.", text.replace("&&", "")))


@pytest.fixture(scope="module")
def tool():
    return _tool()


@pytest.fixture(scope="module")
def catalogue(tool):
    return [m for m in tool.load_po() if m.id]


# ---- (a) complete and compiled ---------------------------------------------------------

def test_check_finds_nothing(tool):
    assert tool.problems() == []


def test_stale_means_other_messages_not_other_bytes(tool):
    po = tool.load_po()
    compiled = tool.mo_bytes(po)
    po.last_translator = "Någon Annan <annan@example.org>"  # another header: not stale
    assert tool.mo_bytes(po) != compiled
    assert tool.mo_messages(tool.mo_bytes(po)) == tool.mo_messages(compiled)
    message = next(m for m in po if m.id and isinstance(m.id, str))
    message.string = message.string + " (ändrad)"
    assert tool.mo_messages(tool.mo_bytes(po)) != tool.mo_messages(compiled)


def test_a_missing_catalogue_is_an_error_not_english(monkeypatch):
    from kartlaggning import resources
    real = resources.file
    monkeypatch.setattr(resources, "file", lambda name: real(name + ".absent") if name.endswith(".mo") else real(name))
    with pytest.raises(resources.MissingResource) as info:
        i18n.set_language("sv")
    assert "kartlaggning.mo" in str(info.value) and "ofullständig" in str(info.value)
    with pytest.raises(resources.MissingResource):
        resources.check()
    monkeypatch.undo()
    i18n.set_language("sv")
    resources.check()


def test_every_msgid_in_the_code_has_swedish_text(tool, catalogue):
    in_code = {m.id if isinstance(m.id, str) else tuple(m.id) for m in tool.extract() if m.id}
    in_po = {m.id if isinstance(m.id, str) else tuple(m.id): m.string for m in catalogue}
    assert len(in_code) > 300
    missing = [i for i in in_code if not in_po.get(i)]
    assert missing == []


# ---- (b) placeholders and mnemonics kept -------------------------------------------------

def _pairs(catalogue):
    for m in catalogue:
        if isinstance(m.id, str):
            yield m.id, m.id, m.string
        else:  # plural: each form against the msgid of the same number
            singular, plural = m.id
            for i, text in enumerate(m.string):
                yield singular, (singular if i == 0 else plural), text


def test_placeholders_are_kept_exactly(catalogue):
    wrong = [(source, text) for msgid, source, text in _pairs(catalogue)
             if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))]
    assert wrong == []


def test_mnemonic_count_is_kept(catalogue):
    wrong = [(msgid, text) for msgid, _source, text in _pairs(catalogue)
             if _mnemonics(msgid) != _mnemonics(text) or _mnemonics(text) > 1]
    assert wrong == []


def test_plural_forms_are_both_filled(catalogue):
    plurals = [m for m in catalogue if not isinstance(m.id, str)]
    assert plurals
    for m in plurals:
        assert len(m.string) == 2 and all(m.string), m.id


def test_formatting_a_translation_works_with_the_code_arguments(catalogue):
    for msgid, source, text in _pairs(catalogue):
        names = {p[1:-1].split(":")[0].split("!")[0] for p in PLACEHOLDER.findall(source)}
        if names and all(n.isidentifier() for n in names):
            text.format(**{n: 1 for n in names})  # raises on a broken brace or format spec


# ---- (c) key strings in Swedish, English when asked --------------------------------------

@pytest.fixture
def sv():
    i18n.set_language("sv")
    yield
    i18n.set_language("sv")


@pytest.fixture
def en():
    i18n.set_language("en")
    yield
    i18n.set_language("sv")


def test_swedish_is_the_default_language():
    assert i18n.DEFAULT_LANGUAGE == "sv"


def test_personnummer_check_digit_error_is_swedish(sv):
    from kartlaggning.models import personnummer
    with pytest.raises(ValidationError) as info:
        personnummer.parse("19121212-1213")
    assert info.value.code == "pnr_checksum"
    assert info.value.message == "Kontrollsiffran (sista siffran) stämmer inte; kontrollera att numret är rätt skrivet."
    with pytest.raises(ValidationError) as info:
        personnummer.parse("1912121")
    assert info.value.message == "Ett personnummer har 10 eller 12 siffror (här 7)."


def test_wrong_passphrase_message_is_exact(sv, vault, vault_path):
    from kartlaggning.storage import Vault
    from kartlaggning.storage.errors import WrongPassphrase
    vault.close()
    with pytest.raises(WrongPassphrase) as info:
        Vault.open(vault_path, "inte rätt lösenord")
    assert info.value.message == "Fel lösenord eller skadad fil."


def test_area_titles_are_the_paper_form_names(sv):
    assert len(AREAS) == 12
    for area in AREAS:
        assert _(area.title) == area.form_title


def test_grid_and_page_labels_are_the_form_words(sv):
    assert _("Obstacles") == "Hinder"
    assert _("Resources") == "Resurser"
    assert _("Area") == "Område"
    assert _("&Obstacles").replace("&", "") == "Hinder"
    assert _("&Resources").replace("&", "") == "Resurser"
    assert _("Individual factors") == "Kartläggning – individfaktorer"
    assert _("Environmental factors") == "Kartläggning – omgivningsfaktorer"
    assert _("Motivation for change") == "Motivation till förändring"
    assert _("What is your &goal?").replace("&", "") == "Vad är ditt mål?"
    assert _("Summary") == "Sammanställning"
    assert _("Summary and &assessment").replace("&", "") == "Sammanfattning/bedömning"
    assert _("&Rehabilitation proposals").replace("&", "") == "Rehabiliteringsförslag"
    assert _("Proposals for &other measures").replace("&", "") == "Förslag på övriga åtgärder"
    assert _("Show to participant") == "Visa för deltagaren"
    assert _("Saved") == "Sparat"
    assert _("&Lock").replace("&", "") == "Lås"
    assert _("Session {number}").format(number=2) == "Samtal 2"


def test_motivation_cross_reads_like_the_paper_form(sv):
    from kartlaggning.ui.wizard.motivation_page import cross_labels
    assert {k: v.replace("&", "") for k, v in cross_labels().items()} == {
        "mindre_bra_for_mig": "Mindre bra med förändring för mig",
        "bra_for_mig": "Bra med förändring för mig",
        "mindre_bra_for_omgivningen": "Mindre bra för min omgivning med förändring för mig",
        "bra_for_omgivningen": "Bra för min omgivning med förändring för mig",
    }
    assert _("Actions before the \u201cIndividual plan toward work\u201d can be drawn up") == \
        "Åtgärder innan \u201dIndividuell plan mot arbete\u201d kan upprättas"


def test_model_labels_match_the_swedish_printouts(sv):
    for stage, msgid in STAGE_LABELS.items():
        assert _(msgid) == STAGE_FORM_LABELS[stage]
    for _key, form_name, msgid in COMPETENCE_PROPERTIES:
        assert _(msgid) == form_name
    for _n, form_name, msgid in RATING_SCALE:
        assert _(msgid) == form_name
    form_names = dict(PLAN_CONTACT_ROLES)
    for role in ("arbetsmarknadshandlaggare", "forsorjningsstod", "arbetsformedlingen", "syv"):
        assert _(PLAN_CONTACT_UI_LABELS[role]) == form_names[role]


def test_plural_forms_follow_the_number(sv):
    assert ngettext("{n} participant", "{n} participants", 1).format(n=1) == "1 deltagare"
    assert ngettext("{n} participant", "{n} participants", 5).format(n=5) == "5 deltagare"


def test_english_when_asked(en, vault, vault_path):
    from kartlaggning.models import personnummer
    from kartlaggning.storage import Vault
    from kartlaggning.storage.errors import WrongPassphrase
    with pytest.raises(ValidationError) as info:
        personnummer.parse("19121212-1213")
    assert info.value.message == "The check digit (last digit) is wrong; check for a typo."
    vault.close()
    with pytest.raises(WrongPassphrase) as info:
        Vault.open(vault_path, "not the passphrase")
    assert info.value.message == "Wrong passphrase or damaged file."
    assert _(AREAS[0].title) == "Body functions"
    assert _("Obstacles") == "Obstacles"
    assert ngettext("{n} participant", "{n} participants", 5).format(n=5) == "5 participants"


def test_switching_back_to_swedish(en):
    assert _("Resources") == "Resources"
    i18n.set_language("sv")
    assert _("Resources") == "Resurser"


# ---- (d) Qt's own strings -----------------------------------------------------------------

def test_qt_swedish_translation_file_loads():
    from PySide6.QtCore import QLibraryInfo, QTranslator
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    assert (Path(folder) / "qtbase_sv.qm").is_file()
    translator = QTranslator()
    assert translator.load("qtbase_sv", folder)
    assert not translator.isEmpty()
    assert translator.translate("QPlatformTheme", "Cancel") == "Avbryt"
