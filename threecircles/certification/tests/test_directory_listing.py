"""A holder's own directory listing: only the holder of an active certification (or one in its
grace period) has the page; the first save makes the listing's address from the name, once and
unique; what was typed stays on the page when something needs fixing; the page says whether the
listing is shown."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.forms_directory import names_match
from threecircles.certification.models import (
    Certification,
    Credential,
    DirectoryListing,
    Standing,
)
from threecircles.certification.tests.factories import certify, make_credential
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
URL = "/directory/listing/edit/"
FORM = {
    "display_name": "Jordan Reyes, LMFT",
    "practice": "Bridgeway Counseling",
    "city": "Portland",
    "region": "Oregon",
    "country": "United States",
    "in_person": "on",
    "telehealth": "on",
    "languages": "English,  Spanish ,",
    "populations": ["adults", "partners"],
    "issues": ["compulsive", "offending"],
    "website": "https://bridgeway.example.org",
    "phone": "+1 (503) 555-0100",
    "about": "I lead groups for partners.\nAnd for men in recovery.",
    "visible": "on",
}


@pytest.fixture
def csat(db: None) -> Credential:
    return make_credential()


@pytest.fixture
def jordan(csat: Credential) -> User:
    person = make_user("Jordan", Role.CLINICIAN)
    person.display_name = "Jordan R."  # as printed on the certificate
    person.save()
    certify(person, csat)
    return person


@pytest.fixture
def browser(jordan: User, signed_in: Callable[[User], Client]) -> Client:
    return signed_in(jordan)


def status_of(page: Any) -> str:
    (status,) = find_all(page_tree(page, page.status_code), "p", attrs={"role": "status"})
    return text_of(status)


def test_the_page_is_at_its_address() -> None:
    assert reverse("certification:my_listing") == URL


def test_a_holder_without_a_listing_starts_from_the_name_on_the_certificate(
    browser: Client, jordan: User
) -> None:
    page = browser.get(URL)

    tree = page_tree(page)
    (name,) = find_all(tree, "input", attrs={"name": "display_name"})
    assert dict(name.attributes)["value"] == "Jordan R."
    assert status_of(page).startswith("You have no listing yet.")
    (notice,) = find_all(tree, "p", "notice")
    assert "Your listing appears only while your certification is active." in text_of(notice)
    labels = [text_of(label) for label in find_all(tree, "label")]
    assert "Offending-specific treatment" in labels
    assert "Partners and spouses" in labels
    assert "Partner betrayal trauma" in labels


def test_saving_makes_a_listing_shown_in_the_directory(browser: Client, jordan: User) -> None:
    response = browser.post(URL, FORM)

    assert response.status_code == 302
    listing = DirectoryListing.objects.get(person=jordan)
    assert listing.slug == "jordan-reyes-lmft"
    assert listing.languages == "English, Spanish"
    assert listing.issues == ["compulsive", "offending"]
    assert listing.populations == ["adults", "partners"]
    assert listing.phone == "+1 (503) 555-0100"
    page = browser.get(URL)
    assert status_of(page).startswith("Your listing is shown in the directory now")
    (link,) = find_all(page_tree(page), "a", attrs={"href": f"/directory/{listing.slug}/"})
    assert text_of(link) == "open your listing"
    assert "Your listing is saved, and shown in the directory." in text_of(page_tree(page))
    profile = Client().get(reverse("certification:directory_profile", args=[listing.slug]))
    body = text_of(page_tree(profile))
    assert "I lead groups for partners." in body
    assert "Offending-specific treatment" in body
    assert "jordan@example.org" not in profile.content.decode()


def test_the_address_is_made_once_and_stays_when_the_name_changes(
    browser: Client, jordan: User
) -> None:
    browser.post(URL, FORM)
    browser.post(URL, FORM | {"display_name": "Dr. Jordan Reyes"})

    listing = DirectoryListing.objects.get(person=jordan)
    assert (listing.display_name, listing.slug) == ("Dr. Jordan Reyes", "jordan-reyes-lmft")


def test_two_holders_of_the_same_name_get_different_addresses(
    browser: Client, csat: Credential, signed_in: Callable[[User], Client]
) -> None:
    other = make_user("Other", Role.CLINICIAN)
    other.display_name = "Jordan Reyes"  # somebody else of the same name
    other.save(update_fields=["display_name"])
    certify(other, csat)
    browser.post(URL, FORM)
    signed_in(other).post(URL, FORM)

    assert DirectoryListing.objects.get(person=other).slug == "jordan-reyes-lmft-2"


def test_a_hidden_listing_is_saved_and_not_shown(browser: Client, jordan: User) -> None:
    browser.post(URL, FORM | {"visible": ""})

    page = browser.get(URL)
    assert status_of(page).startswith("Your listing is hidden")
    slug = DirectoryListing.objects.get(person=jordan).slug
    assert Client().get(f"/directory/{slug}/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"display_name": ""}, "Please enter your name as it should be listed."),
        (
            {"display_name": "Casey Reyes, LMFT"},
            "Please list the name on your certificate (Jordan R.); you may add a title",
        ),
        (
            {"website": "javascript:alert(1)"},
            "Please enter a web address like https://example.org.",
        ),
        (
            {"website": "ftp://files.example.org"},
            "Please enter a web address like https://example.org.",
        ),
        ({"phone": "call me <b>"}, "Please enter a phone number with digits"),
        ({"about": "x" * 2001}, "Please shorten this to 2,000 characters or fewer (it has 2001)."),
    ],
)
def test_what_needs_fixing_is_said_and_what_was_typed_stays(
    browser: Client, jordan: User, changes: dict[str, str], message: str
) -> None:
    page = browser.post(URL, FORM | changes)

    tree = page_tree(page, 400)
    assert message in text_of(tree)
    (practice,) = find_all(tree, "input", attrs={"name": "practice"})
    assert dict(practice.attributes)["value"] == "Bridgeway Counseling"
    (offending,) = find_all(tree, "input", attrs={"name": "issues", "value": "offending"})
    assert "checked" in dict(offending.attributes)
    (about,) = find_all(tree, "textarea", attrs={"name": "about"})
    assert text_of(about).startswith(text_of(changes.get("about", "I lead groups")))
    assert not DirectoryListing.objects.filter(person=jordan).exists()


def test_a_holder_in_grace_keeps_the_page_and_reads_that_the_listing_is_not_shown(
    csat: Credential, signed_in: Callable[[User], Client]
) -> None:
    person = make_user("Casey", Role.CLINICIAN)
    issued = timezone.localdate() - datetime.timedelta(days=800)
    certification = certify(person, csat, issued_on=issued)
    assert certification.expires_on < timezone.localdate()
    browser = signed_in(person)

    assert browser.post(URL, FORM | {"display_name": "Casey, LMFT"}).status_code == 302

    assert status_of(browser.get(URL)).startswith(
        "Your listing is not shown now, because your certification is not active."
    )
    slug = DirectoryListing.objects.get(person=person).slug
    assert Client().get(f"/directory/{slug}/").status_code == 404


def test_a_holder_after_grace_has_no_page(
    csat: Credential, signed_in: Callable[[User], Client]
) -> None:
    person = make_user("Casey", Role.CLINICIAN)
    certification = certify(
        person, csat, issued_on=timezone.localdate() - datetime.timedelta(days=830)
    )
    assert certification.standing() == Standing.LAPSED

    assert signed_in(person).get(URL).status_code == 404


@pytest.mark.parametrize("action", [actions.suspend, actions.revoke])
def test_a_suspended_or_revoked_holder_has_no_page(
    browser: Client, jordan: User, ivy: User, action: Any
) -> None:
    action(certification=Certification.objects.get(person=jordan), by=ivy, reason="Board.")

    assert browser.get(URL).status_code == 404
    assert browser.post(URL, FORM).status_code == 404
    assert not DirectoryListing.objects.exists()


def test_a_professional_without_a_certification_has_no_page(
    csat: Credential, signed_in: Callable[[User], Client]
) -> None:
    member = make_user("Max", Role.MEMBER)
    actions.start(person=member, credential=csat)

    assert signed_in(member).get(URL).status_code == 404
    assert signed_in(member).post(URL, FORM).status_code == 404
    assert not DirectoryListing.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("listed", "certified", "matches"),
    [
        ("Jordan Reyes, LMFT", "Jordan Reyes", True),
        ("Dr. Jordan Reyes", "Jordan Reyes", True),
        ("Jordan Reyes, LMFT", "Jordan R.", True),
        ("JORDAN   reyes", "Jordan Reyes", True),
        ("José Álvarez, PhD", "José Álvarez", True),
        ("Reyes Jordan", "Jordan Reyes", False),
        ("Casey Reyes", "Jordan Reyes", False),
        ("Patrick Carnes, PhD", "Jordan Reyes", False),
        ("Jordan", "Jordan Reyes", False),
    ],
)
def test_a_listed_name_keeps_the_name_on_the_certificate(listed, certified, matches) -> None:
    assert names_match(listed, certified) is matches
