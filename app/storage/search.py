"""The search index behind the tables' search boxes: SQLite FTS5 with the trigram tokenizer.

Why trigram: people search for parts of words ("sponsor" in "sponsors", "walk" in
"walked", "555" in a phone number, an emoji), and the search box has always matched any
substring. unicode61 matches whole tokens (or prefixes with `*`), so it would have changed
what a search finds; trigram answers a substring of three or more characters from the index.
A word of one or two characters is looked for with instr() over the indexed texts, which
are short and in the same table (still no record is built or folded to answer it).

What is indexed is each record's row text as its table searches it: every column the table
shows and the text fields it does not, as they read (choice labels, names of the records
referred to, dates in the person's style), joined by a separator no query contains, and
folded (case, accents, width) by the caller. `case_sensitive 1` because the text and the
words are folded already: the index then matches exactly the substrings the table did.

Kept in sync by triggers, the one path every write takes (the app, the CLI, undo, import,
a restore that migrates): a trigger only notes the changed record in `_search_pending`; the
text is (re)made by the process that searches, just before it asks the index (`catch_up`),
because making it needs Python (folding, formatting). A change of a name that rows show
(a meeting, a skill, a schedule item renamed or deleted) notes the rows that show it.

Every table here starts with "_", like `_sqlite_migrations`: backups, exports and record
counts leave them out, as they are not records. If the index is missing (a file from before
migration 0008 restored elsewhere, a table rebuilt by a later migration, which drops its
triggers) `ensure` puts it back; if SQLite reports it damaged, `rebuild` starts it afresh.
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Callable, Iterable, Iterator, TypeVar

from .lite import Database

T = TypeVar("T")

INDEX = "_search"
KEYS = "_search_keys"
PENDING = "_search_pending"
META = "_search_meta"
RECIPE_KEY = "recipe"

# The record tables a search box lists (every kind: each has a table somewhere).
TABLES = ("programs", "program_phases", "schedule_items", "coping_skills", "coping_entries", "support_groups",
          "attendance", "selfcare_entries", "checkins", "sobriety_periods", "goals", "milestones",
          "support_contacts", "plan_items", "assessments", "drug_screens", "callin_checks", "medications", "doses",
          "homework", "aftercare_items")

# Names a table shows of records in another: (the other table, the table showing it, its column,
# whether the column holds a JSON list of ids). A rename or delete there re-indexes the rows here.
REFERENCES = (
    ("coping_skills", "coping_entries", "skill_ids", True),
    ("support_groups", "attendance", "group_id", False),
    ("schedule_items", "attendance", "schedule_item_id", False),
    ("medications", "doses", "medication_id", False),
)

# How long a search waits for another connection's write to end before searching without it.
LOCK_WAIT_MS = 100
# A query word this long is looked up in the trigram index; shorter ones with instr().
TRIGRAM = 3


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _schema() -> list[str]:
    parts = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX} USING fts5(body, tokenize = 'trigram case_sensitive 1');",
        f"CREATE TABLE IF NOT EXISTS {KEYS} (rowid INTEGER PRIMARY KEY, tbl TEXT NOT NULL, id TEXT NOT NULL,"
        f" UNIQUE (tbl, id));",
        f"CREATE TABLE IF NOT EXISTS {PENDING} (tbl TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tbl, id))"
        f" WITHOUT ROWID;",
        f"CREATE TABLE IF NOT EXISTS {META} (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    ]
    # Not "INSERT OR IGNORE": in a trigger, the conflict clause of the statement that fired it
    # (an import's INSERT OR REPLACE, say) would take the place of this one.
    for table in TABLES:
        note = (f"INSERT INTO {PENDING} (tbl, id) SELECT '{table}', %(r)s.id WHERE NOT EXISTS"
                f" (SELECT 1 FROM {PENDING} WHERE tbl = '{table}' AND id = %(r)s.id);")
        parts += [
            f"CREATE TRIGGER IF NOT EXISTS {_trigger(table, 'insert')} AFTER INSERT ON {_q(table)}"
            f" BEGIN {note % {'r': 'new'}} END;",
            f"CREATE TRIGGER IF NOT EXISTS {_trigger(table, 'update')} AFTER UPDATE ON {_q(table)}"
            f" BEGIN {note % {'r': 'old'}} {note % {'r': 'new'}} END;",
            f"CREATE TRIGGER IF NOT EXISTS {_trigger(table, 'delete')} AFTER DELETE ON {_q(table)}"
            f" BEGIN {note % {'r': 'old'}} END;",
        ]
    for source, shown_in, column, is_list in REFERENCES:
        match = (f"{_q(column)} LIKE '%\"' || old.id || '\"%'" if is_list else f"{_q(column)} = old.id")
        note = (f"INSERT INTO {PENDING} (tbl, id) SELECT '{shown_in}', id FROM {_q(shown_in)}"
                f" WHERE {match} AND id NOT IN (SELECT id FROM {PENDING} WHERE tbl = '{shown_in}');")
        for event in ("update", "delete"):
            parts.append(f"CREATE TRIGGER IF NOT EXISTS {_trigger(source, event, shown_in)}"
                         f" AFTER {event.upper()} ON {_q(source)} BEGIN {note} END;")
    return parts


def _trigger(table: str, event: str, shown_in: str = "") -> str:
    return f"_search_{table}_{event}" + (f"_for_{shown_in}" if shown_in else "")


def _expected_triggers() -> set[str]:
    names = {_trigger(t, e) for t in TABLES for e in ("insert", "update", "delete")}
    names |= {_trigger(s, e, shown) for s, shown, _, _ in REFERENCES for e in ("update", "delete")}
    return names


def install(db: Database) -> None:
    """Create the index, its queue and triggers, and note every record for indexing (the
    first search of each table makes the texts). Safe to run again."""
    for statement in _schema():
        db.execute(statement)
    for table in TABLES:
        db.execute(f"INSERT OR IGNORE INTO {PENDING} (tbl, id) SELECT ?, id FROM {_q(table)}", [table])


def ensure(db: Database) -> bool:
    """Put back whatever part of the index is missing (re-indexing everything, since writes
    made while it was missing went unnoted). Returns whether anything was missing."""
    present = {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE name LIKE '\\_search%' ESCAPE '\\'").fetchall()}
    wanted = {INDEX, KEYS, PENDING, META} | _expected_triggers()
    if wanted <= present:
        return False
    with _atomic(db):
        _drop(db)
        install(db)
    return True


@contextlib.contextmanager
def _atomic(db: Database) -> Iterator[None]:
    """One transaction (a savepoint inside one already open): Python's sqlite3 would commit
    an outer transaction at `with conn:`."""
    conn = db.conn
    if conn.in_transaction:
        conn.execute("SAVEPOINT search_index")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO search_index")
            conn.execute("RELEASE search_index")
            raise
        conn.execute("RELEASE search_index")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _drop(db: Database) -> None:
    for name in sorted(_expected_triggers()):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in (INDEX, KEYS, PENDING, META):
        db.execute(f"DROP TABLE IF EXISTS {table}")


class SearchIndex:
    """The index over one open data file (Store.search)."""

    def __init__(self, db: Database):
        self.db = db

    def rebuild(self) -> None:
        """Start the index afresh (SQLite reported it damaged): every record is noted again."""
        with _atomic(self.db):
            _drop(self.db)
            install(self.db)

    def recipe(self) -> str:
        row = self.db.execute(f"SELECT value FROM {META} WHERE key = ?", [RECIPE_KEY]).fetchone()
        return "" if row is None else row[0]

    def set_recipe(self, recipe: str) -> None:
        """The texts are made another way now (another date style, a newer Steady): note every
        record again, so each text is remade the new way, and remember the new way."""
        with _atomic(self.db):
            for table in TABLES:
                self.db.execute(f"INSERT OR IGNORE INTO {PENDING} (tbl, id) SELECT ?, id FROM {_q(table)}", [table])
            self.db.execute(f"INSERT INTO {META} (key, value) VALUES (?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [RECIPE_KEY, recipe])

    def pending(self, table: str) -> int:
        return self.db.execute(f"SELECT count(*) FROM {PENDING} WHERE tbl = ?", [table]).fetchone()[0]

    def catch_up(self, table: str, texts: Callable[[list[str]], dict[str, str]],
                 limit: int | None = None) -> bool | None:
        """(Re)index up to `limit` (all with None) of the table's noted records; `texts` makes
        the folded text of each id given that still exists. True when none is left waiting,
        False when some are, None when another connection's write held the file (try later)."""
        sql = f"SELECT id FROM {PENDING} WHERE tbl = ?" + (f" LIMIT {int(limit)}" if limit is not None else "")
        ids = [r[0] for r in self.db.execute(sql, [table]).fetchall()]
        if not ids:
            return True
        made = texts(ids)
        # Another connection writing (an import on the background runner) holds the write lock:
        # rather than wait for it, search what is indexed; the change notice at its end searches again.
        waited = self.db.execute("PRAGMA busy_timeout").fetchone()[0]
        self.db.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
        try:
            self._store_texts(table, ids, made)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
                raise
            return None
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(waited)}")
        return limit is None or len(ids) < limit

    def _store_texts(self, table: str, ids: list[str], made: dict[str, str]) -> None:
        conn = self.db.conn
        gone = [(table, i) for i in ids if i not in made]
        with _atomic(self.db):
            conn.executemany(f"DELETE FROM {INDEX} WHERE rowid = (SELECT rowid FROM {KEYS} WHERE tbl = ? AND id = ?)",
                             [(table, i) for i in ids])
            conn.executemany(f"DELETE FROM {KEYS} WHERE tbl = ? AND id = ?", gone)
            conn.executemany(f"INSERT OR IGNORE INTO {KEYS} (tbl, id) VALUES (?, ?)", [(table, i) for i in made])
            conn.executemany(f"INSERT INTO {INDEX} (rowid, body) SELECT rowid, ? FROM {KEYS} WHERE tbl = ? AND id = ?",
                             [(text, table, i) for i, text in made.items()])
            conn.executemany(f"DELETE FROM {PENDING} WHERE tbl = ? AND id = ?", [(table, i) for i in ids])

    def answer(self, read: Callable[[], T], refill: Callable[[], object]) -> T:
        """`read()`, a query that uses the index; if SQLite says the index is damaged, the
        index is made afresh (`refill` makes the texts again) and `read()` asked once more."""
        try:
            return read()
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
        self.rebuild()
        refill()
        return read()

    @staticmethod
    def matching(table: str, words: Iterable[str]) -> tuple[str, list[str]]:
        """SQL (`id IN (…)`) for the records of `table` whose indexed text holds every one of
        the folded `words`, and its parameters."""
        words = [w for w in words if w]
        long = [w for w in words if len(w) >= TRIGRAM]
        short = [w for w in words if len(w) < TRIGRAM]
        clauses: list[str] = []
        params: list[str] = []
        if long:
            clauses.append(f"{INDEX} MATCH ?")
            params.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in long))
        for w in short:
            clauses.append("instr(body, ?) > 0")
            params.append(w)
        if long:
            # The index is asked once (an uncorrelated subquery), then its rows are mapped to
            # ids; a join would let SQLite walk the table's keys and ask the index once per key.
            return (f"id IN (SELECT id FROM {KEYS} WHERE tbl = ? AND rowid IN"
                    f" (SELECT rowid FROM {INDEX} WHERE {' AND '.join(clauses)}))", [table, *params])
        # Only words of one or two characters: instr() over this table's texts alone.
        return (f"id IN (SELECT k.id FROM {KEYS} AS k JOIN {INDEX} AS s ON s.rowid = k.rowid"
                f" WHERE k.tbl = ? AND {' AND '.join(c.replace('body', 's.body') for c in clauses)})",
                [table, *params])


def is_damage(exc: BaseException) -> bool:
    """Whether an error reading the index says it is damaged (rather than, say, busy)."""
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.OperationalError) and \
            "locked" in str(exc).lower():
        return False
    text = str(exc).lower()
    return "corrupt" in text or "malformed" in text or "no such table" in text or "fts5" in text
