"""What the caseload shows first for the clients a clinician can see."""

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from threecircles.screening.models import Intake, Referral, ReportingReview, SafetyAlert


def caseload_attention(
    client_ids: list[int], *, supervisor: bool = False
) -> dict[str, QuerySet[Any]]:
    """What the caseload shows first: urgent alerts, triage waiting, reports to review,
    referral follow-ups due."""
    today = timezone.localdate()
    return {
        "alerts": SafetyAlert.objects.open()
        .filter(client_id__in=client_ids)
        .select_related("client"),
        "triage_waiting": Intake.objects.filter(
            client_id__in=client_ids, status=Intake.Status.READY
        ).select_related("client"),
        "reports_open": ReportingReview.objects.filter(
            client_id__in=client_ids, decided_at__isnull=True
        ).select_related("client"),
        "reports_to_sign": ReportingReview.objects.filter(
            client_id__in=client_ids,
            decided_at__isnull=False,
            supervisor_signed_at__isnull=True,
            intake__practice__reporting_needs_supervisor=True,
        ).select_related("client")
        if supervisor
        else ReportingReview.objects.none(),
        "follow_ups": Referral.objects.active()
        .filter(client_id__in=client_ids, follow_up_on__lte=today + timedelta(days=7))
        .select_related("client", "provider"),
    }
