"""Steady: a private, offline recovery planner."""

__version__ = "0.1.0"
