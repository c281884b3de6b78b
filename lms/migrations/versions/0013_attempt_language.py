"""The language an attempt is taken in, and the translated text it showed and was graded by.

Revision ID: 0013
Revises: 0012

Nullable columns added in place (no table rebuild; see 0008): None is the source language.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("quiz_version", sa.Column("locale", sa.String(10), nullable=True))
    op.add_column("attempt", sa.Column("locale", sa.String(10), nullable=True))
    op.add_column("attempt", sa.Column("text_version_id", sa.Integer(), nullable=True))  # see models.Attempt


def downgrade():
    op.drop_column("attempt", "text_version_id")  # SQLite 3.35+ drops a column in place
    op.drop_column("attempt", "locale")
    op.drop_column("quiz_version", "locale")
