"""Imports every model so that the metadata (and Alembic) sees all tables."""

from .audit.models import AuditEvent
from .auth.models import LoginFailure, PasswordReset, SetPasswordLink, User
from .cohorts.models import Cohort, CohortCoordinator, CohortFacet, CohortMember
from .mail.models import OutboxMessage
from .progress.models import Certificate, ModuleRead
from .quizzes.models import Answer, Attempt, QuizAllowance, QuizVersion

__all__ = [
    "Answer",
    "Attempt",
    "AuditEvent",
    "Certificate",
    "Cohort",
    "CohortCoordinator",
    "CohortFacet",
    "CohortMember",
    "LoginFailure",
    "ModuleRead",
    "OutboxMessage",
    "PasswordReset",
    "QuizAllowance",
    "QuizVersion",
    "SetPasswordLink",
    "User",
]  # fmt: skip
