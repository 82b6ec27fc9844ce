"""What the membership's public part adds to shared places: "Membership" among the public
links."""

from threecircles.accounts.registry import PublicLink, register_public_link


def register() -> None:
    register_public_link(PublicLink("Membership", "membership:join", 55))
