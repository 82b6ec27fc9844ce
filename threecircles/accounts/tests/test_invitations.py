from datetime import timedelta

import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from threecircles.accounts.actions import create_invitation
from threecircles.accounts.models import Invitation, Role, User
from threecircles.care.models import Episode
from threecircles.privacy.models import Grant


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
