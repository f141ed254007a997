"""The errors Steady tells a person about.

`SteadyError` is the one base: its `message` is a sentence a user understands. Services
raise it (or a subclass: `ValidationError` here for input a person can fix, `StoreError`
in app.storage for the data file itself); the window shows `exc.message`, the command line
prints it. Anything else that escapes is a bug, and goes to the error log.
"""


class SteadyError(Exception):
    """An error with one sentence for the person (`message`)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(SteadyError, ValueError):
    """Raised for invalid input. `field` names the field it is about (empty when it is about
    the whole record)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
