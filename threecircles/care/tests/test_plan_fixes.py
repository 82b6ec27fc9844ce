"""What a security walkthrough of treatment plans found, each as the person meets it: an odd
version number on an acknowledgement, a hidden id naming the wrong part of the plan, modality
names that are the same in another case or script, and target dates in the plan's own style."""

from datetime import date

import pytest
import time_machine

from threecircles.care.models import PracticeModality, TreatmentPlan
from threecircles.care.plans import (
    changes_of,
    content_of,
    with_goal,
    with_intervention,
    with_objective,
    with_problem,
    write_plan,
)
from threecircles.tests.html import find_all, page_tree, text_of

NOW = "2026-11-20 10:00Z"
PLAN_CHANGED = (
    "This plan changed while you were reading it. Read the current version and acknowledge it "
    "again."
)
PART_GONE = "That part of the plan is no longer there. Reload the page."
INTERVENTION_GONE = (
    "That intervention is no longer in the plan. Reload the page and change it again."
)
DUPLICATE = "There is already a modality with that name."


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _plan(client, author, target_date="2027-01-27", modality="cbt"):
    """Version 1: a problem, a goal, an objective and an intervention; their ids by kind."""
    content = with_problem({"problems": []}, "Hours lost online")
    problem = content["problems"][0]["id"]
    content = with_goal(content, problem, "Evenings offline")
    goal = content["problems"][0]["goals"][0]["id"]
    content = with_objective(content, goal, "Check in daily", {"kind": "checkins", "days": 7})
    item = {
        "modality": modality,
        "frequency": "weekly",
        "clinician_id": author.pk,
        "target_date": target_date,
    }
    content = with_intervention(content, goal, item)
    write_plan(client=client, author=author, content=content, review_on=date(2026, 12, 31))
    (goal_part,) = content["problems"][0]["goals"]
    return {
        "problem": problem,
        "goal": goal,
        "objective": goal_part["objectives"][0]["id"],
        "intervention": goal_part["interventions"][0]["id"],
    }


def _versions(client):
    return list(TreatmentPlan.objects.for_client(client.pk).order_by("number"))


def _edit(client):
    return f"/care/clients/{client.pk}/plan/edit/"


# --- acknowledging: the version number the form carries --------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "¹",  # a digit to str.isdigit, not to int: was a server error
        "١",  # ARABIC-INDIC DIGIT ONE: int() reads it as 1
        "9" * 30,
        "99999",
        "0",
        "",
        " 1",
    ],
)
def test_an_acknowledgement_naming_no_version_is_refused_with_the_name_kept(
    alice, bob, signed_in, number
):
    _plan(alice, bob)
    page = signed_in(alice).post(
        f"/care/clients/{alice.pk}/plan/acknowledge/",
        {"acknowledge-name": "Alice", "number": number},
    )
    tree = page_tree(page, 400)
    assert PLAN_CHANGED in text_of(tree)
    (typed,) = find_all(tree, "input", attrs={"name": "acknowledge-name"})
    assert dict(typed.attributes)["value"] == "Alice"
    # The form now carries the version shown, so acknowledging it again works.
    (carried,) = find_all(tree, "input", attrs={"name": "number"})
    assert dict(carried.attributes)["value"] == "1"
    assert [plan.acknowledged_at for plan in _versions(alice)] == [None]


# --- hidden ids on the editor -----------------------------------------------------------------


@pytest.mark.parametrize("named", ["problem", "goal", "objective", "unknown", "huge"])
def test_changing_an_intervention_needs_the_id_of_one_in_this_plan(alice, bob, signed_in, named):
    ids = _plan(alice, bob)
    wrong = {**ids, "unknown": "0123456789ab", "huge": "a" * 100_000}[named]
    page = signed_in(bob).post(
        _edit(alice),
        {
            "op": "intervention",
            "intervention-intervention_id": wrong,
            "intervention-goal": ids["goal"],
            "intervention-modality": "act",
            "intervention-frequency": "Frequency marker 7e21",
            "intervention-clinician": str(bob.pk),
            "intervention-target_date": "2027-02-01",
        },
    )
    tree = page_tree(page, 400)
    assert INTERVENTION_GONE in text_of(tree)
    assert "Hidden field" not in text_of(tree)
    (frequency,) = find_all(tree, "input", attrs={"name": "intervention-frequency"})
    assert dict(frequency.attributes)["value"] == "Frequency marker 7e21"
    # Nothing removed, nothing written: the problem and its goal are still on the page.
    (version,) = _versions(alice)
    assert content_of(version)["problems"][0]["goals"][0]["id"] == ids["goal"]
    assert "Problem: Hours lost online" in text_of(tree)
    assert "Goal: Evenings offline" in text_of(tree)


@pytest.mark.parametrize(
    ("named", "kind"),
    [
        ("problem", "intervention"),
        ("goal", "objective"),
        ("intervention", "problem"),
        ("objective", "goal"),
        ("problem", "everything"),
        ("problem", None),
        ("huge", "problem"),
    ],
)
def test_removing_needs_a_part_of_the_kind_the_button_named(alice, bob, signed_in, named, kind):
    ids = _plan(alice, bob) | {"huge": "a" * 100_000}
    posted = {"op": "remove", "item": ids[named]} | ({"kind": kind} if kind else {})
    page = signed_in(bob).post(_edit(alice), posted)
    tree = page_tree(page, 400)
    (alert,) = find_all(tree, "p", "error", attrs={"role": "alert"})
    assert text_of(alert) == PART_GONE
    assert len(_versions(alice)) == 1
    assert "Problem: Hours lost online" in text_of(tree)
    assert "Goal: Evenings offline" in text_of(tree)


def test_removing_a_goal_removes_it_and_what_hangs_on_it_and_says_so(alice, bob, signed_in):
    ids = _plan(alice, bob)
    browser = signed_in(bob)
    page = browser.post(
        _edit(alice), {"op": "remove", "item": ids["goal"], "kind": "goal"}, follow=True
    )
    assert "Plan saved." in text_of(page_tree(page))
    assert "Problem: Hours lost online" in text_of(page_tree(page))
    assert "Goal: Evenings offline" not in text_of(page_tree(page))
    assert changes_of(_versions(alice)[-1]) == [
        "Removed goal: Evenings offline",
        "Removed objective: Check in daily (7 days of check-ins)",
        "Removed intervention: Cognitive behavioural therapy (CBT), weekly, Bob, by 27 Jan 2027",
    ]


# --- a practice's own modalities --------------------------------------------------------------


def _add_modality(browser, practice, name):
    return browser.post("/care/plan-modalities/", {"practice": practice.pk, "name": name})


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("!!!", "!!!"),
        ("Терапия", "  терапия "),
        ("認知行動療法", "認知行動療法"),
        ("Equine therapy", "EQUINE    Therapy"),
        ("Straße therapy", "STRASSE THERAPY"),
    ],
)
def test_a_modality_the_practice_has_is_refused_whatever_its_case_spacing_or_script(
    bob, practice, signed_in, first, again
):
    browser = signed_in(bob)
    assert _add_modality(browser, practice, first).status_code == 302
    tree = page_tree(_add_modality(browser, practice, again), 400)
    assert DUPLICATE in text_of(tree)
    (typed,) = find_all(tree, "input", attrs={"name": "name"})
    assert dict(typed.attributes)["value"] == again
    assert list(PracticeModality.objects.values_list("name", flat=True)) == [first]


@pytest.mark.parametrize("name", ["  mindfulness ", "cognitive behavioural therapy (CBT)"])
def test_a_built_in_modality_is_refused(bob, practice, signed_in, name):
    tree = page_tree(_add_modality(signed_in(bob), practice, name), 400)
    assert DUPLICATE in text_of(tree)
    assert not PracticeModality.objects.exists()


def _modality_options(browser, client):
    tree = page_tree(browser.get(_edit(client)))
    (select,) = find_all(tree, "select", attrs={"name": "intervention-modality"})
    return {
        text_of(option): dict(option.attributes)["value"] for option in find_all(select, "option")
    }


def test_different_names_are_each_added_and_offered_in_the_plan(alice, bob, practice, signed_in):
    browser = signed_in(bob)
    same_start = "Group therapy for partners of people in recovery, "
    names = [f"{same_start}weekly", f"{same_start}monthly", "Терапия", "認知行動療法", "!!!"]
    for name in names:
        assert _add_modality(browser, practice, name).status_code == 302
    ids = _plan(alice, bob)
    options = _modality_options(browser, alice)
    assert set(names) <= set(options)
    codes = [options[name] for name in names]
    assert len(set(codes)) == len(names)
    assert all(len(code) <= 40 for code in codes)

    page = browser.post(
        _edit(alice),
        {
            "op": "intervention",
            "intervention-goal": ids["goal"],
            "intervention-modality": options["認知行動療法"],
            "intervention-frequency": "weekly",
            "intervention-clinician": str(bob.pk),
            "intervention-target_date": "2027-03-01",
        },
        follow=True,
    )
    assert "Plan saved." in text_of(page_tree(page))
    assert changes_of(_versions(alice)[-1]) == [
        "Added intervention: 認知行動療法, weekly, Bob, by 1 Mar 2027"
    ]


def test_existing_codes_stay_as_they_are(alice, bob, practice, signed_in):
    # Written before codes got a suffix: one from its name, one at random.
    PracticeModality.objects.create(practice=practice, code="art-therapy", name="Art therapy!")
    PracticeModality.objects.create(practice=practice, code="5f0c2a9e1b7d", name="Терапия")
    _plan(alice, bob, modality="art-therapy")
    browser = signed_in(bob)

    assert DUPLICATE in text_of(page_tree(_add_modality(browser, practice, "ТЕРАПИЯ"), 400))
    assert _add_modality(browser, practice, "Art therapy").status_code == 302

    options = _modality_options(browser, alice)
    assert options["Art therapy!"] == "art-therapy"
    assert options["Терапия"] == "5f0c2a9e1b7d"
    assert options["Art therapy"].startswith("art-therapy-")
    page = browser.get(f"/care/clients/{alice.pk}/plan/")
    (reads,) = find_all(page_tree(page), "li", "plan-intervention")
    assert text_of(reads) == "Art therapy!, weekly, Bob, by 27 Jan 2027"


# --- how target dates read --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("2027-01-27", "by 27 Jan 2027"), ("2027-02-30", "by 2027-02-30"), ("soon", "by soon")],
)
def test_an_interventions_target_date_reads_like_the_plans_other_dates(
    alice, bob, signed_in, stored, shown
):
    _plan(alice, bob, target_date=stored)
    page = signed_in(alice).get(f"/care/clients/{alice.pk}/plan/")
    (reads,) = find_all(page_tree(page), "li", "plan-intervention")
    assert text_of(reads) == f"Cognitive behavioural therapy (CBT), weekly, Bob, {shown}"
