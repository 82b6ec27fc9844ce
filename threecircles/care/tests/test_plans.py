"""Treatment plans: the care team writes them a change at a time, each a version with what
changed; the client reads and acknowledges theirs; objectives show where the client is."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from threecircles.care.models import PracticeModality, TreatmentPlan
from threecircles.care.plans import (
    changes_of,
    content_of,
    plans_due_for_review,
    with_problem,
    write_plan,
)
from threecircles.privacy.models import AccessEvent, Action
from threecircles.recovery.actions import save_check_in
from threecircles.screening.actions import complete_administration, send_instrument
from threecircles.screening.instruments import get_pack
from threecircles.screening.tests.answers import answers_for_total
from threecircles.tests.html import find_all, page_tree, text_of

NOW = "2026-11-20 10:00Z"


@pytest.fixture(autouse=True)
def _clock():
    """Frozen before the cast is made, so their care-team places start before the test."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _edit(client):
    return f"/care/clients/{client.pk}/plan/edit/"


def _post(browser, client, op, **fields):
    data = {"op": op} | {f"{op}-{name}": value for name, value in fields.items()}
    return browser.post(_edit(client), data, follow=True)


def _start(browser, client, problem="Problem marker 5d1e: hours lost online"):
    return _post(browser, client, "start", text=problem, review_on="2026-12-31")


def _goal_id(client):
    (problem,) = content_of(TreatmentPlan.objects.for_client(client.pk).first())["problems"]
    return problem["goals"][0]["id"]


def _with_goal(browser, client):
    _start(browser, client)
    content = content_of(TreatmentPlan.objects.for_client(client.pk).first())
    _post(browser, client, "goal", problem=content["problems"][0]["id"], text="Evenings offline")
    return _goal_id(client)


def _history(browser, client):
    page = browser.get(f"/care/clients/{client.pk}/plan/history/")
    return {
        text_of(next(find_all(version, "h2"))): [text_of(li) for li in find_all(version, "li")]
        for version in find_all(page_tree(page), "article", "plan-history")
    }


def test_the_history_shows_exactly_what_each_version_changed(alice, bob, sam, signed_in):
    browser = signed_in(bob)
    goal = _with_goal(browser, alice)
    intervention = {
        "goal": goal,
        "modality": "cbt",
        "frequency": "weekly",
        "clinician": str(bob.pk),
        "target_date": "2027-01-31",
    }
    added = _post(browser, alice, "intervention", **intervention)
    assert "Plan saved." in added.text
    (item,) = content_of(TreatmentPlan.objects.for_client(alice.pk).first())["problems"][0][
        "goals"
    ][0]["interventions"]
    _post(
        browser,
        alice,
        "intervention",
        **(intervention | {"intervention_id": item["id"], "frequency": "twice a week"}),
    )
    removal = {"op": "remove", "item": item["id"], "kind": "intervention"}
    browser.post(_edit(alice), removal)
    # Removing what is already gone is refused, said on the page, and writes no version.
    again = browser.post(_edit(alice), removal)
    assert "That part of the plan is no longer there. Reload the page." in text_of(
        page_tree(again, 400)
    )

    cbt = "Cognitive behavioural therapy (CBT)"
    assert _history(browser, alice) == {
        "Version 5": [f"Removed intervention: {cbt}, twice a week, Bob, by 31 Jan 2027"],
        "Version 4": [
            f"Changed intervention: {cbt}, twice a week, Bob, by 31 Jan 2027 "
            f"(was: {cbt}, weekly, Bob, by 31 Jan 2027)"
        ],
        "Version 3": [f"Added intervention: {cbt}, weekly, Bob, by 31 Jan 2027"],
        "Version 2": ["Added goal: Evenings offline"],
        "Version 1": [
            "Added problem: Problem marker 5d1e: hours lost online",
            "Review date: 2026-12-31",
        ],
    }
    assert TreatmentPlan.objects.for_client(alice.pk).count() == 5
    assert AccessEvent.objects.filter(actor_id=bob.pk, action=Action.CREATE, what="treatment plan")
    # Stored only as ciphertext.
    with connection.cursor() as cursor:
        cursor.execute("SELECT content_sealed, changes_sealed FROM care_treatmentplan")
        stored = cursor.fetchall()
    assert "marker 5d1e" in changes_of(TreatmentPlan.objects.get(number=1))[0]
    assert len(stored) == 5
    assert not any(
        "marker 5d1e" in str(cell) or "weekly" in str(cell) for r in stored for cell in r
    )


def test_bad_input_is_refused_with_what_was_typed_kept(alice, bob, signed_in):
    browser = signed_in(bob)
    goal = _with_goal(browser, alice)
    page = browser.post(
        _edit(alice),
        {
            "op": "intervention",
            "intervention-goal": goal,
            "intervention-modality": "act",
            "intervention-frequency": "Frequency marker 0b3c",
            "intervention-clinician": str(bob.pk),
            "intervention-target_date": "",
        },
    )
    tree = page_tree(page, 400)
    assert "Enter the target date." in text_of(tree)
    (frequency,) = find_all(tree, "input", attrs={"name": "intervention-frequency"})
    assert dict(frequency.attributes)["value"] == "Frequency marker 0b3c"
    assert TreatmentPlan.objects.for_client(alice.pk).count() == 2


def test_a_practice_adds_its_own_modality_for_its_plans(alice, bob, practice, signed_in):
    browser = signed_in(bob)
    page = browser.post(
        "/care/plan-modalities/", {"practice": practice.pk, "name": "Equine therapy"}, follow=True
    )
    assert "Modality added." in page.text
    assert PracticeModality.objects.get().code == "equine-therapy"
    goal = _with_goal(browser, alice)
    _post(
        browser,
        alice,
        "intervention",
        goal=goal,
        modality="equine-therapy",
        frequency="monthly",
        clinician=str(bob.pk),
        target_date="2027-03-01",
    )
    assert _history(browser, alice)["Version 3"] == [
        "Added intervention: Equine therapy, monthly, Bob, by 1 Mar 2027"
    ]


def test_the_client_acknowledges_with_their_name_and_again_after_a_change(alice, bob, signed_in):
    _start(signed_in(bob), alice)
    browser = signed_in(alice)
    url = f"/care/clients/{alice.pk}/plan/acknowledge/"

    wrong = browser.post(url, {"acknowledge-name": "Alicia", "number": "1"})
    tree = page_tree(wrong, 400)
    assert "The name does not match the one on your account (Alice)." in text_of(tree)
    (typed,) = find_all(tree, "input", attrs={"name": "acknowledge-name"})
    assert dict(typed.attributes)["value"] == "Alicia"
    assert TreatmentPlan.objects.get().acknowledged_at is None

    home = browser.get("/me/")
    (panel,) = [
        card
        for card in find_all(page_tree(home), "article", "card")
        if "My treatment plan" in text_of(card)
    ]
    assert "Not yet acknowledged by the client." in text_of(panel)
    assert list(find_all(panel, "input", attrs={"name": "acknowledge-name"}))

    page = browser.post(url, {"acknowledge-name": " alice ", "number": "1"}, follow=True)
    assert "You acknowledged your treatment plan." in page.text
    plan = TreatmentPlan.objects.get()
    assert (plan.acknowledged_at, plan.acknowledged_as) == (timezone.now(), "alice")
    assert "Acknowledged by alice on 20 Nov 2026." in text_of(page_tree(page))

    # A new version needs a new acknowledgement; acknowledging the old one is refused.
    _post(signed_in(bob), alice, "problem", text="Sleep")
    stale = browser.post(url, {"acknowledge-name": "Alice", "number": "1"})
    assert (
        "This plan changed while you were reading it. Read the current version and acknowledge"
        " it again." in text_of(page_tree(stale, 400))
    )
    latest = TreatmentPlan.objects.get(number=2)
    assert latest.acknowledged_at is None
    browser.post(url, {"acknowledge-name": "Alice", "number": "2"})
    latest.refresh_from_db()
    assert latest.acknowledged_as == "Alice"


def _objective(browser, client, goal, **target):
    fields = {"goal": goal, "text": "Mood lifts", "target_kind": "", "instrument": "phq9"}
    _post(browser, client, "objective", **(fields | target))


def _statuses(browser, client):
    page = browser.get(f"/care/clients/{client.pk}/plan/")
    return [text_of(li) for li in find_all(page_tree(page), "li", "plan-objective")]


def _phq9(client, clinician, total):
    administration = send_instrument(client=client, instrument="phq9", sent_by=clinician)
    answers = answers_for_total(get_pack("phq9"), total)
    complete_administration(administration=administration, answers=answers, actor=client)


def test_an_objective_tied_to_the_phq9_shows_whether_it_is_met(alice, bob, signed_in, _clock):
    browser = signed_in(bob)
    goal = _with_goal(browser, alice)
    _objective(browser, alice, goal, target_kind="measure", below="10")
    target = "Mood lifts (target: Patient Health Questionnaire-9 (PHQ-9) below 10)."
    assert _statuses(browser, alice) == [f"{target} No data"]

    _phq9(alice, bob, 14)
    assert _statuses(browser, alice) == [f"{target} Not yet (latest total 14)"]
    _clock.shift(timedelta(minutes=1))
    _phq9(alice, bob, 7)
    assert _statuses(browser, alice) == [f"{target} Met (latest total 7)"]
    assert _statuses(signed_in(alice), alice) == [f"{target} Met (latest total 7)"]


def test_an_objective_tied_to_check_ins_counts_the_days(alice, bob, signed_in):
    browser = signed_in(bob)
    goal = _with_goal(browser, alice)
    _objective(browser, alice, goal, target_kind="checkins", days="3")
    target = "Mood lifts (target: 3 days of check-ins)."
    assert _statuses(browser, alice) == [f"{target} No data"]

    today = date(2026, 11, 20)
    for back in (0, 1, 5):
        save_check_in(client=alice, day=today - timedelta(days=back), answers={}, note="")
    assert _statuses(browser, alice) == [f"{target} Not yet (2 of 3 days)"]
    save_check_in(client=alice, day=today - timedelta(days=2), answers={}, note="")
    assert _statuses(browser, alice) == [f"{target} Met (3 of 3 days)"]


def test_an_objective_with_a_measure_needs_its_threshold(alice, bob, signed_in):
    browser = signed_in(bob)
    goal = _with_goal(browser, alice)
    page = browser.post(
        _edit(alice),
        {
            "op": "objective",
            "objective-goal": goal,
            "objective-text": "Objective marker 44af",
            "objective-target_kind": "measure",
            "objective-instrument": "phq9",
        },
    )
    tree = page_tree(page, 400)
    assert "Enter the total the measure should fall below." in text_of(tree)
    (typed,) = find_all(tree, "input", attrs={"name": "objective-text"})
    assert dict(typed.attributes)["value"] == "Objective marker 44af"


def test_plans_due_for_review_are_the_latest_versions_on_the_clinicians_care_team(
    alice, bob, eve, mallory
):
    today = date(2026, 11, 20)
    first = with_problem({"problems": []}, "Sleep")
    write_plan(client=alice, author=bob, content=first, review_on=today - timedelta(days=3))
    assert [p.number for p in plans_due_for_review(bob, today)] == [1]
    # A later version moved the date on: the older one's date no longer counts.
    write_plan(client=alice, author=bob, content=first, review_on=today + timedelta(days=30))
    assert plans_due_for_review(bob, today) == []
    write_plan(client=alice, author=bob, content=first, review_on=today)
    assert [p.number for p in plans_due_for_review(bob, today)] == [3]
    # Not Eve's client, so not on Bob's list; and Alice not on Eve's.
    write_plan(client=mallory, author=eve, content=first, review_on=today - timedelta(days=9))
    assert [p.client for p in plans_due_for_review(bob, today)] == [alice]
    assert [p.client for p in plans_due_for_review(eve, today)] == [mallory]


def test_the_pdf_opens_for_the_team_and_the_client_only(alice, bob, mallory, carol, signed_in):
    _start(signed_in(bob), alice)
    url = f"/care/clients/{alice.pk}/plan.pdf"
    for person in (bob, alice):
        response = signed_in(person).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="plan-1.pdf"'
        assert "no-store" in response["Cache-Control"]
        assert response.content.startswith(b"%PDF")
    for person in (mallory, carol):
        assert signed_in(person).get(url).status_code == 404


def test_the_care_team_sees_the_plan_on_the_record(alice, bob, signed_in):
    browser = signed_in(bob)
    _start(browser, alice)
    page = browser.get(f"/care/clients/{alice.pk}/")
    (panel,) = [
        card
        for card in find_all(page_tree(page), "section", "card")
        if text_of(next(find_all(card, "h2"))) == "Treatment plan"
    ]
    assert "Problem: Problem marker 5d1e: hours lost online" in text_of(panel)
    assert "Review on 31 Dec 2026." in text_of(panel)


def test_someone_else_never_reads_the_plan(alice, bob, mallory, eve, signed_in):
    _start(signed_in(bob), alice)
    for path in ("plan/", "plan/history/", "plan/edit/"):
        assert signed_in(mallory).get(f"/care/clients/{alice.pk}/{path}").status_code == 404
        assert signed_in(eve).get(f"/care/clients/{alice.pk}/{path}").status_code == 404
