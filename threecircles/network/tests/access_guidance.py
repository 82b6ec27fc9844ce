"""The access-matrix rows of the guides for supporters: general texts with nothing of any
client in them, so everyone signed in may read them (clients too, to see what their supporters
read); the anonymous visitor is sent to sign in. An unknown guide's 404 is in
test_guidance.py."""

from threecircles.tests.matrix import LOGIN, AccessRows, row

ROWS = [
    AccessRows(
        label="network_guidance",
        order=48,
        get={
            "network:guide": row(anonymous=LOGIN, others=200),
            "network:guide_for": row(anonymous=LOGIN, others=200),
        },
        kwargs_for={"network:guide_for": {"relationship": lambda world: "partner"}},
    )
]
