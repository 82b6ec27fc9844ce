"""The second person in a second-factor reset is really a second person: not an account the
starter made or changed, nor one made after the reset started; and every other administrator
hears of the reset at once."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import PracticeMembership, Role
from threecircles.privacy import actions


@pytest.fixture
def bob_with_totp(bob):
    TOTP.activate(bob, generate_totp_secret())
    return bob


@pytest.fixture
def otto(db):
    """A second administrator, there before any reset."""
    user = make_user("Otto", Role.ADMIN, is_staff=True)
    user.date_joined = timezone.now() - timedelta(days=30)
    user.save(update_fields=["date_joined"])
    return user


def test_a_supervisor_the_starter_put_in_the_practice_cannot_approve(ada, bob_with_totp, practice):
    stooge = make_user("Stan", Role.SUPERVISOR)
    stooge.date_joined = timezone.now() - timedelta(days=30)
    stooge.save(update_fields=["date_joined"])
    PracticeMembership.objects.create(practice=practice, user=stooge, role=Role.SUPERVISOR)
    actions.record_account_change(
        actor=ada, person=stooge, what=f"Practice membership at {practice}: Supervisor"
    )
    reset = actions.start_second_factor_reset(
        admin=ada, person=bob_with_totp, reason="Lost his phone on the train"
    )
    assert not actions.may_approve(reset, stooge)
    with pytest.raises(actions.ResetError):
        actions.approve_second_factor_reset(reset=reset, approver=stooge)


def test_an_account_made_after_the_reset_started_cannot_approve(ada, bob_with_totp):
    reset = actions.start_second_factor_reset(
        admin=ada, person=bob_with_totp, reason="Lost his phone on the train"
    )
    newcomer = make_user("Nova", Role.ADMIN, is_staff=True)
    assert not actions.may_approve(reset, newcomer)


def test_a_second_administrator_who_was_there_before_can_approve(ada, otto, bob_with_totp):
    reset = actions.start_second_factor_reset(
        admin=ada, person=bob_with_totp, reason="Lost his phone on the train"
    )
    assert actions.may_approve(reset, otto)


def test_every_other_administrator_is_told_at_once(ada, otto, bob_with_totp, run_tasks):
    actions.start_second_factor_reset(
        admin=ada, person=bob_with_totp, reason="Lost his phone on the train"
    )
    run_tasks()
    to_otto = [m for m in mail.outbox if m.to == [otto.email]]
    assert len(to_otto) == 1
    assert "Ada started a reset of Bob's" in to_otto[0].body
    assert not [m for m in mail.outbox if m.to == [ada.email]]
