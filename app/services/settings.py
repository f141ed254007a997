"""The settings that are the person's data (not this computer's), by the keys `steady
settings get/set` and the README list. Each has a sentence, a check and a default; they
travel in JSON exports and backups (`transfer.EXPORTED_SETTINGS` uses the same checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from app.domain.errors import ValidationError
from app.domain.i18n import N_, _
from app.domain.reminders import DEFAULT_MINUTES, check_default_minutes
from app.domain.wording import SOBER, check_style

from .app_lock import IDLE_MINUTES_KEY, check_idle_minutes
from .crisis import COUNTRY_KEY, LINES_KEY, check_country_setting, check_own_lines, system_country
from .recovery import WORDING_KEY
from .reminders import DEFAULT_MINUTES_KEY, ENABLED_KEY, SELF_CHECK_KEY
from .treatment import CALLIN_KEY

if TYPE_CHECKING:
    from app.storage import Store


def _check_enabled(value: str) -> None:
    if value not in ("0", "1"):
        raise ValueError("0 or 1")


@dataclass(frozen=True)
class Setting:
    key: str
    about: str  # one sentence for --help and the README (marked N_: show it as _(setting.about))
    check: Callable[[str], object]  # raises ValueError when the value is not allowed
    default: Callable[[], str | None]
    normalize: Callable[[str], str] = str.strip


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting(COUNTRY_KEY, N_("the country whose crisis lines Get help now shows: two letters, like US, CA, GB, "
                            "IE, AU, NZ, ES or MX (default: from your system's locale)"),
            check_country_setting, system_country, lambda v: {"UK": "GB"}.get(v.strip().upper(), v.strip().upper())),
    Setting(LINES_KEY, N_("your own crisis lines per country, as JSON (Preferences ▸ Crisis lines edits them)"),
            check_own_lines, lambda: None),
    Setting(WORDING_KEY, N_("sober or without_use: say “days without use” instead of “sober” everywhere"),
            check_style, lambda: SOBER),
    Setting(ENABLED_KEY, N_("1 to remind you before sessions while Steady runs, 0 not to"), _check_enabled, lambda: "1"),
    Setting(DEFAULT_MINUTES_KEY, N_("minutes before a session its reminder comes, unless the session sets its "
                                    "own (0–1440)"), check_default_minutes, lambda: str(DEFAULT_MINUTES)),
    Setting(SELF_CHECK_KEY, N_("1 for a gentle reminder to take a self-check two weeks after the last one, "
                               "0 not to (the default)"), _check_enabled, lambda: "0"),
    Setting(IDLE_MINUTES_KEY, N_("lock the window after this many minutes without use (5–120), or 0 never"),
            check_idle_minutes, lambda: "0"),
    Setting(CALLIN_KEY, N_("1 to be asked on Today each day whether you called your program's drug-screen "
                           "line, 0 not to (default)"), _check_enabled, lambda: "0"),
)}


def _known(key: str) -> Setting:
    setting = SETTINGS.get(key)
    if setting is None:
        raise ValidationError("key", _("“{key}” is not a setting Steady knows; the settings are {known}.").format(
            key=key[:60], known=", ".join(SETTINGS)))
    return setting


def get_setting(store: Store, key: str) -> tuple[str | None, bool]:
    """(value, whether it is the default)."""
    setting = _known(key)
    value = store.get_setting(key)
    if value:
        return value, False
    return setting.default(), True


def set_setting(store: Store, key: str, value: str) -> str:
    """Check and save; ValidationError with a sentence when the value is not allowed."""
    setting = _known(key)
    value = setting.normalize(value)
    try:
        setting.check(value)
    except ValidationError as exc:
        raise ValidationError(key, exc.message) from None
    except (ValueError, TypeError):
        raise ValidationError(key, _("{value} is not a value {key} takes: {about}.").format(
            value=repr(value[:60]), key=key, about=_(setting.about))) from None
    store.set_setting(key, value)
    return value


# The name printed on reports, remembered for the next one. A person's name is theirs, not
# this computer's: it lives in the data file (encrypted with it), not in the per-computer
# settings file, which holds window state only. Not exported; not a `steady settings` key.
REPORT_NAME_KEY = "reports.name"


def report_name(store: Store) -> str:
    return store.get_setting(REPORT_NAME_KEY) or ""


def remember_report_name(store: Store, name: str) -> None:
    if name != report_name(store):
        store.set_setting(REPORT_NAME_KEY, name)

