"""Settings in three layers (built-in < IT's machine defaults < the user's
settings.json), clear messages for bad files, and IT's letterhead template."""
from __future__ import annotations

import gettext
import json
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from kartlaggning import cli, i18n, paths
from kartlaggning.config import AppConfig
from kartlaggning.models import IndividuellPlan
from kartlaggning.models.unit import PNG_SIGNATURE
from kartlaggning.storage import prints as pr

BUILTIN = {"language": "sv", "idle_lock_minutes": 5, "vault_path": ""}  # the preferences (settings.json)
LETTERHEAD = {"kommun": "Provbyns kommun", "forvaltning": "Arbete och välfärd", "enhet": "Jobbcentrum",
              "adress": "Testgatan 1, 999 99 Provbyn\nTelefon 0000-00 00 00"}


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")  # message texts in the tests below are the English msgids
    yield
    i18n.set_language("sv")


@pytest.fixture(autouse=True)
def no_machine_defaults(tmp_path, monkeypatch):
    """This computer's own defaults.json (/etc/xdg/kartlaggning/...) must not count."""
    monkeypatch.delenv(paths.DEFAULTS_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "no-machine-defaults"))


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """Write IT's defaults file (``KARTLAGGNING_DEFAULTS`` points at it)."""
    path = tmp_path / "it" / "defaults.json"
    path.parent.mkdir()
    monkeypatch.setenv(paths.DEFAULTS_ENV, str(path))

    def write(content):
        path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
        return path
    write.path = path
    return write


@pytest.fixture
def user():
    """Write the user's settings.json (in the test's XDG_CONFIG_HOME)."""
    def write(content):
        path = AppConfig.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
        return path
    return write


def user_file() -> dict:
    return json.loads(AppConfig.path().read_text("utf-8"))


def png(width_tag: bytes = b"x") -> bytes:
    return PNG_SIGNATURE + b"\x00\x00\x00\rIHDR" + width_tag * 13  # enough for is_png()


# ---- precedence ------------------------------------------------------------------------------

def test_builtin_defaults_without_files():
    cfg = AppConfig.load()
    assert cfg.values() == BUILTIN and cfg.problem == "" and cfg.letterhead is None


def test_machine_defaults_override_builtin_and_user_overrides_machine(machine, user):
    machine({"language": "en", "idle_lock_minutes": 10, "show_questions": False})
    cfg = AppConfig.load()
    assert cfg.values() == {**BUILTIN, "language": "en", "idle_lock_minutes": 10}
    assert cfg.show_questions is False  # IT's starting value for the UI state
    user({"idle_lock_minutes": 3, "vault_path": "/data/v.kvault"})
    cfg = AppConfig.load()
    assert cfg.values() == {"language": "en", "idle_lock_minutes": 3, "vault_path": "/data/v.kvault"}
    assert cfg.show_questions is False and cfg.problem == ""


def test_machine_defaults_found_through_xdg_config_dirs(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.DEFAULTS_ENV, raising=False)
    first, second = tmp_path / "first", tmp_path / "second"
    (second / "kartlaggning").mkdir(parents=True)
    (second / "kartlaggning" / "defaults.json").write_text('{"idle_lock_minutes": 20}')
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{first}:{second}")
    assert AppConfig.load().idle_lock_minutes == 20
    (first / "kartlaggning").mkdir(parents=True)
    (first / "kartlaggning" / "defaults.json").write_text('{"idle_lock_minutes": 30}')
    assert AppConfig.load().idle_lock_minutes == 30  # the first directory is the most important


def test_a_later_it_change_reaches_a_user_who_never_set_the_value(machine):
    machine({"idle_lock_minutes": 10})
    cfg = AppConfig.load()
    cfg.language = "en"  # the user changes only the language
    cfg.save()
    assert user_file() == {"language": "en"}
    # Settings opened again and OK pressed without a change: nothing pinned
    cfg = AppConfig.load()
    cfg.idle_lock_minutes = cfg.idle_lock_minutes
    cfg.save()
    assert user_file() == {"language": "en"}
    machine({"idle_lock_minutes": 20})  # IT rolls out a new default
    assert AppConfig.load().values() == {**BUILTIN, "language": "en", "idle_lock_minutes": 20}


def test_a_value_the_user_chose_stays_theirs(machine):
    machine({"idle_lock_minutes": 10})
    cfg = AppConfig.load()
    cfg.idle_lock_minutes = 15
    cfg.save()
    cfg.idle_lock_minutes = 10  # chosen back, equal to IT's: still the user's choice
    cfg.save()
    machine({"idle_lock_minutes": 20})
    assert AppConfig.load().idle_lock_minutes == 10 and user_file() == {"idle_lock_minutes": 10}


def test_save_keeps_what_others_saved_since_and_unknown_keys(user):
    user({"from_a_newer_version": {"x": 1}})
    window, other = AppConfig.load(), AppConfig.load()
    other.idle_lock_minutes = 12
    other.save()
    window.language = "en"
    window.save()  # its idle minutes are stale (5) but unchanged: the other's value stays
    assert user_file() == {"from_a_newer_version": {"x": 1}, "idle_lock_minutes": 12, "language": "en"}
    assert AppConfig.load().values() == {**BUILTIN, "language": "en", "idle_lock_minutes": 12}


def test_a_config_built_in_code_saves_what_differs_from_builtin():
    cfg = AppConfig(language="en")
    cfg.idle_lock_minutes = 12
    cfg.save()
    assert user_file() == {"language": "en", "idle_lock_minutes": 12}


def test_save_drops_values_that_could_not_be_used(user):
    user({"idle_lock_minutes": 999, "language": "en"})
    cfg = AppConfig.load()
    assert cfg.idle_lock_minutes == 5 and "idle_lock_minutes" in cfg.problem
    cfg.vault_path = "/data/v.kvault"
    cfg.save()
    assert user_file() == {"language": "en", "vault_path": "/data/v.kvault"}
    assert AppConfig.load().problem == ""


# ---- UI state: the wizard's questions are not a preference ---------------------------------------

def ui_state_file() -> dict:
    return json.loads((paths.config_dir() / "window-state.json").read_text("utf-8"))


def test_the_questions_are_never_written_to_settings_json(machine):
    machine({"show_questions": False})
    cfg = AppConfig.load()
    assert cfg.show_questions is False  # IT's starting value
    with pytest.raises(AttributeError):
        cfg.show_questions = True  # read-only here: ui.window_state owns it
    cfg.language = "en"
    cfg.save()  # OK in the settings: only the preference that changed
    assert user_file() == {"language": "en"} and "show_questions" not in cfg.values()


def test_it_preset_is_the_start_and_the_users_toggle_wins_and_stays(qapp, machine):
    from kartlaggning.ui import preferences, window_state
    machine({"show_questions": False})
    state = window_state.ui_state()
    assert state.get("show_questions") is False  # never toggled on this machine: IT's value
    heard = []
    state.changed.connect(heard.append)
    assert state.set("show_questions", True) is True and heard == ["show_questions"]
    assert ui_state_file()["values"] == {"show_questions": True}  # written at once, beside the geometry
    assert not AppConfig.path().exists()  # the settings file is not touched
    with pytest.raises(KeyError):
        preferences.Preferences.shared().set(show_questions=False)  # no second owner
    # a restart: both files read again
    window_state._states.clear()
    preferences._shared = None
    assert AppConfig.load().show_questions is True and window_state.ui_state().get("show_questions") is True
    machine({"show_questions": False, "idle_lock_minutes": 9})  # IT changes its preset later
    preferences._shared = None
    assert window_state.ui_state().get("show_questions") is True  # the user's choice stays theirs
    assert AppConfig.load().idle_lock_minutes == 9
    state.changed.disconnect(heard.append)


def test_a_choice_equal_to_the_preset_is_still_the_users(qapp, machine):
    from kartlaggning.ui import preferences, window_state
    state = window_state.ui_state()
    assert state.set("show_questions", True) is False  # chosen, equal to the built-in: nothing changes
    assert ui_state_file()["values"] == {"show_questions": True}
    machine({"show_questions": False})
    preferences._shared = None
    assert state.get("show_questions") is True


def test_an_older_settings_line_is_a_starting_value_never_written_again(qapp, user):
    from kartlaggning.ui import window_state
    user({"show_questions": False})  # written by a version before the questions became UI state
    cfg = AppConfig.load()
    assert cfg.show_questions is False and window_state.ui_state().get("show_questions") is False
    cfg.idle_lock_minutes = 9
    cfg.save()
    assert user_file() == {"show_questions": False, "idle_lock_minutes": 9}  # left as it was
    window_state.ui_state().set("show_questions", True)
    assert AppConfig.load().show_questions is True  # the toggle wins over the old line
    assert user_file() == {"show_questions": False, "idle_lock_minutes": 9}


@pytest.mark.parametrize("content", ['{"version": 1, "values": {"show_questions": "no"}}',
                                     '{"version": 1, "values": [false]}', '{"version": 2, "values": {"show_questions": false}}',
                                     '{"version": 1, "values": {"show_questions": false', "\xff"])
def test_a_broken_ui_state_file_means_the_preset(content, machine):
    machine({"show_questions": False})
    path = paths.config_dir() / "window-state.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, "utf-8")
    cfg = AppConfig.load()
    assert cfg.show_questions is False and cfg.problem == ""  # a convenience file: never a message


def test_the_ui_state_file_holds_the_geometry_and_the_toggle_only(qapp):
    from kartlaggning.ui import window_state
    window_state.current().set("main_window", b"geometry")
    window_state.ui_state().set("show_questions", False)
    data = ui_state_file()
    assert data == {"version": 1, "blobs": {"main_window": "Z2VvbWV0cnk="}, "values": {"show_questions": False}}
    with pytest.raises(KeyError):
        window_state.ui_state().set("language", "en")  # a preference is not UI state
    with pytest.raises(TypeError):
        window_state.ui_state().set("show_questions", "no")


# ---- bad files: defaults and a message naming the file ---------------------------------------------

BAD_USER_FILES = [
    ("invalid JSON", b'{"language": "en",', "invalid JSON, line 1"),
    ("not an object", b'["sv", 5]', "not a JSON object"),
    ("a bare string", b'"sv"', "not a JSON object"),
    ("not UTF-8", b'{"vault_path": "C:\\\\V\xe4lv"}', "not UTF-8 text"),
    ("too long a number", b'{"idle_lock_minutes": ' + b"9" * 5000 + b"}", "invalid JSON"),
    ("too large", b'{"vault_path": "' + b"x" * (1024 * 1024) + b'"}', "larger than 1024 kB"),
]


@pytest.mark.parametrize("case, content, reason", BAD_USER_FILES, ids=[c[0] for c in BAD_USER_FILES])
def test_an_unusable_user_file_gives_defaults_and_a_message(user, case, content, reason):
    path = user(content)
    cfg = AppConfig.load()
    assert cfg.values() == BUILTIN
    assert cfg.problem == f"The settings file {path} could not be read ({reason}); standard values are used."


def test_an_unreadable_user_file(user, monkeypatch):
    path = user({"language": "en"})
    real_open = open

    def denied(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr("builtins.open", denied)
    cfg = AppConfig.load()
    assert cfg.values() == BUILTIN
    assert cfg.problem == (f"The settings file {path} could not be read (no permission to read it); "
                           "standard values are used.")


def test_a_folder_where_the_user_file_should_be():
    AppConfig.path().mkdir(parents=True)
    cfg = AppConfig.load()
    assert cfg.values() == BUILTIN and "(it is a folder)" in cfg.problem and str(AppConfig.path()) in cfg.problem


BAD_VALUES = [
    ({"idle_lock_minutes": 0}, "idle_lock_minutes must be a whole number from 1 to 240 (found 0); 5 is used."),
    ({"idle_lock_minutes": 241}, "idle_lock_minutes must be a whole number from 1 to 240 (found 241); 5 is used."),
    ({"idle_lock_minutes": "10"}, 'idle_lock_minutes must be a whole number from 1 to 240 (found "10"); 5 is used.'),
    ({"idle_lock_minutes": True}, "idle_lock_minutes must be a whole number from 1 to 240 (found true); 5 is used."),
    ({"idle_lock_minutes": 2.5}, "idle_lock_minutes must be a whole number from 1 to 240 (found 2.5); 5 is used."),
    ({"language": "de"}, 'language must be one of "sv", "en" (found "de"); "sv" is used.'),
    ({"language": None}, 'language must be one of "sv", "en" (found null); "sv" is used.'),
    ({"show_questions": "yes"}, 'show_questions must be true or false (found "yes"); true is used.'),
    ({"vault_path": 7}, 'vault_path must be text (found 7); "" is used.'),
]


@pytest.mark.parametrize("content, message", BAD_VALUES, ids=[m.split(" ")[0] + str(c) for c, m in BAD_VALUES])
def test_a_bad_value_is_ignored_alone_with_a_message(user, content, message):
    path = user({**content, "language": content.get("language", "en")} if "language" not in content
                else content)
    cfg = AppConfig.load()
    expected = {**BUILTIN, "language": "en"} if "language" not in content else BUILTIN
    assert cfg.values() == expected
    assert cfg.problem == f"In {path}, {message}"


def test_a_whole_number_written_as_float_is_accepted(user):
    user({"idle_lock_minutes": 10.0})
    cfg = AppConfig.load()
    assert cfg.idle_lock_minutes == 10 and isinstance(cfg.idle_lock_minutes, int) and cfg.problem == ""


def test_the_default_in_the_message_is_the_machine_value(machine, user):
    machine({"idle_lock_minutes": 15})
    path = user({"idle_lock_minutes": -1})
    cfg = AppConfig.load()
    assert cfg.idle_lock_minutes == 15
    assert cfg.problem == (f"In {path}, idle_lock_minutes must be a whole number from 1 to 240 (found -1); "
                           "15 is used.")


def test_a_bad_machine_file_keeps_the_users_settings(machine, user):
    path = machine(b"{idle_lock_minutes: 10}")
    user({"language": "en"})
    cfg = AppConfig.load()
    assert cfg.values() == {**BUILTIN, "language": "en"}
    assert cfg.problem == (f"The defaults file {path} set up by IT could not be read (invalid JSON, line 1); "
                           "the program's own standard values are used.")


def test_machine_file_problems_and_user_file_problems_are_all_reported(machine, user):
    machine({"idle_lock_minutes": 500, "idle_minutes": 10, "_comment": "set by IT, ticket 123"})
    user(b"[]")
    lines = AppConfig.load().problem.splitlines()
    assert len(lines) == 3
    assert str(machine.path) in lines[0] and "idle_lock_minutes" in lines[0]
    assert lines[1] == f"In {machine.path}, idle_minutes is not a known setting; it is ignored."
    assert str(AppConfig.path()) in lines[2]  # "_comment" is allowed: no message


def test_the_machine_file_may_not_set_the_vault_path(machine):
    machine({"vault_path": "/srv/shared.kvault"})
    cfg = AppConfig.load()
    assert cfg.vault_path == "" and "vault_path is not a known setting" in cfg.problem


def test_kartlaggning_defaults_naming_a_missing_file(machine):
    cfg = AppConfig.load()
    assert cfg.values() == BUILTIN
    assert cfg.problem == (f"The defaults file {machine.path} named by KARTLAGGNING_DEFAULTS does not exist; "
                           "the program's own standard values are used.")


def test_a_missing_machine_file_in_the_standard_place_is_normal(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.DEFAULTS_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "nothing-here"))
    assert AppConfig.load().problem == ""


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])  # Notepad; PowerShell 5's Out-File
def test_files_written_by_windows_tools_are_read(machine, encoding):
    machine(json.dumps({"language": "en", "letterhead": {"kommun": "Åmåls kommun"}},
                       ensure_ascii=False).encode(encoding))
    cfg = AppConfig.load()
    assert cfg.problem == "" and cfg.language == "en" and cfg.letterhead.kommun == "Åmåls kommun"


@pytest.mark.parametrize("content", [b"", b"null", b"1" * 5000, b'{"idle_lock_minutes": 1e999}', b"{" * 10000,
                                     b"[" * 200_000,  # deep nesting under the size limit: RecursionError
                                     b'{"language": {"sv": 1}}', b"\xff\xfe\xfd", b'{"show_questions": [true]}'])
def test_never_a_traceback(user, machine, content):
    user(content)
    machine(content)
    cfg = AppConfig.load()
    assert cfg.values() == BUILTIN and cfg.problem


def test_the_message_is_translated_when_shown(user, monkeypatch):
    """The config is read before the UI language is set: the text is made when asked for."""
    user(b"[1]")
    cfg = AppConfig.load()

    class Marked(gettext.NullTranslations):
        def gettext(self, message):
            return "«" + message + "»"
    monkeypatch.setattr(i18n, "_current", Marked())
    assert cfg.problem.startswith("«The settings file") and "(«not a JSON object»)" in cfg.problem


# ---- the letterhead template ----------------------------------------------------------------------

def test_letterhead_from_machine_defaults(machine):
    (machine.path.parent / "logo.png").write_bytes(png())
    machine({"letterhead": {**LETTERHEAD, "logo": "logo.png"}})
    cfg = AppConfig.load()
    assert cfg.problem == ""
    assert (cfg.letterhead.kommun, cfg.letterhead.enhet, cfg.letterhead.adress) == (
        LETTERHEAD["kommun"], LETTERHEAD["enhet"], LETTERHEAD["adress"])
    assert cfg.letterhead.logo_png == png()


def test_missing_letterhead_fields_take_the_builtin_ones(machine):
    machine({"letterhead": {"kommun": "Provbyns kommun"}})
    head = AppConfig.load().letterhead
    assert (head.kommun, head.forvaltning, head.enhet, head.adress, head.logo_png) == (
        "Provbyns kommun", "Utbildning och arbete", "Arbetsmarknadsenheten", "", None)


@pytest.mark.parametrize("letterhead, fragment", [
    ("Provbyns kommun", "letterhead must be a JSON object"),
    ({"kommun": 5}, "letterhead.kommun must be text of at most 200 characters"),
    ({"kommun": "x" * 201}, "letterhead.kommun must be text of at most 200 characters"),
    ({"adress": "a\x00b"}, "letterhead.adress must be text of at most 500 characters"),
    ({"logo": "missing.png"}, 'the logo "missing.png" is not a PNG file of at most 5 MB'),
    ({"logo": "not-a-png.png"}, 'the logo "not-a-png.png" is not a PNG file'),
    ({"logo": 12}, "the logo 12 is not a PNG file"),
    ({"logo": "a\u0000b.png"}, "is not a PNG file"),  # NUL in a path: ValueError from open()
    ({"logo": "~nosuchuser-kl/logo.png"}, "is not a PNG file"),  # RuntimeError from expanduser()
    ({"logga": "x"}, "letterhead.logga is not a known setting"),
])
def test_a_bad_letterhead_field_is_reported(machine, letterhead, fragment):
    (machine.path.parent / "not-a-png.png").write_bytes(b"GIF89a....")
    machine({"letterhead": letterhead, "idle_lock_minutes": 9})
    cfg = AppConfig.load()
    assert fragment in cfg.problem and str(machine.path) in cfg.problem
    assert cfg.idle_lock_minutes == 9  # the rest of the file still counts
    if isinstance(letterhead, dict):
        assert cfg.letterhead is not None and cfg.letterhead.logo_png is None


def test_printing_uses_the_template_until_the_vault_saves_its_own(machine, vault):
    machine({"letterhead": LETTERHEAD})
    assert not pr.has_unit_header(vault.repo)
    assert pr.effective_unit_header(vault.repo, AppConfig.load().letterhead).kommun == "Provbyns kommun"
    pr.save_unit_header(vault.repo, pr.load_unit_header(vault.repo).__class__(kommun="Egna kommunen"))
    assert pr.has_unit_header(vault.repo)
    assert pr.effective_unit_header(vault.repo, AppConfig.load().letterhead).kommun == "Egna kommunen"


def test_gui_print_uses_the_template(machine, vault, participant):
    from kartlaggning.models.printed import PLAN
    from kartlaggning.ui.plans.printing import prepare
    machine({"letterhead": LETTERHEAD})
    vault.repo.save_participant(participant)
    plan = IndividuellPlan(participant_id=participant.id, namn=participant.namn,
                           personnummer=participant.personnummer, mal="Arbete")
    vault.repo.save_document(plan)
    job = prepare(vault.repo, pr.content_for(vault.repo, PLAN, plan))
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(job.render())).pages)
    assert "Provbyns kommun" in text and "Jobbcentrum" in text


def test_unit_settings_dialog_starts_from_the_template(qtbot, machine, vault):
    from PySide6.QtWidgets import QDialog

    from kartlaggning.ui.plans.unit_settings import UnitSettingsDialog
    (machine.path.parent / "logo.png").write_bytes(png())
    machine({"letterhead": {**LETTERHEAD, "logo": str(machine.path.parent / "logo.png")}})
    dialog = UnitSettingsDialog(vault.repo)
    qtbot.addWidget(dialog)
    assert dialog.prefilled_from_defaults and not dialog.prefill_note.isHidden()
    assert (dialog.kommun.text(), dialog.forvaltning.text(), dialog.enhet.text()) == (
        "Provbyns kommun", "Arbete och välfärd", "Jobbcentrum")
    assert dialog.adress.toPlainText() == LETTERHEAD["adress"] and dialog.logo_png == png()
    dialog.enhet.selectAll()
    qtbot.keyClicks(dialog.enhet, "Vagledningen")  # QTest types ASCII only
    assert dialog.save() and dialog.result() == QDialog.DialogCode.Accepted
    saved = pr.load_unit_header(vault.repo)
    assert (saved.kommun, saved.enhet, saved.logo_png) == ("Provbyns kommun", "Vagledningen", png())
    machine({"letterhead": {**LETTERHEAD, "kommun": "Ändrad av IT"}})  # the vault's own wins from now on
    again = UnitSettingsDialog(vault.repo)
    qtbot.addWidget(again)
    assert not again.prefilled_from_defaults and again.prefill_note.isHidden()
    assert again.kommun.text() == "Provbyns kommun" and again.enhet.text() == "Vagledningen"
    assert pr.effective_unit_header(vault.repo, AppConfig.load().letterhead).kommun == "Provbyns kommun"


def test_without_a_template_the_dialog_is_as_before(qtbot, vault):
    from kartlaggning.ui.plans.unit_settings import UnitSettingsDialog
    dialog = UnitSettingsDialog(vault.repo)
    qtbot.addWidget(dialog)
    assert not dialog.prefilled_from_defaults and dialog.prefill_note.isHidden()
    assert dialog.kommun.text() == "" and dialog.enhet.text() == "Arbetsmarknadsenheten"


# ---- the command line ---------------------------------------------------------------------------------

def test_cli_prints_the_problem_to_stderr_once(user, capsys, monkeypatch):
    monkeypatch.delenv("KARTLAGGNING_LANG", raising=False)
    path = user(b'{"language": "en", "idle_lock_minutes": "many"}')
    args = cli.parse_args(["verify", "--vault", "somewhere.kvault"])
    assert not isinstance(args, int)
    err = capsys.readouterr().err
    assert err.count(str(path)) == 1 and "idle_lock_minutes" in err
    assert i18n.language() == "en"  # the valid language in the same file still counts


def test_cli_says_nothing_when_the_settings_are_fine(user, capsys, monkeypatch):
    monkeypatch.delenv("KARTLAGGNING_LANG", raising=False)
    user({"language": "en"})
    cli.parse_args(["verify", "--vault", "somewhere.kvault"])
    assert capsys.readouterr().err == ""


def test_cli_print_uses_the_template(machine, vault, vault_path, participant, passphrase, tmp_path, monkeypatch):
    machine({"letterhead": LETTERHEAD})
    vault.repo.save_participant(participant)
    vault.repo.save_document(IndividuellPlan(participant_id=participant.id, namn=participant.namn,
                                             personnummer=participant.personnummer, mal="Arbete"))
    vault.close()
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", passphrase)
    out = tmp_path / "plan.pdf"
    assert cli.main(["print", "--vault", str(vault_path), "--participant", participant.personnummer,
                     "--document", "plan", "--out", str(out)]) == 0
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(out.read_bytes())).pages)
    assert "Provbyns kommun" in text


def test_a_machine_folder_that_cannot_be_searched(machine, monkeypatch):
    """Path.exists() raises PermissionError for a folder without search permission."""
    real_exists = Path.exists

    def denied(self, *args, **kwargs):
        if self == machine.path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self, *args, **kwargs)
    monkeypatch.setattr(Path, "exists", denied)
    real_open = open

    def no_open(file, *args, **kwargs):
        if Path(file) == machine.path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr("builtins.open", no_open)
    cfg = AppConfig.load()
    assert cfg.values() == BUILTIN and "(no permission to read it)" in cfg.problem and str(machine.path) in cfg.problem


def test_the_problem_can_be_cleared_once_shown(user):
    user(b"{")
    cfg = AppConfig.load()
    assert cfg.problem
    cfg.problem = ""
    assert cfg.problem == "" and cfg.problems == []
    cfg.problem = "Shown elsewhere."
    assert cfg.problem == "Shown elsewhere."
