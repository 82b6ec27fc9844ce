"""The public directory as a visitor reads it: only therapists whose certification is active
today (the last day of a certification listed, the next day not, in grace or not; never a
suspended or revoked one; never a hidden listing), what each chose to show and nothing else,
search by place and need, a profile with schema.org metadata, hostile text shown as text, and
the sitemap."""

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.directory import listed
from threecircles.certification.models import (
    Certification,
    Credential,
    DirectoryListing,
    Issue,
    Population,
    Standing,
)
from threecircles.certification.tests.factories import certify, make_credential
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
HOSTILE = (
    '</script><script>alert(1)</script><img src=x onerror="alert(2)">'
    '<a href="javascript:alert(3)">x</a>'
)
ISSUED = datetime.date(2024, 3, 1)


@pytest.fixture
def csat(db: None) -> Credential:
    return make_credential()


def list_person(
    name: str,
    credential: Credential,
    *,
    issued_on: datetime.date | None = None,
    visible: bool = True,
    **shown: Any,
) -> tuple[User, Certification, DirectoryListing]:
    """A clinician certified on `issued_on`, with a listing that shows `shown`."""
    person = make_user(name.replace(" ", ""), Role.CLINICIAN)
    certification = certify(person, credential, issued_on=issued_on)
    listing = DirectoryListing.objects.create(
        person=person,
        slug=name.lower().replace(" ", "-"),
        visible=visible,
        display_name=shown.pop("display_name", f"{name}, LMFT"),
        **shown,
    )
    return person, certification, listing


def names_listed(client: Client, **query: Any) -> list[str]:
    tree = page_tree(client.get(reverse("certification:directory"), query))
    found = find_all(tree, "ol", "directory-results")
    return [
        text_of(next(find_all(item, "h2"))) for results in found for item in find_all(results, "li")
    ]


def profile(client: Client, slug: str) -> Any:
    return client.get(reverse("certification:directory_profile", args=[slug]))


def json_ld_of(page: Any) -> dict[str, Any]:
    tree = page_tree(page)
    (script,) = find_all(tree, "script", attrs={"type": "application/ld+json"})
    data: dict[str, Any] = json.loads(text_of(script))
    return data


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


# --- only while the certification is active -----------------------------------------------------


def test_a_certification_is_listed_through_its_expiry_date_and_not_the_day_after(
    client: Client, csat: Credential
) -> None:
    _, certification, _ = list_person("Jordan Reyes", csat, issued_on=ISSUED, city="Portland")
    last_day = certification.expires_on
    with time_machine.travel(at_noon(last_day), tick=False):
        assert names_listed(client) == ["Jordan Reyes, LMFT"]
        assert profile(client, "jordan-reyes").status_code == 200
    with time_machine.travel(at_noon(last_day + datetime.timedelta(days=1)), tick=False):
        # In its grace period the holder may still renew, but the directory no longer lists it.
        assert certification.standing() == Standing.GRACE
        assert names_listed(client) == []
        assert profile(client, "jordan-reyes").status_code == 404
    with time_machine.travel(at_noon(last_day + datetime.timedelta(days=400)), tick=False):
        assert certification.standing() == Standing.LAPSED
        assert names_listed(client) == []
        assert profile(client, "jordan-reyes").status_code == 404


def test_a_certification_dated_ahead_is_not_listed_before_its_day(
    client: Client, csat: Credential
) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    list_person("Jordan Reyes", csat, issued_on=tomorrow)

    assert names_listed(client) == []
    assert listed(tomorrow).count() == 1


@pytest.mark.parametrize("action", [actions.suspend, actions.revoke])
def test_a_suspended_or_revoked_certification_is_not_listed(
    client: Client, csat: Credential, ivy: User, action: Any
) -> None:
    list_person("Jordan Reyes", csat)
    _, certification, _ = list_person("Casey Moore", csat)
    assert names_listed(client) == ["Casey Moore, LMFT", "Jordan Reyes, LMFT"]

    action(certification=certification, by=ivy, reason="Complaint upheld by the board.")

    assert names_listed(client) == ["Jordan Reyes, LMFT"]
    assert profile(client, "casey-moore").status_code == 404


def test_a_reinstated_certification_is_listed_again(
    client: Client, csat: Credential, ivy: User
) -> None:
    _, certification, _ = list_person("Casey Moore", csat)
    actions.suspend(certification=certification, by=ivy, reason="Under review.")
    assert names_listed(client) == []

    actions.reinstate(certification=certification, by=ivy, reason="Review closed.")

    assert names_listed(client) == ["Casey Moore, LMFT"]


def test_a_hidden_listing_is_not_listed(client: Client, csat: Credential) -> None:
    list_person("Jordan Reyes", csat, visible=False)

    assert names_listed(client) == []
    assert profile(client, "jordan-reyes").status_code == 404


def test_a_listing_without_any_certification_is_not_listed(client: Client) -> None:
    person = make_user("Robin Lee", Role.CLINICIAN)
    DirectoryListing.objects.create(
        person=person, slug="robin-lee", visible=True, display_name="Robin Lee"
    )

    assert names_listed(client) == []
    assert profile(client, "robin-lee").status_code == 404


def test_another_active_certification_keeps_a_listing_when_one_is_revoked(
    client: Client, csat: Credential, ivy: User
) -> None:
    person, certification, _ = list_person("Casey Moore", csat)
    cptt = make_credential("CPTT", name="Certified Partner Trauma Therapist", modules=1)
    certify(person, cptt)
    tree = page_tree(client.get(reverse("certification:directory")))
    assert "Certified CPTT, CSAT" in text_of(next(find_all(tree, "dl", "event-where")))

    actions.revoke(certification=certification, by=ivy, reason="Complaint upheld.")

    tree = page_tree(client.get(reverse("certification:directory")))
    facts = text_of(next(find_all(tree, "dl", "event-where")))
    assert "Certified CPTT" in facts
    assert "CSAT" not in facts


# --- what is shown --------------------------------------------------------------------------


def test_the_directory_shows_what_each_therapist_chose_and_never_their_e_mail(
    client: Client, csat: Credential
) -> None:
    list_person(
        "Jordan Reyes", csat, practice="Bridgeway Counseling", city="Portland", region="Oregon",
        country="United States", telehealth=True, in_person=True, languages="English, Spanish",
        issues=[Issue.OFFENDING, Issue.COMPULSIVE], populations=[Population.PARTNERS],
    )  # fmt: skip

    page = client.get(reverse("certification:directory"))

    tree = page_tree(page)
    (results,) = find_all(tree, "ol", "directory-results")
    (card,) = find_all(results, "li")
    facts = {
        text_of(dt): text_of(dd)
        for dt, dd in zip(find_all(card, "dt"), find_all(card, "dd"), strict=True)
    }
    assert facts == {
        "Certified": "CSAT",
        "Practice": "Bridgeway Counseling",
        "Place": "Portland, Oregon, United States",
        "Sessions": "In person and online (telehealth)",
        "Languages": "English, Spanish",
        "Helps with": "Compulsive sexual behavior; Offending-specific treatment",
    }
    assert "@example.org" not in page.content.decode()


def test_the_directory_says_only_active_certifications_are_listed_and_links_to_verify(
    client: Client,
) -> None:
    tree = page_tree(client.get(reverse("certification:directory")))

    (notice,) = find_all(tree, "p", "notice")
    assert "Only therapists whose certification is active today are listed." in text_of(notice)
    (link,) = find_all(notice, "a")
    assert dict(link.attributes)["href"] == reverse("certification:verify_form")


def test_the_directory_shows_twenty_a_page_in_order_of_name(
    client: Client, csat: Credential
) -> None:
    for n in range(21):
        list_person(f"Therapist {n:02d}", csat)

    assert names_listed(client) == [f"Therapist {n:02d}, LMFT" for n in range(20)]
    assert names_listed(client, page=2) == ["Therapist 20, LMFT"]


# --- search ---------------------------------------------------------------------------------


@pytest.fixture
def three(csat: Credential) -> None:
    list_person(
        "Jordan Reyes", csat, city="Portland", region="Oregon", country="United States",
        issues=[Issue.COMPULSIVE, Issue.OFFENDING], populations=[Population.ADULTS],
        languages="English, Spanish",
    )  # fmt: skip
    list_person(
        "Casey Moore", csat, city="Portland", region="Maine", country="United States",
        telehealth=True, issues=[Issue.PARTNER_BETRAYAL], populations=[Population.PARTNERS],
        languages="English",
    )  # fmt: skip
    list_person(
        "Sam Okafor", csat, city="Toronto", region="Ontario", country="Canada",
        telehealth=True, issues=[Issue.PORNOGRAPHY], populations=[Population.ADOLESCENTS],
        languages="English, French",
    )  # fmt: skip


@pytest.mark.usefixtures("three")
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"place": "portland"}, ["Casey Moore, LMFT", "Jordan Reyes, LMFT"]),
        ({"place": "Portland, Oregon"}, ["Jordan Reyes, LMFT"]),
        ({"place": "canada"}, ["Sam Okafor, LMFT"]),
        ({"place": "Lisbon"}, []),
        ({"need": "offending"}, ["Jordan Reyes, LMFT"]),
        ({"need": "partner_betrayal"}, ["Casey Moore, LMFT"]),
        ({"population": "partners"}, ["Casey Moore, LMFT"]),
        ({"telehealth": "on"}, ["Casey Moore, LMFT", "Sam Okafor, LMFT"]),
        ({"language": "spanish"}, ["Jordan Reyes, LMFT"]),
        ({"place": "United States", "telehealth": "on"}, ["Casey Moore, LMFT"]),
    ],
)
def test_search_by_place_need_population_telehealth_and_language(
    client: Client, query: dict[str, str], found: list[str]
) -> None:
    assert names_listed(client, **query) == found


@pytest.mark.usefixtures("three")
def test_a_search_keeps_its_terms_and_says_how_many_were_found(client: Client) -> None:
    page = client.get(reverse("certification:directory"), {"place": "Portland", "need": "trauma"})

    tree = page_tree(page)
    (place,) = find_all(tree, "input", attrs={"name": "place"})
    assert dict(place.attributes)["value"] == "Portland"
    (status,) = find_all(tree, "p", attrs={"role": "status"})
    assert text_of(status).startswith("No therapist matches this search.")


@pytest.mark.usefixtures("three")
def test_an_unknown_need_in_a_link_is_said_and_the_search_shows_every_need(
    client: Client,
) -> None:
    page = client.get(reverse("certification:directory"), {"need": "nonsense", "place": "Toronto"})

    assert names_listed(client, need="nonsense", place="Toronto") == ["Sam Okafor, LMFT"]
    assert "That choice is not in the list" in text_of(page_tree(page))


# --- a profile ------------------------------------------------------------------------------


def test_a_profile_has_schema_org_person_metadata_with_each_active_credential(
    client: Client, csat: Credential
) -> None:
    _, certification, _ = list_person(
        "Jordan Reyes", csat, practice="Bridgeway Counseling", city="Portland", region="Oregon",
        country="United States", languages="English, Spanish", phone="+1 503 555 0100",
        issues=[Issue.OFFENDING],
    )  # fmt: skip

    data = json_ld_of(profile(client, "jordan-reyes"))

    verify = "http://testserver" + reverse(
        "certification:verify", kwargs={"code": certification.verification_code}
    )
    assert data["@type"] == "Person"
    assert data["name"] == "Jordan Reyes, LMFT"
    assert data["jobTitle"] == "Certified Sex Addiction Therapist"
    assert data["worksFor"] == {"@type": "Organization", "name": "Bridgeway Counseling"}
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Portland",
        "addressRegion": "Oregon",
        "addressCountry": "United States",
    }
    assert data["knowsLanguage"] == ["English", "Spanish"]
    (credential,) = data["hasCredential"]
    assert credential["@type"] == "EducationalOccupationalCredential"
    assert credential["name"] == "Certified Sex Addiction Therapist"
    assert credential["url"] == verify
    assert "email" not in json.dumps(data)


def test_a_profile_links_to_the_verify_page_and_has_an_open_graph_title(
    client: Client, csat: Credential
) -> None:
    _, certification, _ = list_person("Jordan Reyes", csat, phone="+1 503 555 0100")

    tree = page_tree(profile(client, "jordan-reyes"))

    (og_title,) = find_all(tree, "meta", attrs={"property": "og:title"})
    assert dict(og_title.attributes)["content"] == "Jordan Reyes, LMFT"
    hrefs = [dict(a.attributes).get("href") for a in find_all(tree, "a")]
    assert reverse("certification:verify", args=[certification.verification_code]) in hrefs
    assert "tel:+1 503 555 0100" in hrefs


def test_an_unknown_profile_is_404(client: Client) -> None:
    assert profile(client, "nobody-here").status_code == 404


# --- hostile text -----------------------------------------------------------------------------


def test_hostile_text_in_a_listing_is_shown_as_text_everywhere(
    client: Client, csat: Credential
) -> None:
    list_person(
        "Jordan Reyes", csat, display_name=f"Jordan {HOSTILE}", practice=HOSTILE,
        city="</script><b>Portland", languages=HOSTILE, about=f"First line\n{HOSTILE}",
        website="javascript:alert(4)",
    )  # fmt: skip

    for page in (client.get(reverse("certification:directory")), profile(client, "jordan-reyes")):
        body = page.content.decode()
        assert HOSTILE not in body
        assert "<script>alert(1)" not in body
        assert "<img src=x" not in body
        assert 'href="javascript:' not in body
        # Only the page's own scripts, and the data block; none from the listing.
        tree = page_tree(page)
        for script in find_all(tree, "script"):
            attributes = dict(script.attributes)
            assert attributes.get("src") or attributes.get("type") == "application/ld+json"
    page = profile(client, "jordan-reyes")
    assert page.content.decode().count("</script>") == len(
        list(find_all(page_tree(page), "script"))
    )
    data = json_ld_of(page)
    assert data["name"] == f"Jordan {HOSTILE}"
    assert data["worksFor"]["name"] == HOSTILE
    assert "sameAs" not in data
    assert "First line" in text_of(page_tree(page))


# --- the sitemap ----------------------------------------------------------------------------


def test_the_sitemap_lists_the_listed_profiles_only(
    client: Client, csat: Credential, ivy: User
) -> None:
    list_person("Jordan Reyes", csat)
    list_person("Robin Lee", csat, visible=False)
    _, certification, _ = list_person("Casey Moore", csat)
    actions.suspend(certification=certification, by=ivy, reason="Under review.")

    body = client.get(reverse("content:sitemap")).content.decode()

    assert "/directory/jordan-reyes/" in body
    assert "/directory/robin-lee/" not in body
    assert "/directory/casey-moore/" not in body
