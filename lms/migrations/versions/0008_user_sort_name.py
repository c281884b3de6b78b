"""Users get a sort key for their name, so lists put "Léa" before "Lucas" on every database.

Revision ID: 0008
Revises: 0007

Plain ALTER TABLE ADD COLUMN and CREATE INDEX, never a batch "move and copy": on SQLite that
drops and recreates the user table, and with foreign keys on, dropping it deletes every row
that points at a user (attempts, memberships, certificates). The column is NOT NULL with an
empty default so that SQLite can add it in place; the app always writes the real key.
"""

import sqlalchemy as sa
from alembic import op

from lms.text import sort_key  # the app's own key, so that old and new rows sort alike

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

LENGTH = 255
users = sa.table("user", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("sort_name", sa.String))


def upgrade():
    op.add_column("user", sa.Column("sort_name", sa.String(length=LENGTH), nullable=False, server_default=""))
    connection = op.get_bind()
    for user_id, name in connection.execute(sa.select(users.c.id, users.c.name)).all():
        connection.execute(users.update().where(users.c.id == user_id).values(sort_name=sort_key(name)[:LENGTH]))
    op.create_index("ix_user_sort_name", "user", ["sort_name"], unique=False)


def downgrade():
    op.drop_index("ix_user_sort_name", table_name="user")
    op.drop_column("user", "sort_name")  # SQLite 3.35+ drops a column in place
