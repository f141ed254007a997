"""Pure domain: records, validation and rules. Imports nothing from Qt or storage.

Names load on first use so that importing the error type alone stays cheap.
"""

from .errors import SteadyError, ValidationError

_RECORDS = (
    "ALL_RECORD_TYPES", "AttendanceRecord", "CheckIn", "CopingEntry", "CopingSkill", "Goal",
    "Assessment", "Milestone", "Program", "ProgramPhase", "Record", "ScheduleChange", "ScheduleItem",
    "SelfCareEntry", "SobrietyPeriod", "SupportContact", "SupportGroup",
)

__all__ = list(_RECORDS) + ["SteadyError", "ValidationError"]


def __getattr__(name: str):
    if name in _RECORDS:
        from . import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
