"""What the workbook adds to the shared places: on the client's record, the tasks waiting for
the care team's review."""

from typing import Any

from django.http import HttpRequest

from threecircles.accounts.models import CLINICAL_ROLES, User
from threecircles.accounts.registry import Home, HomePanel, register_panel
from threecircles.recovery.workbook_actions import waiting_for_review


def _waiting(request: HttpRequest, client: User) -> dict[str, Any] | None:
    if getattr(request.user, "role", None) not in CLINICAL_ROLES:
        return None
    return {"client": client, "waiting": waiting_for_review(client)}


def register() -> None:
    register_panel(
        HomePanel(
            Home.RECORD, "recovery-workbook", "recovery/panels/workbook_record.html", 25, _waiting
        )
    )
