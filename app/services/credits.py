"""What About Steady credits, read from the resources it ships rather than kept by hand: the
safety-planning and relapse-prevention sources of My plan, the approaches the skill library
names (each skill's `source`), each self-check's citation and licence, and the software Steady
is built on with its licence."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.i18n import N_, _

from .assessments import instruments
from .plans import CREDITS as PLAN_CREDITS
from .skill_library import default_library

LICENCE = "MIT"

# (name, what Steady uses it for, its licence): the libraries a running Steady loads. Marked for
# the catalogue here and translated in credits(), so About reads in the language in use.
SOFTWARE = (
    (N_("Qt and PySide6 (Qt for Python)"), N_("the window"), "LGPL v3"),
    ("matplotlib", N_("the charts"), N_("matplotlib licence (based on the PSF licence)")),
    ("sqlite-utils", N_("the data file"), "Apache 2.0"),
    ("SQLite", N_("the data file"), N_("public domain")),
    ("SQLCipher (Zetetic)", N_("encryption of the data file, when it is on"), N_("BSD 3-clause")),
    (N_("sqlcipher3 (the Python binding to SQLCipher)"), N_("opening an encrypted data file"), "zlib"),
    ("icalendar", N_("calendar files"), N_("BSD 2-clause")),
    ("python-dateutil", N_("repeating events"), N_("Apache 2.0 or BSD 3-clause")),
    ("openpyxl", N_("the .xlsx export"), "MIT"),
    ("platformdirs", N_("finding the data folder"), "MIT"),
)


@dataclass(frozen=True)
class InstrumentCredit:
    name: str
    citation: str
    licence: str


@dataclass(frozen=True)
class Credits:
    plan: str  # My plan: Stanley & Brown's safety planning, Marlatt & Gordon's relapse prevention
    skill_sources: tuple[str, ...]  # every approach the skill library names, in library order
    instruments: tuple[InstrumentCredit, ...]
    software: tuple[tuple[str, str, str], ...] = SOFTWARE


def credits() -> Credits:
    """In the language in use (the skills' sources and the instruments' licences come from
    their translated files). Raises ResourceError (a SteadyError) when a shipped resource
    cannot be read."""
    sources: list[str] = []
    for entry in default_library().skills:
        source = entry.skill.source.strip()
        if source and source not in sources:
            sources.append(source)
    return Credits(
        plan=_(PLAN_CREDITS),
        skill_sources=tuple(sources),
        instruments=tuple(InstrumentCredit(i.name, i.citation, i.licence) for i in instruments().values()),
        software=tuple((_(name), _(use), _(licence)) for name, use, licence in SOFTWARE),
    )
