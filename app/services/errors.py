"""The errors a front end shows to the person: every one is a SteadyError with `.message`
(invalid input, data-store problems, and the services' own)."""

from app.domain.errors import SteadyError, ValidationError
from app.storage.errors import StoreError

__all__ = ["SteadyError", "StoreError", "ValidationError"]
