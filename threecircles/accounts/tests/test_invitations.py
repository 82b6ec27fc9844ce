import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from threecircles.accounts.actions import create_invitation
from threecircles.accounts.models import Invitation, Role, User
from threecircles.care.models import Episode
from threecircles.privacy.models import Grant
from threecircles.tests.html import find_all, page_tree, text_of


def test_invited_client_signs_up_and_lands_on_their_home(bob, practice, run_tasks, client):
    _, url = create_invitation(
        invited_by=bob, email="newclient@example.org", role=Role.CLIENT, practice=practice
    )
    run_tasks()
    assert len(mail.outbox) == 1
    assert url in mail.outbox[0].body
    page = client.get(url.replace("http://127.0.0.1:8000", ""), follow=True)
    assert "Sign Up" in page.text or "Sign up" in page.text
    assert page.request["PATH_INFO"] == "/accounts/signup/"
    page = client.post(
        "/accounts/signup/",
        {
            "email": "newclient@example.org",
            "display_name": "Jamie",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
        follow=True,
    )
    jamie = User.objects.get(email="newclient@example.org")
    assert jamie.role == Role.CLIENT
    assert "Welcome, Jamie" in page.text
    assert bob in [grant.grantee for grant in Grant.objects.care_team_of(jamie)]
    assert not Episode.objects.filter(client=jamie).exists()

    # The link was used by signing up: opened again, by anyone, it says so and goes no further.
    again = Client().get(url.replace("http://127.0.0.1:8000", ""))
    assert again.status_code == 410
    assert "This invitation has already been used" in again.text
    assert User.objects.filter(email="newclient@example.org").count() == 1


def test_signup_without_invitation_is_closed(client, db):
    page = client.get("/accounts/signup/")
    assert "Three Circles accounts are opened by invitation" in page.text
    assert 'name="password1"' not in page.text
    page = client.post(
        "/accounts/signup/",
        {
            "email": "x@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert not User.objects.filter(email="x@example.org").exists()


def test_expired_invitation_says_so_plainly(bob, practice, client):
    _, url = create_invitation(
        invited_by=bob, email="late@example.org", role=Role.CLIENT, practice=practice
    )
    path = url.replace("http://127.0.0.1:8000", "")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        page = client.get(path)
        assert page.status_code == 410
        assert "This invitation has expired" in page.text
        # Nor can the expired link be used to sign up by going to the form directly.
        client.post(
            "/accounts/signup/",
            {
                "email": "late@example.org",
                "display_name": "Late",
                "password1": "a-long-pass-phrase",
                "password2": "a-long-pass-phrase",
            },
        )
    assert not User.objects.filter(email="late@example.org").exists()


def test_used_invitation_says_so_plainly(bob, practice, client, alice):
    invitation, url = create_invitation(
        invited_by=bob, email="once@example.org", role=Role.CLIENT, practice=practice
    )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    page = client.get(url.replace("http://127.0.0.1:8000", ""))
    assert page.status_code == 410
    assert "This invitation has already been used" in page.text


# --- a client invitation sent to the address of an existing account ----------------------------
# Bob's page said the same as for any address (care/tests/test_invite_client.py); what happens
# next is for the account's owner alone to see.


def _client_invitation_link(bob, practice, email, run_tasks) -> str:
    create_invitation(invited_by=bob, email=email, role=Role.CLIENT, practice=practice)
    run_tasks()
    found = re.search(r"https?://[^/\s]+(/invitation/\S+/)", str(mail.outbox[-1].body))
    assert found
    return found.group(1)


def test_a_client_with_an_account_signs_in_and_adds_the_inviting_clinician(
    bob, practice, mallory, signed_in, run_tasks
):
    link = _client_invitation_link(bob, practice, "mallory@example.org", run_tasks)
    record = f"/care/clients/{mallory.pk}/"
    bobs = signed_in(bob)
    assert bobs.get(record).status_code == 404

    browser = Client()
    page = browser.get(link)
    assert (page.status_code, page["Location"]) == (302, "/accounts/login/?next=/invitation/link/")
    page = browser.post(
        "/accounts/login/?next=/invitation/link/",
        {"login": "mallory@example.org", "password": PASSWORD},
        follow=True,
    )
    assert page.request["PATH_INFO"] == "/invitation/link/"
    [heading] = find_all(page_tree(page), "h1")
    assert text_of(heading) == "Bob at Harbor Counseling invited you to their care team"
    assert "they can open your record, as your care team does" in page.text

    page = browser.post("/invitation/link/", follow=True)
    assert "Bob is now on your care team." in text_of(page_tree(page))
    mallory.refresh_from_db()
    assert mallory.role == Role.CLIENT
    grant = Grant.objects.care_team().active().get(client=mallory, grantee=bob)
    assert grant.practice == practice
    assert bobs.get(record).status_code == 200
    # The link is used up.
    assert Client().get(link).status_code == 410


def test_not_now_adds_nobody_and_the_link_still_works(bob, practice, mallory, signed_in, run_tasks):
    link = _client_invitation_link(bob, practice, "mallory@example.org", run_tasks)
    browser = signed_in(mallory)
    assert browser.get(link, follow=True).request["PATH_INFO"] == "/invitation/link/"
    page = browser.post("/invitation/link/", {"decline": "1"}, follow=True)
    assert "You did not take the invitation. The link still works." in text_of(page_tree(page))
    assert not Grant.objects.care_team().filter(client=mallory, grantee=bob).exists()


@pytest.mark.parametrize("who", ["eve", "ada", "carol", "sam"])
def test_a_client_invitation_adds_nothing_to_an_account_that_is_not_a_clients(
    who, request, bob, practice, signed_in, run_tasks
):
    """A clinician's, a supervisor's, an administrator's or a supporter's address: Bob saw the
    usual "Invitation sent", and the owner reads, once signed in, that nothing was added."""
    person = request.getfixturevalue(who)
    role = person.role
    link = _client_invitation_link(bob, practice, person.email, run_tasks)
    grants = Grant.objects.filter(client=person).count()
    signed_out = Client().get(link)
    assert signed_out["Location"] == "/accounts/login/?next=/invitation/link/"

    page = signed_in(person).get(link, follow=True)
    assert (page.request["PATH_INFO"], page.status_code) == ("/invitation/link/", 409)
    assert (
        "This invitation is for a client's account, and this account is not one: nothing was "
        "added to it."
    ) in text_of(page_tree(page, 409))
    person.refresh_from_db()
    assert person.role == role
    assert Grant.objects.filter(client=person).count() == grants
    assert Invitation.objects.get(email=person.email, role=Role.CLIENT).status == (
        Invitation.Status.VALID
    )
