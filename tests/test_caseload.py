"""The caseload ("Att göra"): the rules of services.caseload on a vault with one
participant per kind (and some who just miss), in Swedish order; the same answers as
the rules they mirror (services.method.follow_up_due, services.retention.due); the
cheap update after an edit; and the panel beside the list, where a click or Enter
opens the participant at the right place. The day is fixed (services.retention.today)."""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from PySide6.QtCore import Qt

from kartlaggning.models import Consent, IndividuellPlan, Kartlaggning, Participant, Samtal
from kartlaggning.models.method import Arbetstraning, Avslut, SchemaSteg, Uppfoljning, Utfall
from kartlaggning.services import caseload as cl
from kartlaggning.services import method, retention
from kartlaggning.storage import Vault
from kartlaggning.storage import caseload as store
from kartlaggning.storage import lifecycle

from conftest import PASSPHRASE, make_pnr
from test_lifecycle import ON, aged, set_saved  # noqa: F401 (fixture)
from test_ui_shell import make_window, unlock  # noqa: F401 (fixture)

TODAY = date(2026, 3, 10)
LEFT = Qt.MouseButton.LeftButton


def _signed() -> Consent:
    return Consent(signed=date(2025, 12, 1))


def fill_desk(vault) -> dict[str, Participant]:
    """One or more participants per kind, and some who just miss it."""
    repo = vault.repo
    people: dict[str, Participant] = {}

    def person(key, namn, n, consent=None, **referral):
        p = Participant(namn=namn, personnummer=make_pnr(n, 1975), consent=consent or _signed())
        for name, value in referral.items():
            setattr(p.referral, name, value)
        repo.save_participant(p)
        people[key] = p
        return p

    person("withdrawn", "Örjan Ek", 1, Consent(signed=date(2025, 12, 1), withdrawn=date(2026, 3, 1)))
    person("missing", "Åke Ström", 2, Consent(signed=None))
    person("expired", "Zelda Berg", 3, Consent(signed=date(2025, 1, 1), giltig_till=date(2026, 3, 1)))
    plan = person("plan", "Ängla Plansson", 4)
    repo.save_document(IndividuellPlan(participant_id=plan.id, namn=plan.namn, upprattad=date(2026, 3, 2)))
    signed = person("signed_plan", "Signe Klar", 5)
    repo.save_document(IndividuellPlan(participant_id=signed.id, namn=signed.namn, upprattad=date(2026, 2, 1),
                                       signerad=date(2026, 2, 3)))
    for key, namn, n, count in (("samtal", "Ali Samtalsson", 6, 6), ("five", "Anna Femsson", 7, 5)):
        p = person(key, namn, n)
        repo.save_kartlaggning(Kartlaggning(participant_id=p.id, datum=date(2026, 1, 5), samtal=[
            Samtal(datum=date(2026, 1, 5) + timedelta(weeks=i), start=time(9, 0), slut=time(9, 50))
            for i in range(count)]))
    trainee = person("training", "Bo Träning", 8)
    repo.save_document(Arbetstraning(participant_id=trainee.id, datum=date(2026, 2, 1),
                                     schema=[SchemaSteg(date(2026, 2, 1), 25)]))  # due 1 March: overdue
    followed = person("followed", "Cecilia Följsson", 9)
    t = Arbetstraning(participant_id=followed.id, datum=date(2026, 1, 1))
    repo.save_document(t)
    repo.save_document(Uppfoljning(participant_id=followed.id, datum=date(2026, 2, 10), arbetstraning_id=t.id,
                                   nasta=date(2026, 3, 25)))  # due later this month
    later = person("later", "David Senare", 10)
    t = Arbetstraning(participant_id=later.id, datum=date(2026, 1, 1))
    repo.save_document(t)
    repo.save_document(Uppfoljning(participant_id=later.id, datum=date(2026, 3, 5), arbetstraning_id=t.id,
                                   nasta=date(2026, 4, 5)))  # next month: not yet
    person("referral", "Zara Remissdotter", 11, period_from=date(2025, 9, 1), period_to=TODAY + timedelta(days=10))
    person("referral_later", "Erik Långsson", 12, period_from=date(2025, 9, 1), period_to=TODAY + timedelta(days=31))
    person("referral_ended", "Ebba Slutsson", 15, period_from=date(2025, 9, 1), period_to=TODAY - timedelta(days=5))
    closed = person("closed", "Olle Stängd", 13, Consent(signed=date(2025, 1, 1), withdrawn=date(2026, 1, 1)),
                    period_to=TODAY + timedelta(days=3))
    repo.save_document(Avslut(participant_id=closed.id, datum=date(2026, 2, 20), utfall=Utfall.ARBETE))
    old = person("old", "Gun Gammal", 14)
    with vault.transaction():
        set_saved(vault, old.id, "2020-01-02T10:00:00+00:00")
    return people


EXPECTED = {  # kind -> keys of fill_desk, in Swedish order
    cl.FOLLOW_UP: ["training", "followed"],
    cl.PLAN: ["plan"],
    cl.SAMTAL: ["samtal"],
    cl.CONSENT: ["expired", "missing", "withdrawn"],  # Zelda, Åke, Örjan: Å and Ö after Z
    cl.REFERRAL: ["referral_ended", "referral"],  # ended while still active: a decision or an avslut is due
    cl.GALLRING: ["old"],
}


@pytest.fixture
def desk(vault, monkeypatch):
    monkeypatch.setattr(retention, "today", lambda: TODAY)
    return vault, fill_desk(vault)


def names(caseload: cl.Caseload, kind: str) -> list[str]:
    return [i.namn for i in caseload.items(kind)]


# ---- the rules ---------------------------------------------------------------------------------

def test_each_kind_lists_exactly_its_participants_in_swedish_order(desk):
    vault, people = desk
    result = cl.build(vault.repo)
    assert result.today == TODAY
    for kind, keys in EXPECTED.items():
        assert names(result, kind) == [people[k].namn for k in keys], kind
    by_key = {k: p.id for k, p in people.items()}
    training = {i.participant_id: i for i in result.items(cl.FOLLOW_UP)}
    assert (training[by_key["training"]].day, training[by_key["training"]].state) == (date(2026, 3, 1), cl.OVERDUE)
    assert (training[by_key["followed"]].day, training[by_key["followed"]].state) == (date(2026, 3, 25), cl.DUE)
    consent = {i.participant_id: (i.state, i.day) for i in result.items(cl.CONSENT)}
    assert consent == {by_key["withdrawn"]: (cl.WITHDRAWN, date(2026, 3, 1)), by_key["missing"]: (cl.MISSING, None),
                       by_key["expired"]: (cl.EXPIRED, date(2026, 3, 1))}
    assert [(i.day, i.state) for i in result.items(cl.REFERRAL)] == [(TODAY - timedelta(days=5), cl.ENDED),
                                                                      (TODAY + timedelta(days=10), cl.ENDING)]
    assert [i.count for i in result.items(cl.SAMTAL)] == [6]
    assert [i.day for i in result.items(cl.PLAN)] == [date(2026, 3, 2)]
    assert [i.day for i in result.items(cl.GALLRING)] == [date(2025, 1, 2)]
    assert {i.place for i in result.items(cl.CONSENT)} == {cl.PLACE_CONSENT}
    assert result.total == 10 and people["closed"].id not in result.participant_ids()


def test_the_follow_up_rule_is_services_method_s(desk):
    vault, people = desk
    facts = store.facts(vault)
    for key in ("training", "followed", "later", "closed", "plan"):
        pid = people[key].id
        ours = cl.follow_up_due(facts.training.get(pid), facts.follow_up.get(pid), TODAY)
        if key == "closed":
            assert method.is_closed(vault.repo, pid)
            continue
        assert ours == method.follow_up_due(vault.repo, pid, TODAY), key
    # the month ends: a follow-up due on 1 April is listed from April on, overdue after
    assert [i.namn for i in cl.build(vault.repo, date(2026, 4, 1)).items(cl.FOLLOW_UP)] == [
        people["training"].namn, people["followed"].namn, people["later"].namn]


def test_gallring_is_the_retention_rule(aged):
    path, people = aged
    with Vault.open(path, PASSPHRASE) as v:
        for on, years in ((ON, None), (date(2034, 5, 5), None), (date(2034, 5, 4), None), (ON, 4)):
            if years is not None:
                retention.set_years(v.repo, years)
            due = retention.due(v.repo, on)
            assert due, on
            items = cl.build(v.repo, on).items(cl.GALLRING)
            assert [(i.participant_id, i.day) for i in items] == [(d.participant_id, d.due_since) for d in due]


def test_the_gallring_rule_counts_the_same_saves():
    """storage.caseload reads lifecycle.SAVED_AT itself: the two can never count differently."""
    sql = store.last_saved_sql()
    assert all(part in sql for part in lifecycle.SAVED_AT)


def test_update_recomputes_only_those_edited_and_equals_a_full_build(desk):
    vault, people = desk
    repo = vault.repo
    before = cl.build(repo)
    p = repo.get_participant(people["withdrawn"].id)
    p.consent.withdrawn = None
    repo.save_participant(p)
    q = repo.get_participant(people["referral_later"].id)
    q.referral.period_to = TODAY + timedelta(days=2)
    repo.save_participant(q)
    after = cl.update(before, repo, [p.id, q.id])
    full = cl.build(repo)
    assert after.groups == full.groups
    assert names(after, cl.CONSENT) == [people["expired"].namn, people["missing"].namn]
    assert names(after, cl.REFERRAL) == [people["referral_ended"].namn, people["referral_later"].namn,
                                         people["referral"].namn]  # Eb, Er, Z
    repo.delete_participant(people["plan"].id)
    assert cl.update(after, repo, [people["plan"].id]).items(cl.PLAN) == []
    assert cl.update(after, repo, []) is after
    assert cl.update(after, repo, [p.id], TODAY + timedelta(days=1)).today == TODAY + timedelta(days=1)  # a new day


def test_a_reader_of_its_own_sees_what_is_committed(desk):
    vault, people = desk
    reader = store.open_reader(vault)
    with store.reading_repository(reader) as repo:
        assert cl.build(repo).groups == cl.build(vault.repo).groups
    assert not reader.is_open


# ---- the panel beside the list -------------------------------------------------------------------

@pytest.fixture
def desk_window(make_window, vault_path, monkeypatch, qtbot):
    monkeypatch.setattr(retention, "today", lambda: TODAY)
    vault, _key = Vault.create(vault_path, PASSPHRASE)
    people = fill_desk(vault)
    vault.close()
    w = make_window(vault_path)
    unlock(w)
    view = w.caseload_view
    qtbot.waitUntil(lambda: view.caseload is not None and not view.busy, timeout=10_000)
    return w, view, people


def tree_rows(view) -> dict[str, list[str]]:
    m = view.model
    out = {}
    for g in range(m.rowCount()):
        group = m.index(g, 0)
        out[m.kind(group)] = [m.index(r, 0, group).data() for r in range(m.rowCount(group))]
    return out


def row_index(view, kind: str, namn: str):
    m = view.model
    group = m.index(m.group_row(kind), 0)
    return next(m.index(r, 0, group) for r in range(m.rowCount(group)) if m.index(r, 0, group).data() == namn)


def test_the_panel_groups_with_counts_and_names_in_swedish_order(desk_window):
    w, view, people = desk_window
    assert view.isVisible() and w.list_page.isVisible()  # beside the list, no click needed
    assert tree_rows(view) == {kind: [people[k].namn for k in keys] for kind, keys in EXPECTED.items()}
    m = view.model
    titles = [m.index(g, 0).data() for g in range(m.rowCount())]
    assert titles == ["2 uppföljningar denna månad", "1 plan inte signerad", "1 kartläggning med fler än fem samtal",
                      "3 medgivanden återkallade eller saknas",
                      "2 anvisningstider slutar inom 30 dagar eller har slutat", "1 deltagare ska gallras"]
    whats = {m.index(r, 0, m.index(m.group_row(cl.CONSENT), 0)).data(): m.index(
        r, 2, m.index(m.group_row(cl.CONSENT), 0)).data() for r in range(3)}
    assert whats[people["missing"].namn] == "Inget signerat medgivande"
    assert whats[people["withdrawn"].namn].startswith("Återkallat ")
    assert "10 deltagare har något att göra" in view.status.text()


def test_a_click_opens_the_participant_at_the_consent(desk_window, qtbot):
    w, view, people = desk_window
    index = row_index(view, cl.CONSENT, people["withdrawn"].namn)
    qtbot.mouseClick(view.tree.viewport(), LEFT, pos=view.tree.visualRect(index).center())
    page = w.participant_page
    assert page is not None and page.participant_id == people["withdrawn"].id
    assert page.current_tab_key() == page.TAB_PARTICIPANT
    field = page.form.fields["consent.signed"].row
    qtbot.waitUntil(lambda: field.isAncestorOf(qtbot_focus()) or qtbot_focus() is field, timeout=3000)


def qtbot_focus():
    from PySide6.QtWidgets import QApplication
    return QApplication.focusWidget()


def test_enter_opens_the_plan_and_a_follow_up_opens_the_follow_ups(desk_window, qtbot):
    w, view, people = desk_window
    tree = view.tree
    tree.setFocus()
    tree.setCurrentIndex(view.model.index(0, 0))  # the first group's heading
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # Bo Träning
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # Cecilia Följsson
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # the plan group's heading
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # Ängla Plansson
    assert view.model.item(tree.currentIndex()).participant_id == people["plan"].id
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    page = w.participant_page
    assert page is not None and page.participant_id == people["plan"].id
    documents = page.tab_widget(page.TAB_PLANS)
    assert page.current_tab_key() == page.TAB_PLANS and documents.tabs.currentWidget() is documents.plan

    qtbot.mouseClick(page.back_button, LEFT)
    assert w.participant_page is None and view.isVisible()
    index = row_index(view, cl.FOLLOW_UP, people["training"].namn)
    tree.setFocus()
    tree.setCurrentIndex(index)
    qtbot.keyClick(tree, Qt.Key.Key_Enter)
    page = w.participant_page
    documents = page.tab_widget(page.TAB_PLANS)
    assert page.participant_id == people["training"].id
    assert documents.tabs.currentWidget() is documents.uppfoljningar

    qtbot.mouseClick(page.back_button, LEFT)
    group = view.model.index(view.model.group_row(cl.SAMTAL), 0)
    tree.setCurrentIndex(group)
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter on a heading closes the group, opens nothing
    assert not tree.isExpanded(group) and w.participant_page is None
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert tree.isExpanded(group)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    page = w.participant_page
    assert page.participant_id == people["samtal"].id and page.current_tab_key() == page.TAB_KARTLAGGNING


def test_an_edit_is_seen_when_back_on_the_list_and_a_lock_forgets_it_all(desk_window, qtbot):
    w, view, people = desk_window
    index = row_index(view, cl.CONSENT, people["withdrawn"].namn)
    qtbot.mouseClick(view.tree.viewport(), LEFT, pos=view.tree.visualRect(index).center())
    page = w.participant_page
    edit = page.form.fields["consent.withdrawn"].row.field.line_edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)  # the withdrawal was a mistake
    qtbot.mouseClick(page.back_button, LEFT)
    qtbot.waitUntil(lambda: not view.busy and people["withdrawn"].namn not in tree_rows(view)[cl.CONSENT],
                    timeout=10_000)
    assert tree_rows(view)[cl.CONSENT] == [people["expired"].namn, people["missing"].namn]
    assert view.model.index(view.model.group_row(cl.CONSENT), 0).data() == "2 medgivanden återkallade eller saknas"

    w.lock()
    assert view.model.rowCount() == 0 and view.caseload is None and view.status.text() == ""
    unlock(w)
    qtbot.waitUntil(lambda: view.caseload is not None and not view.busy, timeout=10_000)
    assert tree_rows(view)[cl.CONSENT] == [people["expired"].namn, people["missing"].namn]


def test_view_to_do_puts_the_focus_in_the_panel_and_a_new_day_counts_anew(desk_window, qtbot, monkeypatch):
    w, view, people = desk_window
    w.open_participant(people["old"].id)
    monkeypatch.setattr(retention, "today", lambda: date(2026, 3, 21))  # the window stayed open for days
    w.todo_action.trigger()  # Visa → Att göra
    assert w.participant_page is None
    assert qtbot_focus() is view.tree and view.tree.currentIndex().isValid()
    qtbot.waitUntil(lambda: not view.busy and view.caseload.today == date(2026, 3, 21), timeout=10_000)
    referral = {i.namn: i.state for i in view.caseload.items(cl.REFERRAL)}
    assert referral[people["referral"].namn] == cl.ENDED  # it ended on the 20th
