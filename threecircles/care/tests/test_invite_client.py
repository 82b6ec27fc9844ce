"""Inviting a client never tells the clinician whether an address has an account here (for
most accounts, that would say the person is in treatment).

Bob invites addresses of every kind: nobody's, his own client Alice's, Mallory's (a client
elsewhere), Carol's (a supporter), Eve's (a clinician elsewhere), Ada's (the administrator) and
his own. Each gets the same page, the same queued e-mail and the same work done; the page does
not show the link, which would lead to sign-up or sign-in depending on the address."""

import re

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from threecircles.accounts.models import Invitation, Role
from threecircles.tests.html import find_all, page_tree, text_of

LINK = re.compile(r"https?://\S+/invitation/\S+/")


def _invite(browser, email, practice):
    return browser.post("/care/invite/", {"email": email, "practice": practice.pk})


def _seen(page) -> tuple[int, str]:
    """What Bob reads: the status and the page's main text (messages included)."""
    [main] = find_all(page_tree(page), "main")
    return page.status_code, text_of(main)


def test_every_address_gets_the_same_answer_and_the_same_e_mail(
    alice, bob, carol, mallory, eve, ada, practice, signed_in, run_tasks
):
    browser = signed_in(bob)
    addresses = [
        "nobody@example.net",
        "ALICE@example.org",
        "mallory@example.org",
        "carol@example.org",
        "eve@example.org",
        "ada@example.org",
        "bob@example.org",
    ]
    answers = set()
    for email in addresses:
        with CaptureQueriesContext(connection) as done:
            page = _invite(browser, email, practice)
        answers.add(_seen(page))
        assert not LINK.search(page.text), email
        # Nothing looks the address up among accounts, so nothing takes longer for one.
        lookups = [
            q["sql"] for q in done.captured_queries
            if '"accounts_user"' in q["sql"] and email.lower() in q["sql"].lower()
        ]  # fmt: skip
        assert lookups == [], email
    [(status, text)] = answers
    assert status == 200
    assert "Invitation sent. The link works once and expires in 7 days." in text
    assert "This person already has a Three Circles account." not in text

    invited = Invitation.objects.filter(role=Role.CLIENT).order_by("pk")
    assert [i.email for i in invited] == [email.lower() for email in addresses]
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.lower() for e in addresses)
    bodies = {(m.subject, LINK.sub("<link>", str(m.body))) for m in mail.outbox}
    [(subject, body)] = bodies
    assert subject == "You are invited to Three Circles"
    assert "if you already have one, to add the invitation to it" in body


def test_the_page_says_how_the_invitation_works_without_the_link(bob, practice, signed_in):
    page = _invite(signed_in(bob), "jamie@example.net", practice)
    [main] = find_all(page_tree(page), "main")
    assert text_of(main).startswith(
        "Invitation sent. The link works once and expires in 7 days. Invitation sent"
    )
    assert "a client who already has one signs in and adds you to their care team." in text_of(main)
    assert "If it does not arrive, check the address with the client and invite them again" in (
        text_of(main)
    )
    assert not list(find_all(main, "code"))


def test_an_address_is_still_checked_for_its_form(bob, practice, signed_in):
    page = _invite(signed_in(bob), "not an address", practice)
    assert page.status_code == 200
    assert "Enter a valid email address." in page.text
    assert not Invitation.objects.exists()
