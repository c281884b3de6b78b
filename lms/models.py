"""Imports every model so that the metadata (and Alembic) sees all tables."""

from .audit.models import AuditEvent
from .auth.models import LoginFailure, SetPasswordLink, User
from .cohorts.models import Cohort, CohortCoordinator, CohortMember
from .progress.models import Certificate, ModuleRead
from .quizzes.models import Answer, Attempt, QuizAllowance, QuizVersion

__all__ = [
    "Answer",
    "Attempt",
    "AuditEvent",
    "Certificate",
    "Cohort",
    "CohortCoordinator",
    "CohortMember",
    "LoginFailure",
    "ModuleRead",
    "QuizAllowance",
    "QuizVersion",
    "SetPasswordLink",
    "User",
]  # fmt: skip
