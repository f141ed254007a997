"""The errors a front end shows to the person: invalid input, and data-store problems."""

from app.domain.errors import ValidationError
from app.storage.errors import StoreError

__all__ = ["StoreError", "ValidationError"]
