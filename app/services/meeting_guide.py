"""Meeting Guide feeds: import the support meetings of a local meeting list.

The Meeting Guide format (https://github.com/code4recovery/spec) is the open JSON format
of the 12-step meeting-list ecosystem: the file is a JSON array of meetings (the spec's
feed schema is `"type": "array"`; an object wrapping a list is not a feed and is refused).

The file is treated as hostile, like a calendar file: each meeting is read on its own and a
meeting Steady cannot use becomes a warning that names it. Only a file that is not a feed
at all, or holds no usable meeting, is refused with one sentence. Nothing is written until
`apply_meetings`, and then everything chosen is written in one transaction.

How a feed meeting maps onto a `SupportGroup`:
- `slug` (text or a whole number) is the key: importing the feed again updates the meeting
  with that slug and never adds a second one. A meeting without a slug is skipped, since it
  could never be matched again. A slug that appears twice: the first one wins.
- `day` is 0 = Sunday … 6 = Saturday (a whole number, a numeric string, or an array of
  them); Steady counts 0 = Monday, so it is converted. A meeting held on several days
  becomes one meeting per day with the slug "<slug>#<day>", where <day> is the feed's own
  day number (so "sunday-serenity#0" is its Sunday meeting). A meeting with one day keeps
  the plain slug. If a feed later moves a meeting between those shapes, the existing
  meeting on the same weekday is updated rather than duplicated.
- No `day` or no `time` means "by appointment" (no day, no times). Times are read as
  24-hour ("19:30", "19:30:00") or 12-hour ("7:30 PM", "11:00 am", "7pm", "6:00 p.m.") as
  intergroup feeds write them. A `day` or `time` that is present but unreadable skips that
  meeting with a warning: guessing a time is worse than leaving the meeting out. An
  unreadable `end_time`, `timezone` or `updated` is left out with a note.
- `updated` (the spec's "2014-05-31 14:32:23", ISO 8601 with or without a zone, a plain
  date, or the US "01/31/2024") → "Listing updated: <date>" in the notes.
- Format: a `conference_url` or `conference_phone` makes the meeting online, and hybrid
  when it also has a street address (not approximate, see `_is_approximate`, and not type
  `TC`, "Location Temporarily Closed"); otherwise in person. `attendance_option`
  ("in_person", "online", "hybrid") wins when present, except that a meeting with only an
  approximate address is never hybrid. An approximate address of an in-person meeting is
  kept with "(location approximate)". "inactive" meetings are skipped, and so is a `TC`
  meeting with no online option (it is not running).
- `formatted_address`, or `address`, `city`, `state`, `postal_code`, `country` joined →
  Address; `conference_url` → Online link; `conference_phone` → Dial-in phone; `regions`
  (or `region` and `sub_region`) → Region, joined with " > "; `types` → type codes.
- Notes gather `notes`, `location_notes`, `group` and `group_notes`, the conference notes
  and the listing's `url`. Every other field is ignored.
- Text is cleaned (control characters removed, one-line fields kept on one line) and a
  field longer than Steady stores is shortened with "…" and a note, rather than losing the
  meeting. A field of the wrong type (a list where text belongs) is left out with a note.
- The fellowship is not in the format; the person says which it is for new meetings
  (default AA).
- On update, the meeting keeps its id (attendance stays linked), its fellowship and whether
  it is archived; everything else comes from the feed. Meetings that are no longer in the
  feed are left alone.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from app.services.backups import before_import
from app.domain.errors import ValidationError
from app.domain import i18n
from app.domain.fields import MAX_LINE, MAX_TEXT
from app.domain.i18n import N_, _, pgettext
from app.domain.meeting_types import TEMPORARILY_CLOSED, describe_types
from app.domain.records import FELLOWSHIPS, SupportGroup, is_valid_zone
from app.storage.errors import StoreError

from .meeting_feeds import MeetingFeeds  # noqa: F401 (re-exported: its old place)
from .importing import Warnings, checked_bytes, decode, looks_binary, read_bounded

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEETINGS = 50_000
MAX_SLUG = 200  # the spec asks for at most 64; room for "#<day>" stays well under MAX_LINE
MAX_TYPES = 40
FELLOWSHIP_KEYS = tuple(k for k, _label in FELLOWSHIPS)
_FELLOWSHIP_LABELS = dict(FELLOWSHIPS)
# 24-hour "19:30" / "19:30:00", and the 12-hour "11:00 AM", "7:30 pm", "7pm", "7:30 p.m." that
# intergroup feeds written by hand or by other plugins use.
_TIME_RE = re.compile(r"^\s*(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?\s*(?:([ap])\.?\s*m\.?)?\s*$", re.IGNORECASE)
# The `updated` stamp: the spec's "2014-05-31 14:32:23", ISO 8601 with "T", seconds, fractions
# and a zone ("Z", "+02:00"), a plain date, and the US "01/31/2024" (with an optional time).
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                          r"\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)?)?$", re.IGNORECASE)
_US_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T].*)?$")
# What TSML UI (the code4recovery reference reader) counts as a street address; see _is_approximate.
_STREET_ADDRESS_PARTS = 4
APPROXIMATE_MARK = "(location approximate)"
_FORMATS = {"in person": "in_person", "online": "online", "hybrid": "hybrid"}
_SPACES_RE = re.compile("[\r\n\t\v\f\x1c-\x1f\x85\u2028\u2029]")
_BREAKS_RE = re.compile("\r\n?|[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
_CONTROLS_RE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_SURROGATES_RE = re.compile("[\ud800-\udfff]")


# =========================================================================================
# The plan
# =========================================================================================


@dataclass(frozen=True)
class MeetingCandidate:
    """One meeting of the feed as Steady would store it, and what importing it would do."""

    group: SupportGroup
    existing: SupportGroup | None = None  # the meeting it would update
    # False for a meeting already stored exactly like this (re-importing changes nothing).
    changed: bool = field(init=False, default=True)

    def __post_init__(self) -> None:
        if self.existing is not None:
            object.__setattr__(self, "changed", _comparable(self.existing) != _comparable(self.group))

    @property
    def slug(self) -> str:
        return self.group.slug

    @property
    def is_new(self) -> bool:
        return self.existing is None

    @property
    def action(self) -> str:
        return "add" if self.existing is None else ("update" if self.changed else "same")

    @property
    def is_online(self) -> bool:
        return self.group.meeting_format in ("online", "hybrid")

    @property
    def types_text(self) -> str:
        return describe_types(self.group.meeting_types)


@dataclass(frozen=True)
class MeetingImportPlan:
    """What importing a feed would do; nothing is written until apply_meetings."""

    candidates: tuple[MeetingCandidate, ...] = ()
    warnings: tuple[str, ...] = ()
    source: str = ""
    fellowship: str = "aa"
    meetings_read: int = 0  # entries in the feed's array
    skipped: int = 0  # entries left out (each has a warning)

    @property
    def is_empty(self) -> bool:
        return not self.candidates

    @property
    def to_add(self) -> tuple[SupportGroup, ...]:
        return tuple(c.group for c in self.candidates if c.is_new)

    @property
    def to_update(self) -> tuple[SupportGroup, ...]:
        return tuple(c.group for c in self.candidates if not c.is_new and c.changed)

    @property
    def unchanged(self) -> tuple[SupportGroup, ...]:
        return tuple(c.group for c in self.candidates if not c.changed)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(c.slug for c in self.candidates)


@dataclass(frozen=True)
class MeetingImportResult:
    added: int
    updated: int
    unchanged: int = 0
    skipped: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)


def summary_text(plan: MeetingImportPlan) -> str:
    """ "12 to add, 2 to update, 1 unchanged, 3 skipped" (the CLI's dry-run wording)."""
    return _("{add} to add, {update} to update, {same} unchanged, {skipped} skipped").format(
        add=f"{len(plan.to_add):,}", update=f"{len(plan.to_update):,}", same=f"{len(plan.unchanged):,}",
        skipped=f"{plan.skipped:,}")


def result_text(result: MeetingImportResult, name: str) -> str:
    return _("Imported meetings from {name}: {added} added, {updated} updated, {same} unchanged, "
             "{skipped} skipped with a warning.").format(
        name=name, added=f"{result.added:,}", updated=f"{result.updated:,}", same=f"{result.unchanged:,}",
        skipped=f"{result.skipped:,}")


# =========================================================================================
# Planning and applying
# =========================================================================================


def check_fellowship(fellowship: str) -> str:
    if not isinstance(fellowship, str) or fellowship not in FELLOWSHIP_KEYS:
        raise ValidationError("fellowship", _("Fellowship must be one of: {choices}.").format(
            choices=", ".join(FELLOWSHIP_KEYS)))
    return fellowship


def plan_meetings(store: Store, data: bytes, *, fellowship: str = "aa", source: str = "") -> MeetingImportPlan:
    """Read a Meeting Guide feed and work out what to add and update. Writes nothing.

    Raises ValidationError("file", …) for a file that is not a usable feed (and
    ValidationError("fellowship", …) for an unknown fellowship); a problem with one meeting
    becomes a warning instead. No other exception escapes.
    """
    check_fellowship(fellowship)
    return plan_against(existing_meetings(store), data, fellowship=fellowship, source=source)


def existing_meetings(store: Store) -> list[SupportGroup]:
    """The meetings Steady has, that a list is matched against. Raises ValidationError."""
    try:
        return store.groups.list()
    except StoreError as exc:
        raise ValidationError("file", _("The meeting list could not be checked against your data: {problem}").format(
            problem=exc.message)) from None


def plan_against(existing: Sequence[SupportGroup], data: bytes, *, fellowship: str = "aa",
                 source: str = "") -> MeetingImportPlan:
    """`plan_meetings` against the meetings Steady has (`existing`, the store's groups) rather
    than the store itself: plain data in and out, so the window can run it in a child
    process (app.services.child_process)."""
    check_fellowship(fellowship)
    data = checked_bytes(data, limit=MAX_FILE_BYTES, what="meeting list")
    try:
        return _Planner(existing, fellowship, source).plan(data)
    except ValidationError:
        raise
    except Exception as exc:  # hostile input must never crash the caller
        raise ValidationError("file", _("The meeting list could not be read ({error}).").format(
            error=type(exc).__name__)) from None


def with_fellowship(plan: MeetingImportPlan, fellowship: str) -> MeetingImportPlan:
    """The same plan with another fellowship for its new meetings, without reading the file again."""
    check_fellowship(fellowship)
    candidates = tuple(replace(c, group=replace(c.group, fellowship=fellowship)) if c.is_new else c
                       for c in plan.candidates)
    return replace(plan, candidates=candidates, fellowship=fellowship)


def apply_meetings(store: Store, records_service, plan: MeetingImportPlan,
                   chosen_slugs: Iterable[str] | None = None) -> MeetingImportResult:
    """Write the chosen meetings (all when `chosen_slugs` is None) in one transaction, then
    tell listeners. Meetings whose stored copy already matches the feed are not rewritten."""
    chosen = None if chosen_slugs is None else set(chosen_slugs)
    picked = [c for c in plan.candidates if chosen is None or c.slug in chosen]
    adds = [c.group for c in picked if c.is_new]
    updates = [c.group for c in picked if not c.is_new and c.changed]
    if adds or updates:
        before_import(store, getattr(records_service, "clock", None))
    with store.transaction():
        stored = {g.slug for g in store.groups.list() if g.slug} if adds else set()
        for group in adds:
            if group.slug in stored or store.groups.exists(group.id):
                raise ValidationError("", _("“{title}” was added while the file was being read; "
                                            "import the file again.").format(title=group.name))
        store.groups.add_many(adds)
        for group in updates:
            try:
                store.groups.update(group)
            except KeyError:
                raise ValidationError("", _("“{title}” was deleted while the file was being read; "
                                            "import the file again.").format(title=group.name)) from None
    if adds or updates:
        records_service.notify("group")
    return MeetingImportResult(len(adds), len(updates), len(picked) - len(adds) - len(updates),
                               plan.skipped, plan.warnings)


def read_feed_file(path: str | os.PathLike) -> bytes:
    """The bytes of a feed file (see importing.read_bounded). Raises ValidationError."""
    return read_bounded(path, limit=MAX_FILE_BYTES, what="meeting list")


# =========================================================================================
# Reading the feed
# =========================================================================================


class _Skip(Exception):
    """This meeting cannot be imported; the message finishes the sentence "… was skipped: "."""


def _parse(data: bytes) -> tuple[list[Any], list[str]]:
    notes: list[str] = []
    if not data.strip():
        raise ValidationError("file", _("The meeting list is empty."))
    if looks_binary(data):
        raise ValidationError("file", _("This is not a Meeting Guide meeting list (it holds binary data, not JSON)."))
    text, replaced = decode(data)
    if replaced:
        notes.append(_("Some characters of the file were not valid UTF-8 and were replaced with “{mark}”.").format(
            mark="\ufffd"))
    try:
        feed = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ValidationError("file", _("The meeting list is nested too deeply to be a Meeting Guide feed.")) from None
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise ValidationError("file", _("This is not a Meeting Guide meeting list: the file is not valid JSON "
                                            "(line {line}, column {column}).").format(
                line=exc.lineno, column=exc.colno)) from None
        raise ValidationError("file", _("This is not a Meeting Guide meeting list: the file is not valid JSON.")) from None
    if isinstance(feed, dict):
        raise ValidationError("file", _("This is not a Meeting Guide meeting list: the file holds a JSON object, "
                                        "and a feed is a list of meetings."))
    if not isinstance(feed, list):
        raise ValidationError("file", _("This is not a Meeting Guide meeting list: the file holds a single "
                                        "value, and a feed is a list of meetings."))
    if not feed:
        raise ValidationError("file", _("The meeting list holds no meetings."))
    if len(feed) > MAX_MEETINGS:
        raise ValidationError("file", _("The meeting list holds {n} entries; Steady imports at most "
                                        "{most} meetings from one file.").format(n=f"{len(feed):,}",
                                                                                 most=f"{MAX_MEETINGS:,}"))
    return feed, notes


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")  # NaN / Infinity are not valid JSON


class _Planner:
    def __init__(self, existing: Sequence[SupportGroup], fellowship: str, source: str):
        self.existing = existing  # the meetings Steady has
        self.fellowship = fellowship
        self.source = source
        self.warnings = Warnings()
        self.skipped = 0

    def warn(self, message: str) -> None:
        self.warnings.add(message)

    def plan(self, data: bytes) -> MeetingImportPlan:
        feed, notes = _parse(data)
        for note in notes:
            self.warn(note)
        meetings: list[tuple[str, list[SupportGroup]]] = []
        seen: set[str] = set()  # the feed's slugs, and the "<slug>#<day>" ones made from them
        first_skip = ""
        for index, raw in enumerate(feed, start=1):
            label = _label(index, raw)
            try:
                slug, groups = self._meeting(raw, label)
                if slug in seen or any(g.slug in seen for g in groups):
                    raise _Skip(_("it has the same slug as an earlier meeting in the file, and Steady kept "
                                  "the first"))
            except (_Skip, ValidationError) as exc:
                reason = exc.message.rstrip(".") if isinstance(exc, ValidationError) else str(exc)
                self.skipped += 1
                self.warn(_("{meeting} was skipped: {reason}.").format(meeting=label, reason=reason))
                first_skip = first_skip or _("{meeting} was skipped because {reason}").format(meeting=label,
                                                                                             reason=reason)
                continue
            seen.add(slug)
            seen.update(g.slug for g in groups)
            meetings.append((slug, groups))
        candidates = self._match(meetings)
        if not candidates:
            raise ValidationError("file", _("The meeting list has no meeting Steady can use: {why}.").format(
                why=first_skip))
        return MeetingImportPlan(tuple(candidates), self.warnings.as_tuple(), self.source, self.fellowship,
                                 len(feed), self.skipped)

    # --- one meeting -----------------------------------------------------------------------

    def _meeting(self, raw: Any, label: str) -> tuple[str, list[SupportGroup]]:
        if not isinstance(raw, dict):
            raise _Skip(_("it is {kind}, not a meeting").format(kind=_json_kind(raw)))
        slug = _slug(raw.get("slug"))
        cleaned: list[str] = []  # fields shortened or left out, for one note per meeting
        name = _line(raw.get("name"), "name", cleaned)
        if not name:
            raise _Skip(_("it has no name"))

        status = _line(raw.get("attendance_option"), "attendance_option", []).lower()
        status = status.replace("-", " ").replace("_", " ")
        if status == "inactive":
            raise _Skip(_("the feed marks it inactive"))

        days = _days(raw.get("day"))
        start = _time(raw.get("time"), "time")
        end = None
        if days and start is not None:
            end_raw = raw.get("end_time")
            if end_raw not in (None, ""):
                try:
                    end = _time(end_raw, "end time")
                except _Skip:
                    cleaned.append("end time")
        else:
            days, start = [], None  # by appointment

        zone = _line(raw.get("timezone"), "timezone", cleaned)
        if zone and not is_valid_zone(zone):
            cleaned.append("time zone")
            zone = ""

        types = _types(raw.get("types"), cleaned)
        url = _line(raw.get("conference_url"), "online link", cleaned)
        phone = _line(raw.get("conference_phone"), "dial-in phone", cleaned)
        location = _line(raw.get("location"), "location", cleaned)
        address = _address(raw, cleaned)
        approximate = _is_approximate(raw, address)
        physical = bool(address) and not approximate and TEMPORARILY_CLOSED not in types
        meeting_format = _FORMATS.get(status)
        if meeting_format is None:
            if url or phone:
                meeting_format = "hybrid" if physical else "online"
            elif TEMPORARILY_CLOSED in types:
                raise _Skip(_("its location is temporarily closed and it has no online option"))
            else:
                meeting_format = "in_person"
        if meeting_format == "hybrid" and approximate:
            # Never hybrid without a street address to go to, even when the feed says so (TSML
            # UI decides "in person" from the address alone and ignores attendance_option).
            meeting_format = "online" if (url or phone) else "in_person"
        if address and approximate and meeting_format == "in_person":
            # An area only ("San Jose, CA, USA"): the person should not set off for it as if it
            # were a street address. TSML UI hides such a meeting; Steady keeps it, marked.
            address = _shorten(address, MAX_LINE - len(APPROXIMATE_MARK) - 1) + " " + APPROXIMATE_MARK

        updated_raw = raw.get("updated")
        updated = _updated(updated_raw) if updated_raw not in (None, "") else None
        if updated_raw not in (None, "") and updated is None:
            cleaned.append("updated date")

        fields: dict[str, Any] = dict(
            name=name, fellowship=self.fellowship, meeting_format=meeting_format, start_time=start,
            end_time=end, timezone=zone, location=location, address=address, url=url, phone=phone,
            meeting_types=types, region=_region(raw, cleaned), notes=_notes(raw, cleaned, updated),
        )
        if cleaned:
            unique = list(dict.fromkeys(cleaned))
            self.warn(_("{meeting}: Steady shortened or left out {fields}, which it could not use as given.").format(
                meeting=label, fields=_join(unique)))
        if len(days) <= 1:
            weekday = _steady_weekday(days[0]) if days else None
            return slug, [SupportGroup(slug=slug, weekday=weekday, **fields)]
        return slug, [SupportGroup(slug=f"{slug}#{d}", weekday=_steady_weekday(d), **fields) for d in days]

    # --- matching against the store ----------------------------------------------------------

    def _match(self, meetings: list[tuple[str, list[SupportGroup]]]) -> list[MeetingCandidate]:
        existing = {g.slug: g for g in self.existing if g.slug}
        taken: set[str] = set()
        out: list[MeetingCandidate] = []
        for base, groups in meetings:
            for group in groups:
                current = existing.get(group.slug)
                if current is None:
                    # The feed moved the meeting between one day and several: update the
                    # stored one on the same weekday rather than adding a twin.
                    alternative = base if group.slug != base else (
                        f"{base}#{_feed_day(group.weekday)}" if group.weekday is not None else None)
                    other = existing.get(alternative) if alternative else None
                    if other is not None and other.weekday == group.weekday:
                        current = other
                if current is not None and current.id in taken:
                    current = None
                if current is not None:
                    taken.add(current.id)
                    group = replace(group, id=current.id, archived=current.archived,
                                    fellowship=current.fellowship)
                out.append(MeetingCandidate(group, current))
        out.sort(key=lambda c: (c.group.weekday is None, c.group.weekday or 0,
                                c.group.start_time or dt.time(), c.group.name.casefold(), c.slug))
        return out


# --- field readers ---------------------------------------------------------------------------


def _comparable(group: SupportGroup) -> dict[str, Any]:
    plain = group.to_plain()
    plain.pop("id", None)
    return plain


def _label(index: int, raw: Any) -> str:
    if isinstance(raw, dict):
        name = _shorten(_line(raw.get("name"), "name", []), 60)
        try:
            slug = _slug(raw.get("slug"))
        except _Skip:
            slug = ""
        slug = _shorten(slug, 60)
        if name and slug:
            return _("Meeting “{name}” ({slug})").format(name=name, slug=slug)
        if name:
            return _("Meeting “{name}”").format(name=name)
        if slug:
            return _("Meeting {slug}").format(slug=slug)
    return _("Entry {n}").format(n=f"{index:,}")


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, str):
        return pgettext("kind of JSON value", "text")
    if isinstance(value, list):
        return _("a list")
    return _("something else")


def _clean(text: str, *, one_line: bool) -> str:
    """Text without control characters or unpaired surrogates (which SQLite cannot store);
    one-line fields also lose their line breaks. Bidirectional marks and emoji stay."""
    text = _SURROGATES_RE.sub("\ufffd", text)
    if one_line:
        text = _CONTROLS_RE.sub("", _SPACES_RE.sub(" ", text))
        return " ".join(text.split())
    text = _CONTROLS_RE.sub("", _BREAKS_RE.sub("\n", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _as_text(value: Any) -> str | None:
    """Text for a text field: strings as they are, numbers (a postal code) as digits; None for
    anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if abs(value) < 10 ** 30 else None
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:g}" if not value.is_integer() else str(int(value))
    return None


def _line(value: Any, name: str, cleaned: list[str], limit: int = MAX_LINE) -> str:
    if value is None:
        return ""
    text = _as_text(value)
    if text is None:
        cleaned.append(name)
        return ""
    # Cut before cleaning so a 100,000-character field costs little.
    text = _clean(text[: limit * 4], one_line=True)
    if len(text) > limit:
        cleaned.append(name)
        text = _shorten(text, limit)
    return text


def _long(value: Any, name: str, cleaned: list[str]) -> str:
    if value is None:
        return ""
    text = _as_text(value)
    if text is None:
        cleaned.append(name)
        return ""
    text = _clean(text[: MAX_TEXT + 1], one_line=False)
    return text


def _slug(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _Skip(_("it has no slug (the feed's id for it), so a later import could not find it again"))
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Skip(_("its slug is {kind}, not text").format(kind=_json_kind(value)))
    text = _clean(str(value), one_line=True)
    if not text:
        raise _Skip(_("it has no slug (the feed's id for it), so a later import could not find it again"))
    if len(text) > MAX_SLUG:
        raise _Skip(_("its slug is {n} characters long (at most {most} can be matched)").format(
            n=f"{len(text):,}", most=MAX_SLUG))
    return text


def _one_day(value: Any) -> int:
    day: int | None = None
    if isinstance(value, bool):
        day = None
    elif isinstance(value, int):
        day = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        day = int(value)
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) < 4:
        day = int(value.strip())
    if day is None or not 0 <= day <= 6:
        shown = _shown(value)
        raise _Skip(_("its day {day} is not 0 (Sunday) to 6 (Saturday)").format(day=shown))
    return day


def _days(value: Any) -> list[int]:
    """The feed's day numbers (0 = Sunday), in week order; [] for "by appointment"."""
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, list):
        if len(value) > 50:
            raise _Skip(_("its list of days is far too long"))
        return sorted({_one_day(v) for v in value})
    return [_one_day(value)]


def _time(value: Any, what: str) -> dt.time | None:
    if value is None or value == "":
        return None
    match = _TIME_RE.match(value) if isinstance(value, str) and len(value) < 20 else None
    if match and (match[2] is not None or match[4]):  # a bare "7" is not a time; "7 pm" is
        hour, minute, second = int(match[1]), int(match[2] or 0), int(match[3] or 0)
        half = (match[4] or "").lower()
        if half:
            if not 1 <= hour <= 12:
                hour = 99  # "13:00 PM" or "0:30 AM" is not a 12-hour time
            else:
                hour = hour % 12 + (12 if half == "p" else 0)  # 12:00 AM is midnight, 12:00 PM noon
        if hour <= 23 and minute <= 59 and second <= 59:
            return dt.time(hour, minute)
    raise _Skip(_("its {what} {value} is not a time like 19:30 or 7:30 PM").format(what=_word(what),
                                                                               value=_shown(value)))


def _updated(value: Any) -> dt.date | None:
    """The day of the feed's `updated` stamp, or None when it cannot be read. Only the day is
    kept (it says how fresh the listing is), so a stamp's zone does not matter. A US-style
    "01/31/2024" is month first, as in the US feeds that write it; "31/01/2024" (a first
    number over 12) is read day first."""
    text = value.strip() if isinstance(value, str) and len(value) < 40 else ""
    try:
        if match := _ISO_DATE_RE.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _US_DATE_RE.match(text):
            first, second, year = int(match[1]), int(match[2]), int(match[3])
            month, day = (first, second) if first <= 12 else (second, first)
            return dt.date(year, month, day)
    except ValueError:  # "2024-02-30"
        return None
    return None


def _is_approximate(raw: dict, address: str) -> bool:
    """Whether the address names an area rather than a street address.

    Follows TSML UI, the code4recovery reference reader (code4recovery/tsml-ui,
    src/helpers/load-meeting-data.ts, "check if approximate"): the feed's own `approximate`
    ("yes"/"no", or true/false) wins; without it, a formatted address of fewer than 4
    comma-separated parts ("San Jose, CA, USA") is approximate, since a street address reads
    "street, city, state postcode, country".
    """
    flag = raw.get("approximate")
    if isinstance(flag, bool):
        return flag
    if isinstance(flag, str) and flag.strip():
        return flag.strip().lower() in ("yes", "true", "1")
    return bool(address) and len(address.split(",")) < _STREET_ADDRESS_PARTS


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return "“" + _shorten(_clean(value, one_line=True), 20) + "”"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _shorten(str(value), 20)
    return f"({_json_kind(value)})"


def _steady_weekday(feed_day: int) -> int:
    """Meeting Guide 0 = Sunday … 6 = Saturday → Steady 0 = Monday … 6 = Sunday."""
    return (feed_day - 1) % 7


def _feed_day(weekday: int) -> int:
    return (weekday + 1) % 7


def _types(value: Any, cleaned: list[str]) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = value.split(",")  # not the spec, but some hand-made feeds write "O,D"
    if not isinstance(value, list):
        cleaned.append("types")
        return ()
    out: list[str] = []
    for item in value[: MAX_TYPES * 4]:
        code = _as_text(item) if not isinstance(item, float) else None
        code = _clean(code, one_line=True) if code is not None else None
        if not code or len(code) > 40:
            cleaned.append("types")
            continue
        if code not in out:
            out.append(code)
    if len(out) > MAX_TYPES or len(value) > MAX_TYPES * 4:
        cleaned.append("types")
    return tuple(out[:MAX_TYPES])


def _address(raw: dict, cleaned: list[str]) -> str:
    formatted = _line(raw.get("formatted_address"), "address", cleaned)
    if formatted:
        return formatted
    street = _line(raw.get("address"), "address", cleaned)
    city = _line(raw.get("city"), "city", cleaned)
    state = _line(raw.get("state"), "state", cleaned)
    postal = _line(raw.get("postal_code"), "postal code", cleaned)
    country = _line(raw.get("country"), "country", cleaned)
    parts = [street, city, " ".join(p for p in (state, postal) if p), country]
    text = ", ".join(p for p in parts if p)
    if len(text) > MAX_LINE:
        cleaned.append("address")
        text = _shorten(text, MAX_LINE)
    return text


def _region(raw: dict, cleaned: list[str]) -> str:
    regions = raw.get("regions")
    parts: list[str] = []
    if isinstance(regions, list):
        parts = [_line(r, "regions", cleaned) for r in regions[:20]]
    elif regions is not None:
        cleaned.append("regions")
    if not any(parts):
        parts = [_line(raw.get("region"), "region", cleaned), _line(raw.get("sub_region"), "region", cleaned)]
    text = " > ".join(p for p in parts if p)
    if len(text) > MAX_LINE:
        cleaned.append("region")
        text = _shorten(text, MAX_LINE)
    return text


def _notes(raw: dict, cleaned: list[str], updated: dt.date | None = None) -> str:
    sections = [_long(raw.get("notes"), "notes", cleaned)]
    for key, title in (("location_notes", "About the location"), ("group", "Group"),
                       ("group_notes", "About the group"), ("conference_url_notes", "Online meeting"),
                       ("conference_phone_notes", "Dial-in"), ("url", "Listing")):
        text = _long(raw.get(key), key.replace("_", " "), cleaned)
        if text:
            sections.append(f"{title}: {text}")
    if updated is not None:
        sections.append(f"Listing updated: {updated.isoformat()}")
    notes = "\n\n".join(s for s in sections if s)
    if len(notes) > MAX_TEXT:
        cleaned.append("notes")
        notes = _shorten(notes, MAX_TEXT)
    return notes


def _word(item: str) -> str:
    """A part of a meeting named in a warning, in the reader's language ("time" has its own
    context: elsewhere it counts how often)."""
    return pgettext("part of a meeting", "time") if item == "time" else i18n._(item)


def _join(items: list[str]) -> str:
    words = [_word(item) for item in items]
    if len(words) == 1:
        return _("its {field}").format(field=words[0])
    return _("its {fields} and {last}").format(fields=", ".join(words[:-1]), last=words[-1])


# The parts of a meeting a warning names ("Steady shortened or left out its end time"), as the
# code above appends them to `cleaned`: listed here for the catalogue, translated by _join.
_FIELD_WORDS = (N_("name"), N_("end time"), N_("time zone"), N_("timezone"), N_("online link"),
                N_("dial-in phone"), N_("location"), N_("updated date"), N_("types"), N_("address"), N_("city"),
                N_("state"), N_("postal code"), N_("country"), N_("regions"), N_("region"), N_("notes"),
                N_("location notes"), N_("group"), N_("group notes"), N_("conference url notes"),
                N_("conference phone notes"), N_("url"))


__all__ = ["MAX_FILE_BYTES", "MeetingCandidate", "MeetingFeeds", "MeetingImportPlan", "MeetingImportResult",
           "apply_meetings", "check_fellowship", "plan_meetings", "read_feed_file",
           "result_text", "summary_text", "with_fellowship"]
