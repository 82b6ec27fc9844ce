from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import Notification, Role, User
from threecircles.accounts.registry import nav_for, quick_links_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Each person sees the places they use; every app registers its own links."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"nav_items": [], "quick_links": [], "user_role": None, "show_crisis": True}
    return {
        "nav_items": nav_for(user),
        "quick_links": quick_links_for(user),
        "user_role": user.role,
        "unread_notifications": Notification.objects.for_person(user).unread().count(),
        # Crisis help one tap away for everyone who is not staff.
        "show_crisis": user.role in (Role.CLIENT, Role.SUPPORTER),
    }
