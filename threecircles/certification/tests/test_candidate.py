"""A candidate's path as they see it: the certification home, starting a credential (once),
their candidacy at each state with its steps, what comes next and what stands before the next
state, sending the final application for review (refused with what is missing, accepted when
ready), withdrawing, and hostile text from anyone shown as text."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.models import (
    Candidacy,
    CandidacyState,
    CandidacyStep,
    Credential,
    Requirement,
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
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
State = CandidacyState
HOSTILE = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
)


@pytest.fixture
def max_(db: None) -> User:
    """A professional who is only an institute member: no second factor needed."""
    return make_user("Max", Role.MEMBER)


@pytest.fixture
def csat(db: None) -> Credential:
    return make_credential()


@pytest.fixture
def browser(max_: User, signed_in: Callable[[User], Client]) -> Client:
    return signed_in(max_)


def _page(browser: Client, candidacy: Candidacy) -> Any:
    return browser.get(reverse("certification:candidacy", args=[candidacy.pk]))


def _steps(page: Any) -> dict[str, str]:
    """Each step of the list, by its title: its standing and detail as read."""
    tree = page_tree(page)
    (steps,) = find_all(tree, "ol", "candidacy-steps")
    found = {}
    for item in find_all(steps, "li", "card"):
        (title,) = find_all(item, "h3")
        found[text_of(title)] = text_of(next(find_all(item, "p")))
    return found


def _section(page: Any, heading_id: str) -> str:
    tree = page_tree(page)
    (section,) = find_all(tree, "section", attrs={"aria-labelledby": heading_id})
    return text_of(section)


def _buttons(page: Any) -> list[str]:
    return [text_of(button) for button in find_all(page_tree(page), "button")]


def _listed(page: Any) -> str:
    return _section(page, "credentials-heading")


def _messages(page: Any) -> str:
    return " ".join(text_of(m) for m in find_all(page_tree(page), "p", "message"))


def _ready_but_not_sent(
    person: User, credential: Credential, staff: User, supervisor: User
) -> Candidacy:
    """Everything done and the final application sent, its fee recorded: one step before
    `ready_for_review`'s own move, which the candidate takes here through the page."""
    candidacy = to_candidate(person, credential, staff)
    for module in credential.requirements.filter(kind=Kind.MODULE)[1:]:
        attend(person, module.offerings.get())
    attempt = actions.send_quiz(
        candidacy=candidacy, requirement=requirement(credential, Kind.QUIZ), answers=["A", "B"]
    )
    actions.grade_quiz(attempt=attempt, by=staff, passed=True)
    supervise(candidacy, supervisor, credential.supervision_hours_required)
    approve_evidence(candidacy, Kind.ASSESSMENT, staff)
    approve_evidence(candidacy, Kind.ATTESTATION, staff)
    application = actions.send_evidence(
        candidacy=candidacy,
        requirement=requirement(credential, Kind.APPLICATION),
        note="I apply for the credential.",
    )
    actions.record_fee_paid(evidence=application, by=staff)
    return candidacy


# --- the home and starting ---------------------------------------------------------------------


def test_a_professional_sees_the_open_credentials_and_not_the_closed_ones(
    browser: Client, csat: Credential
) -> None:
    retired = make_credential("OLD", name="A retired credential")
    Credential.objects.filter(pk=retired.pk).update(open_for_candidates=False)
    page = browser.get(reverse("certification:home"))
    listed = _section(page, "credentials-heading")
    assert "Certified Sex Addiction Therapist (CSAT)" in listed
    assert "Application fee: 350.00 USD." in listed
    assert "A retired credential" not in listed
    assert "You are not working towards a credential yet." in _section(
        page, "my-candidacies-heading"
    )


def test_a_professional_starts_a_credential_and_lands_on_their_candidacy(
    browser: Client, max_: User, csat: Credential
) -> None:
    response = browser.post(reverse("certification:start", args=[csat.slug]))
    candidacy = Candidacy.objects.get(person=max_)
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:candidacy", args=[candidacy.pk])
    assert candidacy.state == State.APPLICANT
    page = browser.get(response["Location"])
    assert "You have started on the path to Certified Sex Addiction Therapist." in _messages(page)
    home = browser.get(reverse("certification:home"))
    mine = _section(home, "my-candidacies-heading")
    assert "Certified Sex Addiction Therapist : Applicant, started" in mine
    # Started once: the credential leads to the candidacy, with no second start.
    assert _buttons(home) == ["Sign out"]
    assert "Your candidacy for Certified Sex Addiction Therapist (Applicant)" in _listed(home)


def test_starting_twice_is_refused_and_leads_back_to_the_candidacy(
    browser: Client, max_: User, csat: Credential
) -> None:
    first = actions.start(person=max_, credential=csat)
    response = browser.post(reverse("certification:start", args=[csat.slug]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("certification:candidacy", args=[first.pk])
    assert "You are already working towards this credential." in _messages(response)
    assert Candidacy.objects.filter(person=max_).count() == 1


def test_a_credential_closed_to_candidates_cannot_be_started(
    browser: Client, max_: User, csat: Credential
) -> None:
    Credential.objects.filter(pk=csat.pk).update(open_for_candidates=False)
    response = browser.post(reverse("certification:start", args=[csat.slug]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("certification:home")
    assert "This credential does not take new candidates at the moment." in _messages(response)
    assert not Candidacy.objects.filter(person=max_).exists()


def test_a_client_can_neither_see_certification_nor_start(
    alice: User, csat: Credential, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(alice)
    assert client.get(reverse("certification:home")).status_code == 404
    assert client.post(reverse("certification:start", args=[csat.slug])).status_code == 404
    assert not Candidacy.objects.exists()


# --- progress at each state --------------------------------------------------------------------


def test_an_applicant_sees_every_step_in_order_and_eligibility_comes_first(
    browser: Client, max_: User, csat: Credential
) -> None:
    candidacy = actions.start(person=max_, credential=csat)
    upcoming = make_module_event(
        "csat-module-1-autumn",
        title="Module 1, autumn",
        starts_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    requirement(csat, Kind.MODULE).offerings.add(upcoming)
    page = _page(browser, candidacy)
    steps = _steps(page)
    assert list(steps) == [
        "Eligibility", "Module 1", "Module 1 quiz", "Module 2", "Supervision", "Assessment",
        "Letter of recommendation", "Final application",
    ]  # fmt: skip
    assert steps["Eligibility"] == "To do Nothing sent yet"
    assert steps["Module 1"] == "To do 0.00 of 6.00 hours attended"
    nxt = _section(page, "next-heading")
    assert "Eligibility: Nothing sent yet." in nxt
    assert "Before you become a candidate Eligibility has not been approved yet." in nxt
    assert "Send my final application for review" not in nxt
    # The module's upcoming offering, linked to its public page for registering; the one
    # that has passed is not offered.
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(page_tree(page), "a")}
    assert links["Module 1, autumn"] == reverse("events:event_detail", args=[upcoming.slug])
    assert "Training module csat-module-1" not in links
    assert "Applicant" in text_of(next(find_all(page_tree(page), "p", "lead")))


def test_a_candidate_sees_what_is_met_what_comes_next_and_what_is_still_missing(
    browser: Client, max_: User, csat: Credential, ivy: User
) -> None:
    candidacy = to_candidate(max_, csat, ivy)
    page = _page(browser, candidacy)
    steps = _steps(page)
    assert steps["Eligibility"] == "Met Approved"
    assert steps["Module 1"] == "Met 6.00 of 6.00 hours attended"
    assert steps["Module 1 quiz"] == "To do Not taken yet"
    nxt = _section(page, "next-heading")
    assert "Module 1 quiz: Not taken yet." in nxt
    assert (
        "Before your application goes for review Still to complete: Module 1 quiz; Module 2; "
        "Supervision; Assessment; Letter of recommendation."
    ) in nxt
    assert "Send my final application for review" in nxt
    history = _section(page, "history-heading")
    assert "Applicant (by you): Started" in history
    assert "Applicant to candidate (by the institute)" in history


def test_under_review_the_candidate_sees_the_institute_has_it(
    browser: Client, max_: User, csat: Credential, ivy: User, sam: User
) -> None:
    candidacy = ready_for_review(max_, csat, ivy, sam)
    page = _page(browser, candidacy)
    assert _steps(page)["Final application"] == "Waiting for a decision Sent, waiting for staff"
    nxt = _section(page, "next-heading")
    assert "Nothing for you to do right now" in nxt
    assert "Before you are certified Still to approve: Final application." in nxt
    assert "Send my final application for review" not in nxt
    assert "Candidate to under review (by you)" in _section(page, "history-heading")


def test_once_certified_the_page_says_so_and_offers_nothing_to_send(
    browser: Client, max_: User, csat: Credential, ivy: User, sam: User
) -> None:
    candidacy = ready_for_review(max_, csat, ivy, sam)
    application = candidacy.evidence.get(requirement__kind=Kind.APPLICATION)
    actions.decide_evidence(evidence=application, by=ivy, approve=True)
    actions.move(candidacy=candidacy, to_state=State.CERTIFIED, by=ivy)
    page = _page(browser, candidacy)
    assert "You are certified." in text_of(next(find_all(page_tree(page), "p", "lead")))
    assert set(_steps(page).values()) == {
        "Met Approved", "Met 6.00 of 6.00 hours attended", "Met Passed",
        "Met 10.00 of 10.00 hours confirmed by your supervisor",
    }  # fmt: skip
    assert _buttons(page) == ["Sign out"]


# --- sending the final application for review ----------------------------------------------------


def test_sending_for_review_too_early_is_refused_with_what_is_still_missing(
    browser: Client, max_: User, csat: Credential, ivy: User
) -> None:
    candidacy = to_candidate(max_, csat, ivy)
    response = browser.post(
        reverse("certification:apply_for_review", args=[candidacy.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("certification:candidacy", args=[candidacy.pk])
    assert _messages(response) == (
        "Your application could not be sent yet. Still to complete: Module 1 quiz; Module 2; "
        "Supervision; Assessment; Letter of recommendation."
    )
    candidacy.refresh_from_db()
    assert candidacy.state == State.CANDIDATE


def test_a_ready_candidate_sends_their_final_application_for_review(
    browser: Client, max_: User, csat: Credential, ivy: User, sam: User
) -> None:
    candidacy = _ready_but_not_sent(max_, csat, ivy, sam)
    page = _page(browser, candidacy)
    assert "Everything is in place: you can send your final application for review." in _section(
        page, "next-heading"
    )
    response = browser.post(
        reverse("certification:apply_for_review", args=[candidacy.pk]), follow=True
    )
    assert "Your final application is sent for review." in _messages(response)
    candidacy.refresh_from_db()
    assert candidacy.state == State.UNDER_REVIEW
    step = CandidacyStep.objects.filter(candidacy=candidacy).latest("at", "pk")
    assert (step.from_state, step.to_state, step.by) == (State.CANDIDATE, State.UNDER_REVIEW, max_)


# --- withdrawing ------------------------------------------------------------------------------


def test_withdrawing_needs_the_tick_then_closes_the_candidacy_and_the_credential_opens_again(
    browser: Client, max_: User, csat: Credential
) -> None:
    candidacy = actions.start(person=max_, credential=csat)
    url = reverse("certification:withdraw", args=[candidacy.pk])
    untick = browser.post(url, follow=True)
    assert "Please tick the box to confirm that you want to withdraw." in _messages(untick)
    candidacy.refresh_from_db()
    assert candidacy.state == State.APPLICANT

    page = browser.post(url, {"confirm": "on"}, follow=True)
    assert "You have withdrawn from Certified Sex Addiction Therapist." in _messages(page)
    candidacy.refresh_from_db()
    assert candidacy.state == State.WITHDRAWN
    assert "Applicant to withdrawn (by you): Withdrawn by the candidate" in _section(
        page, "history-heading"
    )
    assert _buttons(page) == ["Sign out"]
    # Free to start again.
    home = browser.get(reverse("certification:home"))
    buttons = [text_of(b) for b in find_all(page_tree(home), "button")]
    assert "Start Certified Sex Addiction Therapist" in buttons


# --- hostile text -------------------------------------------------------------------------------


def _no_hostile_markup(page: Any) -> None:
    body = page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown, as text
    tree = page_tree(page)
    assert not any("onerror" in dict(img.attributes) for img in find_all(tree, "img")), (
        "an onerror attribute made it into the page"
    )
    hrefs = [str(dict(a.attributes).get("href", "")) for a in find_all(tree, "a")]
    assert not any(href.strip().lower().startswith("javascript:") for href in hrefs)
    assert all(dict(s.attributes).get("src") for s in find_all(tree, "script"))


def test_hostile_text_from_staff_and_the_candidate_is_shown_as_text(
    browser: Client, max_: User, csat: Credential, ivy: User
) -> None:
    Credential.objects.filter(pk=csat.pk).update(description=HOSTILE)
    Requirement.objects.filter(credential=csat, kind=Kind.ELIGIBILITY).update(
        title=f"Eligibility {HOSTILE}", description=HOSTILE
    )
    candidacy = actions.start(person=max_, credential=csat)
    eligibility = requirement(csat, Kind.ELIGIBILITY)
    sent = actions.send_evidence(candidacy=candidacy, requirement=eligibility, note=HOSTILE)
    actions.decide_evidence(evidence=sent, by=ivy, approve=False, note=HOSTILE)
    home = browser.get(reverse("certification:home"))
    _no_hostile_markup(home)
    page = _page(browser, candidacy)
    _no_hostile_markup(page)
    first_step = next(iter(_steps(page).values()))
    assert first_step == f"Returned for changes {HOSTILE}"
    _no_hostile_markup(
        browser.get(reverse("certification:evidence", args=[candidacy.pk, eligibility.pk]))
    )
    # A note staff leave on a step of the path, in the history.
    actions.move(candidacy=candidacy, to_state=State.WITHDRAWN, by=ivy, note=HOSTILE)
    history = _page(browser, candidacy)
    _no_hostile_markup(history)
    assert f"(by the institute): {HOSTILE}" in _section(history, "history-heading")
