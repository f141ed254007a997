"""The small part of sqlite-utils every open and write uses, without importing sqlite-utils.

Importing sqlite-utils costs about 55 ms of CPU (its click, pluggy and plugin machinery, and
`sqlite_utils.db` tries `import numpy` and `import pandas`: ~0.1 s and ~12 MB more when they
are installed), a quarter of a command-line `steady add`. Opening the data file, reading and
writing records only need what `Database` below does, with sqlite-utils' own semantics
(version 4: `execute` commits a write that opened a transaction of its own, `atomic` nests as
savepoints, `insert`/`insert_all` write dict rows by sorted column names with the same value
conversions). sqlite-utils itself is imported only to migrate a file (`Migrations.apply`),
which gets a full `sqlite_utils.Database` over the same connection.

Every module in `app.storage` takes `Database` and `Migrations` from here.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import itertools
import json
import re
import sqlite3
import sys
import uuid
from typing import Any, Callable, Iterable, Iterator, Sequence

_HIDDEN = ("numpy", "pandas")
SQLITE_MAX_VARS = 999  # sqlite-utils' limit of parameters in one statement
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
_savepoints = itertools.count(1)


def _first_keyword(sql: str) -> str:
    """The statement's first keyword, uppercased, past whitespace, comments, bare `;` and a
    byte order mark (sqlite-utils' rule for telling a write that needs committing)."""
    i, n = 0, len(sql)
    while i < n:
        if sql[i].isspace() or sql[i] in (";", "\ufeff"):
            i += 1
        elif sql.startswith("--", i):
            newline = sql.find("\n", i)
            if newline == -1:
                return ""
            i = newline + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end == -1:
                return ""
            i = end + 2
        else:
            break
    j = i
    while j < n and (sql[j].isalpha() or sql[j] == "_"):
        j += 1
    return sql[i:j].upper()


def _quote(identifier: str) -> str:
    return '"{}"'.format(identifier.replace('"', '""'))


def jsonify_if_needed(value: object) -> object:
    """sqlite-utils' conversion of a value before it is written."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, default=repr, ensure_ascii=False)
    if isinstance(value, (datetime.time, datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (datetime.timedelta, uuid.UUID)):
        return str(value)
    return value


class Database:
    """One sqlite3 connection, with sqlite-utils' `execute`, `executescript`, `atomic` and
    `db[table].insert` / `.insert_all` (a connection in the default transaction handling, as
    sqlite-utils needs). A migration step gets sqlite-utils' own Database, which has these too."""

    def __init__(self, conn: sqlite3.Connection, *, execute_plugins: bool = False):
        del execute_plugins  # Steady never loads sqlite-utils plugins
        self.conn = conn
        self.execute("PRAGMA recursive_triggers=on;")  # as sqlite-utils' Database does

    def execute(self, sql: str, parameters: Sequence | dict[str, Any] | None = None) -> sqlite3.Cursor:
        """Run one statement. A write that opened a transaction of its own is committed; one
        inside an open transaction becomes part of it."""
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, parameters) if parameters is not None else self.conn.execute(sql)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # the failed statement's implicit transaction
            raise
        if (not was_in_transaction and self.conn.in_transaction and cursor.description is None
                and _first_keyword(sql) not in _TRANSACTION_CONTROL):
            self.conn.execute("COMMIT")
        return cursor

    def executescript(self, sql: str) -> sqlite3.Cursor:
        """Run several statements; inside an open transaction one by one (sqlite3's
        executescript would commit it first)."""
        if not self.conn.in_transaction:
            return self.conn.executescript(sql)
        cursor = self.conn.cursor()
        statement: list[str] = []
        for char in sql:
            statement.append(char)
            text = "".join(statement).strip()
            if text and sqlite3.complete_statement(text):
                cursor.execute(text)
                statement = []
        text = "".join(statement).strip()
        if text:
            cursor.execute(text)
        return cursor

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction; inside one already open, a savepoint."""
        if self.conn.in_transaction:
            savepoint = f"steady_savepoint_{next(_savepoints)}"
            self.conn.execute(f"SAVEPOINT {savepoint};")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # a RAISE(ROLLBACK) may have ended it already
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint};")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint};")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint};")
        else:
            self.conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                self.rollback()
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    self.rollback()
                    raise

    def __getitem__(self, table: str) -> Table:
        return Table(self, table)

    def close(self) -> None:
        self.conn.close()


class Table:
    """`db[name]`: inserting dict rows into an existing table."""

    def __init__(self, db: Database, name: str):
        self.db = db
        self.name = name

    def insert(self, record: dict[str, Any]) -> Table:
        return self.insert_all([record])

    def insert_all(self, records: Iterable[dict[str, Any]], batch_size: int = 100) -> Table:
        """Rows in statements of up to `batch_size` rows (fewer when they would pass SQLite's
        999 parameters), each in a transaction or savepoint of its own; the columns are the
        first batch's keys, sorted, and any new ones met later."""
        rows = iter(records)
        try:
            first = next(rows)
        except StopIteration:
            return self
        width = len(first)
        if width > SQLITE_MAX_VARS:
            raise ValueError(f"Rows can have a maximum of {SQLITE_MAX_VARS} columns")
        batch = 1 if width == 0 else max(1, min(batch_size, SQLITE_MAX_VARS // width))
        columns: list[str] = []
        chunks = itertools.chain([first], rows)
        starting = True
        while True:
            chunk = list(itertools.islice(chunks, batch))
            if not chunk:
                return self
            if starting:
                columns = sorted({key for row in chunk for key in row})
                starting = False
            else:
                for row in chunk:
                    columns += [key for key in row if key not in columns]
            self._insert_chunk(chunk, columns)

    def _insert_chunk(self, chunk: list[dict[str, Any]], columns: list[str]) -> None:
        with self.db.atomic():
            if not columns:
                for _row in chunk:
                    self.db.execute(f"INSERT INTO {_quote(self.name)} DEFAULT VALUES")
                return
            values = [[jsonify_if_needed(row.get(c)) for c in columns] for row in chunk]
            row_sql = "(" + ", ".join("?" for _ in columns) + ")"
            sql = (f"INSERT INTO {_quote(self.name)} ({', '.join(_quote(c) for c in columns)}) "
                   f"VALUES {', '.join(row_sql for _ in values)}")
            try:
                self.db.execute(sql, list(itertools.chain.from_iterable(values)))
            except sqlite3.OperationalError as exc:
                if exc.args[0] != "too many SQL variables" or len(chunk) < 2:
                    raise
                half = len(chunk) // 2
                self._insert_chunk(chunk[:half], columns)
                self._insert_chunk(chunk[half:], columns)


class Migrations:
    """Named schema steps, registered as sqlite-utils' `Migrations` registers them, told
    apart from the applied ones without sqlite-utils; applied by sqlite-utils (imported then)."""

    TABLE = "_sqlite_migrations"  # sqlite-utils' table of applied steps

    def __init__(self, name: str):
        self.name = name
        self._steps: list[tuple[str, Callable[..., None]]] = []

    def __call__(self, *, name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
        def register(fn: Callable[..., None]) -> Callable[..., None]:
            self._steps.append((name, fn))
            return fn
        return register

    def applied_names(self, db: Database) -> set[str]:
        conn = db.conn
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [self.TABLE]).fetchone() is None:
            return set()
        return {r[0] for r in conn.execute(f"SELECT name FROM {self.TABLE} WHERE migration_set = ?", [self.name])}

    def pending(self, db: Database) -> list[str]:
        """The names of the steps not applied to `db` yet, in order."""
        done = self.applied_names(db)
        return [name for name, _ in self._steps if name not in done]

    def apply(self, db: Database) -> None:
        """Apply the pending steps through sqlite-utils, over the same connection."""
        sqlite_utils = full_sqlite_utils()
        real = sqlite_utils.Migrations(self.name)
        for name, fn in self._steps:
            real(name=name)(fn)
        real.apply(sqlite_utils.Database(db.conn, execute_plugins=False))


class _PatternOnFirstUse:
    """A regular expression compiled when first used. `sqlite_utils.db` compiles one at import
    whose character class spans most of Unicode, case-insensitively (~30 ms), for
    virtual-table schemas Steady never reads."""

    def __init__(self, pattern, flags: int):
        self._args = (pattern, flags)
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


def full_sqlite_utils():
    """sqlite-utils, imported with numpy and pandas marked as unavailable (it only maps their
    number types, which Steady never hands it), then unmarked, so a chart that needs numpy
    still imports it. If numpy is already loaded (a chart came first), sqlite-utils sees it."""
    if "sqlite_utils" in sys.modules:
        return sys.modules["sqlite_utils"]
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    compile_now = re.compile

    def compile_for_db(pattern, flags=0):
        # Only the module-level patterns of sqlite_utils.db; everything else as usual.
        if sys._getframe(1).f_globals.get("__name__") == "sqlite_utils.db":
            return _PatternOnFirstUse(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_for_db  # type: ignore[assignment]
    try:
        import sqlite_utils
    finally:
        re.compile = compile_now
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return sqlite_utils


__all__ = ["Database", "Migrations", "Table", "full_sqlite_utils", "jsonify_if_needed"]
