"""Renewal reminders: a month and a week before the renewal date, once in the grace period and
once when the membership lapses; each sent once for a renewal date, however often the daily
job runs, and never after a renewal or an end."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django_tasks_db.models import DBTaskResult

from threecircles.membership import actions, tasks
from threecircles.membership.models import Membership, MemberType, RenewalReminder

PAID_THROUGH = date(2031, 6, 30)
MONTH, WEEK = date(2031, 5, 31), date(2031, 6, 23)  # 30 and 7 days before
OVERDUE, LAPSED = date(2031, 7, 1), date(2031, 7, 31)  # the day after; day 31
SUBJECTS = {
    MONTH: "Your institute membership renews next month",
    WEEK: "Your institute membership renews next week",
    OVERDUE: "Your institute membership is due for renewal",
    LAPSED: "Your institute membership has lapsed",
}


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.fixture
def clinical(db: None) -> MemberType:
    return MemberType.objects.create(
        name="Clinical member", slug="clinical", yearly_fee=Decimal("195.00")
    )


def _member(
    member_type: MemberType, by, name: str, email: str, paid_through: date = PAID_THROUGH
) -> Membership:
    membership = actions.apply(
        member_type=member_type,
        email=email,
        name=name,
        profession="Licensed marriage and family therapist",
        licence="LMFT 80412, California",
        organisation="Bayside Family Therapy",
        city="Oakland",
    )
    assert membership is not None
    membership = actions.approve(membership=membership, by=by)
    Membership.objects.filter(pk=membership.pk).update(paid_through=paid_through)
    membership.refresh_from_db()
    return membership


@pytest.fixture
def rowan(clinical, ivy, run_tasks) -> Membership:
    membership = _member(clinical, ivy, "Rowan Ellis", "rowan@example.org")
    run_tasks()  # the invitation e-mail
    mail.outbox.clear()
    return membership


def _daily_run(run_tasks) -> None:
    """What the scheduler and the worker do each day: enqueue the daily job, then run it and
    the e-mails it queues."""
    tasks.send_renewal_reminders.enqueue()
    run_tasks()


def test_each_reminder_is_sent_once_on_its_day(rowan, run_tasks):
    sent_on: dict[date, list[str]] = {}
    day = date(2031, 5, 1)
    with time_machine.travel(_noon(day), tick=False) as traveller:
        while day <= date(2031, 10, 31):
            before = len(mail.outbox)
            _daily_run(run_tasks)
            if len(mail.outbox) > before:
                sent_on[day] = [str(message.subject) for message in mail.outbox[before:]]
            day += timedelta(days=1)
            traveller.shift(timedelta(days=1))

    assert sent_on == {day: [subject] for day, subject in SUBJECTS.items()}
    assert all(message.to == ["rowan@example.org"] for message in mail.outbox)
    kinds = RenewalReminder.objects.filter(membership=rowan, paid_through=PAID_THROUGH)
    assert set(kinds.values_list("kind", flat=True)) == {"month", "week", "overdue", "lapsed"}


@pytest.mark.parametrize("day", list(SUBJECTS), ids=["month", "week", "overdue", "lapsed"])
def test_running_the_daily_job_twice_sends_one_email(rowan, run_tasks, day):
    with time_machine.travel(_noon(day), tick=False):
        _daily_run(run_tasks)
        _daily_run(run_tasks)
        assert tasks.send_renewal_reminders.call() == 0  # nothing left to queue

    [message] = mail.outbox
    assert message.subject == SUBJECTS[day]
    assert RenewalReminder.objects.filter(membership=rowan).count() == 1


def test_a_missed_day_is_caught_up_with_the_reminder_due_now(rowan, run_tasks):
    """The worker was down for the month reminder's day: the next run sends it, once."""
    with time_machine.travel(_noon(MONTH + timedelta(days=5)), tick=False) as traveller:
        _daily_run(run_tasks)
        traveller.shift(timedelta(days=1))
        _daily_run(run_tasks)
    assert [message.subject for message in mail.outbox] == [SUBJECTS[MONTH]]


def test_the_reminders_say_when_and_how_to_renew_and_nothing_else(clinical, ivy, rowan, run_tasks):
    jules = _member(clinical, ivy, "Jules Okonkwo", "jules@example.org")
    with time_machine.travel(_noon(OVERDUE), tick=False):
        _daily_run(run_tasks)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"rowan@example.org", "jules@example.org"}
    message = by_address["rowan@example.org"]
    assert message.subject == "Your institute membership is due for renewal"
    assert message.body.startswith("Hello Rowan Ellis,\n\n")
    assert "was paid through 30 June 2031" in message.body
    assert "stay open for 30 days after that date" in message.body
    assert "The yearly fee for Clinical member is 195.00 USD." in message.body
    assert f"{settings.SITE_URL.rstrip('/')}/members/" in message.body
    for mine, other in [(rowan, jules), (jules, rowan)]:
        text = f"{by_address[mine.email].subject}\n{by_address[mine.email].body}"
        for private in [
            mine.member_number,
            mine.licence,
            mine.organisation,
            other.name,
            other.email,
            other.member_number,
        ]:
            assert private not in text
    # The queue holds the membership's id and the kind of reminder, no address or name.
    reminders = DBTaskResult.objects.filter(task_path=tasks.send_renewal_reminder.module_path)
    queued = str(list(reminders.values_list("args_kwargs", flat=True)))
    assert f"'membership_id': {rowan.pk}" in queued
    assert "rowan" not in queued.lower()
    assert "jules" not in queued.lower()


def test_a_lapsed_reminder_says_the_next_payment_starts_a_new_year(rowan, run_tasks):
    with time_machine.travel(_noon(LAPSED), tick=False):
        _daily_run(run_tasks)
    [message] = mail.outbox
    assert "was paid through 30 June 2031 and has now lapsed" in message.body
    assert "a payment starts a new year from that day" in message.body


def test_no_reminders_after_a_renewal_until_the_next_year_is_due(rowan, ivy, run_tasks):
    with time_machine.travel(_noon(MONTH), tick=False) as traveller:
        _daily_run(run_tasks)
        traveller.shift(timedelta(days=3))
        actions.record_payment(membership=rowan, by=ivy, amount=Decimal("195.00"))
        day = MONTH + timedelta(days=3)
        while day <= LAPSED + timedelta(days=5):
            _daily_run(run_tasks)
            day += timedelta(days=1)
            traveller.shift(timedelta(days=1))

    assert [message.subject for message in mail.outbox] == [SUBJECTS[MONTH]]
    # The next year's reminder comes a month before its own renewal date.
    with time_machine.travel(_noon(date(2032, 5, 31)), tick=False):
        _daily_run(run_tasks)
    assert [message.subject for message in mail.outbox] == [SUBJECTS[MONTH]] * 2


def test_a_reminder_queued_before_a_renewal_sends_nothing(rowan, ivy, run_tasks):
    with time_machine.travel(_noon(OVERDUE), tick=False):
        assert tasks.send_renewal_reminders.call() == 1  # queued, not yet sent
        actions.record_payment(membership=rowan, by=ivy, amount=Decimal("195.00"))
        run_tasks()
        assert tasks.send_renewal_reminders.call() == 0

    assert mail.outbox == []
    assert RenewalReminder.objects.filter(membership=rowan, kind="overdue").count() == 1


def test_a_reminder_queued_before_an_end_sends_nothing(rowan, ivy, run_tasks):
    with time_machine.travel(_noon(WEEK), tick=False):
        assert tasks.send_renewal_reminders.call() == 1
        actions.end(membership=rowan, by=ivy, reason="Resigned.")
        run_tasks()
    assert mail.outbox == []


def test_no_reminders_for_an_ended_membership(rowan, ivy, run_tasks):
    actions.end(membership=rowan, by=ivy, reason="Resigned.")
    for day in SUBJECTS:
        with time_machine.travel(_noon(day), tick=False):
            _daily_run(run_tasks)
    assert mail.outbox == []
    assert not RenewalReminder.objects.exists()


def test_no_reminders_before_the_first_payment_or_long_after_a_lapse(
    clinical, ivy, rowan, run_tasks
):
    waiting = _member(clinical, ivy, "Jules Okonkwo", "jules@example.org")
    Membership.objects.filter(pk=waiting.pk).update(paid_through=None)
    applied = actions.apply(
        member_type=clinical, email="kim@example.org", name="Kim Reyes", profession="LCSW"
    )
    assert applied is not None
    run_tasks()  # Jules's invitation
    mail.outbox.clear()
    # Rowan lapsed more than ninety days ago and was never reminded by this installation.
    with time_machine.travel(_noon(PAID_THROUGH + timedelta(days=121)), tick=False):
        _daily_run(run_tasks)
    assert mail.outbox == []
