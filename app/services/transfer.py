"""Export everything to JSON or CSV, and import a Steady JSON export (merge by id).

The JSON export (format "steady-export", version 1) is the complete data set: every record
of every kind, the per-occurrence schedule changes, the calendar links (which imported
calendar event, by UID, each schedule item came from; not the name of the calendar file,
which Steady never shows) and the settings that are user data
(EXPORTED_SETTINGS). Records are listed per kind, in dependency order, sorted by id, one
record per line; two exports of the same data differ only in "exported_at" (and
"app_version"). A record is exactly its `to_plain()` form: JSON names are the field names,
dates and times ISO 8601. Created/updated timestamps are not part of a record and are not
exported.

Import is all or nothing, in one transaction, and merges by stable id: an id the data
folder lacks is added, an id it has is updated when the file's record differs, and
nothing is ever duplicated or deleted. A file from a newer format version, a record that
fails validation, or a reference to a record that exists neither in the file nor in the
data folder refuses the whole file with one sentence and writes nothing.

CSV (for spreadsheets, one way only): one file per kind, header row = JSON field names,
UTF-8 with a byte-order mark (so Excel detects the encoding), lists joined with "; ",
true/false for yes/no, empty for "not set", and text cells starting with = + - @ or a
tab/carriage return prefixed with an apostrophe so a spreadsheet cannot run them as a
formula (this changes those cells).

The kinds added with the treatment details (drug screens, call-in checks, medications,
doses, homework, the aftercare plan) are written only when there are any, in JSON, CSV and
the workbook alike, so an export of data without them is byte for byte what it was before.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import zipfile
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from app import __version__
from app.services.backups import before_import
from app.domain import fields as F
from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _, ngettext
from app.domain.records import Record, ScheduleChange
from app.domain.reminders import check_default_minutes

from .app_lock import IDLE_MINUTES_KEY, check_idle_minutes
from .files import write_file_atomically
from .importing import Warnings, decode, is_utf16, load_json, read_bounded
from .kinds import KINDS
from .recovery import NINETY_START_KEY, WORDING_KEY
from .reminders import DEFAULT_MINUTES_KEY, ENABLED_KEY, SELF_CHECK_KEY
from .treatment import CALLIN_KEY
from .skill_library import SEEDED_SETTING
from .crisis import COUNTRY_KEY, LINES_KEY, check_country_setting, check_own_lines
from app.domain.wording import check_style

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

FORMAT = "steady-export"
VERSION = 1
# 32 MB: eight times twenty years of daily records (a 20-year demo exports 3.7 MB). Importing one
# that size (76,000 records) takes about 30 s and 250 MB here; the 512 MB allowed before needed GBs.
MAX_FILE_BYTES = 32 * 1024 * 1024
CSV_LIST_SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Section:
    name: str  # key under "records" and CSV file stem
    record_type: type[Record]
    repo: str  # attribute of Store
    plural: str  # in English (marked for the catalogue): translated where it is shown
    # Written only when it holds records (JSON key, CSV file, workbook sheet): the kinds added
    # after the export format settled, so that an export of data without them stays
    # byte-identical to what earlier versions wrote. Reading, a missing section is empty.
    optional: bool = False


# Kinds added later than the rest (see Section.optional), in dependency order.
OPTIONAL_SECTIONS = ("drug_screen", "callin", "medication", "dose", "homework", "aftercare")

# Dependency order: a record only refers to records of sections before it.
SECTIONS: tuple[Section, ...] = tuple(
    Section(n, KINDS[n].record_type, KINDS[n].repo, KINDS[n].plural_en, n in OPTIONAL_SECTIONS) if n in KINDS
    else Section(n, ScheduleChange, "changes", N_("Schedule changes"))
    for n in ("program", "phase", "schedule", "schedule_change", "skill", "group", "coping",
              "attendance", "selfcare", "checkin", "sobriety", "goal", "milestone", "contact", "plan", "assessment",
              *OPTIONAL_SECTIONS))


def _unset(record_type: type[Record]) -> dict[str, Any]:
    """The record type's fields added later, with the value that means "not set"."""
    defaults = {f.name: f.default for f in dataclasses.fields(record_type)}
    return {name: defaults[name] for name in record_type.ADDED_LATER}


def export_plain(record: Record) -> dict[str, Any]:
    """The record as an export writes it: its plain form without the fields added later that
    it leaves unset (Record.ADDED_LATER)."""
    plain = record.to_plain()
    for name, unset in _unset(type(record)).items():
        if getattr(record, name) == unset:
            del plain[name]
    return plain


def export_columns(record_type: type[Record], records: list[Record]) -> tuple[str, ...]:
    """A CSV file's or sheet's columns: every field, but a field added later only when one of
    the records sets it."""
    unset = _unset(record_type)
    return tuple(name for name in record_type.field_names()
                 if name not in unset or any(getattr(r, name) != unset[name] for r in records))


def sections_of(store: Store) -> list[tuple[Section, list[Record]]]:
    """Every section an export of `store` writes, with its records (optional ones only when
    they hold any)."""
    out = []
    for s in SECTIONS:
        records = getattr(store, s.repo).list()
        if records or not s.optional:
            out.append((s, records))
    return out
_BY_NAME = {s.name: s for s in SECTIONS}
_REF_SECTION = {"schedule": "schedule", "program": "program", "skill": "skill", "group": "group",
                "goal": "goal", "contact": "contact"}


def _check_ninety(value: str) -> None:
    if value:
        dt.date.fromisoformat(value)


def _check_seeded(value: str) -> None:
    keys = json.loads(value)
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ValueError


def _check_enabled(value: str) -> None:
    if value not in ("0", "1"):
        raise ValueError


# Settings that are the person's data (not this computer's): the 90-in-90 start date, which
# library skills were already offered, reminder preferences, the crisis country and the person's
# own crisis lines, the sober/without-use wording, the lock's idle time-out and the daily call-in
# check. Window layout, backup
# folders and the like are left out on purpose.
EXPORTED_SETTINGS: dict[str, Callable[[str], Any]] = {
    NINETY_START_KEY: _check_ninety,
    SEEDED_SETTING: _check_seeded,
    ENABLED_KEY: _check_enabled,
    SELF_CHECK_KEY: _check_enabled,
    DEFAULT_MINUTES_KEY: check_default_minutes,
    COUNTRY_KEY: check_country_setting,
    LINES_KEY: check_own_lines,
    WORDING_KEY: check_style,
    IDLE_MINUTES_KEY: check_idle_minutes,
    CALLIN_KEY: _check_enabled,
}


# =========================================================================================
# JSON export
# =========================================================================================


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _array(items: list[str], indent: str) -> str:
    if not items:
        return "[]"
    inner = indent + " "
    return "[\n" + ",\n".join(inner + i for i in items) + "\n" + indent + "]"


def export_json(store: Store, *, now: dt.datetime | None = None) -> bytes:
    """The whole data set as a Steady export document (UTF-8 JSON, deterministic)."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    settings = {}
    for key in sorted(EXPORTED_SETTINGS):
        value = store.get_setting(key)
        if value is not None:
            settings[key] = value
    link_lines = [_dumps({"item_id": i, "uid": u}) for i, u in sorted(store.calendar_links.all().items())]
    sections = []
    for s, records in sections_of(store):
        plains = sorted((export_plain(r) for r in records), key=lambda p: p["id"])
        sections.append(f'  {_dumps(s.name)}: ' + _array([_dumps(p) for p in plains], "  "))
    text = (
        "{\n"
        f' "format": {_dumps(FORMAT)},\n'
        f' "version": {VERSION},\n'
        f' "exported_at": {_dumps(stamp.isoformat().replace("+00:00", "Z"))},\n'
        f' "app_version": {_dumps(__version__)},\n'
        f' "settings": {json.dumps(settings, ensure_ascii=False, sort_keys=True)},\n'
        f' "calendar_links": {_array(link_lines, " ")},\n'
        ' "records": {\n' + ",\n".join(sections) + "\n }\n}\n")
    return text.encode("utf-8")


def write_json(store: Store, path: str | os.PathLike, *, now: dt.datetime | None = None) -> int:
    """Export to `path` atomically; returns the number of bytes written. Raises StoreError."""
    data = export_json(store, now=now)
    write_file_atomically(Path(path), data)
    return len(data)


def content_of(data: bytes) -> dict[str, Any]:
    """An export without the fields that say when and by which version it was written:
    two exports of the same data have the same content."""
    doc = json.loads(data.decode("utf-8-sig"))
    doc.pop("exported_at", None)
    doc.pop("app_version", None)
    return doc


# =========================================================================================
# CSV export
# =========================================================================================


def neutralise(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return neutralise(CSV_LIST_SEPARATOR.join(str(v) for v in value))
    return neutralise(str(value))


def _csv_bytes(s: Section, records: list[Record]) -> bytes:
    columns = export_columns(s.record_type, records)
    when = s.record_type.WHEN
    plains = sorted((r.to_plain() for r in records),
                    key=lambda p: ((p.get(when) or "") if when else "", p["id"]))
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(p.get(c)) for c in columns] for p in plains)
    return buf.getvalue().encode("utf-8-sig")


def csv_files(store: Store) -> dict[str, bytes]:
    """{file name: CSV bytes} for every kind, oldest record first (undated kinds by id)."""
    return {f"{s.name}.csv": _csv_bytes(s, records) for s, records in sections_of(store)}


def export_csv(store: Store, target: str | os.PathLike) -> list[Path]:
    """Write one CSV per kind into the folder `target` (created if missing), or, when
    `target` ends in .zip, into one zip file. Returns the files written. Raises StoreError."""
    from app.storage.errors import StoreError

    target = Path(target)
    files = csv_files(store)
    if target.suffix.lower() == ".zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
        write_file_atomically(target, buf.getvalue())
        return [target]
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(_("Steady could not create the folder {path} ({reason}).").format(
            path=target, reason=exc.strerror or exc)) from None
    # A treatment-detail file left by an earlier export into this folder, whose kind has no
    # records now, is written again with its header only: never stale rows, never a deletion.
    for s in SECTIONS:
        name = f"{s.name}.csv"
        if s.optional and name not in files and (target / name).is_file():
            files[name] = _csv_bytes(s, [])
    written = []
    for name, data in files.items():
        write_file_atomically(target / name, data)
        written.append(target / name)
    return written


# =========================================================================================
# JSON import
# =========================================================================================


@dataclass(frozen=True)
class SectionPlan:
    name: str
    plural: str
    add: tuple[Record, ...] = ()
    update: tuple[Record, ...] = ()
    unchanged: int = 0


@dataclass(frozen=True)
class TransferPlan:
    source: str
    sections: tuple[SectionPlan, ...]
    links: tuple[tuple[str, str], ...] = ()  # (item_id, uid) to add or change
    settings: tuple[tuple[str, str], ...] = ()  # (key, value) to set
    warnings: tuple[str, ...] = ()
    version: int = VERSION  # the file's export format version
    exported_at: dt.datetime | None = None  # aware; None when the file does not say
    app_version: str = ""  # the Steady that wrote the file, when it says

    @property
    def added(self) -> int:
        return sum(len(s.add) for s in self.sections)

    @property
    def updated(self) -> int:
        return sum(len(s.update) for s in self.sections)

    @property
    def unchanged(self) -> int:
        return sum(s.unchanged for s in self.sections)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.updated or self.links or self.settings)

    def rows(self) -> list[tuple[str, int, int, int]]:
        """(kind label, to add, to update, unchanged) for every kind the file holds."""
        return [(i18n._(s.plural), len(s.add), len(s.update), s.unchanged) for s in self.sections
                if s.add or s.update or s.unchanged]

    def summary(self) -> str:
        text = _("{add} to add, {update} to update, {same} unchanged").format(
            add=f"{self.added:,}", update=f"{self.updated:,}", same=f"{self.unchanged:,}")
        links = ngettext("{n} calendar link", "{n} calendar links", len(self.links)).format(n=len(self.links))
        settings = ngettext("{n} setting", "{n} settings", len(self.settings)).format(n=len(self.settings))
        if self.links and self.settings:
            return text + " " + _("(and {links} and {settings} to set)").format(links=links, settings=settings)
        if self.links or self.settings:
            return text + " " + _("(and {things} to set)").format(things=links if self.links else settings)
        return text


@dataclass(frozen=True)
class TransferResult:
    added: int
    updated: int
    unchanged: int
    warnings: tuple[str, ...] = field(default=())

    def text(self, name: str) -> str:
        return _("Imported {name}: {added} added, {updated} updated, {same} already up to date.").format(
            name=name, added=f"{self.added:,}", updated=f"{self.updated:,}", same=f"{self.unchanged:,}")


def read_export_file(path: str | os.PathLike) -> bytes:
    """The bytes of an export file (see importing.read_bounded). Raises ValidationError."""
    return read_bounded(path, limit=MAX_FILE_BYTES, what="Steady export")


def parse_export(data: bytes, source: str | None = None) -> tuple[dict[str, list[Record]], list[dict], dict[str, str], Warnings]:
    """(records per section, calendar links, settings, warnings) from an export document.
    Raises ValidationError with one sentence naming the problem. `source` names the file in
    it ("The file" when not given)."""
    source = source or _("The file")
    text, replaced = decode(data)
    if replaced or is_utf16(data):  # Steady writes its exports in UTF-8, and nothing else
        raise ValidationError("file", _("{source} is not UTF-8 text, so it is not a Steady export.").format(
            source=source))
    try:
        doc = load_json(text, source)
    except json.JSONDecodeError as exc:
        raise ValidationError("file", _("{source} is not valid JSON (line {line}, column {column}: {problem}); "
                                        "nothing was imported.").format(
            source=source, line=exc.lineno, column=exc.colno, problem=exc.msg.lower())) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValidationError("file", _("{source} is not a Steady export (it has no \"format\": \"{format}\").").format(
            source=source, format=FORMAT))
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError("file", _("{source} has no valid export format version.").format(source=source))
    if version > VERSION:
        raise ValidationError("file", _("{source} was written by a newer Steady (export format version {version}; "
                                        "this Steady reads up to version {known}); update Steady to import it.").format(
            source=source, version=version, known=VERSION))
    raw_records = doc.get("records", {})
    if not isinstance(raw_records, dict):
        raise ValidationError("file", _("{source} is damaged: \"records\" is not an object.").format(source=source))
    unknown = sorted(set(raw_records) - set(_BY_NAME))
    if unknown:
        raise ValidationError("file", _("{source} holds records of an unknown kind “{kind}”.").format(
            source=source, kind=unknown[0]))
    records: dict[str, list[Record]] = {}
    seen: set[tuple[str, str]] = set()
    for s in SECTIONS:
        items = raw_records.get(s.name, [])
        if not isinstance(items, list):
            raise ValidationError("file", _("{source} is damaged: records of kind “{kind}” are not a list.").format(
                source=source, kind=s.name))
        allowed = set(s.record_type.field_names())
        out = []
        for i, plain in enumerate(items, 1):
            label = _("{kind} {n}").format(kind=_noun(s.name), n=i)  # "check-in 3": the kind in the person's words, and where
            if not isinstance(plain, dict):
                raise ValidationError("file", _("{source}: {record} is damaged (it is not a record).").format(
                    source=source, record=label))
            if isinstance(plain.get("id"), str):
                label += " " + _("(id {id})").format(id=plain["id"][:100])
            if "id" not in plain:
                raise ValidationError("file", _("{source}: {record} has no id.").format(source=source, record=label))
            extra = sorted(set(plain) - allowed)
            if extra:
                raise ValidationError("file", _("{source}: {record} has an unknown field “{field}”.").format(
                    source=source, record=label, field=extra[0]))
            try:
                record = s.record_type.from_plain(plain)
            except ValidationError as exc:
                raise ValidationError("file", _("{source}: {record} is invalid: {problem}").format(
                    source=source, record=label, problem=exc.message)) from None
            except (TypeError, ValueError) as exc:
                raise ValidationError("file", _("{source}: {record} is invalid ({problem}).").format(
                    source=source, record=label, problem=exc)) from None
            if (s.name, record.id) in seen:
                raise ValidationError("file", _("{source}: {record} appears twice.").format(source=source, record=label))
            seen.add((s.name, record.id))
            out.append(record)
        records[s.name] = out
    links = doc.get("calendar_links", [])
    if not isinstance(links, list) or not all(
            isinstance(link, dict) and isinstance(link.get("item_id"), str) and isinstance(link.get("uid"), str)
            and link["uid"] for link in links):
        raise ValidationError("file", _("{source} is damaged: a calendar link is not an item id and a UID.").format(
            source=source))
    settings_in = doc.get("settings", {})
    if not isinstance(settings_in, dict):
        raise ValidationError("file", _("{source} is damaged: \"settings\" is not an object.").format(source=source))
    settings: dict[str, str] = {}
    warnings = Warnings()
    for key, value in sorted(settings_in.items()):
        check = EXPORTED_SETTINGS.get(key)
        if check is None:
            warnings.add(_("The setting “{key}” is not one this Steady knows; it was left out.").format(key=key))
            continue
        try:
            if not isinstance(value, str):
                raise ValueError
            check(value)
        except (ValueError, TypeError):
            raise ValidationError("file", _("{source}: the setting “{key}” has an invalid value.").format(
                source=source, key=key)) from None
        settings[key] = value
    return records, links, settings, warnings


def _noun(section: str) -> str:
    kind = KINDS.get(section)
    return i18n._(kind.singular) if kind is not None else ngettext("changed session", "changed sessions", 1)


def export_facts(data: bytes) -> tuple[int, dt.datetime | None, str]:
    """(format version, when it was exported as an aware datetime or None, the Steady version
    that wrote it or "") of an export that parse_export accepted; what is missing or not
    readable is None or "", never an error (these are only shown, not relied on)."""
    doc = json.loads(data.decode("utf-8-sig"))
    when = None
    raw = doc.get("exported_at")
    if isinstance(raw, str):
        try:
            when = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            when = None
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
    app_version = doc.get("app_version")
    return int(doc["version"]), when, app_version[:40] if isinstance(app_version, str) else ""


def plan_json_import(store: Store, data: bytes, *, source: str | None = None) -> TransferPlan:
    """What importing the export `data` would add and update. Writes nothing.
    Raises ValidationError (one sentence) if the file cannot be imported as a whole."""
    source = source or _("The file")
    records, links, settings, warnings = parse_export(data, source)
    file_ids = {name: {r.id for r in rs} for name, rs in records.items()}
    store_ids: dict[str, set[str]] = {}
    plans = []
    for s in SECTIONS:
        repo = getattr(store, s.repo)
        existing = {r.id: r for r in repo.list()}
        store_ids[s.name] = set(existing)
        add, update, unchanged = [], [], 0
        day_ids = {r.day: r.id for r in existing.values()} if s.name in ("checkin", "callin") else {}
        dose_ids = ({(r.medication_id, r.day, r.slot): r.id for r in existing.values()}
                    if s.name == "dose" else {})
        slot_ids = ({(r.item_id, r.original_start): r.id for r in existing.values()}
                    if s.name == "schedule_change" else {})
        slug_ids = {r.slug: r.id for r in existing.values() if r.slug} if s.name == "group" else {}
        section: list[Any] = records[s.name]  # records of the section's own type
        for record in section:
            _check_refs(record, s, file_ids, store_ids, source)
            old = existing.get(record.id)
            if old is None:
                if s.name in ("checkin", "callin") and day_ids.get(record.day, record.id) != record.id:
                    warnings.add(_("The {kind} for {day} was skipped: Steady already has a different {kind} "
                                   "for that day.").format(kind=_noun(s.name), day=fmt.date(record.day)))
                    continue
                if s.name == "dose" and dose_ids.get((record.medication_id, record.day, record.slot),
                                                     record.id) != record.id:
                    warnings.add(_("Dose {n} of {day} was skipped: Steady already has that dose of that "
                                   "medication logged.").format(n=record.slot, day=fmt.date(record.day)))
                    continue
                if s.name == "schedule_change" and slot_ids.get((record.item_id, record.original_start),
                                                                record.id) != record.id:
                    warnings.add(_("The change to the session of {when} was skipped: Steady already has a "
                                   "different change for it.").format(
                        when=fmt.weekday_time(record.original_start, year=True)))
                    continue
                if s.name == "group" and record.slug and slug_ids.get(record.slug, record.id) != record.id:
                    warnings.add(_("The meeting “{name}” was imported without its feed id “{slug}”, which "
                                   "another meeting here already uses.").format(name=record.name, slug=record.slug))
                    record = record.with_changes(slug="")
                add.append(record)
            elif old.to_plain() != record.to_plain():
                update.append(record)
            else:
                unchanged += 1
        plans.append(SectionPlan(s.name, s.plural, tuple(add), tuple(update), unchanged))
    schedule_ids = store_ids["schedule"] | file_ids["schedule"]
    current = store.calendar_links.all()
    uid_owner = {u: i for i, u in current.items()}
    new_links = []
    for link in sorted(links, key=lambda link: link["item_id"]):
        item_id, uid = link["item_id"], link["uid"]
        if item_id not in schedule_ids:
            raise ValidationError("file", _("{source}: a calendar link refers to schedule item {id}, which is "
                                            "neither in the file nor already in Steady.").format(
                source=source, id=item_id))
        if current.get(item_id) == uid:
            continue
        if uid_owner.get(uid, item_id) != item_id:
            warnings.add(_("The calendar link {uid} was skipped: another schedule item here already has it.").format(
                uid=uid))
            continue
        new_links.append((item_id, uid))
        uid_owner[uid] = item_id
    new_settings = []
    for key, value in settings.items():
        old = store.get_setting(key)
        if key == SEEDED_SETTING and old:
            try:
                merged = set(json.loads(old)) | set(json.loads(value))
                value = json.dumps(sorted(merged))
            except (ValueError, TypeError):
                pass
        if old != value:
            new_settings.append((key, value))
    version, exported_at, app_version = export_facts(data)
    return TransferPlan(source, tuple(plans), tuple(new_links), tuple(new_settings), warnings.as_tuple(),
                        version=version, exported_at=exported_at, app_version=app_version)


def _check_refs(record: Record, s: Section, file_ids, store_ids, source: str) -> None:
    for spec in F.specs_of(s.record_type):
        if spec.kind not in (F.REF, F.REFS) or not spec.ref:
            continue
        value = getattr(record, spec.name)
        for ref_id in (value if spec.kind == F.REFS else ((value,) if value else ())):
            target = _REF_SECTION.get(spec.ref, spec.ref)
            if ref_id not in file_ids.get(target, ()) and ref_id not in store_ids.get(target, ()):
                raise ValidationError("file", _("{source}: {kind} record {id} refers to a {target} ({ref}) that is "
                                                "neither in the file nor already in Steady.").format(
                    source=source, kind=s.name, id=record.id, target=i18n._(KINDS[target].singular), ref=ref_id))


def apply_json_import(store: Store, records_service, plan: TransferPlan) -> TransferResult:
    """Write the plan in one transaction (all or nothing), then tell listeners what changed.
    Raises StoreError (nothing written) if the data file cannot take it."""
    changed: dict[str, None] = {}
    if any(sp.add or sp.update for sp in plan.sections):
        before_import(store, getattr(records_service, "clock", None))
    with store.transaction():
        for sp in plan.sections:
            repo = getattr(store, _BY_NAME[sp.name].repo)
            # Added since the plan was made (e.g. while the preview was open): update instead.
            late = [r for r in sp.add if repo.exists(r.id)] if sp.add else []
            late_ids = {r.id for r in late}
            repo.add_many(r for r in sp.add if r.id not in late_ids)
            for record in late + list(sp.update):
                repo.update(record)
            if sp.add or sp.update:
                changed["schedule" if sp.name == "schedule_change" else sp.name] = None
        for item_id, uid in plan.links:
            store.calendar_links.link(item_id, uid, plan.source)
            changed["schedule"] = None
        for key, value in plan.settings:
            store.set_setting(key, value)
    if records_service is not None:
        for name in changed:
            records_service.notify(name)
    return TransferResult(plan.added, plan.updated, plan.unchanged, plan.warnings)


# =========================================================================================
# For the GUI, which holds no store
# =========================================================================================


class TransferService:
    """The export/import use cases bound to one store (like CalendarFiles for calendars)."""

    def __init__(self, store: Store, records_service):
        self.store = store
        self.records = records_service

    def export(self, fmt: str, path: str | os.PathLike) -> str:
        """Write `fmt` ("json", "csv" or "xlsx") to `path`; returns one sentence saying what was written."""
        if fmt == "json":
            size = write_json(self.store, path)
            return _("Exported all your data to {path} ({size} bytes).").format(path=path, size=f"{size:,}")
        if fmt == "csv":
            written = export_csv(self.store, path)
            where = written[0] if len(written) == 1 else path
            return _("Exported your records as CSV to {path}.").format(path=where)
        if fmt == "xlsx":
            from .spreadsheet import export_xlsx

            size = export_xlsx(self.store, path)
            return _("Exported all your records as a spreadsheet to {path} ({size} bytes).").format(
                path=path, size=f"{size:,}")
        raise ValueError(fmt)

    def plan(self, path: str | os.PathLike) -> TransferPlan:
        data = read_export_file(path)
        return plan_json_import(self.store, data, source=Path(path).name)

    def apply(self, plan: TransferPlan) -> TransferResult:
        return apply_json_import(self.store, self.records, plan)
