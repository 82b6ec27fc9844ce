"""What the client's care team and supporters are shown, computed from the client's records.
Callers fetched the client through `get_client_for`, with the right scope."""

from datetime import date, timedelta
from typing import Any

from threecircles.accounts.models import User
from threecircles.recovery.actions import current_plan, progress_for, today_for
from threecircles.recovery.models import CheckIn, Slip

MISSED_AFTER_DAYS = 3


def check_in_regularity(client: User, days: int = 30) -> dict[str, Any]:
    today = today_for(client)
    first = today - timedelta(days=days - 1)
    done = CheckIn.objects.for_client(client.pk).between(first, today).count()
    last = CheckIn.objects.for_client(client.pk).order_by("-day").values_list("day", flat=True)
    return {"days": days, "checked_in": done, "last": last.first()}


def middle_circle_days(client: User, days: int = 14) -> list[date]:
    today = today_for(client)
    rows = CheckIn.objects.for_client(client.pk).between(today - timedelta(days=days - 1), today)
    return sorted(c.day for c in rows if c.answers.get("middle"))


def slips_told_to(client: User, invitation_id: int | None) -> list[Slip]:
    """Slips the client chose to tell this supporter (by the invitation they joined with)."""
    if invitation_id is None:
        return []
    return [
        slip
        for slip in Slip.objects.for_client(client.pk).order_by("-day")[:50]
        if invitation_id in slip.told_supporters
    ]


def supporter_summary(client: User) -> dict[str, Any]:
    progress = progress_for(client)
    return {"progress": progress}


def record_summary(client: User) -> dict[str, Any]:
    """For the care team, on the client's record."""
    return {
        "client": client,
        "progress": progress_for(client),
        "regularity": check_in_regularity(client),
        "plan": current_plan(client),
        "slips": Slip.objects.for_client(client.pk).told_care_team()[:5],
    }
