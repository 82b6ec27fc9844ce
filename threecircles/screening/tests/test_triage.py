"""Triage: addiction is not offending. The documented rules, through real scoring, and the
clinician's review that confirms or overrides them."""

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from threecircles.privacy.models import AccessEvent, Action
from threecircles.screening import actions
from threecircles.screening.instruments import ScoreResult, get_pack, score
from threecircles.screening.models import Intake, Pathway, ReportingReview
from threecircles.screening.tests.answers import answers_for_total
from threecircles.screening.tests.test_views_screening import (
    answer_form,
    answer_url,
    checked,
    screening_url,
    section,
    text,
    with_answers,
)
from threecircles.screening.triage import CSB_INSTRUMENTS, recommend_pathway

NOTHING_FOUND = "No offending indicator and no CSB indicator in the completed screening."


def scored(code: str, default: int | None = None, **given: int) -> ScoreResult:
    return score(get_pack(code), with_answers(code, default, **given))


def at_total(code: str, total: int) -> ScoreResult:
    return score(get_pack(code), answers_for_total(get_pack(code), total))


def consent_given() -> ScoreResult:
    return scored("intake_consent", default=1)


def quiet_inventory() -> ScoreResult:
    return scored("behavior_inventory")


def quiet_screen() -> ScoreResult:
    return scored("offending_screen")


ICD11_PATTERN = {
    "impaired_control": 1,
    "despite_consequences": 1,
    "extended_period": 1,
    "distress_or_impairment": 1,
    "not_better_explained": 1,
}


@dataclass(frozen=True)
class Case:
    results: list[ScoreResult]
    pathway: str
    reasons: tuple[str, ...]
    categories: tuple[str, ...] = ()


CASES = {
    "nothing reported: neither pathway": Case(
        [consent_given(), quiet_inventory(), quiet_screen()], "neither", (NOTHING_FOUND,)
    ),
    "a behavior that affected life a lot: CSB": Case(
        [consent_given(), scored("behavior_inventory", pornography_consequences=3), quiet_screen()],
        "csb",
        (
            "Behavior inventory: Pornography or compulsive masturbation has affected the "
            "person's life a lot",
        ),
    ),
    "frequent, long, but only moderate consequences: neither": Case(
        [
            scored(
                "behavior_inventory",
                cybersex_frequency=4,
                cybersex_duration=4,
                cybersex_consequences=2,
            ),
            quiet_screen(),
        ],
        "neither",
        (NOTHING_FOUND,),
    ),
    "two behaviors that affected life a lot: both are reasons": Case(
        [scored("behavior_inventory", paid_sex_consequences=3, affairs_consequences=3)],
        "csb",
        (
            "Behavior inventory: Paid sex has affected the person's life a lot",
            "Behavior inventory: Affairs have affected the person's life a lot",
        ),
    ),
    "PATHOS at its cutoff, scored without its licensed text: CSB": Case(
        [quiet_inventory(), quiet_screen(), at_total("pathos", 3)],
        "csb",
        (
            "PATHOS sexual addiction screen: total 3, Positive screen (3 or more); a fuller "
            "assessment is recommended",
        ),
    ),
    "PATHOS one below its cutoff: neither": Case(
        [quiet_inventory(), quiet_screen(), at_total("pathos", 2)], "neither", (NOTHING_FOUND,)
    ),
    "the ICD-11 6C72 checklist showing the pattern: CSB": Case(
        [scored("icd11_6c72", **ICD11_PATTERN)],
        "csb",
        (
            "ICD-11 6C72 checklist: Every ICD-11 6C72 requirement is marked as met; the "
            "clinician confirms or rejects the diagnosis",
        ),
    ),
    "distress that is entirely moral: not the ICD-11 pattern": Case(
        [scored("icd11_6c72", **ICD11_PATTERN, distress_entirely_moral=1)],
        "neither",
        (NOTHING_FOUND,),
    ),
    "one offending indicator: offender pathway": Case(
        [consent_given(), quiet_inventory(), scored("offending_screen", voyeurism=1)],
        "offender",
        ("Offending indicator: Watching or recording people without their knowledge reported",),
        ("voyeurism",),
    ),
    "legal status asked three ways: one category": Case(
        [scored("offending_screen", legal_current=1, legal_past=1)],
        "offender",
        (
            "Offending indicator: Current charge or investigation for a sexual offence",
            "Offending indicator: Past charge or conviction for a sexual offence",
        ),
        ("legal_status",),
    ),
    "addiction and offending: both pathways, offending reasons first": Case(
        [
            consent_given(),
            scored("behavior_inventory", pornography_consequences=3),
            scored("offending_screen", sexual_images_of_minors=1, coercion=1),
            at_total("csbd19", 50),
        ],
        "both",
        (
            "Offending indicator: Sexual images of minors reported",
            "Offending indicator: Coercion or force to get sexual contact reported",
            "Behavior inventory: Pornography or compulsive masturbation has affected the "
            "person's life a lot",
            "Compulsive Sexual Behavior Disorder Scale (CSBD-19): total 50, High risk of "
            "compulsive sexual behaviour disorder (50 or more); assess clinically",
        ),
        ("sexual_images_of_minors", "coercion"),
    ),
    "asking to talk about consent is not an offending indicator": Case(
        [scored("intake_consent", default=0), quiet_inventory(), quiet_screen()],
        "neither",
        (NOTHING_FOUND,),
    ),
    "thoughts of self-harm need a safety response, not a pathway": Case(
        [scored("phq9", phq9_9=3), quiet_inventory(), quiet_screen()], "neither", (NOTHING_FOUND,)
    ),
    "a cutoff on a depression scale is not a CSB indicator": Case(
        [at_total("phq9", 27), at_total("gad7", 21), at_total("auditc", 12)],
        "neither",
        (NOTHING_FOUND,),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_recommendation_follows_the_documented_rules(case: Case) -> None:
    recommendation = recommend_pathway(case.results)
    assert recommendation.pathway == case.pathway
    assert recommendation.reasons == case.reasons
    assert recommendation.offending_categories == case.categories
    assert recommendation.pathway in Pathway.values


@pytest.mark.parametrize("code", sorted(CSB_INSTRUMENTS))
def test_every_csb_instrument_counts_from_its_published_cutoff(code: str) -> None:
    pack = get_pack(code)
    assert not pack.has_item_text, "these instruments are scored without their licensed text"
    (cutoff,) = pack.cutoffs
    below = recommend_pathway([quiet_screen(), at_total(code, cutoff.min_total - 1)])
    at = recommend_pathway([quiet_screen(), at_total(code, cutoff.min_total)])
    assert (below.pathway, below.reasons) == ("neither", (NOTHING_FOUND,))
    assert at.pathway == "csb"
    assert at.reasons == (f"{pack.title}: total {cutoff.min_total}, {cutoff.label}",)


def test_every_offending_indicator_routes_to_the_offender_pathway_with_its_category() -> None:
    pack = get_pack("offending_screen")
    for item in pack.items:
        recommendation = recommend_pathway([scored("offending_screen", **{item.id: 1})])
        (rule,) = [rule for rule in pack.flags if rule.when[0].of == item.id]
        assert recommendation.pathway == "offender", item.id
        assert recommendation.reasons == (f"Offending indicator: {rule.label}",)
        assert recommendation.offending_categories == (rule.category,)


# --- the review, through the pages ---------------------------------------------------------


@pytest.fixture
def intake(alice, bob, signed_in) -> Intake:
    """Alice answers her intake on her phone: porn use that cost her a lot, and once she
    exposed herself to someone who had not agreed."""
    signed_in(bob).post(reverse("screening:start_intake", kwargs={"client_id": alice.pk}), {})
    intake = Intake.objects.get(client=alice)
    given = {
        "intake_consent": with_answers("intake_consent", default=1),
        "behavior_inventory": with_answers(
            "behavior_inventory",
            pornography_frequency=4,
            pornography_duration=3,
            pornography_consequences=3,
        ),
        "offending_screen": with_answers("offending_screen", exhibitionism=1),
    }
    browser = signed_in(alice)
    for step in actions.intake_steps(intake):
        page = browser.post(answer_url(step), answer_form(step.instrument, given[step.instrument]))
        assert page.status_code == 302, step.instrument
    intake.refresh_from_db()
    return intake


def triage_url(intake: Intake) -> str:
    return reverse("screening:triage_review", kwargs={"intake_id": intake.pk})


def test_a_finished_intake_waits_for_triage_with_its_recommendation(intake, alice, bob, signed_in):
    assert intake.status == Intake.Status.READY
    assert intake.recommended_pathway == "both"
    assert intake.reason_list == [
        "Offending indicator: Exposure without agreement reported",
        "Behavior inventory: Pornography or compulsive masturbation has affected the person's "
        "life a lot",
    ]
    review = ReportingReview.objects.get(intake=intake)
    assert (review.client, review.categories, review.decision) == (alice, ["exhibitionism"], "")

    browser = signed_in(bob)
    assert "Triage review for Alice" in section(browser.get("/care/caseload/"), "todo-title")
    page = browser.get(triage_url(intake))
    assert "<strong>Both pathways</strong>" in text(page)
    assert "Offending indicator: Exposure without agreement reported" in text(page)
    assert checked(page, "confirmed_pathway") == {"both"}


def test_a_clinician_overrides_the_recommendation_with_a_reason(intake, alice, bob, signed_in):
    browser = signed_in(bob)
    reason = "One disclosure, long ago, already treated; CSB work first, reassess in 3 months."
    page = browser.post(
        triage_url(intake), {"confirmed_pathway": "csb", "override_reason": f"  {reason}\n"}
    )
    assert (page.status_code, page["Location"]) == (302, screening_url(alice))

    intake.refresh_from_db()
    assert (intake.status, intake.recommended_pathway, intake.confirmed_pathway) == (
        Intake.Status.REVIEWED,
        "both",
        "csb",
    )
    assert (intake.override_reason, intake.reviewed_by) == (reason, bob)
    shown = text(browser.get(triage_url(intake)))
    assert "by Bob: Compulsive sexual behavior pathway." in shown
    assert f"Reason: {reason}" in shown
    assert "Compulsive sexual behavior pathway" in text(browser.get(screening_url(alice)))
    assert "Triage review for Alice" not in text(browser.get("/care/caseload/"))
    event = (
        AccessEvent.objects.for_client(alice.pk)
        .filter(what="triage review", action=Action.UPDATE)
        .get()
    )
    assert (event.actor_id, event.object_id, event.reason) == (bob.pk, str(intake.pk), "Care team")


def test_an_override_without_a_reason_is_refused_and_the_choice_is_kept(intake, bob, signed_in):
    browser = signed_in(bob)
    page = browser.post(
        triage_url(intake), {"confirmed_pathway": "neither", "override_reason": " "}
    )
    assert page.status_code == 200
    assert "Give a reason when your decision differs from the recommendation." in text(page)
    assert re.search(r'role="alert"|class="errorlist', page.content.decode())
    assert checked(page, "confirmed_pathway") == {"neither"}

    intake.refresh_from_db()
    assert (intake.status, intake.confirmed_pathway, intake.reviewed_at) == (
        Intake.Status.READY,
        "",
        None,
    )
    assert not AccessEvent.objects.filter(what="triage review", action=Action.UPDATE).exists()


def test_confirming_the_recommendation_needs_no_reason(intake, bob, signed_in):
    page = signed_in(bob).post(triage_url(intake), {"confirmed_pathway": "both"})
    assert page.status_code == 302
    intake.refresh_from_db()
    assert (intake.status, intake.confirmed_pathway, intake.override_reason) == (
        Intake.Status.REVIEWED,
        "both",
        "",
    )


def test_an_unfinished_intake_cannot_be_reviewed_yet(alice, bob, signed_in):
    unfinished = actions.start_intake(client=alice, started_by=bob, instruments=[])
    page = signed_in(bob).post(triage_url(unfinished), {"confirmed_pathway": "neither"})
    assert page.status_code == 200
    assert "Not yet: the intake is not finished" in text(page)
    unfinished.refresh_from_db()
    assert (unfinished.status, unfinished.confirmed_pathway) == (Intake.Status.IN_PROGRESS, "")
