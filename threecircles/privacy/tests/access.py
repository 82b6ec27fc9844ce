"""The access-matrix rows of privacy's pages: the client's home and access log, emergency
access, and second-factor resets."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import resolve

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.privacy import actions
from threecircles.privacy.models import SecondFactorReset
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row


@dataclass
class Records:
    waiting_reset: SecondFactorReset  # Bob's, started by Ada, waiting for a second person
    approved_token: str  # the link for Ivy's reset, approved by another administrator


def records(world: World) -> Records:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    otto = make_user("Otto", Role.ADMIN, is_staff=True)
    TOTP.activate(otto, generate_totp_secret())
    ada, bob, ivy = world.people["ada"], world.people["bob"], world.people["ivy"]
    waiting = actions.start_second_factor_reset(
        admin=ada, person=bob, reason="Lost his phone on the train"
    )
    ivys = actions.start_second_factor_reset(admin=ada, person=ivy, reason="New phone, old lost")
    url = actions.approve_second_factor_reset(reset=ivys, approver=otto)
    return Records(waiting, resolve(urlsplit(url).path).kwargs["token"])


RESETS = Redirect("/privacy/second-factor-resets/")
ROWS = AccessRows(
    label="privacy",
    order=20,
    records=records,
    get={
        # Each client's own home and access log: Mallory and Dan see theirs, never Alice's.
        "client_home": row(anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200),
        "privacy:my_access_log": row(anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200),
        "privacy:break_glass_list": row(anonymous=LOGIN, others=404, ada=200, ada_glass=200),
        # Administrators start and approve resets; a supervisor approves for their practice.
        "privacy:second_factor_resets": row(
            anonymous=LOGIN, others=404, ada=200, ada_glass=200, sam=200
        ),
        # The link in the person's mailbox is the credential: it works signed in or not.
        "privacy:confirm_second_factor_reset": row(anonymous=200, others=200),
    },
    post={
        "privacy:break_glass_list": row(anonymous=LOGIN, others=404, ada=200, ada_glass=200),
        "privacy:break_glass_close": row(
            anonymous=LOGIN,
            others=404,
            ada=Redirect("/privacy/break-glass/"),
            ada_glass=Redirect("/privacy/break-glass/"),
        ),
        "privacy:second_factor_resets": row(
            anonymous=LOGIN, others=404, ada=200, ada_glass=200, sam=200
        ),
        # Ada started Bob's reset, so she cannot approve it (she is told so); Sam, his
        # practice's supervisor, can.
        "privacy:approve_second_factor_reset": row(
            anonymous=LOGIN, others=404, ada=RESETS, ada_glass=RESETS, sam=RESETS
        ),
        "privacy:cancel_second_factor_reset": row(
            anonymous=LOGIN, others=404, ada=RESETS, ada_glass=RESETS, sam=RESETS
        ),
        "privacy:confirm_second_factor_reset": row(
            anonymous=Redirect("/accounts/login/"), others=Redirect("/accounts/login/")
        ),
    },
    kwargs={
        "grant_id": lambda world: world.break_glass_id,
        "reset_id": lambda world: world.records["privacy"].waiting_reset.pk,
    },
    kwargs_for={
        "privacy:confirm_second_factor_reset": {
            "token": lambda world: world.records["privacy"].approved_token
        }
    },
    no_form={
        "privacy:break_glass_close",
        "privacy:approve_second_factor_reset",
        "privacy:cancel_second_factor_reset",
        "privacy:confirm_second_factor_reset",
    },
    payloads={
        "privacy:break_glass_list": lambda world: {
            "client_email": world.alice.email,
            "reason": "Matrix: an emergency reason",
            "minutes": "5",
        },
        "privacy:second_factor_resets": lambda world: {
            "email": world.people["eve"].email,
            "reason": "Matrix: lost her phone",
        },
    },
)
