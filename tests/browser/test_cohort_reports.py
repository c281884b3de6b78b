"""Issue 15, points 9 and 10: the coordinator's dashboard and charts on the real course in Chromium.

The demo cohort (25 officers from 11 countries at every point of the day) is sorted by grade and
by progress, names sort across alphabets and accents ("Léa" before "Lucas"), countries read as
names; the charts give every module its whole title, use the card's width and stay readable on
a phone. Desktop and phone; axe on every page.
"""

import pytest

from tests.browser.conftest import PHONE, assert_accessible, browser_page, screenshot, sign_in
from tests.browser.test_module_reading import ROOT

STEPS = len(list((ROOT / "courses" / "crypto-crime-essentials").glob("[0-9][0-9]-*.md")))  # modules and labs

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

DEMO_PASSWORD = "letp-demo-pass"


@pytest.fixture
def app_overrides():
    return {"COURSES_DIR": str(ROOT / "courses"), "QUIZZES_DIR": str(ROOT / "quizzes")}


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["lms", "demo"])
    assert result.exit_code == 0, result.output


def names_in_order(page) -> list[str]:
    return page.locator("table.gradebook tbody th[scope=row] a").all_inner_texts()


def grades_in_order(page) -> list[float]:
    cells = page.locator("table.gradebook tbody tr td:nth-last-child(2)").all_inner_texts()
    return [float(cell.rstrip("%").replace(",", "")) for cell in cells if cell.strip()]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_dashboard_sorts_by_grade_and_progress_and_names_countries(browser, live_server, demo, viewport):
    with browser_page(browser, live_server, **({"viewport": viewport} if viewport else {})) as page:
        sign_in(page, "coordinator@letp.test", password=DEMO_PASSWORD)
        page.get_by_role("link", name="Demo cohort: regional workshop").click()
        names = names_in_order(page)
        assert names.index("Léa Dubois") < names.index("Lucas Almeida")  # not after every ASCII name
        assert page.get_by_role("cell", name="France FR").first.is_visible()
        assert page.get_by_label("Country").locator("option", has_text="Korea").count() == 1

        page.get_by_label("Sort by").select_option(label="Grade, highest first")
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url("**sort=grade**")
        grades = grades_in_order(page)
        assert len(grades) == 25 and grades == sorted(grades, reverse=True) and grades[0] > grades[-1]
        assert page.locator("th[aria-sort=descending]").inner_text() == "Grade"
        if viewport:  # the page itself never scrolls sideways; the wide table scrolls in its own region
            assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, f"dashboard-by-grade-{'phone' if viewport else 'desktop'}")
        assert_accessible(page)

        page.get_by_label("Sort by").select_option(label="Progress, least first")
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url("**sort=-progress**")
        first = page.locator("table.gradebook tbody tr").first
        assert first.locator(".mark-not_started").count() == STEPS  # nothing started comes first
        assert page.locator("table.gradebook tbody tr").last.locator(".mark-complete").count() == STEPS


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_charts_show_whole_module_titles_across_the_card(browser, live_server, demo, viewport):
    with browser_page(browser, live_server, **({"viewport": viewport} if viewport else {})) as page:
        sign_in(page, "coordinator@letp.test", password=DEMO_PASSWORD)
        page.get_by_role("link", name="Demo cohort: regional workshop").click()
        page.get_by_role("link", name="Charts").click()
        funnel = page.get_by_role("figure", name="Officers who completed each module")
        labels = funnel.locator(".bar-label")
        assert labels.nth(2).inner_text() == "3. Exchanges, VASPs and law-enforcement requests"  # not cut short
        assert labels.nth(4).inner_text() == "5. AML policies, red flags and typologies"
        card = page.locator("section.card", has=funnel).bounding_box()
        for index in range(labels.count()):
            box = labels.nth(index).bounding_box()
            assert box["x"] >= card["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
            font = labels.nth(index).evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
            assert font >= 14
        bars = funnel.locator("meter")
        assert bars.count() == STEPS + 1  # each module and lab, and the final
        assert (
            bars.first.get_attribute("value") and bars.first.get_attribute("max") == "26"
        )  # every officer of the cohort
        widest = max(bars.nth(i).bounding_box()["width"] for i in range(bars.count()))
        assert widest > (0.45 if viewport else 0.4) * card["width"]  # the bars use the card, not a fixed 360 px
        line = page.get_by_role("img", name="Course completions over time")
        text_height = line.locator("text").first.evaluate("el => el.getBoundingClientRect().height")
        assert text_height >= 11  # the line chart's numbers stay readable when a phone shrinks it
        if viewport:
            assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, f"cohort-charts-{'phone' if viewport else 'desktop'}")
        assert_accessible(page)
