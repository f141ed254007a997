"""My plan page: typing and picking lines, editing, moving, removing, undo, offers from the log."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.domain.records import CopingEntry, CopingSkill, SupportContact
from app.services.plans import SECTION_KEYS, PlanService
from app.ui.main_window import PAGE_TITLES
from app.ui.pages.plan_page import MyPlanPage
from app.ui.undo import UndoHistory
from tests.ui.helpers import settle


@pytest.fixture
def page(qtbot, records):
    p = MyPlanPage(records)
    p.set_undo(UndoHistory(p))
    qtbot.addWidget(p)
    return p


def texts(page, key):
    box = page.box(key)
    return [box.lines.item(i).text() for i in range(box.lines.count()) if box.lines.item(i).data(Qt.ItemDataRole.UserRole)]


def test_every_section_has_its_title_prompt_and_an_accessible_list(page):
    assert set(page.boxes) == set(SECTION_KEYS)
    for box in page.boxes.values():
        assert box.lines.accessibleName() == box.section.title
        assert box.section.prompt and box.entry.accessibleName()
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["Safety plan", "Relapse-prevention plan"]


def test_typing_a_line_and_pressing_enter_adds_it_and_undo_takes_it_back(page, qtbot, records):
    box = page.box("warning_signs")
    box.entry.setText("I stop answering my phone")
    qtbot.keyClick(box.entry, Qt.Key.Key_Return)
    assert texts(page, "warning_signs") == ["I stop answering my phone"]
    assert box.entry.text() == ""
    page.undo.undo()
    assert texts(page, "warning_signs") == [] and records.count("plan") == 0
    page.undo.redo()
    assert texts(page, "warning_signs") == ["I stop answering my phone"]


def test_an_empty_line_is_explained_next_to_the_field(page):
    box = page.box("reasons")
    box.add_typed()
    assert not box.error.isHidden() and "Type the line" in box.error.text()


def test_people_are_picked_from_the_support_network_with_a_link(page, records):
    sam = records.add(SupportContact(name="Sam", role="sponsor", phone="555-0100"))
    box = page.box("ask_for_help")
    assert box.picker.count() == 1 and not box.picker.isHidden()
    box.add_picked()
    item = PlanService(records).items("ask_for_help")[0]
    assert item.contact_id == sam.id and item.text == "Sam (Sponsor), 555-0100"


def test_move_edit_and_remove_with_undo(page, records):
    plans = PlanService(records)
    for text in ("one", "two"):
        page.box("cope_alone").entry.setText(text)
        page.box("cope_alone").add_typed()
    box = page.box("cope_alone")
    box.lines.setCurrentRow(1)
    box.up_button.click()
    assert texts(page, "cope_alone") == ["two", "one"]
    assert box.current_id() == plans.items("cope_alone")[0].id
    page.undo.undo()  # one step puts both lines back
    assert texts(page, "cope_alone") == ["one", "two"]
    box.lines.item(0).setText("one, slowly")
    assert [i.text for i in plans.items("cope_alone")] == ["one, slowly", "two"]
    box.lines.setCurrentRow(0)
    box.remove_button.click()
    assert [i.text for i in plans.items("cope_alone")] == ["two"]
    page.undo.undo()
    page.undo.undo()
    assert [i.text for i in plans.items("cope_alone")] == ["one", "two"]


def test_relapse_plan_offers_situations_with_counts_and_skills_only_after_three_entries(page, records):
    walk = records.add(CopingSkill(name="Walk outside", category="distraction"))
    start = dt.datetime(2026, 3, 2, 19)
    for n in range(3):
        records.add(CopingEntry(occurred_at=start + dt.timedelta(days=n), triggers=("tired",), skill_ids=(walk.id,),
                                urge_before=8, urge_after=4))
    records.add(CopingEntry(occurred_at=start, triggers=("boredom",), skill_ids=(walk.id,), urge_before=5, urge_after=1))
    risky = [page.box("high_risk").picker.itemText(i) for i in range(page.box("high_risk").picker.count())]
    assert "Tired — 3 coping entries" in risky and "Boredom — 1 coping entry" in risky
    assert "Evening — 4 coping entries" in risky
    offers = [page.box("if_then").picker.itemText(i) for i in range(page.box("if_then").picker.count())]
    assert "If I'm tired, then I will try: Walk outside — urge −4.0 on average, n = 3" in offers
    assert "If I'm bored, then I will … (too few entries to suggest a skill)" in offers
    box = page.box("if_then")
    box.picker.setCurrentIndex(offers.index("If I'm tired, then I will try: Walk outside — urge −4.0 on average, n = 3"))
    box.add_picked()
    item = PlanService(records).items("if_then")[0]
    assert item.skill_id == walk.id and item.text == "If I'm tired, then I will try: Walk outside"


def test_the_page_is_in_the_sidebar_and_about_credits_the_models(window):
    window.show_page(PAGE_TITLES.index("My plan"))
    assert isinstance(window.current_page(), MyPlanPage)
    about = window.about_text()
    assert "Stanley–Brown safety planning intervention" in about and "Marlatt" in about


def test_file_reports_makes_the_one_page_plan_and_the_wallet_card(qtbot, records, store, tmp_path, monkeypatch):
    import shutil
    import subprocess

    from app.services.bundle import Services
    from app.ui.dialogs.report_dialog import PLAN_KINDS, ReportDialog, ReportFileChooser

    plans = PlanService(records)
    plans.add("cope_alone", "Ten slow breaths")
    plans.add("reasons", "My daughter Maya")
    records.add(SupportContact(name="Sam Rivera", role="sponsor", phone="555-0100", emergency=True))
    targets = iter([tmp_path / "plan.pdf", tmp_path / "card"])
    asked = []
    monkeypatch.setattr(ReportFileChooser, "save_pdf",
                        classmethod(lambda cls, parent, suggested: asked.append(suggested) or str(next(targets))))
    said = []
    for kind in PLAN_KINDS:
        dialog = ReportDialog(Services(store).reports, report=said.append)
        qtbot.addWidget(dialog)
        dialog.set_kind(kind)
        assert not dialog.form.isRowVisible(0) and not dialog.notes_panel.isVisibleTo(dialog)
        assert dialog.save_button.isEnabled()
        assert dialog.save() is True
        settle()  # made and written on the background runner
    assert asked[0].endswith("steady-safety-plan.pdf") and asked[1].endswith("steady-wallet-card.pdf")
    assert (tmp_path / "plan.pdf").exists() and (tmp_path / "card.pdf").exists()
    assert said[0].startswith("Saved the safety plan (1 page)") and said[1].startswith("Saved the wallet card")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "card.pdf"), "-"], capture_output=True,
                              check=True).stdout.decode()
        assert "Ten slow breaths" in text and "Sam Rivera" in text and "My daughter Maya" in text


def test_professionals_offer_the_lines_of_the_chosen_country(qtbot, records):
    from app.services.crisis import CrisisService

    crisis = CrisisService(records, environ={"LANG": "en_US.UTF-8"})
    page = MyPlanPage(records, crisis=crisis)
    qtbot.addWidget(page)
    box = page.box("professionals")
    offers = [box.picker.itemText(i) for i in range(box.picker.count())]
    assert any("988" in o for o in offers)
    crisis.set_country("GB")
    offers = [box.picker.itemText(i) for i in range(box.picker.count())]
    assert not any(o.endswith(" 988") for o in offers) and any("116 123" in o for o in offers)


def test_print_buttons_open_reports_with_the_plan_chosen(window, monkeypatch):
    from app.ui.dialogs import report_dialog

    opened = []
    monkeypatch.setattr(report_dialog, "show_reports",
                        lambda parent, reports, *, report=None, kind=None: opened.append(kind) or False)
    window.show_page(PAGE_TITLES.index("My plan"))
    page = window.current_page()
    page.print_button.click()
    page.card_button.click()
    assert opened == ["safety_plan", "wallet_card"]
    window.reports_action.trigger()
    assert opened[-1] is None  # File ▸ Reports… keeps the last report used
