"""Supervision agreements as each side sees them: the one page (candidate side, supervisor
side, an empty page for a professional with neither), asking an approved supervisor (only
approved ones for this credential, never oneself, never twice), the supervisor accepting or
declining (nobody else), ending an agreement, the navigation link, and notifications that say
only that something waits. Outsiders get 404 on every supervision URL."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_user
from threecircles.accounts.models import Notification, Role, User
from threecircles.certification import actions
from threecircles.certification.models import (
    Candidacy,
    Credential,
    SupervisionAgreement,
    SupervisionSession,
)
from threecircles.certification.tests.factories import make_credential, make_supervisor
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
Status = SupervisionAgreement.Status
PAGE = "/certification/supervision/"


@pytest.fixture
def max_(db: None) -> User:
    return make_user("Max", Role.MEMBER)


@pytest.fixture
def csat(db: None) -> Credential:
    return make_credential()


@pytest.fixture
def candidacy(max_: User, csat: Credential) -> Candidacy:
    return actions.start(person=max_, credential=csat)


@pytest.fixture
def approved_sam(sam: User) -> User:
    make_supervisor(sam)
    return sam


@pytest.fixture
def proposed(candidacy: Candidacy, approved_sam: User) -> SupervisionAgreement:
    return actions.propose_agreement(candidacy=candidacy, supervisor=approved_sam)


@pytest.fixture
def active(proposed: SupervisionAgreement, approved_sam: User) -> SupervisionAgreement:
    actions.answer_agreement(agreement=proposed, by=approved_sam, accept=True)
    proposed.refresh_from_db()
    return proposed


def _messages(page: Any) -> list[str]:
    return [text_of(p) for p in find_all(page_tree(page), "p", "message")]


def _section(page: Any, heading_id: str, status: int = 200) -> str:
    (section,) = find_all(page_tree(page, status), "section", attrs={"aria-labelledby": heading_id})
    return text_of(section)


def _radio_labels(page: Any, status: int = 200) -> list[str]:
    """The supervisors offered, as read: the labels of the form's choices."""
    return [text_of(label) for label in find_all(page_tree(page, status), "label")]


def _propose_url(candidacy: Candidacy) -> str:
    return reverse("certification:propose_agreement", args=[candidacy.pk])


# --- the page ------------------------------------------------------------------------------------


def test_the_candidate_sees_agreements_hours_and_sessions_with_their_status(
    max_, candidacy, active, signed_in
):
    SupervisionSession.objects.create(
        agreement=active, held_on=candidacy.started_at.date(), hours="1.50", topic="Boundaries"
    )
    page = signed_in(max_).get(PAGE)
    text = _section(page, "candidate-heading")
    assert "Certified Sex Addiction Therapist" in text
    assert "0 of 10 hours confirmed by your supervisor" in text
    assert "Sam: Active since" in text
    assert "1.50 hours with Sam: Waiting for the supervisor" in text
    assert "Topic: Boundaries" in text
    (ask,) = [a for a in find_all(page_tree(page), "a") if text_of(a).startswith("Ask a")]
    assert dict(ask.attributes)["href"] == _propose_url(candidacy)


def test_the_supervisor_sees_requests_and_sessions_waiting_for_them(
    max_, sam, proposed, candidacy, signed_in
):
    page = signed_in(sam).get(PAGE)
    text = _section(page, "supervisor-heading")
    assert "You are an approved supervisor for every credential." in text
    assert "Max Asks you to supervise them for Certified Sex Addiction Therapist" in text
    assert "No sessions are waiting." in text
    # Sam is no candidate: only the supervisor's side shows.
    assert not list(
        find_all(page_tree(page), "section", attrs={"aria-labelledby": "candidate-heading"})
    )


def test_a_professional_with_no_supervision_sees_how_to_begin(bob, signed_in):
    page = signed_in(bob).get(PAGE)
    tree = page_tree(page)
    assert "Nothing here yet." in text_of(tree)
    assert not list(find_all(tree, "section", attrs={"aria-labelledby": "supervisor-heading"}))


def test_the_navigation_shows_supervision_to_those_who_have_some(
    max_, sam, bob, proposed, signed_in
):
    def nav(person: User) -> list[str]:
        (main_nav,) = find_all(
            page_tree(signed_in(person).get(reverse("certification:home"))),
            "nav",
            attrs={"aria-label": "Main"},
        )
        return [text_of(a) for a in find_all(main_nav, "a")]

    assert "Supervision" in nav(max_)
    assert "Supervision" in nav(sam)
    assert "Supervision" not in nav(bob)


# --- asking a supervisor -----------------------------------------------------------------------


def test_only_active_supervisors_approved_for_this_credential_are_offered_by_name(
    max_, candidacy, csat, approved_sam, bob, eve, signed_in
):
    other = make_credential("OTHER", name="Another credential")
    make_supervisor(bob).credentials.add(other)
    gone = make_user("Gil", Role.CLINICIAN)
    approval = make_supervisor(gone)
    approval.active = False
    approval.save()
    make_supervisor(make_user("Noor", Role.SUPERVISOR)).credentials.add(csat)
    page = signed_in(max_).get(_propose_url(candidacy))
    assert _radio_labels(page) == ["Noor", "Sam"]
    assert approved_sam.email not in page.content.decode()


def test_a_candidate_asks_and_the_supervisor_is_notified_without_names(
    max_, candidacy, approved_sam, signed_in
):
    browser = signed_in(max_)
    page = browser.post(_propose_url(candidacy), {"supervisor": approved_sam.pk}, follow=True)
    assert _messages(page) == ["Your request is sent to Sam. Their answer will show on this page."]
    agreement = SupervisionAgreement.objects.get()
    assert (agreement.candidacy, agreement.supervisor, agreement.status) == (
        candidacy,
        approved_sam,
        Status.PROPOSED,
    )
    assert "Sam: Waiting for the supervisor asked on" in _section(page, "candidate-heading")
    (notice,) = Notification.objects.filter(recipient=approved_sam)
    assert (notice.text, notice.url) == ("A candidate asked you to supervise them", PAGE)


def test_a_person_who_is_not_approved_cannot_be_asked(
    max_, candidacy, approved_sam, bob, signed_in
):
    page = signed_in(max_).post(_propose_url(candidacy), {"supervisor": bob.pk})
    assert "Please choose an approved supervisor from the list." in text_of(page_tree(page, 400))
    assert not SupervisionAgreement.objects.exists()


def test_a_candidate_cannot_ask_themselves(max_, candidacy, approved_sam, signed_in):
    make_supervisor(max_)
    browser = signed_in(max_)
    assert _radio_labels(browser.get(_propose_url(candidacy))) == ["Sam"]
    page = browser.post(_propose_url(candidacy), {"supervisor": max_.pk})
    assert "Please choose an approved supervisor from the list." in text_of(page_tree(page, 400))
    assert not SupervisionAgreement.objects.exists()


def test_a_candidate_cannot_ask_the_same_supervisor_twice(
    max_, candidacy, approved_sam, proposed, signed_in
):
    page = signed_in(max_).post(_propose_url(candidacy), {"supervisor": approved_sam.pk})
    (alert,) = find_all(page_tree(page, 400), "div", "notice")
    assert text_of(alert) == "You already have an agreement with this supervisor."
    assert SupervisionAgreement.objects.count() == 1
    assert Notification.objects.filter(recipient=approved_sam).count() == 0


def test_a_candidate_asks_again_after_a_decline(max_, candidacy, approved_sam, proposed, signed_in):
    actions.answer_agreement(agreement=proposed, by=approved_sam, accept=False)
    response = signed_in(max_).post(_propose_url(candidacy), {"supervisor": approved_sam.pk})
    assert response.status_code == 302
    assert list(SupervisionAgreement.objects.order_by("pk").values_list("status", flat=True)) == [
        Status.DECLINED,
        Status.PROPOSED,
    ]


def test_a_closed_candidacy_shows_no_form(max_, candidacy, approved_sam, signed_in):
    actions.move(candidacy=candidacy, to_state="withdrawn", by=max_)
    page = signed_in(max_).get(_propose_url(candidacy))
    assert "This candidacy is closed" in text_of(page_tree(page))
    assert not list(find_all(page_tree(page), "form", attrs={"action": _propose_url(candidacy)}))


def test_with_no_supervisor_approved_the_page_says_so(max_, candidacy, signed_in):
    page = signed_in(max_).get(_propose_url(candidacy))
    assert "No approved supervisor is available for this credential yet." in text_of(
        page_tree(page)
    )


def test_an_empty_choice_is_explained(max_, candidacy, approved_sam, signed_in):
    page = signed_in(max_).post(_propose_url(candidacy), {})
    assert "Please choose a supervisor." in text_of(page_tree(page, 400))


# --- the supervisor answers --------------------------------------------------------------------


def _answer(browser: Client, agreement: SupervisionAgreement, answer: str) -> Any:
    url = reverse("certification:answer_agreement", args=[agreement.pk])
    return browser.post(url, {"answer": answer}, follow=True)


def test_the_supervisor_accepts_and_the_candidate_is_notified_without_names(
    max_, sam, proposed, signed_in
):
    page = _answer(signed_in(sam), proposed, "accept")
    assert _messages(page) == [
        "You are now supervising Max. Their sessions will wait here for you."
    ]
    proposed.refresh_from_db()
    assert proposed.status == Status.ACTIVE
    assert "Max, Certified Sex Addiction Therapist: 0 hours confirmed with you" in _section(
        page, "supervisor-heading"
    )
    (notice,) = Notification.objects.filter(recipient=max_)
    assert notice.text == "Your supervision request has an answer"


def test_the_supervisor_declines(max_, sam, proposed, signed_in):
    page = _answer(signed_in(sam), proposed, "decline")
    assert _messages(page) == ["You declined the request from Max."]
    proposed.refresh_from_db()
    assert proposed.status == Status.DECLINED
    assert "Max Asks you" not in _section(page, "supervisor-heading")


def test_an_answer_already_given_is_refused_with_a_message(sam, active, signed_in):
    page = _answer(signed_in(sam), active, "decline")
    assert _messages(page) == ["This agreement has already been answered."]
    active.refresh_from_db()
    assert active.status == Status.ACTIVE


def test_an_empty_answer_changes_nothing(sam, proposed, signed_in):
    url = reverse("certification:answer_agreement", args=[proposed.pk])
    page = signed_in(sam).post(url, {}, follow=True)
    assert _messages(page) == ["Please choose whether to accept or decline the request."]
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


@pytest.mark.parametrize("who", ["candidate", "other_supervisor", "staff"])
def test_nobody_but_the_supervisor_asked_may_answer(who, max_, ivy, proposed, signed_in):
    person = {
        "candidate": max_,
        "other_supervisor": make_supervisor(make_user("Noor", Role.SUPERVISOR)).person,
        "staff": ivy,
    }[who]
    response = _answer(signed_in(person), proposed, "accept")
    assert response.status_code == 404
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


# --- ending ------------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["candidate", "supervisor"])
def test_either_side_ends_an_agreement_and_the_other_is_told(side, max_, sam, active, signed_in):
    person, other = (max_, sam) if side == "candidate" else (sam, max_)
    url = reverse("certification:end_agreement", args=[active.pk])
    page = signed_in(person).post(url, {"confirm": "on"}, follow=True)
    assert _messages(page)[0].startswith("The agreement has ended.")
    active.refresh_from_db()
    assert active.status == Status.ENDED
    (notice,) = Notification.objects.filter(recipient=other, text__contains="ended")
    assert notice.text == "A supervision agreement has ended"


def test_ending_needs_the_tick(max_, active, signed_in):
    url = reverse("certification:end_agreement", args=[active.pk])
    page = signed_in(max_).post(url, {}, follow=True)
    assert _messages(page) == [
        "Please tick the box to confirm that you want to end this agreement."
    ]
    active.refresh_from_db()
    assert active.status == Status.ACTIVE


def test_a_request_not_yet_answered_cannot_be_ended(max_, proposed, signed_in):
    url = reverse("certification:end_agreement", args=[proposed.pk])
    page = signed_in(max_).post(url, {"confirm": "on"}, follow=True)
    assert _messages(page) == ["Only an active agreement can be ended."]


# --- outsiders ---------------------------------------------------------------------------------


def _every_url(agreement: SupervisionAgreement) -> list[tuple[str, str]]:
    session = SupervisionSession.objects.create(
        agreement=agreement, held_on=agreement.proposed_at.date(), hours="1.00"
    )
    agreement_urls = [
        ("get", reverse("certification:log_session", args=[agreement.pk])),
        ("post", reverse("certification:log_session", args=[agreement.pk])),
        ("post", reverse("certification:answer_agreement", args=[agreement.pk])),
        ("post", reverse("certification:end_agreement", args=[agreement.pk])),
    ]
    return [
        ("get", _propose_url(agreement.candidacy)),
        ("post", _propose_url(agreement.candidacy)),
        *agreement_urls,
        ("post", reverse("certification:answer_session", args=[session.pk])),
    ]


@pytest.mark.parametrize("outsider", ["bob", "eve", "mallory", "ivy"])
def test_outsiders_get_404_on_every_supervision_url(
    outsider: str, active, request, signed_in: Callable[[User], Client]
):
    browser = signed_in(request.getfixturevalue(outsider))
    payload = {"answer": "confirm", "confirm": "on", "hours": "1", "held_on": "2020-01-01"}
    for method, url in _every_url(active):
        response = getattr(browser, method)(url, payload if method == "post" else None)
        assert response.status_code == 404, f"{method} {url} as {outsider}"
    active.refresh_from_db()
    assert active.status == Status.ACTIVE
    assert SupervisionSession.objects.get().status == SupervisionSession.Status.LOGGED


@pytest.mark.parametrize("outsider", ["mallory", "ivy"])
def test_the_supervision_page_is_404_for_clients_and_staff(
    outsider: str, request, signed_in: Callable[[User], Client]
):
    assert signed_in(request.getfixturevalue(outsider)).get(PAGE).status_code == 404
