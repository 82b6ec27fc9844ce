"""Screening operations called directly: what each refuses, and what it leaves behind."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from threecircles.accounts.models import Practice
from threecircles.privacy.models import AccessEvent, Action
from threecircles.screening import actions
from threecircles.screening.instruments import ScoringError, get_pack
from threecircles.screening.models import (
    Administration,
    Intake,
    LicensedText,
    MeasureSchedule,
    Provider,
    Referral,
    ReportingReview,
    SafetyAlert,
)
from threecircles.screening.tests.test_views_screening import (
    complete,
    finish_intake,
    send,
    with_answers,
)


def test_sending_is_logged_on_the_clients_record(alice, bob):
    sent = send(alice, "phq9", bob)
    assert sent.answers == [None] * 9
    event = AccessEvent.objects.for_client(alice.pk).filter(object_id=str(sent.pk)).get()
    assert (event.actor_id, event.action, event.reason) == (bob.pk, Action.CREATE, "Care team")


def test_a_copyrighted_instrument_is_not_sent_or_scheduled_without_licensed_text(alice, bob):
    with pytest.raises(actions.NeedsLicensedText, match="HBI"):
        send(alice, "hbi19", bob)
    with pytest.raises(actions.NeedsLicensedText):
        actions.schedule_measure(
            client=alice,
            instrument="hbi19",
            every_weeks=4,
            created_by=bob,
            first_due_on=timezone.localdate(),
        )
    assert not Administration.objects.exists()
    assert not MeasureSchedule.objects.exists()


def test_a_gap_is_never_scored_and_nothing_is_written(alice, bob):
    phq9 = send(alice, "phq9", bob)
    with pytest.raises(ScoringError, match="item 9"):
        actions.complete_administration(
            administration=phq9, answers=[0, 0, 0, 0, 0, 0, 0, 0, None], actor=alice
        )
    phq9.refresh_from_db()
    assert (phq9.status, phq9.answers, phq9.completed_at) == (
        Administration.Status.SENT,
        [None] * 9,
        None,
    )
    assert not SafetyAlert.objects.exists()


def test_a_finished_questionnaire_cannot_be_changed(alice, bob):
    phq9 = send(alice, "phq9", bob)
    complete(phq9, [1] * 8 + [0], alice)
    with pytest.raises(actions.ScreeningError, match="already finished"):
        actions.save_progress(administration=phq9, answers=[0] * 9, actor=alice)
    with pytest.raises(actions.ScreeningError, match="already finished"):
        actions.complete_administration(administration=phq9, answers=[0] * 9, actor=alice)
    phq9.refresh_from_db()
    assert phq9.answers == [1] * 8 + [0]


def test_only_item_9_above_0_raises_a_safety_alert(alice, bob):
    complete(send(alice, "phq9", bob), [3] * 8 + [0], alice)
    assert not SafetyAlert.objects.exists()
    complete(send(alice, "phq9", bob), [0] * 8 + [1], alice)
    assert SafetyAlert.objects.open().filter(client=alice).count() == 1


def test_the_alert_e_mail_goes_only_to_the_current_active_care_team(
    alice, bob, sam, mallory, run_tasks
):
    sam.is_active = False
    sam.save(update_fields=["is_active"])
    complete(send(alice, "phq9", bob), [0] * 8 + [3], alice)
    run_tasks()
    assert [message.to for message in mail.outbox] == [[bob.email]]


def test_an_alert_is_closed_once_and_only_with_what_was_done(alice, bob, sam):
    complete(send(alice, "phq9", bob), [0] * 8 + [1], alice)
    alert = SafetyAlert.objects.get()
    with pytest.raises(actions.ScreeningError, match="Record what you did"):
        actions.resolve_alert(alert=alert, clinician=bob, action_taken="  \n ")
    actions.resolve_alert(alert=alert, clinician=bob, action_taken=" Called her back. ")
    with pytest.raises(actions.ScreeningError, match="already resolved"):
        actions.resolve_alert(alert=alert, clinician=sam, action_taken="Something else.")
    alert.refresh_from_db()
    assert (alert.action_taken, alert.resolved_by) == ("Called her back.", bob)


def test_a_schedule_long_overdue_sends_one_questionnaire_and_moves_past_today(alice, bob):
    today = timezone.localdate()
    schedule = MeasureSchedule.objects.create(
        client=alice,
        instrument="gad7",
        every_weeks=2,
        next_due_on=today - timedelta(weeks=5),
        created_by=bob,
    )
    assert actions.send_due_measures(today=today) == 1
    assert actions.send_due_measures(today=today) == 0
    schedule.refresh_from_db()
    assert schedule.next_due_on == today + timedelta(weeks=1)
    sent = Administration.objects.get()
    assert (sent.schedule, sent.due_on) == (schedule, today + timedelta(days=7))


def test_a_stopped_schedule_sends_nothing(alice, bob):
    MeasureSchedule.objects.create(
        client=alice,
        instrument="gad7",
        every_weeks=1,
        next_due_on=timezone.localdate(),
        created_by=bob,
        active=False,
    )
    assert actions.send_due_measures() == 0
    assert not Administration.objects.exists()


def test_an_intake_is_ready_only_when_every_step_is_answered(alice, bob):
    intake = actions.start_intake(client=alice, started_by=bob, instruments=["gad7", "phq9"])
    steps = actions.intake_steps(intake)
    assert [s.instrument for s in steps[:3]] == actions.INTAKE_REQUIRED
    for step in steps[:-1]:
        complete(
            step, with_answers(step.instrument, default=1 if step is steps[0] else None), alice
        )
        intake.refresh_from_db()
        assert intake.status == Intake.Status.IN_PROGRESS
    complete(steps[-1], with_answers(steps[-1].instrument), alice)
    intake.refresh_from_db()
    assert (intake.status, intake.recommended_pathway) == (Intake.Status.READY, "neither")
    assert not ReportingReview.objects.exists()


def test_an_offending_indicator_opens_one_reporting_review(alice, bob):
    intake = actions.start_intake(client=alice, started_by=bob, instruments=[])
    finish_intake(intake, offending={"image_sharing": 1, "legal_past": 1})
    actions.refresh_intake(intake=intake)
    review = ReportingReview.objects.get()
    assert (review.intake, review.client) == (intake, alice)
    assert review.categories == ["image_sharing", "legal_status"]
    assert review.is_open


def test_triage_needs_a_known_pathway(alice, bob):
    intake = finish_intake(actions.start_intake(client=alice, started_by=bob, instruments=[]))
    with pytest.raises(actions.ScreeningError, match="Choose a pathway"):
        actions.review_triage(intake=intake, clinician=bob, confirmed_pathway="elsewhere")
    intake.refresh_from_db()
    assert intake.status == Intake.Status.READY


def test_only_a_supervisor_signs_and_only_a_recorded_decision(alice, bob, sam):
    intake = actions.start_intake(client=alice, started_by=bob, instruments=[])
    finish_intake(intake, offending={"frotteurism": 1})
    review = ReportingReview.objects.get()
    with pytest.raises(actions.ScreeningError, match="not recorded a decision"):
        actions.sign_reporting_review(review=review, supervisor=sam)
    with pytest.raises(actions.ScreeningError, match="Choose a decision"):
        actions.decide_reporting_review(
            review=review, clinician=bob, decision="ignored", jurisdiction="", notes=""
        )
    actions.decide_reporting_review(
        review=review, clinician=bob, decision="reported", jurisdiction="", notes=" Filed. "
    )
    with pytest.raises(actions.ScreeningError, match="Only a supervisor"):
        actions.sign_reporting_review(review=review, supervisor=bob)
    actions.sign_reporting_review(review=review, supervisor=sam)
    review.refresh_from_db()
    assert (review.decision, review.notes, review.supervisor_signed_by) == (
        "reported",
        "Filed.",
        sam,
    )


def test_a_referral_needs_a_known_status(alice, bob, practice):
    provider = Provider.objects.create(
        name="Quay Psychiatry", kind="psychiatrist", practice=practice
    )
    referral = actions.create_referral(
        client=alice,
        provider=provider,
        created_by=bob,
        reason=" Medication review. ",
        follow_up_on=None,
    )
    assert referral.reason == "Medication review."
    with pytest.raises(actions.ScreeningError, match="Choose a status"):
        actions.update_referral(referral=referral, clinician=bob, status="lost", follow_up_on=None)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFTED


def test_a_practices_own_licensed_text_is_chosen_over_the_installations(practice):
    pack = get_pack("pathos")
    for owner in (None, practice):
        LicensedText.objects.create(
            instrument="pathos",
            version=pack.version,
            practice=owner,
            items={item.id: f"{owner or 'Institute'} wording" for item in pack.items},
            license_holder=str(owner or "Institute"),
        )
    chosen = actions.licensed_text_for("pathos", practice)
    assert chosen is not None and chosen.practice == practice
    published = actions.licensed_text_for("pathos", None)
    assert published is not None and published.practice is None


# --- the import_licensed_text command ------------------------------------------------------


def texts_file(tmp_path: Path, code: str, drop: int = 0) -> Path:
    items = get_pack(code).items
    path = tmp_path / f"{code}.json"
    texts = {item.id: f"Licensed wording of {item.id}" for item in items[: len(items) - drop]}
    path.write_text(json.dumps(texts), encoding="utf-8")
    return path


def test_the_command_imports_licensed_text_for_a_practice(alice, bob, practice, tmp_path):
    out = io.StringIO()
    call_command(
        "import_licensed_text",
        "ppcs6",
        str(texts_file(tmp_path, "ppcs6")),
        "--license-holder",
        "Harbor Counseling",
        "--practice",
        str(practice.pk),
        stdout=out,
    )
    assert "ppcs6: licensed text imported for Harbor Counseling." in out.getvalue()
    licensed = LicensedText.objects.get()
    assert (licensed.practice, licensed.license_holder) == (practice, "Harbor Counseling")
    assert send(alice, "ppcs6", bob).instrument == "ppcs6"


def test_the_command_saves_nothing_unless_every_item_is_covered(practice, tmp_path):
    with pytest.raises(CommandError, match="licensed text is missing for ppcs6_6"):
        call_command(
            "import_licensed_text",
            "ppcs6",
            str(texts_file(tmp_path, "ppcs6", drop=1)),
            "--license-holder",
            "Harbor Counseling",
        )
    assert not LicensedText.objects.exists()


def test_the_command_refuses_packs_that_ship_their_text_and_unknown_places(
    practice: Practice, tmp_path
):
    with pytest.raises(CommandError, match="already ships with its item text"):
        call_command(
            "import_licensed_text",
            "phq9",
            str(texts_file(tmp_path, "phq9")),
            "--license-holder",
            "X",
        )
    with pytest.raises(CommandError, match="No practice with id"):
        call_command(
            "import_licensed_text",
            "bps",
            str(texts_file(tmp_path, "bps")),
            "--license-holder",
            "X",
            "--practice",
            str(practice.pk + 1000),
        )
    assert not LicensedText.objects.exists()
