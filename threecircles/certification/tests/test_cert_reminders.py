"""Certification renewal reminders: 90 and 30 days before the expiry, once in the grace period
and once when the certification lapses; each sent once for an expiry date however often the
daily job runs, none once renewed (even a reminder already queued), while a renewal waits for
staff, or for a suspended or revoked certification; the e-mail names the date and the link,
never the number or anything else."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django_tasks_db.models import DBTaskResult

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions, tasks
from threecircles.certification.models import (
    CECategory,
    Certification,
    CertificationReminder,
    Credential,
)
from threecircles.certification.tests.factories import certify, make_credential
from threecircles.lib import schedule

pytestmark = pytest.mark.django_db
# Issued on 30 June 2029: expires on 30 June 2031; 90 days of grace, through 28 September.
ISSUED = datetime.date(2029, 6, 30)
EXPIRES = datetime.date(2031, 6, 30)
DAY_90, DAY_30 = datetime.date(2031, 4, 1), datetime.date(2031, 5, 31)
EXPIRED, LAPSED = datetime.date(2031, 7, 1), datetime.date(2031, 9, 29)
SUBJECTS = {
    DAY_90: "Your certification expires in three months",
    DAY_30: "Your certification expires within a month",
    EXPIRED: "Your certification has expired: you can still renew it",
    LAPSED: "Your certification has lapsed",
}
LINK = f"{settings.SITE_URL.rstrip('/')}/certification/my/"


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.fixture
def csat(db: None) -> Credential:
    return make_credential(modules=1)


@pytest.fixture
def noor(db: None) -> User:
    return make_user("Noor Haddad", Role.CLINICIAN)


@pytest.fixture
def held(noor: User, csat: Credential) -> Certification:
    return certify(noor, csat, issued_on=ISSUED)


def _daily_run(run_tasks) -> None:
    """What the scheduler and the worker do each day: enqueue the daily job, then run it and
    the e-mails it queues."""
    tasks.send_certification_reminders.enqueue()
    run_tasks()


def _renew(held: Certification, noor: User, ivy: User) -> None:
    """15 CE hours earned, the renewal sent and approved."""
    credit = actions.send_external_credit(
        person=noor, title="Ethics refresher", provider="State Counseling Association",
        category=CECategory.ETHICS, hours=Decimal(15), completed_on=datetime.date(2031, 1, 5),
    )  # fmt: skip
    actions.decide_credit(credit=credit, by=ivy, approve=True)
    renewal = actions.submit_renewal(certification=held, by=noor, typed_name="Noor Haddad")
    actions.decide_renewal(renewal=renewal, by=ivy, approve=True)


def test_the_daily_job_is_registered_with_the_scheduler():
    [job] = [job for job in schedule.jobs() if job.name == "certification renewal reminders"]
    assert job.task is tasks.send_certification_reminders
    assert job.every == datetime.timedelta(days=1)


def test_each_reminder_is_sent_once_on_its_day(held, noor, run_tasks):
    sent_on: dict[datetime.date, list[str]] = {}
    day = datetime.date(2031, 3, 25)
    with time_machine.travel(_noon(day), tick=False) as traveller:
        while day <= datetime.date(2032, 1, 15):
            before = len(mail.outbox)
            if tasks.send_certification_reminders.call():
                run_tasks()
            if len(mail.outbox) > before:
                sent_on[day] = [str(message.subject) for message in mail.outbox[before:]]
            day += datetime.timedelta(days=1)
            traveller.shift(datetime.timedelta(days=1))

    assert sent_on == {day: [subject] for day, subject in SUBJECTS.items()}
    assert all(message.to == [noor.email] for message in mail.outbox)
    kinds = CertificationReminder.objects.filter(certification=held, expires_on=EXPIRES)
    assert set(kinds.values_list("kind", flat=True)) == {"90_days", "30_days", "expired", "lapsed"}


@pytest.mark.parametrize("day", list(SUBJECTS), ids=["90-days", "30-days", "expired", "lapsed"])
def test_running_the_daily_job_twice_sends_one_email(held, run_tasks, day):
    with time_machine.travel(_noon(day), tick=False):
        _daily_run(run_tasks)
        _daily_run(run_tasks)
        assert tasks.send_certification_reminders.call() == 0  # nothing left to queue
    [message] = mail.outbox
    assert message.subject == SUBJECTS[day]
    assert CertificationReminder.objects.filter(certification=held).count() == 1


def test_the_email_says_when_and_where_to_renew_and_nothing_else(held, csat, noor, run_tasks):
    omar = make_user("Omar Said", Role.CLINICIAN)
    theirs = certify(omar, csat, issued_on=ISSUED)
    with time_machine.travel(_noon(DAY_30), tick=False):
        _daily_run(run_tasks)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {noor.email, omar.email}
    message = by_address[noor.email]
    assert message.body == (
        f"Hello,\n\nYour certification expires on 30 June 2031. Renew at {LINK}\n\n"
        "Three Circles Institute\n"
    )
    for mine, other in [(held, theirs), (theirs, held)]:
        text = f"{by_address[mine.person.email].subject}\n{by_address[mine.person.email].body}"
        for private in [
            mine.number,
            mine.verification_code,
            mine.person.display_name,
            csat.name,
            csat.code,
            other.number,
            other.person.display_name,
            other.person.email,
        ]:
            assert private not in text
    # The queue holds the certification's id and the kind of reminder, no address or name.
    queued = str(
        list(
            DBTaskResult.objects.filter(
                task_path=tasks.send_certification_reminder.module_path
            ).values_list("args_kwargs", flat=True)
        )
    )
    assert f"'certification_id': {held.pk}" in queued
    assert "noor" not in queued.lower()
    assert held.number not in queued


def test_the_grace_and_lapse_emails_say_until_when(held, run_tasks):
    with time_machine.travel(_noon(EXPIRED), tick=False) as traveller:
        _daily_run(run_tasks)
        traveller.move_to(_noon(LAPSED))
        _daily_run(run_tasks)
    assert [message.body for message in mail.outbox] == [
        "Hello,\n\nYour certification expired on 30 June 2031. You can still renew it until "
        f"28 September 2031: renew at {LINK}\n\nThree Circles Institute\n",
        "Hello,\n\nYour certification expired on 30 June 2031 and the renewal grace period "
        f"ended on 28 September 2031. The institute can reinstate it; how is explained at "
        f"{LINK}\n\nThree Circles Institute\n",
    ]


def test_after_a_renewal_no_reminder_comes_until_the_next_expiry(held, noor, ivy, run_tasks):
    with time_machine.travel(_noon(DAY_90), tick=False) as traveller:
        _daily_run(run_tasks)
        _renew(held, noor, ivy)
        for day in (DAY_30, EXPIRED, LAPSED):
            traveller.move_to(_noon(day))
            _daily_run(run_tasks)
        # Two years on, the new expiry date's first reminder.
        traveller.move_to(_noon(datetime.date(2033, 4, 1)))
        _daily_run(run_tasks)
    assert [message.subject for message in mail.outbox] == [SUBJECTS[DAY_90]] * 2
    held.refresh_from_db()
    assert held.expires_on == datetime.date(2033, 6, 30)


def test_a_reminder_queued_before_a_renewal_is_not_sent(held, noor, ivy, run_tasks):
    with time_machine.travel(_noon(DAY_30), tick=False):
        assert tasks.send_certification_reminders.call() == 1  # queued, the worker not run yet
        _renew(held, noor, ivy)
        run_tasks()
    assert mail.outbox == []


def test_no_reminder_while_a_renewal_waits_for_staff(held, noor, ivy, run_tasks):
    with time_machine.travel(_noon(DAY_30), tick=False) as traveller:
        credit = actions.send_external_credit(
            person=noor, title="Ethics refresher", provider="State Counseling Association",
            category=CECategory.ETHICS, hours=Decimal(15), completed_on=DAY_30,
        )  # fmt: skip
        actions.decide_credit(credit=credit, by=ivy, approve=True)
        actions.submit_renewal(certification=held, by=noor, typed_name="Noor Haddad")
        _daily_run(run_tasks)
        traveller.move_to(_noon(EXPIRED))
        _daily_run(run_tasks)
    assert mail.outbox == []
    assert not CertificationReminder.objects.exists()


@pytest.mark.parametrize("step", ["suspend", "revoke"])
def test_a_suspended_or_revoked_certification_gets_no_reminder(held, ivy, run_tasks, step):
    getattr(actions, step)(certification=held, by=ivy, reason="Board finding.")
    with time_machine.travel(_noon(DAY_30), tick=False):
        _daily_run(run_tasks)
    assert mail.outbox == []


def test_a_closed_account_gets_no_reminder(held, noor, run_tasks):
    noor.is_active = False
    noor.save(update_fields=["is_active"])
    with time_machine.travel(_noon(DAY_30), tick=False):
        _daily_run(run_tasks)
    assert mail.outbox == []


def test_a_renewal_sent_for_an_earlier_expiry_is_not_approved(held, noor, ivy):
    with time_machine.travel(_noon(DAY_30), tick=False):
        credit = actions.send_external_credit(
            person=noor, title="Ethics refresher", provider="State Counseling Association",
            category=CECategory.ETHICS, hours=Decimal(15), completed_on=datetime.date(2031, 1, 5),
        )  # fmt: skip
        actions.decide_credit(credit=credit, by=ivy, approve=True)
        renewal = actions.submit_renewal(certification=held, by=noor, typed_name="Noor Haddad")
    # Meanwhile the expiry moved (here by hand, as a reinstatement on new terms would).
    Certification.objects.filter(pk=held.pk).update(expires_on=datetime.date(2033, 6, 30))
    with pytest.raises(actions.Refused, match="sent for an earlier expiry date"):
        actions.decide_renewal(renewal=renewal, by=ivy, approve=True)
    held.refresh_from_db()
    assert held.expires_on == datetime.date(2033, 6, 30)
