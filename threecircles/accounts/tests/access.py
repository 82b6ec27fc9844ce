"""The access-matrix rows of the pages accounts serves: the role homes and invitation links."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import resolve

from threecircles.accounts.actions import create_invitation
from threecircles.accounts.models import Notification, Role
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row


@dataclass
class Records:
    invitation_token: str
    notification_id: int


def records(world: World) -> Records:
    _, url = create_invitation(
        invited_by=world.people["bob"],
        email="newclient@example.org",
        role=Role.CLIENT,
        practice=world.practice,
    )
    notice = Notification.objects.create(
        recipient=world.alice, text="Someone answered you", url="/notifications/"
    )
    return Records(
        invitation_token=resolve(urlsplit(url).path).kwargs["token"], notification_id=notice.pk
    )


CASELOAD = Redirect("/care/caseload/")
ADMIN_PASSWORD = row(
    anonymous=Redirect("/django-admin/login/"),
    others=Redirect("/django-admin/login/"),
    ada=Redirect("/accounts/password/change/"),
    ada_glass=Redirect("/accounts/password/change/"),
)
ROWS = AccessRows(
    label="accounts",
    order=10,
    records=records,
    get={
        "home": row(
            anonymous=LOGIN,
            others=404,
            alice=Redirect("/me/"),
            mallory=Redirect("/me/"),
            dan=Redirect("/me/"),
            bob=CASELOAD,
            sam=CASELOAD,
            eve=CASELOAD,
            carol=Redirect("/support/supporting/"),
            ivy=Redirect("/institute/staff/"),
            max=Redirect("/members/"),
            ada=Redirect("/administration/"),
            ada_glass=Redirect("/administration/"),
        ),
        # Nothing waits to be linked in these sessions: a supporter invitation sets it.
        "link_invitation": row(anonymous=LOGIN, others=404),
        # Everyone signed in has their own notifications.
        "notifications": row(anonymous=LOGIN, others=200),
        "staff_home": row(anonymous=LOGIN, others=404, ivy=200),
        "admin_home": row(anonymous=LOGIN, others=404, ada=200, ada_glass=200),
        # A valid link to an address without an account continues to sign-up; a signed-in
        # person goes on to the linking page, which says (409) that it was sent to another
        # address (nobody in the cast holds newclient@example.org).
        "accept_invitation": row(
            anonymous=Redirect("/accounts/signup/"), others=Redirect("/invitation/link/")
        ),
        # The Django admin has no password form of its own: it sends people to the real
        # sign-in, with its second step and its limits.
        "admin:login": row(
            anonymous=Redirect("/accounts/login/"),
            others=404,
            ada=Redirect("/django-admin/"),
            ada_glass=Redirect("/django-admin/"),
        ),
        # Nor a password form: administrators change theirs on the real account page.
        "admin:password_change": ADMIN_PASSWORD,
        "admin:password_change_done": ADMIN_PASSWORD,
    },
    post={
        "link_invitation": row(anonymous=LOGIN, others=404),
        "notifications": row(anonymous=LOGIN, others=Redirect("/notifications/")),
        # Alice's notification: only she can open it.
        "open_notification": row(anonymous=LOGIN, others=404, alice=Redirect("/notifications/")),
        "admin:password_change": ADMIN_PASSWORD,
        "admin:password_change_done": ADMIN_PASSWORD,
        "admin:login": row(
            anonymous=Redirect("/accounts/login/"),
            others=404,
            ada=Redirect("/django-admin/"),
            ada_glass=Redirect("/django-admin/"),
        ),
    },
    # Write nothing: they only send people to the real sign-in and password pages.
    no_form={
        "notifications",
        "open_notification",
        "admin:login",
        "admin:password_change",
        "admin:password_change_done",
    },
    kwargs_for={
        "accept_invitation": {"token": lambda world: world.records["accounts"].invitation_token},
        "open_notification": {
            "notification_id": lambda world: world.records["accounts"].notification_id
        },
    },
)
