"""Issue 21, item 5: the dashboard's keyset pager in Chromium, on a desktop and a 390 px phone.

A cohort of 60 officers: first, next, last and previous pages by their links; the pager is a
labelled navigation, the page never scrolls sideways, axe finds nothing serious.
"""

import pytest

from tests.browser.conftest import PHONE, assert_accessible, browser_page, screenshot, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def names(page) -> list[str]:
    return page.locator("table.gradebook tbody th[scope=row] a").all_inner_texts()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_pager_walks_a_large_cohort(browser, live_server, make_user, make_cohort, viewport):
    coordinator = make_user("coordinator")
    make_cohort("Large intake", coordinators=[coordinator],
                members=[make_user(name=f"Officer {n:02d}", country="KE") for n in range(60)])  # fmt: skip
    with browser_page(browser, live_server, **({"viewport": viewport} if viewport else {})) as page:
        sign_in(page, coordinator.email)
        page.get_by_role("link", name="Large intake").click()
        pager = page.get_by_role("navigation", name="Pages")
        assert pager.get_by_text("Page 1 of 3").is_visible() and names(page)[0] == "Officer 00"
        pager.get_by_role("link", name="Next page").click()
        page.wait_for_url("**after=**")
        assert names(page)[0] == "Officer 25" and pager.get_by_text("Page 2 of 3").is_visible()
        pager.get_by_role("link", name="Last page").click()
        page.wait_for_url("**last=1**")
        assert names(page) == [f"Officer {n}" for n in range(50, 60)]
        assert pager.get_by_role("link", name="Next page").count() == 0
        if viewport:  # the page itself never scrolls sideways; the pager's links wrap
            assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        pager.scroll_into_view_if_needed()
        screenshot(page, f"dashboard-pager-{'phone' if viewport else 'desktop'}", full_page=False)
        assert_accessible(page)
        pager.get_by_role("link", name="Previous page").click()
        page.wait_for_url("**before=**")
        assert names(page)[0] == "Officer 25" and pager.get_by_text("Page 2 of 3").is_visible()
        pager.get_by_role("link", name="First page").click()
        assert names(page)[0] == "Officer 00"
