"""Essay marks: the instructor's comment, who marked an answer and when.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comment", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("marked_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("marked_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_answer_marked_by_id_user"), "user", ["marked_by_id"], ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_answer_marked_by_id_user"), type_="foreignkey")
        batch_op.drop_column("marked_at")
        batch_op.drop_column("marked_by_id")
        batch_op.drop_column("comment")
