"""Memberships store their officer's standing in the course, so the roster sorts by grade or progress by index.

Revision ID: 0016
Revises: 0015

A grade and a progress rank per membership, with the officer's progress version they were
computed at, and one index per order (cohort, rank, name, user id), as 0014 has for the other
sorts. A partial index holds the memberships whose standing is to be computed: every change to an
officer's course state marks theirs. Each cohort remembers the course rules its standings were
computed under. They start empty: grading needs the course files, which a migration does not read,
so lms.reports.standings computes them on the first sort by grade or progress (or `flask lms
rank-cohorts` at deploy time). Plain ADD COLUMN (no table rebuild).
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

COLUMNS = ("grade_rank", "progress_rank", "ranked_version")
INDEXES = {
    "ix_cohort_member_by_grade": ["cohort_id", "grade_rank", "sort_name", "user_id"],
    "ix_cohort_member_by_progress": ["cohort_id", "progress_rank", "sort_name", "user_id"],
}


UNRANKED = sa.text("ranked_version IS NULL")


def upgrade():
    for name in COLUMNS:
        op.add_column("cohort_member", sa.Column(name, sa.Integer(), nullable=True))
    op.add_column("cohort", sa.Column("ranked_under", sa.String(length=64), nullable=True))
    for name, columns in INDEXES.items():
        op.create_index(name, "cohort_member", columns, unique=False)
    op.create_index("ix_cohort_member_unranked", "cohort_member", ["cohort_id", "user_id"], unique=False,
                    sqlite_where=UNRANKED, postgresql_where=UNRANKED)  # fmt: skip


def downgrade():
    op.drop_index("ix_cohort_member_unranked", table_name="cohort_member")
    for name in INDEXES:
        op.drop_index(name, table_name="cohort_member")
    op.drop_column("cohort", "ranked_under")
    for name in COLUMNS:
        op.drop_column("cohort_member", name)  # SQLite 3.35+ drops a column in place
