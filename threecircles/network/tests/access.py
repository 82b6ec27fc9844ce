"""The access-matrix rows of network's pages: a client's supporters, and the supporter's
pages (Carol, a supporter account; Dan, a client who is also in Alice's group)."""

from threecircles.network.models import SupportMember
from threecircles.network.tests import access_groups, access_guidance, access_rhythm, access_support
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row


def records(world: World) -> SupportMember:
    """Carol's membership in Alice's network."""
    return SupportMember.objects.get(
        client=world.alice, invitation__accepted_by=world.people["carol"]
    )


MINE = Redirect("/support/my-supporters/")
BASE = AccessRows(
    label="network",
    order=30,
    records=records,
    get={
        "network:supporter_home": row(anonymous=LOGIN, others=404, carol=200, dan=200),
        # What Alice shares: with Carol and with Dan. Bob, her clinician, reads her record
        # instead; this page is only for the people she chose.
        "network:supporting": row(anonymous=LOGIN, others=404, carol=200, dan=200),
        "network:my_supporters": row(anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200),
    },
    post={
        "network:my_supporters": row(anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200),
        # `member_id` is Carol's membership in Alice's network: Mallory and Dan are clients
        # too, but it is not theirs.
        "network:update_sharing": row(anonymous=LOGIN, others=404, alice=MINE),
        "network:revoke": row(anonymous=LOGIN, others=404, alice=MINE),
    },
    kwargs={"member_id": lambda world: world.records["network"].pk},
    no_form={"network:revoke"},
    payloads={
        "network:my_supporters": lambda world: {
            "email": "matrix-jo@example.net",
            "name": "Jo",
            "relationship": "friend",
            "scopes": ["plan"],
        },
        "network:update_sharing": lambda world: {
            f"m{world.records['network'].pk}-scopes": ["plan", "slips"]
        },
    },
)

# Each part of network brings its own rows (support requests, groups, rhythm, guidance).
ROWS = [
    BASE,
    *access_support.ROWS,
    *access_groups.ROWS,
    *access_rhythm.ROWS,
    *access_guidance.ROWS,
]
