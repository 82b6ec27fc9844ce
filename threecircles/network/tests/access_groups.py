"""The access-matrix rows of the groups pages.

Bob facilitates a therapy group; Alice (his client) and Dan (Eve's client) are members, and
Alice shares her milestones with it. Mallory is invited and has not answered: she sees the
invitation on "My groups" and nothing of the group. Clinicians with a practice (Bob, Sam, Eve)
may start groups, so "My groups" opens for them; everyone else without a tie gets 404.
"""

from dataclasses import dataclass

from django.utils import timezone

from threecircles.network import groups
from threecircles.network.models import GroupKind, GroupMembership, SupportGroup
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row


@dataclass
class GroupRecords:
    group: SupportGroup
    invitation: GroupMembership  # Mallory's, not answered yet


def records(world: World) -> GroupRecords:
    group = groups.create_group(
        facilitator=world.people["bob"],
        name="Tuesday group",
        kind=GroupKind.THERAPY,
        meets="Tuesdays 18:30",
    )
    alice = groups.add_member_directly(group=group, person=world.alice)
    groups.add_member_directly(group=group, person=world.dan)
    groups.set_group_sharing(membership=alice, milestones=True, support_requests=False)
    # As if asked: Mallory is on no caseload of Bob's, so `ask_to_join` would refuse her, and
    # the matrix needs someone with an open invitation.
    invitation = GroupMembership.objects.create(group=group, person=world.people["mallory"])
    return GroupRecords(group, invitation)


def _records(world: World) -> GroupRecords:
    found: GroupRecords = world.records["network_groups"]
    return found


GROUP = Redirect("/support/groups/{group_id}/")
MY_GROUPS = Redirect("/support/groups/")
MAY_START = {"bob": 200, "sam": 200, "eve": 200}

ROWS = [
    AccessRows(
        label="network_groups",
        order=45,
        records=records,
        get={
            # Clients (in, invited or not), and clinicians who may start a group.
            "network:group_list": row(
                anonymous=LOGIN, others=404, alice=200, dan=200, mallory=200, **MAY_START
            ),
            "network:group_create": row(anonymous=LOGIN, others=404, **MAY_START),
            # The facilitator and current members; Mallory, only invited, gets 404; so do
            # Sam (Bob's supervisor) and Ada with emergency access on Alice's record.
            "network:group_detail": row(anonymous=LOGIN, others=404, bob=200, alice=200, dan=200),
            "network:group_attendance": row(anonymous=LOGIN, others=404, bob=200),
        },
        post={
            # An empty form is shown again with its errors.
            "network:group_create": row(anonymous=LOGIN, others=404, **MAY_START),
            "network:group_ask": row(anonymous=LOGIN, others=404, bob=200),
            "network:group_attendance": row(anonymous=LOGIN, others=404, bob=200),
            "network:group_sharing": row(anonymous=LOGIN, others=404, alice=GROUP, dan=GROUP),
            "network:group_leave": row(anonymous=LOGIN, others=404, alice=MY_GROUPS, dan=MY_GROUPS),
            "network:group_end": row(anonymous=LOGIN, others=404, bob=MY_GROUPS),
            # `group_member_id` is Mallory's open invitation.
            "network:group_accept": row(anonymous=LOGIN, others=404, mallory=GROUP),
            "network:group_decline": row(anonymous=LOGIN, others=404, mallory=MY_GROUPS),
            "network:group_remove": row(anonymous=LOGIN, others=404, bob=GROUP),
        },
        kwargs={
            "group_id": lambda world: _records(world).group.pk,
            "group_member_id": lambda world: _records(world).invitation.pk,
        },
        no_form={
            "network:group_leave",
            "network:group_end",
            "network:group_accept",
            "network:group_decline",
            "network:group_remove",
        },
        payloads={
            "network:group_create": lambda world: {"name": "Matrix group", "kind": "peer"},
            "network:group_ask": lambda world: {"person": str(world.people["mallory"].pk)},
            "network:group_attendance": lambda world: {
                "day": timezone.localdate().isoformat(),
                "present": [str(world.alice.pk)],
            },
            "network:group_sharing": lambda world: {
                "shares_milestones": "on",
                "shares_support_requests": "on",
            },
        },
    )
]
