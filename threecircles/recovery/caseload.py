"""What the caseload shows of recovery: who has stopped checking in, and recent slips the
client chose to tell their care team. Rows' dates only: nothing is decrypted here."""

from datetime import timedelta
from typing import Any

from django.db.models import Max
from django.utils import timezone

from threecircles.recovery.models import CheckIn, Slip
from threecircles.recovery.summary import MISSED_AFTER_DAYS


def caseload_attention(client_ids: list[int]) -> dict[str, Any]:
    today = timezone.localdate()
    last = (
        CheckIn.objects.filter(client_id__in=client_ids)
        .values("client_id", "client__display_name")
        .annotate(last=Max("day"))
        .order_by("client__display_name")
    )
    missed = [
        {"client_id": row["client_id"], "name": row["client__display_name"], "last": row["last"]}
        for row in last
        if row["last"] < today - timedelta(days=MISSED_AFTER_DAYS)
    ]
    slips = (
        Slip.objects.filter(client_id__in=client_ids, day__gte=today - timedelta(days=7))
        .told_care_team()
        .select_related("client")
        .order_by("-day")
    )
    return {"missed_check_ins": missed, "recent_slips": list(slips)}
