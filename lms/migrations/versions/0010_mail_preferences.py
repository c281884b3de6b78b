"""Each user's choice of optional mail: certificate issued, essays marked, the weekly digest.

Revision ID: 0010
Revises: 0009

Columns added in place with a default of true (no table rebuild; see 0008).
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = ("mail_certificate", "mail_essay_marked", "mail_digest")


def upgrade():
    for name in COLUMNS:
        op.add_column("user", sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade():
    for name in reversed(COLUMNS):
        op.drop_column("user", name)
