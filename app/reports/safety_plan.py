"""The printed safety plan (one page) and the wallet card, as PDF with real text.

The one-page plan holds both plans, the person's crisis contacts and the lines for their
country; the type shrinks (down to 7 pt) until everything fits one page, and if it still
does not, the longest sections are shortened with "… n more in Steady".

The wallet card is four panels the size of a payment card (85.6 × 54 mm, ISO/IEC 7810
ID-1) in a 2 × 2 block: cut along the solid outline, fold along the dashed lines, and it
folds to the size of a card. Panels: what to do first (three coping steps), my people,
lines that answer at any hour, my reasons. No QR code: a code would only repeat the
numbers printed beside it, and Steady adds no dependency for that.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from app.domain.i18n import N_, _
from app.services.plans import PrintablePlan

from .html import day
from .pdf import RESOLUTION, ReportError, SavedPdf, _page_size, page_count

CARD_MM = (85.6, 54.0)  # ISO/IEC 7810 ID-1, a payment card
_MARGINS_MM = QMarginsF(14, 12, 14, 12)
_FONTS = ["DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica"]
_CSS = """
h1 { font-size: 150%; margin: 0 0 2px 0; }
h2 { font-size: 118%; margin: 8px 0 2px 0; border-bottom: 1px solid #999; }
h3 { font-size: 100%; margin: 5px 0 0 0; }
p { margin: 0 0 2px 0; }
ul { margin: 0 0 0 14px; }
li { margin: 0; }
.blank { color: #777; }
.small { font-size: 85%; color: #444; }
"""
_CARD_CSS = """
h3 { font-size: 112%; margin: 0 0 3px 0; }
p { margin: 0 0 2px 0; }
.small { font-size: 85%; color: #444; }
"""
SENDS_NOTHING = N_("Steady made this page on your computer and sends nothing to anyone.")  # shown as _(SENDS_NOTHING)


def _mm(mm: float) -> float:
    return mm * RESOLUTION / 25.4


def _writer(buffer: QBuffer, page_size: str, title: str) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(_page_size(page_size)), QPageLayout.Orientation.Portrait,
                                     _MARGINS_MM, QPageLayout.Unit.Millimeter))
    writer.setCreator("Steady")
    writer.setTitle(title)
    return writer


def _doc(writer: QPdfWriter, html: str, css: str, points: float, width: float) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont()
    font.setFamilies(_FONTS)
    font.setPointSizeF(points)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setDefaultStyleSheet(css)
    doc.setTextWidth(width)
    doc.setHtml(f"<html><body>{html}</body></html>")
    return doc


def _finish(buffer: QBuffer) -> bytes:
    buffer.close()
    data = bytes(buffer.data())
    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-64:]:
        raise ReportError(_("The PDF came out incomplete."))
    return data


def _items(lines: tuple[str, ...], limit: int | None = None) -> str:
    if not lines:
        return f'<p class="blank">{escape(_("(not written yet)"))}</p>'
    shown = lines if limit is None else lines[:limit]
    out = "".join(f"<li>{escape(line)}</li>" for line in shown)
    if len(shown) < len(lines):
        out += "<li><i>" + escape(_("… {n} more in Steady").format(n=len(lines) - len(shown))) + "</i></li>"
    return f"<ul>{out}</ul>"


def _people(plan: PrintablePlan) -> str:
    if not plan.contacts:
        return f'<p class="blank">{escape(_("(none marked “Call in a crisis” yet)"))}</p>'
    return "<ul>" + "".join(f"<li><b>{escape(name)}</b> ({escape(role)}): {escape(phone or _('no number saved'))}</li>"
                            for name, role, phone in plan.contacts) + "</ul>"


def _lines(plan: PrintablePlan) -> str:
    if not plan.lines:
        return f'<p class="blank">{escape(_("(no lines for your country yet: choose it in Preferences)"))}</p>'
    return "<ul>" + "".join(f"<li><b>{escape(number)}</b> — {escape(name)} ({escape(how.lower())})</li>"
                            for name, how, number in plan.lines) + "</ul>"


def plan_html(plan: PrintablePlan, name: str | None, limit: int | None = None) -> str:
    head = f"<h1>{escape(_('My safety plan'))}{' — ' + escape(name) if name else ''}</h1>"
    head += f'<p class="small">{escape(day(plan.generated))}. {escape(_(SENDS_NOTHING))}</p>'
    out = [head, f"<h2>{escape(_('Safety plan'))}</h2>"]
    for section in plan.safety:
        out.append(f"<h3>{escape(section.title)}</h3>")
        if section.key == "professionals":
            out.append(_items(section.lines, limit))
            out.append("<p><b>" + escape(_("People to call in a crisis:")) + "</b></p>" + _people(plan))
            if plan.country_name:
                where = _("Lines that answer at any hour ({country}):").format(country=plan.country_name)
            else:
                where = _("Lines that answer at any hour:")
            out.append(f"<p><b>{escape(where)}</b></p>" + _lines(plan))
        else:
            out.append(_items(section.lines, limit))
    out.append(f"<h2>{escape(_('Relapse-prevention plan'))}</h2>")
    for section in plan.relapse:
        out.append(f"<h3>{escape(section.title)}</h3>" + _items(section.lines, limit))
    return "".join(out)


def plan_pdf_bytes(plan: PrintablePlan, page_size: str = "A4", name: str | None = None) -> bytes:
    """The plan on one page. Needs a QGuiApplication (offscreen is fine)."""
    name = (name or "").strip() or None
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, page_size, _("My safety plan") + (f" — {name}" if name else ""))
    paint = writer.pageLayout().paintRectPixels(RESOLUTION)
    width, height = paint.width(), paint.height()
    doc = None
    for limit in (None, 8, 5, 3, 2, 1):
        points = 10.0
        while points >= 7.0:
            doc = _doc(writer, plan_html(plan, name, limit), _CSS, points, width)
            if doc.size().height() <= height:
                break
            points -= 0.5
        if doc.size().height() <= height:
            break
    painter = QPainter(writer)
    if not painter.isActive():
        raise ReportError(_("The PDF could not be started."))
    try:
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, QColor("#1a1a1a"))
        ctx.clip = QRectF(0, 0, width, height)
        painter.setClipRect(ctx.clip)
        doc.documentLayout().draw(painter, ctx)
    finally:
        painter.end()
    return _finish(buffer)


def card_panels(plan: PrintablePlan) -> list[tuple[str, str]]:
    """(title, html) of the four panels, in reading order (left to right, top to bottom)."""
    def hint(text: str) -> str:
        return f'<p class="small">{escape(text)}</p>'

    steps = "".join(f"<p>{n}. {escape(text)}</p>" for n, text in enumerate(plan.coping_steps, 1)) or hint(
        _("Write the first things you can do on your own in My plan."))
    people = "".join(f"<p><b>{escape(name)}</b> ({escape(role)})<br>{escape(phone or _('no number saved'))}</p>"
                     for name, role, phone in plan.contacts) or hint(
        _("Mark the people to call in a crisis in your support network."))
    lines = "".join(f"<p><b>{escape(number)}</b> {escape(name)} ({escape(how.lower())})</p>"
                    for name, how, number in plan.lines) or hint(
        _("Choose your country in Preferences to see its lines."))
    reasons = "".join(f"<p>• {escape(text)}</p>" for text in plan.reasons) or hint(_("Write your reasons in My plan."))
    return [(_("When it gets hard, first"), steps), (_("People I can call"), people),
            (_("Lines that answer at any hour"), lines), (_("My reasons"), reasons)]


def card_pdf_bytes(plan: PrintablePlan, page_size: str = "A4") -> bytes:
    """The wallet card (2 × 2 card-sized panels) at the top of one page."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, page_size, _("My safety plan — wallet card"))
    paint = writer.pageLayout().paintRectPixels(RESOLUTION)
    card_w, card_h = _mm(CARD_MM[0]), _mm(CARD_MM[1])
    pad = _mm(3)
    origin_x = (paint.width() - 2 * card_w) / 2
    origin_y = _mm(12)
    painter = QPainter(writer)
    if not painter.isActive():
        raise ReportError(_("The PDF could not be started."))
    try:
        font = QFont()
        font.setFamilies(_FONTS)
        font.setPointSizeF(9)
        painter.setFont(font)
        painter.setPen(QColor("#1a1a1a"))
        painter.drawText(QRectF(0, 0, paint.width(), origin_y - _mm(2)),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap),
                         _("Wallet card: cut along the solid line, fold along the dashed lines, and it is the "
                           "size of a bank card."))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, QColor("#1a1a1a"))
        for index, (title, body) in enumerate(card_panels(plan)):
            col, row = index % 2, index // 2
            x, y = origin_x + col * card_w, origin_y + row * card_h
            html = f"<h3>{escape(title)}</h3>{body}"
            points = 10.0
            doc = _doc(writer, html, _CARD_CSS, points, card_w - 2 * pad)
            while doc.size().height() > card_h - 2 * pad and points > 5.0:
                points -= 0.25
                doc = _doc(writer, html, _CARD_CSS, points, card_w - 2 * pad)
            painter.save()
            painter.translate(x + pad, y + pad)
            ctx.clip = QRectF(0, 0, card_w - 2 * pad, card_h - 2 * pad)
            painter.setClipRect(ctx.clip)
            doc.documentLayout().draw(painter, ctx)
            painter.restore()
        painter.setPen(QPen(QColor("#333333"), 1.0))
        painter.drawRect(QRectF(origin_x, origin_y, 2 * card_w, 2 * card_h))
        dashed = QPen(QColor("#777777"), 0.8, Qt.PenStyle.DashLine)
        painter.setPen(dashed)
        painter.drawLine(origin_x + card_w, origin_y, origin_x + card_w, origin_y + 2 * card_h)
        painter.drawLine(origin_x, origin_y + card_h, origin_x + 2 * card_w, origin_y + card_h)
        small = QFont(font)
        small.setPointSizeF(7.5)
        painter.setFont(small)
        painter.setPen(QColor("#555555"))
        painter.drawText(QRectF(origin_x, origin_y + 2 * card_h + _mm(2), 2 * card_w, _mm(10)),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                         _("Made {day}.").format(day=day(plan.generated)) + " " + _(SENDS_NOTHING))
    finally:
        painter.end()
    return _finish(buffer)


def write_safety_plan(plan: PrintablePlan, path: str | Path, *, wallet_card: bool = False, page_size: str = "A4",
                      name: str | None = None) -> SavedPdf:
    """Write the plan (or the wallet card) to `path` atomically. Raises StoreError when it cannot
    be written, ReportError when Qt could not make it, ValueError for a bad page size."""
    from app.services.files import write_file_atomically

    data = card_pdf_bytes(plan, page_size) if wallet_card else plan_pdf_bytes(plan, page_size, name)
    write_file_atomically(Path(path), data)
    return SavedPdf(len(data), page_count(data))


__all__ = ["CARD_MM", "card_pdf_bytes", "card_panels", "plan_html", "plan_pdf_bytes", "write_safety_plan"]
