"""In a real browser, on a phone: a professional reads what membership is, applies and is
thanked; a member signs in, finds the member area, opens a resource and their profile. No page
scrolls sideways, and the pages pass axe."""

import pytest
from playwright.sync_api import Page, expect

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.membership.models import Membership
from threecircles.membership.tests.access_member import (
    make_member_type,
    make_membership,
    make_resource,
)
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
    sign_in,
)

pytestmark = BROWSER_MARKS


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_professional_reads_about_membership_applies_and_is_thanked(new_context, db):
    make_member_type(description="For licensed professionals in practice.")
    page = new_context(viewport=PHONE).new_page()
    page.goto("/membership/")
    expect(page.get_by_role("heading", level=1, name="Membership of the institute")).to_be_visible()
    expect(page.get_by_text("180.00 USD a year")).to_be_visible()
    _fits(page)
    page.get_by_role("link", name="Apply for membership").click()
    expect(page).to_have_url("/membership/apply/")
    _fits(page)
    expect(page.locator("input[name=homepage]")).to_be_hidden()
    page.get_by_label("Practitioner: 180.00 USD a year").check()
    page.get_by_label("Your name").fill("Jordan Reyes")
    page.get_by_label("Your e-mail address").fill("jordan@example.org")
    page.get_by_label("Profession").fill("Licensed marriage and family therapist")
    page.get_by_label("Why you would like to join").fill("I lead groups for men in recovery.")
    page.get_by_role("button", name="Send your application").click()
    expect(page).to_have_url("/membership/apply/thank-you/")
    expect(
        page.get_by_text(
            "Thank you, we will write to you at jordan@example.org once staff have looked at "
            "your application."
        )
    ).to_be_visible()
    _fits(page)
    assert Membership.objects.get().status == Membership.Status.APPLIED


def test_a_member_signs_in_to_the_member_area_and_opens_a_resource(new_context, db):
    jordan = make_user("Jordan", Role.MEMBER)
    membership = make_membership(jordan, paid_days=-5)
    make_resource(title="Intake checklist for a first session with a new client")
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, jordan)
    expect(page).to_have_url("/members/")
    expect(page.get_by_role("heading", level=1, name="Member area")).to_be_visible()
    expect(page.get_by_text("Your renewal is overdue.")).to_be_visible()
    expect(page.get_by_text(membership.member_number)).to_be_visible()
    _fits(page)
    page.get_by_role("link", name="Intake checklist for a first session").click()
    expect(page.get_by_role("strong")).to_have_text("first session")
    _fits(page)
    page.goto("/members/profile/")
    page.get_by_label("City (optional)").fill("Evanston")
    page.get_by_role("button", name="Save your profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    _fits(page)
    membership.refresh_from_db()
    assert membership.city == "Evanston"


@needs_axe
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_membership_pages_have_no_serious_accessibility_violations(new_context, db, viewport):
    make_member_type()
    make_member_type("student", name="Student", yearly_fee="45.00")
    jordan = make_user("Jordan", Role.MEMBER)
    membership = make_membership(jordan, paid_days=-5)
    assert membership.joined_on and membership.paid_through
    membership.payments.create(
        period_start=membership.joined_on, period_end=membership.paid_through, amount=180
    )
    make_resource()
    page = axe_page(new_context, viewport=viewport)
    found = [
        violation
        for path in ("/membership/", "/membership/apply/", "/membership/apply/thank-you/")
        for violation in serious_violations(page, path)
    ]
    page.goto("/membership/apply/")
    page.get_by_role("button", name="Send your application").click()
    expect(page.get_by_text("Please enter your name.")).to_be_visible()
    found += serious_violations(page)
    sign_in(page, jordan)
    for path in ("/members/", "/members/resources/intake-checklist/", "/members/profile/"):
        found += serious_violations(page, path)
    assert found == []
