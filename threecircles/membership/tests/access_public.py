"""The access-matrix rows of the membership's public part: what membership is, the
application form and its thank-you page are open to everyone alike (the matrix's empty
application is turned back with 400)."""

from typing import Any

from threecircles.membership.tests.access_member import make_member_type
from threecircles.tests.matrix import AccessRows, World, row

PUBLIC = row(anonymous=200, others=200)


def records(world: World) -> dict[str, Any]:
    return {"type": make_member_type("matrix-public-type", name="Matrix public type").pk}


ROWS = [
    AccessRows(
        label="membership-public",
        records=records,
        get={
            "membership:join": PUBLIC,
            "membership:apply": PUBLIC,
            "membership:applied": PUBLIC,
        },
        post={"membership:apply": row(anonymous=400, others=400)},
        payloads={
            "membership:apply": lambda world: {
                "member_type": str(world.records["membership-public"]["type"]),
                "name": "Matrix Applicant",
                "email": "applicant@example.org",
                "profession": "Licensed professional counselor",
                "statement": "I run groups for people affected by compulsive sexual behavior.",
            }
        },
    )
]
