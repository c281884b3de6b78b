"""Imports every model so that the metadata (and Alembic) sees all tables."""

from .auth.models import User
from .progress.models import ModuleRead

__all__ = ["ModuleRead", "User"]
