"""A cohort's officers as its coordinator lists them: filters, sorts, keyset pages and counts.

Every sort is one index of cohort_member (the cohort, the membership's copies of the sort
fields or its stored standing, the user id last), so a page is one index range, read from the
previous page's last key: the last page of 100,000 officers costs what the first does. The counts come from cohort_facet,
kept by lms.cohorts.facets, never from counting the members per view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import QueryableAttribute

from ..auth.models import User
from ..database import KeysetPage, keyset_page
from ..extensions import db
from ..progress.models import Certificate, ModuleRead
from ..quizzes.models import Attempt
from .models import Cohort, CohortFacet, CohortMember

PER_PAGE = 25
# Each sort, as the columns of its index after the cohort; names break ties, the user id last.
SORTS: dict[str, tuple[QueryableAttribute, ...]] = {
    "name": (CohortMember.sort_name, CohortMember.user_id),
    "country": (CohortMember.country, CohortMember.sort_name, CohortMember.user_id),
    "agency": (CohortMember.agency, CohortMember.sort_name, CohortMember.user_id),
    "email": (CohortMember.email, CohortMember.user_id),
    # Stored standings (lms.reports.standings brings them up to date first): best first ascending.
    "grade": (CohortMember.grade_rank, CohortMember.sort_name, CohortMember.user_id),
    "progress": (CohortMember.progress_rank, CohortMember.sort_name, CohortMember.user_id),
}
RANKED = frozenset({"grade", "progress"})  # sorts by a stored standing, refreshed before reading
STATUSES = ("not_started", "in_progress", "completed")


@dataclass(frozen=True)
class Counts:
    """A cohort's members in all, per country and per agency, as cohort_facet keeps them."""

    total: int = 0
    countries: dict[str, int] = field(default_factory=dict)
    agencies: dict[str, int] = field(default_factory=dict)


def counts_of(cohort: Cohort) -> Counts:
    """One statement, whatever the size of the cohort."""
    found: dict[str, dict[str, int]] = {"all": {}, "country": {}, "agency": {}}
    for kind, value, members in db.session.execute(
        select(CohortFacet.kind, CohortFacet.value, CohortFacet.members).where(CohortFacet.cohort_id == cohort.id)
    ):
        found.setdefault(kind, {})[value] = members
    return Counts(found["all"].get("", 0), found["country"], found["agency"])


def member_counts(cohort_ids: list[int]) -> dict[int, int]:
    """Officers per cohort, in one statement."""
    if not cohort_ids:
        return {}
    rows = db.session.execute(select(CohortFacet.cohort_id, CohortFacet.members).where(
        CohortFacet.cohort_id.in_(cohort_ids), CohortFacet.kind == "all"))  # fmt: skip
    return {cohort_id: members for cohort_id, members in rows}


def sort_of(sort: str) -> tuple[str, tuple[QueryableAttribute, ...], bool]:
    """(the sort as asked, or "name"; its columns; whether descending) for a `sort` argument such as "-country"."""
    name = sort.removeprefix("-")
    if name not in SORTS:
        return "name", SORTS["name"], False
    return sort, SORTS[name], sort.startswith("-")


def member_query(
    cohort: Cohort,
    *,
    country: str = "",
    agency: str = "",
    status: str = "",
    sort: str | None = "name",
    search: str = "",
) -> Select:
    """The cohort's officers, filtered in SQL, ordered by `sort` (None: unordered, for `keyset_page`)."""
    query = select(User).join(CohortMember, CohortMember.user_id == User.id).where(CohortMember.cohort_id == cohort.id)
    if search.strip():  # a literal match: icontains escapes % and _
        term = search.strip()
        query = query.where(
            or_(User.name.icontains(term, autoescape=True), User.email.icontains(term, autoescape=True))
        )
    if country:
        query = query.where(CohortMember.country == country.upper())
    if agency:
        query = query.where(CohortMember.agency == agency)
    # Completed means a certificate that stands, as in the gradebook's rows: a revoked one does not count.
    member = CohortMember.user_id
    certified = exists().where(Certificate.user_id == member, Certificate.course_slug == cohort.course_slug,
                               Certificate.stands)  # fmt: skip
    started = or_(
        exists().where(ModuleRead.user_id == member, ModuleRead.course_slug == cohort.course_slug),
        exists().where(Attempt.user_id == member, Attempt.course_slug == cohort.course_slug),
    )
    if status == "completed":
        query = query.where(certified)
    elif status == "in_progress":
        query = query.where(and_(started, ~certified))
    elif status == "not_started":
        query = query.where(~started)
    if sort is None:
        return query
    _sort, columns, descending = sort_of(sort)
    return query.order_by(*(c.desc() if descending else c for c in columns))


def known_total(counts: Counts, *, country: str, agency: str, status: str, search: str) -> int | None:
    """How many officers the filters keep, when cohort_facet says it without counting; None otherwise."""
    if status in STATUSES or search.strip() or (country and agency):
        return None
    if country:
        return counts.countries.get(country.upper(), 0)
    if agency:
        return counts.agencies.get(agency, 0)
    return counts.total


def page_of(cohort: Cohort, counts: Counts, *, country: str = "", agency: str = "", status: str = "",
            sort: str = "name", search: str = "", cursor: tuple[str, str] | None = None) -> KeysetPage[User]:  # fmt: skip
    """The page of the cohort's officers that `cursor` asks for (see lms.database.keyset_page).

    Its `total` is known when no filter is on, or only a country or an agency (from the counts),
    or when every matching officer is on this one page.
    """
    name, columns, descending = sort_of(sort)
    total = known_total(counts, country=country, agency=agency, status=status, search=search)
    query = member_query(cohort, country=country, agency=agency, status=status, sort=None, search=search)
    page = keyset_page(db.session, query, columns, name, descending=descending, cursor=cursor, per_page=PER_PAGE,
                       total=total)  # fmt: skip
    if page.total is None and page.after is None and page.before is None:
        page = KeysetPage(page.items, 1, PER_PAGE, len(page.items), None, None)
    return page
