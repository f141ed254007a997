"""How a goal's progress is said and shown, on the Goals page and on Today: the status in
words (never colour alone), short dates, a progress bar with its words for assistive
technology, and the quiet line for new milestones. Its own module so that Today, built
right after the first paint, does not import the Goals page (and its table and dialogs)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.i18n import N_, _, pgettext

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressBar

    from app.domain.goals import GoalProgress
    from app.domain.records import Milestone

# Words, never colour alone: the status is always written out.
_STATUS_WORDS = {"on track": N_("On track"), "behind": N_("Behind"), "met": N_("Met ✓"),
                 "not started": N_("Not started"), "starting again": N_("Starting again")}


def status_words(progress: GoalProgress) -> str:
    if progress.status == "ended":
        return _("Ended, met ✓") if progress.final == "met" else pgettext("goal status", "Ended")
    words = _STATUS_WORDS.get(progress.status)
    return i18n._(words) if words else progress.status.capitalize()


def short_date(day: dt.date, today: dt.date) -> str:
    """“3 Nov”, with the year only when it is not this year's."""
    if day == today:
        return _("today")
    return fmt.date_in(day, today.year)


def show_progress(bar: QProgressBar, progress: GoalProgress) -> None:
    """Fill a bar from a goal's progress; the words go to assistive technology too."""
    bar.setRange(0, 100)
    bar.setValue(round(100 * max(0.0, min(1.0, progress.fraction))))
    bar.setTextVisible(False)
    bar.setAccessibleName(_("{goal}: progress").format(goal=progress.goal.title))
    bar.setAccessibleDescription(f"{status_words(progress)}. {progress.text}")


def new_milestones_message(new: list[Milestone]) -> str:
    """One quiet line for milestones just recorded (no pop-up)."""
    titles = [m.title for m in sorted(new, key=lambda m: m.reached_on or dt.date.min, reverse=True)]
    if len(titles) == 1:
        return _("New milestone: {title}").format(title=titles[0])
    if len(titles) == 2:
        return _("New milestones: {first} and {second}").format(first=titles[0], second=titles[1])
    return _("New milestones: {first} and {n} more").format(first=titles[0], n=fmt.number(len(titles) - 1))
