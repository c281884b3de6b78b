"""Imports every model so that the metadata (and Alembic) sees all tables."""

from .auth.models import User
from .progress.models import ModuleRead
from .quizzes.models import Answer, Attempt, QuizAllowance, QuizVersion

__all__ = ["Answer", "Attempt", "ModuleRead", "QuizAllowance", "QuizVersion", "User"]
