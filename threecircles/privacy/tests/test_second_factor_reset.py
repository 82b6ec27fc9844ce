"""Recovering a lost second factor takes two people and the person themself.

An administrator starts the reset and the person is e-mailed at once; a second administrator or
a supervisor of the person's practice approves it (never the one who started it, nor a
supervisor of another practice); the link to confirm goes only to the person's own address, is
stored only as a hash, works once and for a day. Confirming removes every old factor, and the
next sign-in sets up a new one. The page asks for the second factor again when it is older
than five minutes, keeping what was typed, and every step is in the verifiable access log.
"""

import time
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import PASSWORD, make_user, passed_second_step
from threecircles.accounts.models import Practice, PracticeMembership, Role, User
from threecircles.privacy.models import AccessEvent, Basis, SecondFactorReset
from threecircles.tests.html import find_all, page_tree, text_of
from threecircles.tests.matrix import snapshot

URL = "/privacy/second-factor-resets/"
REASON = "Lost his phone on the ferry; called from the front desk"
INVALID_LINK = "This link does not work"
REAUTHENTICATE = "/accounts/2fa/reauthenticate/"
ACTIVATE = "/accounts/2fa/totp/activate/"

Browser = Callable[[User], Client]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db: None) -> None:
    """Rate limits and used second-step codes live in the shared cache."""
    cache.clear()


def _give_second_factor(user: User) -> None:
    TOTP.activate(user, generate_totp_secret())


@pytest.fixture
def bob_factors(bob: User) -> list[int]:
    """Bob's authenticator app and recovery codes, the factors he has lost."""
    _give_second_factor(bob)
    RecoveryCodes.activate(bob)
    return list(Authenticator.objects.filter(user=bob).values_list("pk", flat=True))


@pytest.fixture
def ada_browser(ada: User, signed_in: Browser) -> Client:
    return signed_in(ada)


@pytest.fixture
def otto(db: None) -> User:
    """A second administrator."""
    user = make_user("Otto", Role.ADMIN, is_staff=True)
    _give_second_factor(user)
    return user


@pytest.fixture
def olga(other_practice: Practice) -> User:
    """A supervisor, but at Eve's practice, not Bob's."""
    user = make_user("Olga", Role.SUPERVISOR)
    PracticeMembership.objects.create(practice=other_practice, user=user, role=Role.SUPERVISOR)
    return user


def approve_url(reset: SecondFactorReset) -> str:
    return reverse("privacy:approve_second_factor_reset", args=[reset.pk])


def cancel_url(reset: SecondFactorReset) -> str:
    return reverse("privacy:cancel_second_factor_reset", args=[reset.pk])


def start(ada_browser: Client, person: User, reason: str = REASON) -> SecondFactorReset:
    page = ada_browser.post(URL, {"email": person.email, "reason": reason})
    assert page.status_code == 302, page.content.decode()
    return SecondFactorReset.objects.get(person=person)


def messages_on(page: Any, kind: str) -> list[str]:
    return [text_of(p) for p in find_all(page_tree(page), "p", f"message-{kind}")]


def mail_to(person: User) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if person.email in message.to]


def link_in(message: mail.EmailMessage) -> str:
    """The confirmation link's path, from the line of the e-mail that holds it."""
    site = settings.SITE_URL.rstrip("/")
    [line] = [line for line in message.body.splitlines() if line.startswith(site)]
    return urlsplit(line.strip()).path


def approved_link(
    reset: SecondFactorReset, approver: User, signed_in: Browser, run_tasks: Callable[[], None]
) -> str:
    page = signed_in(approver).post(approve_url(reset))
    assert page.status_code == 302
    run_tasks()
    [message] = [m for m in mail_to(reset.person) if m.subject.startswith("Confirm")]
    return link_in(message)


def link_refused(page: Any) -> bool:
    """The page said the link does not work, with a 404."""
    headings = [text_of(h1) for h1 in find_all(parse_html(page.content.decode()), "h1")]
    return page.status_code == 404 and headings == [INVALID_LINK]


def log_intact() -> bool:
    out = StringIO()
    call_command("verify_access_log", stdout=out)
    return "Access log intact" in out.getvalue()


def account_events(person: User) -> list[AccessEvent]:
    return list(AccessEvent.objects.for_client(person.pk).filter(basis=Basis.ADMINISTRATION))


# --- starting ----------------------------------------------------------------------------


def test_an_administrator_starts_a_reset_and_the_person_is_told_at_once(
    ada: User, ada_browser: Client, bob: User, bob_factors: list[int], run_tasks: Callable[[], None]
) -> None:
    page = ada_browser.post(URL, {"email": bob.email, "reason": REASON}, follow=True)

    assert page.request["PATH_INFO"] == URL
    assert any("Reset started" in text for text in messages_on(page, "success"))
    reset = SecondFactorReset.objects.get(person=bob)
    assert reset.started_by == ada
    assert reset.status == SecondFactorReset.Status.AWAITING_APPROVAL
    assert "Waiting for a second person to approve" in text_of(page_tree(page))

    assert mail_to(bob) == []  # from the task worker, never inline
    run_tasks()
    [message] = mail_to(bob)
    assert message.to == [bob.email]
    assert "Ada started a reset" in message.body
    assert REASON in message.body
    assert "A second person must approve it" in message.body
    assert "http" not in message.body  # nothing to click yet

    [event] = account_events(bob)
    assert event.actor_id == ada.pk
    assert event.object_id == str(reset.pk)
    assert "started" in event.reason
    assert Authenticator.objects.filter(user=bob).count() == len(bob_factors)
    assert log_intact()


def test_a_short_reason_is_refused_and_nobody_is_told(
    ada_browser: Client, bob: User, bob_factors: list[int], run_tasks: Callable[[], None]
) -> None:
    page = ada_browser.post(URL, {"email": bob.email, "reason": "lost it"})
    assert page.status_code == 200
    assert "at least 10 characters" in text_of(page_tree(page))
    run_tasks()
    assert not SecondFactorReset.objects.exists()
    assert mail.outbox == []


# --- who may approve -----------------------------------------------------------------------


def test_the_administrator_who_started_it_cannot_approve_it(
    ada_browser: Client, bob: User, bob_factors: list[int], run_tasks: Callable[[], None]
) -> None:
    reset = start(ada_browser, bob)
    run_tasks()
    before = snapshot()

    page = ada_browser.post(approve_url(reset), follow=True)

    assert page.request["PATH_INFO"] == URL
    assert messages_on(page, "error") == [
        "A second administrator or the person's supervisor must approve."
    ]
    run_tasks()
    assert snapshot() == before
    reset.refresh_from_db()
    assert reset.approved_at is None
    assert reset.token_hash == ""
    assert [m.subject for m in mail_to(bob)] == [
        "A reset of your two-step verification was started"
    ]


@pytest.mark.parametrize("who", ["bob", "eve", "ivy", "mallory"])
def test_the_person_a_clinician_elsewhere_staff_and_clients_get_404(
    request: pytest.FixtureRequest,
    who: str,
    ada_browser: Client,
    bob: User,
    bob_factors: list[int],
    signed_in: Browser,
) -> None:
    reset = start(ada_browser, bob)
    browser = signed_in(request.getfixturevalue(who))
    before = snapshot()

    assert browser.get(URL).status_code == 404
    assert browser.post(URL, {"email": bob.email, "reason": REASON}).status_code == 404
    assert browser.post(approve_url(reset)).status_code == 404
    assert browser.post(cancel_url(reset)).status_code == 404

    assert snapshot() == before


def test_the_persons_supervisor_approves_and_only_the_persons_mail_holds_the_link(
    ada_browser: Client,
    bob: User,
    bob_factors: list[int],
    sam: User,
    signed_in: Browser,
    run_tasks: Callable[[], None],
) -> None:
    reset = start(ada_browser, bob)
    sam_browser = signed_in(sam)
    page = sam_browser.get(URL)
    tree = page_tree(page)
    assert REASON in text_of(tree)
    assert list(find_all(tree, "form", attrs={"action": approve_url(reset)}))
    assert not list(find_all(tree, "textarea"))  # a supervisor does not start resets

    page = sam_browser.post(approve_url(reset), follow=True)
    assert "Approved. Bob confirms from their own address." in messages_on(page, "success")
    run_tasks()

    [message] = [m for m in mail.outbox if m.subject.startswith("Confirm")]
    assert message.to == [bob.email]
    assert "Ada started and Sam approved" in message.body
    path = link_in(message)
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert path == reverse("privacy:confirm_second_factor_reset", args=[token])
    assert len(token) >= 20

    # The link is in that e-mail and nowhere else: not on the page, not in other mail, not in
    # the database (where only its hash is kept, and the queued e-mail held it sealed).
    assert token not in page.content.decode()
    assert [m for m in mail.outbox if token in m.body] == [message]
    reset.refresh_from_db()
    assert reset.token_hash
    assert reset.token_hash != token
    assert token not in repr(list(SecondFactorReset.objects.values()))
    assert token not in repr(list(DBTaskResult.objects.values()))
    assert reset.approved_by == sam
    assert reset.status == SecondFactorReset.Status.AWAITING_CONFIRMATION
    assert Authenticator.objects.filter(user=bob).count() == len(bob_factors)

    approved = [e for e in account_events(bob) if "approved" in e.reason]
    assert [e.actor_id for e in approved] == [sam.pk]
    assert log_intact()


def test_a_supervisor_of_another_practice_cannot_approve(
    ada_browser: Client,
    bob: User,
    bob_factors: list[int],
    eve: User,
    olga: User,
    signed_in: Browser,
    run_tasks: Callable[[], None],
) -> None:
    _give_second_factor(eve)
    bobs = start(ada_browser, bob)
    eves = start(ada_browser, eve)
    olga_browser = signed_in(olga)

    page = olga_browser.get(URL)
    assert bob.display_name not in text_of(page_tree(page))
    assert olga_browser.post(approve_url(bobs)).status_code == 404
    bobs.refresh_from_db()
    assert bobs.approved_at is None

    # Eve works at Olga's practice: that one she may approve.
    assert olga_browser.post(approve_url(eves)).status_code == 302
    eves.refresh_from_db()
    assert eves.approved_by == olga


def test_a_practice_without_a_supervisor_needs_a_second_administrator(
    ada_browser: Client, eve: User, sam: User, otto: User, signed_in: Browser
) -> None:
    _give_second_factor(eve)
    reset = start(ada_browser, eve)

    assert signed_in(sam).post(approve_url(reset)).status_code == 404
    reset.refresh_from_db()
    assert reset.approved_at is None

    assert signed_in(otto).post(approve_url(reset)).status_code == 302
    reset.refresh_from_db()
    assert reset.approved_by == otto


def test_a_second_administrator_can_approve_instead_of_a_supervisor(
    ada_browser: Client,
    bob: User,
    bob_factors: list[int],
    otto: User,
    sam: User,
    signed_in: Browser,
    run_tasks: Callable[[], None],
) -> None:
    reset = start(ada_browser, bob)
    link = approved_link(reset, otto, signed_in, run_tasks)
    reset.refresh_from_db()
    assert reset.approved_by == otto
    assert link.startswith("/privacy/second-factor-reset/")

    # Approved once is enough: a second approval mints no second link.
    page = signed_in(sam).post(approve_url(reset), follow=True)
    assert messages_on(page, "error") == [
        "This reset cannot be approved: waiting for the person to confirm."
    ]
    run_tasks()
    assert len([m for m in mail_to(bob) if m.subject.startswith("Confirm")]) == 1
    assert log_intact()


# --- confirming ----------------------------------------------------------------------------


def test_the_person_confirms_signed_out_and_then_sets_up_a_new_authenticator(
    ada_browser: Client,
    bob: User,
    bob_factors: list[int],
    sam: User,
    signed_in: Browser,
    run_tasks: Callable[[], None],
) -> None:
    reset = start(ada_browser, bob)
    assert log_intact()
    link = approved_link(reset, sam, signed_in, run_tasks)
    assert log_intact()

    bob_browser = Client()
    page = bob_browser.get(link)
    text = text_of(page_tree(page))
    assert "Reset your two-step verification" in text
    assert "Ada started and Sam approved" in text
    assert Authenticator.objects.filter(user=bob).count() == len(bob_factors)  # a look is not yes

    page = bob_browser.post(link)
    assert page.status_code == 302
    assert page["Location"] == reverse("account_login")
    assert not Authenticator.objects.filter(user=bob).exists()
    reset.refresh_from_db()
    assert reset.status == SecondFactorReset.Status.DONE
    run_tasks()
    [told] = [m for m in mail_to(bob) if m.subject == "Your two-step verification was reset"]
    assert "set up a new authenticator app" in told.body
    confirmed = [e for e in account_events(bob) if "confirmed" in e.reason]
    assert [e.actor_id for e in confirmed] == [bob.pk]
    assert log_intact()

    page = bob_browser.post(
        "/accounts/login/", {"login": bob.email, "password": PASSWORD}, follow=True
    )
    assert ACTIVATE in [urlsplit(url).path for url, _ in page.redirect_chain]
    assert page.request["PATH_INFO"] == ACTIVATE
    assert list(find_all(page_tree(page), "input", attrs={"name": "code"}))
    assert bob_browser.get("/care/caseload/").status_code == 302  # not before a new factor

    # Once used, the link is spent.
    for page in (Client().get(link), Client().post(link)):
        assert link_refused(page)
    assert log_intact()


def test_an_expired_link_does_not_work(
    ada_browser: Client,
    bob: User,
    bob_factors: list[int],
    sam: User,
    signed_in: Browser,
    run_tasks: Callable[[], None],
) -> None:
    reset = start(ada_browser, bob)
    link = approved_link(reset, sam, signed_in, run_tasks)
    assert Client().get(link).status_code == 200

    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        for page in (Client().get(link), Client().post(link)):
            assert link_refused(page)
        reset.refresh_from_db()
        assert reset.status == SecondFactorReset.Status.EXPIRED
    assert Authenticator.objects.filter(user=bob).count() == len(bob_factors)
    assert log_intact()


def test_a_cancelled_resets_link_does_not_work_and_the_person_is_told(
    ada_browser: Client,
    bob: User,
    bob_factors: list[int],
    sam: User,
    signed_in: Browser,
    run_tasks: Callable[[], None],
) -> None:
    reset = start(ada_browser, bob)
    link = approved_link(reset, sam, signed_in, run_tasks)

    page = ada_browser.post(cancel_url(reset), follow=True)
    assert "Reset cancelled. Bob was told." in messages_on(page, "success")
    run_tasks()
    [told] = [m for m in mail_to(bob) if "cancelled" in m.subject]
    assert "Ada cancelled the reset" in told.body
    assert "Nothing changed" in told.body

    for page in (Client().get(link), Client().post(link)):
        assert link_refused(page)
    assert Authenticator.objects.filter(user=bob).count() == len(bob_factors)
    cancelled = [e for e in account_events(bob) if "cancelled" in e.reason]
    assert [e.actor_id for e in cancelled] == [reset.started_by_id]
    assert log_intact()


# --- the second factor asked again ---------------------------------------------------------


def test_the_page_asks_again_for_a_second_factor_older_than_five_minutes(
    ada: User, ada_browser: Client, bob: User, bob_factors: list[int], run_tasks: Callable[[], None]
) -> None:
    with time_machine.travel(timezone.now() + timedelta(minutes=4), tick=False):
        assert ada_browser.get(URL).status_code == 200

    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        page = ada_browser.get(URL)
        assert page.status_code == 302
        assert urlsplit(page["Location"]).path == REAUTHENTICATE

        page = ada_browser.post(URL, {"email": bob.email, "reason": REASON})
        assert page.status_code == 302
        assert urlsplit(page["Location"]).path == REAUTHENTICATE
        run_tasks()
        assert not SecondFactorReset.objects.exists()
        assert mail.outbox == []

        passed_second_step(ada_browser, ada)
        tree = page_tree(ada_browser.get(URL))
        [email] = find_all(tree, "input", attrs={"name": "email"})
        assert dict(email.attributes).get("value") == bob.email
        [reason] = find_all(tree, "textarea", attrs={"name": "reason"})
        assert text_of(reason) == REASON
        # Shown again to send, not sent on her behalf.
        assert not SecondFactorReset.objects.exists()


def test_approving_asks_again_for_a_second_factor_older_than_five_minutes(
    ada_browser: Client, bob: User, bob_factors: list[int], sam: User, signed_in: Browser
) -> None:
    reset = start(ada_browser, bob)
    sam_browser = signed_in(sam)
    with time_machine.travel(time.time() + 6 * 60, tick=False):
        page = sam_browser.post(approve_url(reset))
        assert page.status_code == 302
        assert urlsplit(page["Location"]).path == REAUTHENTICATE
        reset.refresh_from_db()
        assert reset.approved_at is None

        passed_second_step(sam_browser, sam)
        assert sam_browser.post(approve_url(reset)).status_code == 302
        reset.refresh_from_db()
        assert reset.approved_by == sam
