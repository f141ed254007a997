"""One error base: every error Steady tells a person about is a SteadyError with `.message`."""

import sqlite3

from app.domain.errors import SteadyError, ValidationError
from app.services.skill_library import LibraryError
from app.storage.errors import translate


def test_each_error_kind_is_a_steady_error_with_its_sentence():
    invalid = ValidationError("mood", "Mood must be between 0 and 10.")
    store = translate(sqlite3.OperationalError("database is locked"), "/data/steady.db")
    library = LibraryError("The coping-skill library cannot be read.")
    for exc in (invalid, store, library):
        assert isinstance(exc, SteadyError)
        assert exc.message == str(exc)
    assert invalid.field == "mood" and isinstance(invalid, ValueError)
    assert store.reason == "locked" and "in use by another Steady window" in store.message
    assert isinstance(library, ValueError)
