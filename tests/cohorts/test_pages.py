"""A coordinator runs a cohort through the real pages: create, dashboard, filters, actions."""

import html
import json
import re

from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.cohorts.models import Cohort
from lms.extensions import db
from lms.quizzes.models import Attempt
from tests.conftest import csrf_token
from tests.quizzes.conftest import attempt_page, label_value, post_form, right_answers, started_attempt


def test_create_edit_close(app, client, login, coordinator):
    login(coordinator)
    token = csrf_token(client, "/cohorts/new")
    bad = client.post(
        "/cohorts/new", data={"csrf_token": token, "name": "Lima", "country": "XX", "course": "quiz-course"}
    )
    assert "ISO 3166" in bad.get_data(as_text=True)
    made = client.post("/cohorts/new", data={"csrf_token": token, "name": "Lima intake", "country": "pe",
                                             "course": "quiz-course", "starts_on": "2027-03-01", "ends_on": "2027-03-02"})  # fmt: skip
    assert made.status_code == 302
    with app.app_context():
        cohort = db.session.scalar(select(Cohort))
        assert (cohort.name, cohort.country, str(cohort.starts_on)) == ("Lima intake", "PE", "2027-03-01")
    assert "Lima intake" in client.get(made.headers["Location"]).get_data(as_text=True)
    wrong = client.post(f"/cohorts/{cohort.id}/edit", data={"csrf_token": token, "name": "Lima", "country": "PE",
                                                            "course": "quiz-course", "starts_on": "2027-03-05", "ends_on": "2027-03-01"})  # fmt: skip
    assert "the end date is before the start date" in wrong.get_data(as_text=True)
    client.post(f"/cohorts/{cohort.id}/close", data={"csrf_token": token})
    with app.app_context():
        assert db.session.get(Cohort, cohort.id).closed_at is not None


def test_dashboard_filters_sorts_and_pages(client, login, coordinator, make_user, make_cohort):
    members = [
        make_user(name=f"Officer {i:02d}", country="KE" if i % 2 else "BR", agency="A" if i < 20 else "B")
        for i in range(30)
    ]
    cohort = make_cohort(coordinators=[coordinator], members=members)
    login(coordinator)
    first = client.get(f"/cohorts/{cohort}/").get_data(as_text=True)
    assert "30 officers" in first and "Page 1 of 2" in first and "Officer 00" in first and "Officer 29" not in first
    second = client.get(link(first, "next")).get_data(as_text=True)
    assert "Officer 29" in second and "Officer 00" not in second and "Page 2 of 2" in second
    assert link(second, "next") is None and rows_of(client.get(link(second, "prev")).get_data(as_text=True)) == rows_of(
        first
    )
    assert rows_of(client.get(link(first, "Last page")).get_data(as_text=True)) == rows_of(second)
    kenya = client.get(f"/cohorts/{cohort}/?country=KE&agency=B").get_data(as_text=True)
    assert "5 officers" in kenya  # two filters: counted because they fit on one page
    reverse = client.get(f"/cohorts/{cohort}/?sort=-name").get_data(as_text=True)
    assert reverse.index("Officer 29") < reverse.index("Officer 28")
    assert "0 officers" in client.get(f"/cohorts/{cohort}/?status=completed").get_data(as_text=True)
    # 30 match, on two pages: a status is not counted (it would read every officer), the cohort is
    not_started = client.get(f"/cohorts/{cohort}/?status=not_started").get_data(as_text=True)
    assert "30 officers in this cohort" in not_started and "Page 1 of" not in not_started
    assert "Officer 29" in client.get(link(not_started, "next")).get_data(as_text=True)


def link(html: str, rel: str) -> str | None:
    """The address of the pager's link with rel=`rel`, or of the one reading `rel`; None if absent."""
    import html as entities

    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html) or re.search(rf'<a href="([^"]+)">{rel}</a>', html)
    return entities.unescape(found.group(1)) if found else None


def test_grant_and_reset_are_audited(app, client, login, coordinator, make_user, make_cohort):
    officer = make_user()
    cohort = make_cohort(coordinators=[coordinator], members=[officer])
    officer_client = app.test_client()
    login(officer, target=officer_client)
    attempt_id = started_attempt(officer_client, "basics-quiz")
    login(coordinator)
    page = client.get(f"/cohorts/{cohort}/officers/{officer.id}").get_data(as_text=True)
    assert "Reset attempt" in page and "in progress" in page
    token = csrf_token(client, f"/cohorts/{cohort}/officers/{officer.id}")
    reset = f"/cohorts/{cohort}/officers/{officer.id}/attempts/{attempt_id}/reset"
    asked = client.post(reset, data={"csrf_token": token}).get_data(as_text=True)  # a confirmation first
    assert "Reset attempt 1 of" in asked and 'name="confirm" value="1"' in asked
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).state == "in_progress"
    client.post(reset, data={"csrf_token": token, "confirm": "1"})
    client.post(
        f"/cohorts/{cohort}/officers/{officer.id}/grant",
        data={"csrf_token": token, "quiz": "final", "extra_attempts": "1", "extra_minutes": "15"},
    )
    refused = client.post(
        f"/cohorts/{cohort}/officers/{officer.id}/grant",
        data={"csrf_token": token, "quiz": "final", "extra_attempts": "99"},
    )
    assert refused.status_code == 302
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).state == "void"
        events = {e.action: json.loads(e.detail) for e in db.session.scalars(select(AuditEvent))}
        assert events["attempt.reset"]["quiz"] == "basics-quiz"
        assert events["quiz.grant"] == {"cohort": cohort, "extra_attempts": 1, "extra_minutes": 15, "quiz": "final"}
    # The reset attempt no longer counts: the officer starts a new one, numbered 2.
    new_id = started_attempt(officer_client, "basics-quiz")
    with app.app_context():
        assert db.session.get(Attempt, new_id).number == 2


def test_add_and_remove_member(app, client, login, coordinator, make_user, make_cohort):
    officer = make_user(email="late@pf.example")
    make_cohort("Earlier intake", coordinators=[coordinator], members=[officer])  # so within my reach (H1)
    cohort = make_cohort(coordinators=[coordinator])
    login(coordinator)
    token = csrf_token(client, f"/cohorts/{cohort}/")
    client.post(f"/cohorts/{cohort}/members", data={"csrf_token": token, "email": "LATE@pf.example"})
    assert "1 officer" in client.get(f"/cohorts/{cohort}/").get_data(as_text=True)
    asked = client.post(f"/cohorts/{cohort}/members/{officer.id}/remove", data={"csrf_token": token})
    assert "Their training record stays" in asked.get_data(as_text=True)
    assert "1 officer" in client.get(f"/cohorts/{cohort}/").get_data(as_text=True)  # nothing changed yet
    client.post(f"/cohorts/{cohort}/members/{officer.id}/remove", data={"csrf_token": token, "confirm": "1"})
    assert "0 officers" in client.get(f"/cohorts/{cohort}/").get_data(as_text=True)


def test_charts_page_draws_named_bars_and_an_accessible_line(client, login, coordinator, make_user, make_cohort):
    cohort = make_cohort(coordinators=[coordinator], members=[make_user(name="<img src=x onerror=alert(1)>")])
    login(coordinator)
    html = client.get(f"/cohorts/{cohort}/charts").get_data(as_text=True)
    assert (
        html.count('role="img"') == 1 and '<title id="over-time-t">' in html and "Show the numbers as a table" in html
    )
    assert '<span class="bar-label" id="funnel-1">1. Basics</span>' in html  # the whole title, as text
    assert '<meter min="0" max="1" value="0" aria-labelledby="funnel-1 funnel-1-n">' in html
    assert "No final assessment has been graded yet." in html
    assert "<img src=x" not in html


def test_the_officer_page_shows_modules_grants_certificate_and_readonly_attempts(app, client, login, coordinator,
                                                                                  make_user, make_cohort):  # fmt: skip
    """Issue 15, point 7."""
    from tests.quizzes.conftest import passed_basics_quiz

    officer, stranger = make_user(name="Mariana Costa"), make_user("coordinator")
    cohort = make_cohort(coordinators=[coordinator], members=[officer])
    attempt_id = passed_basics_quiz(app, login, officer)
    login(coordinator)
    token = csrf_token(client, f"/cohorts/{cohort}/officers/{officer.id}")
    granted = client.post(f"/cohorts/{cohort}/officers/{officer.id}/grant", follow_redirects=True,
                          data={"csrf_token": token, "quiz": "final", "extra_attempts": "1", "extra_minutes": "15"})  # fmt: skip
    page = granted.get_data(as_text=True)
    assert "Granted to Mariana Costa on Final assessment: 1 extra attempt and 15 extra minutes." in page
    assert "1 extra attempt, 15 extra minutes" in page  # already granted, listed
    assert "Quiz passed, not read" in page and "100%" in page and "Not issued yet." in page
    record = f"/cohorts/{cohort}/officers/{officer.id}/attempts/{attempt_id}"
    assert record in page
    shown = client.get(record).get_data(as_text=True)
    assert "Answer given" in shown and "Change   Output" in shown
    assert "CORRECTMARK" not in shown and "Correct answer" not in shown and "Accepted:" not in shown
    other = app.test_client()
    login(stranger, target=other)
    assert other.get(record).status_code == 404


def test_dashboard_search_and_cohort_counts(client, login, coordinator, make_user, make_cohort):
    """Issue 15, point 9: search by name or e-mail (wildcards are literal); officers counted on the list."""
    lea, lucas = make_user(name="Léa Dubois", email="lea@pn.example"), make_user(name="Lucas Almeida")
    cohort = make_cohort(coordinators=[coordinator], members=[lea, lucas])
    login(coordinator)
    assert "1 officer" in client.get(f"/cohorts/{cohort}/?q=DUBOIS").get_data(as_text=True)
    assert "1 officer" in client.get(f"/cohorts/{cohort}/?q=lea@pn").get_data(as_text=True)
    assert "0 officers" in client.get(f"/cohorts/{cohort}/?q=%25").get_data(as_text=True)  # "%" is not a wildcard
    assert "2 officers" in client.get(f"/cohorts/{cohort}/?q=").get_data(as_text=True)
    listing = client.get("/cohorts/").get_data(as_text=True)
    assert '<th scope="col">Officers</th>' in listing and "<td>2</td>" in listing


def take_basics(app, login, officer, answers_for) -> None:
    """One submitted attempt at the basics quiz, through the officer's pages."""
    officer_client = app.test_client()
    login(officer, target=officer_client)
    attempt_id = started_attempt(officer_client, "basics-quiz")
    html = attempt_page(officer_client, "basics-quiz", attempt_id).get_data(as_text=True)
    post_form(officer_client, "basics-quiz", attempt_id, answers_for(html), action="submit")


def rows_of(html: str) -> list[str]:
    """The officers' names in the dashboard's order."""
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


def test_dashboard_sorts_by_grade_progress_and_names_in_any_alphabet(app, client, login, coordinator, make_user,
                                                                     make_cohort):  # fmt: skip
    """Issue 15, point 9: grade and progress orders across pages; "Léa" before "Lucas"; country names."""
    lucas, lea, zoe, ana = (make_user(name=n, country=c) for n, c in
                            (("Lucas Almeida", "BR"), ("Léa Dubois", "FR"), ("Zoé Martin", "FR"), ("ana Ruiz", "AR")))  # fmt: skip
    cohort = make_cohort(coordinators=[coordinator], members=[lucas, lea, zoe, ana])
    take_basics(app, login, zoe, right_answers)  # the best grade
    take_basics(app, login, lucas, lambda html: {0: label_value(html, 0, "Ten minutes")})  # a low one
    login(coordinator)
    by_name = client.get(f"/cohorts/{cohort}/").get_data(as_text=True)
    assert rows_of(by_name) == ["ana Ruiz", "Léa Dubois", "Lucas Almeida", "Zoé Martin"]  # case and accents aside
    assert 'France <span class="muted small">FR</span>' in by_name
    assert '<option value="AR">Argentina (AR)</option>' in by_name  # the filter reads names, sorted by name
    assert by_name.index("Argentina (AR)") < by_name.index("Brazil (BR)") < by_name.index("France (FR)")

    best_first = client.get(f"/cohorts/{cohort}/?sort=grade").get_data(as_text=True)
    assert rows_of(best_first) == ["Zoé Martin", "Lucas Almeida", "ana Ruiz", "Léa Dubois"]  # ties by name
    assert 'aria-sort="descending">Grade' in best_first
    lowest_first = client.get(f"/cohorts/{cohort}/?sort=-grade").get_data(as_text=True)
    # The exact reverse, ties included, as every reversed column reads: nothing taken is 0.
    assert rows_of(lowest_first) == ["Léa Dubois", "ana Ruiz", "Lucas Almeida", "Zoé Martin"]
    furthest = client.get(f"/cohorts/{cohort}/?sort=progress").get_data(as_text=True)
    assert rows_of(furthest)[0] == "Zoé Martin"  # her quiz is passed; Lucas's is not
    assert rows_of(client.get(f"/cohorts/{cohort}/?sort=progress&country=FR").get_data(as_text=True)) == [
        "Zoé Martin", "Léa Dubois"]  # fmt: skip


def test_a_grade_order_spans_pages(client, login, coordinator, make_user, make_cohort, app):
    """Ranked in full before paging: the best officer is on page 1 whatever their name."""
    officers = [make_user(name=f"Officer {i:02d}") for i in range(27)]
    cohort = make_cohort(coordinators=[coordinator], members=officers)
    take_basics(app, login, officers[26], right_answers)
    login(coordinator)
    first = client.get(f"/cohorts/{cohort}/?sort=grade").get_data(as_text=True)
    assert rows_of(first)[0] == "Officer 26" and "27 officers" in first and "Page 1 of 2" in first
    following = re.search(r'<a rel="next" href="([^"]+)"', first)
    assert following
    second = client.get(html.unescape(following.group(1))).get_data(as_text=True)
    assert rows_of(second) == ["Officer 24", "Officer 25"] and "Page 2 of 2" in second
    assert rows_of(client.get(f"/cohorts/{cohort}/?sort=grade&last=1").get_data(as_text=True)) == rows_of(second)


def test_a_grade_order_follows_what_officers_do_next(client, login, coordinator, make_user, make_cohort, app):
    """Standings are stored: a later view must show an officer's new grade, and content whose
    rules changed must rank everyone again."""
    from lms.catalog import service as content
    from lms.progress import service as progress
    from lms.reports import standings

    first, second = make_user(name="Aline First"), make_user(name="Bruno Second")
    cohort = make_cohort(coordinators=[coordinator], members=[first, second])
    login(coordinator)
    assert rows_of(client.get(f"/cohorts/{cohort}/?sort=grade").get_data(as_text=True)) == ["Aline First",
                                                                                             "Bruno Second"]  # fmt: skip
    take_basics(app, login, second, right_answers)  # in a client of the officer's own
    assert rows_of(client.get(f"/cohorts/{cohort}/?sort=grade").get_data(as_text=True)) == ["Bruno Second",
                                                                                            "Aline First"]  # fmt: skip
    with app.app_context():
        group = db.session.get(Cohort, cohort)
        course = content.catalog().course(group.course_slug)
        assert standings.refresh(group, course) == 0  # nothing changed since that view
        progress.mark_read(first.id, group.course_slug, course.modules[0].slug)  # marks her standing
        db.session.commit()
        assert standings.refresh(group, course) == 1
        group = db.session.get(Cohort, cohort)
        group.ranked_under = "rules of an older course file"
        db.session.commit()
        assert standings.refresh(group, course) == 2  # everyone, under the rules of today


def test_rank_cohorts_stores_every_standing_ahead_of_the_first_sorted_view(app, make_user, make_cohort):
    """`flask lms rank-cohorts` after an upgrade: the first coordinator to sort then grades nobody."""
    from lms.catalog import service as content
    from lms.reports import standings

    cohort = make_cohort(members=[make_user(), make_user(), make_user()])
    runner = app.test_cli_runner()
    first = runner.invoke(args=["lms", "rank-cohorts"])
    assert first.exit_code == 0 and f"Cohort {cohort}: 3 standing(s) computed." in first.output
    again = runner.invoke(args=["lms", "rank-cohorts"])
    assert f"Cohort {cohort}: 0 standing(s) computed." in again.output
    with app.app_context():
        group = db.session.get(Cohort, cohort)
        assert standings.refresh(group, content.catalog().course(group.course_slug)) == 0
