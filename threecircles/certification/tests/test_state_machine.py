"""The candidacy's state machine (`actions.start`, `actions.move`, `actions.why_not`): who may
start, every move in `MOVES` with its gate closed (refused, naming what is missing) and open,
every other pair of states refused, who takes each step, the note a return needs, and the
history each move writes. Then what the gates read: training-module hours across offerings
and their make-up window, quizzes and supervision hours."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.models import (
    Candidacy,
    CandidacyState,
    CandidacyStep,
    Certification,
    Credential,
    Decision,
    Evidence,
    Requirement,
    SupervisionAgreement,
    SupervisionSession,
)
from threecircles.certification.tests.factories import (
    Kind,
    approve_evidence,
    attend,
    make_credential,
    make_module_event,
    ready_for_review,
    requirement,
    supervise,
    to_candidate,
)
from threecircles.events.attendance import record_attendance
from threecircles.events.models import Event, Registration

pytestmark = pytest.mark.django_db
State = CandidacyState
Refused = actions.Refused


@pytest.fixture
def credential(db: None) -> Credential:
    return make_credential()


@pytest.fixture
def noor(db: None) -> User:
    """A member working towards the credential."""
    return make_user("Noor", Role.MEMBER)


@pytest.fixture
def omar(db: None) -> User:
    """Another professional, with no part in Noor's candidacy."""
    return make_user("Omar", Role.CLINICIAN)


def in_state(person: User, credential: Credential, state: str) -> Candidacy:
    """A candidacy put straight into `state` (test set-up only; the gates are not run)."""
    candidacy = actions.start(person=person, credential=credential)
    Candidacy.objects.filter(pk=candidacy.pk).update(state=state)
    candidacy.refresh_from_db()
    return candidacy


def refusal(**kwargs: object) -> str:
    with pytest.raises(Refused) as refused:
        actions.move(**kwargs)  # type: ignore[arg-type]
    return refused.value.message


def state_of(candidacy: Candidacy) -> str:
    return Candidacy.objects.get(pk=candidacy.pk).state


# --- start -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.SUPERVISOR, Role.MEMBER])
def test_a_professional_starts_as_an_applicant(role: str, credential: Credential) -> None:
    person = make_user("Pat", role)
    candidacy = actions.start(person=person, credential=credential)
    assert candidacy.state == State.APPLICANT
    step = CandidacyStep.objects.get(candidacy=candidacy)
    assert (step.from_state, step.to_state, step.by, step.note) == (
        "",
        State.APPLICANT,
        person,
        "Started",
    )


@pytest.mark.parametrize("role", [Role.CLIENT, Role.SUPPORTER, Role.STAFF, Role.ADMIN])
def test_anyone_but_a_professional_cannot_start(role: str, credential: Credential) -> None:
    person = make_user("Pat", role)
    with pytest.raises(Refused, match=r"^Certification is for professionals' accounts\.$"):
        actions.start(person=person, credential=credential)
    assert not Candidacy.objects.exists()


def test_a_credential_closed_to_candidates_cannot_be_started(
    noor: User, credential: Credential
) -> None:
    credential.open_for_candidates = False
    credential.save()
    with pytest.raises(Refused, match="does not take new candidates at the moment"):
        actions.start(person=noor, credential=credential)
    assert not Candidacy.objects.exists()


@pytest.mark.parametrize("state", [State.APPLICANT, State.CANDIDATE, State.UNDER_REVIEW])
def test_a_second_open_candidacy_for_one_credential_is_refused(
    state: str, noor: User, credential: Credential
) -> None:
    in_state(noor, credential, state)
    with pytest.raises(Refused, match=r"^You are already working towards this credential\.$"):
        actions.start(person=noor, credential=credential)
    assert Candidacy.objects.filter(person=noor).count() == 1


def test_after_withdrawing_a_new_candidacy_may_start(noor: User, credential: Credential) -> None:
    first = actions.start(person=noor, credential=credential)
    actions.move(candidacy=first, to_state=State.WITHDRAWN, by=noor)
    second = actions.start(person=noor, credential=credential)
    assert second.pk != first.pk
    assert second.state == State.APPLICANT
    assert state_of(first) == State.WITHDRAWN


def test_another_credential_may_be_started_alongside(noor: User, credential: Credential) -> None:
    actions.start(person=noor, credential=credential)
    other = make_credential("CPTT", name="Certified Partner Trauma Therapist")
    assert actions.start(person=noor, credential=other).state == State.APPLICANT


# --- every pair of states that is not a move ------------------------------------------------

NOT_MOVES = [
    (a, b) for a, b in itertools.product(State.values, State.values) if (a, b) not in actions.MOVES
]


def test_the_refused_jumps_include_the_ones_people_would_try() -> None:
    # A guard: the parametrized list below must hold these, and never go empty.
    for jump in [
        (State.APPLICANT, State.UNDER_REVIEW),
        (State.APPLICANT, State.CERTIFIED),
        (State.CANDIDATE, State.CERTIFIED),
        (State.CANDIDATE, State.APPLICANT),
        (State.UNDER_REVIEW, State.APPLICANT),
        (State.WITHDRAWN, State.APPLICANT),
        (State.WITHDRAWN, State.CANDIDATE),
        (State.CERTIFIED, State.WITHDRAWN),
        (State.CERTIFIED, State.UNDER_REVIEW),
    ]:
        assert jump in NOT_MOVES
    assert len(NOT_MOVES) + len(actions.MOVES) == len(State.values) ** 2


@pytest.mark.parametrize(("from_state", "to_state"), NOT_MOVES)
def test_every_jump_outside_the_moves_is_refused_for_everyone(
    from_state: str, to_state: str, noor: User, ivy: User, credential: Credential
) -> None:
    candidacy = in_state(noor, credential, from_state)
    expected = (
        f"A candidacy cannot go from {State(from_state).label.lower()} to "
        f"{State(to_state).label.lower()}."
    )
    assert actions.why_not(candidacy, to_state) == expected
    for who in (ivy, noor):
        assert refusal(candidacy=candidacy, to_state=to_state, by=who) == expected
    assert state_of(candidacy) == from_state
    assert CandidacyStep.objects.filter(candidacy=candidacy).count() == 1  # only "Started"


def test_a_state_that_does_not_exist_is_refused(
    noor: User, ivy: User, credential: Credential
) -> None:
    candidacy = actions.start(person=noor, credential=credential)
    assert refusal(candidacy=candidacy, to_state="expelled", by=ivy) == (
        "This is not a step of the path."
    )


def test_the_moves_are_the_documented_path() -> None:
    assert actions.MOVES == {
        (State.APPLICANT, State.CANDIDATE): "staff",
        (State.CANDIDATE, State.UNDER_REVIEW): "self",
        (State.UNDER_REVIEW, State.CERTIFIED): "staff",
        (State.UNDER_REVIEW, State.CANDIDATE): "staff",
        (State.APPLICANT, State.WITHDRAWN): "either",
        (State.CANDIDATE, State.WITHDRAWN): "either",
        (State.UNDER_REVIEW, State.WITHDRAWN): "either",
    }


# --- applicant -> candidate (staff): eligibility approved and a first module completed ------


def test_an_applicant_without_approved_eligibility_stays_an_applicant(
    noor: User, ivy: User, credential: Credential
) -> None:
    candidacy = actions.start(person=noor, credential=credential)
    attend(noor, requirement(credential, Kind.MODULE).offerings.get())
    assert refusal(candidacy=candidacy, to_state=State.CANDIDATE, by=ivy) == (
        "Eligibility has not been approved yet."
    )
    # Sent but not yet approved is still not approved.
    actions.send_evidence(
        candidacy=candidacy, requirement=requirement(credential, Kind.ELIGIBILITY), note="LPC"
    )
    assert refusal(candidacy=candidacy, to_state=State.CANDIDATE, by=ivy) == (
        "Eligibility has not been approved yet."
    )
    assert state_of(candidacy) == State.APPLICANT


def test_an_applicant_without_a_completed_module_stays_an_applicant(
    noor: User, ivy: User, credential: Credential
) -> None:
    candidacy = actions.start(person=noor, credential=credential)
    approve_evidence(candidacy, Kind.ELIGIBILITY, ivy)
    # Half a module is not a module.
    attend(noor, requirement(credential, Kind.MODULE).offerings.get(), sessions=1)
    assert refusal(candidacy=candidacy, to_state=State.CANDIDATE, by=ivy) == (
        "No training module has been completed yet."
    )


def test_any_completed_module_opens_the_candidate_gate(
    noor: User, ivy: User, credential: Credential
) -> None:
    candidacy = actions.start(person=noor, credential=credential)
    approve_evidence(candidacy, Kind.ELIGIBILITY, ivy)
    attend(noor, requirement(credential, Kind.MODULE, 1).offerings.get())  # module 2, not 1
    assert actions.why_not(candidacy, State.CANDIDATE) == ""
    moved = actions.move(candidacy=candidacy, to_state=State.CANDIDATE, by=ivy)
    assert moved.state == State.CANDIDATE == state_of(candidacy)


def test_the_applicant_cannot_make_themselves_a_candidate(
    noor: User, ivy: User, omar: User, credential: Credential
) -> None:
    candidacy = actions.start(person=noor, credential=credential)
    # Gate closed or open, the step is staff's; no one else learns what is missing.
    for who in (noor, omar):
        assert refusal(candidacy=candidacy, to_state=State.CANDIDATE, by=who) == (
            "This step is not yours to take."
        )
    approve_evidence(candidacy, Kind.ELIGIBILITY, ivy)
    attend(noor, requirement(credential, Kind.MODULE).offerings.get())
    assert refusal(candidacy=candidacy, to_state=State.CANDIDATE, by=noor) == (
        "This step is not yours to take."
    )
    assert state_of(candidacy) == State.APPLICANT


# --- candidate -> under review (the candidate): everything met, the application sent ---------


def test_a_candidate_with_steps_to_do_is_told_which(
    noor: User, ivy: User, credential: Credential
) -> None:
    candidacy = to_candidate(noor, credential, ivy)
    assert refusal(candidacy=candidacy, to_state=State.UNDER_REVIEW, by=noor) == (
        "Still to complete: Module 1 quiz; Module 2; Supervision; Assessment; "
        "Letter of recommendation."
    )
    assert state_of(candidacy) == State.CANDIDATE


def complete_all_but_application(candidacy: Candidacy, staff: User, supervisor: User) -> None:
    credential = candidacy.credential
    attend(candidacy.person, requirement(credential, Kind.MODULE, 1).offerings.get())
    attempt = actions.send_quiz(
        candidacy=candidacy, requirement=requirement(credential, Kind.QUIZ), answers=["A", "B"]
    )
    actions.grade_quiz(attempt=attempt, by=staff, passed=True)
    supervise(candidacy, supervisor, credential.supervision_hours_required)
    approve_evidence(candidacy, Kind.ASSESSMENT, staff)
    approve_evidence(candidacy, Kind.ATTESTATION, staff)


def test_without_the_final_application_a_candidate_cannot_ask_for_review(
    noor: User, ivy: User, sam: User, credential: Credential
) -> None:
    candidacy = to_candidate(noor, credential, ivy)
    complete_all_but_application(candidacy, ivy, sam)
    assert refusal(candidacy=candidacy, to_state=State.UNDER_REVIEW, by=noor) == (
        "The final application has not been sent yet."
    )
    # A returned application counts as not sent.
    application = actions.send_evidence(
        candidacy=candidacy, requirement=requirement(credential, Kind.APPLICATION), note="I apply"
    )
    actions.decide_evidence(evidence=application, by=ivy, approve=False, note="Sign page 2")
    assert refusal(candidacy=candidacy, to_state=State.UNDER_REVIEW, by=noor) == (
        "The final application has not been sent yet."
    )


def test_with_everything_met_and_the_application_sent_the_candidate_asks_for_review(
    noor: User, ivy: User, sam: User, omar: User, credential: Credential
) -> None:
    candidacy = to_candidate(noor, credential, ivy)
    complete_all_but_application(candidacy, ivy, sam)
    actions.send_evidence(
        candidacy=candidacy, requirement=requirement(credential, Kind.APPLICATION), note="I apply"
    )
    # The step is the candidate's: not staff's, not anyone else's.
    for who in (ivy, omar):
        assert refusal(candidacy=candidacy, to_state=State.UNDER_REVIEW, by=who) == (
            "This step is not yours to take."
        )
    assert actions.why_not(candidacy, State.UNDER_REVIEW) == ""
    actions.move(candidacy=candidacy, to_state=State.UNDER_REVIEW, by=noor)
    assert state_of(candidacy) == State.UNDER_REVIEW
    step = CandidacyStep.objects.filter(candidacy=candidacy).last()
    assert step is not None
    assert (step.from_state, step.to_state, step.by) == (
        State.CANDIDATE,
        State.UNDER_REVIEW,
        noor,
    )


# --- under review -> certified (staff): every requirement approved, the fee paid ------------


def test_certifying_needs_the_application_approved(
    noor: User, ivy: User, sam: User, credential: Credential
) -> None:
    candidacy = ready_for_review(noor, credential, ivy, sam)
    assert refusal(candidacy=candidacy, to_state=State.CERTIFIED, by=ivy) == (
        "Still to approve: Final application."
    )
    assert not Certification.objects.exists()


def test_certifying_needs_the_fee_recorded_as_paid(
    noor: User, ivy: User, sam: User, credential: Credential
) -> None:
    candidacy = ready_for_review(noor, credential, ivy, sam)
    application = candidacy.evidence.get(requirement__kind=Kind.APPLICATION)
    application.fee_paid = False
    application.save()
    actions.decide_evidence(evidence=application, by=ivy, approve=True)
    assert refusal(candidacy=candidacy, to_state=State.CERTIFIED, by=ivy) == (
        "The application fee has not been recorded as paid."
    )
    assert state_of(candidacy) == State.UNDER_REVIEW


def test_a_credential_without_a_fee_certifies_without_one(
    noor: User, ivy: User, sam: User, credential: Credential
) -> None:
    candidacy = ready_for_review(noor, credential, ivy, sam)
    Credential.objects.filter(pk=credential.pk).update(application_fee=Decimal(0))
    application = candidacy.evidence.get(requirement__kind=Kind.APPLICATION)
    application.fee_paid = False
    application.save()
    actions.decide_evidence(evidence=application, by=ivy, approve=True)
    candidacy.refresh_from_db()
    actions.move(candidacy=candidacy, to_state=State.CERTIFIED, by=ivy)
    assert state_of(candidacy) == State.CERTIFIED


def test_staff_certify_an_approved_application_and_the_certificate_is_issued(
    noor: User, ivy: User, sam: User, omar: User, credential: Credential
) -> None:
    candidacy = ready_for_review(noor, credential, ivy, sam)
    application = candidacy.evidence.get(requirement__kind=Kind.APPLICATION)
    actions.decide_evidence(evidence=application, by=ivy, approve=True)
    for who in (noor, omar):
        assert refusal(candidacy=candidacy, to_state=State.CERTIFIED, by=who) == (
            "This step is not yours to take."
        )
    assert not Certification.objects.exists()

    candidacy = actions.move(
        candidacy=candidacy, to_state=State.CERTIFIED, by=ivy, note="Board 2025-04"
    )

    assert candidacy.state == state_of(candidacy) == State.CERTIFIED
    certification = Certification.objects.get()
    assert (certification.person, certification.credential, certification.candidacy) == (
        noor,
        credential,
        candidacy,
    )
    assert certification.holder_name == "Noor"
    # Certified is the end of the path: nothing moves it again.
    for to_state in State.values:
        assert actions.why_not(candidacy, to_state).startswith(
            "A candidacy cannot go from certified"
        )


# --- under review -> candidate (staff, with a note) ----------------------------------------


def test_returning_to_candidate_needs_a_note(
    noor: User, ivy: User, sam: User, credential: Credential
) -> None:
    candidacy = ready_for_review(noor, credential, ivy, sam)
    for note in ("", "   "):
        assert refusal(candidacy=candidacy, to_state=State.CANDIDATE, by=ivy, note=note) == (
            "Please say what the candidate still needs to do."
        )
    assert state_of(candidacy) == State.UNDER_REVIEW
    assert refusal(candidacy=candidacy, to_state=State.CANDIDATE, by=noor, note="Me") == (
        "This step is not yours to take."
    )

    actions.move(
        candidacy=candidacy, to_state=State.CANDIDATE, by=ivy, note="Two more supervision hours"
    )
    assert state_of(candidacy) == State.CANDIDATE
    step = CandidacyStep.objects.filter(candidacy=candidacy).last()
    assert step is not None
    assert (step.from_state, step.to_state, step.by, step.note) == (
        State.UNDER_REVIEW,
        State.CANDIDATE,
        ivy,
        "Two more supervision hours",
    )


# --- withdrawing: the candidate or staff, from any open state -------------------------------


@pytest.mark.parametrize("state", [State.APPLICANT, State.CANDIDATE, State.UNDER_REVIEW])
@pytest.mark.parametrize("who", ["noor", "ivy"])
def test_the_candidate_or_staff_may_withdraw_an_open_candidacy(
    state: str, who: str, request: pytest.FixtureRequest, noor: User, credential: Credential
) -> None:
    by = request.getfixturevalue(who)
    candidacy = in_state(noor, credential, state)
    actions.move(candidacy=candidacy, to_state=State.WITHDRAWN, by=by, note="Moving abroad")
    assert state_of(candidacy) == State.WITHDRAWN
    step = CandidacyStep.objects.filter(candidacy=candidacy).last()
    assert step is not None
    assert (step.from_state, step.to_state, step.by, step.note) == (
        state,
        State.WITHDRAWN,
        by,
        "Moving abroad",
    )


def test_no_one_else_may_withdraw_a_candidacy(
    noor: User, omar: User, sam: User, credential: Credential
) -> None:
    candidacy = actions.start(person=noor, credential=credential)
    for who in (omar, sam):
        assert refusal(candidacy=candidacy, to_state=State.WITHDRAWN, by=who) == (
            "This step is not yours to take."
        )
    assert state_of(candidacy) == State.APPLICANT


# --- the history ---------------------------------------------------------------------------


def test_the_whole_path_is_written_down_step_by_step(
    noor: User, ivy: User, sam: User, credential: Credential
) -> None:
    candidacy = ready_for_review(noor, credential, ivy, sam)
    actions.move(candidacy=candidacy, to_state=State.CANDIDATE, by=ivy, note="One more letter")
    actions.move(candidacy=candidacy, to_state=State.UNDER_REVIEW, by=noor)
    actions.decide_evidence(
        evidence=candidacy.evidence.get(requirement__kind=Kind.APPLICATION), by=ivy, approve=True
    )
    actions.move(candidacy=candidacy, to_state=State.CERTIFIED, by=ivy)

    steps = [
        (s.from_state, s.to_state, s.by, s.note)
        for s in CandidacyStep.objects.filter(candidacy=candidacy)
    ]
    assert steps == [
        ("", State.APPLICANT, noor, "Started"),
        (State.APPLICANT, State.CANDIDATE, ivy, ""),
        (State.CANDIDATE, State.UNDER_REVIEW, noor, ""),
        (State.UNDER_REVIEW, State.CANDIDATE, ivy, "One more letter"),
        (State.CANDIDATE, State.UNDER_REVIEW, noor, ""),
        (State.UNDER_REVIEW, State.CERTIFIED, ivy, ""),
    ]
    candidacy.refresh_from_db()
    assert candidacy.changed_at >= candidacy.started_at


def test_a_refused_move_writes_nothing(noor: User, ivy: User, credential: Credential) -> None:
    candidacy = actions.start(person=noor, credential=credential)
    refusal(candidacy=candidacy, to_state=State.CANDIDATE, by=ivy)
    assert CandidacyStep.objects.filter(candidacy=candidacy).count() == 1
    assert state_of(candidacy) == State.APPLICANT


# --- training modules: hours at any offering, a make-up within `makeup_days` ----------------


def attend_part(person: User, event: Event, part: int) -> Registration:
    """A confirmed registration at `event`, attended for its part `part` (1-based) only."""
    registration = attend(person, event, sessions=0)
    session = list(event.sessions.order_by("starts_at"))[part - 1]
    record_attendance(session=session, registration=registration, method="list", by=None)
    return registration


@pytest.fixture
def module(credential: Credential) -> Requirement:
    return requirement(credential, Kind.MODULE)


@pytest.fixture
def candidacy(noor: User, credential: Credential) -> Candidacy:
    return actions.start(person=noor, credential=credential)


def module_progress(candidacy: Candidacy, module: Requirement) -> tuple[bool, str, str]:
    item = actions.progress_on(candidacy, module)
    return item.met, item.state, item.detail


def test_a_module_with_nothing_attended_is_missing(candidacy: Candidacy, module: Requirement):
    assert module_progress(candidacy, module) == (False, "missing", "0.00 of 6.00 hours attended")


def test_a_module_is_met_by_its_hours_across_two_offerings(
    noor: User, candidacy: Candidacy, module: Requirement
) -> None:
    first = module.offerings.get()
    attend_part(noor, first, 1)
    assert module_progress(candidacy, module) == (
        False,
        "in_progress",
        "3.00 of 6.00 hours attended",
    )
    # Part 2 made up at a later offering of the same module.
    later = make_module_event("later", starts_on=first.starts_on + datetime.timedelta(days=60))
    module.offerings.add(later)
    attend_part(noor, later, 2)
    assert module_progress(candidacy, module) == (True, "met", "6.00 of 6.00 hours attended")


def test_hours_at_an_event_that_does_not_offer_the_module_do_not_count(
    noor: User, candidacy: Candidacy, module: Requirement
) -> None:
    attend(noor, make_module_event("elsewhere"))
    assert module_progress(candidacy, module)[0:2] == (False, "missing")


@pytest.mark.parametrize(("days_later", "counts"), [(30, True), (31, False)])
def test_a_make_up_counts_within_makeup_days_of_the_first_session(
    days_later: int, counts: bool, noor: User, candidacy: Candidacy, module: Requirement
) -> None:
    module.makeup_days = 30
    module.save()
    # In winter, so no change of clocks moves a session across the window's edge.
    first = make_module_event("winter", starts_on=datetime.date(2025, 1, 6))
    module.offerings.set([first])
    attend_part(noor, first, 1)
    # The make-up offering's part 2 is held `days_later` days after part 1 of the first.
    later = make_module_event(
        "makeup", starts_on=first.starts_on + datetime.timedelta(days=days_later - 1)
    )
    module.offerings.add(later)
    attend_part(noor, later, 2)
    expected = "6.00" if counts else "3.00"
    assert module_progress(candidacy, module) == (
        counts,
        "met" if counts else "in_progress",
        f"{expected} of 6.00 hours attended",
    )


@pytest.mark.parametrize("status", [Registration.Status.CANCELLED, Registration.Status.WAITLISTED])
def test_attendance_under_a_registration_that_is_not_confirmed_does_not_count(
    status: str, noor: User, candidacy: Candidacy, module: Requirement
) -> None:
    registration = attend(noor, module.offerings.get())
    assert module_progress(candidacy, module)[0] is True
    Registration.objects.filter(pk=registration.pk).update(status=status)
    assert module_progress(candidacy, module) == (False, "missing", "0.00 of 6.00 hours attended")


def test_someone_elses_attendance_does_not_count(
    omar: User, candidacy: Candidacy, module: Requirement
) -> None:
    attend(omar, module.offerings.get())
    assert module_progress(candidacy, module)[0:2] == (False, "missing")


# --- quizzes: a passed attempt; a fail may be tried again; graded once ----------------------


@pytest.fixture
def quiz(credential: Credential) -> Requirement:
    return requirement(credential, Kind.QUIZ)


def quiz_progress(candidacy: Candidacy, quiz: Requirement) -> tuple[bool, str, str]:
    item = actions.progress_on(candidacy, quiz)
    return item.met, item.state, item.detail


def test_a_quiz_waits_for_grading_then_passes(
    candidacy: Candidacy, quiz: Requirement, ivy: User
) -> None:
    assert quiz_progress(candidacy, quiz) == (False, "missing", "Not taken yet")
    attempt = actions.send_quiz(candidacy=candidacy, requirement=quiz, answers=["One", "Two"])
    assert quiz_progress(candidacy, quiz) == (False, "waiting", "Answers sent, waiting for grading")
    with pytest.raises(Refused, match="already passed or waiting for grading"):
        actions.send_quiz(candidacy=candidacy, requirement=quiz, answers=["Again", "Again"])
    actions.grade_quiz(attempt=attempt, by=ivy, passed=True)
    assert quiz_progress(candidacy, quiz) == (True, "met", "Passed")
    with pytest.raises(Refused, match="already passed or waiting for grading"):
        actions.send_quiz(candidacy=candidacy, requirement=quiz, answers=["Again", "Again"])


def test_a_failed_quiz_may_be_taken_again(
    candidacy: Candidacy, quiz: Requirement, ivy: User
) -> None:
    attempt = actions.send_quiz(candidacy=candidacy, requirement=quiz, answers=["One", "Two"])
    graded = actions.grade_quiz(attempt=attempt, by=ivy, passed=False, feedback="Reread ch. 3")
    assert (graded.passed, graded.feedback, graded.graded_by) == (False, "Reread ch. 3", ivy)
    assert quiz_progress(candidacy, quiz) == (
        False,
        "returned",
        "Not passed yet: you may try again",
    )
    second = actions.send_quiz(candidacy=candidacy, requirement=quiz, answers=["Uno", "Dos"])
    actions.grade_quiz(attempt=second, by=ivy, passed=True)
    assert quiz_progress(candidacy, quiz)[0] is True


def test_a_graded_attempt_cannot_be_regraded(
    candidacy: Candidacy, quiz: Requirement, ivy: User
) -> None:
    attempt = actions.send_quiz(candidacy=candidacy, requirement=quiz, answers=["One", "Two"])
    actions.grade_quiz(attempt=attempt, by=ivy, passed=False)
    with pytest.raises(Refused, match=r"^This attempt has already been graded\.$"):
        actions.grade_quiz(attempt=attempt, by=ivy, passed=True)
    assert quiz_progress(candidacy, quiz)[1] == "returned"


@pytest.mark.parametrize("answers", [["Only one"], ["One", "  "], ["One", "Two", "Three"]])
def test_every_question_needs_an_answer(
    answers: list[str], candidacy: Candidacy, quiz: Requirement
) -> None:
    with pytest.raises(Refused, match=r"^Please answer every question\.$"):
        actions.send_quiz(candidacy=candidacy, requirement=quiz, answers=answers)


# --- supervision: only confirmed hours count ---------------------------------------------


def supervision_progress(candidacy: Candidacy) -> tuple[bool, str, str]:
    item = actions.progress_on(candidacy, requirement(candidacy.credential, Kind.SUPERVISION))
    return item.met, item.state, item.detail


def log(candidacy: Candidacy, agreement: SupervisionAgreement, hours: str) -> SupervisionSession:
    agreement.refresh_from_db()  # `supervise` hands back the agreement as it was proposed
    return actions.log_session(
        agreement=agreement,
        by=candidacy.person,
        held_on=timezone.localdate() - datetime.timedelta(days=1),
        hours=Decimal(hours),
        topic="Relapse prevention plans",
    )


def test_only_hours_the_supervisor_confirmed_count(candidacy: Candidacy, sam: User) -> None:
    agreement = supervise(candidacy, sam, Decimal(0))
    first = log(candidacy, agreement, "6")
    second = log(candidacy, agreement, "4")
    assert supervision_progress(candidacy) == (
        False,
        "missing",
        "0.00 of 10.00 hours confirmed by your supervisor",
    )
    actions.answer_session(session=first, by=sam, confirm=True)
    assert supervision_progress(candidacy) == (
        False,
        "in_progress",
        "6.00 of 10.00 hours confirmed by your supervisor",
    )
    actions.answer_session(session=second, by=sam, confirm=True)
    assert supervision_progress(candidacy)[0:2] == (True, "met")


def test_a_disputed_session_counts_only_once_staff_resolve_it_as_counting(
    candidacy: Candidacy, sam: User, ivy: User
) -> None:
    agreement = supervise(candidacy, sam, Decimal("6"))
    kept = log(candidacy, agreement, "4")
    dropped = log(candidacy, agreement, "4")
    actions.answer_session(session=kept, by=sam, confirm=False, reason="Only 2 hours were held")
    actions.answer_session(session=dropped, by=sam, confirm=False, reason="Not held")
    assert supervision_progress(candidacy)[2].startswith("6.00 of 10.00")

    actions.resolve_dispute(session=dropped, by=ivy, count=False, note="Agreed with Sam")
    assert supervision_progress(candidacy)[2].startswith("6.00 of 10.00")
    actions.resolve_dispute(session=kept, by=ivy, count=True, note="Calendar shows 4 hours")
    assert supervision_progress(candidacy) == (
        True,
        "met",
        "10.00 of 10.00 hours confirmed by your supervisor",
    )
    with pytest.raises(Refused, match="Only an open dispute can be resolved"):
        actions.resolve_dispute(session=dropped, by=ivy, count=True)


def test_only_the_supervisor_confirms_and_a_dispute_needs_a_reason(
    candidacy: Candidacy, sam: User, noor: User
) -> None:
    agreement = supervise(candidacy, sam, Decimal(0))
    session = log(candidacy, agreement, "2")
    with pytest.raises(Refused, match="Only the supervisor confirms a session"):
        actions.answer_session(session=session, by=noor, confirm=True)
    with pytest.raises(Refused, match="say what is wrong"):
        actions.answer_session(session=session, by=sam, confirm=False)
    assert SupervisionSession.objects.get(pk=session.pk).status == "logged"


def test_evidence_returned_is_returned_with_the_note(
    candidacy: Candidacy, credential: Credential, ivy: User
) -> None:
    eligibility = requirement(credential, Kind.ELIGIBILITY)
    evidence = actions.send_evidence(candidacy=candidacy, requirement=eligibility, note="LPC")
    with pytest.raises(Refused, match="say what needs to change"):
        actions.decide_evidence(evidence=evidence, by=ivy, approve=False, note="  ")
    actions.decide_evidence(evidence=evidence, by=ivy, approve=False, note="Licence expired")
    item = actions.progress_on(candidacy, eligibility)
    assert (item.met, item.state, item.detail) == (False, "returned", "Licence expired")
    assert candidacy.evidence.get().decision == Decision.RETURNED


def test_the_fee_is_recorded_only_on_an_application_still_in_play(credential, noor, ivy):
    candidacy = in_state(noor, credential, "candidate")
    application = actions.send_evidence(
        candidacy=candidacy, requirement=requirement(credential, Kind.APPLICATION),
        note="I apply for the credential.",
    )  # fmt: skip
    actions.decide_evidence(evidence=application, by=ivy, approve=False, note="Sign page 2.")
    application.refresh_from_db()
    with pytest.raises(Refused, match="This application was returned"):
        actions.record_fee_paid(evidence=application, by=ivy)
    again = actions.send_evidence(
        candidacy=candidacy, requirement=requirement(credential, Kind.APPLICATION),
        note="Signed now.",
    )  # fmt: skip
    actions.move(candidacy=candidacy, to_state="withdrawn", by=noor)
    again.refresh_from_db()
    with pytest.raises(Refused, match="This candidacy is withdrawn"):
        actions.record_fee_paid(evidence=again, by=ivy)
    assert not Evidence.objects.filter(fee_paid=True).exists()
