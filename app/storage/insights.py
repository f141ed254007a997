"""The SQL behind the Insights page: per side of each comparison, the count, sum and sum of
squares of one measure (app.domain.insights.Moments), aggregated in SQLite.

Every query is bounded by the date range and returns at most a handful of rows (two sides,
or a few triggers and skills), whatever the number of records; the one exception, the daily
treatment-session counts for the PHQ-9 comparison, is one row per day with a session.
Ranges are inclusive calendar days; None leaves that end open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .lite import Database
from .repository import AttendanceRepository

Sides = dict[str, tuple[int, float, float]]  # "a" / "b" -> (n, sum, sum of squares)


def _day_range(column: str, start: dt.date | None, end: dt.date | None) -> tuple[list[str], list[Any]]:
    """Clauses for a date column (`day`) or the date part of a date-time column."""
    clauses: list[str] = []
    args: list[Any] = []
    if start is not None:
        clauses.append(f"{column} >= ?")
        args.append(start.isoformat())
    if end is not None:
        clauses.append(f"{column} < ?")
        args.append((end + dt.timedelta(days=1)).isoformat())
    return clauses, args


def _where(clauses: list[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


class InsightQueries:
    def __init__(self, db: Database):
        self.db = db

    def _sides(self, inner: str, args: list[Any]) -> Sides:
        """`inner` selects (g, v) rows; g 'a', 'b' or NULL (left out)."""
        sql = (f"SELECT g, count(v), coalesce(sum(v), 0), coalesce(sum(v * v), 0) FROM ({inner}) "
               "WHERE g IS NOT NULL AND v IS NOT NULL GROUP BY g")
        return {g: (int(n), float(s), float(q)) for g, n, s, q in self.db.execute(sql, args).fetchall()}

    def record_span(self, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date] | None:
        """The first and last calendar day with a check-in, coping entry, self-care entry or
        attendance record in the range, or None when there is none."""
        parts, args = [], []
        for table, column in (("checkins", "day"), ("coping_entries", "occurred_at"),
                              ("selfcare_entries", "occurred_at"), ("attendance", "occurred_at")):
            clauses, a = _day_range(column, start, end)
            parts.append(f"SELECT min(substr({column}, 1, 10)) AS f, max(substr({column}, 1, 10)) AS l "
                         f"FROM {table}{_where(clauses)}")
            args.extend(a)
        row = self.db.execute(f"SELECT min(f), max(l) FROM ({' UNION ALL '.join(parts)})", args).fetchone()
        if row is None or row[0] is None:
            return None
        return dt.date.fromisoformat(row[0]), dt.date.fromisoformat(row[1])

    def craving_after_sleep(self, start: dt.date | None, end: dt.date | None, short: float, long: float) -> Sides:
        """Check-in craving on days whose previous day's check-in logged sleep below `short`
        hours (a) or at least `long` hours (b)."""
        clauses, args = _day_range("c.day", start, end)
        inner = ("SELECT CASE WHEN p.sleep_hours < ? THEN 'a' WHEN p.sleep_hours >= ? THEN 'b' END AS g, "
                 "c.craving AS v FROM checkins AS c JOIN checkins AS p ON p.day = date(c.day, '-1 day')"
                 + _where(clauses + ["p.sleep_hours IS NOT NULL"]))
        return self._sides(inner, [short, long] + args)

    def weekly_urges_by_meetings(self, start: dt.date | None, end: dt.date | None, meetings: int) -> Sides:
        """Per week (Monday to Sunday) with at least one coping entry that is not practice, the
        mean urge before: weeks with at least `meetings` support meetings attended (a) or
        fewer (b)."""
        week = "date(substr(occurred_at, 1, 10), '-6 days', 'weekday 1')"
        u_clauses, u_args = _day_range("occurred_at", start, end)
        m_clauses, m_args = _day_range("occurred_at", start, end)
        inner = (f"SELECT CASE WHEN coalesce(m.n, 0) >= ? THEN 'a' ELSE 'b' END AS g, u.v AS v FROM "
                 f"(SELECT {week} AS week, avg(urge_before) AS v FROM coping_entries"
                 f"{_where(u_clauses + ['NOT practice'])} GROUP BY week) AS u LEFT JOIN "
                 f"(SELECT {week} AS week, count(*) AS n FROM attendance"
                 f"{_where(m_clauses + [AttendanceRepository.MEETING_ATTENDED])} GROUP BY week) AS m "
                 "ON m.week = u.week")
        return self._sides(inner, [meetings] + u_args + m_args)

    def mood_by_selfcare(self, start: dt.date | None, end: dt.date | None, category: str | None) -> Sides:
        """Check-in mood on days with a self-care entry (of `category`, or any) (a) or without (b)."""
        clauses, args = _day_range("c.day", start, end)
        same_day = "s.occurred_at >= c.day AND s.occurred_at < date(c.day, '+1 day')"
        if category:
            same_day += " AND s.category = ?"
        inner = (f"SELECT CASE WHEN EXISTS (SELECT 1 FROM selfcare_entries AS s WHERE {same_day}) "
                 "THEN 'a' ELSE 'b' END AS g, c.mood AS v FROM checkins AS c" + _where(clauses))
        return self._sides(inner, ([category] if category else []) + args)

    def urges_by_hour(self, start: dt.date | None, end: dt.date | None, evening_from: int) -> Sides:
        """Urge before of coping entries (not practice) logged from `evening_from` o'clock to
        midnight (a) or earlier in the day (b)."""
        clauses, args = _day_range("occurred_at", start, end)
        inner = ("SELECT CASE WHEN CAST(substr(occurred_at, 12, 2) AS INTEGER) >= ? THEN 'a' ELSE 'b' END AS g, "
                 "urge_before AS v FROM coping_entries" + _where(clauses + ["NOT practice"]))
        return self._sides(inner, [int(evening_from)] + args)

    def craving_by_weekend(self, start: dt.date | None, end: dt.date | None) -> Sides:
        """Check-in craving on Saturdays and Sundays (a) or Monday to Friday (b)."""
        clauses, args = _day_range("day", start, end)
        inner = ("SELECT CASE WHEN strftime('%w', day) IN ('0', '6') THEN 'a' ELSE 'b' END AS g, "
                 "craving AS v FROM checkins" + _where(clauses))
        return self._sides(inner, args)

    def assessments_of(self, instrument: str, start: dt.date | None,
                       end: dt.date | None) -> list[tuple[dt.date, str]]:
        """(day, answers) of one instrument's self-checks in the range, oldest first."""
        clauses, args = _day_range("day", start, end)
        rows = self.db.execute("SELECT day, answers FROM assessments" + _where(clauses + ["instrument = ?"])
                               + " ORDER BY day, rowid", args + [instrument]).fetchall()
        return [(dt.date.fromisoformat(d), a) for d, a in rows]

    def daily_sessions(self, start: dt.date | None, end: dt.date | None) -> list[tuple[dt.date, int, int]]:
        """Per day with a treatment session recorded: (day, attended, attended + missed);
        excused absences count neither way."""
        A = AttendanceRepository
        clauses, args = _day_range("occurred_at", start, end)
        rows = self.db.execute(
            f"SELECT substr(occurred_at, 1, 10) AS day, sum({A.ATTENDED}), sum({A.COUNTED}) FROM attendance"
            f"{_where(clauses + [A.SESSION])} GROUP BY day ORDER BY day", args).fetchall()
        return [(dt.date.fromisoformat(d), int(a), int(c)) for d, a, c in rows]

    # --- urge drop by skill, for the most frequent triggers ---------------------------------------

    _RATED = ["NOT c.practice", "c.urge_after IS NOT NULL"]

    def top_triggers(self, start: dt.date | None, end: dt.date | None, limit: int) -> list[tuple[str, int]]:
        """The triggers named most often on rated coping entries (urge after noted, not
        practice): (trigger key, entries), most frequent first."""
        clauses, args = _day_range("c.occurred_at", start, end)
        sql = ("SELECT t.value, count(*) AS n FROM coping_entries AS c, json_each(c.triggers) AS t"
               + _where(clauses + self._RATED) + " GROUP BY t.value ORDER BY n DESC, t.value LIMIT ?")
        return [(k, int(n)) for k, n in self.db.execute(sql, args + [int(limit)]).fetchall()]

    def top_skills_for(self, trigger: str, start: dt.date | None, end: dt.date | None,
                       limit: int) -> list[tuple[str, str, int]]:
        """The skills used most often on rated entries naming `trigger`: (skill id, name,
        entries), most used first (chosen by use, never by how well they went)."""
        clauses, args = _day_range("c.occurred_at", start, end)
        sql = ("SELECT s.value, k.name, count(*) AS n FROM coping_entries AS c, json_each(c.skill_ids) AS s "
               "JOIN coping_skills AS k ON k.id = s.value"
               + _where(clauses + self._RATED
                        + ["EXISTS (SELECT 1 FROM json_each(c.triggers) AS t WHERE t.value = ?)"])
               + " GROUP BY s.value ORDER BY n DESC, k.name COLLATE NOCASE LIMIT ?")
        return [(sid, name, int(n)) for sid, name, n in self.db.execute(sql, args + [trigger, int(limit)]).fetchall()]

    def drop_with_skill(self, trigger: str, skill_id: str, start: dt.date | None, end: dt.date | None) -> Sides:
        """Urge drop (before - after) on rated entries naming `trigger`: with the skill (a) or
        without it (b: other skills or none)."""
        clauses, args = _day_range("c.occurred_at", start, end)
        inner = ("SELECT CASE WHEN EXISTS (SELECT 1 FROM json_each(c.skill_ids) AS s WHERE s.value = ?) "
                 "THEN 'a' ELSE 'b' END AS g, c.urge_before - c.urge_after AS v FROM coping_entries AS c"
                 + _where(clauses + self._RATED
                          + ["EXISTS (SELECT 1 FROM json_each(c.triggers) AS t WHERE t.value = ?)"]))
        return self._sides(inner, [skill_id] + args + [trigger])
