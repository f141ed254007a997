"""Which exceptions the UI shows to the person as a message rather than a crash.

`ui` must not import `app.storage`; the composition root (app.main) hands over the
store's error type with `register_store_errors`. Until it does, `store_errors()` is an
empty tuple, which an `except` clause accepts and which matches nothing.
"""

from __future__ import annotations

_store_errors: tuple[type[BaseException], ...] = ()


def register_store_errors(*types: type[BaseException]) -> None:
    global _store_errors
    _store_errors = tuple(dict.fromkeys(_store_errors + types))


def store_errors() -> tuple[type[BaseException], ...]:
    return _store_errors
