"""Each person's interface language and time zone, chosen on the profile page.

Revision ID: 0011
Revises: 0010

Nullable columns added in place (no table rebuild; see 0008): None means "not chosen".
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("user", sa.Column("locale", sa.String(10), nullable=True))
    op.add_column("user", sa.Column("timezone", sa.String(64), nullable=True))


def downgrade():
    op.drop_column("user", "timezone")
    op.drop_column("user", "locale")
