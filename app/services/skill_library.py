"""Steady's coping-skill library: read from `app/resources/skills/library.json`, seeded into a data file.

Every library skill has a permanent `key`. A seeded skill gets an id derived from its key
(`library_skill_id`), so the same skill has the same id in every data file (exports merge
without duplicates) and the demo can use library skills before the library is seeded.
The keys already offered to a data file are remembered in the `skills.seeded` setting:
a skill the person deleted is never added again.

Each library skill has a `revision` and a `source`. When the library's words for a skill
change, its revision rises and the fingerprint of the words it replaces goes into the
skill's `shipped` list. A data file's copy is brought up to date only while its words are
still words Steady shipped (the current ones or one in `shipped`): the person's own edits
are never overwritten, and nothing needs to be recorded about who changed what. A retired
skill (`retired`) whose copy still has shipped words is archived, so its history stays.

The library's words are read in the language in use (app/services/data_text.py): a data file
seeded while Spanish is in use gets the skills in Spanish. A translated skill counts the
English words (current and shipped) as shipped words too, so a copy seeded in English is still
brought up to date after the language changes. When a skill's words change, add to `shipped`
the fingerprints of the words it replaces in every language (a translated copy's fingerprint
too), since the old translation leaves the catalogue with the old English.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence, cast

from app.domain import i18n
from app.domain.errors import SteadyError, ValidationError
from app.domain.i18n import _
from app.domain.records import CopingSkill

from .data_text import translated
from .resources import resource_path

if TYPE_CHECKING:  # the store is reached through the service; importing it would load sqlite-utils
    from app.services.records import RecordService
    from app.storage import Store

SEEDED_SETTING = "skills.seeded"
# The library version last applied to this data file, so the update check costs one read.
APPLIED_SETTING = "skills.library_version"
# Fixed for ever: changing it would give every library skill a new id.
_ID_NAMESPACE = uuid.UUID("5b0e7c3e-2f4d-4c59-9a53-8d7d2b1f6a10")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_]{1,59}$")
_HOW_TO_MAX = 900


class LibraryError(SteadyError, ValueError):
    """The library resource is missing or malformed (a packaging or editing mistake)."""


def library_path() -> Path:
    """`app/resources/skills/library.json`, inside the package (app/services/resources.py)."""
    return resource_path("skills", "library.json")


def library_skill_id(key: str) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, "steady-skill:" + key))


def fingerprint(skill: CopingSkill) -> str:
    """A short, stable digest of a skill's words (name, group, how-to)."""
    text = json.dumps([skill.name, skill.category, skill.how_to], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class LibrarySkill:
    key: str
    skill: CopingSkill  # builtin, with its library id, source and revision
    shipped: tuple[str, ...] = ()  # fingerprints of earlier words of this skill

    def has_shipped_words(self, skill: CopingSkill) -> bool:
        return fingerprint(skill) in (fingerprint(self.skill), *self.shipped)


@dataclass(frozen=True)
class Library:
    version: int
    skills: tuple[LibrarySkill, ...]
    first_suggestions: tuple[str, ...] = ()  # keys offered first before there is any history
    retired: tuple[LibrarySkill, ...] = ()  # no longer offered; `skill` is unused but for its id

    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.skills)

    def by_key(self, key: str) -> CopingSkill:
        for s in self.skills:
            if s.key == key:
                return s.skill
        raise KeyError(key)

    def key_of(self, skill_id: str) -> str | None:
        for s in self.skills:
            if s.skill.id == skill_id:
                return s.key
        return None

    def default_order(self, skills: Iterable[CopingSkill]) -> list[CopingSkill]:
        """`skills` in the order to suggest them when nothing has been logged yet: the
        library's first suggestions, then the person's own skills (newest ideas are theirs),
        then the rest of the library in its order."""
        position = {s.skill.id: i for i, s in enumerate(self.skills)}
        first = {library_skill_id(k): i for i, k in enumerate(self.first_suggestions)}

        def rank(item: tuple[int, CopingSkill]) -> tuple:
            index, skill = item
            if skill.id in first:
                return (0, first[skill.id])
            if skill.id not in position:
                return (1, index)
            return (2, position[skill.id])

        return [s for _index, s in sorted(enumerate(skills), key=rank)]


def parse_library(data: object, source: str = "library") -> Library:
    """Check every entry (through the domain's own validation) and build the Library."""
    if not isinstance(data, dict):
        raise LibraryError(f"{source}: expected a JSON object with a list of skills.")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise LibraryError(f"{source}: 'version' must be a whole number of 1 or more.")
    entries = data.get("skills")
    if not isinstance(entries, list) or not entries:
        raise LibraryError(f"{source}: 'skills' must be a non-empty list.")
    out: list[LibrarySkill] = []
    keys: set[str] = set()
    names: set[str] = set()
    for n, entry in enumerate(entries, 1):
        where = f"{source}, skill {n}"
        if not isinstance(entry, dict):
            raise LibraryError(f"{where}: expected an object.")
        unknown = set(entry) - {"key", "name", "category", "how_to", "source", "revision", "shipped"}
        if unknown:
            raise LibraryError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
        key = entry.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            raise LibraryError(f"{where}: 'key' must be lower-case letters, digits and _ (got {key!r}).")
        where = f"{source}, skill {key!r}"
        if key in keys:
            raise LibraryError(f"{where}: the key is used twice.")
        how_to = entry.get("how_to")
        if not isinstance(how_to, str) or not how_to.strip():
            raise LibraryError(f"{where}: 'how_to' must be a paragraph of text.")
        if len(how_to) > _HOW_TO_MAX or "\n" in how_to:
            raise LibraryError(f"{where}: 'how_to' must be one paragraph of at most {_HOW_TO_MAX} characters.")
        # Not `source`: that names the file in every later skill's messages.
        skill_source, revision = entry.get("source"), entry.get("revision")
        if not isinstance(skill_source, str) or not skill_source.strip():
            raise LibraryError(f"{where}: 'source' must name where the skill comes from.")
        if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
            raise LibraryError(f"{where}: 'revision' must be a whole number of 1 or more.")
        shipped = _fingerprints(entry.get("shipped", []), where)
        try:
            skill = CopingSkill(id=library_skill_id(key), name=cast(str, entry.get("name")),
                                category=cast(str, entry.get("category")),
                                how_to=how_to, builtin=True, source=skill_source, revision=revision)
        except ValidationError as exc:
            raise LibraryError(f"{where}: {exc.message}") from None
        if skill.name != skill.name.strip():
            raise LibraryError(f"{where}: the name has spaces around it.")
        if skill.name.casefold() in names:
            raise LibraryError(f"{where}: another skill is also called {skill.name!r}.")
        keys.add(key)
        names.add(skill.name.casefold())
        out.append(LibrarySkill(key, skill, shipped))
    first = data.get("first_suggestions", [])
    if not isinstance(first, list) or any(k not in keys for k in first) or len(set(first)) != len(first):
        raise LibraryError(f"{source}: 'first_suggestions' must list keys of skills in the library, once each.")
    retired = []
    for entry in data.get("retired", []):
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str) or not _KEY.match(key) or key in keys:
            raise LibraryError(f"{source}: each 'retired' entry needs the key of a skill no longer in the library.")
        placeholder = CopingSkill(id=library_skill_id(key), name=key, builtin=True)
        retired.append(LibrarySkill(key, placeholder, _fingerprints(entry.get("shipped", []), f"{source}, {key!r}")))
    return Library(version=version, skills=tuple(out), first_suggestions=tuple(first), retired=tuple(retired))


def _fingerprints(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and re.fullmatch(r"[0-9a-f]{16}", v) for v in value):
        raise LibraryError(f"{where}: 'shipped' must list 16-digit hex fingerprints.")
    return tuple(value)


def load_library(path: Path | None = None) -> Library:
    """The library file, validated, in the language in use. Raises LibraryError when it is
    missing or malformed."""
    path = Path(path) if path is not None else library_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LibraryError(_("The coping-skill library is missing: {path}.").format(path=path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LibraryError(_("The coping-skill library {path} cannot be read: {problem}.").format(
            path=path, problem=exc)) from None
    english = parse_library(data, path.name)
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return english
    library = parse_library(translated(data, "skills/library.json"), path.name)
    return _also_shipped(library, english)


def _also_shipped(library: Library, english: Library) -> Library:
    """`library` (translated) with each skill's English words counted as shipped words."""
    originals = {entry.key: entry for entry in english.skills}
    skills = []
    for entry in library.skills:
        source = originals[entry.key]
        extra = (fingerprint(source.skill), *source.shipped)
        skills.append(LibrarySkill(entry.key, entry.skill,
                                   tuple(dict.fromkeys((*entry.shipped, *extra)))))
    return Library(version=library.version, skills=tuple(skills), first_suggestions=library.first_suggestions,
                   retired=library.retired)


_cached: dict[str, Library] = {}


def default_library() -> Library:
    """The packaged library in the language in use, read once per process and language."""
    language = i18n.language()
    if language not in _cached:
        _cached[language] = load_library()
    return _cached[language]


# --- seeding ----------------------------------------------------------------------------------


def seeded_keys(store: Store) -> set[str]:
    raw = store.get_setting(SEEDED_SETTING)
    if not raw:
        return set()
    try:
        keys = json.loads(raw)
    except json.JSONDecodeError:
        return set()
    return {k for k in keys if isinstance(k, str)} if isinstance(keys, list) else set()


def remember_seeded(store: Store, keys: Iterable[str]) -> None:
    """Add `keys` to the offered keys. Call inside the transaction that wrote the skills."""
    known = seeded_keys(store) | set(keys)
    store.set_setting(SEEDED_SETTING, json.dumps(sorted(known)))


@dataclass(frozen=True)
class SeedResult:
    added: tuple[CopingSkill, ...]
    already_there: tuple[str, ...]  # keys whose skill the data file already had (same id or name)


def seed_library(records: RecordService, library: Library | None = None) -> SeedResult:
    """Add the library skills this data file has never been offered. Idempotent and quick
    (one settings read when there is nothing new), so it runs at every start.

    A library skill whose id or name (ignoring case) already exists is not added again;
    its key is remembered all the same. Everything is written in one transaction.
    """
    library = library or default_library()
    store = records.store
    update_library(records, library)
    offered = seeded_keys(store)
    pending = [s for s in library.skills if s.key not in offered]
    if not pending:
        return SeedResult((), ())
    existing = cast("list[CopingSkill]", records.list("skill"))
    ids = {s.id for s in existing}
    names = {s.name.casefold() for s in existing}
    added: list[CopingSkill] = []
    there: list[str] = []
    for entry in pending:
        if entry.skill.id in ids or entry.skill.name.casefold() in names:
            there.append(entry.key)
        else:
            records.check(entry.skill, is_new=True)
            added.append(entry.skill)
    with store.transaction():
        records.repo("skill").add_many(added)
        remember_seeded(store, (s.key for s in pending))
    if added:
        records.notify("skill")
    return SeedResult(tuple(added), tuple(there))


def update_library(records: RecordService, library: Library | None = None) -> list[CopingSkill]:
    """Bring this data file's library skills up to the library's revision where their words
    are still Steady's, and archive retired ones likewise; the person's edits are left alone.
    Returns the skills written (new versions). One settings read when already up to date."""
    library = library or default_library()
    store = records.store
    if store.get_setting(APPLIED_SETTING) == str(library.version):
        return []
    changed: list[CopingSkill] = []
    for entry in library.skills:
        mine = cast("CopingSkill | None", records.get("skill", entry.skill.id))
        if mine is None or not mine.builtin:
            continue
        if mine.revision < entry.skill.revision and entry.has_shipped_words(mine):
            changed.append(entry.skill.with_changes(archived=mine.archived))
        elif mine.revision < entry.skill.revision and not mine.source:
            # Their own words stay; the source is still worth knowing.
            changed.append(mine.with_changes(source=entry.skill.source))
    for entry in library.retired:
        mine = cast("CopingSkill | None", records.get("skill", entry.skill.id))
        if mine is not None and mine.builtin and not mine.archived and fingerprint(mine) in entry.shipped:
            changed.append(mine.with_changes(archived=True))
    with store.transaction():
        for skill in changed:
            records.check(skill, is_new=False)
            records.repo("skill").update(skill)
        store.set_setting(APPLIED_SETTING, str(library.version))
    if changed:
        records.notify("skill")
    return changed


def suggestion_order(skills: Sequence[CopingSkill], library: Library | None = None) -> list[CopingSkill]:
    """Skills in the order to offer them before any history (see Library.default_order)."""
    try:
        library = library or default_library()
    except LibraryError:
        return list(skills)
    return library.default_order(skills)
