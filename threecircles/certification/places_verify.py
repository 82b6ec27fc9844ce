"""What the certification's verify part adds to shared places: "Verify a certificate" among
the public links."""

from threecircles.accounts.registry import PublicLink, register_public_link


def register() -> None:
    register_public_link(PublicLink("Verify a certificate", "certification:verify_form", 85))
