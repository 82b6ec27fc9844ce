"""The member area: what a member in good standing sees (membership, payments, how to renew,
resources, other apps' panels), what a member in grace, lapsed, awaiting payment or ended
sees (their standing and how to renew only), and that nobody else learns the pages exist;
member-only resources; the member's own profile; the "Member area" link."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from threecircles.accounts import registry
from threecircles.accounts.models import Role, User
from threecircles.membership import actions
from threecircles.membership.models import Membership, MembershipPayment
from threecircles.membership.tests.access_member import (
    make_membership,
    make_resource,
)
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
Status = Membership.Status

AREA = reverse("membership:member_area")
PROFILE = reverse("membership:profile")
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _main(page: Any, status: int = 200) -> Any:
    [main] = list(find_all(page_tree(page, status), "main"))
    return main


def _resource_url(slug: str = "intake-checklist") -> str:
    return reverse("membership:resource", args=[slug])


@pytest.fixture
def jordan(db: None) -> User:
    return make_user("Jordan", Role.MEMBER)


@pytest.fixture
def member(signed_in, jordan):
    return signed_in(jordan)


def _area(browser: Client, status: int = 200) -> str:
    return text_of(_main(browser.get(AREA), status))


def _headings(browser: Client) -> list[str]:
    main = _main(browser.get(AREA))
    return [text_of(h) for h in find_all(main, "h2")]


# --- standing ------------------------------------------------------------------------------


def test_a_current_member_sees_their_membership_payments_renewal_and_resources(member, jordan):
    membership = make_membership(jordan, paid_days=-1)
    actions.record_payment(
        membership=membership, by=None, amount=Decimal("180.00"), reference="INV-7"
    )
    membership.refresh_from_db()
    make_resource()
    make_resource("draft-notes", title="Draft notes", published=False)
    text = _area(member)
    assert f"Member number {membership.member_number}" in text
    assert "Type Practitioner" in text
    assert "Standing Current" in text
    assert f"Paid through {membership.paid_through:%-d %B %Y}" in text
    assert "The yearly fee for Practitioner is 180.00 USD" in text
    assert "staff record your payment" in text
    start, end = actions.next_period(membership, timezone.localdate())
    assert f"A payment recorded today covers {start:%-d %B %Y} to {end:%-d %B %Y}." in text
    [payment] = MembershipPayment.objects.all()
    assert f"{payment.period_start:%-d %b %Y} to {payment.period_end:%-d %b %Y} 180.00 USD" in text
    assert "INV-7" in text
    assert "Intake checklist What to ask in a first session." in text
    assert "Draft notes" not in text
    assert "overdue" not in text
    main = _main(member.get(AREA))
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(main, "a")}
    assert links["Intake checklist"] == _resource_url()
    assert links["Edit your profile"] == PROFILE


def test_a_member_in_grace_is_told_how_many_days_are_left_and_keeps_everything(member, jordan):
    membership = make_membership(jordan, paid_days=-10)
    make_resource()
    text = _area(member)
    assert membership.paid_through is not None
    ends = membership.paid_through + datetime.timedelta(days=30)
    assert "Standing Renewal overdue (grace period)" in text
    assert (
        "Your renewal is overdue. The member area and member prices stay open for 20 more "
        f"days, through {ends:%-d %B %Y}." in text
    )
    assert "Intake checklist" in text
    assert member.get(_resource_url()).status_code == 200


def test_on_the_last_day_of_grace_it_is_open_until_the_end_of_today(member, jordan):
    make_membership(jordan, paid_days=-30)
    assert "stay open until the end of today." in _area(member)


@pytest.mark.parametrize(
    ("standing", "kwargs", "says"),
    [
        (
            "Lapsed",
            {"paid_days": -31},
            "Your membership has lapsed: it was paid through",
        ),
        (
            "Approved, first payment due",
            {"paid_days": None},
            "Your membership starts when your first payment is recorded.",
        ),
    ],
)
def test_a_lapsed_or_unpaid_member_sees_their_standing_and_how_to_pay_but_no_resources(
    member, jordan, standing, kwargs, says
):
    make_membership(jordan, **kwargs)
    make_resource()
    text = _area(member)
    assert f"Standing {standing}" in text
    assert says in text
    assert "The yearly fee for Practitioner is 180.00 USD" in text
    assert "Intake checklist" not in text
    assert "Member resources" not in _headings(member)
    assert member.get(_resource_url()).status_code == 404


def test_an_ended_membership_shows_its_end_and_where_to_write_nothing_more(member, jordan):
    make_membership(jordan, status=Status.ENDED)
    make_resource()
    text = _area(member)
    assert "Standing Ended" in text
    assert f"Your membership ended on {timezone.localdate():%-d %B %Y}." in text
    assert "contact page" in text
    assert "The yearly fee" not in text
    assert "Intake checklist" not in text
    assert member.get(_resource_url()).status_code == 404


def test_other_apps_panels_show_only_to_members_in_good_standing(member, jordan, monkeypatch):
    panel = registry.HomePanel(
        registry.Home.MEMBER,
        "test-panel",
        "content/inquiries/staff_panel.html",
        10,
        lambda request, person: {"total": 0},
    )
    monkeypatch.setitem(registry._panels, (panel.home, panel.name), panel)
    membership = make_membership(jordan, paid_days=10)
    assert "No inquiries are waiting for you." in _area(member)
    Membership.objects.filter(pk=membership.pk).update(
        paid_through=timezone.localdate() - datetime.timedelta(days=31)
    )
    assert "No inquiries are waiting for you." not in _area(member)


def test_a_member_account_with_no_membership_is_shown_the_way_back_in(signed_in, jordan):
    # Their home is the member area: a dead end there would strand them.
    response = signed_in(jordan).get(AREA)
    assert response.status_code == 302
    assert response["Location"] == "/membership/"


@pytest.mark.parametrize("url", [AREA, PROFILE, _resource_url()])
def test_someone_without_a_membership_or_with_a_declined_one_gets_404(signed_in, jordan, url):
    make_resource()
    browser = signed_in(jordan)
    if url != AREA:
        assert browser.get(url).status_code == 404
    make_membership(jordan, status=Status.DECLINED)
    assert browser.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(AREA)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_clinician_who_is_a_member_reaches_the_member_area(signed_in, bob):
    make_membership(bob)
    assert "Standing Current" in _area(signed_in(bob))


# --- resources -----------------------------------------------------------------------------


def test_a_resource_shows_its_text_safely_and_its_link(member, jordan):
    make_membership(jordan)
    make_resource(body=f"A checklist for the **first session**.\n\n{HOSTILE}")
    response = member.get(_resource_url())
    main = _main(response)
    assert [text_of(h) for h in find_all(main, "h1")] == ["Intake checklist"]
    assert [text_of(s) for s in find_all(main, "strong")] == ["first session"]
    assert not list(find_all(main, "script")) and not list(find_all(main, "img"))
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(main, "a")}
    assert links["Open the resource : Intake checklist"] == "https://example.org/checklist.pdf"


def test_a_resource_link_that_is_not_a_web_address_is_not_shown(member, jordan):
    make_membership(jordan)
    make_resource(link="javascript:alert(1)")
    main = _main(member.get(_resource_url()))
    hrefs = [dict(a.attributes).get("href") or "" for a in find_all(main, "a")]
    assert not [href for href in hrefs if "javascript" in href]
    assert "Open the resource" not in text_of(main)


def test_an_unpublished_resource_is_404_for_members_too(member, jordan):
    make_membership(jordan)
    make_resource(published=False)
    assert member.get(_resource_url()).status_code == 404
    assert member.get(_resource_url("no-such-resource")).status_code == 404


# --- the profile ---------------------------------------------------------------------------


def _profile(**extra: str) -> dict[str, str]:
    return {
        "name": "Jordan Reyes",
        "profession": "Licensed clinical social worker",
        "licence": "LCSW 555, Illinois",
        "organisation": "Lakeside Practice",
        "city": "Evanston",
        "region": "Illinois",
        "country": "United States",
        "website": "https://lakeside.example.org",
        "bio": "Groups for men in recovery.",
    } | extra


def test_a_member_edits_their_profile(member, jordan):
    membership = make_membership(jordan)
    text = text_of(_main(member.get(PROFILE)))
    assert "Only staff see this profile today." in text
    response = member.post(PROFILE, _profile())
    assert (response.status_code, response["Location"]) == (302, PROFILE)
    assert "Your profile is saved." in text_of(_main(member.get(PROFILE)))
    membership.refresh_from_db()
    assert (membership.profession, membership.city, membership.bio) == (
        "Licensed clinical social worker", "Evanston", "Groups for men in recovery.",
    )  # fmt: skip
    # The address, status and dates are not the profile's.
    assert (membership.email, membership.status) == ("jordan@example.org", Status.ACTIVE)


def test_a_profile_with_mistakes_is_turned_back_with_what_was_typed(member, jordan):
    membership = make_membership(jordan)
    response = member.post(
        PROFILE, _profile(name="", website="lakeside dot org", bio="Typed with care. " + HOSTILE)
    )
    main = _main(response, 400)
    text = text_of(main)
    assert "Please enter your name." in text
    assert "Please enter a web address like https://example.org." in text
    [bio] = list(find_all(main, "textarea", attrs={"name": "bio"}))
    assert text_of(bio) == "Typed with care. " + HOSTILE
    [website] = list(find_all(main, "input", attrs={"name": "website"}))
    assert dict(website.attributes)["value"] == "lakeside dot org"
    assert "<script>alert(1)" not in response.content.decode()
    membership.refresh_from_db()
    assert membership.name == "Jordan"


def test_hostile_text_in_a_saved_profile_is_shown_as_text(member, jordan):
    make_membership(jordan)
    assert member.post(PROFILE, _profile(name=HOSTILE, bio=HOSTILE)).status_code == 302
    response = member.get(PROFILE)
    assert "<script>alert(1)" not in response.content.decode()
    assert not list(find_all(_main(response), "img"))


# --- the link in the navigation -----------------------------------------------------------


def _nav(browser: Client) -> dict[str, str]:
    [nav] = list(find_all(page_tree(browser.get(reverse("notifications"))), "nav", "site-nav"))
    return {text_of(a): str(dict(a.attributes)["href"]) for a in find_all(nav, "a")}


def test_the_member_area_is_in_the_navigation_of_people_with_a_membership(signed_in, jordan):
    make_membership(jordan, paid_days=-100)
    assert _nav(signed_in(jordan))["Member area"] == AREA


def test_people_without_a_membership_or_with_a_declined_one_have_no_link(signed_in, bob, jordan):
    make_membership(bob, status=Status.DECLINED)
    assert "Member area" not in _nav(signed_in(bob))
    assert "Member area" not in _nav(signed_in(jordan))
