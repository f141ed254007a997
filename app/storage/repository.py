"""Rows <-> domain records. All SQL for record tables lives here."""

from __future__ import annotations

import builtins  # `list` is also a method name in Repository; annotations there mean the type
import datetime as dt
import json
import sqlite3
from dataclasses import replace
from typing import Any, Generic, Iterable, Iterator, TypeVar

from .lite import Database
from .search import SearchIndex

from app.domain import fields as F
from app.domain.meetings import MeetingDays, add_days
from app.domain.records import Record
from app.domain.recurrence import READING_STORED

R = TypeVar("R", bound=Record)


# The meeting-day runs up to a day (AttendanceRepository.meeting_days), and the triggers that
# clear them when a meeting on or before that day, or whether a meeting is treatment, changes.
MEETING_DAYS = "_meeting_days"
_KEPT_THROUGH = f"(SELECT through FROM {MEETING_DAYS})"
MEETING_DAYS_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {MEETING_DAYS} (through TEXT NOT NULL, last_first TEXT, last_last TEXT,"
    " longest INTEGER NOT NULL, week_first TEXT, week_last TEXT)",
    f"CREATE TRIGGER IF NOT EXISTS _meeting_days_insert AFTER INSERT ON attendance"
    f" WHEN substr(new.occurred_at, 1, 10) <= {_KEPT_THROUGH} BEGIN DELETE FROM {MEETING_DAYS}; END",
    f"CREATE TRIGGER IF NOT EXISTS _meeting_days_update AFTER UPDATE ON attendance"
    f" WHEN substr(old.occurred_at, 1, 10) <= {_KEPT_THROUGH} OR substr(new.occurred_at, 1, 10) <= {_KEPT_THROUGH}"
    f" BEGIN DELETE FROM {MEETING_DAYS}; END",
    f"CREATE TRIGGER IF NOT EXISTS _meeting_days_delete AFTER DELETE ON attendance"
    f" WHEN substr(old.occurred_at, 1, 10) <= {_KEPT_THROUGH} BEGIN DELETE FROM {MEETING_DAYS}; END",
    f"CREATE TRIGGER IF NOT EXISTS _meeting_days_group_update AFTER UPDATE OF fellowship ON support_groups"
    f" BEGIN DELETE FROM {MEETING_DAYS}; END",
    f"CREATE TRIGGER IF NOT EXISTS _meeting_days_group_delete AFTER DELETE ON support_groups"
    f" BEGIN DELETE FROM {MEETING_DAYS}; END",
)
_MEETING_DAYS_TRIGGERS = {"_meeting_days_insert", "_meeting_days_update", "_meeting_days_delete",
                          "_meeting_days_group_update", "_meeting_days_group_delete"}


def ensure_meeting_days(db: Database) -> None:
    """Create the kept meeting-day runs and their triggers; if a trigger was missing (a table
    rebuilt by a later migration loses its triggers), what was kept is forgotten."""
    present = {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE name LIKE '\\_meeting\\_days%' ESCAPE '\\'").fetchall()}
    if {MEETING_DAYS} | _MEETING_DAYS_TRIGGERS <= present:
        return
    for statement in MEETING_DAYS_SCHEMA:
        db.execute(statement)
    db.execute(f"DELETE FROM {MEETING_DAYS}")


def _run(first: str | None, last: str | None) -> tuple[dt.date, dt.date] | None:
    return None if first is None or last is None else (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def _utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Repository(Generic[R]):
    """Reads and writes one record type in one table."""

    def __init__(self, db: Database, table: str, record_type: type[R], order_by: str = ""):
        self.db = db
        self.table = table
        self.record_type = record_type
        self.specs = F.specs_of(record_type)
        self.when = record_type.WHEN
        self.order_by = order_by or (record_type.WHEN and f"{_q(record_type.WHEN)} DESC") or "rowid"
        self._columns = ["id"] + [s.name for s in self.specs]
        self._select = "SELECT " + ", ".join(_q(c) for c in self._columns) + f" FROM {_q(table)}"
        self._text_columns = [s.name for s in self.specs if s.kind in (F.TEXT, F.LONGTEXT)]

    # --- conversion -------------------------------------------------------------------

    def to_row(self, record: R) -> dict[str, Any]:
        row: dict[str, Any] = {"id": record.id}
        for s in self.specs:
            value = F.to_plain(s, getattr(record, s.name))
            if s.kind in (F.CHOICES, F.REFS):
                value = json.dumps(value, ensure_ascii=False)
            elif s.kind in (F.BOOL, F.OPTBOOL) and value is not None:
                value = int(value)
            row[s.name] = value
        return row

    def from_row(self, row: dict[str, Any] | tuple) -> R:
        plain = self._plain(row)
        token = READING_STORED.set(True)  # a repeat rule stored before today's limits still reads
        try:
            return self.record_type.from_plain(plain)
        finally:
            READING_STORED.reset(token)

    def _plain(self, row: dict[str, Any] | tuple) -> dict[str, Any]:
        if isinstance(row, tuple):
            row = dict(zip(self._columns, row, strict=False))
        plain: dict[str, Any] = {"id": row["id"]}
        for s in self.specs:
            value = row.get(s.name)
            if value is not None:
                if s.kind in (F.CHOICES, F.REFS):
                    value = json.loads(value)
                elif s.kind in (F.BOOL, F.OPTBOOL):
                    value = bool(value)
            plain[s.name] = value
        return plain

    # --- writes (callers wrap several in store.transaction()) ------------------------------

    def add(self, record: R) -> R:
        row = self.to_row(record)
        now = _utc_now()
        row["created_at"] = row["updated_at"] = now
        self.db[self.table].insert(row)
        return record

    def add_many(self, records: Iterable[R]) -> int:
        now = _utc_now()
        rows = []
        for r in records:
            row = self.to_row(r)
            row["created_at"] = row["updated_at"] = now
            rows.append(row)
        if rows:
            self.db[self.table].insert_all(rows, batch_size=500)
        return len(rows)

    def update(self, record: R) -> R:
        row = self.to_row(record)
        row["updated_at"] = _utc_now()
        cols = [c for c in row if c != "id"]
        sql = (f"UPDATE {_q(self.table)} SET " + ", ".join(f"{_q(c)} = ?" for c in cols)
               + " WHERE id = ?")
        cursor = self.db.execute(sql, [row[c] for c in cols] + [record.id])
        if cursor.rowcount != 1:
            raise KeyError(record.id)
        return record

    def restore(self, record: R) -> R:
        """Put back a record that was deleted (undo), keeping its id."""
        return self.add(record)

    def delete(self, record_id: str) -> R | None:
        record = self.get(record_id)
        if record is not None:
            self.db.execute(f"DELETE FROM {_q(self.table)} WHERE id = ?", [record_id])
        return record

    # --- reads -------------------------------------------------------------------------

    def get(self, record_id: str) -> R | None:
        row = self.db.execute(self._select + " WHERE id = ?", [record_id]).fetchone()
        return None if row is None else self.from_row(row)

    def count(self, having: tuple[str, ...] = (), start: dt.date | None = None, end: dt.date | None = None,
              words: tuple[str, ...] = ()) -> int:
        """How many records `list` gives with the same filters (all of them by default)."""
        where, params = self._filter(start, end, having, words)
        sql = f"SELECT count(*) FROM {_q(self.table)}" + (" WHERE " + " AND ".join(where) if where else "")
        return self.db.execute(sql, params).fetchone()[0]

    def _filter(self, start: dt.date | None, end: dt.date | None, having: tuple[str, ...],
                words: tuple[str, ...]) -> tuple[builtins.list[str], builtins.list[Any]]:
        """Clauses for a date range, `having` and folded search `words` (answered by the
        search index: app.storage.search; the caller brings the index up to date first)."""
        where, params = self._range_where(start, end)
        where += self._having_where(having)[0]
        if any(words):
            clause, args = SearchIndex.matching(self.table, words)
            where.append(clause)
            params.extend(args)
        return where, params

    # Named subsets a table may list instead of "this field is set" (see AttendanceRepository).
    SUBSETS: dict[str, str] = {}

    def _having_where(self, having: tuple[str, ...]) -> tuple[list[str], list[Any]]:
        """Clauses for "these fields are set", or for a named subset of the kind (SUBSETS: a
        table of support-meeting attendance only, say)."""
        names = {spec.name for spec in self.specs}
        for name in having:
            if name not in names and name not in self.SUBSETS:
                raise ValueError(f"{self.record_type.__name__} has no field {name!r}")
        return [f"({self.SUBSETS[name]})" if name in self.SUBSETS else f"({_q(name)} IS NOT NULL AND {_q(name)} != '')"
                for name in having], []

    def list(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        search: str = "",
        limit: int | None = None,
        having: tuple[str, ...] = (),
        words: tuple[str, ...] = (),
    ) -> list[R]:
        """Records dated within [start, end] (whole days, inclusive), newest first.

        `search` matches any text field, case-insensitively for ASCII letters (the command
        line's --search); `words` (folded) must all be in the record's text as its table
        searches it, answered by the search index; `having` keeps the records whose fields of
        those names are set.
        """
        where, params = self._filter(start, end, having, words)
        if search:
            like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            cols = self._text_columns or ["id"]
            where.append("(" + " OR ".join(f"{_q(c)} LIKE ? ESCAPE '\\'" for c in cols) + ")")
            params.extend([like] * len(cols))
        sql = self._select
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {self.order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [self.from_row(row) for row in self.db.execute(sql, params).fetchall()]

    def plain_many(self, ids: Iterable[str]) -> builtins.list[dict[str, Any]]:
        """The records with these ids that exist, as plain values (F.to_plain's), in no
        particular order: what a search text needs, without building and checking records."""
        ids = builtins.list(ids)
        out: builtins.list[dict[str, Any]] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            sql = self._select + " WHERE id IN (" + ", ".join("?" * len(chunk)) + ")"
            out += [self._plain(row) for row in self.db.execute(sql, chunk).fetchall()]
        return out

    def rest(self, skip: int, page: int = 500, having: tuple[str, ...] = (), start: dt.date | None = None,
             end: dt.date | None = None, words: tuple[str, ...] = ()) -> Iterator[R]:
        """The records `list()` gives (with the same filters) after its first `skip`, in the
        same order, read a page at a time and converted as they are taken: a table shows the
        newest rows first and takes the rest when scrolled to. Nothing is read until the
        first is asked for."""
        where, params = self._filter(start, end, having, words)
        sql = (self._select + (" WHERE " + " AND ".join(where) if where else "")
               + f" ORDER BY {self.order_by} LIMIT ? OFFSET ?")
        offset = max(0, int(skip))
        while True:
            rows = self.db.execute(sql, [*params, page, offset]).fetchall()
            yield from map(self.from_row, rows)
            if len(rows) < page:
                return
            offset += len(rows)

    def _range_where(self, start: dt.date | None, end: dt.date | None) -> tuple[builtins.list[str], builtins.list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if not self.when:
            return where, params
        col = _q(self.when)
        if start is not None:
            where.append(f"{col} >= ?")
            params.append(start.isoformat())
        if end is not None:
            # ISO text sorts correctly: everything on `end` is before the next day.
            where.append(f"{col} < ?")
            params.append((end + dt.timedelta(days=1)).isoformat())
        return where, params

    def usage_count(self, record_id: str) -> int:
        """How many other records refer to this one (deleting it would orphan them)."""
        return 0

    def count_between(self, start: dt.date, end: dt.date, where: str = "", params: Iterable = ()) -> int:
        clauses, args = self._range_where(start, end)
        if where:
            clauses.append(where)
            args.extend(params)
        sql = f"SELECT count(*) FROM {_q(self.table)}" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        return self.db.execute(sql, args).fetchone()[0]

    def count_with_value(self, column: str, start: dt.date, end: dt.date) -> int:
        """Records dated in [start, end] that have a value of `column` (not NULL)."""
        return self.count_between(start, end, f"{_q(column)} IS NOT NULL")

    def sum_between(self, column: str, start: dt.date, end: dt.date) -> float:
        clauses, args = self._range_where(start, end)
        sql = f"SELECT coalesce(sum({_q(column)}), 0) FROM {_q(self.table)}" + (
            " WHERE " + " AND ".join(clauses) if clauses else "")
        return self.db.execute(sql, args).fetchone()[0]

    def exists(self, record_id: str) -> bool:
        return self.db.execute(
            f"SELECT 1 FROM {_q(self.table)} WHERE id = ?", [record_id]).fetchone() is not None

    def ids_starting(self, prefix: str, limit: int = 2) -> builtins.list[str]:
        """Ids that begin with `prefix` (a short id as lists show it); at most `limit`."""
        return [r[0] for r in self.db.execute(
            f"SELECT id FROM {_q(self.table)} WHERE substr(id, 1, ?) = ? LIMIT ?",
            [len(prefix), prefix, limit]).fetchall()]

    # --- weekly aggregates (goals): one GROUP BY in SQL, never a Python loop over years ---------

    def _week_of(self) -> str:
        """SQL for the Monday of the record's week, from the calendar date of its local time."""
        return f"date(substr({_q(self.when)}, 1, 10), '-6 days', 'weekday 1')"

    def _where_between(self, start: dt.date, end: dt.date, where: str, params: Iterable) -> tuple[str, builtins.list[Any]]:
        clauses, args = self._range_where(start, end)
        if where:
            clauses.append(f"({where})")
            args.extend(params)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), args

    def weekly_counts(self, start: dt.date, end: dt.date, where: str = "",
                      params: Iterable = ()) -> dict[dt.date, int]:
        """Records dated in [start, end] per week: {Monday: count}; weeks without any are absent."""
        return self.weekly_sums("", start, end, where, params)

    def weekly_sums(self, column: str, start: dt.date, end: dt.date, where: str = "",
                    params: Iterable = ()) -> dict[dt.date, Any]:
        """The sum of `column` (or, with column "", the count) of records dated in [start, end],
        per week: {Monday: total}; weeks without records are absent."""
        filt, args = self._where_between(start, end, where, params)
        measure = f"coalesce(sum({_q(column)}), 0)" if column else "count(*)"
        sql = (f"SELECT {self._week_of()} AS week, {measure} FROM {_q(self.table)}{filt} "
               "GROUP BY week ORDER BY week")
        return {dt.date.fromisoformat(week): total for week, total in self.db.execute(sql, args).fetchall()}

    def total_between(self, column: str, start: dt.date, end: dt.date, where: str = "",
                      params: Iterable = ()) -> float:
        """The sum of `column` (or, with column "", the count) of records dated in [start, end]."""
        filt, args = self._where_between(start, end, where, params)
        measure = f"coalesce(sum({_q(column)}), 0)" if column else "count(*)"
        return self.db.execute(f"SELECT {measure} FROM {_q(self.table)}{filt}", args).fetchone()[0]

    def reached_when(self, column: str, amount: float, start: dt.date, end: dt.date, where: str = "",
                     params: Iterable = ()) -> str | None:
        """The date column (ISO text) of the record with which the running sum of `column`
        (or, with column "", the running count) of records dated in [start, end], oldest
        first, first reaches `amount`; None if it never does."""
        filt, args = self._where_between(start, end, where, params)
        measure = f"sum({_q(column)})" if column else "count(*)"
        sql = (f"SELECT w FROM (SELECT {_q(self.when)} AS w, {measure} OVER (ORDER BY {_q(self.when)}, rowid "
               f"ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM {_q(self.table)}{filt}) "
               "WHERE running >= ? ORDER BY w LIMIT 1")
        row = self.db.execute(sql, args + [amount]).fetchone()
        return None if row is None else row[0]

    def nth_when(self, n: int, start: dt.date, end: dt.date, where: str = "", params: Iterable = ()) -> str | None:
        """The date column (ISO text) of the n-th record (1-based, oldest first) dated in
        [start, end], or None when there are fewer."""
        filt, args = self._where_between(start, end, where, params)
        sql = (f"SELECT {_q(self.when)} FROM {_q(self.table)}{filt} "
               f"ORDER BY {_q(self.when)} LIMIT 1 OFFSET {max(0, int(n) - 1)}")
        row = self.db.execute(sql, args).fetchone()
        return None if row is None else row[0]

    # --- chart aggregates (progress charts): GROUP BY in SQL, a row per week or day -------------

    def first_day(self, where: str = "", params: Iterable = ()) -> dt.date | None:
        """The calendar date of the oldest record matching `where`, or None."""
        sql = f"SELECT min(substr({_q(self.when)}, 1, 10)) FROM {_q(self.table)}" + (f" WHERE {where}" if where else "")
        value = self.db.execute(sql, list(params)).fetchone()[0]
        return None if value is None else dt.date.fromisoformat(value)

    def weekly_sums_by(self, column: str, group: str, start: dt.date, end: dt.date, where: str = "",
                       params: Iterable = ()) -> dict[tuple[dt.date, str], Any]:
        """The sum of `column` (or, with column "", the count) of records dated in [start, end]
        per week and value of `group`: {(Monday, group value): total}; empty pairs are absent."""
        filt, args = self._where_between(start, end, where, params)
        measure = f"coalesce(sum({_q(column)}), 0)" if column else "count(*)"
        sql = (f"SELECT {self._week_of()} AS week, {_q(group)}, {measure} FROM {_q(self.table)}{filt} "
               f"GROUP BY week, {_q(group)} ORDER BY week")
        return {(dt.date.fromisoformat(week), key): total
                for week, key, total in self.db.execute(sql, args).fetchall()}

    def daily_means(self, column: str, start: dt.date, end: dt.date, window_days: int = 7,
                    where: str = "", params: Iterable = ()) -> builtins.list[tuple[dt.date, float, float, int]]:
        """Per calendar day in [start, end] with a value of `column`: (day, the day's mean,
        the mean of every value logged in the `window_days` days ending that day, the day's
        count), oldest first. The window reaches back before `start`, so the first days of a
        range get a full window. Records without a value are left out."""
        day = f"substr({_q(self.when)}, 1, 10)"
        clauses, args = self._range_where(start - dt.timedelta(days=window_days - 1), end)
        clauses.append(f"{_q(column)} IS NOT NULL")
        if where:
            clauses.append(f"({where})")
            args.extend(params)
        sql = (f"WITH d AS (SELECT {day} AS day, sum({_q(column)}) AS s, count(*) AS n FROM {_q(self.table)} "
               f"WHERE {' AND '.join(clauses)} GROUP BY day), "
               "w AS (SELECT day, s, n, sum(s) OVER win AS ws, sum(n) OVER win AS wn FROM d "
               f"WINDOW win AS (ORDER BY julianday(day) RANGE BETWEEN {int(window_days) - 1} PRECEDING "
               "AND CURRENT ROW)) "
               "SELECT day, s * 1.0 / n, ws * 1.0 / wn, n FROM w WHERE day >= ? ORDER BY day")
        rows = self.db.execute(sql, args + [start.isoformat()]).fetchall()
        return [(dt.date.fromisoformat(d), mean, rolling, n) for d, mean, rolling, n in rows]


class ScheduleRepository(Repository):
    """Schedule items: a recurring series belongs to every range after its first start."""

    def _range_where(self, start: dt.date | None, end: dt.date | None) -> tuple[builtins.list[str], builtins.list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if end is not None:
            where.append('"start" < ?')
            params.append((end + dt.timedelta(days=1)).isoformat())
        if start is not None:
            where.append('("end" >= ? OR recurrence != \'\')')
            params.append(start.isoformat())
        return where, params

    def overlapping(self, start: dt.datetime, end: dt.datetime) -> list:
        """Items that may have an occurrence in [start, end): one-offs in range and all
        series that began before `end` (their rule decides)."""
        sql = self._select + ' WHERE "start" < ? AND ("end" > ? OR recurrence != \'\') ORDER BY "start"'
        rows = self.db.execute(sql, [end.isoformat(), start.isoformat()]).fetchall()
        return [self.from_row(r) for r in rows]


    def usage_count(self, record_id: str) -> int:
        return self.db.execute(
            "SELECT count(*) FROM attendance WHERE schedule_item_id = ?", [record_id]).fetchone()[0]


class SkillRepository(Repository):
    def usage_count(self, record_id: str) -> int:
        return self.db.execute(
            "SELECT count(*) FROM coping_entries, json_each(coping_entries.skill_ids) "
            "WHERE json_each.value = ?", [record_id]).fetchone()[0]

    def by_name(self, name: str) -> list:
        rows = self.db.execute(self._select + " WHERE name = ? COLLATE NOCASE", [name]).fetchall()
        return [self.from_row(r) for r in rows]

    def effectiveness(self, start: dt.date, end: dt.date, min_rated: int = 3) -> list[tuple[str, str, float, int]]:
        """Per skill used in coping entries dated in [start, end] that noted the urge after and
        were not practice: (skill id, name, mean urge drop (before - after), number of entries).
        Skills with at least `min_rated` entries come first, best first; then the ones with too
        few entries to tell, so one lucky evening never tops the list. An entry with two skills
        counts for both."""
        sql = ("SELECT s.id, s.name, avg(c.urge_before - c.urge_after) AS drop_, count(*) AS n "
               "FROM coping_entries AS c, json_each(c.skill_ids) AS j JOIN coping_skills AS s ON s.id = j.value "
               "WHERE c.urge_after IS NOT NULL AND NOT c.practice AND c.occurred_at >= ? AND c.occurred_at < ? "
               "GROUP BY s.id ORDER BY n >= ? DESC, drop_ DESC, n DESC, s.name COLLATE NOCASE")
        args = [start.isoformat(), (end + dt.timedelta(days=1)).isoformat(), int(min_rated)]
        return [(sid, name, float(d), n) for sid, name, d, n in self.db.execute(sql, args).fetchall()]


    def uses(self, start: dt.date, end: dt.date) -> list[tuple[str, int, int, float | None]]:
        """Per skill named in coping entries dated in [start, end] (practice included: it is
        use too): (name, times used, entries that noted the urge after and were not practice,
        their mean urge drop or None), most used first."""
        sql = ("SELECT s.name, count(*) AS n, sum(c.urge_after IS NOT NULL AND NOT c.practice), "
               "avg(CASE WHEN c.urge_after IS NOT NULL AND NOT c.practice THEN c.urge_before - c.urge_after END) "
               "FROM coping_entries AS c, json_each(c.skill_ids) AS j JOIN coping_skills AS s ON s.id = j.value "
               "WHERE c.occurred_at >= ? AND c.occurred_at < ? "
               "GROUP BY s.id ORDER BY n DESC, s.name COLLATE NOCASE")
        args = [start.isoformat(), (end + dt.timedelta(days=1)).isoformat()]
        return [(name, n, int(rated or 0), None if d is None else float(d))
                for name, n, rated, d in self.db.execute(sql, args).fetchall()]


class CopingRepository(Repository):
    """Coping entries, with the counts a relapse-prevention plan is drawn from. Practice
    entries (logged while calm) are left out of them: they are not high-risk moments."""

    def trigger_counts(self, start: dt.date | None = None, end: dt.date | None = None) -> list[tuple[str, int]]:
        """(trigger key, entries naming it), most frequent first; with dates, of the entries
        dated in [start, end] only."""
        clauses, args = self._range_where(start, end)
        where = "".join(f" AND c.{c}" for c in clauses)
        sql = ("SELECT j.value, count(*) AS n FROM coping_entries AS c, json_each(c.triggers) AS j "
               f"WHERE NOT c.practice{where} GROUP BY j.value ORDER BY n DESC, j.value")
        return [(key, n) for key, n in self.db.execute(sql, args).fetchall()]

    def weekday_counts(self) -> list[tuple[int, int]]:
        """(weekday, 0 = Monday … 6 = Sunday, entries), most frequent first."""
        sql = ("SELECT (CAST(strftime('%w', occurred_at) AS INTEGER) + 6) % 7 AS wd, count(*) AS n "
               "FROM coping_entries WHERE NOT practice GROUP BY wd ORDER BY n DESC, wd")
        return [(wd, n) for wd, n in self.db.execute(sql).fetchall()]

    def hour_band_counts(self, bands: tuple[tuple[str, int, int], ...]) -> list[tuple[str, int]]:
        """(band name, entries whose hour h has start <= h < end), most frequent first;
        `bands` are (name, start hour, end hour) and should cover 0–24."""
        cases = " ".join(f"WHEN h >= {int(a)} AND h < {int(b)} THEN ?" for _, a, b in bands)
        sql = (f"SELECT CASE {cases} END AS band, count(*) AS n FROM (SELECT CAST(substr(occurred_at, 12, 2) "
               "AS INTEGER) AS h FROM coping_entries WHERE NOT practice) GROUP BY band HAVING band IS NOT NULL ORDER BY n DESC, band")
        return [(band, n) for band, n in self.db.execute(sql, [name for name, _, _ in bands]).fetchall()]

    def skill_drops_by_trigger(self) -> list[tuple[str, str, float, int]]:
        """(trigger key, skill id, mean urge drop, entries) over the entries naming the
        trigger, using the skill and noting the urge after; best drop first per trigger."""
        sql = ("SELECT t.value, s.value, avg(c.urge_before - c.urge_after) AS d, count(*) AS n "
               "FROM coping_entries AS c, json_each(c.triggers) AS t, json_each(c.skill_ids) AS s "
               "WHERE c.urge_after IS NOT NULL AND NOT c.practice GROUP BY t.value, s.value "
               "ORDER BY t.value, d DESC, n DESC")
        return [(t, sid, float(d), n) for t, sid, d, n in self.db.execute(sql).fetchall()]


class SectionedRepository(Repository):
    """Lines of a small document with sections (My plan, the aftercare plan), in order."""

    def in_section(self, section: str) -> list:
        rows = self.db.execute(self._select + " WHERE section = ? ORDER BY position, rowid", [section]).fetchall()
        return [self.from_row(r) for r in rows]

    def next_position(self, section: str) -> int:
        return self.db.execute(f"SELECT coalesce(max(position) + 1, 0) FROM {_q(self.table)} WHERE section = ?",
                               [section]).fetchone()[0]


class PlanItemRepository(SectionedRepository):
    """The lines of the person's plans, in their section's order."""

    def linked_to(self, column: str, record_id: str) -> list:
        """Lines that name a contact (column "contact_id") or a skill ("skill_id")."""
        if column not in ("contact_id", "skill_id"):
            raise ValueError(column)
        rows = self.db.execute(self._select + f" WHERE {column} = ? ORDER BY section, position", [record_id]).fetchall()
        return [self.from_row(r) for r in rows]


class OneADayRepository(Repository):
    """Records kept once a day (a column `day` that is UNIQUE in the table)."""

    def for_day(self, day: dt.date):
        row = self.db.execute(self._select + " WHERE day = ?", [day.isoformat()]).fetchone()
        return None if row is None else self.from_row(row)


class DoseRepository(Repository):
    """Doses taken or not, one row per medication, day and dose number."""

    def for_day(self, day: dt.date) -> list:
        rows = self.db.execute(self._select + " WHERE day = ? ORDER BY medication_id, slot",
                               [day.isoformat()]).fetchall()
        return [self.from_row(r) for r in rows]

    def find(self, medication_id: str, day: dt.date, slot: int):
        row = self.db.execute(self._select + " WHERE medication_id = ? AND day = ? AND slot = ?",
                              [medication_id, day.isoformat(), slot]).fetchone()
        return None if row is None else self.from_row(row)

    def of_medication(self, medication_id: str) -> list:
        rows = self.db.execute(self._select + " WHERE medication_id = ? ORDER BY day, slot",
                               [medication_id]).fetchall()
        return [self.from_row(r) for r in rows]


class CheckInRepository(OneADayRepository):

    def day_runs(self, end: dt.date, last_from: dt.date | None = None) -> list[tuple[dt.date, dt.date]]:
        """Runs of consecutive days with a check-in up to `end`, as (first, last) oldest first;
        with `last_from`, only runs still going on or after that day. Gaps and islands in
        SQL: within a run, day number minus row number stays the same."""
        sql = ("SELECT min(day), max(day) FROM ("
               " SELECT day, julianday(day) - row_number() OVER (ORDER BY day) AS run"
               " FROM checkins WHERE day <= ?) GROUP BY run")
        args: list[Any] = [end.isoformat()]
        if last_from is not None:
            sql += " HAVING max(day) >= ?"
            args.append(last_from.isoformat())
        rows = self.db.execute(sql + " ORDER BY 1", args).fetchall()
        return [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in rows]

    def medication_between(self, start: dt.date, end: dt.date) -> tuple[int, int]:
        """(check-ins saying the medication was taken, check-ins that answered) in [start, end];
        a blank answer means no medication is taken and counts neither way."""
        return (self.count_between(start, end, "medication_taken = 1"),
                self.count_with_value("medication_taken", start, end))

    def day_marks(self, start: dt.date, end: dt.date) -> dict[dt.date, bool]:
        """Days in [start, end] with a check-in: {day: whether it says substances were used}."""
        rows = self.db.execute("SELECT day, used_substances FROM checkins WHERE day >= ? AND day <= ?",
                               [start.isoformat(), end.isoformat()]).fetchall()
        return {dt.date.fromisoformat(day): bool(used) for day, used in rows}


class AttendanceRepository(Repository):
    """Attendance: meetings are records with a group; treatment sessions have a schedule item."""

    # The one place the attendance rules are written. Attended: status "attended". Counted
    # toward a rate: attended or missed (an excused absence counts neither way). A support
    # meeting attended: attended, at a group that is not a treatment group kept in the
    # meetings directory (fellowship "iop" is treatment, so no meeting statistic counts it).
    ATTENDED = "status = 'attended'"
    COUNTED = "status IN ('attended', 'missed')"
    MEETING_ATTENDED = f"{ATTENDED} AND group_id IN (SELECT id FROM support_groups WHERE fellowship != 'iop')"
    # A court date or probation appointment on the schedule is kept, but is not treatment.
    SESSION = ("schedule_item_id IS NOT NULL AND schedule_item_id NOT IN "
               "(SELECT id FROM schedule_items WHERE kind = 'court')")
    # What the Meetings page and the Schedule page's session attendance list (`having=`): a
    # treatment group kept in the meetings directory (fellowship "iop") is treatment, so its
    # attendance is listed with the sessions', never among support meetings.
    _IOP_GROUPS = "SELECT id FROM support_groups WHERE fellowship = 'iop'"
    SUBSETS = {
        "support_meeting": f"group_id IS NOT NULL AND group_id != '' AND group_id NOT IN ({_IOP_GROUPS})",
        "treatment_session": (f"(schedule_item_id IS NOT NULL AND schedule_item_id != '') "
                              f"OR group_id IN ({_IOP_GROUPS})"),
    }

    def meeting_days(self, today: dt.date) -> MeetingDays:
        """What the meeting streaks need. The runs up to yesterday are kept in `_meeting_days`
        (cleared by triggers whenever a meeting on or before its day, or a meeting's kind,
        changes: see MEETING_DAYS_SCHEMA), so this reads only the days since, not every
        meeting date of twenty years; a cleared cache is made again from every date, once."""
        kept = self.db.execute(f"SELECT through, last_first, last_last, longest, week_first, week_last "
                               f"FROM {MEETING_DAYS}").fetchone()
        yesterday = today - dt.timedelta(days=1)
        base, since = MeetingDays(), None
        if kept is not None and dt.date.fromisoformat(kept[0]) <= yesterday:
            since = dt.date.fromisoformat(kept[0])
            base = MeetingDays(_run(kept[1], kept[2]), int(kept[3]), _run(kept[4], kept[5]))
        where, args = f"{self.MEETING_ATTENDED} AND occurred_at < ?", [(today + dt.timedelta(days=1)).isoformat()]
        if since is not None:
            where += " AND occurred_at >= ?"
            args.append((since + dt.timedelta(days=1)).isoformat())
        new = [dt.date.fromisoformat(d) for (d,) in self.db.execute(
            f"SELECT DISTINCT substr(occurred_at, 1, 10) FROM attendance WHERE {where} ORDER BY 1", args)]
        upto_yesterday = add_days(base, (d for d in new if d <= yesterday))
        if since != yesterday and not self.db.conn.in_transaction:
            self._keep_meeting_days(yesterday, upto_yesterday)
        days = add_days(upto_yesterday, (d for d in new if d == today))
        return replace(days, last_30_days=self.meetings_between(today - dt.timedelta(days=29), today))

    def _keep_meeting_days(self, through: dt.date, days: MeetingDays) -> None:
        def iso(run, i):
            return None if run is None else run[i].isoformat()

        try:
            with self.db.conn:
                self.db.execute(f"DELETE FROM {MEETING_DAYS}")
                self.db.execute(
                    f"INSERT INTO {MEETING_DAYS} (through, last_first, last_last, longest, week_first, week_last)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [through.isoformat(), iso(days.last_day_run, 0), iso(days.last_day_run, 1), days.longest_day_run,
                     iso(days.last_week_run, 0), iso(days.last_week_run, 1)])
        except sqlite3.OperationalError:
            pass  # read-only or busy: the next look keeps them

    def weekly_meetings(self, start: dt.date, end: dt.date) -> dict[dt.date, int]:
        """Meetings attended per week: {Monday: count}."""
        return self.weekly_counts(start, end, self.MEETING_ATTENDED)

    def meetings_between(self, start: dt.date, end: dt.date) -> int:
        return int(self.total_between("", start, end, self.MEETING_ATTENDED))

    def nth_meeting(self, n: int, start: dt.date, end: dt.date) -> dt.date | None:
        """The day of the n-th meeting attended in [start, end] (the 90th of a 90 in 90)."""
        when = self.nth_when(n, start, end, self.MEETING_ATTENDED)
        return None if when is None else dt.date.fromisoformat(when[:10])

    def weekly_sessions(self, start: dt.date, end: dt.date) -> dict[dt.date, tuple[int, int]]:
        """Treatment sessions per week: {Monday: (attended, attended + missed)}; excused
        absences count neither way."""
        filt, args = self._where_between(start, end, self.SESSION, ())
        sql = (f"SELECT {self._week_of()} AS week, sum({self.ATTENDED}), "
               f"sum({self.COUNTED}) FROM attendance{filt} GROUP BY week ORDER BY week")
        return {dt.date.fromisoformat(week): (attended, counted)
                for week, attended, counted in self.db.execute(sql, args).fetchall()}

    def sessions_between(self, start: dt.date, end: dt.date) -> tuple[int, int]:
        """(attended, attended + missed) treatment sessions dated in [start, end]."""
        filt, args = self._where_between(start, end, self.SESSION, ())
        row = self.db.execute(f"SELECT coalesce(sum({self.ATTENDED}), 0), "
                              f"coalesce(sum({self.COUNTED}), 0) FROM attendance{filt}",
                              args).fetchone()
        return row[0], row[1]

    def weekly_session_statuses(self, start: dt.date, end: dt.date) -> dict[dt.date, tuple[int, int, int]]:
        """Treatment sessions per week: {Monday: (attended, missed, excused)}."""
        filt, args = self._where_between(start, end, self.SESSION, ())
        sql = (f"SELECT {self._week_of()} AS week, sum({self.ATTENDED}), sum(status = 'missed'), "
               f"sum(status = 'excused') FROM attendance{filt} GROUP BY week ORDER BY week")
        return {dt.date.fromisoformat(week): (a, m, e) for week, a, m, e in self.db.execute(sql, args).fetchall()}


class GoalRepository(Repository):
    def has_kind(self, kind: str) -> bool:
        """Whether a goal (not archived) is measured by `kind`."""
        return self.db.execute("SELECT 1 FROM goals WHERE kind = ? AND NOT archived LIMIT 1",
                               [kind]).fetchone() is not None


class SelfCareRepository(Repository):
    """Self-care entries; minutes can be taken for one category (a goal's) or all of them."""

    @staticmethod
    def _category(category: str | None) -> tuple[str, list[Any]]:
        return ("category = ?", [category]) if category else ("", [])

    def minutes_between(self, start: dt.date, end: dt.date, category: str | None = None) -> float:
        return self.total_between("minutes", start, end, *self._category(category))

    def weekly_minutes(self, start: dt.date, end: dt.date, category: str | None = None) -> dict[dt.date, Any]:
        """Minutes per week: {Monday: total}; weeks without any are absent."""
        return self.weekly_sums("minutes", start, end, *self._category(category))

    def minutes_reached_when(self, amount: float, start: dt.date, end: dt.date,
                             category: str | None = None) -> str | None:
        """When the running total of minutes from `start` first reaches `amount` (see reached_when)."""
        return self.reached_when("minutes", amount, start, end, *self._category(category))


class SupportGroupRepository(Repository):
    def by_slug(self, slug: str):
        row = self.db.execute(self._select + " WHERE slug = ?", [slug]).fetchone()
        return None if row is None else self.from_row(row)

    def by_name(self, name: str) -> list:
        rows = self.db.execute(self._select + " WHERE name = ? COLLATE NOCASE", [name]).fetchall()
        return [self.from_row(r) for r in rows]

    def usage_count(self, group_id: str) -> int:
        return self.db.execute(
            "SELECT count(*) FROM attendance WHERE group_id = ?", [group_id]).fetchone()[0]


class ScheduleChangeRepository(Repository):
    def for_items(self, item_ids: Iterable[str]) -> list:
        ids = list(item_ids)
        if not ids:
            return []
        out: builtins.list[Any] = []
        for i in range(0, len(ids), 500):  # stay under SQLite's parameter limit
            chunk = ids[i:i + 500]
            sql = self._select + f" WHERE item_id IN ({', '.join('?' * len(chunk))})"
            out.extend(self.from_row(r) for r in self.db.execute(sql, chunk).fetchall())
        return out

    def find(self, item_id: str, original_start: dt.datetime):
        row = self.db.execute(self._select + " WHERE item_id = ? AND original_start = ?",
                              [item_id, original_start.isoformat()]).fetchone()
        return None if row is None else self.from_row(row)

    def delete_for_item(self, item_id: str) -> int:
        """Remove every change of one series (a calendar re-import replaces them)."""
        return self.db.execute("DELETE FROM schedule_changes WHERE item_id = ?", [item_id]).rowcount


class CalendarLinkRepository:
    """Which schedule item an imported calendar event (by UID) became."""

    def __init__(self, db: Database):
        self.db = db

    def item_for_uid(self, uid: str) -> str | None:
        row = self.db.execute("SELECT item_id FROM calendar_links WHERE uid = ?", [uid]).fetchone()
        return None if row is None else row[0]

    def all(self) -> dict[str, str]:
        """item id -> UID for every linked item, in one query (export and re-import)."""
        return {item_id: uid for item_id, uid in self.db.execute("SELECT item_id, uid FROM calendar_links")}

    def get(self, item_id: str) -> tuple[str, str] | None:
        """(uid, source) of the item's link, or None."""
        row = self.db.execute("SELECT uid, source FROM calendar_links WHERE item_id = ?", [item_id]).fetchone()
        return None if row is None else (row[0], row[1])

    def uid_for_item(self, item_id: str) -> str | None:
        row = self.db.execute("SELECT uid FROM calendar_links WHERE item_id = ?", [item_id]).fetchone()
        return None if row is None else row[0]

    def link(self, item_id: str, uid: str, source: str) -> None:
        now = _utc_now()
        self.db.execute(
            "INSERT INTO calendar_links (item_id, uid, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(item_id) DO UPDATE SET uid = excluded.uid, source = excluded.source, "
            "updated_at = excluded.updated_at", [item_id, uid, source, now, now])
