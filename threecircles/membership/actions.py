"""What changes a membership: applying, the staff decision, payments that renew it, ending
it, and the renewal reminders the worker sends. Views and the demo call these; nothing else
writes a membership's status or dates.
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from threecircles.accounts.actions import InvitationError, create_invitation
from threecircles.accounts.models import Role, User
from threecircles.membership.models import (
    GRACE_DAYS,
    Membership,
    MembershipPayment,
    MemberType,
    RenewalReminder,
    new_member_number,
)

Kind = RenewalReminder.Kind
Status = Membership.Status


class MembershipRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def membership_of(person: User | None) -> Membership | None:
    if person is None or not person.is_authenticated:
        return None
    return Membership.objects.select_related("member_type").filter(person=person).first()


def is_member(person: User | None, on: datetime.date | None = None) -> bool:
    """In good standing (current, or in the grace period): member area and member prices."""
    membership = membership_of(person)
    return membership is not None and membership.in_good_standing(on)


def apply(*, member_type: MemberType, email: str, **profile: str) -> Membership | None:
    """A new application, waiting for staff. A declined application may be sent again. An
    address with an application waiting or a membership (active or ended) gets None, and the
    caller says the same thing as for a new one: whether an address is a member is not the
    public's to learn."""
    email = email.strip().lower()
    with transaction.atomic():
        earlier = Membership.objects.select_for_update().filter(email__iexact=email).first()
        if earlier is None:
            try:
                with transaction.atomic():
                    return Membership.objects.create(
                        member_type=member_type, email=email, **profile
                    )
            except IntegrityError:  # the same address sent twice at once
                return None
        # Only a declined application, never linked to an account, may be sent again: an
        # ended membership belongs to its member (they write to us), and nobody else may
        # rewrite it by typing their address.
        if earlier.status != Status.DECLINED or earlier.person_id is not None:
            return None
        declined_on = timezone.localtime(earlier.decided_at or timezone.now())
        for name, value in profile.items():
            setattr(earlier, name, value)
        earlier.member_type = member_type
        earlier.status = Status.APPLIED
        earlier.applied_at = timezone.now()
        earlier.decided_at = None
        earlier.decided_by = None
        # The earlier decision stays readable for staff.
        earlier.decision_note = (
            f"Applied again; declined on {declined_on:%d %B %Y}: {earlier.decision_note}"
        )[:300]
        earlier.save()
        return earlier


def _unique_number() -> str:
    while True:
        number = new_member_number()
        if not Membership.objects.filter(member_number=number).exists():
            return number


def _not_ones_own(membership: Membership, by: User | None) -> None:
    """Staff never decide or pay their own membership: another colleague does."""
    if by is not None and (
        membership.person_id == by.pk or membership.email.lower() == by.email.lower()
    ):
        raise MembershipRefused("Your own membership is decided by another member of staff.")


@transaction.atomic
def approve(*, membership: Membership, by: User, note: str = "") -> Membership:
    """Approve an application: a member number, and an e-mailed invitation to the member area
    (a new account, or the person's existing one). The first payment starts the first year."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Status.APPLIED:
        raise MembershipRefused("Only an application waiting for a decision can be approved.")
    _not_ones_own(membership, by)
    membership.status = Status.ACTIVE
    membership.member_number = membership.member_number or _unique_number()
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.decision_note = note or membership.decision_note
    membership.save()
    if membership.person_id is None:
        create_invitation(invited_by=by, email=membership.email, role=Role.MEMBER)
    return membership


@transaction.atomic
def decline(*, membership: Membership, by: User, note: str) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Status.APPLIED:
        raise MembershipRefused("Only an application waiting for a decision can be declined.")
    membership.status = Status.DECLINED
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.decision_note = note
    membership.save()
    return membership


def next_period(
    membership: Membership, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The year a payment buys: from the day after the paid-through date while the membership
    is current or in grace (renewing late does not shorten the year), from today once it has
    lapsed or was never paid."""
    paid = membership.paid_through
    if paid is not None and today <= paid + datetime.timedelta(days=GRACE_DAYS):
        start = paid + datetime.timedelta(days=1)
    else:
        start = today
    try:
        end = start.replace(year=start.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + 1, day=28)
    return start, end


@transaction.atomic
def record_payment(
    *,
    membership: Membership,
    by: User | None,
    amount: Decimal,
    reference: str = "",
    seen: str | None = None,
) -> MembershipPayment:
    """Staff record a year's fee (or a payment provider does, one day): the membership is paid
    through the end of that year. `seen` is the paid-through date (ISO, or "" for none) the
    staff page showed: if the membership moved since, the same payment was already recorded."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Status.ACTIVE:
        raise MembershipRefused("Payments are recorded only for an approved, active membership.")
    _not_ones_own(membership, by)
    paid = membership.paid_through.isoformat() if membership.paid_through else ""
    if seen is not None and seen != paid:
        raise MembershipRefused(
            "This membership changed since the page was opened (a payment was just recorded): "
            "nothing was recorded twice. Check the payments below before recording another."
        )
    today = timezone.localdate()
    start, end = next_period(membership, today)
    payment = MembershipPayment.objects.create(
        membership=membership,
        period_start=start,
        period_end=end,
        amount=amount,
        currency=membership.member_type.currency,
        reference=reference,
        recorded_by=by,
    )
    membership.paid_through = end
    if membership.joined_on is None:
        membership.joined_on = start
    membership.save(update_fields=["paid_through", "joined_on"])
    return payment


@transaction.atomic
def end(*, membership: Membership, by: User, reason: str) -> Membership:
    """End a membership (the member resigned, or staff ended it): member area and prices
    close at once; the record and its payments stay."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Status.ACTIVE:
        raise MembershipRefused("Only an active membership can be ended.")
    membership.status = Status.ENDED
    membership.ended_at = timezone.now()
    membership.ended_reason = reason
    # `decided_by` stays whoever decided the application: the staff pages show it beside the
    # decision's date. Who ended it would need a field of its own (`by` is kept for it).
    membership.save()
    return membership


def link_account(*, invitation: object, user: User) -> None:
    """The invitation handler: the accepted member invitation joins the membership of its
    address to the account (inside the acceptance's transaction)."""
    email = getattr(invitation, "email", "")
    waiting = Membership.objects.filter(email__iexact=email, person__isnull=True).exclude(
        status__in=[Status.DECLINED]
    )
    # One membership per account: an account that already holds another (its address changed
    # since) is told so, and the acceptance is undone, rather than failing on the database.
    if waiting.exists() and Membership.objects.filter(person=user).exists():
        raise InvitationError(
            "This account already holds a membership, so nothing was added. Please write to "
            "the institute's staff: they can help with the two memberships."
        )
    waiting.update(person=user)


# --- renewal reminders ----------------------------------------------------------------------


def reminder_due(membership: Membership, today: datetime.date) -> str:
    """Which reminder is due today for this membership's renewal date, or "" (none)."""
    paid = membership.paid_through
    if membership.status != Status.ACTIVE or paid is None:
        return ""
    days_left = (paid - today).days
    if days_left < -GRACE_DAYS:
        return Kind.LAPSED
    if days_left < 0:
        return Kind.OVERDUE
    if days_left <= 7:
        return Kind.WEEK_BEFORE
    if days_left <= 30:
        return Kind.MONTH_BEFORE
    return ""


def reminders_to_send(today: datetime.date | None = None) -> list[tuple[Membership, str]]:
    """Each active membership within 30 days of its renewal date, in grace or just lapsed,
    with the reminder it has not had yet for this renewal date."""
    today = today or timezone.localdate()
    window = Membership.objects.filter(
        status=Status.ACTIVE,
        paid_through__lte=today + datetime.timedelta(days=30),
        # A lapsed membership gets one last reminder, not one a year later.
        paid_through__gte=today - datetime.timedelta(days=GRACE_DAYS + 60),
    ).select_related("member_type")
    due = []
    for membership in window:
        kind = reminder_due(membership, today)
        paid = membership.paid_through
        assert paid is not None  # by the filter above
        sent = RenewalReminder.objects.filter(membership=membership, paid_through=paid, kind=kind)
        if kind and not sent.exists():
            due.append((membership, kind))
    return due


def claim_reminder(membership: Membership, kind: str) -> bool:
    """Record the reminder before it is sent; False if another worker already did."""
    assert membership.paid_through is not None
    try:
        with transaction.atomic():
            RenewalReminder.objects.create(
                membership=membership, paid_through=membership.paid_through, kind=kind
            )
    except IntegrityError:
        return False
    return True
