"""Which doses are due on a day, and what the day's dose log says about "medication taken".

The check-in's "Medication taken" is a yes/no for the whole day. The dose log answers it
only once it can: **no** as soon as any dose due that day is logged as not taken, **yes**
when every dose due that day is logged as taken, and nothing (None) while doses are still
unlogged or when no medication is due. A person's own answer in the check-in always wins
(app.services.treatment fills it only while it is empty).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from .i18n import _
from .records import DoseLog, Medication


@dataclass(frozen=True)
class DueDose:
    """One dose of one medication due on a day, with what was logged for it (if anything)."""

    medication: Medication
    slot: int  # 1 is the day's first dose
    time: dt.time | None  # the medication's time for this dose, when it names times
    log: DoseLog | None

    @property
    def label(self) -> str:
        """ "Dose 1 of 2", or the time when the medication names one ("08:00")."""
        if self.time is not None:
            return self.time.strftime("%H:%M")
        if self.medication.times_per_day == 1:
            return _("Today's dose")
        return _("Dose {n} of {total}").format(n=self.slot, total=self.medication.times_per_day)


def doses_due(medications: Iterable[Medication], logs: Iterable[DoseLog], day: dt.date) -> list[DueDose]:
    """Every dose due on `day` of the medications taken that day, in name order, each with
    its log entry for that day (a log of a dose that is no longer due is left out)."""
    logged = {(d.medication_id, d.slot): d for d in logs if d.day == day}
    out = []
    for med in sorted((m for m in medications if m.active_on(day)), key=lambda m: (m.name.casefold(), m.id)):
        times = med.times
        for slot in range(1, med.times_per_day + 1):
            out.append(DueDose(med, slot, times[slot - 1] if times else None, logged.get((med.id, slot))))
    return out


def medication_answer(due: Iterable[DueDose]) -> bool | None:
    """The day's "Medication taken" as the dose log says it (see the module's docstring)."""
    due = list(due)
    if not due:
        return None
    if any(d.log is not None and d.log.status == "missed" for d in due):
        return False
    if all(d.log is not None and d.log.status == "taken" for d in due):
        return True
    return None
