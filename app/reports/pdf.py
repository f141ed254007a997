"""Lay a report out on pages and write it as PDF.

QTextDocument paginates the HTML (a table's header row repeats on each page, no line is cut
between pages); each page then gets a running header and a footer with "Page N of M" drawn
as text. The document is laid out at 96 units per inch on the PDF writer so that point sizes
and image sizes mean what they say; charts are 200-dpi images scaled into their place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from app.domain.errors import SteadyError
from app.domain.i18n import N_, _
from app.services.reports import AttendanceReport, CounselorSummary, SessionPrep

Report = CounselorSummary | AttendanceReport | SessionPrep
TITLES = {"counselor": N_("Treatment progress summary"), "attendance": N_("Attendance record"),
          "session_prep": N_("Session prep")}  # shown as _(TITLES[kind])

from . import html as H

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
RESOLUTION = 96
CHART_DPI = 200
_MARGINS_MM = QMarginsF(16, 14, 16, 14)
_HEADER = 26  # units of the running header above the text
_FOOTER = 26


class ReportError(SteadyError):
    """The report could not be made (the message is one sentence)."""


def _page_size(page_size: str):
    key = page_size.lower()
    if key not in PAGE_SIZES:
        raise ValueError(_("Unknown page size {size}; use A4 or Letter.").format(size=repr(page_size)))
    return PAGE_SIZES[key]


def _charts(report: CounselorSummary, width_in: float, height_in: float) -> tuple[dict[str, QImage], dict[str, str]]:
    from app.ui.charts.printed import chart_image

    images: dict[str, QImage] = {}
    sources = {"attendance": report.attendance_chart, "balance": report.balance_chart,
               "urges": report.urge_chart}
    for key, data in sources.items():
        image = chart_image(key, data, width_in=width_in, height_in=height_in, dpi=CHART_DPI)
        if image is not None:
            images[key] = image
    image = chart_image("mood_sleep", report.mood_sleep_chart, width_in=width_in, height_in=height_in * 1.35,
                        dpi=CHART_DPI)
    if image is not None:
        images["mood_sleep"] = image
    titles: dict[str, str] = {}
    goals = report.goals_chart
    if goals is not None:
        shown = [g for g in goals.goals if g.weeks and any(a is not None for a in g.actual)][:3]
        for i, g in enumerate(shown):
            image = chart_image("goals", goals, width_in=width_in, height_in=height_in * 0.9, dpi=CHART_DPI,
                                goal_id=g.goal_id)
            if image is not None:
                images[f"goal-{i}"] = image
                titles[f"goal-{i}"] = g.title
    return images, titles


def _keep_together(doc: QTextDocument, body: float) -> None:
    """Start a new page before a heading that would end a page without what it heads, before a
    chart whose caption (the paragraph after it) would land on the next page, and before a short
    paragraph the page's end would cut in two.
    (Table rows cut across two pages are moved by `_cut_rows`: a signature box must be whole.)"""
    layout = doc.documentLayout()
    doc.pageCount()  # lays the whole document out (layout is otherwise lazy: later blocks measure 0)
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            block = block.next()
            continue
        rect = layout.blockBoundingRect(block)
        top = rect.top()
        offset = top - (top // body) * body
        need = 0.0
        if fmt.headingLevel() or block.charFormat().fontPointSize() >= 12 or _is_heading(block):
            following = block.next()
            need = rect.height() + (min(layout.blockBoundingRect(following).height(), body / 3)
                                    if following.isValid() else 0)
        elif _holds_image(block):
            following = block.next()
            need = rect.height() + (layout.blockBoundingRect(following).height() if following.isValid() else 0) + 6
        elif (rect.height() < body / 3 and int(top // body) != int((rect.bottom() - 1) // body)
              and QTextCursor(block).currentTable() is None):
            # A short paragraph cut by the page's end (Qt leaves one there after a table). A page
            # break before it would skip a whole page there, so a margin moves it down instead: on
            # the (empty) paragraph before it where there is one, so that none of its text is drawn
            # on the page it left.
            before = block.previous()
            if before.isValid() and not before.text().strip() and QTextCursor(before).currentTable() is None:
                spaced = before.blockFormat()
                spaced.setBottomMargin(spaced.bottomMargin() + body - offset + 1)
                QTextCursor(before).setBlockFormat(spaced)
            else:
                fmt.setTopMargin(fmt.topMargin() + body - offset + 1)
                QTextCursor(block).setBlockFormat(fmt)
            doc.pageCount()
        if 0 < need < body and offset + need > body and offset > 0:
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(block).setBlockFormat(fmt)
            doc.pageCount()
        block = block.next()


def _cut_rows(doc: QTextDocument, body: float) -> dict[int, set[int]]:
    """Per table (in document order), the rows that straddle a page boundary."""
    layout = doc.documentLayout()
    doc.pageCount()
    found: dict[int, set[int]] = {}
    number = -1
    offset = 0  # data rows in the earlier pieces of a table already split across pages
    seen = set()
    previous_rows = 0  # rows of the table piece before, which a piece after a page break continues
    block = doc.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None and id_of(table) not in seen:
            seen.add(id_of(table))
            if table.format().pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
                offset += previous_rows - 1
            else:
                number += 1
                offset = 0
            previous_rows = table.rows()
            for r in range(1, table.rows()):
                top, bottom = None, None
                for c in range(table.columns()):
                    cell = table.cellAt(r, c)
                    first = layout.blockBoundingRect(cell.firstCursorPosition().block())
                    last = layout.blockBoundingRect(cell.lastCursorPosition().block())
                    top = first.top() if top is None else min(top, first.top())
                    bottom = last.bottom() if bottom is None else max(bottom, last.bottom())
                if top is not None and bottom is not None and int(top // body) != int((bottom - 1) // body):
                    found.setdefault(number, set()).add(offset + r)
        block = block.next()
    return found


def id_of(table) -> int:
    return table.firstPosition()


def _holds_image(block) -> bool:
    """Whether the paragraph holds a chart (an <img>)."""
    it = block.begin()
    while not it.atEnd():
        if it.fragment().charFormat().isImageFormat():
            return True
        it += 1
    return False


def _is_heading(block) -> bool:
    return block.blockFormat().headingLevel() > 0


def pdf_bytes(report: Report, page_size: str = "A4", name: str | None = None) -> bytes:
    """The report as a PDF document. Needs a QGuiApplication (offscreen is fine)."""
    page_id = _page_size(page_size)
    name = (name or "").strip() or None
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(page_id), QPageLayout.Orientation.Portrait, _MARGINS_MM,
                                     QPageLayout.Unit.Millimeter))
    writer.setCreator("Steady")
    title = _(TITLES[report.kind])
    writer.setTitle(title + (f" — {name}" if name else ""))

    paint = writer.pageLayout().paintRectPixels(RESOLUTION)
    width, height = paint.width(), paint.height()
    body = height - _HEADER - _FOOTER

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    # Fonts: Qt's PDF engine already embeds a subset (QFontSubset: only the glyphs used, about
    # 20 KB of DejaVu Sans's 760 KB; tests/ui/test_reports_pdf.py keeps it so), and QPdfWriter
    # has no switch for it. A counselor summary's size is its charts (200-dpi images).
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica"])
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setDefaultStyleSheet(H.CSS)
    if isinstance(report, CounselorSummary):
        chart_w_in = width / RESOLUTION
        chart_h_in = 2.4
        images, titles = _charts(report, chart_w_in, chart_h_in)
        for key, image in images.items():
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart:{key}"), image)

        def make(breaks):
            return H.counselor_html(report, name, set(images), (width - 2, int(chart_h_in * RESOLUTION)), titles,
                                    breaks)
    elif isinstance(report, SessionPrep):
        def make(breaks):
            return H.session_prep_html(report, name)
    else:
        def make(breaks):
            return H.attendance_html(report, name, breaks)
    breaks: dict[int, set[int]] = {}
    doc.setPageSize(QSizeF(width, body))
    for _round in range(6):  # each round moves at least one cut row to its next page
        doc.setHtml(f"<html><body>{make(breaks)}</body></html>")
        _keep_together(doc, body)
        cut = _cut_rows(doc, body)
        if not cut:
            break
        for table, rows in cut.items():
            breaks.setdefault(table, set()).update(rows)
    pages = doc.pageCount()

    left = title + (f" — {name}" if name else "")
    right = _("{first} to {last}").format(first=H.day(report.first), last=H.day(report.last))
    footer_left = _("Generated {day} with Steady").format(day=H.day(report.generated))
    painter = QPainter(writer)
    if not painter.isActive():
        raise ReportError(_("The PDF could not be started."))
    try:
        small = QFont(font)
        small.setPointSizeF(8)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, QColor("#1a1a1a"))
        grey = QColor("#555555")
        for i in range(pages):
            if i:
                writer.newPage()
            painter.setFont(small)
            painter.setPen(grey)
            top = QRectF(0, 0, width, _HEADER - 8)
            painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), left)
            painter.drawText(top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), right)
            painter.setPen(QPen(QColor("#bbbbbb"), 0.6))
            painter.drawLine(0, _HEADER - 8, width, _HEADER - 8)
            painter.drawLine(0, height - _FOOTER + 6, width, height - _FOOTER + 6)
            painter.setPen(grey)
            bottom = QRectF(0, height - _FOOTER + 10, width, _FOOTER - 10)
            painter.drawText(bottom, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), footer_left)
            painter.drawText(bottom, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                             _("Page {page} of {pages}").format(page=i + 1, pages=pages))
            painter.save()
            painter.translate(0, _HEADER - i * body)
            ctx.clip = QRectF(0, i * body, width, body)
            painter.setClipRect(ctx.clip)
            doc.documentLayout().draw(painter, ctx)
            painter.restore()
    finally:
        painter.end()
    buffer.close()
    data = bytes(buffer.data().data())
    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-64:]:
        raise ReportError(_("The PDF came out incomplete."))
    return data


@dataclass(frozen=True)
class SavedPdf:
    size: int  # bytes
    pages: int


def write_pdf(report: Report, path: str | Path, page_size: str = "A4",
              name: str | None = None) -> SavedPdf:
    """Write the report to `path` (a temp file in the same folder, checked, renamed) and say how
    big it came out. Raises StoreError (one sentence; any earlier file at `path` is left as it
    was) when it cannot be written, ReportError when Qt could not make it, ValueError for a bad
    page size."""
    from app.services.files import write_file_atomically

    data = pdf_bytes(report, page_size, name)
    write_file_atomically(Path(path), data)
    return SavedPdf(len(data), page_count(data))


def render_pdf(report: Report, path: str | Path, page_size: str = "A4",
               name: str | None = None) -> int:
    """Like `write_pdf`; returns the file's size in bytes."""
    return write_pdf(report, path, page_size, name).size


def page_count(data: bytes) -> int:
    """The pages of a PDF made by pdf_bytes (Qt writes one flat page tree with its /Count)."""
    found = re.search(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", data, re.DOTALL)
    return int(found.group(1)) if found else len(re.findall(rb"/Type\s*/Page\b", data))
