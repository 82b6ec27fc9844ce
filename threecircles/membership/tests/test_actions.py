"""What changes a membership: applying, the staff decision, the payments that renew it and
ending it; and what a membership's standing is on each day around its renewal date."""

import re
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from conftest import make_user
from threecircles.accounts.actions import InvitationError, accept_invitation, may_link
from threecircles.accounts.models import Invitation, Role, User
from threecircles.membership import actions
from threecircles.membership.models import (
    Membership,
    MembershipPayment,
    MemberType,
    Standing,
)

Status = Membership.Status
PAID_THROUGH = date(2031, 6, 30)


def on(day: date) -> time_machine.travel:
    """Travel to noon of `day` in the site's time zone, the clock standing still."""
    return time_machine.travel(
        datetime.combine(day, time(12), tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False
    )


@pytest.fixture
def clinical(db: None) -> MemberType:
    return MemberType.objects.create(
        name="Clinical member", slug="clinical", yearly_fee=Decimal("195.00")
    )


def _apply(member_type: MemberType, email: str = "rowan@example.org") -> Membership | None:
    return actions.apply(
        member_type=member_type,
        email=email,
        name="Rowan Ellis",
        profession="Licensed professional counselor",
        city="Tucson",
        region="Arizona",
        country="United States",
        statement="I treat compulsive sexual behavior in a group practice.",
    )


def _approved(member_type: MemberType, by: User, email: str = "rowan@example.org") -> Membership:
    membership = _apply(member_type, email)
    assert membership is not None
    return actions.approve(membership=membership, by=by)


def _paid_through(membership: Membership, day: date) -> Membership:
    Membership.objects.filter(pk=membership.pk).update(paid_through=day, joined_on=day)
    membership.refresh_from_db()
    return membership


# --- standing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "standing"),
    [
        (date(2031, 6, 1), Standing.CURRENT),
        (PAID_THROUGH, Standing.CURRENT),  # the paid-through day itself
        (date(2031, 7, 1), Standing.GRACE),  # the day after
        (date(2031, 7, 30), Standing.GRACE),  # day 30 of the grace period
        (date(2031, 7, 31), Standing.LAPSED),  # day 31
        (date(2032, 6, 30), Standing.LAPSED),
    ],
    ids=["a-month-before", "paid-through-day", "day-after", "grace-day-30", "day-31", "a-year"],
)
def test_standing_follows_the_paid_through_date_and_thirty_days_of_grace(
    clinical, ivy, day, standing
):
    membership = _paid_through(_approved(clinical, ivy), PAID_THROUGH)
    with on(day):
        assert membership.standing() == standing
        good = standing in (Standing.CURRENT, Standing.GRACE)
        assert membership.in_good_standing() is good
        assert Membership.objects.in_good_standing().filter(pk=membership.pk).exists() is good
    # The day can also be given instead of read from the clock.
    assert membership.standing(day) == standing


def test_standing_before_the_first_payment_and_after_a_decision_or_an_end(clinical, ivy):
    membership = _apply(clinical)
    assert membership is not None
    assert membership.standing() == Standing.APPLIED
    assert membership.standing().label == "Application waiting for a decision"

    membership = actions.approve(membership=membership, by=ivy)
    assert membership.standing() == Standing.AWAITING_PAYMENT
    assert membership.standing().label == "Approved, first payment due"
    assert not membership.in_good_standing()

    actions.record_payment(membership=membership, by=ivy, amount=Decimal("195.00"))
    membership = actions.end(membership=membership, by=ivy, reason="Retired from practice.")
    # Ended is ended, however much of the year was paid.
    assert membership.standing() == Standing.ENDED
    assert not membership.in_good_standing()
    assert not Membership.objects.in_good_standing().exists()

    declined = _apply(clinical, "jules@example.org")
    assert declined is not None
    declined = actions.decline(membership=declined, by=ivy, note="Not a practising clinician.")
    assert declined.standing() == Standing.DECLINED
    assert declined.standing().label == "Application declined"


# --- applying -----------------------------------------------------------------------------------


def test_an_application_waits_for_staff_with_no_number_and_no_account(clinical):
    membership = _apply(clinical, "  Rowan@Example.ORG ")
    assert membership is not None
    membership.refresh_from_db()
    assert membership.status == Status.APPLIED
    assert membership.email == "rowan@example.org"
    assert membership.member_number == ""
    assert membership.person is None
    assert membership.paid_through is None
    assert membership.statement == "I treat compulsive sexual behavior in a group practice."
    assert not Invitation.objects.exists()


def test_applying_again_with_the_same_address_changes_nothing(clinical):
    first = _apply(clinical)
    assert first is not None
    student = MemberType.objects.create(
        name="Student member", slug="student", yearly_fee=Decimal("45.00")
    )

    again = actions.apply(
        member_type=student, email=" ROWAN@example.org", name="Someone Else", profession="x"
    )

    assert again is None
    [kept] = Membership.objects.all()
    assert kept.pk == first.pk
    assert kept.name == "Rowan Ellis"
    assert kept.member_type == clinical
    assert kept.status == Status.APPLIED


def test_a_declined_application_may_be_sent_again_and_keeps_the_earlier_decision(clinical, ivy):
    declined = _apply(clinical)
    assert declined is not None
    actions.decline(membership=declined, by=ivy, note="Licence not yet issued.")

    again = actions.apply(
        member_type=clinical, email="rowan@example.org", name="Rowan Ellis", profession="LPC"
    )

    assert again is not None and again.pk == declined.pk
    again.refresh_from_db()
    assert (again.status, again.profession) == (Status.APPLIED, "LPC")
    assert again.decision_note.startswith("Applied again; declined on ")
    assert again.decision_note.endswith(": Licence not yet issued.")
    assert Membership.objects.count() == 1


def test_nobody_rewrites_an_ended_membership_by_applying_with_its_address(clinical, ivy):
    member = actions.approve(membership=_apply(clinical), by=ivy)  # type: ignore[arg-type]
    actions.end(membership=member, by=ivy, reason="Retired")

    assert actions.apply(member_type=clinical, email="rowan@example.org", name="Mallory") is None

    member.refresh_from_db()
    assert (member.status, member.name, member.ended_reason) == (
        Status.ENDED,
        "Rowan Ellis",
        "Retired",
    )


def test_staff_never_approve_or_pay_their_own_membership(clinical, ivy):
    own = _apply(clinical, email=ivy.email)
    assert own is not None

    with pytest.raises(actions.MembershipRefused):
        actions.approve(membership=own, by=ivy)
    colleague = make_user("Iris", Role.STAFF)
    approved = actions.approve(membership=own, by=colleague)
    with pytest.raises(actions.MembershipRefused):
        actions.record_payment(membership=approved, by=ivy, amount=Decimal("0.00"))


def test_a_second_click_on_the_same_payment_form_records_nothing_twice(clinical, ivy):
    member = _approved(clinical, ivy)
    actions.record_payment(membership=member, by=ivy, amount=Decimal("195.00"), seen="")

    with pytest.raises(actions.MembershipRefused, match="nothing was recorded twice"):
        actions.record_payment(membership=member, by=ivy, amount=Decimal("195.00"), seen="")

    assert member.payments.count() == 1


# --- the decision -------------------------------------------------------------------------------


def test_approving_gives_a_member_number_and_emails_an_invitation(clinical, ivy, run_tasks):
    membership = _approved(clinical, ivy)

    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    assert re.fullmatch(r"M-\d{6}", membership.member_number)
    assert membership.decided_by == ivy
    assert membership.decided_at is not None
    assert membership.paid_through is None  # the first payment starts the first year
    [invitation] = Invitation.objects.all()
    assert invitation.email == "rowan@example.org"
    assert invitation.role == Role.MEMBER
    assert invitation.invited_by == ivy
    assert invitation.status == Invitation.Status.VALID

    assert mail.outbox == []  # queued, sent by the worker
    run_tasks()
    [message] = mail.outbox
    assert message.to == ["rowan@example.org"]
    assert message.subject == "You are invited to Three Circles"
    assert membership.member_number not in message.body
    assert "Rowan" not in message.body


def test_a_number_already_taken_is_drawn_again(clinical, ivy, monkeypatch):
    draws = iter(["M-000001", "M-000001", "M-000001", "M-000002"])
    monkeypatch.setattr(actions, "new_member_number", lambda: next(draws))

    first = _approved(clinical, ivy, "first@example.org")
    second = _approved(clinical, ivy, "second@example.org")

    assert (first.member_number, second.member_number) == ("M-000001", "M-000002")


def test_a_new_account_from_the_invitation_becomes_the_members(clinical, ivy):
    membership = _approved(clinical, ivy)
    invitation = Invitation.objects.get()
    user = User.objects.create_user("rowan@example.org", "a-long-passphrase", display_name="Rowan")

    accept_invitation(invitation=invitation, user=user)

    user.refresh_from_db()
    assert user.role == Role.MEMBER
    assert actions.membership_of(user) == membership
    assert not actions.is_member(user)  # approved, first payment due
    actions.record_payment(membership=membership, by=ivy, amount=Decimal("195.00"))
    assert actions.is_member(user)


def test_an_existing_professionals_account_takes_the_membership_and_keeps_its_role(clinical, ivy):
    rowan = make_user("Rowan", Role.CLINICIAN)
    membership = _approved(clinical, ivy)
    invitation = Invitation.objects.get()
    assert may_link(invitation, rowan) == ""

    accept_invitation(invitation=invitation, user=rowan, link=True)

    rowan.refresh_from_db()
    assert rowan.role == Role.CLINICIAN
    membership.refresh_from_db()
    assert membership.person == rowan
    assert Invitation.objects.get().status == Invitation.Status.USED
    actions.record_payment(membership=membership, by=ivy, amount=Decimal("195.00"))
    assert actions.is_member(rowan)


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_user("Rowan", Role.CLIENT),
        lambda: make_user("Rowan", Role.ADMIN, is_staff=True, is_superuser=True),
    ],
    ids=["client", "admin"],
)
def test_a_clients_or_an_administrators_account_is_refused_the_membership(clinical, ivy, make):
    rowan = make()
    membership = _approved(clinical, ivy)
    invitation = Invitation.objects.get()
    reason = "A membership cannot be added to this kind of account: nothing was added."
    assert may_link(invitation, rowan).startswith(reason)

    with pytest.raises(InvitationError, match=reason):
        accept_invitation(invitation=invitation, user=rowan, link=True)

    membership.refresh_from_db()
    assert membership.person is None
    assert Invitation.objects.get().status == Invitation.Status.VALID  # still usable
    rowan.refresh_from_db()
    assert actions.membership_of(rowan) is None


def test_an_account_that_already_holds_a_membership_is_refused_a_second(clinical, ivy):
    """One membership per account: the invitation is refused with a reason, not a crash."""
    rowan = make_user("Rowan", Role.CLINICIAN)
    first = _approved(clinical, ivy, "rowan.old@example.org")
    Membership.objects.filter(pk=first.pk).update(person=rowan)
    second = _approved(clinical, ivy)
    invitation = Invitation.objects.get(email="rowan@example.org")

    with pytest.raises(InvitationError, match="already holds a membership"):
        accept_invitation(invitation=invitation, user=rowan, link=True)

    second.refresh_from_db()
    assert second.person is None
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.VALID
    assert actions.membership_of(rowan) == first


def test_declining_keeps_the_note_and_sends_no_invitation(clinical, ivy):
    membership = _apply(clinical)
    assert membership is not None

    membership = actions.decline(membership=membership, by=ivy, note="Outside our scope.")

    membership.refresh_from_db()
    assert membership.status == Status.DECLINED
    assert membership.decision_note == "Outside our scope."
    assert membership.decided_by == ivy
    assert membership.member_number == ""
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("first", ["approve", "decline"])
@pytest.mark.parametrize("second", ["approve", "decline"])
def test_an_application_is_decided_once(clinical, ivy, first, second):
    membership = _apply(clinical)
    assert membership is not None
    decide = {
        "approve": lambda: actions.approve(membership=membership, by=ivy, note="second"),
        "decline": lambda: actions.decline(membership=membership, by=ivy, note="second"),
    }
    if first == "approve":
        actions.approve(membership=membership, by=ivy, note="first")
    else:
        actions.decline(membership=membership, by=ivy, note="first")
    before = Membership.objects.values().get(pk=membership.pk)
    invitations = Invitation.objects.count()

    with pytest.raises(actions.MembershipRefused, match="waiting for a decision"):
        decide[second]()

    assert Membership.objects.values().get(pk=membership.pk) == before
    assert Invitation.objects.count() == invitations


# --- payments -----------------------------------------------------------------------------------


def _pay(membership: Membership, by: User, day: date) -> MembershipPayment:
    with on(day):
        return actions.record_payment(
            membership=membership, by=by, amount=Decimal("195.00"), reference="Check 1044"
        )


def test_the_first_payment_starts_the_first_year_that_day(clinical, ivy):
    membership = _approved(clinical, ivy)

    payment = _pay(membership, ivy, date(2031, 3, 10))

    assert (payment.period_start, payment.period_end) == (date(2031, 3, 10), date(2032, 3, 9))
    assert payment.amount == Decimal("195.00")
    assert payment.currency == "USD"
    assert payment.reference == "Check 1044"
    assert payment.recorded_by == ivy
    membership.refresh_from_db()
    assert membership.paid_through == date(2032, 3, 9)
    assert membership.joined_on == date(2031, 3, 10)


@pytest.mark.parametrize(
    ("paid_on", "start", "end"),
    [
        # Early: the new year starts the day after the paid-through date.
        (date(2031, 6, 1), date(2031, 7, 1), date(2032, 6, 30)),
        (PAID_THROUGH, date(2031, 7, 1), date(2032, 6, 30)),
        # In grace: still from that day, so renewing late loses no days and gains none.
        (date(2031, 7, 20), date(2031, 7, 1), date(2032, 6, 30)),
        (date(2031, 7, 30), date(2031, 7, 1), date(2032, 6, 30)),
        # Lapsed: a new year from the day of payment.
        (date(2031, 7, 31), date(2031, 7, 31), date(2032, 7, 30)),
        (date(2032, 1, 15), date(2032, 1, 15), date(2033, 1, 14)),
    ],
    ids=["early", "on-the-day", "grace-day-20", "grace-day-30", "lapsed-day-31", "long-lapsed"],
)
def test_a_renewal_continues_the_year_unless_the_membership_lapsed(
    clinical, ivy, paid_on, start, end
):
    membership = _paid_through(_approved(clinical, ivy), PAID_THROUGH)

    payment = _pay(membership, ivy, paid_on)

    assert (payment.period_start, payment.period_end) == (start, end)
    membership.refresh_from_db()
    assert membership.paid_through == end
    assert membership.joined_on == PAID_THROUGH  # joining does not move with renewals
    with on(paid_on):
        assert membership.standing() == Standing.CURRENT


def test_years_around_29_february(clinical, ivy):
    membership = _approved(clinical, ivy)
    # A year that starts on 29 February ends on 28 February.
    payment = _pay(membership, ivy, date(2028, 2, 29))
    assert (payment.period_start, payment.period_end) == (date(2028, 2, 29), date(2029, 2, 28))
    # The next starts on 1 March and ends on the last day of February.
    payment = _pay(membership, ivy, date(2029, 2, 1))
    assert (payment.period_start, payment.period_end) == (date(2029, 3, 1), date(2030, 2, 28))
    # A year starting on 1 March before a leap day ends on 29 February.
    _paid_through(membership, date(2031, 2, 28))
    payment = _pay(membership, ivy, date(2031, 2, 20))
    assert (payment.period_start, payment.period_end) == (date(2031, 3, 1), date(2032, 2, 29))
    assert list(membership.payments.values_list("period_end", flat=True)) == [
        date(2032, 2, 29),
        date(2030, 2, 28),
        date(2029, 2, 28),
    ]


def test_payments_are_refused_for_an_application_a_declined_or_an_ended_membership(clinical, ivy):
    applied = _apply(clinical, "a@example.org")
    declined = _apply(clinical, "b@example.org")
    assert applied is not None and declined is not None
    actions.decline(membership=declined, by=ivy, note="No.")
    ended = actions.end(membership=_approved(clinical, ivy), by=ivy, reason="Resigned.")

    for membership in (applied, declined, ended):
        with pytest.raises(actions.MembershipRefused, match="only for an approved, active"):
            actions.record_payment(membership=membership, by=ivy, amount=Decimal("195.00"))
    assert not MembershipPayment.objects.exists()
    assert not Membership.objects.exclude(paid_through=None).exists()


# --- ending -------------------------------------------------------------------------------------


def test_ending_closes_the_membership_at_once_and_keeps_its_payments(clinical, ivy):
    rowan = make_user("Rowan", Role.CLINICIAN)
    membership = _approved(clinical, ivy)
    decided_at = membership.decided_at
    other_staff = make_user("Noor", Role.STAFF)
    Membership.objects.filter(pk=membership.pk).update(person=rowan)
    actions.record_payment(membership=membership, by=ivy, amount=Decimal("195.00"))
    assert actions.is_member(rowan)

    ended = actions.end(membership=membership, by=other_staff, reason="Resigned: moved abroad.")

    assert ended.status == Status.ENDED
    assert ended.ended_at is not None
    assert ended.ended_reason == "Resigned: moved abroad."
    assert not actions.is_member(rowan)
    assert ended.payments.count() == 1
    assert ended.member_number  # the record stays
    # The decision on the application is still the one Ivy made, when she made it.
    ended.refresh_from_db()
    assert (ended.decided_by, ended.decided_at) == (ivy, decided_at)
    with pytest.raises(actions.MembershipRefused, match="Only an active membership"):
        actions.end(membership=ended, by=ivy, reason="Again.")
