"""The week planner's time grid: seven day columns, items as coloured blocks side by side
where they overlap, a line at the current time, and a keyboard cursor.

Layout (`place_week`) is plain Python so it can be tested and timed without painting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.domain import formatting as fmt
from app.domain.i18n import N_, _
from app.domain.records import SCHEDULE_KINDS
from app.domain.schedule import BALANCE_GROUPS, Slot, balance_group
from app.services.clock import SystemClock
from app.ui.charts.palette import ink_on, life_colours
from app.ui.style import error_color, is_dark

KIND_LABELS = dict(SCHEDULE_KINDS)
DAY_MINUTES = 24 * 60
CURSOR_MINUTES = 30
HOUR_PX = 46
GUTTER_PX = 54
MIN_BLOCK_MINUTES = 20  # a 5-minute item still gets a block big enough to click and read

ATTENDANCE_MARKS = {"attended": N_("✓ attended"), "missed": N_("✗ missed"), "excused": N_("excused")}


def slot_key(slot: Slot) -> tuple[str, dt.datetime]:
    return (slot.item.id, slot.original_start)


def group_colours(widget: QWidget) -> dict[str, QColor]:
    """The colour of each part of life on `widget`'s background: the one palette the charts
    and the printed reports use too (app/ui/charts/palette.py, which loads no matplotlib)."""
    palette = widget.palette()
    colours = life_colours(palette.color(QPalette.ColorRole.Window).name(),
                           palette.color(QPalette.ColorRole.WindowText).name())
    return {key: QColor(colours[key]) for key, _label in BALANCE_GROUPS}


def color_for(slot: Slot, colours: dict[str, QColor]) -> QColor:
    return colours[balance_group(slot.kind)]


def kind_words(kind: str) -> str:
    """A schedule kind in words ("Group therapy"), in the reader's language."""
    label = KIND_LABELS.get(kind)
    return _(label) if label else kind


def describe_slot(slot: Slot) -> str:
    if slot.item.all_day:
        when = _("all day")
    else:
        when = f"{fmt.weekday_date(slot.start)} {fmt.time_range(slot.start, slot.end)}"
    parts = [slot.title, when, kind_words(slot.kind)]
    if slot.location:
        parts.append(slot.location)
    if slot.changed:
        parts.append(_("changed for this time"))
    return ", ".join(parts)


@dataclass(frozen=True)
class Placed:
    """A slot's piece inside one day column (an overnight shift gives two pieces)."""

    slot: Slot
    day: int  # 0 = first column
    top: int  # minutes after midnight
    bottom: int
    column: int
    columns: int
    conflict: bool
    cancelled: bool = False
    span: int = 1  # columns it may fill to the right while nothing there overlaps it


def place_week(slots: Iterable[Slot], first_day: dt.date, conflict_keys: frozenset = frozenset(),
               cancelled: Iterable[Slot] = ()) -> tuple[list[Placed], list[list[Slot]]]:
    """Timed pieces laid out in columns, and the all-day items of each day.

    Items that overlap share their day's width: each cluster of overlapping items gets as
    many columns as it needs at its busiest, and each item the first column free at its start.
    """
    days: list[list[tuple[int, int, Slot, bool]]] = [[] for _day in range(7)]
    all_day: list[list[Slot]] = [[] for _day in range(7)]
    week_start = dt.datetime.combine(first_day, dt.time())

    def cut(slot: Slot, is_cancelled: bool) -> None:
        start = max(slot.start, week_start)
        end = min(slot.end, week_start + dt.timedelta(days=7))
        while start < end:
            day = (start.date() - first_day).days
            midnight = dt.datetime.combine(start.date(), dt.time())
            piece_end = min(end, midnight + dt.timedelta(days=1))
            if slot.item.all_day:
                if not is_cancelled:
                    all_day[day].append(slot)
            else:
                top = int((start - midnight).total_seconds() // 60)
                bottom = int((piece_end - midnight).total_seconds() // 60)
                days[day].append((top, max(bottom, min(top + MIN_BLOCK_MINUTES, DAY_MINUTES)), slot, is_cancelled))
            start = piece_end

    for slot in slots:
        cut(slot, False)
    for slot in cancelled:
        cut(slot, True)

    placed: list[Placed] = []
    for day, pieces in enumerate(days):
        pieces.sort(key=lambda p: (p[0], -p[1], p[2].title))
        cluster: list[tuple[int, int, int, Slot, bool]] = []  # top, bottom, column, slot, cancelled
        cluster_end = -1
        column_ends: list[int] = []

        def flush(day: int, cluster: list[tuple[int, int, int, Slot, bool]]) -> None:
            width = max((c[2] for c in cluster), default=-1) + 1
            for top, bottom, col, slot, was_cancelled in cluster:
                blocked = [c for t, b, c, _s, _x in cluster if c > col and t < bottom and b > top]
                span = (min(blocked) if blocked else width) - col
                placed.append(Placed(slot, day, top, bottom, col, width,
                                     slot_key(slot) in conflict_keys and not was_cancelled, was_cancelled, span))

        for top, bottom, slot, was_cancelled in pieces:
            if cluster and top >= cluster_end:
                flush(day, cluster)
                cluster, column_ends, cluster_end = [], [], -1
            for col, col_end in enumerate(column_ends):
                if col_end <= top:
                    column_ends[col] = bottom
                    break
            else:
                col = len(column_ends)
                column_ends.append(bottom)
            cluster.append((top, bottom, col, slot, was_cancelled))
            cluster_end = max(cluster_end, bottom)
        if cluster:
            flush(day, cluster)
    return placed, all_day


def _text_color(fill: QColor) -> QColor:
    # Whichever of black and white has the higher WCAG contrast on the fill.
    return QColor(ink_on(fill.name()))


def _gutter(widget: QWidget) -> int:
    """Room for the hour labels: the widest label at the widget's font, never less than GUTTER_PX."""
    fm = widget.fontMetrics()
    return max(GUTTER_PX, max(fm.horizontalAdvance(f"{hour:02d}:00") for hour in range(24)) + 16)


class _Geometry:
    MIN_DAY = 40

    def __init__(self, width: int, gutter: int = GUTTER_PX):
        self.gutter = gutter
        self.day_width = max(float(self.MIN_DAY), (width - gutter) / 7)

    def day_left(self, day: int) -> float:
        return self.gutter + day * self.day_width

    def day_at(self, x: float) -> int | None:
        if x < self.gutter:
            return None
        day = int((x - self.gutter) // self.day_width)
        return day if 0 <= day < 7 else None


class WeekGrid(QWidget):
    """The scrolling body of the planner. Keyboard: arrows move a half-hour cursor (left and
    right change day), Alt+Up/Down jump between items, Space picks among overlapping items,
    Enter opens (adds when the cursor is on free time), Menu or Shift+F10 shows actions,
    Page Up/Down change week, T goes to today."""

    activated = Signal(object, object)  # (start datetime of the cursor cell, Slot or None)
    context_requested = Signal(object, object, QPoint)  # (datetime, Slot or None, global pos)
    selection_changed = Signal(object)  # Slot or None
    week_step_requested = Signal(int)  # -1 previous, +1 next, 0 today
    ensure_visible = Signal(int)  # y in the grid that should be scrolled into view

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName(_("Week planner"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Until the planner gives the week (before the grid is first shown).
        self.now = SystemClock().now()
        self.first_day = self.now.date()
        self.placed: list[Placed] = []
        self.attendance: dict[tuple[str, dt.datetime], str] = {}
        self.cursor_day = 0
        self.cursor_minute = 9 * 60
        self.selected: Slot | None = None
        self.setMinimumHeight(HOUR_PX * 24 + 1)
        self._now_timer = QTimer(self)
        self._now_timer.setInterval(60_000)
        self._now_timer.timeout.connect(self.update)
        self._now_timer.start()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(900, HOUR_PX * 24 + 1)

    # --- data -------------------------------------------------------------------------------------

    def set_week(self, first_day: dt.date, placed: Sequence[Placed], now: dt.datetime,
                 attendance: dict[tuple[str, dt.datetime], str] | None = None) -> None:
        keep = slot_key(self.selected) if self.selected is not None else None
        self.first_day = first_day
        self.placed = list(placed)
        self.now = now
        self.attendance = dict(attendance or {})
        self.selected = None
        if keep is not None:
            self.selected = next((p.slot for p in self.placed if slot_key(p.slot) == keep and not p.cancelled), None)
        self._announce()
        self.update()

    def cursor_datetime(self) -> dt.datetime:
        day = self.first_day + dt.timedelta(days=self.cursor_day)
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=self.cursor_minute)

    def move_cursor_to(self, day: int, minute: int) -> None:
        self.cursor_day = max(0, min(6, day))
        self.cursor_minute = max(0, min(DAY_MINUTES - CURSOR_MINUTES, minute - minute % CURSOR_MINUTES))
        under = self.pieces_at(self.cursor_day, self.cursor_minute)
        if self.selected is None or not any(p.slot is self.selected for p in under):
            self._select(under[0].slot if under else None)
        self._announce()
        self.update()

    def pieces_at(self, day: int, minute: int, *, include_cancelled: bool = True) -> list[Placed]:
        end = minute + CURSOR_MINUTES
        return [p for p in self.placed if p.day == day and p.top < end and p.bottom > minute
                and (include_cancelled or not p.cancelled)]

    def select_slot(self, slot: Slot | None) -> None:
        self._select(slot)
        if slot is not None:
            piece = next((p for p in self.placed if p.slot is slot), None)
            if piece is not None:
                self.cursor_day, self.cursor_minute = piece.day, piece.top - piece.top % CURSOR_MINUTES
        self._announce()
        self.update()

    def _select(self, slot: Slot | None) -> None:
        if slot is not self.selected:
            self.selected = slot
            self.selection_changed.emit(slot)

    def is_cancelled(self, slot: Slot) -> bool:
        return any(p.slot is slot and p.cancelled for p in self.placed)

    def _announce(self) -> None:
        """What a screen reader says about the cursor position."""
        when = self.cursor_datetime()
        head = f"{fmt.weekday_date(when, long=True)}, {fmt.time(when)}"
        if self.selected is not None:
            text = describe_slot(self.selected)
            if self.is_cancelled(self.selected):
                text += ", " + _("cancelled")
            self.setAccessibleDescription(f"{head}: {text}")
        else:
            self.setAccessibleDescription(_("{when}: free").format(when=head))

    # --- geometry ---------------------------------------------------------------------------------

    def geometry_model(self) -> _Geometry:
        return _Geometry(self.width(), _gutter(self))

    def piece_rect(self, piece: Placed) -> QRectF:
        g = self.geometry_model()
        column_width = (g.day_width - 6) / piece.columns
        x = g.day_left(piece.day) + 2 + piece.column * column_width
        y = piece.top / 60 * HOUR_PX
        h = max(piece.bottom - piece.top, MIN_BLOCK_MINUTES) / 60 * HOUR_PX
        return QRectF(x, y + 1, column_width * piece.span - 2, h - 2)

    def piece_at(self, pos: QPoint) -> Placed | None:
        # Topmost first: later pieces are painted over earlier ones.
        for piece in reversed(self.placed):
            if self.piece_rect(piece).contains(pos.toPointF() if hasattr(pos, "toPointF") else pos):
                return piece
        return None

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        day = self.geometry_model().day_at(pos.x())
        if day is None:
            return None
        minute = int(pos.y() / HOUR_PX * 60)
        return day, max(0, min(DAY_MINUTES - CURSOR_MINUTES, minute - minute % CURSOR_MINUTES))

    def y_for_minute(self, minute: int) -> int:
        return int(minute / 60 * HOUR_PX)

    # --- painting -----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        colours = group_colours(self)
        g = self.geometry_model()
        base = palette.color(QPalette.ColorRole.Base)
        painter.fillRect(self.rect(), base)
        text_color = palette.color(QPalette.ColorRole.Text)
        subtle = palette.color(QPalette.ColorRole.PlaceholderText)
        line = QColor(palette.color(QPalette.ColorRole.Mid))
        faint = QColor(line)
        faint.setAlpha(90)

        today_index = (self.now.date() - self.first_day).days
        if 0 <= today_index < 7:
            tint = QColor(palette.color(QPalette.ColorRole.Highlight))
            tint.setAlpha(28)
            painter.fillRect(QRectF(g.day_left(today_index), 0, g.day_width, self.height()), tint)

        # Hour lines and labels.
        painter.setFont(self.font())
        fm = painter.fontMetrics()
        for hour in range(25):
            y = hour * HOUR_PX
            painter.setPen(QPen(line, 1))
            painter.drawLine(g.gutter - 4, y, self.width(), y)
            if 0 < hour < 24:
                painter.setPen(subtle)
                painter.drawText(QRect(0, y - fm.height() // 2, g.gutter - 8, fm.height()),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, fmt.hour(hour))
            painter.setPen(QPen(faint, 1, Qt.PenStyle.DotLine))
            painter.drawLine(g.gutter, y + HOUR_PX // 2, self.width(), y + HOUR_PX // 2)
        painter.setPen(QPen(line, 1))
        for day in range(8):
            x = int(g.day_left(day))
            painter.drawLine(x, 0, x, self.height())

        small = QFont(self.font())
        if small.pointSizeF() > 0:
            small.setPointSizeF(small.pointSizeF() * 0.9)
        bold = QFont(small)
        bold.setBold(True)
        conflict_pen = QPen(error_color(self), 3)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        for piece in self.placed:
            self._paint_piece(painter, piece, small, bold, conflict_pen, highlight, text_color, colours)

        # The keyboard cursor, only while the grid has focus.
        if self.hasFocus():
            cell = QRectF(g.day_left(self.cursor_day) + 1, self.y_for_minute(self.cursor_minute) + 1,
                          g.day_width - 2, CURSOR_MINUTES / 60 * HOUR_PX - 2)
            painter.setPen(QPen(highlight, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(cell)

        if 0 <= today_index < 7:
            minute = self.now.hour * 60 + self.now.minute
            now_y = minute / 60 * HOUR_PX  # a float, where the hour lines' y above are ints
            red = QColor("#e53935") if not is_dark(self) else QColor("#ff6e66")
            painter.setPen(QPen(red, 2))
            left = g.day_left(today_index)
            painter.drawLine(int(left), int(now_y), int(left + g.day_width), int(now_y))
            painter.setBrush(red)
            painter.drawEllipse(QRectF(g.day_left(today_index) - 4, now_y - 4, 8, 8))
        painter.end()

    def piece_lines(self, piece: Placed) -> list[tuple[bool, str]]:
        """What a block says, line by line (bold or not), as far as its height shows: the title,
        the time, the kind in words (never its colour alone), attendance, the place."""
        slot = piece.slot
        title = slot.title
        if piece.cancelled:
            title = _("Cancelled: {title}").format(title=title)
        elif piece.conflict:
            title = f"⚠ {title}"
        lines = [(True, title), (False, fmt.time_range(slot.start, slot.end)),
                 (False, kind_words(slot.kind))]
        mark = self.attendance.get(slot_key(slot))
        if mark and not piece.cancelled:
            lines.append((False, _(ATTENDANCE_MARKS[mark]) if mark in ATTENDANCE_MARKS else mark))
        if slot.location:
            lines.append((False, slot.location))
        return lines

    def _paint_piece(self, painter: QPainter, piece: Placed, small: QFont, bold: QFont,
                     conflict_pen: QPen, highlight: QColor, text_color: QColor, colours: dict[str, QColor]) -> None:
        rect = self.piece_rect(piece)
        slot = piece.slot
        fill = color_for(slot, colours)
        if piece.cancelled:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(fill, 1.5, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(rect, 4, 4)
            ink = QColor(text_color)
            ink.setAlpha(160)
        else:
            painter.setBrush(fill)
            painter.setPen(conflict_pen if piece.conflict else QPen(fill.darker(130), 1))
            painter.drawRoundedRect(rect, 4, 4)
            ink = _text_color(fill)
        if slot is self.selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(highlight if not piece.cancelled else text_color, 3))
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 5, 5)

        inner = rect.adjusted(5, 2, -4, -2)
        if inner.width() < 12 or inner.height() < 8:
            return
        lines = [(bold if strong else small, text) for strong, text in self.piece_lines(piece)]
        painter.setPen(ink)
        y = inner.top()
        for font, text in lines:
            fm = QFontMetrics(font)
            if y + fm.height() > inner.bottom() + 2 and y > inner.top():
                break
            painter.setFont(font)
            painter.drawText(QRectF(inner.left(), y, inner.width(), fm.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             fm.elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width())))
            y += fm.height()

    # --- mouse ------------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt naming
        pos = event.position().toPoint()
        cell = self.cell_at(pos)
        piece = self.piece_at(pos)
        if cell is not None:
            self.cursor_day, self.cursor_minute = cell
        self._select(piece.slot if piece else None)
        self._announce()
        self.update()
        if event.button() == Qt.MouseButton.RightButton and cell is not None:
            self.context_requested.emit(self.cursor_datetime(), self.selected, event.globalPosition().toPoint())
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt naming
        pos = event.position().toPoint()
        cell = self.cell_at(pos)
        if cell is None or event.button() != Qt.MouseButton.LeftButton:
            return
        piece = self.piece_at(pos)
        self.cursor_day, self.cursor_minute = cell
        self._select(piece.slot if piece else None)
        self.activated.emit(self.cursor_datetime(), self.selected)

    def piece_tooltip(self, pos: QPoint) -> str:
        """The whole of what a piece at `pos` shows cut short: title, time, kind, place."""
        piece = self.piece_at(pos)
        if piece is None:
            return ""
        tip = describe_slot(piece.slot)
        if piece.cancelled:
            return _("Cancelled: {title}").format(title=tip)
        if piece.conflict:
            tip += "\n" + _("Overlaps another item")
        return tip

    def event(self, event) -> bool:
        # Answer the tooltip question where it is asked, so the first hover over a block
        # (or one after the week changed under a still pointer) shows its full title.
        if event.type() == QEvent.Type.ToolTip:
            tip = self.piece_tooltip(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # --- keyboard -------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        key = event.key()
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and alt:
            self._jump(1 if key == Qt.Key.Key_Down else -1)
        elif key == Qt.Key.Key_Up:
            self.move_cursor_to(self.cursor_day, self.cursor_minute - CURSOR_MINUTES)
        elif key == Qt.Key.Key_Down:
            self.move_cursor_to(self.cursor_day, self.cursor_minute + CURSOR_MINUTES)
        elif key == Qt.Key.Key_Left:
            self.move_cursor_to(self.cursor_day - 1, self.cursor_minute)
        elif key == Qt.Key.Key_Right:
            self.move_cursor_to(self.cursor_day + 1, self.cursor_minute)
        elif key == Qt.Key.Key_Home:
            self.move_cursor_to(0, self.cursor_minute)
        elif key == Qt.Key.Key_End:
            self.move_cursor_to(6, self.cursor_minute)
        elif key == Qt.Key.Key_PageUp:
            self.week_step_requested.emit(-1)
        elif key == Qt.Key.Key_PageDown:
            self.week_step_requested.emit(1)
        elif key == Qt.Key.Key_T and not event.modifiers():
            self.week_step_requested.emit(0)
        elif key == Qt.Key.Key_Space:
            self._cycle_here()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit(self.cursor_datetime(), self.selected)
        elif key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10 and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            rect = QRect(int(self.geometry_model().day_left(self.cursor_day)), self.y_for_minute(self.cursor_minute), 10, 10)
            self.context_requested.emit(self.cursor_datetime(), self.selected, self.mapToGlobal(rect.center()))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _jump(self, step: int) -> None:
        ordered = sorted(self.placed, key=lambda p: (p.day, p.top, p.column))
        if not ordered:
            return
        here = (self.cursor_day, self.cursor_minute)
        if self.selected is not None:
            index = next((i for i, p in enumerate(ordered) if p.slot is self.selected), None)
        else:
            index = None
        if index is None:
            after = [i for i, p in enumerate(ordered) if (p.day, p.top) > here]
            before = [i for i, p in enumerate(ordered) if (p.day, p.top) < here]
            target = (after[0] if after else None) if step > 0 else (before[-1] if before else None)
        else:
            target = index + step if 0 <= index + step < len(ordered) else None
        if target is not None:
            self.select_slot(ordered[target].slot)
            self.ensure_visible.emit(self.y_for_minute(ordered[target].top))

    def _cycle_here(self) -> None:
        under = self.pieces_at(self.cursor_day, self.cursor_minute)
        if not under:
            return
        slots = [p.slot for p in under]
        index = next((i for i, s in enumerate(slots) if s is self.selected), -1)
        self._select(slots[(index + 1) % len(slots)])
        self._announce()
        self.update()

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self._announce()
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self.update()
        super().focusOutEvent(event)


class WeekHeader(QWidget):
    """Day names above the grid and a strip of all-day items; shares the grid's geometry."""

    all_day_activated = Signal(object)  # Slot

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.first_day = self.today = SystemClock().now().date()  # until set_week
        self.all_day: list[list[Slot]] = [[] for _day in range(7)]
        self.right_margin = 0
        self.setAccessibleName(_("Days of the week"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _chip_height(self) -> int:
        return self.fontMetrics().height() + 6

    def _rows(self) -> int:
        return min(3, max((len(d) for d in self.all_day), default=0))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        fm = self.fontMetrics()
        return QSize(900, fm.height() * 2 + 14 + self._rows() * (self._chip_height() + 2))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        # As narrow as the grid below can go, so a large font never forces the window wider.
        width = _gutter(self) + 7 * _Geometry.MIN_DAY + self.right_margin
        return QSize(width, self.sizeHint().height())

    def set_week(self, first_day: dt.date, today: dt.date, all_day: list[list[Slot]]) -> None:
        self.first_day = first_day
        self.today = today
        self.all_day = all_day
        names = []
        for i in range(7):
            day = first_day + dt.timedelta(days=i)
            chips = ", ".join(s.title for s in all_day[i])
            names.append(fmt.weekday_date(day, long=True)
                         + (" " + _("(all day: {items})").format(items=chips) if chips else ""))
        self.setAccessibleDescription("; ".join(names))
        self.updateGeometry()
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt naming
        painter = QPainter(self)
        palette = self.palette()
        colours = group_colours(self)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Window))
        g = _Geometry(self.width() - self.right_margin, _gutter(self))
        fm = painter.fontMetrics()
        line = palette.color(QPalette.ColorRole.Mid)
        bold = QFont(self.font())
        bold.setBold(True)
        for i in range(7):
            day = self.first_day + dt.timedelta(days=i)
            left = g.day_left(i)
            is_today = day == self.today
            if is_today:
                tint = QColor(palette.color(QPalette.ColorRole.Highlight))
                tint.setAlpha(40)
                painter.fillRect(QRectF(left, 0, g.day_width, self.height()), tint)
            painter.setFont(bold if is_today else self.font())
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(QRectF(left, 4, g.day_width, fm.height()), Qt.AlignmentFlag.AlignHCenter,
                             fmt.weekday_name(day.weekday(), long=False))
            date_text = fmt.day_month(day)
            today_text = date_text + " · " + _("today")
            if is_today and fm.horizontalAdvance(today_text) <= g.day_width - 4:
                date_text = today_text  # when it does not fit, the tint and bold say it
            painter.drawText(QRectF(left, 4 + fm.height(), g.day_width, fm.height()), Qt.AlignmentFlag.AlignHCenter,
                             date_text)
            painter.setPen(QPen(line, 1))
            painter.drawLine(int(left), 0, int(left), self.height())
            chips = self.all_day[i]
            top = fm.height() * 2 + 10
            shown = chips if len(chips) <= 3 else chips[:2]
            painter.setFont(self.font())
            for n, slot in enumerate(shown):
                rect = QRectF(left + 2, top + n * (self._chip_height() + 2), g.day_width - 4, self._chip_height())
                fill = color_for(slot, colours)
                painter.setBrush(fill)
                painter.setPen(QPen(fill.darker(130), 1))
                painter.drawRoundedRect(rect, 3, 3)
                painter.setPen(_text_color(fill))
                painter.drawText(rect.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter,
                                 fm.elidedText(slot.title, Qt.TextElideMode.ElideRight, int(rect.width() - 6)))
            if len(chips) > 3:
                painter.setPen(palette.color(QPalette.ColorRole.WindowText))
                rect = QRectF(left + 4, top + 2 * (self._chip_height() + 2), g.day_width - 6, self._chip_height())
                painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, _("+{n} more").format(n=len(chips) - 2))
        painter.setPen(QPen(line, 1))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.end()

    def _chip_at(self, pos: QPoint) -> Slot | None:
        g = _Geometry(self.width() - self.right_margin, _gutter(self))
        day = g.day_at(pos.x())
        if day is None:
            return None
        top = self.fontMetrics().height() * 2 + 10
        row = int((pos.y() - top) // (self._chip_height() + 2))
        chips = self.all_day[day]
        shown = chips if len(chips) <= 3 else chips[:2]
        return shown[row] if 0 <= row < len(shown) and pos.y() >= top else None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt naming
        slot = self._chip_at(event.position().toPoint())
        if slot is not None:
            self.all_day_activated.emit(slot)

    def event(self, event) -> bool:
        # An all-day item's chip is narrow: its tooltip gives the whole title.
        if event.type() == QEvent.Type.ToolTip:
            slot = self._chip_at(event.pos())
            if slot is not None:
                QToolTip.showText(event.globalPos(), describe_slot(slot), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
