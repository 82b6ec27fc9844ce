"""In a real browser, on a phone: a visitor finds a therapist by city and by need and opens the
profile; a certified member edits their listing. No page scrolls sideways, and the directory,
a profile and the listing form pass axe."""

import pytest
from playwright.sync_api import Page, expect

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification.models import DirectoryListing, Issue, Population
from threecircles.certification.tests.factories import certify, make_credential
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


def _directory() -> User:
    """Two therapists in Portland (one for partners, one offending-specific) and one in
    Toronto; the member who holds the Portland partners listing is returned."""
    credential = make_credential()
    people = []
    for name, city, region, issues in (
        ("Jordan", "Portland", "Oregon", [Issue.PARTNER_BETRAYAL, Issue.TRAUMA]),
        ("Casey", "Portland", "Oregon", [Issue.OFFENDING]),
        ("Sam", "Toronto", "Ontario", [Issue.PARTNER_BETRAYAL]),
    ):
        person = make_user(name, Role.MEMBER)
        certify(person, credential)
        DirectoryListing.objects.create(
            person=person, slug=f"{name.lower()}-therapist", visible=True,
            display_name=f"{name} Whitfield-Alvarez, LMFT, CSAT",
            practice="Bridgeway Counseling and Recovery Services of the Pacific Northwest",
            city=city, region=region, country="United States of America", telehealth=True,
            languages="English, Spanish, Portuguese", issues=issues,
            populations=[Population.PARTNERS, Population.COUPLES],
            website="https://a-rather-long-address-for-a-practice-website.example.org/about",
            phone="+1 503 555 0100",
            about="I work with partners after disclosure.\nSessions in English or Spanish.",
        )  # fmt: skip
        people.append(person)
    return people[0]


def test_a_visitor_finds_a_therapist_by_city_and_need_and_opens_the_profile(new_context, db):
    _directory()
    page = new_context(viewport=PHONE).new_page()

    page.goto("/")
    page.get_by_role("link", name="Find a therapist").first.click()
    expect(page).to_have_url("/directory/")
    expect(page.get_by_role("heading", level=1, name="Find a certified therapist")).to_be_visible()
    _fits(page)
    page.get_by_label("Place").fill("portland")
    page.get_by_label("Help with").select_option(label="Partner betrayal trauma")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("status")).to_have_text("1 therapist found. Show every therapist")
    _fits(page)
    page.get_by_role("link", name="Jordan Whitfield-Alvarez, LMFT, CSAT").click()

    expect(page).to_have_url("/directory/jordan-therapist/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Jordan Whitfield-Alvarez, LMFT, CSAT"
    )
    expect(page.get_by_text("Partner betrayal trauma; Trauma")).to_be_visible()
    expect(page.get_by_role("link", name="Check this certificate")).to_be_visible()
    _fits(page)


def test_a_certified_member_edits_their_listing(new_context, db):
    jordan = _directory()
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, jordan)

    page.goto("/directory/listing/edit/")
    expect(page.get_by_role("status")).to_contain_text("Your listing is shown in the directory now")
    _fits(page)
    page.get_by_label("Offending-specific treatment").check()
    page.get_by_label("Website (optional)").fill("javascript:alert(1)")
    page.get_by_role("button", name="Save your listing").click()

    expect(page.get_by_text("Please enter a web address like https://example.org.")).to_be_visible()
    expect(page.get_by_label("Offending-specific treatment")).to_be_checked()
    _fits(page)
    page.get_by_label("Website (optional)").fill("https://bridgeway.example.org")
    page.get_by_role("button", name="Save your listing").click()

    expect(page.get_by_text("Your listing is saved, and shown in the directory.")).to_be_visible()
    assert DirectoryListing.objects.get(person=jordan).issues == [
        Issue.PARTNER_BETRAYAL, Issue.TRAUMA, Issue.OFFENDING,
    ]  # fmt: skip


@needs_axe
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_directory_pages_have_no_serious_accessibility_violations(new_context, db, viewport):
    jordan = _directory()
    page = axe_page(new_context, viewport=viewport)

    found = [
        violation
        for path in (
            "/directory/",
            "/directory/?place=Lisbon&telehealth=on",
            "/directory/jordan-therapist/",
        )
        for violation in serious_violations(page, path)
    ]
    sign_in(page, jordan)
    found += serious_violations(page, "/directory/listing/edit/")

    assert found == []
