"""The one error type for input a person can fix."""


class ValidationError(ValueError):
    """Raised for invalid input. `message` is a sentence a user understands;
    `field` names the field it is about (empty when it is about the whole record)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message
