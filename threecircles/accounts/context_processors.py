from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import Notification, Role, User
from threecircles.accounts.registry import nav_for, public_links, quick_links_for
from threecircles.lib.pagecache import cached_part


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Each person sees the places they use; every app registers its own links."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {
            "nav_items": [],
            "quick_links": [],
            "public_links": public_links(),
            "user_role": None,
            "show_crisis": True,
        }
    # Asked on every page, and it asks several apps about this person's ties: kept between
    # changes like other page parts (lib/pagecache.py).
    links = cached_part(
        f"nav:{user.pk}:{user.role}",
        lambda: {"nav": nav_for(user), "quick": quick_links_for(user)},
    )
    return {
        "nav_items": [tuple(item) for item in links["nav"]],
        "quick_links": [tuple(item) for item in links["quick"]],
        "public_links": public_links(),
        "user_role": user.role,
        "unread_notifications": Notification.objects.for_person(user).unread().count(),
        # Crisis help one tap away for everyone who is not staff.
        "show_crisis": user.role in (Role.CLIENT, Role.SUPPORTER),
    }
