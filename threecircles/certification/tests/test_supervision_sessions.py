"""Supervision sessions: the candidate logs one under an active agreement (not in the future,
from a quarter of an hour to eight hours, what was typed kept on a refusal), the supervisor
confirms it or disputes it with a reason, confirmed hours count towards the credential's
supervision requirement, notifications name nobody, and hostile topic text shows as text on
both sides."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Notification, Role, User
from threecircles.certification import actions
from threecircles.certification.forms_supervision import TOPIC_HELP
from threecircles.certification.models import (
    Candidacy,
    Credential,
    SupervisionAgreement,
    SupervisionSession,
)
from threecircles.certification.tests.factories import Kind, make_credential, make_supervisor
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
Status = SupervisionSession.Status
PAGE = "/certification/supervision/"
HOSTILE = '<script>alert("xss-topic")</script><img src=x onerror="alert(2)">'
TOPIC = "Working with shame in early recovery"


@pytest.fixture
def max_(db: None) -> User:
    return make_user("Max", Role.MEMBER)


@pytest.fixture
def csat(db: None) -> Credential:
    return make_credential(supervision_hours=Decimal("3.00"))


@pytest.fixture
def candidacy(max_: User, csat: Credential) -> Candidacy:
    return actions.start(person=max_, credential=csat)


@pytest.fixture
def agreement(candidacy: Candidacy, sam: User) -> SupervisionAgreement:
    make_supervisor(sam)
    agreement = actions.propose_agreement(candidacy=candidacy, supervisor=sam)
    actions.answer_agreement(agreement=agreement, by=sam, accept=True)
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def candidate(max_: User, signed_in: Callable[[User], Client]) -> Client:
    return signed_in(max_)


@pytest.fixture
def supervisor(sam: User, signed_in: Callable[[User], Client]) -> Client:
    return signed_in(sam)


def _log_url(agreement: SupervisionAgreement) -> str:
    return reverse("certification:log_session", args=[agreement.pk])


def _answer_url(session: SupervisionSession) -> str:
    return reverse("certification:answer_session", args=[session.pk])


def _today() -> datetime.date:
    return timezone.localdate()


def _log(browser: Client, agreement: SupervisionAgreement, **fields: Any) -> Any:
    data = {"held_on": _today().isoformat(), "hours": "1.5", "topic": TOPIC} | fields
    return browser.post(_log_url(agreement), data)


def _field_errors(page: Any, name: str) -> list[str]:
    """The errors shown with one field, as read (tied to it by aria-describedby)."""
    tree = page_tree(page, 400)
    (field,) = [
        element
        for tag in ("input", "textarea")
        for element in find_all(tree, tag, attrs={"name": name})
    ]
    described = dict(field.attributes).get("aria-describedby") or ""
    errors = [
        text_of(element)
        for element in find_all(tree, "ul", "errorlist")
        if dict(element.attributes).get("id") in described.split()
    ]
    return errors


def _value(page: Any, name: str, status: int = 400) -> str:
    tree = page_tree(page, status)
    for element in find_all(tree, "input", attrs={"name": name}):
        return str(dict(element.attributes).get("value", ""))
    (area,) = find_all(tree, "textarea", attrs={"name": name})
    return text_of(area)


def _messages(page: Any) -> list[str]:
    return [text_of(p) for p in find_all(page_tree(page), "p", "message")]


def _supervision_progress(candidacy: Candidacy) -> actions.Progress:
    (item,) = [i for i in actions.progress(candidacy) if i.requirement.kind == Kind.SUPERVISION]
    return item


# --- logging -----------------------------------------------------------------------------------


def test_the_form_says_never_to_name_a_client(candidate, agreement):
    page = candidate.get(_log_url(agreement))
    assert TOPIC_HELP == "About your learning. Never name or describe a client."
    assert TOPIC_HELP in text_of(page_tree(page))


def test_a_candidate_logs_a_session_and_the_supervisor_is_notified_without_names(
    candidate, agreement, sam
):
    response = _log(candidate, agreement)
    assert (response.status_code, response["Location"]) == (302, PAGE)
    session = SupervisionSession.objects.get()
    assert (session.held_on, session.hours, session.topic, session.status) == (
        _today(),
        Decimal("1.50"),
        TOPIC,
        Status.LOGGED,
    )
    page = candidate.get(PAGE)
    assert _messages(page) == ["Your session is logged. It counts once Sam confirms it."]
    (notice,) = Notification.objects.filter(recipient=sam)
    assert (notice.text, notice.url) == (
        "A supervision session is waiting for your confirmation",
        PAGE,
    )


def test_a_session_in_the_future_is_refused_and_what_was_typed_is_kept(candidate, agreement):
    tomorrow = (_today() + datetime.timedelta(days=1)).isoformat()
    page = _log(candidate, agreement, held_on=tomorrow)
    assert _field_errors(page, "held_on") == [
        "A session is logged once it has been held: please choose today or an earlier date."
    ]
    assert (_value(page, "held_on"), _value(page, "hours"), _value(page, "topic")) == (
        tomorrow,
        "1.5",
        TOPIC,
    )
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize("hours", ["0.1", "8.25", "0", "-1"])
def test_hours_out_of_range_are_refused(candidate, agreement, hours):
    page = _log(candidate, agreement, hours=hours)
    assert _field_errors(page, "hours") == [
        "A session counts from a quarter of an hour to eight hours."
    ]
    assert _value(page, "topic") == TOPIC
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize("hours", ["0.25", "8"])
def test_a_quarter_of_an_hour_and_eight_hours_are_accepted(candidate, agreement, hours):
    assert _log(candidate, agreement, hours=hours).status_code == 302
    assert SupervisionSession.objects.get().hours == Decimal(hours)


def test_a_date_long_before_the_agreement_is_refused_by_the_rules(candidate, agreement):
    long_ago = (_today() - datetime.timedelta(days=90)).isoformat()
    page = _log(candidate, agreement, held_on=long_ago)
    (alert,) = find_all(page_tree(page, 400), "div", "notice")
    assert text_of(alert) == "This date is before the agreement began."
    assert _value(page, "topic") == TOPIC


@pytest.mark.parametrize("answer", ["proposed", "declined", "ended"])
def test_no_session_is_logged_under_an_agreement_that_is_not_active(
    answer, candidate, candidacy, max_
):
    supervisor = make_supervisor(make_user("Noor", Role.SUPERVISOR)).person
    agreement = actions.propose_agreement(candidacy=candidacy, supervisor=supervisor)
    if answer != "proposed":
        actions.answer_agreement(agreement=agreement, by=supervisor, accept=answer == "ended")
    if answer == "ended":
        actions.end_agreement(agreement=agreement, by=max_)
    get = candidate.get(_log_url(agreement))
    assert "sessions are logged under an active agreement" in text_of(page_tree(get))
    assert not list(find_all(page_tree(get), "form", attrs={"action": _log_url(agreement)}))
    page = _log(candidate, agreement)
    (alert,) = find_all(page_tree(page, 400), "div", "notice")
    assert text_of(alert) == "Sessions are logged under an active agreement."
    assert not SupervisionSession.objects.exists()


def test_an_agreement_ended_since_it_was_read_takes_no_new_hours(agreement, max_, sam):
    opened = SupervisionAgreement.objects.get(pk=agreement.pk)  # the form, opened in one tab
    actions.end_agreement(agreement=agreement, by=sam)  # ended in another
    with pytest.raises(actions.Refused, match="Sessions are logged under an active agreement"):
        actions.log_session(agreement=opened, by=max_, held_on=_today(), hours=Decimal("1.00"))
    assert not SupervisionSession.objects.exists()


def test_a_withdrawn_candidacy_takes_no_new_hours(agreement, candidacy, max_):
    actions.move(candidacy=candidacy, to_state="withdrawn", by=max_)
    with pytest.raises(actions.Refused, match="This candidacy is closed"):
        actions.log_session(agreement=agreement, by=max_, held_on=_today(), hours=Decimal("1.00"))
    assert not SupervisionSession.objects.exists()


def test_a_supervisor_no_longer_approved_cannot_accept(candidacy, ivy):
    noor = make_user("Noor", Role.SUPERVISOR)
    approval = make_supervisor(noor)
    proposed = actions.propose_agreement(candidacy=candidacy, supervisor=noor)
    approval.active = False
    approval.save(update_fields=["active"])
    with pytest.raises(actions.Refused, match="Only an approved supervisor may accept"):
        actions.answer_agreement(agreement=proposed, by=noor, accept=True)
    proposed.refresh_from_db()
    assert proposed.status == SupervisionAgreement.Status.PROPOSED
    actions.answer_agreement(agreement=proposed, by=noor, accept=False)  # declining is fine


def test_nothing_is_accepted_or_confirmed_for_a_withdrawn_candidacy(agreement, candidacy, max_):
    logged = actions.log_session(
        agreement=agreement, by=max_, held_on=_today(), hours=Decimal("1.00")
    )
    noor = make_supervisor(make_user("Noor", Role.SUPERVISOR)).person
    proposed = actions.propose_agreement(candidacy=candidacy, supervisor=noor)
    actions.move(candidacy=candidacy, to_state="withdrawn", by=max_)
    with pytest.raises(actions.Refused, match="This candidacy is closed"):
        actions.answer_agreement(agreement=proposed, by=noor, accept=True)
    with pytest.raises(actions.Refused, match="This candidacy is closed"):
        actions.answer_session(session=logged, by=agreement.supervisor, confirm=True)
    logged.refresh_from_db()
    assert logged.status == SupervisionSession.Status.LOGGED
    assert actions.supervision_hours(candidacy) == 0


def test_the_supervisor_cannot_log_for_the_candidate(supervisor, agreement):
    assert supervisor.get(_log_url(agreement)).status_code == 404
    assert _log(supervisor, agreement).status_code == 404
    assert not SupervisionSession.objects.exists()


# --- confirming and disputing ------------------------------------------------------------------


@pytest.fixture
def logged(agreement: SupervisionAgreement, max_: User) -> SupervisionSession:
    return actions.log_session(
        agreement=agreement, by=max_, held_on=_today(), hours=Decimal("1.50"), topic=TOPIC
    )


def test_the_supervisor_sees_the_session_waiting(supervisor, logged):
    page = supervisor.get(PAGE)
    (card,) = find_all(
        page_tree(page), "article", attrs={"aria-labelledby": f"session-{logged.pk}-heading"}
    )
    assert text_of(card).startswith(f"Max, {_today():%-d %B %Y} Hours 1.50")
    assert TOPIC in text_of(card)


def test_confirmed_hours_count_towards_the_supervision_requirement(
    supervisor, candidate, logged, agreement, candidacy, max_
):
    assert _supervision_progress(candidacy).state == "missing"
    page = supervisor.post(_answer_url(logged), {"answer": "confirm"}, follow=True)
    assert _messages(page) == ["Thank you: the session is confirmed and its hours count."]
    assert "No sessions are waiting." in text_of(page_tree(page))
    logged.refresh_from_db()
    assert logged.status == Status.CONFIRMED
    item = _supervision_progress(candidacy)
    assert (item.met, item.detail) == (False, "1.50 of 3.00 hours confirmed by your supervisor")

    second = actions.log_session(
        agreement=agreement, by=max_, held_on=_today(), hours=Decimal("1.50")
    )
    supervisor.post(_answer_url(second), {"answer": "confirm"})
    assert _supervision_progress(candidacy).met
    candidate_page = candidate.get(PAGE)
    assert "3 of 3 hours confirmed by your supervisor." in text_of(page_tree(candidate_page))


def test_the_candidate_is_told_without_names_when_a_session_is_answered(supervisor, logged, max_):
    supervisor.post(_answer_url(logged), {"answer": "confirm"})
    (notice,) = Notification.objects.filter(recipient=max_, text__contains="session")
    assert notice.text == "A supervision session you logged has been answered"


def test_a_dispute_needs_a_reason(supervisor, logged):
    page = supervisor.post(_answer_url(logged), {"answer": "dispute", "reason": "   "}, follow=True)
    assert _messages(page) == ["Please say what is wrong with this entry."]
    logged.refresh_from_db()
    assert logged.status == Status.LOGGED


def test_a_reason_too_long_is_refused_with_a_message(supervisor, logged):
    page = supervisor.post(
        _answer_url(logged), {"answer": "dispute", "reason": "x" * 501}, follow=True
    )
    assert _messages(page) == ["Please keep the reason to 500 characters or fewer."]
    logged.refresh_from_db()
    assert logged.status == Status.LOGGED


def test_a_disputed_session_goes_to_staff_and_does_not_count(
    supervisor, candidate, logged, candidacy
):
    reason = "We met for one hour, not one and a half."
    page = supervisor.post(
        _answer_url(logged), {"answer": "dispute", "reason": reason}, follow=True
    )
    assert _messages(page)[0] == (
        "The session is marked as disputed. Institute staff will look at it and decide whether "
        "it counts."
    )
    logged.refresh_from_db()
    assert (logged.status, logged.dispute_reason) == (Status.DISPUTED, reason)
    assert actions.supervision_hours(candidacy) == Decimal("0.00")
    text = text_of(page_tree(candidate.get(PAGE)))
    assert "Disputed: with the institute" in text
    assert f"Why it was disputed: {reason}" in text


def test_an_answered_session_cannot_be_answered_again(supervisor, logged, sam):
    actions.answer_session(session=logged, by=sam, confirm=True)
    page = supervisor.post(_answer_url(logged), {"answer": "dispute", "reason": "No"}, follow=True)
    assert _messages(page) == ["This session has already been answered."]
    logged.refresh_from_db()
    assert logged.status == Status.CONFIRMED


def test_an_empty_answer_changes_nothing(supervisor, logged):
    page = supervisor.post(_answer_url(logged), {}, follow=True)
    assert _messages(page) == ["Please choose to confirm or dispute the session."]
    logged.refresh_from_db()
    assert logged.status == Status.LOGGED


@pytest.mark.parametrize("who", ["candidate", "other_supervisor"])
def test_only_the_supervisor_answers_a_session(who, logged, max_, signed_in):
    person = (
        max_ if who == "candidate" else make_supervisor(make_user("Noor", Role.SUPERVISOR)).person
    )
    response = signed_in(person).post(_answer_url(logged), {"answer": "confirm"})
    assert response.status_code == 404
    logged.refresh_from_db()
    assert logged.status == Status.LOGGED


# --- what nobody else may read -----------------------------------------------------------------


def test_no_notification_names_a_person_a_credential_or_a_topic(
    candidate, supervisor, candidacy, sam, max_, csat
):
    make_supervisor(sam)
    url = reverse("certification:propose_agreement", args=[candidacy.pk])
    candidate.post(url, {"supervisor": sam.pk})
    agreement = SupervisionAgreement.objects.get()
    supervisor.post(
        reverse("certification:answer_agreement", args=[agreement.pk]), {"answer": "accept"}
    )
    _log(candidate, agreement)
    seen = text_of(page_tree(supervisor.get(PAGE)))
    session = SupervisionSession.objects.get()
    supervisor.post(_answer_url(session), {"answer": "dispute", "reason": "Too long"})
    candidate.post(reverse("certification:end_agreement", args=[agreement.pk]), {"confirm": "on"})

    texts = list(Notification.objects.values_list("text", flat=True))
    assert len(texts) == 5, texts
    secrets = (sam.display_name, max_.display_name, csat.name, TOPIC, "Too long")
    # Each marker is findable where it belongs: on the pages behind the sign-in.
    seen += text_of(page_tree(candidate.get(PAGE)))
    for secret in secrets:
        assert secret in seen, secret
    for text in texts:
        for secret in secrets:
            assert secret not in text, text


def test_hostile_topic_text_shows_as_text_to_both_sides(candidate, supervisor, agreement):
    assert _log(candidate, agreement, topic=HOSTILE).status_code == 302
    for browser in (candidate, supervisor):
        page = browser.get(PAGE)
        body = page.content.decode()
        assert "<script>alert" not in body
        assert 'onerror="alert' not in body
        assert HOSTILE in text_of(page_tree(page))
