"""Treatment details: today's doses (and what they say in the day's check-in), the daily
call-in check for random drug screens, homework that is due, and the aftercare plan.

Every write goes through `RecordService`, so it has undo in the window, travels in exports
and backups, and tells the pages what changed.

Doses and the check-in: logging doses is the one way in. When the doses logged for a day
answer "medication taken" (app.domain.medications), the day's check-in gets that answer
if it has none yet; a check-in answer the person gave is never changed, and nothing flows
back from a check-in to the dose log. Today's "Check in now…" form, opened after the doses
were logged, starts with the dose log's answer (`medication_answer`), which the person may
change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.errors import ValidationError
from app.domain.i18n import N_, _
from app.domain import formatting as fmt
from app.domain.medications import DueDose, doses_due, medication_answer
from app.domain.records import AFTERCARE_SECTIONS, AftercareItem, CallInCheck, CheckIn, DoseLog, Homework

from .plans import PlanSection, PrintedSection, SectionedDocument

if TYPE_CHECKING:
    from .records import RecordService

CALLIN_KEY = "treatment.callin_check"  # "1": ask on Today each day whether the line was called

_AFTERCARE_PROMPTS = {
    "appointments": N_("Your continuing-care sessions, counselor and doctor visits: who, when and where."),
    "meetings": N_("The support meetings you will keep going to, and how often."),
    "people": N_("The people you will stay in touch with and can call: a sponsor, a peer, family."),
    "medications": N_("The medicines you will keep taking, and where you get them."),
    "warning_signs": N_("The changes that tell you things are getting harder."),
    "actions": N_("What you will do when you notice them: who you will call, where you will go."),
}
AFTERCARE_SECTION_BY_KEY = {key: PlanSection(key, "aftercare", title, _AFTERCARE_PROMPTS[key])
                            for key, title in AFTERCARE_SECTIONS}


class AftercarePlan(SectionedDocument):
    """The aftercare (discharge) plan: the person's own lines in six sections."""

    kind = "aftercare"
    record_type = AftercareItem
    sections = AFTERCARE_SECTION_BY_KEY
    line_noun_en = N_("aftercare plan line")
    section_noun_en = N_("aftercare plan section")


@dataclass(frozen=True)
class PrintableAftercare:
    """What the printed aftercare plan shows: the person's own lines, section by section, and
    the medications they take today (from their medication list). Nothing else."""

    generated: dt.date
    sections: tuple[PrintedSection, ...]
    medications: tuple[str, ...]  # "Buprenorphine 16 mg, once a day, dosed at the clinic"

    @property
    def is_empty(self) -> bool:
        return not any(s.lines for s in self.sections)


def medication_line(med) -> str:
    """ "Buprenorphine 16 mg — once a day, dosed at the clinic (Dr. Lee)"."""
    if med.times_per_day == 1:
        how_often = _("once a day")
    elif med.times_per_day == 2:
        how_often = _("twice a day")
    else:
        how_often = _("{n} times a day").format(n=fmt.number(med.times_per_day))
    if med.dose_times:
        how_often += f" ({med.dose_times})"
    where = ", " + _("dosed at the clinic") if med.dosing == "clinic" else ""
    who = " — " + _("prescribed by {name}").format(name=med.prescriber) if med.prescriber else ""
    return f"{med.name}{' ' + med.dose if med.dose else ''}: {how_often}{where}{who}"


@dataclass(frozen=True)
class DoseChange:
    """What logging one dose wrote: the dose as it was (None: new) and is, and the day's
    check-in before and after, when the dose log filled its medication answer."""

    before: DoseLog | None
    after: DoseLog
    checkin: tuple[CheckIn, CheckIn] | None = None


class TreatmentService:
    def __init__(self, records: RecordService):
        self.records = records
        self.aftercare = AftercarePlan(records)

    @property
    def _store(self):
        return self.records.store

    def _today(self) -> dt.date:
        return self.records.clock.now().date()

    def printable_aftercare(self) -> PrintableAftercare:
        today = self._today()
        grouped = self.aftercare.by_section()
        return PrintableAftercare(
            generated=today,
            sections=tuple(PrintedSection(s.key, s.title, tuple(i.text for i in grouped[s.key]))
                           for s in AFTERCARE_SECTION_BY_KEY.values()),
            medications=tuple(medication_line(m) for m in self._store.medications.list() if m.active_on(today)))

    # --- doses -------------------------------------------------------------------------------

    def doses(self, day: dt.date | None = None) -> list[DueDose]:
        """The doses due on `day` (default today), each with what was logged for it."""
        day = day or self._today()
        return doses_due(self._store.medications.list(), self._store.doses.for_day(day), day)

    def medication_answer(self, day: dt.date) -> bool | None:
        """What the dose log says for the day's check-in "Medication taken" (None: nothing yet)."""
        return medication_answer(self.doses(day))

    def log_dose(self, medication_id: str, day: dt.date, slot: int, status: str) -> DoseChange:
        """Log one dose as taken or not taken (changing its earlier log, if any), then let the
        day's check-in take the dose log's answer if it has none. Raises ValidationError."""
        before = self._store.doses.find(medication_id, day, slot)
        if before is not None:
            after = before.with_changes(status=status)
            if after != before:
                self.records.update(after)
        else:
            after = self.records.add(DoseLog(medication_id=medication_id, day=day, slot=slot, status=status))
        return DoseChange(before, after, self.fill_checkin(day))

    def fill_checkin(self, day: dt.date) -> tuple[CheckIn, CheckIn] | None:
        """Give the day's check-in the dose log's answer when it has none; (before, after), or
        None when nothing changed."""
        checkin = self._store.checkins.for_day(day)
        if checkin is None or checkin.medication_taken is not None:
            return None
        answer = self.medication_answer(day)
        if answer is None:
            return None
        filled = checkin.with_changes(medication_taken=answer)
        self.records.update(filled)
        return checkin, filled

    # --- the call-in check for random drug screens ---------------------------------------------

    def callin_enabled(self) -> bool:
        return self._store.get_setting(CALLIN_KEY) == "1"

    def set_callin_enabled(self, on: bool) -> None:
        with self._store.transaction():
            self._store.set_setting(CALLIN_KEY, "1" if on else "0")
        self.records.notify_listeners("callin")

    def callin_answer(self, day: dt.date | None = None) -> CallInCheck | None:
        return self._store.callins.for_day(day or self._today())

    def callin_pending(self, day: dt.date | None = None) -> bool:
        """Whether Today asks "Did you call the testing line today?" (on, and not yet answered)."""
        return self.callin_enabled() and self.callin_answer(day) is None

    def answer_callin(self, called: bool, test_today: bool | None = None,
                      day: dt.date | None = None) -> CallInCheck:
        """Record the day's answer (a new record: the window's undo takes it back)."""
        day = day or self._today()
        if not called and test_today:
            raise ValidationError("test_today", _("Whether you test today is known only after calling the line."))
        return self.records.add(CallInCheck(day=day, called=called, test_today=test_today if called else None))

    # --- homework ------------------------------------------------------------------------------------

    def homework_due(self, day: dt.date | None = None) -> list[Homework]:
        """Homework not done yet that is due on `day` or earlier, soonest due first."""
        day = day or self._today()
        return sorted((h for h in self._store.homework.list(end=day) if not h.done and h.due is not None),
                      key=lambda h: (h.due, h.title.casefold()))

    def mark_done(self, homework_id: str) -> tuple[Homework, Homework]:
        """(before, after) of a homework item marked done."""
        old = self._store.homework.get(homework_id)
        if old is None:
            raise ValidationError("", _("This homework item no longer exists; it may have been deleted."))
        new = old.with_changes(done=True)
        self.records.update(new)
        return old, new
