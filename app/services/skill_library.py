"""Steady's coping-skill library: read from `resources/skills/library.json`, seeded into a data file.

Every library skill has a permanent `key`. A seeded skill gets an id derived from its key
(`library_skill_id`), so the same skill has the same id in every data file (exports merge
without duplicates) and the demo can use library skills before the library is seeded.
The keys already offered to a data file are remembered in the `skills.seeded` setting:
a skill the person deleted is never added again, and their edits are never overwritten,
because seeding only ever adds skills whose key it has not offered before.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from app.domain.errors import SteadyError, ValidationError
from app.domain.records import CopingSkill

from .resources import resource_path

if TYPE_CHECKING:  # the store is reached through the service; importing it would load sqlite-utils
    from app.services.records import RecordService
    from app.storage import Store

SEEDED_SETTING = "skills.seeded"
# Fixed for ever: changing it would give every library skill a new id.
_ID_NAMESPACE = uuid.UUID("5b0e7c3e-2f4d-4c59-9a53-8d7d2b1f6a10")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_]{1,59}$")
_HOW_TO_MAX = 900


class LibraryError(SteadyError, ValueError):
    """The library resource is missing or malformed (a packaging or editing mistake)."""


def library_path() -> Path:
    """`resources/skills/library.json`, next to the `app` package.

    The same relative place in a source checkout and in an installed package: the wheel
    carries it (pyproject.toml, `[tool.setuptools.package-data]`) as `resources/skills/`
    beside `app/` in site-packages.
    """
    return resource_path("skills", "library.json")


def library_skill_id(key: str) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, "steady-skill:" + key))


@dataclass(frozen=True)
class LibrarySkill:
    key: str
    skill: CopingSkill  # builtin, with its library id


@dataclass(frozen=True)
class Library:
    version: int
    skills: tuple[LibrarySkill, ...]
    first_suggestions: tuple[str, ...] = ()  # keys offered first before there is any history

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

        return [s for _, s in sorted(enumerate(skills), key=rank)]


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
        unknown = set(entry) - {"key", "name", "category", "how_to"}
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
        try:
            skill = CopingSkill(id=library_skill_id(key), name=entry.get("name"), category=entry.get("category"),
                                how_to=how_to, builtin=True)
        except ValidationError as exc:
            raise LibraryError(f"{where}: {exc.message}") from None
        if skill.name != skill.name.strip():
            raise LibraryError(f"{where}: the name has spaces around it.")
        if skill.name.casefold() in names:
            raise LibraryError(f"{where}: another skill is also called {skill.name!r}.")
        keys.add(key)
        names.add(skill.name.casefold())
        out.append(LibrarySkill(key, skill))
    first = data.get("first_suggestions", [])
    if not isinstance(first, list) or any(k not in keys for k in first) or len(set(first)) != len(first):
        raise LibraryError(f"{source}: 'first_suggestions' must list keys of skills in the library, once each.")
    return Library(version=version, skills=tuple(out), first_suggestions=tuple(first))


def load_library(path: Path | None = None) -> Library:
    """The library file, validated. Raises LibraryError when it is missing or malformed."""
    path = Path(path) if path is not None else library_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LibraryError(f"The coping-skill library is missing: {path}.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LibraryError(f"The coping-skill library {path} cannot be read: {exc}.") from None
    return parse_library(data, path.name)


_cached: Library | None = None


def default_library() -> Library:
    """The packaged library, read once per process."""
    global _cached
    if _cached is None:
        _cached = load_library()
    return _cached


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
    offered = seeded_keys(store)
    pending = [s for s in library.skills if s.key not in offered]
    if not pending:
        return SeedResult((), ())
    existing = records.list("skill")
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


def suggestion_order(skills: Sequence[CopingSkill], library: Library | None = None) -> list[CopingSkill]:
    """Skills in the order to offer them before any history (see Library.default_order)."""
    try:
        library = library or default_library()
    except LibraryError:
        return list(skills)
    return library.default_order(skills)
