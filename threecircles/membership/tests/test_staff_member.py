"""One member, for staff: profile, standing, payments and reminders sent; recording a year's
payment (paying on time or in the grace period loses no days, paying once lapsed starts from
today), changing the member type, and ending the membership."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from threecircles.membership.models import Membership, RenewalReminder
from threecircles.membership.tests.access_staff import make_application, make_member, make_type
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2030, 6, 10)
Status = Membership.Status


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    with time_machine.travel(datetime.datetime(2030, 6, 10, 15, 0), tick=False):
        yield


@pytest.fixture
def staff(ivy, signed_in):
    return signed_in(ivy)


@pytest.fixture
def fellow():
    return make_type("fellow", "Clinical fellow", "180.00")


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def _page(staff, membership, status=200):
    return page_tree(staff.get(reverse("membership:staff_member", args=[membership.pk])), status)


def _messages(page):
    return [text_of(p) for p in find_all(page_tree(page), "p", "message")]


def _pay(staff, membership, **data):
    url = reverse("membership:staff_member_payment", args=[membership.pk])
    return staff.post(url, {"amount": "180.00", "reference": ""} | data, follow=True)


def test_the_page_shows_standing_payments_reminders_and_the_fee_to_pay(staff, fellow):
    member = make_member(
        fellow, "Cara Lind", "cara@example.net", _days(20), "M-200001", city="Austin"
    )
    member.payments.create(
        period_start=_days(-344), period_end=_days(20), amount="180.00", reference="BANK-1"
    )
    RenewalReminder.objects.create(
        membership=member, paid_through=_days(20), kind=RenewalReminder.Kind.MONTH_BEFORE
    )
    tree = _page(staff, member)
    facts = text_of(next(find_all(tree, "dl", "staff-facts")))
    assert "Member number M-200001" in facts
    assert "Standing Current" in facts
    assert "Paid through 30 June 2030" in facts
    text = text_of(tree)
    assert "1 Jul 2029 to 30 Jun 2030 180.00 USD BANK-1" in text
    assert "30 days before (for the renewal date 30 Jun 2030)" in text
    assert "Austin" in text
    [amount] = find_all(tree, "input", attrs={"name": "amount"})
    assert dict(amount.attributes)["value"] == "180.00"


@pytest.mark.parametrize(
    ("paid_through", "start", "end"),
    [
        # On time: the new year follows on from the old one.
        (_days(10), "2030-06-21", "2031-06-20"),
        # In the grace period: still from the old renewal date, so no days are lost.
        (_days(-10), "2030-06-01", "2031-05-31"),
        # Lapsed: from today.
        (_days(-45), "2030-06-10", "2031-06-09"),
        # Never paid (approved, first payment due): from today.
        (None, "2030-06-10", "2031-06-09"),
    ],
    ids=["on-time", "grace", "lapsed", "first"],
)
def test_a_payment_pays_for_a_year(staff, ivy, fellow, paid_through, start, end):
    member = make_member(fellow, "Cara Lind", "cara@example.net", paid_through)
    page = _pay(staff, member, amount="175.50", reference="BANK-778")
    paid_until = datetime.date.fromisoformat(end)
    assert _messages(page) == [
        f"Payment recorded: Cara Lind is paid through {paid_until.day} {paid_until:%B %Y}."
    ]
    member.refresh_from_db()
    assert member.paid_through == paid_until
    [payment] = member.payments.all()
    assert (payment.period_start.isoformat(), payment.period_end.isoformat()) == (start, end)
    assert (payment.amount, payment.reference, payment.recorded_by) == (
        Decimal("175.50"),
        "BANK-778",
        ivy,
    )
    if paid_through is None:
        assert member.joined_on == TODAY
    assert member.standing() == "current"


def test_a_payment_needs_an_amount_and_keeps_what_was_typed(staff, fellow):
    member = make_member(fellow, "Cara Lind", "cara@example.net", _days(10))
    url = reverse("membership:staff_member_payment", args=[member.pk])
    page = staff.post(url, {"amount": "", "reference": "BANK-9"})
    tree = page_tree(page, 400)
    assert "Enter the amount paid." in text_of(tree)
    [reference] = find_all(tree, "input", attrs={"name": "reference"})
    assert dict(reference.attributes)["value"] == "BANK-9"
    page = staff.post(url, {"amount": "-5", "reference": ""})
    assert page.status_code == 400
    assert not member.payments.exists()


def test_the_member_type_can_be_changed(staff, fellow):
    student = make_type("student", "Student", "40.00")
    member = make_member(fellow, "Cara Lind", "cara@example.net", _days(10))
    url = reverse("membership:staff_member_type", args=[member.pk])
    page = staff.post(url, {"member_type": student.pk}, follow=True)
    assert _messages(page) == ["Cara Lind is now: Student."]
    [amount] = find_all(page_tree(page), "input", attrs={"name": "amount"})
    assert dict(amount.attributes)["value"] == "40.00"
    assert staff.post(url, {"member_type": "999999"}).status_code == 400
    member.refresh_from_db()
    assert member.member_type == student


def test_ending_a_membership_needs_a_reason_then_closes_it(staff, fellow):
    member = make_member(fellow, "Cara Lind", "cara@example.net", _days(100))
    url = reverse("membership:staff_member_end", args=[member.pk])
    page = staff.post(url, {"reason": ""})
    tree = page_tree(page, 400)
    assert "Say why the membership ends." in text_of(tree)
    # The confirmation stays open, with the error in it.
    [details] = find_all(tree, "details", "confirm")
    assert ("open", None) in details.attributes or ("open", "open") in details.attributes

    page = staff.post(url, {"reason": "Resigned by e-mail."}, follow=True)
    assert _messages(page) == [
        "The membership of Cara Lind has ended. The member area is closed to them; the record "
        "and its payments are kept."
    ]
    member.refresh_from_db()
    assert (member.status, member.ended_reason) == (Status.ENDED, "Resigned by e-mail.")
    text = text_of(page_tree(page))
    assert "Standing Ended" in text and "Resigned by e-mail." in text
    assert "Record the payment" not in text

    # A stale tab: a second end, or a payment, is refused and said so.
    page = staff.post(url, {"reason": "Again"}, follow=True)
    assert _messages(page) == ["Only an active membership can be ended."]
    page = _pay(staff, member)
    assert _messages(page) == ["Payments are recorded only for an approved, active membership."]
    assert not member.payments.exists()


def test_an_application_has_no_payment_form(staff, fellow):
    applied = make_application(fellow, "Apu Rao", "apu@example.net")
    text = text_of(_page(staff, applied))
    assert "Standing Application waiting for a decision" in text
    assert "Record the payment" not in text and "End the membership" not in text
