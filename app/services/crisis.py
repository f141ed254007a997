"""Get help now: the person's crisis contacts, the crisis lines for their country, and the
first steps of their safety plan, for the window and `steady help-now` alike.

Steady's lines come from `app/resources/crisis_lines.json`, each checked against a public source
(named in the file). The person can change any line or add their own: their list for a
country is saved in the data file (setting `crisis.lines`, so it travels in exports and
backups) and replaces Steady's list for that country until they reset it. The country
(`crisis.country`) defaults to the one in the system locale. Steady's own lines are read in the
language in use (their names and what they are for; app/services/data_text.py); numbers never
change.
"""

from __future__ import annotations

import datetime as dt
import json
import locale
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from app.domain import i18n
from app.domain.crisis import SENDS_NOTHING, CrisisLine, check_country, country_from_locale
from app.domain.errors import ValidationError
from app.domain.i18n import _
from app.domain.records import CONTACT_ROLES, SupportContact

from .data_text import translated
from .resources import ResourceError, read_json_resource, resource_path

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.services.plans import PlanService
    from app.services.records import RecordService
    from app.storage import Store

COUNTRY_KEY = "crisis.country"
LINES_KEY = "crisis.lines"
MAX_OWN_LINES = 30


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    lines: tuple[CrisisLine, ...]


def crisis_lines_path() -> Path:
    return resource_path("crisis_lines.json")


def parse_crisis_lines(data: Any, source: str = "crisis_lines.json") -> dict[str, Country]:
    """Countries by code. Every line of Steady's own must name the public source it was
    checked against and the date; ResourceError otherwise."""
    if not isinstance(data, dict) or not isinstance(data.get("countries"), dict):
        raise ResourceError(f"{source}: expected an object with \"countries\".")
    out: dict[str, Country] = {}
    for code, entry in data["countries"].items():
        try:
            if check_country(code) != code or not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise ValidationError("country", "a country needs its two-letter code and a name")
            lines = tuple(CrisisLine.from_plain(item) for item in entry.get("lines", []))
        except ValidationError as exc:
            raise ResourceError(f"{source}: {code}: {exc.message}") from None
        for line in lines:
            if not line.key or not line.source_url.startswith("https://") or not _is_date(line.checked):
                raise ResourceError(f"{source}: {code}: “{line.name}” needs a key, a source url and the date "
                                    "it was checked.")
        out[code] = Country(code, entry["name"], lines)
    return out


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


_cached: dict[str, dict[str, Country]] = {}


def steady_countries() -> dict[str, Country]:
    """The packaged crisis lines in the language in use, read once per process and language."""
    language = i18n.language()
    if language not in _cached:
        path = crisis_lines_path()
        data = read_json_resource(path, "crisis lines")
        parse_crisis_lines(data, path.name)  # the file as written must be valid in every language
        _cached[language] = parse_crisis_lines(translated(data, "crisis_lines.json"), path.name)
    return _cached[language]


def system_country(environ: dict[str, str] | None = None) -> str | None:
    """The territory of the system locale (LC_ALL, LC_MESSAGES, LANG, then the C library's)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return country_from_locale(env[name])
    if environ is not None:
        return None
    try:
        return country_from_locale(locale.getlocale()[0])
    except ValueError:
        return None


def parse_own_lines(value: str) -> dict[str, tuple[CrisisLine, ...]]:
    """The saved `crisis.lines` setting: {country: [line, …]}; ValueError if malformed."""
    data = json.loads(value) if value else {}
    if not isinstance(data, dict):
        raise ValueError("crisis.lines must be an object of countries")
    out = {}
    for code, items in data.items():
        if check_country(code) != code or not isinstance(items, list) or len(items) > MAX_OWN_LINES:
            raise ValueError(f"crisis.lines: {code!r} must be a country code with a list of lines")
        try:
            out[code] = tuple(CrisisLine.from_plain(item) for item in items)
        except ValidationError as exc:
            raise ValueError(exc.message) from None
    return out


def check_own_lines(value: str) -> None:
    """The setting's validator for imports (ValueError when malformed)."""
    parse_own_lines(value)


def check_country_setting(value: str) -> None:
    try:
        if check_country(value) != value:
            raise ValueError("not upper case")
    except ValidationError as exc:
        raise ValueError(exc.message) from None


@dataclass(frozen=True)
class CrisisContact:
    name: str
    role: str  # its label in the language in use ("Sponsor", "Padrino o madrina")
    phone: str
    email: str
    id: str


@dataclass(frozen=True)
class HelpNow:
    """What the Get help now panel and `steady help-now` show, in this order."""

    contacts: tuple[CrisisContact, ...]
    country: str | None
    country_name: str
    lines: tuple[CrisisLine, ...]
    own_lines: bool  # the person's own list for this country replaces Steady's
    plan_steps: tuple[str, ...]
    sends_nothing: str = SENDS_NOTHING

    def to_plain(self) -> dict[str, Any]:
        return {
            "crisis_contacts": [{"name": c.name, "role": c.role, "phone": c.phone, "email": c.email, "id": c.id}
                                for c in self.contacts],
            "country": self.country,
            "country_name": self.country_name,
            "lines": [line.to_plain() for line in self.lines],
            "lines_are_your_own": self.own_lines,
            "safety_plan_first_steps": list(self.plan_steps),
            "note": self.sends_nothing,
        }


class CrisisService:
    """`plans` (a PlanService) gives the first steps of the person's safety plan; `environ`
    stands in for the process environment when tests fix a locale."""

    def __init__(self, records: RecordService, *, plans: PlanService | None = None,
                 environ: dict[str, str] | None = None):
        self.records = records
        self.store: Store = records.store
        if plans is None:
            from .plans import PlanService

            plans = PlanService(records)
        self.plans = plans
        self.environ = environ

    # --- country ------------------------------------------------------------------------------

    def countries(self) -> list[tuple[str, str]]:
        """(code, name) of every country Steady has lines for, by name."""
        return sorted(((c.code, c.name) for c in steady_countries().values()), key=lambda c: c[1])

    def country(self) -> str | None:
        """The chosen country, else the system locale's, else None."""
        chosen = self.store.get_setting(COUNTRY_KEY)
        if chosen:
            try:
                return check_country(chosen)
            except ValidationError:
                pass
        return system_country(self.environ)

    def country_name(self, code: str | None) -> str:
        if code is None:
            return ""
        known = steady_countries().get(code)
        return known.name if known else code

    def set_country(self, code: str) -> str:
        code = check_country(code)
        self.store.set_setting(COUNTRY_KEY, code)
        self.records.notify("crisis")
        return code

    # --- lines ----------------------------------------------------------------------------------

    def _own(self) -> dict[str, tuple[CrisisLine, ...]]:
        try:
            return parse_own_lines(self.store.get_setting(LINES_KEY) or "")
        except ValueError:
            return {}  # a damaged setting must never hide Steady's lines

    def has_own_lines(self, country: str | None = None) -> bool:
        country = country or self.country()
        return country is not None and country in self._own()

    def steady_lines(self, country: str | None) -> tuple[CrisisLine, ...]:
        known = steady_countries().get(country) if country else None
        return known.lines if known else ()

    def lines(self, country: str | None = None) -> tuple[CrisisLine, ...]:
        """The person's own list for the country if they made one, else Steady's."""
        country = country or self.country()
        if country is None:
            return ()
        own = self._own()
        return own[country] if country in own else self.steady_lines(country)

    def save_lines(self, country: str, lines: Iterable[CrisisLine]) -> None:
        """Keep `lines` as the person's list for `country` (replacing Steady's there)."""
        country = check_country(country)
        lines = tuple(lines)
        if len(lines) > MAX_OWN_LINES:
            raise ValidationError("lines", _("Keep at most {count} lines for a country.").format(count=MAX_OWN_LINES))
        own = self._own()
        own[country] = lines
        self._write(own)

    def reset_lines(self, country: str) -> None:
        """Back to Steady's list for `country`."""
        own = self._own()
        if own.pop(check_country(country), None) is not None:
            self._write(own)

    def _write(self, own: dict[str, tuple[CrisisLine, ...]]) -> None:
        value = json.dumps({c: [line.to_plain() for line in lines] for c, lines in sorted(own.items())},
                           ensure_ascii=False, sort_keys=True)
        self.store.set_setting(LINES_KEY, value)
        self.records.notify("crisis")

    # --- people and the panel ---------------------------------------------------------------

    def crisis_contacts(self) -> tuple[CrisisContact, ...]:
        """Support-network entries marked "Call in a crisis", by name."""
        roles = dict(CONTACT_ROLES)
        found = [c for c in self.store.contacts.list() if isinstance(c, SupportContact) and c.emergency]
        found.sort(key=lambda c: c.name.casefold())
        return tuple(CrisisContact(c.name, _(roles[c.role]) if c.role in roles else c.role, c.phone, c.email, c.id)
                     for c in found)

    def help_now(self) -> HelpNow:
        country = self.country()
        steps = tuple(item.text for item in self.plans.first_steps())
        return HelpNow(contacts=self.crisis_contacts(), country=country, country_name=self.country_name(country),
                       lines=self.lines(country), own_lines=self.has_own_lines(country), plan_steps=steps,
                       sends_nothing=_(SENDS_NOTHING))
