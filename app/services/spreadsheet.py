"""Export everything as one spreadsheet workbook (.xlsx), one sheet per kind of record.

Why a workbook beside the CSV files: LibreOffice's default CSV import ignores the byte-order
mark, so accented letters and emoji in the CSV export come out garbled there; a workbook
carries its own encoding and its cells' types.

The sheets are those of the CSV export (the treatment-detail kinds only when they hold
records, see transfer.Section.optional), in the same order and with the same header row (the
JSON field names), one row per record, oldest first. Cells are typed: dates and date-times
are spreadsheet dates (shown as 2026-11-18 and 2026-11-18 19:30, the wall-clock time in the
record's own time zone, as everywhere in Steady), times of day are times, numbers are
numbers and yes/no fields are TRUE/FALSE; "not set" is an empty cell; lists are joined with
"; " as in the CSV. There are no formulas: a text cell that a spreadsheet would run as one
(starting with = + - @, a tab or a carriage return) gets the CSV export's apostrophe in
front (transfer.neutralise), so it is written and shown as text. Control characters, which
the file format cannot hold, are left out, and a text longer than a spreadsheet cell holds
(32,767 characters) is shortened with "…" (the JSON export keeps every character).

Two exports of the same data are byte-identical: the workbook's created/modified stamps and
the zip entries' dates are fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain import fields as F

from .files import write_file_atomically
from .transfer import CSV_LIST_SEPARATOR, export_columns, neutralise, sections_of

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

MAX_CELL_TEXT = 32_767  # the most characters a spreadsheet cell holds (Excel and LibreOffice)
_FIXED_STAMP = dt.datetime(2000, 1, 1)  # the workbook's created/modified: no clock in the file
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_MODIFIED_RE = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
# The characters XML 1.0 (and so the file format) cannot hold: C0 controls but tab/newline/CR.
_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMATS = {F.DATE: "yyyy-mm-dd", F.DATETIME: "yyyy-mm-dd hh:mm", F.TIME: "hh:mm"}


def _text(value: str) -> str:
    text = _ILLEGAL_RE.sub("", value)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return neutralise(text)


def _value(kind: str, value: Any) -> Any:
    """The cell value of one field: typed where the spreadsheet has a type, text otherwise."""
    if value is None:
        return None
    if kind in (F.CHOICES, F.REFS):
        return _text(CSV_LIST_SEPARATOR.join(str(v) for v in value)) if value else None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, dt.datetime):
        # A spreadsheet date has no zone; Steady's date-times are wall-clock times already.
        return value.replace(tzinfo=None, microsecond=0) if value.tzinfo is None else _text(value.isoformat())
    if isinstance(value, (dt.date, dt.time)):
        return value
    return _text(str(value))


def xlsx_bytes(store: Store) -> bytes:
    """The workbook of every kind of record (see the module's docstring)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    book.properties.creator = "Steady"
    book.properties.created = _FIXED_STAMP
    book.properties.modified = _FIXED_STAMP
    bold = Font(bold=True)
    for s, listed in sections_of(store):
        kinds = {"id": F.TEXT, **{spec.name: spec.kind for spec in F.specs_of(s.record_type)}}
        columns = export_columns(s.record_type, listed)
        when = s.record_type.WHEN
        records = sorted(listed,
                         key=lambda r: ((r.to_plain().get(when) or "") if when else "", r.id))
        sheet = book.create_sheet(s.name)
        sheet.freeze_panes = "A2"
        header = []
        for name in columns:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for record in records:
            row = []
            for name in columns:
                value = _value(kinds[name], getattr(record, name))
                number_format = _FORMATS.get(kinds[name])
                if number_format and isinstance(value, (dt.date, dt.time)):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = number_format
                    row.append(cell)
                else:
                    row.append(value)
            sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return _fixed_dates(buf.getvalue())


def _fixed_dates(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 and the workbook's "modified" stamp fixed,
    so the same data gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock on save
                content = _MODIFIED_RE.sub(rb"\g<1>" + _FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                                           + rb"\g<2>", content)
            target.writestr(entry, content)
    return out.getvalue()


def export_xlsx(store: Store, path: str | os.PathLike) -> int:
    """Write the workbook to `path` atomically; returns its size in bytes. Raises StoreError."""
    data = xlsx_bytes(store)
    write_file_atomically(Path(path), data)
    return len(data)


__all__ = ["MAX_CELL_TEXT", "export_xlsx", "xlsx_bytes"]
