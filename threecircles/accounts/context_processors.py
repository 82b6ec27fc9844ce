from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from threecircles.accounts.models import Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Role-aware navigation: each person sees the places their role uses."""
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = []
    role = getattr(user, "role", None) if user and user.is_authenticated else None
    if role == Role.CLIENT:
        items = [
            ("Home", reverse("client_home")),
            ("Questionnaires", reverse("screening:my_questionnaires")),
            ("My supporters", reverse("network:my_supporters")),
            ("Who has seen my record", reverse("privacy:my_access_log")),
        ]
    elif role in (Role.CLINICIAN, Role.SUPERVISOR):
        items = [
            ("Caseload", reverse("care:caseload")),
            ("Invite a client", reverse("care:invite_client")),
            ("Providers", reverse("screening:providers")),
        ]
        if role == Role.SUPERVISOR:
            items.append(("Licensed instruments", reverse("screening:licensed_text")))
    elif role == Role.SUPPORTER:
        items = [("People I support", reverse("network:supporter_home"))]
    elif role == Role.STAFF:
        items = [
            ("Institute", reverse("staff_home")),
            ("Licensed instruments", reverse("screening:licensed_text")),
        ]
    elif role == Role.ADMIN:
        items = [
            ("Administration", reverse("admin_home")),
            ("Emergency access", reverse("privacy:break_glass_list")),
        ]
    if role:
        items.append(("Account security", reverse("mfa_index")))
    return {"nav_items": items, "user_role": role, "show_crisis": role in (None, Role.CLIENT)}
