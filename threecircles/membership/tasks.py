"""The membership's background jobs: the daily renewal reminders. An e-mail says that a
renewal is due and where to renew; it names nothing else."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from threecircles.membership import actions
from threecircles.membership.models import GRACE_DAYS, Membership, RenewalReminder

Kind = RenewalReminder.Kind

SUBJECTS = {
    Kind.MONTH_BEFORE: "Your institute membership renews next month",
    Kind.WEEK_BEFORE: "Your institute membership renews next week",
    Kind.OVERDUE: "Your institute membership is due for renewal",
    Kind.LAPSED: "Your institute membership has lapsed",
}


def one_line(text: str) -> str:
    return " ".join(text.split())


def _body(membership: Membership, kind: str) -> str:
    area = settings.SITE_URL.rstrip("/") + reverse("membership:member_area")
    paid = membership.paid_through
    assert paid is not None
    if kind == Kind.LAPSED:
        middle = (
            f"Your membership was paid through {paid:%d %B %Y} and has now lapsed. You can "
            "renew at any time: a payment starts a new year from that day."
        )
    elif kind == Kind.OVERDUE:
        middle = (
            f"Your membership was paid through {paid:%d %B %Y}. The member area and member "
            f"prices stay open for {GRACE_DAYS} days after that date; please renew before then."
        )
    else:
        middle = f"Your membership is paid through {paid:%d %B %Y}."
    fee = membership.member_type
    return (
        f"Hello {one_line(membership.name)},\n\n"
        f"{middle}\n\n"
        f"The yearly fee for {fee.name} is {fee.yearly_fee} {fee.currency}. "
        f"How to renew is in your member area: {area}\n\n"
        "Three Circles Institute\n"
    )


@task()
def send_renewal_reminder(*, membership_id: int, kind: str) -> int:
    membership = Membership.objects.select_related("member_type").filter(pk=membership_id).first()
    if membership is None or actions.reminder_due(membership, timezone.localdate()) != kind:
        return 0  # renewed or ended while the job waited
    return send_mail(SUBJECTS[Kind(kind)], _body(membership, kind), None, [membership.email])


@task()
def send_renewal_reminders() -> int:
    """Daily: each reminder due is recorded once and queued as its own e-mail in the same
    transaction (the database queue commits both or neither), so two workers, or a worker
    killed halfway, never send one twice."""
    queued = 0
    for membership, kind in actions.reminders_to_send():
        with transaction.atomic():
            if actions.claim_reminder(membership, kind):
                send_renewal_reminder.enqueue(membership_id=membership.pk, kind=kind)
                queued += 1
    return queued
