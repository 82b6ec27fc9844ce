"""In a real browser, on a phone: Alice invites Carol as her accountability partner, sharing
sober time and check-in regularity only; Carol joins and sees exactly that; Alice asks for
support and sees Carol's answer; Alice removes Carol, whose next page load shows nothing; and
Alice's "who has seen my record" lists Carol's reads."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from threecircles.tests.browser import PHONE, sign_in

pytestmark = pytest.mark.browser

SOBER = "Sobriety status and sober time"
CHECKINS = "Check-in regularity"


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _shared_headings(page: Page) -> list[str]:
    return [text.strip() for text in page.locator("section.card h2").all_inner_texts()]


def test_invite_share_ask_answer_remove_and_see_who_read(new_context, alice, run_tasks):
    alices = new_context(viewport=PHONE).new_page()
    sign_in(alices, alice)
    alices.get_by_role("link", name="My supporters").first.click()
    alices.get_by_label("Their name").fill("Carol")
    alices.get_by_label("Relationship").select_option(label="Accountability partner")
    alices.get_by_label("Their e-mail address").fill("carol.ap@example.net")
    alices.get_by_label(SOBER).check()
    alices.get_by_label(CHECKINS).check()
    _fits(alices)
    alices.get_by_role("button", name="Send invitation").click()
    expect(alices.get_by_text("Invitation sent to Carol.")).to_be_visible()

    # Carol opens the link from her e-mail and creates her account.
    run_tasks()
    link = re.search(r"https?://[^/\s]+(/invitation/\S+/)", str(mail.outbox[-1].body))
    assert link
    carols = new_context(viewport=PHONE).new_page()
    carols.goto(link.group(1))
    expect(carols).to_have_url(re.compile("/accounts/signup/"))
    carols.locator("input[name=display_name]").fill("Carol")
    carols.locator("input[name=password1]").fill("a-long-pass-phrase-for-carol")
    carols.locator("input[name=password2]").fill("a-long-pass-phrase-for-carol")
    carols.get_by_role("button", name="Sign Up").click()
    carols.get_by_role("link", name="See what Alice shares").click()
    expect(carols.get_by_role("heading", level=2, name=SOBER)).to_be_visible()
    assert _shared_headings(carols) == [SOBER, CHECKINS]
    supporting_url = carols.url
    _fits(carols)

    # Alice asks for support; Carol is told and answers; Alice sees who answered.
    alices.get_by_role("link", name="I need support").first.click()
    alices.get_by_role("button", name="I need support now").click()
    expect(alices.get_by_role("heading", name="Your request for support")).to_be_visible()
    carols.reload()
    carols.get_by_role("link", name=re.compile("Notifications")).click()
    expect(carols.get_by_text("Someone you support asked for support.")).to_be_visible()
    carols.get_by_role("button", name=re.compile("Open")).first.click()
    expect(carols.get_by_text(re.compile(r"Alice asked for support at \d\d:\d\d"))).to_be_visible()
    carols.get_by_role("button", name="I'm calling you").click()
    expect(carols.get_by_text("You answered:")).to_be_visible()
    alices.reload()
    expect(alices.get_by_text("Carol: I'm calling you")).to_be_visible()
    _fits(alices)

    # Alice removes Carol: Carol's very next page load shows nothing of Alice.
    alices.get_by_role("link", name="My supporters").first.click()
    alices.get_by_role("link", name="Sharing, pause and history for Carol").click()
    alices.locator("summary", has_text="Remove Carol").click()
    alices.get_by_role("button", name="Remove Carol (stop sharing everything)").click()
    expect(alices.get_by_text("Carol no longer sees anything you share.")).to_be_visible()
    response = carols.goto(supporting_url)
    assert response is not None and response.status == 404
    assert SOBER not in carols.content()
    carols.goto("/support/supporting/")
    expect(carols.get_by_text("No one is sharing with you at the moment.")).to_be_visible()

    # Alice's "who has seen my record" lists Carol's reads.
    alices.get_by_role("link", name="Who has seen my record").first.click()
    line = alices.locator("summary", has_text="Carol, your accountability partner,")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("viewed your sobriety status and sober time")
    line.click()
    expect(
        alices.get_by_role("cell", name="Viewed: your check-in regularity").first
    ).to_be_visible()
    _fits(alices)
