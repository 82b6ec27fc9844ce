"""Flags, subscales, pathways and reporting decisions would reveal the answers, so they are
stored encrypted; only symptom-scale bands stay in a plain column."""

from collections.abc import Callable

import pytest
from django.db import connection

from conftest import make_user
from threecircles.accounts.models import Practice, PracticeMembership, Role, User
from threecircles.screening import actions
from threecircles.screening.instruments import Item, get_pack
from threecircles.screening.models import Administration, Intake, ReportingReview


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}"')
        return repr(cursor.fetchall())


def _answer_all(administration: Administration, value_for: Callable[[Item], int]) -> None:
    pack = get_pack(administration.instrument)
    answers: list[int | None] = [value_for(item) for item in pack.items]
    actions.complete_administration(
        administration=administration, answers=answers, actor=administration.client
    )


def test_what_an_intake_reveals_is_not_readable_in_the_database(alice, bob):
    intake = actions.start_intake(client=alice, started_by=bob, instruments=["phq9"])
    for administration in actions.intake_steps(intake):
        _answer_all(administration, lambda item: max(item.scores))

    intake.refresh_from_db()
    assert intake.get_recommended_pathway_display() == "Both pathways"
    review = ReportingReview.objects.get(intake=intake)
    assert "sexual_images_of_minors" in review.categories
    actions.decide_reporting_review(
        review=review, clinician=bob, decision="consulted", jurisdiction="Oregon", notes=""
    )

    raw = _raw_rows("screening_administration") + _raw_rows("screening_intake")
    raw += _raw_rows("screening_reportingreview")
    # The rows were read: the plain instrument column is there, so the search is not blind.
    assert "offending_screen" in raw and "behavior_inventory" in raw
    for secret in [
        "Sexual images of minors reported",
        "offending_indicator",
        "pornography",
        "safety",
        "both",
        "sexual_images_of_minors",
        "consulted",
        "Oregon",
    ]:
        assert secret not in raw


def test_only_symptom_scale_bands_stay_plain_and_no_total_does(alice, bob):
    phq9 = actions.send_instrument(client=alice, instrument="phq9", sent_by=bob)
    screen = actions.send_instrument(client=alice, instrument="offending_screen", sent_by=bob)
    consent = Administration.objects.for_client(alice.pk).get(instrument="intake_consent")
    _answer_all(consent, lambda item: 1)
    _answer_all(phq9, lambda item: 1)
    _answer_all(screen, lambda item: 1)

    phq9 = Administration.objects.get(pk=phq9.pk)
    screen = Administration.objects.get(pk=screen.pk)
    assert phq9.band == "Mild depression"
    assert screen.band == ""
    # Totals live only in the sealed result: no plain column holds a score.
    assert "total" not in {field.name for field in Administration._meta.concrete_fields}
    assert phq9.result_total == 9
    assert screen.result_total == len(get_pack("offending_screen").items)


@pytest.fixture
def second_supervisor(practice: Practice) -> User:
    """Another supervisor at Alice's practice, to sign what Sam decided."""
    user = make_user("Tess", Role.SUPERVISOR)
    PracticeMembership.objects.create(practice=practice, user=user, role=Role.SUPERVISOR)
    return user


def test_a_signed_reporting_decision_cannot_change_and_needs_another_supervisor(
    alice, bob, sam, second_supervisor
):
    intake = actions.start_intake(client=alice, started_by=bob, instruments=[])
    for administration in actions.intake_steps(intake):
        _answer_all(administration, lambda item: max(item.scores))
    review = ReportingReview.objects.get(intake__client=alice)
    actions.decide_reporting_review(
        review=review, clinician=sam, decision="reported", jurisdiction="", notes="Called CPS"
    )

    # Sam recorded the decision, so Sam cannot also sign it.
    with pytest.raises(actions.ScreeningError, match="different supervisor"):
        actions.sign_reporting_review(review=review, supervisor=sam)
    review = ReportingReview.objects.get(pk=review.pk)
    assert (review.supervisor_signed_by, review.supervisor_signed_at) == (None, None)
    assert Intake.objects.get(pk=intake.pk).status == Intake.Status.READY

    # Another supervisor of the practice can.
    actions.sign_reporting_review(review=review, supervisor=second_supervisor)
    review = ReportingReview.objects.get(pk=review.pk)
    assert review.supervisor_signed_by == second_supervisor
    assert review.supervisor_signed_at is not None
    signed_at = review.supervisor_signed_at

    # Once signed, the decision is fixed: neither its author nor anyone else can change it.
    for person in (sam, bob, second_supervisor):
        with pytest.raises(actions.ScreeningError, match="can no longer change"):
            actions.decide_reporting_review(
                review=review,
                clinician=person,
                decision="not_required",
                jurisdiction="Oregon",
                notes="Changed my mind",
            )
    review = ReportingReview.objects.get(pk=review.pk)
    assert (review.decision, review.jurisdiction, review.notes, review.decided_by) == (
        "reported",
        "",
        "Called CPS",
        sam,
    )
    assert (review.supervisor_signed_by, review.supervisor_signed_at) == (
        second_supervisor,
        signed_at,
    )
    assert Intake.objects.get(pk=intake.pk).status == Intake.Status.READY
