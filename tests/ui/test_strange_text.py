"""Any text a person may paste round-trips exactly, and never makes a table slow or strange."""

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain import fields as F
from app.domain.records import CopingEntry, SupportContact
from app.services.kinds import KINDS
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.models.record_table import CELL_CHARS, TOOLTIP_CHARS, TOOLTIP_LINES, RecordTableModel, one_line
from app.ui.pages.records_page import RecordsView

PROSE = "I walked past the bar after my shift and called Dana instead. "
SAMPLES = {
    "emoji": "Craving 🍺➡️🚶 then 👩🏽‍💻 work; flag 🇺🇦; music 𝄞",
    "arabic": "مرحبا — اشتقت إلى الشرب بعد العمل، اتصلت بالراعي",
    "hebrew": "שלום, היה לי קשה היום mixed with English 123",
    "bidi controls": "start \u202eReversed\u202c \u2067isolate\u2069 \u200fRLM\u200e end",
    "C0 and C1 controls": "bell\x07 esc\x1b[31m red\x1b[0m back\x08space\x01\x02\x03 del\x7f nel\x85 csi\x9b",
    "NUL": "before\x00after\x00",
    "SQL": "'; DROP TABLE coping_entries; -- \" OR 1=1; /* */ %_\\ LIKE '%'",
    "markup": "<b>bold</b> <img src=x onerror=alert(1)> &amp; <script>x</script>",
    "combining": "Z̷̢̛̭a̵̡͉l̸̨̛g̷̣̈́o̴̱͝ " * 20,
    "100,000 characters": (PROSE * (100_000 // len(PROSE) + 1))[:99_000] + "\n" + "last line with needle-word",
    "blank lines first": "\n\n   \n  first real line\nsecond",
    "tabs and trailing": "\tcolumn\tcolumn\t\n",
}


def write(records, text: str, **extra) -> CopingEntry:
    when = records.clock.now().replace(microsecond=0) - dt.timedelta(hours=1)
    return records.add(CopingEntry(occurred_at=when, urge_before=5, situation=text, emotions=text[:500],
                                   notes=text, **extra))


@pytest.mark.parametrize("name", list(SAMPLES))
def test_text_round_trips_through_store_list_and_an_unchanged_edit(qtbot, records, name):
    text = SAMPLES[name]
    entry = write(records, text)
    listed = records.list("coping")
    assert listed == [entry]
    assert listed[0].situation == text and listed[0].notes == text and listed[0].emotions == text[:500]

    dialog = RecordDialog(records, "coping", listed[0])
    qtbot.addWidget(dialog)
    dialog.accept()  # Save without touching anything
    assert dialog.result() == RecordDialog.DialogCode.Accepted
    stored = records.get("coping", entry.id)
    assert stored == entry
    assert stored.situation.encode("utf-8", "surrogatepass") == text.encode("utf-8", "surrogatepass")


# Characters the form's text boxes change on the way in and out (Qt turns \r\n, \r,
# U+2028 and U+2029 into \n, a no-break space into a space, and drops a leading BOM), so
# an unchanged Save rewrites them. The fix belongs in app/ui/widgets/editors.py (give back
# the value that was set unless the person edited it); until then these are known failures.
EDITOR_CHANGES = {
    "Windows line ends": "line one\r\nline two\r\n",
    "no-break space": "10\u00a0mg",
    "line separator": "one\u2028two\u2029three",
    "leading BOM": "\ufeffnote",
}


@pytest.mark.parametrize("name", list(EDITOR_CHANGES))
def test_text_the_editors_change_still_round_trips(qtbot, records, name):
    text = EDITOR_CHANGES[name]
    entry = write(records, text)
    dialog = RecordDialog(records, "coping", records.get("coping", entry.id))
    qtbot.addWidget(dialog)
    dialog.accept()
    assert records.get("coping", entry.id) == entry


def test_the_form_shows_the_domains_length_rules(qtbot, records):
    entry = write(records, "short")
    dialog = RecordDialog(records, "coping", entry)
    qtbot.addWidget(dialog)
    dialog.editor("emotions").setText("x" * (F.MAX_LINE + 1))
    dialog.accept()
    assert dialog.error_text("emotions") == f"Emotions is too long ({F.MAX_LINE + 1:,} characters; at most {F.MAX_LINE:,})."
    assert records.get("coping", entry.id) == entry
    dialog.editor("emotions").setText("calm")
    words = "word " * (F.MAX_TEXT // 5) + "x"
    dialog.editor("notes").setPlainText(words)
    dialog.accept()
    assert dialog.error_text("notes") == (
        f"Notes is too long ({F.MAX_TEXT + 1:,} characters; at most {F.MAX_TEXT:,}).")
    assert records.get("coping", entry.id) == entry


# --- what the table shows ----------------------------------------------------------------------

def cell_texts(model: RecordTableModel) -> list[str]:
    return [model.index(r, c).data() for r in range(model.rowCount()) for c in range(model.columnCount())]


def test_cells_show_one_bounded_line_with_controls_made_visible(qtbot, records):
    for text in SAMPLES.values():
        write(records, text)
    write(records, "y" * 1_000_000)
    view = RecordsView(records, "coping")
    qtbot.addWidget(view)
    model = view.model
    for text in cell_texts(model):
        assert len(text) <= CELL_CHARS + 1
        assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", text), repr(text)
    col = KINDS["coping"].columns.index("situation")
    shown = {model.record_at(r).situation: model.index(r, col).data() for r in range(model.rowCount())}
    assert shown[SAMPLES["blank lines first"]] == "first real line…"
    assert shown[SAMPLES["NUL"]] == "before\ufffdafter\ufffd"
    assert shown[SAMPLES["tabs and trailing"]] == "column column"
    assert shown["y" * 1_000_000] == "y" * CELL_CHARS + "…"
    assert shown[SAMPLES["emoji"]] == SAMPLES["emoji"]
    assert shown[SAMPLES["arabic"]] == SAMPLES["arabic"]


def test_tooltips_are_bounded_and_never_interpret_markup(records):
    write(records, SAMPLES["markup"])
    write(records, "\n".join(f"line {i}" for i in range(500)))
    write(records, "z" * 100_000)
    model = RecordTableModel(KINDS["coping"])
    model.set_rows(records.list("coping"))
    col = KINDS["coping"].columns.index("situation")
    tips = {model.record_at(r).situation[:6]: model.index(r, col).data(Qt.ItemDataRole.ToolTipRole)
            for r in range(model.rowCount())}
    assert "&lt;img src=x onerror=alert(1)&gt;" in tips["<b>bol"] and "<img" not in tips["<b>bol"]
    lines = tips["line 0"].count("\n") + 1
    assert lines == TOOLTIP_LINES and tips["line 0"].endswith("…</p>")
    visible = tips["zzzzzz"].replace("\u200b", "")
    assert visible.count("z") == TOOLTIP_CHARS


def test_search_finds_text_anywhere_in_a_long_note_and_in_any_script(qtbot, records):
    entries = {name: write(records, text) for name, text in SAMPLES.items()}
    view = RecordsView(records, "coping")
    qtbot.addWidget(view)

    def found(query):
        view.set_search(query)
        return {view.model.record_at(view.proxy.mapToSource(view.proxy.index(r, 0)).row()).id
                for r in range(view.proxy.rowCount())}

    assert found("needle-word") == {entries["100,000 characters"].id}  # the very end of 100,000 characters
    assert found("اشتقت") == {entries["arabic"].id}
    assert found("שלום") == {entries["hebrew"].id}
    assert found("🚶") == {entries["emoji"].id}
    assert found("DROP TABLE") == {entries["SQL"].id}
    assert found("'%'") == {entries["SQL"].id}
    assert found("<script>") == {entries["markup"].id}
    assert found("zalgo") == {entries["combining"].id}  # the marks are ignored
    assert found("reversed") == {entries["bidi controls"].id}
    assert records.count("coping") == len(SAMPLES)  # and the table is still there


def test_a_long_note_is_folded_for_search_once_not_per_key(qtbot, records, store):
    entry = write(records, SAMPLES["100,000 characters"])
    view = RecordsView(records, "coping")
    qtbot.addWidget(view)
    view.set_search("c")
    # Its text is in the index now, made once; typing on asks the index, which keeps it.
    [(key, made)] = store.db.execute(
        "SELECT k.rowid, length(s.body) FROM _search s JOIN _search_keys k ON k.rowid = s.rowid "
        "WHERE k.tbl = 'coping_entries' AND k.id = ?", [entry.id]).fetchall()
    assert made > 100_000 and store.search.pending("coping_entries") == 0
    for query in ("ca", "cal", "call", "calle", "called"):
        view.set_search(query)
    assert store.db.execute("SELECT k.rowid FROM _search_keys k WHERE k.id = ?", [entry.id]).fetchall() == [(key,)]
    assert store.search.pending("coping_entries") == 0
    assert view.proxy.rowCount() == 1


def test_one_line_reads_only_the_start_of_the_text():
    huge = "a" * 10_000_000
    assert one_line(huge) == "a" * CELL_CHARS + "…"
    assert one_line("x" * CELL_CHARS) == "x" * CELL_CHARS
    assert one_line("") == "" and one_line("   \n  ") == ""


def test_models_with_strange_rows_follow_qt_rules(qtmodeltester, records):
    for text in SAMPLES.values():
        write(records, text)
    records.add(SupportContact(name="\u202eanaD\u202c 🙂", role="sponsor", phone="'; --", notes="\x00"))
    for kind in ("coping", "contact"):
        model = RecordTableModel(KINDS[kind])
        model.set_rows(records.list(kind), {ref: records.names(ref) for ref in model.ref_kinds})
        qtmodeltester.check(model)


def test_a_view_with_huge_notes_paints(qtbot, records):
    for i in range(5):
        write(records, ("🙂 مرحبا " * 20_000)[: 100_000] + str(i))
    view = RecordsView(records, "coping")
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    image = view.grab()
    assert not image.isNull()
    QApplication.processEvents()


def test_an_endless_run_without_spaces_wraps_anywhere_and_round_trips(qtbot, records):
    """Word-boundary wrapping of 1,000,000 characters without a space froze the form for ~50 s;
    such text must be laid out wrapping anywhere, while prose keeps its words whole."""
    from PySide6.QtGui import QTextOption

    entry = write(records, "x" * F.MAX_TEXT)
    dialog = RecordDialog(records, "coping", records.get("coping", entry.id))
    qtbot.addWidget(dialog)
    assert dialog.editor("notes").wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    dialog.editor("notes").setPlainText("a calm evening, walked the dog")
    assert dialog.editor("notes").wordWrapMode() == QTextOption.WrapMode.WordWrap
    dialog.editor("notes").setPlainText("x" * F.MAX_TEXT)
    dialog.accept()
    assert records.get("coping", entry.id) == entry


def test_a_broken_character_from_a_file_is_refused_with_a_sentence(records):
    import datetime as dt

    from app.domain.errors import ValidationError
    from app.domain.records import CopingEntry

    with pytest.raises(ValidationError, match="broken character"):
        records.add(CopingEntry(occurred_at=records.clock.now() - dt.timedelta(hours=1), urge_before=3,
                                situation="half an emoji \ud83d"))
    assert records.count("coping") == 0
