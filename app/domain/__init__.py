"""Pure domain: records, validation and rules. Imports nothing from Qt or storage."""

from .errors import ValidationError
from .records import (
    ALL_RECORD_TYPES,
    AttendanceRecord,
    CheckIn,
    CopingEntry,
    CopingSkill,
    Goal,
    Milestone,
    Program,
    ProgramPhase,
    Record,
    ScheduleItem,
    SelfCareEntry,
    SobrietyPeriod,
    SupportContact,
    SupportGroup,
)

__all__ = [
    "ALL_RECORD_TYPES", "AttendanceRecord", "CheckIn", "CopingEntry", "CopingSkill", "Goal",
    "Milestone", "Program", "ProgramPhase", "Record", "ScheduleItem", "SelfCareEntry",
    "SobrietyPeriod", "SupportContact", "SupportGroup", "ValidationError",
]
