"""A cohort's default language and time zone for the officers imported into it.

Revision ID: 0012
Revises: 0011

Nullable columns added in place (no table rebuild; see 0008): None leaves each officer's browser
(language) and the deployment (time zone) to decide.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("cohort", sa.Column("locale", sa.String(10), nullable=True))
    op.add_column("cohort", sa.Column("timezone", sa.String(64), nullable=True))


def downgrade():
    op.drop_column("cohort", "timezone")
    op.drop_column("cohort", "locale")
