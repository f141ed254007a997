"""The reports' content as simple HTML for QTextDocument (tables, headings, images by name).

Everything the person typed is escaped. Charts are referenced as `chart:NAME` images that
the renderer adds to the document as resources.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from app.domain import formatting as fmt
from app.domain.i18n import _, ngettext, pgettext
from app.services.readiness import INTRO as READINESS_INTRO
from app.services.readiness import describe as describe_readiness
from app.services.goals import status_label
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

def day(d: dt.date) -> str:
    """12 Nov 2026: the same in every country (unlike 11/12/2026); month names in the reader's
    language (12 nov 2026)."""
    return f"{d.day} {fmt.month_name(d.month, long=False)} {d.year}"


def day_with_weekday(d: dt.date) -> str:
    return f"{fmt.weekday_name(d.weekday(), long=False)} {day(d)}"


def range_text(first: dt.date, last: dt.date) -> str:
    days = (last - first).days + 1
    if days % 7 == 0:
        length = ngettext("{n} week", "{n} weeks", days // 7).format(n=days // 7)
    else:
        length = ngettext("{n} day", "{n} days", days).format(n=days)
    return _("{first} to {last} ({length})").format(first=day(first), last=day(last), length=length)


def _h(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else fmt.decimal(x, digits)


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


def _label(text: str) -> str:
    """ "<b>Period:</b>": a bold label before its value."""
    return "<b>" + escape(_("{label}:").format(label=text)) + "</b>"


def _header_block(title: str, name: str | None, lines: list[str], name_label: str | None = None) -> str:
    out = [f"<h1>{escape(title)}</h1>"]
    if name:
        out.append(f'<p class="meta">{_label(name_label or _("Name"))} {escape(name)}</p>')
    for line in lines:
        out.append(f'<p class="meta">{line}</p>')
    return "".join(out)


def counselor_html(s: CounselorSummary, name: str | None, charts: set[str], chart_size: tuple[int, int],
                   goal_titles: dict[str, str] | None = None, breaks: dict[int, set[int]] | None = None) -> str:
    tables = Tables(breaks)
    w, h = chart_size
    meta = [f"{_label(_('Period'))} {escape(range_text(s.first, s.last))}"]
    if s.program:
        meta.append(f"{_label(_('Program'))} {escape(s.program)}"
                    + (f" &nbsp;·&nbsp; {_label(_('Phase'))} {escape(', '.join(s.phases))}" if s.phases else ""))
    meta.append(f"{_label(_('Generated'))} " + escape(_("{day} with Steady, from what the person logged "
                                                        "(self-reported).").format(day=day(s.generated))))
    out = [_header_block(_("Treatment progress summary"), name, meta), f"<h2>{escape(_('At a glance'))}</h2>"]

    counted = s.attended + s.missed
    rate = _("{percent}%").format(percent=f"{s.rate:.0f}") if s.rate is not None else _("no sessions marked")
    target = s.target_hours
    if target:
        hours = _("{hours} attended of a {target} phase target ({percent}%)").format(
            hours=fmt.duration(s.treatment_hours), target=fmt.duration(target),
            percent=f"{100 * s.treatment_hours / target:.0f}")
    else:
        hours = _("{hours} attended").format(hours=fmt.duration(s.treatment_hours))
    scheduled = sum(w_.scheduled for w_ in s.weeks)
    hours = _("{attended}; {hours} were scheduled").format(attended=hours, hours=fmt.duration(scheduled))
    facts = [
        (_("Treatment sessions"), escape(_("{attended} attended, {missed} missed, {excused} excused").format(
            attended=s.attended, missed=s.missed, excused=s.excused))),
        (_("Attendance rate"), escape(rate + (_(" ({attended} of {counted}; excused absences are not counted)").format(
            attended=s.attended, counted=counted) if counted else ""))),
        (_("Treatment hours"), escape(hours)),
        (_("Support meetings attended"), str(s.meetings)),
        (_("Urges logged"), escape(_("{entries}; average urge {before} / 10 before, {after} / 10 after using a "
                                     "skill").format(entries=fmt.plural(s.coping_entries, "coping entry",
                                                                        "coping entries"),
                                                     before=_h(s.urge_before), after=_h(s.urge_after))
                                   if s.coping_entries else _("none logged"))),
        (_("Daily check-ins"), escape(_("{checkins}; average mood {mood} / 5, average sleep {sleep} hours").format(
            checkins=s.checkins, mood=_h(s.mood), sleep=_h(s.sleep)) if s.checkins else _("none logged"))),
        (_("Medication"), escape((_("taken on {taken} of {answered} check-ins that answered").format(
            taken=s.medication_taken, answered=s.medication_answered)
            + _(" ({percent}%)").format(percent=f"{100 * s.medication_taken / s.medication_answered:.0f}"))
            if s.medication_answered else _("no check-in answered the medication question"))),
    ]
    out.append(tables.facts([(k, v) for k, v in facts]))

    out.append(f"<h2>{escape(_('Treatment hours by week'))}</h2>")
    rows = []
    for wk in s.weeks:
        if wk.target is None:
            status = _("no target")
        elif wk.partial:
            status = _("part week")
        else:
            status = pgettext("weekly target", "met") if wk.attended + 1e-9 >= wk.target else _("below")
        rows.append([escape(day(wk.week_start)) + (" *" if wk.partial else ""), escape(wk.phase or "–"),
                     _h(wk.scheduled), _h(wk.attended), _h(wk.target), escape(status)])
    out.append(tables.table([(escape(_("Week of (Monday)")), ""), (escape(_("Phase")), ""),
                             (escape(_("Scheduled h")), "num"), (escape(_("Attended h")), "num"),
                             (escape(_("Target h")), "num"), (escape(_("Status")), "")], rows, [20, 26, 13, 13, 13, 15]))
    if any(wk.partial for wk in s.weeks):
        out.append(f'<p class="small">{escape(_("* The period covers only part of this week."))}</p>')
    out.append(_chart("attendance", charts, _("Treatment sessions per week by status, with the share attended "
                                              "(excused absences count neither way)."), w, h))
    out.append(_chart("balance", charts, _("Scheduled hours per week by part of life; the line is the phase's "
                                           "treatment-hours target."), w, h))

    out.append(f"<h2>{escape(_('Missed sessions'))}</h2>")
    if s.missed_sessions:
        out.append(tables.table([(escape(_("Date")), "nowrap"), (escape(_("Session")), ""), (escape(_("Marked")), ""),
                                 (escape(_("Reason given")), "")],
                                [[escape(day_with_weekday(m.when.date())), escape(m.title), escape(_status(m.status)),
                                  escape(m.reason) if m.reason else escape(_("none given"))]
                                 for m in s.missed_sessions],
                                [20, 30, 14, 36]))
    else:
        out.append(f"<p>{escape(_('No treatment session was marked missed or excused in this period.'))}</p>")

    out.append(f"<h2>{escape(_('Craving by week'))}</h2>")
    if any(c.n for c in s.craving):
        out.append('<p class="small">' + escape(_("From the daily check-in’s craving (0 = none, 10 = strongest); a "
                                                  "week without check-ins shows –.")) + "</p>")
        out.append(tables.table([(escape(_("Week of (Monday)")), ""), (escape(_("Check-ins")), "num"),
                                 (escape(_("Average craving (0–10)")), "num")],
                                [[escape(day(c.week_start)), str(c.n), _h(c.mean)] for c in s.craving],
                                [40, 25, 35]))
    else:
        out.append(f"<p>{escape(_('No check-ins in this period, so no craving to show.'))}</p>")

    out.append(f"<h2>{escape(_('Urges, triggers and the coping skills used'))}</h2>")
    out.append(_chart("urges", charts, _("Urge strength (0–10) before and after coping, daily values and "
                                         "rolling average."), w, h))
    if s.triggers:
        out.append(tables.table([(escape(_("Trigger")), ""), (escape(_("Times named")), "num")],
                                [[escape(_(t.label)), str(t.n)] for t in s.triggers], [70, 30]))
    else:
        out.append(f"<p>{escape(_('No coping entry in this period named a trigger.'))}</p>")
    out.append("<p>" + _("<b>HALT</b> (hungry, angry, lonely, tired): {counts}.").format(
        counts=escape(", ".join(f"{_(t.label)} {t.n}" for t in s.halt))) + "</p>")
    if s.skill_uses:
        out.append('<p class="small">' + escape(_("The drop is the urge before minus the urge after, over the "
                                                  "entries that noted both (practice left out); under 3 such "
                                                  "entries it is too few to tell.")) + "</p>")
        out.append(tables.table([(escape(_("Skill")), ""), (escape(_("Times used")), "num"),
                                 (escape(_("Urge after noted (n)")), "num"), (escape(_("Average urge drop")), "num")],
                                [[escape(k.name), str(k.uses), str(k.rated), escape(k.effect_text)]
                                 for k in s.skill_uses], [40, 16, 22, 22]))
    else:
        out.append(f"<p>{escape(_('No coping entry in this period named a skill.'))}</p>")

    out.append(f"<h2>{escape(_('Mood and sleep'))}</h2>")
    if "mood_sleep" in charts:
        out.append(_chart("mood_sleep", charts, _("Mood (1–5) and hours of sleep from the daily check-in, "
                                                  "daily values and rolling average."), w, int(h * 1.35)))
    else:
        out.append(f"<p>{escape(_('No check-ins in this period.'))}</p>")

    out.append(f"<h2>{escape(_('Self-checks'))}</h2>")
    if s.self_checks:
        out.append(tables.table([(escape(_("Date")), "nowrap"), (escape(_("Self-check")), ""),
                                 (escape(_("Score")), "num"), (escape(_("Band")), "")],
                                [[escape(day(c.day)), escape(c.name), str(c.score), escape(_(c.band))]
                                 for c in s.self_checks], [25, 25, 15, 35]))
        out.append("<p>" + "<br>".join(escape(_trend(t)) for t in s.self_check_trends) + "</p>")
        out.append('<p class="small">' + escape(_("Self-checks are validated questionnaires the person filled in; a "
                                                  "score is not a diagnosis.")) + "</p>")
    else:
        out.append(f"<p>{escape(_('No self-checks in this period.'))}</p>")

    if s.readiness is not None:
        out.append(f"<h2>{escape(_('Step-down readiness'))}</h2>")
        out.append(f"<p>{escape(_(READINESS_INTRO))}</p>")
        out.append(tables.facts([(k, escape(v)) for k, v in describe_readiness(s.readiness, day)]))

    out.append(f"<h2>{escape(_('Goals'))}</h2>")
    if s.goals:
        out.append(tables.table([(escape(_("Goal")), ""), (escape(_("Status")), ""), (escape(_("Progress")), ""),
                                 (escape(_("Weeks met")), "num")],
                                [[escape(g.title), escape(status_label(g.status)), escape(g.text),
                                  escape(_("{met} of {judged}").format(met=g.met_weeks, judged=g.judged_weeks))
                                  if g.judged_weeks else "–"] for g in s.goals],
                                [28, 12, 45, 15]))
        for key in sorted(c for c in charts if c.startswith("goal-")):
            title = (goal_titles or {}).get(key, "")
            out.append(_chart(key, charts, _("{goal}: week by week, actual against target.").format(goal=title),
                              w, int(h * 0.9)))
    else:
        out.append(f"<p>{escape(_('No goals were set for this period.'))}</p>")

    if s.use is not None:
        u = s.use
        out.append(f"<h2>{escape(_('Use and time without use (shared by choice)'))}</h2>")
        if u.checkins:
            said = _("{days} of {checkins} check-ins said so").format(days=len(u.use_days), checkins=u.checkins)
            use_days = escape(said) + (": " + escape(", ".join(day(d) for d in u.use_days)) if u.use_days else "")
        else:
            use_days = escape(_("no check-ins in this period"))
        facts = [(_("Days of use"), use_days),
                 (_("Lapses"), escape(", ".join(day(d) for d in u.lapses)) if u.lapses
                  else escape(_("none in this period"))),
                 (_("Days without use now"), str(u.current_days) if u.current_days is not None
                  else escape(_("no period without use going on")))]
        out.append(tables.facts(facts))
        if u.periods:
            out.append(tables.table([(escape(pgettext("a period's start", "From")), ""),
                                     (escape(pgettext("a period's end", "To")), ""), (escape(_("Days")), "num")],
                                    [[escape(day(a)), escape(day(b)) if b else escape(_("going on")), str(n)]
                                     for a, b, n in u.periods], [38, 38, 24]))
        out.append('<p class="small">' + escape(_("A lapse ends one period and starts the next; no period is "
                                                  "erased.")) + "</p>")

    out.append(f"<h2>{escape(_('Notes shared'))}</h2>")
    if s.notes:
        out.append(tables.table([(escape(_("Date")), ""), (escape(pgettext("where a note comes from", "From")), ""),
                                 (escape(_("Note")), "")],
                                [[escape(day(n.when.date())), escape(_(n.label)), escape(n.text)] for n in s.notes],
                                [16, 12, 72]))
    else:
        out.append(f"<p>{escape(_('No notes were chosen to be shared in this report.'))}</p>")
    return "".join(out)


def _trend(t) -> str:
    """One self-check's change over the period, in a sentence."""
    if t.count > 1:
        return _("{name}: {first_score} ({first_band}) at the start of the period, {last_score} ({last_band}) at "
                 "the latest: {change} over {count}.").format(
                     name=t.name, first_score=t.first_score, first_band=_(t.first_band), last_score=t.last_score,
                     last_band=_(t.last_band), change=t.change_text, count=t.count)
    return _("{name}: {first_score} ({first_band}) at the start of the period, the only one in the period.").format(
        name=t.name, first_score=t.first_score, first_band=_(t.first_band))


def _status(key: str) -> str:
    """How a missed treatment session was marked: missed or excused."""
    return {"missed": pgettext("attendance status", "missed"),
            "excused": pgettext("attendance status", "excused")}.get(key, key)


def attendance_html(r: AttendanceReport, name: str | None, breaks: dict[int, set[int]] | None = None) -> str:
    tables = Tables(breaks)
    meta = [f"{_label(_('Period'))} {escape(range_text(r.first, r.last))}"]
    if not name:
        meta.insert(0, f"{_label(_('Participant'))} ______________________________________")
    if r.case_number:
        meta.insert(1 if not name else 0, f"{_label(_('Case number'))} {escape(r.case_number)}")
    if r.program:
        meta.append(f"{_label(_('Program'))} {escape(r.program)}")
    if r.provider:
        meta.append(f"{_label(_('Provider'))} {escape(r.provider)}")
    meta.append(f"{_label(_('Generated'))} " + escape(_("{day} with Steady").format(day=day(r.generated))))
    out = [_header_block(_("Attendance record"), name, meta, _("Participant"))]
    sessions = fmt.plural(r.sessions, "treatment session", "treatment sessions")
    meetings = fmt.plural(r.meetings, "support meeting", "support meetings")
    if r.include == "both":
        said = _("{sessions} and {meetings} attended in this period. Only treatment sessions and support "
                 "meetings marked as attended are listed.").format(sessions=sessions, meetings=meetings)
        nothing = _("No treatment sessions and support meetings were marked attended in this period.")
    elif r.include == "sessions":
        said = _("{sessions} attended in this period. Only treatment sessions marked as attended are "
                 "listed.").format(sessions=sessions)
        nothing = _("No treatment sessions were marked attended in this period.")
    else:
        said = _("{meetings} attended in this period. Only support meetings marked as attended are "
                 "listed.").format(meetings=meetings)
        nothing = _("No support meetings were marked attended in this period.")
    out.append(f"<p>{escape(said)}</p>")
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
        signed = ('<span class="small">' + escape(_("Signed by: {name}").format(name=row.signed_by)) + "</span>"
                  if row.signed_by else "&nbsp;") + "<br>" + "&nbsp;" * 20
        rows.append([escape(day_with_weekday(row.when.date())), escape(times), what, escape(row.place or "–"),
                     verify, signed])
    if rows:
        out.append(tables.table([(escape(_("Date")), "nowrap"), (escape(_("Time in–out")), "nowrap"),
                                 (escape(_("Session or meeting")), ""), (escape(_("Place")), ""),
                                 (escape(pgettext("attendance column", "Chair or secretary")), ""), (escape(_("Signature")), "nowrap")],
                                rows, [14, 12, 21, 17, 17, 19], row_height=40))
    else:
        out.append(f"<p><b>{escape(nothing)}</b></p>")
    if any(row.as_scheduled for row in r.rows):
        out.append('<p class="small">' + escape(_("* No time in or out was recorded: the scheduled times are "
                                                  "shown.")) + "</p>")
    out.append('<p class="small">' + escape(_("Recorded by the participant named above in the Steady app. The chair "
                                              "or secretary named can verify attendance at that meeting by phone; a "
                                              "signature in the last column confirms attendance at that session or "
                                              "meeting.")) + "</p>")
    if r.any_online:
        out.append("<p>" + escape(_("Online attendance verified by: {blank} How (host's confirmation, e-mail, "
                                    "screenshot): {short_blank} Date: {date_blank}")).format(
                                        blank="______________________________ &nbsp;",
                                        short_blank="______________________ &nbsp;", date_blank="______________")
                   + "</p>")
    out.append("<p>&nbsp;</p><p>" + escape(_("Reviewed by: {blank} Role: {short_blank} Date: {date_blank}")).format(
        blank="______________________________ &nbsp;", short_blank="____________________ &nbsp;",
        date_blank="______________") + "</p>")
    return "".join(out)


def _t(t: dt.time | None) -> str:
    return "?" if t is None else f"{t:%H:%M}"


def session_prep_html(p: SessionPrep, name: str | None) -> str:
    meta = [f"{_label(_('These seven days'))} "
            + escape(_("{first} to {last}").format(first=day(p.first), last=day(p.last)))]
    if p.program:
        meta.append(f"{_label(_('Program'))} {escape(p.program)}")
    out = [_header_block(_("Session prep"), name, meta), f"<h2>{escape(_('This week in five lines'))}</h2>"]
    out.append("<ol>" + "".join(f"<li>{escape(line)}</li>" for line in p.lines) + "</ol>")
    blank = "<p>" + "<br>".join(["_" * 95] * 3) + "</p>"
    for title, text in ((_("What went well"), p.went_well), (_("What was hard"), p.was_hard),
                        (_("What I want to talk about"), p.talk_about)):
        out.append(f"<h2>{escape(title)}</h2>")
        out.append("<p>" + escape(text).replace("\n", "<br>") + "</p>" if text else blank)
    return "".join(out)
