"""Recovery operations with side effects. Each is called by a view that fetched the client
through `privacy.access.get_client_for`; each write is logged here."""

import uuid
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.accounts.registry import raise_urgent_alert
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action, Basis, Grant
from threecircles.recovery.models import (
    CheckIn,
    Circle,
    EnvironmentChange,
    JSONSealed,
    PlanVersion,
    RecoverySettings,
    Slip,
    Trigger,
)
from threecircles.recovery.progress import Progress, build_days, compute, local_today


class RecoveryError(Exception):
    pass


def _log(actor: User | None, client: User, action: str, what: str, obj: Any = None) -> None:
    own = actor is not None and actor.pk == client.pk
    record_access(
        actor=actor,
        client_id=client.pk,
        action=action,
        what=what,
        reason="Own record" if own else "Care team" if actor else "Reminder",
        basis=Basis.SELF if own else Basis.CARE_TEAM if actor else Basis.SYSTEM,
        object_id=str(obj.pk) if obj is not None else "",
    )


def settings_for(client: User) -> RecoverySettings:
    """The client's settings; unsaved defaults until they save some (a read never writes)."""
    found = RecoverySettings.objects.filter(client=client).first()
    return found or RecoverySettings(client=client)


def today_for(client: User) -> date:
    return local_today(settings_for(client).time_zone)


# --- the healthy sex plan -------------------------------------------------------------------


def current_plan(client: User) -> PlanVersion | None:
    return PlanVersion.objects.for_client(client.pk).order_by("-number").first()


def _describe_changes(
    before: dict[str, list[dict[str, str]]], after: dict[str, list[dict[str, str]]]
) -> list[str]:
    changes = []
    for circle in Circle:
        old = {item["id"]: item for item in before.get(circle.value, [])}
        new = {item["id"]: item for item in after.get(circle.value, [])}
        name = circle.label.lower()
        for item_id, item in new.items():
            if item_id not in old:
                changes.append(f"Added to the {name}: {item['text']}")
            elif old[item_id] != item:
                changes.append(f"Changed in the {name}: {item['text']}")
        for item_id, item in old.items():
            if item_id not in new:
                changes.append(f"Taken out of the {name}: {item['text']}")
    return changes


@transaction.atomic
def write_plan(
    *, client: User, author: User, items: dict[str, list[dict[str, str]]]
) -> PlanVersion | None:
    """A new version if anything changed (else None). Items keep their ids across versions, so
    check-ins that picked them stay readable."""
    for circle_items in items.values():
        for item in circle_items:
            item.setdefault("id", uuid.uuid4().hex[:12])
            item.setdefault("note", "")
    previous = current_plan(client)
    before = previous.items if previous else {c.value: [] for c in Circle}
    changes = _describe_changes(before, items)
    if not changes:
        return None
    version = PlanVersion(
        client=client,
        number=(previous.number if previous else 0) + 1,
        written_by=author,
    )
    version.items = items
    version.changes_sealed = JSONSealed.dump(changes)
    version.save()
    _log(author, client, Action.CREATE, "healthy sex plan", version)
    return version


@transaction.atomic
def sign_plan(*, version: PlanVersion, client: User) -> None:
    if version.client_id != client.pk:
        raise RecoveryError("Only the person whose plan it is can sign it.")
    if version.signed_at is None:
        version.signed_at = timezone.now()
        version.save(update_fields=["signed_at"])
        _log(client, client, Action.UPDATE, "healthy sex plan (signed)", version)


@transaction.atomic
def cosign_plan(*, version: PlanVersion, cosigner: User, role: str, basis: str) -> None:
    """A clinician or a sponsor co-signs the version the client signed."""
    if version.signed_at is None:
        raise RecoveryError("The plan must be signed by its owner first.")
    if version.cosigned_at is not None:
        raise RecoveryError("This version is already co-signed.")
    version.cosigned_by, version.cosigner_role = cosigner, role
    version.cosigned_at = timezone.now()
    version.save(update_fields=["cosigned_by", "cosigner_role", "cosigned_at"])
    record_access(
        actor=cosigner,
        client_id=version.client_id,
        action=Action.UPDATE,
        what="healthy sex plan (co-signed)",
        reason=role,
        basis=basis,
        object_id=str(version.pk),
    )


# --- check-ins ------------------------------------------------------------------------------


@transaction.atomic
def save_check_in(
    *,
    client: User,
    day: date,
    answers: dict[str, Any],
    note: str,
    device_id: uuid.UUID | None = None,
    new_trigger: tuple[str, str] | None = None,
) -> tuple[CheckIn, bool]:
    """Create or change the day's check-in. Returns (check-in, created). A check-in sent
    again from the device with the same id changes nothing (offline, then online)."""
    today = today_for(client)
    if day > today:
        raise RecoveryError("A check-in cannot be for a day that has not come yet.")
    if device_id is not None:
        sent = CheckIn.objects.filter(client=client, device_id=device_id).first()
        if sent is not None:
            return sent, False
    if new_trigger is not None:
        kind, name = new_trigger
        trigger = Trigger.objects.create(client=client, kind=kind, name=name)
        answers = {**answers, "triggers": [*answers.get("triggers", []), str(trigger.pk)]}
    check_in = CheckIn.objects.select_for_update().filter(client=client, day=day).first()
    created = check_in is None
    if check_in is None:
        check_in = CheckIn(client=client, day=day, late=day < today, device_id=device_id)
    check_in.answers = answers
    check_in.note = note
    check_in.updated_at = timezone.now()
    try:
        with transaction.atomic():
            check_in.save()
    except IntegrityError:
        # The same check-in sent twice at the same moment (or the day taken meanwhile): the
        # one that got there first stands.
        first = CheckIn.objects.filter(client=client, day=day).first()
        if first is None:
            raise
        return first, False
    _log(client, client, Action.CREATE if created else Action.UPDATE, "check-in", check_in)
    return check_in, created


def progress_for(client: User, today: date | None = None) -> Progress:
    settings = settings_for(client)
    today = today or local_today(settings.time_zone)
    rows = []
    for check_in in CheckIn.objects.for_client(client.pk).filter(day__lte=today):
        answers = check_in.answers
        rows.append((check_in.day, bool(answers.get("inner_kept")), bool(answers.get("middle"))))
    slip_days = (
        Slip.objects.for_client(client.pk).filter(day__lte=today).values_list("day", flat=True)
    )
    return compute(
        days=build_days(rows, slip_days), today=today, sobriety_date=settings.sobriety_date
    )


# --- slips ----------------------------------------------------------------------------------

# The review follows the addiction cycle, then asks what to learn from it.
REVIEW_STEPS = [
    (
        "preoccupation",
        "Before: what were you thinking about or feeling in the hours or days before?",
    ),
    ("ritualization", "What did you do that led towards it (places, devices, routines)?"),
    ("acting_out", "What happened? Say as much or as little as you like."),
    ("despair", "How are you feeling about it now?"),
    ("triggered_by", "What set it off, as far as you can tell?"),
    ("missing", "What was missing (sleep, food, company, a call to someone)?"),
    ("helped", "What helped, or would have helped?"),
    ("change", "What would you like to do differently next time?"),
]


@transaction.atomic
def report_slip(*, client: User, day: date) -> Slip:
    today = today_for(client)
    if day > today:
        raise RecoveryError("A slip cannot be on a day that has not come yet.")
    if day < today - timedelta(days=366):
        raise RecoveryError("Choose a day in the past year.")
    slip = Slip.objects.create(client=client, day=day)
    _log(client, client, Action.CREATE, "slip", slip)
    return slip


@transaction.atomic
def save_slip_review(
    *,
    slip: Slip,
    answers: dict[str, str],
    proposals: list[dict[str, str]],
    thoughts_of_harm: bool,
    complete: bool,
) -> None:
    """Keep the review; a despair or self-harm answer raises the care team's urgent alert at
    once (the client is shown the safety plan by the view)."""
    review = {**slip.review, **answers, "thoughts_of_harm": thoughts_of_harm}
    slip.review = review
    known = {p["text"]: p for p in slip.proposals}
    slip.proposals = [
        known.get(p["text"]) or {"id": uuid.uuid4().hex[:12], **p, "decision": None}
        for p in proposals
    ]
    if complete and slip.reviewed_at is None:
        slip.reviewed_at = timezone.now()
    slip.save()
    client = slip.client
    _log(client, client, Action.UPDATE, "slip review", slip)
    if thoughts_of_harm:
        note_thoughts_of_harm(slip=slip)
    elif review.get("alert_raised"):
        # Answered "no" now: a later "yes" is new, and alerts again.
        slip.review = {**review, "alert_raised": False}
        slip.save(update_fields=["review_sealed"])


@transaction.atomic
def note_thoughts_of_harm(*, slip: Slip) -> bool:
    """Alert the care team at once (once per "yes"). Returns whether there is a care team to
    alert; the alert is kept either way, for whoever joins the team."""
    review = slip.review
    if not review.get("alert_raised"):
        raise_urgent_alert(client=slip.client, source="slip review", source_id=str(slip.pk))
        slip.review = {**review, "thoughts_of_harm": True, "alert_raised": True}
        slip.save(update_fields=["review_sealed"])
    return Grant.objects.care_team_of(slip.client).exists()


@transaction.atomic
def decide_proposal(*, slip: Slip, proposal_id: str, accept: bool) -> None:
    """The client accepts a proposed change (it goes into the plan or the environment plan)
    or leaves it."""
    proposals = slip.proposals
    chosen = next((p for p in proposals if p["id"] == proposal_id), None)
    if chosen is None or chosen.get("decision"):
        raise RecoveryError("This proposal was already decided.")
    chosen["decision"] = "accepted" if accept else "declined"
    slip.proposals = proposals
    slip.save(update_fields=["proposals_sealed"])
    client = slip.client
    if accept and chosen["kind"] == "middle":
        plan = current_plan(client)
        items = plan.items if plan else {c.value: [] for c in Circle}
        items[Circle.MIDDLE].append({"text": chosen["text"], "note": "From a slip review"})
        write_plan(client=client, author=client, items=items)
    elif accept and chosen["kind"] == "environment":
        change = EnvironmentChange(client=client, text=chosen["text"], from_slip=slip)
        change.save()
    _log(client, client, Action.UPDATE, "slip review (a proposed change)", slip)


@transaction.atomic
def set_slip_sharing(*, slip: Slip, tell_care_team: bool, supporters: list[int]) -> None:
    slip.tell_care_team = tell_care_team
    slip.told_supporters = sorted(set(supporters))
    slip.save(update_fields=["tell_care_team", "told_supporters"])
    _log(slip.client, slip.client, Action.UPDATE, "slip (who is told)", slip)


@transaction.atomic
def save_settings(
    *,
    client: User,
    time_zone: str,
    sobriety_date: date | None,
    reminder_time: Any,
    country: str,
) -> RecoverySettings:
    current = settings_for(client)
    current.time_zone = time_zone
    current.sobriety_date = sobriety_date
    if current.reminder_time != reminder_time:
        current.last_reminded_on = None
    current.reminder_time = reminder_time
    current.country = country
    current.save()
    _log(client, client, Action.UPDATE, "recovery settings", current)
    return current
