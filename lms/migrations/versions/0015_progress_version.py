"""Each person's progress version, bumped by every change to their course state.

Revision ID: 0015
Revises: 0014

A course state cached in a worker is keyed by it (lms/progress/cache.py): the version is read with
the person's row, which each request loads anyway, so a cache hit costs no query and no worker can
serve a state older than the database's. NOT NULL with a server default: SQLite adds it in place.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("user", sa.Column("progress_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    op.drop_column("user", "progress_version")  # SQLite 3.35+ drops a column in place
