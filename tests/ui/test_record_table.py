"""The table model: Qt's model rules, names for references, and sortable values."""

import datetime as dt

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from app.domain import formatting as fmt
from app.services.kinds import KINDS
from app.ui.models.record_table import SORT_ROLE, RecordTableModel

from .helpers import seed

PAGE_KINDS = ("schedule", "coping", "skill", "attendance", "group", "selfcare", "checkin",
              "sobriety", "goal", "milestone", "contact")


@pytest.mark.parametrize("kind_name", PAGE_KINDS)
def test_model_follows_qt_rules(qtmodeltester, records, kind_name):
    seed(records)
    kind = KINDS[kind_name]
    model = RecordTableModel(kind)
    names = {ref: records.names(ref) for ref in model.ref_kinds}
    model.set_rows(records.list(kind), names)
    assert model.rowCount() >= 1
    qtmodeltester.check(model)


def test_empty_model_follows_qt_rules(qtmodeltester):
    model = RecordTableModel(KINDS["coping"])
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_references_show_names_not_ids(records):
    data = seed(records)
    coping = RecordTableModel(KINDS["coping"])
    coping.set_rows([data["coping"]], {"skill": records.names("skill")})
    col = KINDS["coping"].columns.index("skill_ids")
    assert coping.data(coping.index(0, col)) == "Box breathing"

    attendance = RecordTableModel(KINDS["attendance"])
    attendance.set_rows([data["attendance"], data["attendance2"]],
                        {ref: records.names(ref) for ref in attendance.ref_kinds})
    group_col = KINDS["attendance"].columns.index("group_id")
    session_col = KINDS["attendance"].columns.index("schedule_item_id")
    assert attendance.data(attendance.index(0, group_col)) == "Tuesday Night Hope"
    assert attendance.data(attendance.index(1, session_col)) == "IOP group"


def test_blank_values_sort_first(records):
    data = seed(records)
    model = RecordTableModel(KINDS["coping"])
    model.set_rows([data["coping"], data["coping2"]])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    col = KINDS["coping"].columns.index("urge_after")
    proxy.sort(col, Qt.SortOrder.AscendingOrder)
    assert proxy.data(proxy.index(0, col)) == ""  # coping2 has no "urge after"
    assert proxy.data(proxy.index(1, col)) == "3"


def test_dates_sort_in_time_order(records):
    data = seed(records)
    model = RecordTableModel(KINDS["checkin"])
    model.set_rows([data["checkin2"], data["checkin"]])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert proxy.data(proxy.index(0, 0)) == fmt.date(data["checkin"].day)


def test_tables_show_dates_as_people_read_them_in_their_locales_style(records):
    from app.domain.records import CopingEntry

    entry = records.add(CopingEntry(occurred_at=dt.datetime(2025, 12, 7, 19, 30), situation="After work", urge_before=4))
    model = RecordTableModel(KINDS["coping"])
    model.set_rows([entry])
    column = next(i for i, s in enumerate(model.specs) if s.name == "occurred_at")
    assert model.data(model.index(0, column)) == "7 Dec 2025, 19:30"
    fmt.use(fmt.US)  # chosen once at start-up, before any table is filled
    model = RecordTableModel(KINDS["coping"])
    model.set_rows([entry])
    assert model.data(model.index(0, column)) == "Dec 7, 2025, 7:30\u00a0PM"
