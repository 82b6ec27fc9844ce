"""Flags, subscales, pathways and reporting decisions would reveal the answers, so they are
stored encrypted; only symptom-scale totals and bands stay in plain columns."""

from collections.abc import Callable
from decimal import Decimal

from django.db import connection

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
        _answer_all(administration, lambda item: item.options[-1].score)

    intake.refresh_from_db()
    assert intake.get_recommended_pathway_display() == "Both pathways"
    review = ReportingReview.objects.get(intake=intake)
    assert "sexual_images_of_minors" in review.categories
    actions.decide_reporting_review(
        review=review, clinician=bob, decision="consulted", jurisdiction="Oregon", notes=""
    )

    raw = _raw_rows("screening_administration") + _raw_rows("screening_intake")
    raw += _raw_rows("screening_reportingreview")
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


def test_symptom_scale_totals_stay_plain_for_trends_but_own_screens_do_not(alice, bob):
    phq9 = actions.send_instrument(client=alice, instrument="phq9", sent_by=bob)
    screen = actions.send_instrument(client=alice, instrument="offending_screen", sent_by=bob)
    _answer_all(phq9, lambda item: 1)
    _answer_all(screen, lambda item: 1)

    phq9 = Administration.objects.get(pk=phq9.pk)
    screen = Administration.objects.get(pk=screen.pk)
    assert (phq9.total, phq9.band) == (Decimal(9), "Mild depression")
    assert (screen.total, screen.band) == (None, "")
    assert screen.result_total == len(get_pack("offending_screen").items)


def test_a_signed_reporting_decision_cannot_change_and_needs_another_supervisor(alice, bob, sam):
    intake = actions.start_intake(client=alice, started_by=bob, instruments=[])
    for administration in actions.intake_steps(intake):
        _answer_all(administration, lambda item: item.options[-1].score)
    review = ReportingReview.objects.get(intake__client=alice)
    actions.decide_reporting_review(
        review=review, clinician=sam, decision="reported", jurisdiction="", notes="Called CPS"
    )
    try:
        actions.sign_reporting_review(review=review, supervisor=sam)
    except actions.ScreeningError as exc:
        assert "different supervisor" in str(exc)
    else:
        raise AssertionError("a supervisor signed their own decision")
    assert Intake.objects.get(pk=intake.pk).status == Intake.Status.READY
