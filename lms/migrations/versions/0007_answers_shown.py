"""Allowances remember when a review first showed the answer key (security.md H2).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_allowance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answers_shown_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("quiz_allowance", schema=None) as batch_op:
        batch_op.drop_column("answers_shown_at")
