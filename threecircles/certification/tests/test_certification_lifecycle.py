"""A certification's life after the path: issued with its number, verification code, place in
the revocation list and expiry; its standing day by day (active through the expiry day, then
grace, then lapsed; suspended and revoked above all); renewing (when it opens, the CE hours it
needs, the signed ethics agreement, the staff decision and the new expiry); suspending,
revoking and reinstating."""

import datetime
import secrets
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.models import (
    CECategory,
    Certification,
    Credential,
    Decision,
    Renewal,
    Standing,
    new_verification_code,
)
from threecircles.certification.tests.factories import certify, make_credential

pytestmark = pytest.mark.django_db
Refused = actions.Refused
ALPHABET = set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
# Every certification here is issued on 1 March 2023 and expires on 1 March 2025.
ISSUED = datetime.date(2023, 3, 1)
EXPIRES = datetime.date(2025, 3, 1)


def on(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12)), tick=False)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def credential(db: None) -> Credential:
    """Valid two years, 90 days of grace, 15 CE hours to renew."""
    return make_credential(modules=1)


@pytest.fixture
def noor(db: None) -> User:
    return make_user("Noor Haddad", Role.CLINICIAN)


@pytest.fixture
def certification(noor: User, credential: Credential) -> Certification:
    return certify(noor, credential, issued_on=ISSUED)


def reread(certification: Certification) -> Certification:
    return Certification.objects.get(pk=certification.pk)


def earn_ce(person: User, hours: str, completed_on: datetime.date, staff: User) -> None:
    """An external course, sent and approved."""
    with on(completed_on):
        credit = actions.send_external_credit(
            person=person,
            title="Ethics in sex-addiction treatment",
            provider="Regional Counseling Board",
            category=CECategory.ETHICS,
            hours=Decimal(hours),
            completed_on=completed_on,
        )
    actions.decide_credit(credit=credit, by=staff, approve=True)


# --- issuing ---------------------------------------------------------------------------------


def test_certificate_numbers_count_up_within_a_credential_and_year(credential: Credential):
    people = [make_user(f"Holder {n}", Role.CLINICIAN) for n in range(4)]
    numbers = [
        certify(people[0], credential, issued_on=datetime.date(2024, 1, 5)).number,
        certify(people[1], credential, issued_on=datetime.date(2024, 12, 31)).number,
        certify(people[2], credential, issued_on=datetime.date(2025, 1, 1)).number,
        certify(people[3], make_credential("CPTT", modules=1), issued_on=ISSUED).number,
    ]
    assert numbers == ["CSAT-2024-00001", "CSAT-2024-00002", "CSAT-2025-00001", "CPTT-2023-00001"]


def test_numbering_continues_after_the_highest_number_not_the_count(credential: Credential):
    people = [make_user(f"Holder {n}", Role.CLINICIAN) for n in range(3)]
    first = certify(people[0], credential, issued_on=ISSUED)
    certify(people[1], credential, issued_on=ISSUED)
    first.delete()  # one removed by hand: a count would give 00002 again
    assert certify(people[2], credential, issued_on=ISSUED).number == "CSAT-2023-00003"


def test_a_verification_code_is_26_characters_from_the_unambiguous_alphabet(
    certification: Certification,
) -> None:
    codes = [certification.verification_code] + [new_verification_code() for _ in range(50)]
    for code in codes:
        assert len(code) == 26
        assert set(code) <= ALPHABET
    assert len(set(codes)) == len(codes)


def test_the_revocation_list_place_is_in_range_and_never_shared(
    monkeypatch: pytest.MonkeyPatch, noor: User, credential: Credential
) -> None:
    picks = iter([7, 7, 7, actions.STATUS_LIST_SIZE - 1])
    monkeypatch.setattr(secrets, "randbelow", lambda n: next(picks))
    first = certify(noor, credential, issued_on=ISSUED)
    second = certify(make_user("Omar", Role.CLINICIAN), credential, issued_on=ISSUED)
    assert (first.status_index, second.status_index) == (7, actions.STATUS_LIST_SIZE - 1)


@pytest.mark.parametrize(
    ("issued_on", "valid_years", "expires_on"),
    [
        (datetime.date(2023, 3, 1), 2, datetime.date(2025, 3, 1)),
        (datetime.date(2024, 2, 29), 2, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 2, 29), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2024, 2, 29), 4, datetime.date(2028, 2, 29)),
        (datetime.date(2024, 12, 31), 1, datetime.date(2025, 12, 31)),
    ],
)
def test_a_certification_expires_after_the_credentials_years(
    issued_on: datetime.date,
    valid_years: int,
    expires_on: datetime.date,
    noor: User,
    credential: Credential,
) -> None:
    credential.valid_years = valid_years
    credential.save()
    issued = certify(noor, credential, issued_on=issued_on)
    assert (issued.issued_on, issued.expires_on) == (issued_on, expires_on)
    assert (issued.status, issued.holder_name) == (Certification.Status.VALID, "Noor Haddad")


def test_issued_today_when_no_date_is_given(noor: User, credential: Credential) -> None:
    with on(datetime.date(2025, 6, 30)):
        issued = certify(noor, credential)
    assert (issued.issued_on, issued.expires_on, issued.number) == (
        datetime.date(2025, 6, 30),
        datetime.date(2027, 6, 30),
        "CSAT-2025-00001",
    )


# --- standing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "standing"),
    [
        (ISSUED, Standing.ACTIVE),
        (EXPIRES, Standing.ACTIVE),
        (EXPIRES + days(1), Standing.GRACE),
        (EXPIRES + days(90), Standing.GRACE),
        (EXPIRES + days(91), Standing.LAPSED),
    ],
)
def test_active_through_the_expiry_day_then_grace_then_lapsed(
    day: datetime.date, standing: Standing, certification: Certification
) -> None:
    with on(day):
        assert certification.standing() == standing
    assert certification.standing(day) == standing


def test_only_active_certifications_are_active_on_a_day(certification: Certification) -> None:
    assert list(Certification.objects.active_on(EXPIRES)) == [certification]
    assert not Certification.objects.active_on(EXPIRES + days(1)).exists()
    assert not Certification.objects.active_on(ISSUED - days(1)).exists()


@pytest.mark.parametrize("day", [ISSUED, EXPIRES + days(30), EXPIRES + days(400)])
def test_suspended_and_revoked_stand_above_the_dates(
    day: datetime.date, certification: Certification, ivy: User
) -> None:
    actions.suspend(certification=certification, by=ivy, reason="Board complaint 2024-3")
    assert reread(certification).standing(day) == Standing.SUSPENDED
    actions.revoke(certification=certification, by=ivy, reason="Board finding 2024-3")
    assert reread(certification).standing(day) == Standing.REVOKED
    assert not Certification.objects.active_on(ISSUED + days(1)).exists()


# --- renewal -------------------------------------------------------------------------------


@pytest.fixture
def with_ce(noor: User, certification: Certification, ivy: User) -> Certification:
    """Fifteen approved CE hours inside the period (1 March 2023 to the expiry)."""
    earn_ce(noor, "10", datetime.date(2023, 9, 1), ivy)
    earn_ce(noor, "5", datetime.date(2024, 6, 1), ivy)
    return certification


@pytest.fixture
def on_time() -> Iterator[None]:
    with on(EXPIRES - days(30)):
        yield


def renewal_problem_on(day: datetime.date, certification: Certification) -> str:
    with on(day):
        return actions.renewal_problem(reread(certification))


def test_renewal_opens_six_months_before_the_expiry(with_ce: Certification) -> None:
    assert renewal_problem_on(EXPIRES - days(181), with_ce) == (
        "Renewal opens six months before the expiry date."
    )
    assert renewal_problem_on(EXPIRES - days(180), with_ce) == ""


def test_renewal_needs_the_credentials_ce_hours(
    noor: User, certification: Certification, ivy: User
) -> None:
    earn_ce(noor, "4", datetime.date(2024, 6, 1), ivy)
    assert renewal_problem_on(EXPIRES - days(30), certification) == (
        "4.00 of 15.00 continuing-education hours approved so far."
    )
    with on(EXPIRES - days(30)), pytest.raises(Refused, match=r"^4\.00 of 15\.00 continuing"):
        actions.submit_renewal(certification=certification, by=noor, typed_name="Noor Haddad")
    assert not Renewal.objects.exists()


def test_hours_before_the_period_do_not_count_towards_renewal(
    noor: User, certification: Certification, ivy: User
) -> None:
    earn_ce(noor, "14", ISSUED - days(1), ivy)
    earn_ce(noor, "1", ISSUED, ivy)
    assert renewal_problem_on(EXPIRES - days(30), certification) == (
        "1.00 of 15.00 continuing-education hours approved so far."
    )


@pytest.mark.usefixtures("on_time")
def test_the_holder_signs_the_ethics_agreement_with_their_name_in_any_case(
    noor: User, with_ce: Certification
) -> None:
    renewal = actions.submit_renewal(certification=with_ce, by=noor, typed_name="  nOOR haddad ")
    assert (renewal.period_end, renewal.ethics_signed_name, renewal.ce_hours) == (
        EXPIRES,
        "nOOR haddad",
        Decimal("15.00"),
    )
    assert renewal.decision == Decision.WAITING


@pytest.mark.usefixtures("on_time")
@pytest.mark.parametrize("typed_name", ["", "Noor", "Noor Hadad", "Omar Haddad"])
def test_a_name_that_is_not_the_holders_does_not_sign(
    typed_name: str, noor: User, with_ce: Certification
) -> None:
    with pytest.raises(Refused, match="type your name as it is shown on your account"):
        actions.submit_renewal(certification=with_ce, by=noor, typed_name=typed_name)
    assert not Renewal.objects.exists()


@pytest.mark.usefixtures("on_time")
def test_only_the_holder_renews(with_ce: Certification, ivy: User) -> None:
    omar = make_user("Omar", Role.CLINICIAN)
    for who in (omar, ivy):
        with pytest.raises(Refused, match=r"^Only the holder renews a certification\.$"):
            actions.submit_renewal(certification=with_ce, by=who, typed_name=who.display_name)


@pytest.mark.usefixtures("on_time")
def test_a_waiting_renewal_blocks_a_second(noor: User, with_ce: Certification) -> None:
    actions.submit_renewal(certification=with_ce, by=noor, typed_name="Noor Haddad")
    assert actions.renewal_problem(with_ce) == "Your renewal is waiting for staff."
    with pytest.raises(Refused, match="waiting for staff"):
        actions.submit_renewal(certification=with_ce, by=noor, typed_name="Noor Haddad")
    assert Renewal.objects.count() == 1


@pytest.mark.parametrize(
    "submitted_on",
    [EXPIRES - days(180), EXPIRES - days(1), EXPIRES, EXPIRES + days(1), EXPIRES + days(90)],
)
def test_an_approved_renewal_runs_from_the_old_expiry(
    submitted_on: datetime.date, noor: User, with_ce: Certification, ivy: User
) -> None:
    # Early loses no days, in grace gains none.
    with on(submitted_on):
        renewal = actions.submit_renewal(certification=with_ce, by=noor, typed_name="Noor Haddad")
        decided = actions.decide_renewal(renewal=renewal, by=ivy, approve=True)
        renewed = reread(with_ce)
        assert renewed.standing() == Standing.ACTIVE
    assert (decided.decision, decided.decided_by) == (Decision.APPROVED, ivy)
    assert renewed.expires_on == datetime.date(2027, 3, 1)
    assert renewed.issued_on == ISSUED
    # The next renewal is for the next period, and not open yet.
    assert renewal_problem_on(submitted_on, renewed) == (
        "Renewal opens six months before the expiry date."
    )


@pytest.mark.usefixtures("on_time")
def test_a_returned_renewal_needs_a_note_and_may_be_sent_again(
    noor: User, with_ce: Certification, ivy: User
) -> None:
    renewal = actions.submit_renewal(certification=with_ce, by=noor, typed_name="Noor Haddad")
    for note in ("", "  "):
        with pytest.raises(Refused, match="say what the holder needs to do"):
            actions.decide_renewal(renewal=renewal, by=ivy, approve=False, note=note)
    returned = actions.decide_renewal(
        renewal=renewal, by=ivy, approve=False, note="Two hours are not ethics"
    )
    assert (returned.decision, returned.decision_note) == (
        Decision.RETURNED,
        "Two hours are not ethics",
    )
    assert reread(with_ce).expires_on == EXPIRES
    with pytest.raises(Refused, match="already been decided"):
        actions.decide_renewal(renewal=renewal, by=ivy, approve=True)

    assert actions.renewal_problem(with_ce) == ""
    again = actions.submit_renewal(certification=with_ce, by=noor, typed_name="Noor Haddad")
    assert list(Renewal.objects.values_list("pk", "decision")) == [(again.pk, Decision.WAITING)]
    actions.decide_renewal(renewal=again, by=ivy, approve=True)
    assert reread(with_ce).expires_on == datetime.date(2027, 3, 1)


def test_a_lapsed_certification_is_not_renewed_but_reinstated(
    noor: User, with_ce: Certification
) -> None:
    assert renewal_problem_on(EXPIRES + days(91), with_ce) == (
        "This certification has lapsed: ask the institute about reinstatement."
    )


@pytest.mark.parametrize(
    ("act", "problem"),
    [
        (actions.suspend, "A suspended certification cannot be renewed."),
        (actions.revoke, "A revoked certification cannot be renewed."),
    ],
)
def test_a_suspended_or_revoked_certification_is_not_renewed(
    act, problem: str, noor: User, with_ce: Certification, ivy: User
) -> None:
    act(certification=with_ce, by=ivy, reason="Board file 2024-9")
    assert renewal_problem_on(EXPIRES - days(30), with_ce) == problem
    with on(EXPIRES - days(30)), pytest.raises(Refused, match=problem):
        actions.submit_renewal(certification=with_ce, by=noor, typed_name="Noor Haddad")


@pytest.mark.usefixtures("on_time")
def test_a_renewal_is_not_approved_once_the_certification_is_suspended(
    noor: User, with_ce: Certification, ivy: User
) -> None:
    renewal = actions.submit_renewal(certification=with_ce, by=noor, typed_name="Noor Haddad")
    actions.suspend(certification=with_ce, by=ivy, reason="Board complaint 2025-1")
    with pytest.raises(Refused, match="suspended or revoked certification cannot be renewed"):
        actions.decide_renewal(renewal=renewal, by=ivy, approve=True)
    assert reread(with_ce).expires_on == EXPIRES
    assert Renewal.objects.get().decision == Decision.WAITING


# --- suspending, revoking, reinstating -----------------------------------------------------


def test_a_suspension_needs_a_reason_and_a_valid_certification(
    certification: Certification, ivy: User
) -> None:
    for reason in ("", "   "):
        with pytest.raises(Refused, match=r"^Please give the reason for the suspension\.$"):
            actions.suspend(certification=certification, by=ivy, reason=reason)
    suspended = actions.suspend(certification=certification, by=ivy, reason="Complaint 2024-7")
    assert (suspended.status, suspended.status_reason) == ("suspended", "Complaint 2024-7")
    assert suspended.status_changed_at is not None
    with pytest.raises(Refused, match=r"^Only a valid certification can be suspended\.$"):
        actions.suspend(certification=certification, by=ivy, reason="Again")
    actions.revoke(certification=certification, by=ivy, reason="Finding 2024-7")
    with pytest.raises(Refused, match=r"^Only a valid certification can be suspended\.$"):
        actions.suspend(certification=certification, by=ivy, reason="Again")


def test_revoking_is_final(certification: Certification, ivy: User) -> None:
    with pytest.raises(Refused, match="reason for the revocation"):
        actions.revoke(certification=certification, by=ivy, reason=" ")
    revoked = actions.revoke(certification=certification, by=ivy, reason="Finding 2024-7")
    assert (revoked.status, revoked.status_reason) == ("revoked", "Finding 2024-7")
    with pytest.raises(Refused, match="already revoked"):
        actions.revoke(certification=certification, by=ivy, reason="Again")
    with pytest.raises(Refused, match=r"^A revoked certification cannot be reinstated\.$"):
        actions.reinstate(certification=certification, by=ivy, reason="Appeal upheld")
    assert reread(certification).status == Certification.Status.REVOKED


def test_lifting_a_suspension_makes_the_certification_valid_again(
    certification: Certification, ivy: User
) -> None:
    actions.suspend(certification=certification, by=ivy, reason="Complaint 2024-7")
    with pytest.raises(Refused, match="reason for reinstating"):
        actions.reinstate(certification=certification, by=ivy, reason="")
    with on(EXPIRES - days(100)):
        back = actions.reinstate(certification=certification, by=ivy, reason="Complaint closed")
        assert back.standing() == Standing.ACTIVE
    assert (back.status, back.status_reason, back.expires_on) == (
        "valid",
        "Complaint closed",
        EXPIRES,
    )


@pytest.mark.parametrize("day", [EXPIRES - days(10), EXPIRES + days(10)])
def test_an_active_or_grace_certification_has_nothing_to_reinstate(
    day: datetime.date, certification: Certification, ivy: User
) -> None:
    with on(day), pytest.raises(Refused, match="Only a suspended or lapsed certification"):
        actions.reinstate(certification=certification, by=ivy, reason="Why not")


LAPSED_DAY = datetime.date(2025, 9, 1)  # 184 days after the expiry


def test_reinstating_a_lapsed_certification_needs_the_ce_of_the_last_period(
    noor: User, certification: Certification, ivy: User
) -> None:
    earn_ce(noor, "10", datetime.date(2023, 8, 31), ivy)  # the day before the two years
    earn_ce(noor, "5", datetime.date(2023, 9, 1), ivy)  # their first day
    with on(LAPSED_DAY), pytest.raises(Refused) as refused:
        actions.reinstate(certification=certification, by=ivy, reason="CE complete")
    assert refused.value.message == (
        "Reinstatement needs 15.00 approved CE hours in the last 2 years; 5.00 so far."
    )
    assert reread(certification).expires_on == EXPIRES


def test_a_reinstated_lapsed_certification_runs_from_today(
    noor: User, certification: Certification, ivy: User
) -> None:
    earn_ce(noor, "15", LAPSED_DAY - days(20), ivy)
    with on(LAPSED_DAY):
        assert certification.standing() == Standing.LAPSED
        back = actions.reinstate(certification=certification, by=ivy, reason="CE complete")
        assert reread(certification).standing() == Standing.ACTIVE
    assert (back.status, back.expires_on, back.issued_on) == (
        "valid",
        datetime.date(2027, 9, 1),
        ISSUED,
    )
