"""The continuing-education ledger: institute events become approved entries from recorded
attendance (once per registration, kept up to date, never for a cancelled or waitlisted
seat); external courses are sent with their certificate and decided by staff; only approved
hours count, inside the period's first and last day."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.models import CECategory, CECredit, Decision
from threecircles.certification.tests.factories import (
    attend,
    certify,
    make_credential,
    make_document,
    make_module_event,
)
from threecircles.events.attendance import record_attendance
from threecircles.events.models import Event, Registration

pytestmark = pytest.mark.django_db
Refused = actions.Refused
Entry = tuple[str, str, str, Decimal, datetime.date, str]


@pytest.fixture
def noor(db: None) -> User:
    return make_user("Noor", Role.CLINICIAN)


@pytest.fixture
def workshop(db: None) -> Event:
    """Two 3-hour sessions on 3 and 4 March 2025."""
    return make_module_event(
        "workshop", title="Partners in recovery", starts_on=datetime.date(2025, 3, 3)
    )


def ledger(person: User) -> list[Entry]:
    return [
        (c.source, c.title, c.category, c.hours, c.completed_on, c.decision)
        for c in CECredit.objects.filter(person=person).order_by("title")
    ]


def send(person: User, **changes: object) -> CECredit:
    fields: dict[str, object] = {
        "person": person,
        "title": "Trauma-informed care",
        "provider": "State Counseling Association",
        "category": CECategory.TRAUMA,
        "hours": Decimal("6"),
        "completed_on": timezone.localdate() - datetime.timedelta(days=3),
    }
    fields.update(changes)
    return actions.send_external_credit(**fields)  # type: ignore[arg-type]


# --- institute events ----------------------------------------------------------------------


def test_each_attended_registration_becomes_one_approved_entry(noor: User, workshop: Event) -> None:
    webinar = make_module_event(
        "webinar", title="Ethics of telehealth", starts_on=datetime.date(2025, 4, 10), sessions=1
    )
    attend(noor, workshop)
    attend(noor, webinar)
    assert actions.credits_from_attendance(noor) == 2
    assert ledger(noor) == [
        ("event", "Ethics of telehealth", "core", Decimal("3.00"), datetime.date(2025, 4, 10),
         "approved"),
        ("event", "Partners in recovery", "core", Decimal("6.00"), datetime.date(2025, 3, 4),
         "approved"),
    ]  # fmt: skip
    credit = CECredit.objects.get(title="Partners in recovery")
    assert credit.provider == "Three Circles Institute"
    assert credit.registration == Registration.objects.get(event=workshop)


def test_counting_attendance_again_changes_nothing(noor: User, workshop: Event) -> None:
    attend(noor, workshop)
    actions.credits_from_attendance(noor)
    before = ledger(noor)
    assert actions.credits_from_attendance(noor) == 0
    assert ledger(noor) == before
    assert CECredit.objects.count() == 1


def test_a_session_recorded_later_updates_the_hours_and_the_date(
    noor: User, workshop: Event
) -> None:
    registration = attend(noor, workshop, sessions=1)
    actions.credits_from_attendance(noor)
    assert ledger(noor)[0][3:5] == (Decimal("3.00"), datetime.date(2025, 3, 3))
    second = workshop.sessions.order_by("starts_at").last()
    assert second is not None
    record_attendance(session=second, registration=registration, method="list", by=None)
    assert actions.credits_from_attendance(noor) == 1
    assert ledger(noor)[0][3:5] == (Decimal("6.00"), datetime.date(2025, 3, 4))
    assert CECredit.objects.count() == 1


@pytest.mark.parametrize("status", [Registration.Status.CANCELLED, Registration.Status.WAITLISTED])
def test_a_seat_that_is_not_confirmed_earns_nothing(
    status: str, noor: User, workshop: Event
) -> None:
    registration = attend(noor, workshop)
    Registration.objects.filter(pk=registration.pk).update(status=status)
    assert actions.credits_from_attendance(noor) == 0
    assert ledger(noor) == []


def test_a_registration_with_no_attendance_earns_nothing(noor: User, workshop: Event) -> None:
    attend(noor, workshop, sessions=0)
    assert actions.credits_from_attendance(noor) == 0
    assert ledger(noor) == []


def test_only_the_persons_own_attendance_is_counted(noor: User, workshop: Event) -> None:
    omar = make_user("Omar", Role.CLINICIAN)
    attend(omar, workshop)
    assert actions.credits_from_attendance(noor) == 0
    assert actions.credits_from_attendance(omar) == 1
    assert ledger(noor) == []


def test_an_event_credit_is_not_staffs_to_decide(noor: User, workshop: Event, ivy: User):
    attend(noor, workshop)
    actions.credits_from_attendance(noor)
    with pytest.raises(Refused, match="Only an external course waiting for staff"):
        actions.decide_credit(credit=CECredit.objects.get(), by=ivy, approve=False, note="No")


# --- external courses ----------------------------------------------------------------------


def test_an_external_course_waits_for_staff_with_its_certificate(noor: User) -> None:
    certificate = make_document(noor, "course.pdf")
    credit = send(noor, certificate=certificate)
    assert (credit.source, credit.decision, credit.certificate) == (
        "external",
        Decision.WAITING,
        certificate,
    )
    assert actions.ce_hours(noor, datetime.date(2000, 1, 1), timezone.localdate()) == Decimal(
        "0.00"
    )


def test_a_course_in_the_future_is_refused(noor: User) -> None:
    with pytest.raises(Refused, match=r"^A course counts once it is completed\.$"):
        send(noor, completed_on=timezone.localdate() + datetime.timedelta(days=1))
    assert send(noor, completed_on=timezone.localdate()).completed_on == timezone.localdate()


@pytest.mark.parametrize(
    ("hours", "taken"),
    [("0", False), ("0.24", False), ("0.25", True), ("100", True), ("100.01", False)],
)
def test_a_course_counts_from_a_quarter_hour_to_a_hundred_hours(
    hours: str, taken: bool, noor: User
) -> None:
    if taken:
        assert send(noor, hours=Decimal(hours)).hours == Decimal(hours)
    else:
        with pytest.raises(Refused, match="a quarter of an hour to 100"):
            send(noor, hours=Decimal(hours))
        assert not CECredit.objects.exists()


def test_someone_elses_document_is_refused_as_a_certificate(noor: User) -> None:
    omar = make_user("Omar", Role.CLINICIAN)
    with pytest.raises(Refused, match=r"^This document belongs to someone else\.$"):
        send(noor, certificate=make_document(omar, "omar.pdf"))
    assert not CECredit.objects.exists()


def test_staff_approve_a_course_and_its_hours_count(noor: User, ivy: User) -> None:
    credit = send(noor, hours=Decimal("6.5"))
    decided = actions.decide_credit(credit=credit, by=ivy, approve=True)
    assert (decided.decision, decided.decided_by) == (Decision.APPROVED, ivy)
    assert decided.decided_at is not None
    assert actions.ce_hours(noor, credit.completed_on, credit.completed_on) == Decimal("6.50")
    with pytest.raises(Refused, match="Only an external course waiting for staff"):
        actions.decide_credit(credit=credit, by=ivy, approve=False, note="Changed my mind")


def test_a_returned_course_needs_a_reason_and_does_not_count(noor: User, ivy: User) -> None:
    credit = send(noor)
    for note in ("", "   "):
        with pytest.raises(Refused, match="say why the course does not count"):
            actions.decide_credit(credit=credit, by=ivy, approve=False, note=note)
    returned = actions.decide_credit(
        credit=credit, by=ivy, approve=False, note="The certificate shows no hours"
    )
    assert (returned.decision, returned.decision_note) == (
        Decision.RETURNED,
        "The certificate shows no hours",
    )
    assert actions.ce_hours(noor, credit.completed_on, credit.completed_on) == Decimal("0.00")


# --- what counts: approved hours inside the period -----------------------------------------


def test_only_approved_hours_inside_the_period_count(noor: User, ivy: User) -> None:
    since, until = datetime.date(2024, 3, 1), datetime.date(2025, 2, 28)
    dated = {
        datetime.date(2024, 2, 29): "1",  # the day before: out
        since: "2",  # the first day: in
        datetime.date(2024, 9, 15): "4",
        until: "8",  # the last day: in
        datetime.date(2025, 3, 1): "16",  # the day after: out
    }
    for completed_on, hours in dated.items():
        actions.decide_credit(
            credit=send(noor, hours=Decimal(hours), completed_on=completed_on), by=ivy, approve=True
        )
    send(noor, hours=Decimal("32"), completed_on=datetime.date(2024, 9, 15))  # waiting
    returned = send(noor, hours=Decimal("64"), completed_on=datetime.date(2024, 9, 15))
    actions.decide_credit(credit=returned, by=ivy, approve=False, note="Not clinical")
    omar = make_user("Omar", Role.CLINICIAN)
    actions.decide_credit(
        credit=send(omar, completed_on=datetime.date(2024, 9, 15)), by=ivy, approve=True
    )

    assert actions.ce_hours(noor, since, until) == Decimal("14.00")


def test_a_renewal_counts_the_hours_since_the_period_began(noor: User, ivy: User) -> None:
    certification = certify(noor, make_credential(modules=1), issued_on=datetime.date(2023, 3, 1))
    assert actions.period_start(certification) == datetime.date(2023, 3, 1)
    for completed_on, hours in (
        (datetime.date(2023, 2, 28), "5"),
        (datetime.date(2023, 3, 1), "3"),
    ):
        actions.decide_credit(
            credit=send(noor, hours=Decimal(hours), completed_on=completed_on), by=ivy, approve=True
        )
    with time_machine.travel(datetime.datetime(2025, 2, 1, 12), tick=False):
        assert actions.ce_hours_for_renewal(certification) == Decimal("3.00")
