"""The membership's public pages: what membership is, with its open types and fees; applying,
with the same answer for every address (new, already applied, already a member); and how
programs are kept out (a hidden field, a limit per connection)."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from threecircles.membership.models import Membership
from threecircles.membership.tests.access_member import make_member_type, make_membership
from threecircles.membership.views_public import APPLICATIONS_PER_HOUR
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db

JOIN = reverse("membership:join")
APPLY = reverse("membership:apply")
APPLIED = reverse("membership:applied")
STATEMENT = "I lead groups for men affected by compulsive sexual behavior. Marker-4K9."
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _main(page: Any, status: int = 200) -> Any:
    [main] = list(find_all(page_tree(page, status), "main"))
    return main


def _typed(**extra: str) -> dict[str, str]:
    return {
        "member_type": str(make_member_type().pk),
        "name": "Jordan Reyes",
        "email": "jordan@example.org",
        "profession": "Licensed marriage and family therapist",
        "licence": "LMFT 12345, Illinois",
        "organisation": "Riverside Counseling",
        "city": "Chicago",
        "region": "Illinois",
        "country": "United States",
        "website": "https://riverside.example.org",
        "statement": STATEMENT,
    } | extra


def _field_value(main: Any, name: str) -> str:
    for textarea in find_all(main, "textarea", attrs={"name": name}):
        return text_of(textarea)
    [field] = list(find_all(main, "input", attrs={"name": name}))
    return str(dict(field.attributes).get("value", ""))


def _thanks(client: Client, response: Any) -> str:
    assert (response.status_code, response["Location"]) == (302, APPLIED)
    return text_of(_main(client.get(APPLIED)))


# --- what membership is ----------------------------------------------------------------------


def test_the_join_page_shows_each_open_type_with_its_fee_what_members_get_and_renewal(client):
    make_member_type(description="For licensed professionals in practice.")
    make_member_type("student", name="Student", yearly_fee="45.00")
    make_member_type("retired", name="Retired", open_for_applications=False)
    main = _main(client.get(JOIN))
    text = text_of(main)
    assert "professionals who work with people affected by compulsive sexual behavior" in text
    cards = [text_of(card) for card in find_all(main, "li", "card")]
    assert len(cards) == 2
    assert "Practitioner 180.00 USD a year For licensed professionals in practice." in cards[0]
    assert "Student 45.00 USD a year" in cards[1]
    assert "Retired" not in text
    for promise in ("A member area", "Member prices at events", "Member-only resources"):
        assert promise in text
    assert "A member profile" in text
    assert "30 days of grace" in text
    assert "We write to you a month and a week before your renewal date" in text
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(main, "a")}
    assert links["Apply for membership"] == APPLY
    assert links["Apply as Student"] == f"{APPLY}?type=student"


def test_with_no_open_type_nobody_is_invited_to_apply(client):
    make_member_type(open_for_applications=False)
    text = text_of(_main(client.get(JOIN)))
    assert "We are not taking applications just now." in text
    assert "Apply for membership" not in text
    apply_page = _main(client.get(APPLY))
    assert "We are not taking applications just now." in text_of(apply_page)
    assert not list(find_all(apply_page, "form"))


def test_membership_is_among_the_public_links(client):
    [nav] = list(find_all(page_tree(client.get("/")), "nav", "site-nav"))
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(nav, "a")}
    assert links["Membership"] == JOIN


def test_the_type_chosen_on_the_join_page_is_ticked_on_the_form(client):
    student = make_member_type("student", name="Student", yearly_fee="45.00")
    main = _main(client.get(f"{APPLY}?type=student"))
    [ticked] = [
        radio
        for radio in find_all(main, "input", attrs={"name": "member_type"})
        if "checked" in dict(radio.attributes)
    ]
    assert dict(ticked.attributes)["value"] == str(student.pk)


# --- applying ------------------------------------------------------------------------------


def test_a_professional_applies_and_is_thanked_without_their_address_in_the_link(client):
    response = client.post(APPLY, _typed(email="Jordan@Example.org "))
    assert "jordan" not in response["Location"].lower()
    thanks = _thanks(client, response)
    assert (
        "Thank you, we will write to you at jordan@example.org once staff have looked at "
        "your application." in thanks
    )
    assert "What happens next" in thanks
    membership = Membership.objects.get()
    assert (membership.status, membership.person, membership.member_number) == ("applied", None, "")
    assert (membership.email, membership.name, membership.licence) == (
        "jordan@example.org", "Jordan Reyes", "LMFT 12345, Illinois",
    )  # fmt: skip
    assert (membership.city, membership.website, membership.statement) == (
        "Chicago", "https://riverside.example.org", STATEMENT,
    )  # fmt: skip
    # The message is shown once.
    assert "Thank you, we will write to you" not in text_of(_main(client.get(APPLIED)))


def test_an_address_that_already_applied_or_is_a_member_reads_the_same_and_changes_nothing(
    client,
):
    first = _thanks(client, client.post(APPLY, _typed()))
    make_membership(email="member@example.org", name="Morgan Lee")
    before = list(Membership.objects.order_by("pk").values())

    again = _thanks(client, client.post(APPLY, _typed(name="Jordan R.", statement="Again.")))
    member = _thanks(client, client.post(APPLY, _typed(email="MEMBER@example.org")))
    assert again == first
    assert member == first.replace("jordan@example.org", "member@example.org")
    assert list(Membership.objects.order_by("pk").values()) == before


def test_what_is_missing_is_said_and_what_was_typed_stays(client):
    response = client.post(
        APPLY, _typed(member_type="", name="", email="jordan(at)example", statement="")
    )
    main = _main(response, 400)
    text = text_of(main)
    assert "Please choose a type of membership." in text
    assert "Please enter your name." in text
    assert "Please enter an e-mail address like name@example.org." in text
    assert "Please write a few sentences about why you would like to join." in text
    assert _field_value(main, "email") == "jordan(at)example"
    assert _field_value(main, "organisation") == "Riverside Counseling"
    assert not Membership.objects.exists()


def test_too_long_a_statement_is_turned_back_whole(client):
    long = "x" * 2001
    main = _main(client.post(APPLY, _typed(statement=long)), 400)
    assert "Please shorten this to 2,000 characters or fewer (it has 2001)." in text_of(main)
    assert _field_value(main, "statement") == long
    assert not Membership.objects.exists()


def test_a_type_closed_for_applications_cannot_be_chosen(client):
    closed = make_member_type("retired", name="Retired", open_for_applications=False)
    main = _main(client.post(APPLY, _typed(member_type=str(closed.pk))), 400)
    assert "Please choose a type of membership from the list." in text_of(main)
    assert not Membership.objects.exists()


def test_hostile_text_is_shown_as_text_on_every_page(client):
    refused = client.post(APPLY, _typed(name=HOSTILE, email="not an address", statement=HOSTILE))
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body
    assert not [img for img in find_all(_main(refused, 400), "img")]
    # A program's "address" is echoed on the thank-you page: as text.
    trapped = client.post(APPLY, _typed(homepage="spam", email=HOSTILE), follow=True)
    body = trapped.content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body
    assert not [img for img in find_all(_main(trapped), "img")]


# --- programs ------------------------------------------------------------------------------


def test_the_hidden_field_is_hidden_from_people_and_screen_readers(client):
    make_member_type()
    main = _main(client.get(APPLY))
    [trap] = list(find_all(main, "div", "inquiry-trap"))
    assert dict(trap.attributes)["aria-hidden"] == "true"
    [field] = list(find_all(trap, "input", attrs={"name": "homepage"}))
    assert dict(field.attributes)["tabindex"] == "-1"


def test_a_program_filling_the_hidden_field_is_thanked_but_nothing_is_kept(client):
    thanks = _thanks(client, client.post(APPLY, _typed(homepage="https://spam.example")))
    assert "we will write to you at jordan@example.org" in thanks
    assert not Membership.objects.exists()


def test_an_address_may_apply_five_times_an_hour_then_is_asked_to_wait_with_the_text_kept(
    client,
):
    for n in range(APPLICATIONS_PER_HOUR):
        assert client.post(APPLY, _typed(email=f"p{n}@example.org")).status_code == 302
    response = client.post(APPLY, _typed(email="sixth@example.org"))
    main = _main(response, 429)
    assert "Too many applications from this connection." in text_of(main)
    assert int(response["Retry-After"]) > 0
    assert _field_value(main, "email") == "sixth@example.org"
    assert _field_value(main, "statement") == STATEMENT
    assert Membership.objects.count() == APPLICATIONS_PER_HOUR
    assert not Membership.objects.filter(email="sixth@example.org").exists()
