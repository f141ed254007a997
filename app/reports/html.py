"""The reports' content as simple HTML for QTextDocument (tables, headings, images by name).

Everything the person typed is escaped. Charts are referenced as `chart:NAME` images that
the renderer adds to the document as resources.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from app.domain import formatting as fmt
from app.services.readiness import INTRO as READINESS_INTRO
from app.services.readiness import describe as describe_readiness
from app.services.reports import AttendanceReport, CounselorSummary, SessionPrep

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
            nowrap = ' style="white-space: nowrap;"' if "nowrap" in cls else ""
            head.append(f'<th class="{cls}"{width}{nowrap}>{text}</th>')
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


def _header_block(title: str, name: str | None, lines: list[str], name_label: str = "Name") -> str:
    out = [f"<h1>{escape(title)}</h1>"]
    if name:
        out.append(f'<p class="meta"><b>{name_label}:</b> {escape(name)}</p>')
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
        ("Medication", f"taken on {s.medication_taken} of {s.medication_answered} check-ins that answered"
         + (f" ({100 * s.medication_taken / s.medication_answered:.0f}%)" if s.medication_answered else "")
         if s.medication_answered else "no check-in answered the medication question"),
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

    out.append("<h2>Missed sessions</h2>")
    if s.missed_sessions:
        out.append(tables.table([("Date", "nowrap"), ("Session", ""), ("Marked", ""), ("Reason given", "")],
                                [[escape(day_with_weekday(m.when.date())), escape(m.title), escape(m.status),
                                  escape(m.reason) if m.reason else "none given"] for m in s.missed_sessions],
                                [20, 30, 14, 36]))
    else:
        out.append("<p>No treatment session was marked missed or excused in this period.</p>")

    out.append("<h2>Craving by week</h2>")
    if any(c.n for c in s.craving):
        out.append('<p class="small">From the daily check-in’s craving (0 = none, 10 = strongest); a week '
                   'without check-ins shows –.</p>')
        out.append(tables.table([("Week of (Monday)", ""), ("Check-ins", "num"), ("Average craving (0–10)", "num")],
                                [[escape(day(c.week_start)), str(c.n), _h(c.mean)] for c in s.craving],
                                [40, 25, 35]))
    else:
        out.append("<p>No check-ins in this period, so no craving to show.</p>")

    out.append("<h2>Urges, triggers and the coping skills used</h2>")
    out.append(_chart("urges", charts, "Urge strength (0–10) before and after coping, daily values and "
                      "rolling average.", w, h))
    if s.triggers:
        out.append(tables.table([("Trigger", ""), ("Times named", "num")],
                                [[escape(t.label), str(t.n)] for t in s.triggers], [70, 30]))
    else:
        out.append("<p>No coping entry in this period named a trigger.</p>")
    out.append("<p><b>HALT</b> (hungry, angry, lonely, tired): "
               + escape(", ".join(f"{t.label} {t.n}" for t in s.halt)) + ".</p>")
    if s.skill_uses:
        out.append('<p class="small">The drop is the urge before minus the urge after, over the entries that '
                   'noted both (practice left out); under 3 such entries it is too few to tell.</p>')
        out.append(tables.table([("Skill", ""), ("Times used", "num"), ("Urge after noted (n)", "num"),
                                 ("Average urge drop", "num")],
                                [[escape(k.name), str(k.uses), str(k.rated), escape(k.effect_text)]
                                 for k in s.skill_uses], [40, 16, 22, 22]))
    else:
        out.append("<p>No coping entry in this period named a skill.</p>")

    out.append("<h2>Mood and sleep</h2>")
    if "mood_sleep" in charts:
        out.append(_chart("mood_sleep", charts, "Mood (1–5) and hours of sleep from the daily check-in, "
                          "daily values and rolling average.", w, int(h * 1.35)))
    else:
        out.append("<p>No check-ins in this period.</p>")

    out.append("<h2>Self-checks</h2>")
    if s.self_checks:
        out.append(tables.table([("Date", "nowrap"), ("Self-check", ""), ("Score", "num"), ("Band", "")],
                                [[escape(day(c.day)), escape(c.name), str(c.score), escape(c.band)]
                                 for c in s.self_checks], [25, 25, 15, 35]))
        out.append("<p>" + "<br>".join(
            escape(f"{t.name}: {t.first_score} ({t.first_band}) at the start of the period, "
                   + (f"{t.last_score} ({t.last_band}) at the latest: {t.change_text} over {t.count}."
                      if t.count > 1 else "the only one in the period."))
            for t in s.self_check_trends) + "</p>")
        out.append('<p class="small">Self-checks are validated questionnaires the person filled in; a score is '
                   'not a diagnosis.</p>')
    else:
        out.append("<p>No self-checks in this period.</p>")

    if s.readiness is not None:
        out.append("<h2>Step-down readiness</h2>")
        out.append(f"<p>{escape(READINESS_INTRO)}</p>")
        out.append(tables.facts([(k, escape(v)) for k, v in describe_readiness(s.readiness, day)]))

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

    if s.use is not None:
        u = s.use
        out.append("<h2>Use and time without use (shared by choice)</h2>")
        facts = [("Days of use", (f"{len(u.use_days)} of {u.checkins} check-ins said so"
                                  + (": " + escape(", ".join(day(d) for d in u.use_days)) if u.use_days else ""))
                  if u.checkins else "no check-ins in this period"),
                 ("Lapses", escape(", ".join(day(d) for d in u.lapses)) if u.lapses else "none in this period"),
                 ("Days without use now", str(u.current_days) if u.current_days is not None
                  else "no period without use going on")]
        out.append(tables.facts(facts))
        if u.periods:
            out.append(tables.table([("From", ""), ("To", ""), ("Days", "num")],
                                    [[escape(day(a)), escape(day(b)) if b else "going on", str(n)]
                                     for a, b, n in u.periods], [38, 38, 24]))
        out.append('<p class="small">A lapse ends one period and starts the next; no period is erased.</p>')

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
        meta.insert(0, "<b>Participant:</b> ______________________________________")
    if r.case_number:
        meta.insert(1 if not name else 0, f"<b>Case number:</b> {escape(r.case_number)}")
    if r.program:
        meta.append(f"<b>Program:</b> {escape(r.program)}")
    if r.provider:
        meta.append(f"<b>Provider:</b> {escape(r.provider)}")
    meta.append(f"<b>Generated:</b> {escape(day(r.generated))} with Steady")
    out = [_header_block("Attendance record", name, meta, "Participant")]
    listed = {"both": "treatment sessions and support meetings", "sessions": "treatment sessions",
              "meetings": "support meetings"}[r.include]
    counts = []
    if r.include in ("both", "sessions"):
        counts.append(f"{r.sessions} treatment session{'s' if r.sessions != 1 else ''}")
    if r.include in ("both", "meetings"):
        counts.append(f"{r.meetings} support meeting{'s' if r.meetings != 1 else ''}")
    out.append(f"<p>{' and '.join(counts)} attended in this period. Only {listed} marked as attended are "
               "listed.</p>")
    rows = []
    for row in r.rows:
        times = _t(row.time_in) + (f"–{_t(row.time_out)}" if row.time_out else "") + (" *" if row.as_scheduled else "")
        what = f"{escape(row.title)}"
        details = [d for d in (row.fellowship, row.meeting_type) if d]
        if not r.generic and row.title != row.what:
            details.append(row.what)
        if details:
            what += f'<br><span class="small">{escape(" · ".join(details))}</span>'
        verify = escape(row.chair_name) if row.chair_name else "–"
        if row.chair_phone:
            verify += f"<br>{escape(row.chair_phone)}"
        # Room to sign: two empty lines (Qt's rich text does not honour a row's height).
        # Qt's rich text sizes columns by their content (the widths below are hints), so the
        # signature cell holds a line of spaces as wide as a signature needs.
        signed = (f'<span class="small">Signed by: {escape(row.signed_by)}</span>' if row.signed_by
                  else "&nbsp;") + "<br>" + "&nbsp;" * 20
        rows.append([escape(day_with_weekday(row.when.date())), escape(times), what, escape(row.place or "–"),
                     verify, signed])
    if rows:
        out.append(tables.table([("Date", "nowrap"), ("Time in–out", "nowrap"), ("Session or meeting", ""),
                                 ("Place", ""), ("Chair or secretary", ""),
                                 ("Signature", "nowrap")],
                                rows, [14, 12, 21, 17, 17, 19], row_height=40))
    else:
        out.append(f"<p><b>No {listed} were marked attended in this period.</b></p>")
    if any(row.as_scheduled for row in r.rows):
        out.append('<p class="small">* No time in or out was recorded: the scheduled times are shown.</p>')
    out.append("<p class=\"small\">Recorded by the participant named above in the Steady app. The chair or "
               "secretary named can verify attendance at that meeting by phone; a signature in the last column "
               "confirms attendance at that session or meeting.</p>")
    if r.any_online:
        out.append("<p>Online attendance verified by: ______________________________ &nbsp; How (host's "
                   "confirmation, e-mail, screenshot): ______________________ &nbsp; Date: ______________</p>")
    out.append("<p>&nbsp;</p><p>Reviewed by: ______________________________ &nbsp; Role: "
               "____________________ &nbsp; Date: ______________</p>")
    return "".join(out)


def _t(t: dt.time | None) -> str:
    return "?" if t is None else f"{t:%H:%M}"


def session_prep_html(p: SessionPrep, name: str | None) -> str:
    meta = [f"<b>These seven days:</b> {escape(day(p.first))} to {escape(day(p.last))}"]
    if p.program:
        meta.append(f"<b>Program:</b> {escape(p.program)}")
    out = [_header_block("Session prep", name, meta), "<h2>This week in five lines</h2>"]
    out.append("<ol>" + "".join(f"<li>{escape(line)}</li>" for line in p.lines) + "</ol>")
    blank = "<p>" + "<br>".join(["_" * 95] * 3) + "</p>"
    for title, text in (("What went well", p.went_well), ("What was hard", p.was_hard),
                        ("What I want to talk about", p.talk_about)):
        out.append(f"<h2>{escape(title)}</h2>")
        out.append("<p>" + escape(text).replace("\n", "<br>") + "</p>" if text else blank)
    return "".join(out)
