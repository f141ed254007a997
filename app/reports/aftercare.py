"""The printed aftercare (discharge) plan, as PDF with real text: the person's own lines,
section by section, and the medications on their list today. It runs over as many pages as
it needs (a plan is never shortened), with the page number at the foot of each."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSizeF, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFont, QPainter, QPalette

from app.domain.i18n import _
from app.services.treatment import PrintableAftercare

from .html import day
from .pdf import RESOLUTION, ReportError, SavedPdf, page_count
from .safety_plan import _CSS, _FONTS, SENDS_NOTHING, _doc, _finish, _items, _writer

_FOOTER = 40  # pixels at RESOLUTION below the text for "Page n of m"


def aftercare_html(plan: PrintableAftercare, name: str | None) -> str:
    out = [f"<h1>{escape(_('My aftercare plan'))}{' — ' + escape(name) if name else ''}</h1>",
           f'<p class="small">{escape(day(plan.generated))}. {escape(_(SENDS_NOTHING))}</p>']
    for section in plan.sections:
        out.append(f"<h2>{escape(section.title)}</h2>" + _items(section.lines))
        if section.key == "medications" and plan.medications:
            out.append("<p><b>" + escape(_("On my medication list today:")) + "</b></p>"
                       + "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in plan.medications) + "</ul>")
    return "".join(out)


def aftercare_pdf_bytes(plan: PrintableAftercare, page_size: str = "A4", name: str | None = None) -> bytes:
    """The plan as a PDF. Needs a QGuiApplication (offscreen is fine)."""
    name = (name or "").strip() or None
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, page_size, _("My aftercare plan") + (f" — {name}" if name else ""))
    paint = writer.pageLayout().paintRectPixels(RESOLUTION)
    width, height = paint.width(), paint.height()
    body = height - _FOOTER
    doc = _doc(writer, aftercare_html(plan, name), _CSS, 10.5, width)
    doc.setPageSize(QSizeF(width, body))
    pages = doc.pageCount()
    painter = QPainter(writer)
    if not painter.isActive():
        raise ReportError(_("The PDF could not be started."))
    try:
        small = QFont()
        small.setFamilies(_FONTS)
        small.setPointSizeF(8)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, QColor("#1a1a1a"))
        for i in range(pages):
            if i:
                writer.newPage()
            painter.save()
            painter.translate(0, -i * body)
            ctx.clip = QRectF(0, i * body, width, body)
            painter.setClipRect(ctx.clip)
            doc.documentLayout().draw(painter, ctx)
            painter.restore()
            if pages > 1:
                painter.setFont(small)
                painter.setPen(QColor("#555555"))
                painter.drawText(QRectF(0, body + 8, width, _FOOTER - 8),
                                 int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                                 _("Page {page} of {pages}").format(page=i + 1, pages=pages))
    finally:
        painter.end()
    return _finish(buffer)


def write_aftercare_plan(plan: PrintableAftercare, path: str | Path, *, page_size: str = "A4",
                         name: str | None = None) -> SavedPdf:
    """Write the plan to `path` atomically. Raises StoreError when it cannot be written,
    ReportError when Qt could not make it, ValueError for a bad page size."""
    from app.services.files import write_file_atomically

    data = aftercare_pdf_bytes(plan, page_size, name)
    write_file_atomically(Path(path), data)
    return SavedPdf(len(data), page_count(data))


__all__ = ["aftercare_html", "aftercare_pdf_bytes", "write_aftercare_plan"]
