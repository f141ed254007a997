"""The reports' content as simple HTML for QTextDocument (tables, headings, images by name).

Everything the person typed is escaped. Charts are referenced as `chart:NAME` images that
the renderer adds to the document as resources.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from app.domain import formatting as fmt
from app.domain.coping import MIN_RATED
from app.services.reports import AttendanceReport, CounselorSummary

CSS = """
body { color: #1a1a1a; }
h1 { font-size: 17pt; font-weight: bold; margin-top: 0px; margin-bottom: 2px; }
h2 { font-size: 12pt; font-weight: bold; margin-top: 14px; margin-bottom: 4px; color: #0b3d66; }
p { margin-top: 2px; margin-bottom: 4px; }
.meta { color: #333333; }
.small { font-size: 8pt; color: #444444; }
table.grid { border-collapse: collapse; }
table.grid th { background-color: #e8eef4; font-weight: bold; text-align: left; }
td.num, th.num { text-align: right; }
.caption { font-size: 8pt; color: #444444; }
"""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day(d: dt.date) -> str:
    """12 Nov 2026: the same in every country (unlike 11/12/2026)."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def day_with_weekday(d: dt.date) -> str:
    return f"{_WEEKDAYS[d.weekday()]} {day(d)}"


def range_text(first: dt.date, last: dt.date) -> str:
    days = (last - first).days + 1
    length = f"{days // 7} weeks" if days % 7 == 0 else f"{days} days"
    return f"{day(first)} to {day(last)} ({length})"


def _h(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


class Tables:
    """Numbers the tables of one document; `breaks` says before which rows (table number ->
    row indices) a table starts again on a new page, so that no row is cut across pages."""

    def __init__(self, breaks: dict[int, set[int]] | None = None):
        self.breaks = breaks or {}
        self.count = 0

    def table(self, header: list[tuple[str, str]], rows: list[list[str]], widths: list[int] | None = None,
              row_height: int | None = None) -> str:
        """A bordered table; header cells are (text, css class). Cells are already escaped."""
        number = self.count
        self.count += 1
        breaks = self.breaks.get(number, set())
        head = ["<thead><tr>"]
        for i, (text, cls) in enumerate(header):
            width = f' width="{widths[i]}%"' if widths else ""
            head.append(f'<th class="{cls}"{width}>{text}</th>')
        head.append("</tr></thead>")
        opening = ('<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="4" '
                   'style="border-color: #8a8a8a;{}">')
        out = [opening.format(""), *head]
        height = f' height="{row_height}"' if row_height else ""
        for n, row in enumerate(rows):
            if n + 1 in breaks:  # table row n + 1 (row 0 is the header)
                out.append("</table>")
                out.append(opening.format(" page-break-before: always;"))
                out.extend(head)
            out.append(f"<tr{height}>")
            for i, cell in enumerate(row):
                cls = header[i][1]
                nowrap = ' style="white-space: nowrap;"' if "nowrap" in cls else ""
                out.append(f'<td class="{cls}"{nowrap}>{cell}</td>')
            out.append("</tr>")
        out.append("</table>")
        return "".join(out)

    def facts(self, rows: list[tuple[str, str]]) -> str:
        self.count += 1
        return _facts(rows)


def _facts(rows: list[tuple[str, str]]) -> str:
    body = "".join(f'<tr><td width="34%"><b>{escape(k)}</b></td><td>{v}</td></tr>' for k, v in rows)
    return ('<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="4" '
            f'style="border-color: #8a8a8a;">{body}</table>')


def _chart(name: str, available: set[str], caption: str, width: int, height: int) -> str:
    if name not in available:
        return ""
    return (f'<p align="center"><img src="chart:{name}" width="{width}" height="{height}"></p>'
            f'<p class="caption">{escape(caption)}</p>')


def _header_block(title: str, name: str | None, lines: list[str]) -> str:
    out = [f"<h1>{escape(title)}</h1>"]
    if name:
        out.append(f'<p class="meta"><b>Name:</b> {escape(name)}</p>')
    for line in lines:
        out.append(f'<p class="meta">{line}</p>')
    return "".join(out)


def counselor_html(s: CounselorSummary, name: str | None, charts: set[str], chart_size: tuple[int, int],
                   goal_titles: dict[str, str] | None = None, breaks: dict[int, set[int]] | None = None) -> str:
    tables = Tables(breaks)
    w, h = chart_size
    meta = [f"<b>Period:</b> {escape(range_text(s.first, s.last))}"]
    if s.program:
        meta.append(f"<b>Program:</b> {escape(s.program)}"
                    + (f" &nbsp;·&nbsp; <b>Phase:</b> {escape(', '.join(s.phases))}" if s.phases else ""))
    meta.append(f"<b>Generated:</b> {escape(day(s.generated))} with Steady, from what the person logged "
                "(self-reported).")
    out = [_header_block("Treatment progress summary", name, meta), "<h2>At a glance</h2>"]

    counted = s.attended + s.missed
    rate = f"{s.rate:.0f}%" if s.rate is not None else "no sessions marked"
    target = s.target_hours
    hours = f"{fmt.duration(s.treatment_hours)} attended"
    if target is not None:
        hours += f" of a {fmt.duration(target)} phase target ({100 * s.treatment_hours / target:.0f}%)" if target else ""
    scheduled = sum(w_.scheduled for w_ in s.weeks)
    hours += f"; {fmt.duration(scheduled)} were scheduled"
    facts = [
        ("Treatment sessions", f"{s.attended} attended, {s.missed} missed, {s.excused} excused"),
        ("Attendance rate", f"{rate}" + (f" ({s.attended} of {counted}; excused absences are not counted)"
                                         if counted else "")),
        ("Treatment hours", escape(hours)),
        ("Support meetings attended", str(s.meetings)),
        ("Urges logged", f"{s.coping_entries} coping entries; average urge {_h(s.urge_before)} / 10 before, "
                         f"{_h(s.urge_after)} / 10 after using a skill" if s.coping_entries else "none logged"),
        ("Daily check-ins", f"{s.checkins}; average mood {_h(s.mood)} / 5, average sleep {_h(s.sleep)} hours"
         if s.checkins else "none logged"),
    ]
    out.append(tables.facts([(k, v) for k, v in facts]))

    out.append("<h2>Treatment hours by week</h2>")
    rows = []
    for wk in s.weeks:
        if wk.target is None:
            status = "no target"
        elif wk.partial:
            status = "part week"
        else:
            status = "met" if wk.attended + 1e-9 >= wk.target else "below"
        rows.append([escape(day(wk.week_start)) + (" *" if wk.partial else ""), escape(wk.phase or "–"),
                     _h(wk.scheduled), _h(wk.attended), _h(wk.target), status])
    out.append(tables.table([("Week of (Monday)", ""), ("Phase", ""), ("Scheduled h", "num"), ("Attended h", "num"),
                       ("Target h", "num"), ("Status", "")], rows, [20, 26, 13, 13, 13, 15]))
    if any(wk.partial for wk in s.weeks):
        out.append('<p class="small">* The period covers only part of this week.</p>')
    out.append(_chart("attendance", charts, "Treatment sessions per week by status, with the share attended "
                      "(excused absences count neither way).", w, h))
    out.append(_chart("balance", charts, "Scheduled hours per week by part of life; the line is the phase's "
                      "treatment-hours target.", w, h))

    out.append("<h2>Urges and the coping skills that helped</h2>")
    out.append(_chart("urges", charts, "Urge strength (0–10) before and after coping, daily values and "
                      "rolling average.", w, h))
    if s.skills:
        out.append(tables.table([("Skill", ""), ("Times used (urge after noted)", "num"), ("Average urge drop", "num")],
                          [[escape(k.name), str(k.n), f"{k.mean_drop:.1f}" if k.n >= MIN_RATED else "too few to tell"]
                           for k in s.skills], [50, 28, 22]))
    else:
        out.append("<p>No coping entry in this period noted the urge after using a skill.</p>")

    out.append("<h2>Mood and sleep</h2>")
    if "mood_sleep" in charts:
        out.append(_chart("mood_sleep", charts, "Mood (1–5) and hours of sleep from the daily check-in, "
                          "daily values and rolling average.", w, int(h * 1.35)))
    else:
        out.append("<p>No check-ins in this period.</p>")

    out.append("<h2>Goals</h2>")
    if s.goals:
        out.append(tables.table([("Goal", ""), ("Status", ""), ("Progress", ""), ("Weeks met", "num")],
                          [[escape(g.title), escape(g.status), escape(g.text),
                            f"{g.met_weeks} of {g.judged_weeks}" if g.judged_weeks else "–"] for g in s.goals],
                          [28, 12, 45, 15]))
        for key in sorted(c for c in charts if c.startswith("goal-")):
            title = (goal_titles or {}).get(key, "")
            out.append(_chart(key, charts, f"{title}: week by week, actual against target.", w, int(h * 0.9)))
    else:
        out.append("<p>No goals were set for this period.</p>")

    out.append("<h2>Notes shared</h2>")
    if s.notes:
        out.append(tables.table([("Date", ""), ("From", ""), ("Note", "")],
                          [[escape(day(n.when.date())), escape(n.label), escape(n.text)] for n in s.notes],
                          [16, 12, 72]))
    else:
        out.append("<p>No notes were chosen to be shared in this report.</p>")
    return "".join(out)


def attendance_html(r: AttendanceReport, name: str | None, breaks: dict[int, set[int]] | None = None) -> str:
    tables = Tables(breaks)
    meta = [f"<b>Period:</b> {escape(range_text(r.first, r.last))}"]
    if not name:
        meta.insert(0, "<b>Name:</b> ______________________________________")
    if r.program:
        meta.append(f"<b>Program:</b> {escape(r.program)}")
    meta.append(f"<b>Generated:</b> {escape(day(r.generated))} with Steady")
    out = [_header_block("Attendance record", name, meta)]
    out.append(f"<p>{r.sessions} treatment session{'s' if r.sessions != 1 else ''} and {r.meetings} support "
               f"meeting{'s' if r.meetings != 1 else ''} attended in this period. Only sessions and meetings "
               "marked as attended are listed.</p>")
    rows = []
    for row in r.rows:
        time = f"{row.when:%H:%M}" + (f"–{row.end:%H:%M}" if row.end else "")
        rows.append([escape(day_with_weekday(row.when.date())), escape(time),
                     f"{escape(row.title)}<br><span class=\"small\">{escape(row.what)}</span>",
                     escape(row.place or "–"), ""])
    if rows:
        out.append(tables.table([("Date", "nowrap"), ("Time", "nowrap"), ("Session or meeting", ""), ("Place", ""),
                           ("Signature", "")], rows, [16, 13, 26, 22, 23], row_height=34))
    else:
        out.append("<p><b>No sessions or meetings were marked attended in this period.</b></p>")
    out.append("<p class=\"small\">Recorded by the person named above in the Steady app. A signature in the "
               "last column confirms attendance at that session or meeting.</p>")
    out.append("<p>&nbsp;</p><p>Reviewed by: ______________________________ &nbsp; Role: "
               "____________________ &nbsp; Date: ______________</p>")
    return "".join(out)
