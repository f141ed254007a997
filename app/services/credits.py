"""What About Steady credits, read from the resources it ships rather than kept by hand: the
safety-planning and relapse-prevention sources of My plan, the approaches the skill library
names (each skill's `source`), each self-check's citation and licence, and the software Steady
is built on with its licence."""

from __future__ import annotations

from dataclasses import dataclass

from .assessments import instruments
from .plans import CREDITS as PLAN_CREDITS
from .skill_library import default_library

LICENCE = "MIT"

# (name, what Steady uses it for, its licence): the libraries a running Steady loads.
SOFTWARE = (
    ("Qt and PySide6 (Qt for Python)", "the window", "LGPL v3"),
    ("matplotlib", "the charts", "matplotlib licence (based on the PSF licence)"),
    ("sqlite-utils", "the data file", "Apache 2.0"),
    ("SQLite", "the data file", "public domain"),
    ("SQLCipher (Zetetic)", "encryption of the data file, when it is on", "BSD 3-clause"),
    ("sqlcipher3 (the Python binding to SQLCipher)", "opening an encrypted data file", "zlib"),
    ("icalendar", "calendar files", "BSD 2-clause"),
    ("python-dateutil", "repeating events", "Apache 2.0 or BSD 3-clause"),
    ("openpyxl", "the .xlsx export", "MIT"),
    ("platformdirs", "finding the data folder", "MIT"),
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
    """Raises ResourceError (a SteadyError) when a shipped resource cannot be read."""
    sources: list[str] = []
    for entry in default_library().skills:
        source = entry.skill.source.strip()
        if source and source not in sources:
            sources.append(source)
    return Credits(
        plan=PLAN_CREDITS,
        skill_sources=tuple(sources),
        instruments=tuple(InstrumentCredit(i.name, i.citation, i.licence) for i in instruments().values()),
    )
