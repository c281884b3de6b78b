"""The coordinator's roster at any size: memberships carry their officer's sort keys, cohorts their counts.

Revision ID: 0014
Revises: 0013

Each membership gets copies of its officer's sort name, e-mail, country and agency, and one
index per order of the dashboard (cohort first, then the sort, then the user id), so that every
page is one index range, read by keyset. cohort_facet holds the members of each cohort per
country, per agency and in all. Both are filled here from the existing rows; from now on
lms.cohorts.facets keeps them. Plain ADD COLUMN with an empty default (no table rebuild, see 0008).
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

COPIED = {"sort_name": 255, "email": 254, "country": 2, "agency": 160}
INDEXES = {
    "ix_cohort_member_by_name": ["cohort_id", "sort_name", "user_id"],
    "ix_cohort_member_by_country": ["cohort_id", "country", "sort_name", "user_id"],
    "ix_cohort_member_by_agency": ["cohort_id", "agency", "sort_name", "user_id"],
    "ix_cohort_member_by_email": ["cohort_id", "email", "user_id"],
}
user = sa.table("user", sa.column("id", sa.Integer), *(sa.column(c, sa.String) for c in COPIED))
member = sa.table("cohort_member", sa.column("cohort_id", sa.Integer), sa.column("user_id", sa.Integer),
                  *(sa.column(c, sa.String) for c in COPIED))  # fmt: skip
facet = sa.table("cohort_facet", sa.column("cohort_id", sa.Integer), sa.column("kind", sa.String),
                 sa.column("value", sa.String), sa.column("members", sa.Integer))  # fmt: skip


def upgrade():
    for name, length in COPIED.items():
        op.add_column("cohort_member", sa.Column(name, sa.String(length), nullable=False, server_default=""))
    op.create_table(
        "cohort_facet",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=160), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_cohort_facet_cohort_id_cohort"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("cohort_id", "kind", "value", name=op.f("pk_cohort_facet")),
    )
    connection = op.get_bind()
    connection.execute(member.update().values(
        {c: sa.select(user.c[c]).where(user.c.id == member.c.user_id).scalar_subquery() for c in COPIED}))  # fmt: skip
    connection.execute(facet.insert().from_select(
        ["cohort_id", "kind", "value", "members"],
        sa.select(member.c.cohort_id, sa.literal("all"), sa.literal(""), sa.func.count()).group_by(member.c.cohort_id)))  # fmt: skip
    for kind in ("country", "agency"):
        connection.execute(facet.insert().from_select(
            ["cohort_id", "kind", "value", "members"],
            sa.select(member.c.cohort_id, sa.literal(kind), member.c[kind], sa.func.count())
            .group_by(member.c.cohort_id, member.c[kind])))  # fmt: skip
    for name, columns in INDEXES.items():
        op.create_index(name, "cohort_member", columns, unique=False)


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name="cohort_member")
    op.drop_table("cohort_facet")
    for name in COPIED:
        op.drop_column("cohort_member", name)  # SQLite 3.35+ drops a column in place
