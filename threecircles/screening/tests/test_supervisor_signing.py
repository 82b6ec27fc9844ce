"""A practice can ask a supervisor to sign every reporting decision."""

import pytest

from threecircles.screening import actions
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import ReportingReview


def _intake_with_an_offending_indicator(alice, bob):
    intake = actions.start_intake(client=alice, started_by=bob, instruments=[])
    for administration in actions.intake_steps(intake):
        pack = get_pack(administration.instrument)
        answers: list[int | None] = [max(item.scores) for item in pack.items]
        actions.complete_administration(administration=administration, answers=answers, actor=alice)
    return ReportingReview.objects.get(intake=intake)


def test_the_supervisor_is_asked_to_sign_when_the_practice_wants_it(
    alice, bob, sam, practice, signed_in
):
    practice.reporting_needs_supervisor = True
    practice.save()
    review = _intake_with_an_offending_indicator(alice, bob)
    page = signed_in(bob).post(
        f"/screening/reporting/{review.pk}/",
        {"decision": "reported", "jurisdiction": "", "notes": "Reported by phone"},
        follow=True,
    )
    assert "Your practice asks a supervisor to sign" in page.text

    caseload = signed_in(sam).get("/care/caseload/")
    assert "Sign the reporting decision for Alice" in caseload.text
    assert "Sign the reporting decision" not in signed_in(bob).get("/care/caseload/").text

    page = signed_in(sam).post(f"/screening/reporting/{review.pk}/", {"sign": "1"}, follow=True)
    assert "Signed as supervisor." in page.text
    assert "Sign the reporting decision" not in signed_in(sam).get("/care/caseload/").text


def test_without_the_practice_setting_nobody_is_asked_to_sign(alice, bob, sam, signed_in):
    review = _intake_with_an_offending_indicator(alice, bob)
    actions.decide_reporting_review(
        review=review, clinician=bob, decision="not_required", jurisdiction="", notes=""
    )
    assert "Sign the reporting decision" not in signed_in(sam).get("/care/caseload/").text


def test_a_signed_decision_is_not_signed_twice_and_a_changed_one_is_refused_aloud(
    alice, bob, sam, signed_in
):
    review = _intake_with_an_offending_indicator(alice, bob)
    actions.decide_reporting_review(
        review=review, clinician=bob, decision="reported", jurisdiction="", notes=""
    )
    actions.sign_reporting_review(review=review, supervisor=sam)
    with pytest.raises(actions.ScreeningError, match="already signed"):
        actions.sign_reporting_review(review=review, supervisor=sam)
    page = signed_in(bob).post(
        f"/screening/reporting/{review.pk}/",
        {"decision": "not_required", "jurisdiction": "", "notes": ""},
        follow=True,
    )
    assert "can no longer change" in page.text
    review.refresh_from_db()
    assert review.decision == "reported"


def test_a_supervisor_outside_the_care_team_cannot_sign(alice, bob, sam, other_practice):
    from conftest import make_user
    from threecircles.accounts.models import PracticeMembership, Role

    review = _intake_with_an_offending_indicator(alice, bob)
    actions.decide_reporting_review(
        review=review, clinician=bob, decision="reported", jurisdiction="", notes=""
    )
    outsider = make_user("Otto", Role.SUPERVISOR)
    PracticeMembership.objects.create(practice=other_practice, user=outsider, role=Role.SUPERVISOR)
    with pytest.raises(actions.ScreeningError, match="Only a supervisor"):
        actions.sign_reporting_review(review=review, supervisor=outsider)
