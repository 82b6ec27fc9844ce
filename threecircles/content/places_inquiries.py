"""What the inquiries part adds to shared places: "Contact" among the public links, and
"Inquiries waiting" on the staff home."""

from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import Role, User
from threecircles.accounts.registry import (
    Home,
    HomePanel,
    PublicLink,
    register_panel,
    register_public_link,
)
from threecircles.content.views_inquiries import waiting_for


def _waiting(request: HttpRequest, person: User) -> dict[str, Any] | None:
    return waiting_for(person) if person.role == Role.STAFF else None


def register() -> None:
    register_public_link(PublicLink("Contact", "content:contact", 90))
    register_panel(
        HomePanel(
            Home.STAFF, "content-inquiries", "content/inquiries/staff_panel.html", 10, _waiting
        )
    )
