"""First-run setup: what the wizard asks, what it offers, and what it writes.

The wizard (app.ui.dialogs.setup_wizard) collects `SetupAnswers`; `program_items` turns the
program step into the schedule items, and `preview` lays those very items out over the first
week with the planner's own expansion, so what the person sees before Finish is what is
written. `apply_setup` checks every record first and writes nothing when one is refused; it
writes through the same services the pages use (records, recovery wording, crisis country),
so undo listeners, exports and backups treat the new records like any other.

It is offered once, on an empty data folder: `setup.done` in the data file says it was
finished or skipped, and a folder `steady demo` filled (`demo.folder`) never gets it, so
demo data and a person's own never mix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.domain.crisis import check_country
from app.domain.errors import ValidationError
from app.domain.i18n import _
from app.domain.records import Goal, ScheduleItem, SobrietyPeriod, SupportContact
from app.domain.schedule import Slot, expand
from app.domain.wording import SOBER, check_style, reword

from .kinds import kind_of

if TYPE_CHECKING:
    from app.storage import Store

    from .bundle import Services

SETUP_KEY = "setup.done"
DEMO_KEY = "demo.folder"
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # Monday = 0, as date.weekday()


def is_demo_folder(store: Store) -> bool:
    return store.get_setting(DEMO_KEY) == "1"


def setup_done(store: Store) -> bool:
    return bool(store.get_setting(SETUP_KEY))


def needs_setup(store: Store) -> bool:
    """Offer the wizard by itself only on the first start of an empty data folder."""
    return not setup_done(store) and not is_demo_folder(store) and store.user_record_count() == 0


def mark_setup_done(store: Store) -> None:
    store.set_setting(SETUP_KEY, "1")


@dataclass(frozen=True)
class WeeklySession:
    """Something that happens on the same weekdays at the same times every week."""

    title: str
    kind: str  # a schedule kind: group_therapy, individual_counseling, work, school
    days: tuple[int, ...]  # weekdays, Monday = 0
    start: dt.time
    end: dt.time

    def check(self) -> None:
        if self.days and self.end <= self.start:
            raise ValidationError("end", _("{title}: the end time must be after the start time.").format(
                title=self.title))


@dataclass(frozen=True)
class SetupAnswers:
    """Everything the wizard asked; an empty field is a skipped question."""

    program_start: dt.date | None = None
    sessions: tuple[WeeklySession, ...] = ()
    timezone: str = "UTC"
    sober_date: dt.date | None = None
    wording: str = ""  # "" leaves the setting as it is
    country: str = ""
    contacts: tuple[SupportContact, ...] = ()
    goals: tuple[Goal, ...] = field(default=())

    def is_empty(self) -> bool:
        return not (self.program_items() or self.sober_date or self.wording or self.country or self.contacts
                    or self.goals)

    def program_items(self) -> list[ScheduleItem]:
        return program_items(self.program_start, self.sessions, self.timezone)


def program_items(start: dt.date | None, sessions: tuple[WeeklySession, ...], timezone: str) -> list[ScheduleItem]:
    """One weekly series per session with days, starting on its first day on or after `start`."""
    if start is None:
        return []
    items = []
    for session in sessions:
        if not session.days:
            continue
        session.check()
        days = sorted(set(session.days))
        first = next(start + dt.timedelta(days=k) for k in range(7) if (start + dt.timedelta(days=k)).weekday() in days)
        items.append(ScheduleItem(
            title=session.title, kind=session.kind, timezone=timezone,
            start=dt.datetime.combine(first, session.start), end=dt.datetime.combine(first, session.end),
            recurrence="FREQ=WEEKLY;BYDAY=" + ",".join(DAY_CODES[d] for d in days)))
    return items


def preview(items: list[ScheduleItem], start: dt.date) -> list[Slot]:
    """The first seven days from `start` as the planner will show them (its own expansion)."""
    first = dt.datetime.combine(start, dt.time())
    return expand(items, [], first, first + dt.timedelta(days=7))


def starter_goals(answers: SetupAnswers, today: dt.date, wording: str = SOBER) -> list[Goal]:
    """Two or three goals offered from what was entered (the person ticks the ones they want)."""
    goals = []
    if any(s.days and s.kind in ("group_therapy", "individual_counseling") for s in answers.sessions) \
            and answers.program_start is not None:
        goals.append(Goal(title=_("Go to every group session and counseling appointment"),
                          kind="treatment_attendance", target=100, period="week",
                          start_date=max(answers.program_start, today)))
    goals.append(Goal(title=_("3 support meetings a week"), kind="meetings_per_week", target=3, period="week",
                      start_date=today))
    if answers.sober_date is not None:
        goals.append(Goal(title=reword(_("90 sober days"), wording), kind="sober_days", target=90, period="total",
                          start_date=answers.sober_date))
    else:
        goals.append(Goal(title=_("Check in every day for a week"), kind="checkin_streak", target=7, period="total",
                          start_date=today))
    return goals


def apply_setup(services: Services, answers: SetupAnswers) -> dict[str, int]:
    """Write what was answered and mark setup done. Every record is checked before the first
    write: a refused one raises ValidationError and nothing is written. Returns the counts."""
    records = services.records
    items = answers.program_items()
    sober = [SobrietyPeriod(start_date=answers.sober_date)] if answers.sober_date is not None else []
    if answers.sober_date is not None and answers.sober_date > services.clock.now().date():
        raise ValidationError("start_date", _("The sober date cannot be in the future."))
    if answers.wording:
        check_style(answers.wording)
    for record in (*items, *sober, *answers.contacts, *answers.goals):
        records.check(record, is_new=True)
    if answers.country:
        check_country(answers.country)
    store = services.store
    with store.transaction():
        for record in (*items, *sober, *answers.contacts, *answers.goals):
            records.repo(type(record)).add(record)
        mark_setup_done(store)
    if answers.wording:
        services.recovery.set_wording(answers.wording)
    if answers.country:
        services.crisis.set_country(answers.country)
    for kind in dict.fromkeys(kind_of(r).name for r in (*items, *sober, *answers.contacts, *answers.goals)):
        records.notify(kind)
    return {"schedule": len(items), "sobriety": len(sober), "contacts": len(answers.contacts),
            "goals": len(answers.goals)}

