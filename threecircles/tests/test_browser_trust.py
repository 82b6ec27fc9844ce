"""In a real browser, on a phone: Carol reads what Alice shares, and Alice sees, in her access
history, one line for Carol's day that opens onto each time. The pages pass axe."""

import pytest
from playwright.sync_api import expect

from threecircles.tests.browser import PHONE, axe_page, needs_axe, serious_violations, sign_in

pytestmark = pytest.mark.browser


def test_alice_sees_her_sponsors_look_as_one_line_that_opens(new_context, alice, carol):
    carols = new_context(viewport=PHONE).new_page()
    sign_in(carols, carol)
    carols.get_by_role("link", name="See what Alice shares").click()
    expect(
        carols.get_by_role("heading", level=2, name="Sobriety status and sober time")
    ).to_be_visible()
    assert carols.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    alices = new_context(viewport=PHONE).new_page()
    sign_in(alices, alice)
    alices.get_by_role("link", name="Who has seen my record").first.click()
    line = alices.locator("summary", has_text="Carol, your sponsor,")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("viewed your sobriety status and sober time")
    details = alices.get_by_role("cell", name="Viewed: your check-in regularity")
    expect(details).to_be_hidden()
    line.click()
    expect(details).to_be_visible()
    assert alices.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@needs_axe
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_supporter_pages_have_no_serious_accessibility_violations(
    new_context, alice, carol, viewport
):
    page = axe_page(new_context, viewport=viewport)
    sign_in(page, carol)
    found = [
        v
        for path in ("/support/supporting/", f"/support/supporting/{alice.pk}/")
        for v in serious_violations(page, path)
    ]
    assert found == []
