"""Screening through its pages: send, answer, alert, follow trends, review, refer.

Alice is Bob's client at Harbor Counseling, with Sam supervising; every page is driven the way
a person would drive it, and the records are read back to see what was kept.
"""

import html
import io
import json
import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.models import Practice, User
from threecircles.privacy.models import AccessEvent, Action
from threecircles.screening import actions
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import (
    Administration,
    Intake,
    LicensedText,
    MeasureSchedule,
    Provider,
    Referral,
    ReportingReview,
    ReportingRule,
    SafetyAlert,
)

SignedIn = Callable[[User], Client]
CASELOAD = "/care/caseload/"


# --- helpers, shared with test_triage ------------------------------------------------------


def text(page: Any) -> str:
    return html.unescape(page.content.decode())


def checked(page: Any, name: str) -> set[str]:
    """The values of the radio buttons called `name` that the page shows as chosen."""
    values = set()
    for tag in re.findall(r"<input\b[^>]*>", page.content.decode()):
        if f'name="{name}"' in tag and re.search(r"\bchecked\b", tag):
            found = re.search(r'value="([^"]*)"', tag)
            assert found, tag
            values.add(found.group(1))
    return values


def answer_form(code: str, answers: list[int | None], button: str = "submit") -> dict[str, str]:
    """What the answer page posts: one radio value per answered item, and the button."""
    items = get_pack(code).items
    assert len(answers) == len(items)
    given = {item.id: str(a) for item, a in zip(items, answers, strict=True) if a is not None}
    return given | {button: ""}


def with_answers(code: str, default: int | None = None, **given: int) -> list[int | None]:
    """Every item at its lowest option (or `default`), except those named."""
    items = get_pack(code).items
    unknown = set(given) - {item.id for item in items}
    assert not unknown, unknown
    return [given.get(item.id, min(item.scores) if default is None else default) for item in items]


def complete(administration: Administration, answers: Sequence[int | None], actor: User) -> None:
    actions.complete_administration(
        administration=administration, answers=list(answers), actor=actor
    )
    administration.refresh_from_db()


def send(client: User, code: str, sent_by: User) -> Administration:
    return actions.send_instrument(client=client, instrument=code, sent_by=sent_by)


def finish_intake(
    intake: Intake,
    *,
    inventory: dict[str, int] | None = None,
    offending: dict[str, int] | None = None,
) -> Intake:
    """The client answers every intake step: consent, inventory, safety and legal screen."""
    given = {
        "intake_consent": with_answers("intake_consent", default=1),
        "behavior_inventory": with_answers("behavior_inventory", **(inventory or {})),
        "offending_screen": with_answers("offending_screen", **(offending or {})),
    }
    for step in actions.intake_steps(intake):
        complete(step, given.get(step.instrument) or with_answers(step.instrument), intake.client)
    intake.refresh_from_db()
    return intake


def due_measures_sent() -> str:
    """Run the daily command; what it reports."""
    out = io.StringIO()
    call_command("send_due_measures", stdout=out)
    return out.getvalue().strip()


def screening_url(client: User) -> str:
    return reverse("screening:client_screening", kwargs={"client_id": client.pk})


def answer_url(administration: Administration) -> str:
    return reverse("screening:answer", kwargs={"administration_id": administration.pk})


def result_url(administration: Administration) -> str:
    return reverse("screening:result", kwargs={"administration_id": administration.pk})


def section(page: Any, heading_id: str) -> str:
    """The text of the <section> labelled by `heading_id`, or "" when the page has none."""
    found = re.search(
        rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', text(page), flags=re.S
    )
    return found.group(0) if found else ""


@pytest.fixture
def provider(practice: Practice) -> Provider:
    return Provider.objects.create(
        name="Lighthouse Specialist Assessment",
        kind=Provider.Kind.SEX_OFFENDER_TREATMENT,
        address="1 Quay Street\nPortside",
        practice=practice,
    )


# --- sending -------------------------------------------------------------------------------


def test_a_clinician_sends_a_questionnaire_once(alice, bob, signed_in):
    page = signed_in(bob).post(screening_url(alice), {"send": "", "instrument": "phq9"})
    assert (page.status_code, page["Location"]) == (302, screening_url(alice))
    sent = Administration.objects.for_client(alice.pk).get()
    assert (sent.instrument, sent.status, sent.sent_by, sent.schedule) == (
        "phq9",
        Administration.Status.SENT,
        bob,
        None,
    )
    assert not MeasureSchedule.objects.exists()
    mine = signed_in(alice).get(reverse("screening:my_questionnaires"))
    assert "Patient Health Questionnaire-9 (PHQ-9)" in text(mine)
    assert answer_url(sent) in text(mine)


def test_a_scheduled_questionnaire_is_sent_now_and_again_every_n_weeks(alice, bob, signed_in):
    # Forward from today: the care team's access starts today, so the past is closed to Bob.
    now = timezone.now()
    today = timezone.localdate()
    with time_machine.travel(now, tick=False) as traveller:
        page = signed_in(bob).post(
            screening_url(alice), {"send": "", "instrument": "gad7", "every_weeks": "2"}
        )
        assert page.status_code == 302
        schedule = MeasureSchedule.objects.get(client=alice)
        first = Administration.objects.for_client(alice.pk).get()
        assert (schedule.instrument, schedule.every_weeks) == ("gad7", 2)
        assert schedule.next_due_on == today + timedelta(weeks=2)
        assert first.schedule == schedule
        complete(first, with_answers("gad7"), alice)

        traveller.move_to(now + timedelta(weeks=1))
        assert due_measures_sent() == "0 scheduled questionnaire(s) sent."
        assert Administration.objects.for_client(alice.pk).count() == 1

        traveller.move_to(now + timedelta(weeks=2))
        assert due_measures_sent() == "1 scheduled questionnaire(s) sent."
        assert due_measures_sent() == "0 scheduled questionnaire(s) sent."

    second = Administration.objects.for_client(alice.pk).open().get()
    assert (second.instrument, second.schedule, second.due_on) == (
        "gad7",
        schedule,
        today + timedelta(weeks=2, days=7),
    )
    schedule.refresh_from_db()
    assert schedule.next_due_on == today + timedelta(weeks=4)


def test_a_scheduled_questionnaire_still_unanswered_is_not_sent_again(alice, bob, signed_in):
    now = timezone.now()
    with time_machine.travel(now, tick=False) as traveller:
        signed_in(bob).post(
            screening_url(alice), {"send": "", "instrument": "phq9", "every_weeks": "1"}
        )
        traveller.move_to(now + timedelta(weeks=1))
        assert due_measures_sent() == "0 scheduled questionnaire(s) sent."
    assert Administration.objects.for_client(alice.pk).open().count() == 1
    schedule = MeasureSchedule.objects.get()
    assert schedule.next_due_on == timezone.localdate(now) + timedelta(weeks=2)


# --- licensed text -------------------------------------------------------------------------


def pasted(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


PATHOS_WORDING = [f"Licensed PATHOS wording {n}" for n in range(1, 7)]


def test_a_copyrighted_instrument_needs_licensed_text_before_it_can_be_sent(
    alice, bob, sam, signed_in
):
    bobs = signed_in(bob)
    page = bobs.get(screening_url(alice))
    notice = re.search(r'<p class="notice">\s*Needs licensed text.*?</p>', text(page), re.S)
    assert notice and "PATHOS sexual addiction screen" in notice.group(0)
    assert 'value="pathos"' not in page.content.decode()

    refused = bobs.post(screening_url(alice), {"send": "", "instrument": "pathos"})
    assert refused.status_code == 200
    assert "Select a valid choice" in text(refused)
    in_session = bobs.post(
        reverse("screening:enter_in_session", kwargs={"client_id": alice.pk}),
        {"instrument": "pathos"},
        follow=True,
    )
    assert "needs licensed text before it can be sent" in text(in_session)
    assert not Administration.objects.for_client(alice.pk).exists()

    sams = signed_in(sam)
    licensed_text = reverse("screening:licensed_text")
    assert re.search(
        r"PATHOS sexual addiction screen</th>\s*<td[^>]*>\s*Needs licensed text",
        text(sams.get(licensed_text)),
    )
    short = sams.post(
        licensed_text,
        {
            "instrument": "pathos",
            "license_holder": "Harbor Counseling",
            "item_text": pasted(PATHOS_WORDING[:5]),
        },
    )
    assert short.status_code == 200
    assert "PATHOS sexual addiction screen has 6 items; you pasted 5 lines." in text(short)
    assert not LicensedText.objects.exists()

    imported = sams.post(
        licensed_text,
        {
            "instrument": "pathos",
            "license_holder": "Harbor Counseling",
            "item_text": pasted(PATHOS_WORDING),
        },
        follow=True,
    )
    assert "PATHOS sexual addiction screen can now be sent." in text(imported)
    assert "Ready (licensed to Harbor Counseling" in text(imported)
    licensed = LicensedText.objects.get()
    assert (licensed.instrument, licensed.practice, licensed.imported_by) == (
        "pathos",
        sam.practice_memberships.get().practice,
        sam,
    )

    assert 'value="pathos"' in bobs.get(screening_url(alice)).content.decode()
    assert bobs.post(screening_url(alice), {"send": "", "instrument": "pathos"}).status_code == 302
    sent = Administration.objects.for_client(alice.pk).get(instrument="pathos")
    form = signed_in(alice).get(answer_url(sent))
    assert "Licensed PATHOS wording 1" in text(form)
    assert "Licensed PATHOS wording 6" in text(form)


def test_the_practices_own_licensed_text_wins_over_the_institutes(
    alice, bob, sam, ivy, mallory, eve, signed_in
):
    institute = [f"Institute wording {n}" for n in range(1, 7)]
    for person, lines in ((ivy, institute), (sam, PATHOS_WORDING)):
        page = signed_in(person).post(
            reverse("screening:licensed_text"),
            {"instrument": "pathos", "license_holder": "Holder", "item_text": pasted(lines)},
        )
        assert page.status_code == 302
    assert LicensedText.objects.filter(practice__isnull=True).count() == 1

    at_harbor = signed_in(alice).get(answer_url(send(alice, "pathos", bob)))
    assert "Licensed PATHOS wording 1" in text(at_harbor)
    assert "Institute wording 1" not in text(at_harbor)
    elsewhere = signed_in(mallory).get(answer_url(send(mallory, "pathos", eve)))
    assert "Institute wording 1" in text(elsewhere)


# --- answering -----------------------------------------------------------------------------


def test_a_client_can_stop_and_come_back_to_her_answers(alice, bob, signed_in):
    phq9 = send(alice, "phq9", bob)
    browser = signed_in(alice)
    saved = browser.post(
        answer_url(phq9), answer_form("phq9", [2, 1, None, None, 3, None, None, None, None], "save")
    )
    assert (saved.status_code, saved["Location"]) == (302, answer_url(phq9))

    page = browser.get(answer_url(phq9))
    assert "Saved. You can come back and finish at any time." in text(page)
    assert (checked(page, "phq9_1"), checked(page, "phq9_2"), checked(page, "phq9_5")) == (
        {"2"},
        {"1"},
        {"3"},
    )
    assert checked(page, "phq9_3") == set()
    phq9.refresh_from_db()
    assert phq9.status == Administration.Status.STARTED
    assert phq9.answers == [2, 1, None, None, 3, None, None, None, None]


def test_a_missing_answer_is_asked_for_and_the_chosen_answers_are_kept(alice, bob, signed_in):
    phq9 = send(alice, "phq9", bob)
    browser = signed_in(alice)
    answers: list[int | None] = [1, 1, 2, 0, None, 1, 0, 0, 0]
    page = browser.post(answer_url(phq9), answer_form("phq9", answers))

    assert page.status_code == 200
    assert text(page).count("Please choose an answer.") == 1
    assert re.search(r'id="id_phq9_5-error">Please choose an answer\.', text(page))
    assert checked(page, "phq9_3") == {"2"}
    assert checked(page, "phq9_6") == {"1"}
    phq9.refresh_from_db()
    assert (phq9.status, phq9.answers) == (Administration.Status.STARTED, answers)
    assert checked(browser.get(answer_url(phq9)), "phq9_3") == {"2"}


def test_the_client_reads_her_phq9_result_in_plain_words(alice, bob, signed_in):
    phq9 = send(alice, "phq9", bob)
    browser = signed_in(alice)
    done = browser.post(answer_url(phq9), answer_form("phq9", [1, 1, 1, 1, 1, 1, 1, 0, 0]))
    assert (done.status_code, done["Location"]) == (302, result_url(phq9))

    page = text(browser.get(result_url(phq9)))
    assert "Your score was <strong>7</strong>, in the range called “mild depression”" in page
    assert "A questionnaire is not a diagnosis" in page
    assert "You do not have to face this alone" not in page


def test_the_client_sees_no_score_for_the_safety_and_legal_screen(alice, bob, signed_in):
    screen = send(alice, "offending_screen", bob)
    [consent] = Administration.objects.for_client(alice.pk).filter(instrument="intake_consent")
    complete(consent, [1] * len(get_pack("intake_consent").items), alice)
    answers = with_answers("offending_screen", exhibitionism=1)
    browser = signed_in(alice)
    assert (
        browser.post(answer_url(screen), answer_form("offending_screen", answers)).status_code
        == 302
    )

    page = text(browser.get(result_url(screen)))
    assert "Your clinician will go through the results with you." in page
    assert "Your score" not in page
    assert "Exposure without agreement reported" not in page
    clinicians_view = text(signed_in(bob).get(result_url(screen)))
    assert "Exposure without agreement reported" in clinicians_view


def test_a_clinician_enters_answers_in_session(alice, bob, signed_in):
    browser = signed_in(bob)
    started = browser.post(
        reverse("screening:enter_in_session", kwargs={"client_id": alice.pk}),
        {"instrument": "gad7"},
    )
    entry = Administration.objects.for_client(alice.pk).get()
    assert (started.status_code, started["Location"]) == (302, answer_url(entry))
    assert "You are entering Alice's answers in session." in text(browser.get(answer_url(entry)))

    done = browser.post(answer_url(entry), answer_form("gad7", [2, 2, 1, 1, 0, 0, 0]))
    assert (done.status_code, done["Location"]) == (302, result_url(entry))
    assert "(entered in session)" in text(browser.get(result_url(entry)))
    entry.refresh_from_db()
    assert (entry.status, entry.entered_in_session, entry.sent_by, entry.result_total) == (
        Administration.Status.COMPLETED,
        True,
        bob,
        6,
    )


def test_the_icd11_checklist_is_for_the_clinician_only(alice, bob, signed_in):
    signed_in(bob).post(
        reverse("screening:enter_in_session", kwargs={"client_id": alice.pk}),
        {"instrument": "icd11_6c72"},
    )
    checklist = Administration.objects.for_client(alice.pk).get()
    assert signed_in(bob).get(answer_url(checklist)).status_code == 200
    browser = signed_in(alice)
    assert browser.get(answer_url(checklist)).status_code == 404
    assert "ICD-11" not in text(browser.get(reverse("screening:my_questionnaires")))


# --- safety --------------------------------------------------------------------------------


def test_phq9_item_9_shows_crisis_help_and_alerts_the_care_team_at_once(
    alice, bob, sam, signed_in, run_tasks
):
    phq9 = send(alice, "phq9", bob)
    browser = signed_in(alice)
    browser.post(answer_url(phq9), answer_form("phq9", [0, 1, 0, 0, 0, 0, 0, 0, 1]))

    result = text(browser.get(result_url(phq9)))
    assert "You do not have to face this alone" in result
    assert f'class="button button-crisis" href="{reverse("content:crisis")}"' in result

    caseload = text(signed_in(bob).get(CASELOAD))
    urgent = caseload.index("Urgent: needs you today")
    assert urgent < caseload.index("<table")
    assert "<strong>Alice</strong>: safety flag raised" in caseload[urgent:]
    alert = SafetyAlert.objects.open().get(client=alice)
    assert reverse("screening:resolve_alert", kwargs={"alert_id": alert.pk}) in caseload

    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {bob.email, sam.email}
    said = f"{message.subject}\n{message.body}".lower()
    for word in [
        "alice",
        alice.email,
        "phq",
        "patient health",
        "depress",
        "dead",
        "hurting",
        "self-harm",
        "item 9",
        "several days",
        "questionnaire",
    ]:
        assert word not in said, word
    assert "/home/" in message.body  # which leads the clinician to the caseload


def test_an_alert_stays_until_a_clinician_records_what_they_did(alice, bob, signed_in):
    phq9 = send(alice, "phq9", bob)
    complete(phq9, [0, 0, 0, 0, 0, 0, 0, 0, 2], alice)
    alert = SafetyAlert.objects.get(client=alice)
    browser = signed_in(bob)
    resolve = reverse("screening:resolve_alert", kwargs={"alert_id": alert.pk})

    for empty in ("", "   \n"):
        page = browser.post(resolve, {"action_taken": empty})
        assert page.status_code == 200
        assert "This field is required." in text(page)
    alert.refresh_from_db()
    assert alert.resolved_at is None
    assert "Urgent: needs you today" in text(browser.get(CASELOAD))
    assert "Urgent safety alert" in text(browser.get(screening_url(alice)))

    closed = browser.post(resolve, {"action_taken": "Phoned Alice; we went over her safety plan."})
    assert (closed.status_code, closed["Location"]) == (302, CASELOAD)
    alert.refresh_from_db()
    assert (alert.resolved_by, alert.action_taken) == (
        bob,
        "Phoned Alice; we went over her safety plan.",
    )
    assert "Urgent: needs you today" not in text(browser.get(CASELOAD))
    assert "Urgent safety alert" not in text(browser.get(screening_url(alice)))
    assert "by Bob: Phoned Alice; we went over her safety plan." in text(browser.get(resolve))
    assert (
        AccessEvent.objects.for_client(alice.pk)
        .filter(actor_id=bob.pk, action=Action.UPDATE, what="safety alert", object_id=str(alert.pk))
        .exists()
    )


# --- results over time ---------------------------------------------------------------------


def test_two_results_show_a_trend_chart_a_table_and_reliable_change(alice, bob, signed_in):
    now = timezone.now()
    first, second = now.date(), (now + timedelta(weeks=2)).date()
    with time_machine.travel(now, tick=False) as traveller:
        complete(send(alice, "phq9", bob), [3, 3, 3, 2, 2, 2, 2, 2, 0], alice)
        traveller.move_to(now + timedelta(weeks=2))
        complete(send(alice, "phq9", bob), [1, 1, 1, 1, 1, 0, 0, 0, 0], alice)
        page = text(signed_in(bob).get(screening_url(alice)))

    chart = re.search(r'<svg\b[^>]*class="chart".*?</svg>', page, flags=re.S)
    assert chart, "no chart"
    assert 'aria-label="Patient Health Questionnaire-9 (PHQ-9) totals over time"' in chart.group(0)
    assert chart.group(0).count('<circle class="dot"') == 2
    table = re.search(
        r"<caption>Patient Health Questionnaire-9 \(PHQ-9\): every completed administration"
        r"</caption>.*?</table>",
        page,
        flags=re.S,
    )
    assert table, "no table alternative"
    rows = re.findall(r"<tr>\s*<td>(.*?)</tr>", table.group(0), flags=re.S)
    assert len(rows) == 2
    assert f"{first.day} {first:%b %Y}" in rows[0]
    assert "<td>19</td>" in rows[0] and "Moderately severe depression" in rows[0]
    assert f"{second.day} {second:%b %Y}" in rows[1]
    assert "<td>5</td>" in rows[1] and "Mild depression" in rows[1]
    assert re.search(r"First to latest: 19 → 5, reliable improvement\s*\(RCI -7\.07\)", page), (
        "reliable change not shown"
    )


def test_answers_are_stored_encrypted(alice, bob, signed_in):
    phq9 = send(alice, "phq9", bob)
    partial: list[int | None] = [3, 2, 1, None, None, None, None, None, None]
    signed_in(alice).post(answer_url(phq9), answer_form("phq9", partial, "save"))
    assert "3, 2, 1" not in sealed_answers_as_stored()

    answers: list[int | None] = [3, 2, 1, 0, 3, 2, 1, 0, 0]
    complete(phq9, answers, alice)
    raw = sealed_answers_as_stored()
    assert json.dumps(answers) not in raw
    assert "3, 2, 1" not in raw and "3,2,1" not in raw
    assert Administration.objects.get(pk=phq9.pk).answers == answers


def sealed_answers_as_stored() -> str:
    """The one administration's answers column, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers_sealed FROM screening_administration")
        rows = cursor.fetchall()
    assert len(rows) == 1
    (raw,) = rows[0]
    return raw if isinstance(raw, str) else bytes(raw).decode("latin-1")


# --- reporting review ----------------------------------------------------------------------


@pytest.fixture
def review(alice: User, bob: User) -> ReportingReview:
    """Alice's finished intake reported sexual contact without clear consent."""
    intake = actions.start_intake(client=alice, started_by=bob, instruments=[])
    finish_intake(intake, offending={"consent": 1})
    for jurisdiction in ("California, USA", "Oregon, USA"):
        ReportingRule.objects.create(
            jurisdiction=jurisdiction,
            category="consent",
            what_must_be_reported=f"Sexual assault disclosed, as {jurisdiction} law defines it",
            report_to="Law enforcement",
            deadline="Within 36 hours",
            legal_citation=f"{jurisdiction} code",
        )
    return ReportingReview.objects.get(intake=intake)


def reporting_url(review: ReportingReview) -> str:
    return reverse("screening:reporting_review", kwargs={"review_id": review.pk})


def test_a_reporting_review_records_the_decision_and_a_supervisors_signature(
    alice, bob, sam, review, signed_in
):
    assert review.categories == ["consent"]
    bobs = signed_in(bob)
    assert "Reporting review for Alice" in section(bobs.get(CASELOAD), "todo-title")
    page = text(bobs.get(reporting_url(review)))
    assert "California, USA law" in page and "Oregon, USA law" in page
    filtered = text(bobs.get(reporting_url(review), {"jurisdiction": "Oregon, USA"}))
    assert "Oregon, USA law" in filtered and "California, USA law" not in filtered

    decided = bobs.post(
        reporting_url(review),
        {
            "jurisdiction": "Oregon, USA",
            "decision": "consulted",
            "notes": "Talked it through with Sam and the practice's counsel.",
        },
        follow=True,
    )
    assert "Decision recorded. The software has not reported anything." in text(decided)
    assert "by Bob: Consulted (supervisor, legal or ethics)" in text(decided)
    assert "Sign as supervisor" not in text(decided)
    review.refresh_from_db()
    assert (review.decision, review.jurisdiction, review.decided_by) == (
        "consulted",
        "Oregon, USA",
        bob,
    )
    assert review.notes == "Talked it through with Sam and the practice's counsel."
    assert "Reporting review for Alice" not in section(bobs.get(CASELOAD), "todo-title")

    not_a_supervisor = bobs.post(reporting_url(review), {"sign": ""}, follow=True)
    assert "Only a supervisor can sign a reporting review." in text(not_a_supervisor)
    review.refresh_from_db()
    assert review.supervisor_signed_at is None

    sams = signed_in(sam)
    assert "Sign as supervisor" in text(sams.get(reporting_url(review)))
    signed = sams.post(reporting_url(review), {"sign": ""}, follow=True)
    assert "Signed by supervisor Sam" in text(signed)
    review.refresh_from_db()
    assert review.supervisor_signed_by == sam
    events = AccessEvent.objects.for_client(alice.pk).filter(
        what="reporting review", action=Action.UPDATE, object_id=str(review.pk)
    )
    assert set(events.values_list("actor_id", flat=True)) == {bob.pk, sam.pk}


def test_a_supervisor_cannot_sign_before_a_decision_is_recorded(sam, review, signed_in):
    page = signed_in(sam).post(reporting_url(review), {"sign": ""}, follow=True)
    assert "The clinician has not recorded a decision yet." in text(page)
    review.refresh_from_db()
    assert review.supervisor_signed_at is None


def test_changing_a_signed_decision_does_not_keep_the_old_signature(bob, sam, review, signed_in):
    bobs = signed_in(bob)
    decided = bobs.post(
        reporting_url(review), {"decision": "consulted", "notes": "Asked Sam."}, follow=True
    )
    assert "Decision recorded." in text(decided)
    signed = signed_in(sam).post(reporting_url(review), {"sign": ""}, follow=True)
    assert "Signed as supervisor." in text(signed)
    review.refresh_from_db()
    # Both steps really happened, or what follows would prove nothing.
    assert (review.decision, review.notes, review.decided_by) == ("consulted", "Asked Sam.", bob)
    assert review.supervisor_signed_by == sam
    signed_at = review.supervisor_signed_at
    assert signed_at is not None

    changed = bobs.post(
        reporting_url(review),
        {"decision": "not_required", "notes": "Changed my mind."},
        follow=True,
    )

    assert changed.status_code == 200
    assert "Decision recorded." not in text(changed)
    assert "Signed by supervisor Sam" in text(changed)
    assert 'name="decision"' not in text(changed)  # a signed decision offers no form to change
    review.refresh_from_db()
    # Either the change is refused, or the signature no longer claims to cover it.
    assert review.decision == "consulted" or review.supervisor_signed_at is None
    # It is refused: the signed decision and its signature both stand.
    assert (review.decision, review.notes) == ("consulted", "Asked Sam.")
    assert (review.supervisor_signed_by, review.supervisor_signed_at) == (sam, signed_at)


# --- referrals -----------------------------------------------------------------------------


def test_a_referral_is_drafted_updated_and_followed_up_from_the_caseload(
    alice, bob, provider, signed_in
):
    browser = signed_in(bob)
    today = timezone.localdate()
    new = reverse("screening:new_referral", kwargs={"client_id": alice.pk})
    assert "Lighthouse Specialist Assessment" in text(browser.get(new))
    drafted = browser.post(
        new,
        {
            "provider": provider.pk,
            "reason": "Offending indicator at intake; specialist assessment needed.",
            "follow_up_on": (today + timedelta(days=3)).isoformat(),
        },
    )
    referral = Referral.objects.get(client=alice)
    url = reverse("screening:referral", kwargs={"referral_id": referral.pk})
    assert (drafted.status_code, drafted["Location"]) == (302, url)
    page = text(browser.get(url))
    assert "Offending indicator at intake; specialist assessment needed." in page
    assert "Drafted" in page
    assert (referral.status, referral.created_by) == (Referral.Status.DRAFTED, bob)

    follow_up = "Follow up the referral of Alice to Lighthouse Specialist Assessment"
    assert follow_up in section(browser.get(CASELOAD), "todo-title")

    later = (today + timedelta(days=30)).isoformat()
    assert browser.post(url, {"status": "sent", "follow_up_on": later}).status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.follow_up_on) == ("sent", today + timedelta(days=30))
    assert follow_up not in text(browser.get(CASELOAD))

    in_a_week = (today + timedelta(days=7)).isoformat()
    browser.post(url, {"status": "accepted", "follow_up_on": in_a_week})
    assert follow_up in section(browser.get(CASELOAD), "todo-title")

    browser.post(url, {"status": "completed", "follow_up_on": in_a_week})
    assert follow_up not in text(browser.get(CASELOAD))
    assert (
        AccessEvent.objects.for_client(alice.pk)
        .filter(what="referral", action=Action.UPDATE, object_id=str(referral.pk))
        .count()
        == 3
    )


def test_a_provider_of_another_practice_cannot_be_chosen(alice, bob, other_practice, signed_in):
    theirs = Provider.objects.create(
        name="Elsewhere Program", kind=Provider.Kind.OTHER, practice=other_practice
    )
    new = reverse("screening:new_referral", kwargs={"client_id": alice.pk})
    page = signed_in(bob).post(new, {"provider": theirs.pk, "reason": "Assessment."})
    assert page.status_code == 200
    assert "Select a valid choice" in text(page)
    assert not Referral.objects.exists()


def test_the_referral_letter_is_a_pdf_with_a_neutral_file_name(alice, bob, provider, signed_in):
    referral = actions.create_referral(
        client=alice, provider=provider, created_by=bob, reason="Assessment.", follow_up_on=None
    )
    letter = signed_in(bob).get(
        reverse("screening:referral_letter", kwargs={"referral_id": referral.pk})
    )
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")
    assert letter["Content-Disposition"] == 'attachment; filename="referral-letter.pdf"'
    assert "no-store" in letter["Cache-Control"]
    assert (
        AccessEvent.objects.for_client(alice.pk)
        .filter(actor_id=bob.pk, action=Action.EXPORT, what="referral letter")
        .exists()
    )


# --- intake --------------------------------------------------------------------------------


def test_every_intake_step_waits_for_consent(alice, bob, signed_in):
    sent = signed_in(bob).post(
        reverse("screening:start_intake", kwargs={"client_id": alice.pk}),
        {"instruments": ["phq9"]},
    )
    assert (sent.status_code, sent["Location"]) == (302, screening_url(alice))
    intake = Intake.objects.get(client=alice)
    steps = actions.intake_steps(intake)
    assert [step.instrument for step in steps] == [
        "intake_consent",
        "behavior_inventory",
        "offending_screen",
        "phq9",
    ]
    consent, inventory = steps[0], steps[1]

    browser = signed_in(alice)
    mine = section(browser.get(reverse("screening:my_questionnaires")), "intake-title")
    assert answer_url(consent) in mine
    assert answer_url(inventory) not in mine
    assert mine.count("(after the consent questions)") == 3

    locked = browser.get(answer_url(inventory), follow=True)
    assert locked.redirect_chain == [(reverse("screening:my_questionnaires"), 302)]
    assert "Please read and answer the consent questions first." in text(locked)
    early = with_answers("behavior_inventory")
    browser.post(answer_url(inventory), answer_form("behavior_inventory", early))
    inventory.refresh_from_db()
    assert inventory.status == Administration.Status.SENT

    consent_answers = with_answers("intake_consent", default=1)
    browser.post(answer_url(consent), answer_form("intake_consent", consent_answers))
    assert browser.get(answer_url(inventory)).status_code == 200
    mine = section(browser.get(reverse("screening:my_questionnaires")), "intake-title")
    assert answer_url(inventory) in mine
    assert "Before we begin — privacy and its limits: done" in mine


def test_an_intake_with_an_instrument_still_needing_licensed_text_is_turned_back(
    alice, bob, signed_in
):
    page = signed_in(bob).post(
        reverse("screening:start_intake", kwargs={"client_id": alice.pk}),
        {"instruments": ["pathos"]},
        follow=True,
    )
    assert page.status_code == 200
    assert "needs licensed text" in text(page)
    assert not Intake.objects.exists()
    assert not Administration.objects.exists()
