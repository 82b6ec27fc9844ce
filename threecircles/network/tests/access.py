"""The access-matrix rows of network's pages: a client's supporters, and the supporter's
pages (Carol, a supporter account; Dan, a client who is also in Alice's group)."""

from datetime import date, timedelta

from threecircles.network.models import SupportMember
from threecircles.network.tests import access_groups, access_guidance, access_rhythm, access_support
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row


def records(world: World) -> SupportMember:
    """Carol's membership in Alice's network."""
    return SupportMember.objects.get(
        client=world.alice, invitation__accepted_by=world.people["carol"]
    )


MINE = Redirect("/support/my-supporters/")
CAROL = Redirect("/support/my-supporters/{member_id}/")
BASE = AccessRows(
    label="network",
    order=30,
    records=records,
    get={
        "network:supporter_home": row(anonymous=LOGIN, others=404, carol=200, dan=200),
        # What Alice shares: with Carol and with Dan. Bob, her clinician, reads her record
        # instead; this page is only for the people she chose.
        "network:supporting": row(anonymous=LOGIN, others=404, carol=200, dan=200),
        # The other side: Dan supports Alice, and shares nothing with anyone, so nobody,
        # Alice included, has a page for him.
        "network:supporting@dan": row(anonymous=LOGIN, others=404),
        "network:my_supporters": row(anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200),
        # Carol's place in Alice's network, and "see what Carol sees": Alice's alone.
        "network:member": row(anonymous=LOGIN, others=404, alice=200),
        "network:preview": row(anonymous=LOGIN, others=404, alice=200),
    },
    post={
        "network:my_supporters": row(anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200),
        # `member_id` is Carol's membership in Alice's network: Mallory and Dan are clients
        # too, but it is not theirs.
        "network:update_sharing": row(anonymous=LOGIN, others=404, alice=CAROL),
        # An empty form: the day is missing, said on the page.
        "network:pause": row(anonymous=LOGIN, others=404, alice=400),
        "network:resume": row(anonymous=LOGIN, others=404, alice=CAROL),
        "network:revoke": row(anonymous=LOGIN, others=404, alice=MINE),
    },
    kwargs={"member_id": lambda world: world.records["network"].pk},
    variants={"network:supporting@dan": {"client_id": lambda world: world.dan.pk}},
    no_form={"network:revoke", "network:resume"},
    payloads={
        "network:my_supporters": lambda world: {
            "email": "matrix-jo@example.net",
            "name": "Jo",
            "relationship": "friend",
            "scopes": ["plan"],
        },
        "network:update_sharing": lambda world: {"scopes": ["plan", "slips"]},
        "network:pause": lambda world: {"through": (date.today() + timedelta(days=3)).isoformat()},
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
