"""Set-password links remember the cohort whose import created them (security.md H1).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("set_password_link", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cohort_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_set_password_link_cohort_id"), ["cohort_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_set_password_link_cohort_id_cohort"), "cohort", ["cohort_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    with op.batch_alter_table("set_password_link", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_set_password_link_cohort_id_cohort"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_set_password_link_cohort_id"))
        batch_op.drop_column("cohort_id")
