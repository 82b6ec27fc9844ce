"""Operations for the everyday tools (safety plan, journal, triggers and environment); each
write is logged on the client's own chain."""

from datetime import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action, Basis
from threecircles.recovery.models import (
    EnvironmentChange,
    EnvironmentStatus,
    HighRiskTime,
    JournalEntry,
    SafetyPlan,
    Trigger,
)


def _own(client: User, action: str, what: str, obj: Any) -> None:
    record_access(
        actor=client,
        client_id=client.pk,
        action=action,
        what=what,
        reason="Own record",
        basis=Basis.SELF,
        object_id=str(obj.pk),
    )


@transaction.atomic
def save_safety_plan(*, client: User, sections: dict[str, list[str]]) -> SafetyPlan:
    plan = SafetyPlan.objects.select_for_update().filter(client=client).first()
    created = plan is None
    plan = plan or SafetyPlan(client=client)
    plan.sections = sections
    plan.updated_at = timezone.now()
    plan.save()
    _own(client, Action.CREATE if created else Action.UPDATE, "safety plan", plan)
    return plan


@transaction.atomic
def write_journal(*, client: User, title: str, body: str) -> JournalEntry:
    entry = JournalEntry(client=client, title=title.strip(), body=body)
    entry.save()
    _own(client, Action.CREATE, "journal", entry)
    return entry


@transaction.atomic
def edit_journal(*, entry: JournalEntry, title: str, body: str) -> None:
    entry.title, entry.body = title.strip(), body
    entry.updated_at = timezone.now()
    entry.save()
    _own(entry.client, Action.UPDATE, "journal", entry)


@transaction.atomic
def share_journal_entry(*, entry: JournalEntry, share: bool) -> None:
    entry.shared_with_care_team_at = timezone.now() if share else None
    entry.save(update_fields=["shared_with_care_team_at"])
    what = "journal entry (shared with your care team)" if share else "journal entry (private)"
    _own(entry.client, Action.UPDATE, what, entry)


@transaction.atomic
def add_trigger(*, client: User, name: str, kind: str) -> Trigger:
    trigger = Trigger(client=client, name=name.strip(), kind=kind)
    trigger.save()
    _own(client, Action.CREATE, "triggers", trigger)
    return trigger


@transaction.atomic
def add_environment_change(*, client: User, text: str) -> EnvironmentChange:
    change = EnvironmentChange(client=client, text=text.strip())
    change.save()
    _own(client, Action.CREATE, "environment plan", change)
    return change


@transaction.atomic
def add_high_risk_time(
    *,
    client: User,
    label: str,
    weekdays: list[str],
    starts_at: time,
    ends_at: time,
    remind: bool,
) -> HighRiskTime:
    window = HighRiskTime(
        client=client,
        label=label.strip(),
        weekdays="".join(sorted(set(weekdays))),
        starts_at=starts_at,
        ends_at=ends_at,
        remind=remind,
    )
    window.save()
    _own(client, Action.CREATE, "high-risk times", window)
    return window


@transaction.atomic
def change_environment_item(*, item: Any, status: str, remove: bool) -> None:
    client = item.client
    _own(client, Action.DELETE if remove else Action.UPDATE, "triggers and environment", item)
    if isinstance(item, Trigger):
        if remove:
            item.archived_at = timezone.now()
            item.save(update_fields=["archived_at"])
    elif remove:
        item.delete()
    elif isinstance(item, EnvironmentChange) and status in EnvironmentStatus.values:
        item.status = status
        item.updated_at = timezone.now()
        item.save(update_fields=["status", "updated_at"])
