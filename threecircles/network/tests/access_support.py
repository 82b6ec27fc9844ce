"""The access-matrix rows of support requests: Alice asked for support and Carol, who sees her
support requests, was asked. Dan supports Alice too but was not asked (she does not share
support requests with him)."""

from dataclasses import dataclass

from threecircles.network.models import SupportMember, SupportRequest
from threecircles.network.support import ask_for_support
from threecircles.privacy.actions import set_supporter_scopes
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row


@dataclass
class Records:
    request_id: int
    notice_id: int
    carol_member_id: int


def records(world: World) -> Records:
    carol = world.people["carol"]
    member = SupportMember.objects.get(client=world.alice, invitation__accepted_by=carol)
    # Her sobriety and check-ins stay shared (other rows read them); support requests join.
    set_supporter_scopes(
        client=world.alice,
        invitation=member.invitation,
        relationship=member.relationship,
        scopes=["sobriety", "checkins", "support_requests"],
    )
    request = ask_for_support(client=world.alice)
    notice = request.notices.get(person=carol)
    return Records(request_id=request.pk, notice_id=notice.pk, carol_member_id=member.pk)


def _newest_request_id(world: World) -> int:
    """The request a POST to "I need support now" just made, whoever made it."""
    newest = SupportRequest.objects.order_by("-pk").values_list("pk", flat=True).first()
    return newest or 0


CLIENTS = row(anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200)
ASKED = Redirect("/support/need-support/{newest_support_request_id}/")
HER_REQUEST = Redirect("/support/need-support/{support_request_id}/")

ROWS = [
    AccessRows(
        label="network_support",
        order=40,
        records=records,
        get={
            "network:support_now": CLIENTS,
            "network:support_settings": CLIENTS,
            "network:support_request": row(anonymous=LOGIN, others=404, alice=200),
            # Only the person asked: not Dan, who supports Alice too, nor her clinician.
            "network:support_notice": row(anonymous=LOGIN, others=404, carol=200),
        },
        post={
            # Each client asks their own people; Mallory and Dan have nobody to ask, so their
            # request opens the safety plan at once.
            "network:support_now": row(
                anonymous=LOGIN, others=404, alice=ASKED, mallory=ASKED, dan=ASKED
            ),
            # An empty form: the page again, with what is missing.
            "network:support_settings": CLIENTS,
            "network:support_close": row(anonymous=LOGIN, others=404, alice=HER_REQUEST),
            "network:support_notice": row(anonymous=LOGIN, others=404, carol=200),
        },
        kwargs={
            "support_request_id": lambda world: world.records["network_support"].request_id,
            "support_notice_id": lambda world: world.records["network_support"].notice_id,
            "newest_support_request_id": _newest_request_id,
        },
        no_form={"network:support_now", "network:support_close"},
        payloads={
            "network:support_settings": lambda world: {
                "wait_minutes": "5",
                f"round_{world.records['network_support'].carol_member_id}": "2",
            },
            "network:support_notice": lambda world: {"answer": "calling"},
        },
    )
]
