"""Adding, changing, deleting and listing records: the one path every front end uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence, TypeVar

from app.domain import fields as F
from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.i18n import _
from app.domain.searching import row_text, search_terms, searched_specs
from app.domain.records import (
    CopingSkill,
    Goal,
    Medication,
    Program,
    Record,
    ScheduleChange,
    ScheduleItem,
    SupportContact,
    check_not_future,
)

from .clock import Clock, SystemClock
from .kinds import KINDS, Kind, kind_of

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store
    from app.storage.repository import Repository


R = TypeVar("R", bound=Record)
T = TypeVar("T")

Listener = Callable[[str], None]

# Characters of search text: a much longer LIKE pattern is "too complex" for SQLite.
MAX_SEARCH = 200
# The way a record's search text is made (app.domain.searching): a change here remakes them all.
SEARCH_RECIPE = 1


@dataclass(frozen=True)
class CalendarLink:
    """Which event of an imported calendar a schedule item came from. The data file deletes
    it with the item; undo puts it back, so a later re-import updates the item instead of
    adding the event a second time."""

    item_id: str
    uid: str
    source: str = ""


class RecordService:
    """Validated writes (each in its own transaction) and reads for every kind of record."""

    def __init__(self, store: Store, clock: Clock | None = None):
        self.store = store
        self.clock = clock or SystemClock()
        self._listeners: list[Listener] = []
        self._saved_listeners: list[Callable[[Record, Record | None], None]] = []
        self._write_hooks: list[Callable[[str], None]] = []
        self._recipe_checked = ""

    # Front ends refresh from "what changed" (a kind name) rather than reloading everything.
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # Front ends that answer what was written (a calm line after a risky check-in) hear each
    # record saved through add/update, after its transaction committed, with the one it replaced.
    def subscribe_saved(self, listener: Callable[[Record, Record | None], None]) -> None:
        self._saved_listeners.append(listener)

    def unsubscribe_saved(self, listener: Callable[[Record, Record | None], None]) -> None:
        if listener in self._saved_listeners:
            self._saved_listeners.remove(listener)

    def _saved(self, record: Record, before: Record | None) -> None:
        for listener in list(self._saved_listeners):
            listener(record, before)

    # Services that keep derived records up to date (milestones) hear each write before the
    # front ends do, so a page that refreshes on the notice already sees what they wrote.
    def on_write(self, hook: Callable[[str], None]) -> None:
        self._write_hooks.append(hook)

    def _changed(self, kind: Kind) -> None:
        self.notify(kind.name)

    def notify(self, kind_name: str) -> None:
        """Tell listeners that records of `kind_name` changed (for writes made elsewhere)."""
        for hook in list(self._write_hooks):
            hook(kind_name)
        self.notify_listeners(kind_name)

    def notify_listeners(self, kind_name: str) -> None:
        """Tell the front ends only: for a write made through another connection's services
        (the window's background worker), whose write hooks (milestones) already ran there."""
        for listener in list(self._listeners):
            listener(kind_name)

    def check(self, record: Record, *, is_new: bool) -> None:
        """Everything add/update would check, without writing."""
        self._check(record, is_new=is_new)

    def repo(self, kind: Kind | str | type) -> Repository:
        if isinstance(kind, str):
            kind = KINDS[kind]
        elif isinstance(kind, type):
            kind = kind_of(kind)
        return getattr(self.store, kind.repo)

    # --- writes ---------------------------------------------------------------------------

    def add(self, record: R) -> R:
        kind = kind_of(record)
        self._check(record, is_new=True)
        with self.store.transaction():
            self.repo(kind).add(record)
        self._changed(kind)
        self._saved(record, None)
        return record

    def update(self, record: R) -> R:
        kind = kind_of(record)
        self._check(record, is_new=False)
        before = self.repo(kind).get(record.id) if self._saved_listeners else None
        with self.store.transaction():
            try:
                self.repo(kind).update(record)
            except KeyError:
                raise ValidationError("", _("This {kind} no longer exists; it may have been deleted.").format(
                    kind=kind.singular)) from None
        self._changed(kind)
        self._saved(record, before)
        return record

    def delete(self, record: R) -> R:
        """Delete and return the record (so it can be restored by undo)."""
        kind = kind_of(record)
        repo = self.repo(kind)
        used = repo.usage_count(record.id)
        if used:
            message = _("This {kind} is used by {others}, so it cannot be deleted.").format(
                kind=kind.singular, others=fmt.plural(used, "other record", "other records"))
            if "archived" in record.field_names():
                message += " " + _("Archive it instead so your history keeps it.")
            raise ValidationError("", message)
        with self.store.transaction():
            repo.delete(record.id)
        self._changed(kind)
        return record

    def restore(self, record: R) -> R:
        """Put back a deleted record with its original id (undo of delete)."""
        kind = kind_of(record)
        with self.store.transaction():
            if self.repo(kind).exists(record.id):
                self.repo(kind).update(record)
            else:
                self.repo(kind).restore(record)
        self._changed(kind)
        return record

    def dependents(self, record: Record) -> list[Record | CalendarLink]:
        """Records the data file deletes or changes along with `record` (ON DELETE CASCADE or
        SET NULL): a program's phases, a goal's milestones, a schedule item's changed or
        cancelled sessions and its calendar link, the plan lines that name a contact or a
        skill (they stay, unlinked). Read them before a delete so that undo can put them
        back too (`restore_all`)."""
        if isinstance(record, Program):
            return [p for p in self.store.phases.list() if p.program_id == record.id]
        if isinstance(record, Goal):
            return [m for m in self.store.milestones.list() if m.goal_id == record.id]
        if isinstance(record, ScheduleItem):
            found: list = list(self.store.changes.for_items([record.id]))
            link = self.store.calendar_links.get(record.id)
            if link is not None:
                found.append(CalendarLink(record.id, *link))
            return found
        if isinstance(record, SupportContact):
            return self.store.plan.linked_to("contact_id", record.id)
        if isinstance(record, CopingSkill):
            return self.store.plan.linked_to("skill_id", record.id)
        if isinstance(record, Medication):
            return self.store.doses.of_medication(record.id)
        return []

    def restore_all(self, records: Sequence[Record | CalendarLink]) -> None:
        """Put back records deleted together (a record first, then its dependents) with
        their ids, all or none (undo of a delete). Unchecked, like `restore`: the caller
        checks the first record with `check(record, is_new=True)`."""
        kinds: dict[str, None] = {}
        with self.store.transaction():
            for record in records:
                if isinstance(record, CalendarLink):
                    # Unless the calendar was imported again meanwhile and gave the UID to a new item.
                    if self.store.calendar_links.item_for_uid(record.uid) in (None, record.item_id):
                        self.store.calendar_links.link(record.item_id, record.uid, record.source)
                    continue
                if isinstance(record, ScheduleChange):
                    repo, kind_name = self.store.changes, "schedule"
                else:
                    repo, kind_name = self.repo(type(record)), kind_of(record).name
                if repo.exists(record.id):
                    repo.update(record)
                else:
                    repo.restore(record)
                kinds[kind_name] = None
        for kind_name in kinds:
            self.notify(kind_name)

    def _check(self, record: Record, *, is_new: bool) -> None:
        check_not_future(record, self.clock.now())
        repo = self.repo(type(record))
        if not is_new and not repo.exists(record.id):
            raise ValidationError("", _("This {kind} no longer exists; it may have been deleted.").format(
                kind=kind_of(record).singular))
        if is_new and repo.exists(record.id):
            raise ValidationError("id", _("A {kind} with id {id} already exists.").format(
                kind=kind_of(record).singular, id=record.id))
        for s in F.specs_of(type(record)):
            if s.kind not in (F.REF, F.REFS) or not s.ref:
                continue
            value = getattr(record, s.name)
            ids = value if s.kind == F.REFS else ((value,) if value else ())
            target = self.repo(s.ref)
            for ref_id in ids:
                if not target.exists(ref_id):
                    raise ValidationError(s.name, _("{field}: there is no {kind} with id {id}.").format(
                        field=_(s.label), kind=KINDS[s.ref].singular, id=ref_id))
        same: Any = record  # a check-in or a meeting, told apart by its type's name
        if type(record).__name__ == "CheckIn":
            other = self.store.checkins.for_day(same.day)
            if other is not None and other.id != record.id:
                raise ValidationError("day", _("There is already a check-in for {day}; edit that one instead.").format(
                    day=fmt.date(same.day)))
        if type(record).__name__ == "CallInCheck":
            other = self.store.callins.for_day(same.day)
            if other is not None and other.id != record.id:
                raise ValidationError("day", _("There is already a call-in check for {day}; edit that one instead.")
                                      .format(day=fmt.date(same.day)))
        if type(record).__name__ == "DoseLog":
            other = self.store.doses.find(same.medication_id, same.day, same.slot)
            if other is not None and other.id != record.id:
                raise ValidationError("slot", _("Dose {slot} of {day} is already logged for this medication; "
                                                "edit that one instead.").format(
                    slot=same.slot, day=fmt.date(same.day)))
            medication = self.store.medications.get(same.medication_id)
            if medication is not None and same.slot > medication.times_per_day:
                raise ValidationError("slot", _("{name} is taken {times} a day, so there is no dose {slot}.").format(
                    name=medication.name, times=fmt.plural(medication.times_per_day, "time", "times"), slot=same.slot))
        if type(record).__name__ == "SupportGroup" and same.slug:
            other = self.store.groups.by_slug(same.slug)
            if other is not None and other.id != record.id:
                raise ValidationError("slug", _("Another meeting already uses the feed id “{slug}”.").format(
                    slug=same.slug))

    # --- reads ---------------------------------------------------------------------------------

    def list(self, kind: Kind | str, start: dt.date | None = None, end: dt.date | None = None,
             search: str = "", limit: int | None = None, having: tuple[str, ...] = (),
             matching: str = "") -> list[Record]:
        """Newest first; `having` names fields that must be set (meeting attendance: group_id).
        `search` is the command line's (any text field, by LIKE); `matching` a table's search
        box (every word somewhere in the row's text, answered by the search index)."""
        if len(search) > MAX_SEARCH:
            raise ValidationError("search", _("Search text can be at most {most} characters (this has {n}).").format(
                most=MAX_SEARCH, n=fmt.number(len(search))))
        words = search_terms(matching)
        repo = self.repo(kind)
        return self._searching(kind, words, lambda: repo.list(start, end, search, limit, having, words))

    def rest(self, kind: Kind | str, skip: int, having: tuple[str, ...] = (), start: dt.date | None = None,
             end: dt.date | None = None, matching: str = "") -> Iterator[Record]:
        """What `list(kind, …)` gives after its first `skip` records, converted as they are taken."""
        return self.repo(kind).rest(skip, having=having, start=start, end=end, words=search_terms(matching))

    def get(self, kind: Kind | str, record_id: str) -> Record | None:
        return self.repo(kind).get(record_id)

    def count(self, kind: Kind | str, having: tuple[str, ...] = (), start: dt.date | None = None,
              end: dt.date | None = None, matching: str = "") -> int:
        words = search_terms(matching)
        repo = self.repo(kind)
        return self._searching(kind, words, lambda: repo.count(having, start, end, words))

    # --- the search index (app.storage.search) ------------------------------------------------------

    def _search_recipe(self) -> str:
        # How the texts are made: a newer way, another date style or another language (choice
        # labels and dates are indexed as the table shows them) remakes every one.
        return f"{SEARCH_RECIPE}:{fmt.current()!r}:{i18n.language()}"

    def prepare_search(self, kind: Kind | str, limit: int | None = None) -> bool | None:
        """Make the search texts of the records of `kind` written since the last search (up to
        `limit` of them; all with None). True when none is left waiting, False when some are,
        None when another connection was writing (a search then reads what is indexed). A page
        calls this in slices after it has painted, so the first key typed finds the index ready."""
        kind = KINDS[kind] if isinstance(kind, str) else kind
        index = self.store.search
        recipe = self._search_recipe()
        if self._recipe_checked != recipe:
            if index.recipe() != recipe:
                index.set_recipe(recipe)
            self._recipe_checked = recipe
        specs = searched_specs(kind.record_type, kind.columns)
        refs = tuple(dict.fromkeys(s.ref for s in specs if s.kind in (F.REF, F.REFS) and s.ref))
        repo = self.repo(kind)

        def texts(ids: list[str]) -> dict[str, str]:
            names = {ref: self.names(ref) for ref in refs}
            return {p["id"]: row_text(p, specs, names) for p in repo.plain_many(ids)}

        return index.catch_up(repo.table, texts, limit)

    def _searching(self, kind: Kind | str, words: tuple[str, ...], read: Callable[[], T]) -> T:
        if not any(words):
            return read()
        self.prepare_search(kind)
        return self.store.search.answer(read, lambda: self.prepare_search(kind))

    def names(self, kind: Kind | str) -> dict[str, str]:
        """id -> display name, for showing references (skills, meetings, sessions)."""
        out: dict[str, str] = {}
        for r in self.repo(kind).list():
            out[r.id] = getattr(r, "name", None) or getattr(r, "title", None) or r.id
        return out

    def resolve(self, kind: str, text: str) -> str:
        """An id from an id or a (case-insensitive) name; raises ValidationError."""
        repo = self.repo(kind)
        text = text.strip()
        if repo.exists(text):
            return text
        if len(text) >= 8:  # the short id `steady list` and the window show
            prefixed = repo.ids_starting(text)
            if len(prefixed) == 1:
                return prefixed[0]
        matches = [r for r in repo.list()
                   if (getattr(r, "name", None) or getattr(r, "title", "") or "").casefold() == text.casefold()]
        if len(matches) == 1:
            return matches[0].id
        label = KINDS[kind].singular
        if not matches:
            raise ValidationError(kind, _("There is no {kind} called “{text}”.").format(kind=label, text=text))
        raise ValidationError(kind, _("More than one {kind} is called “{text}”; use its id instead.").format(
            kind=label, text=text))
