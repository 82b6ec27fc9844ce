"""The demo's membership: `seed_demo` gives the institute forty members in every standing, with
their payments and the reminders already sent, three member types, six member resources (one a
draft), a member who can sign in, and a member price at every demo event; running it again
adds nothing."""

from collections import Counter
from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from threecircles.accounts.models import Role, User
from threecircles.content.markdown import render
from threecircles.demo.cast import DEMO_PASSWORD
from threecircles.demo.events import WORKSHOP_SLUG
from threecircles.demo.membership import DEMO_MEMBER, RESOURCES, seed_membership
from threecircles.events.models import Event, RegistrationType
from threecircles.membership import actions
from threecircles.membership.models import (
    MemberResource,
    Membership,
    MembershipPayment,
    MemberType,
    RenewalReminder,
    Standing,
)
from threecircles.tests.html import find_all, page_tree, text_of

MODELS = (MemberType, Membership, MembershipPayment, RenewalReminder, MemberResource, User)


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    cache.clear()
    return out.getvalue()


@pytest.fixture
def demo(db: None) -> None:
    """The whole demo, as `seed_demo` makes it."""
    cache.clear()
    _seed()


@pytest.fixture
def members(ivy: User) -> None:
    """Only the membership part of the demo: quicker, for what needs nothing else."""
    account = User.objects.create_user(
        DEMO_MEMBER.email, DEMO_PASSWORD, display_name=DEMO_MEMBER.name, role=DEMO_MEMBER.role
    )
    seed_membership(ivy, account)


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["member prices"] = RegistrationType.objects.filter(
        audience=RegistrationType.Audience.MEMBER
    ).count()
    return counts


def test_seeding_twice_adds_no_member_and_prints_the_member_sign_in(db):
    cache.clear()
    first = _seed()
    counts = _counts()

    second = _seed()

    assert _counts() == counts
    assert "Demo data ready (0 new accounts)." in second
    # The forty of the membership demo, and Avery, the certification demo's candidate.
    assert counts["Membership"] == 41
    assert counts["MemberType"] == 3
    assert counts["MemberResource"] == 6
    for output in (first, second):
        [line] = [line for line in output.splitlines() if DEMO_MEMBER.email in line]
        assert line.split() == [DEMO_MEMBER.email, "member", *DEMO_MEMBER.about.split()]


def test_forty_members_in_every_standing(members):
    today = timezone.localdate()
    memberships = list(Membership.objects.select_related("member_type"))
    spread = Counter(membership.standing(today) for membership in memberships)
    assert spread == {
        Standing.CURRENT: 30,
        Standing.GRACE: 3,
        Standing.LAPSED: 3,
        Standing.AWAITING_PAYMENT: 2,
        Standing.APPLIED: 2,
    }
    assert Membership.objects.in_good_standing().count() == 33
    for membership in memberships:
        assert membership.name and membership.profession and membership.city
        applied = membership.standing(today) == Standing.APPLIED
        assert bool(membership.member_number) is not applied, membership.name
        assert bool(membership.statement) is applied, membership.name
        if membership.person is None:
            assert membership.email.endswith("@example.org")
    countries = Counter(membership.country for membership in memberships)
    us_states = {m.region for m in memberships if m.country == "United States"}
    assert len(us_states) >= 25
    assert len(countries) >= 6
    assert countries["United States"] >= 30
    assert len({membership.email for membership in memberships}) == 40


def test_the_three_member_types_and_their_fees(members):
    types = {t.name: t for t in MemberType.objects.all()}
    assert {name: t.yearly_fee for name, t in types.items()} == {
        "Clinical member": Decimal("195.00"),
        "Associate member": Decimal("95.00"),
        "Student member": Decimal("45.00"),
    }
    assert list(MemberType.objects.values_list("name", flat=True)) == list(types)
    for member_type in types.values():
        assert member_type.currency == "USD"
        assert member_type.open_for_applications
        assert len(member_type.description) > 150
        assert member_type.members.exists()


def test_payments_are_consecutive_years_as_a_renewal_would_record_them(members):
    now = timezone.now()
    paid = Membership.objects.exclude(paid_through=None).prefetch_related("payments")
    assert paid.count() == 36
    years: Counter[int] = Counter()
    for membership in paid:
        payments = sorted(membership.payments.all(), key=lambda payment: payment.period_start)
        years[len(payments)] += 1
        assert payments[0].period_start == membership.joined_on, membership.name
        assert payments[-1].period_end == membership.paid_through, membership.name
        first = actions.next_period(Membership(paid_through=None), payments[0].period_start)
        assert first == (payments[0].period_start, payments[0].period_end)
        for before, after in pairwise(payments):
            renewed_on = timezone.localdate(after.paid_at)
            renewal = actions.next_period(Membership(paid_through=before.period_end), renewed_on)
            assert renewal == (after.period_start, after.period_end), membership.name
        for payment in payments:
            assert payment.amount == membership.member_type.yearly_fee
            assert payment.paid_at <= now
            assert timezone.localdate(payment.paid_at) <= payment.period_start
    assert set(years) == {1, 2, 3}


def test_the_reminders_already_sent_are_recorded_so_the_first_daily_run_sends_none(members):
    today = timezone.localdate()
    assert actions.reminders_to_send(today) == []
    overdue = Membership.objects.filter(paid_through__lt=today)
    assert overdue.count() == 6
    for membership in overdue:
        assert membership.paid_through is not None
        kinds = set(
            membership.reminders.filter(paid_through=membership.paid_through).values_list(
                "kind", flat=True
            )
        )
        assert {"month", "week", "overdue"} <= kinds, membership.name
        assert ("lapsed" in kinds) is (membership.standing(today) == Standing.LAPSED)


def test_six_member_resources_five_published_one_draft(members):
    resources = list(MemberResource.objects.all())
    assert [r.title for r in resources] == [text.title for text in RESOURCES]
    drafts = [r.title for r in resources if not r.published]
    assert drafts == ["Partner-sensitive practice notes"]
    for resource in resources:
        assert resource.summary
        assert "<h3>" in render(resource.body), resource.title  # ## under the h1 and h2
    recordings = MemberResource.objects.get(title="Member webinar recordings")
    assert recordings.link.startswith("https://")


def test_the_demo_member_signs_in_to_a_member_area_in_good_standing(demo):
    browser = Client()
    page = browser.post(
        "/accounts/login/",
        {"login": DEMO_MEMBER.email, "password": DEMO_PASSWORD},
        follow=True,
    )

    assert page.request["PATH_INFO"] == "/members/"
    user = User.objects.get(email=DEMO_MEMBER.email)
    assert user.role == Role.MEMBER
    assert user.display_name == "Leslie Moreau"
    assert actions.is_member(user)
    [main] = find_all(page_tree(page), "main")
    text = text_of(main)
    assert "Member area" in text
    assert "Clinical member" in text
    assert user.membership.member_number in text
    for resource in RESOURCES:
        assert (resource.title in text) is resource.published, resource.title


def test_every_demo_event_has_a_member_price(demo):
    for event in Event.objects.all():
        prices = {t.audience: t.price for t in event.registration_types.all()}
        assert RegistrationType.Audience.MEMBER in prices, event.slug
        assert prices[RegistrationType.Audience.MEMBER] < prices["non_member"], event.slug
    workshop = Event.objects.get(slug=WORKSHOP_SLUG)
    member = workshop.registration_types.get(audience=RegistrationType.Audience.MEMBER)
    assert member.price == Decimal("135.00")


def test_people_registered_at_the_member_price_are_members(demo):
    member_price = RegistrationType.Audience.MEMBER
    for event in Event.objects.all():
        for registration in event.registrations.filter(registration_type__audience=member_price):
            membership = Membership.objects.get(email=registration.email)
            assert membership.in_good_standing(), registration.name
