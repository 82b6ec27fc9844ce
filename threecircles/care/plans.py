"""Individualized treatment plans: problems → goals → measurable objectives, with interventions
on each goal.

A plan is a list of versions (`TreatmentPlan` rows), never changed once written except for
the client's acknowledgement. Every save writes a new version holding the whole plan and the
list of what changed, both as JSON encrypted under the client's data key. The shape of the
plan is in docs/treatment-plans.md.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from threecircles.accounts.models import Practice, User
from threecircles.care.medication import prescriber_choices
from threecircles.care.models import Episode, Modality, PracticeModality, TreatmentPlan
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action, Grant
from threecircles.recovery.actions import today_for
from threecircles.recovery.models import CheckIn
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import Administration

WHAT = "treatment plan"
# Measures an objective can be tied to: symptom scales where a lower total is better.
TARGET_INSTRUMENTS = ("phq9", "gad7")

Content = dict[str, Any]
# Ids are 12 hex characters (`new_id`); a posted id longer than this names nothing.
PART_ID_MAX_LENGTH = 32
PART_GONE = "That part of the plan is no longer there. Reload the page."
PLAN_CHANGED = (
    "This plan changed while you were reading it. "
    "Read the current version and acknowledge it again."
)


class PlanError(Exception):
    """Something about the plan that cannot be done; the message is shown as it is."""


# --- reading a version ----------------------------------------------------------------------


def content_of(plan: TreatmentPlan | None) -> Content:
    if plan is None:
        return {"problems": []}
    loaded: Content = json.loads(plan.content_sealed or "{}")
    loaded.setdefault("problems", [])
    return loaded


def changes_of(plan: TreatmentPlan) -> list[str]:
    loaded: list[str] = json.loads(plan.changes_sealed or "[]")
    return loaded


def current_plan(client: User) -> TreatmentPlan | None:
    return TreatmentPlan.objects.for_client(client.pk).order_by("-number").first()


def goals_of(content: Content) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(problem, goal) for every goal, in plan order."""
    return [(problem, goal) for problem in content["problems"] for goal in problem["goals"]]


# --- the words for things -------------------------------------------------------------------


def care_practices(client: User) -> list[Practice]:
    """The practices where the client is in care now."""
    ids = Grant.objects.care_team().active().filter(client=client).values("practice")
    return list(Practice.objects.filter(pk__in=ids).order_by("name", "pk"))


def modality_choices(client: User) -> list[tuple[str, str]]:
    """The built-in modalities, then those the client's practices added."""
    own = PracticeModality.objects.filter(practice__in=care_practices(client)).order_by(
        "name", "pk"
    )
    added = {m.code: m.name for m in own if m.code not in Modality.values}
    return [*Modality.choices, *added.items()]


def clinician_choices(client: User) -> list[tuple[int, str]]:
    """Clinicians of the practices where the client is in care now."""
    return [(user.pk, user.display_name) for user in prescriber_choices(client)]


@dataclass(frozen=True)
class Names:
    """What a code or an id reads as, for describing changes and showing the plan."""

    modalities: dict[str, str]
    clinicians: dict[int, str]

    @classmethod
    def for_client(cls, client: User, content: Content, *others: Content) -> "Names":
        ids = {
            intervention["clinician_id"]
            for each in (content, *others)
            for _, goal in goals_of(each)
            for intervention in goal["interventions"]
        }
        people = User.objects.filter(pk__in=ids).values_list("pk", "display_name")
        return cls(dict(modality_choices(client)), dict(people))

    def intervention(self, item: dict[str, Any]) -> str:
        modality = self.modalities.get(item["modality"], item["modality"])
        clinician = self.clinicians.get(item["clinician_id"], "a former clinician")
        return f"{modality}, {item['frequency']}, {clinician}, by {_day(item['target_date'])}"


def _day(stored: Any) -> str:
    """An ISO date as the rest of the plan shows dates ("27 Jan 2027"); anything else as stored."""
    try:
        day = date.fromisoformat(stored)
    except (TypeError, ValueError):
        return str(stored)
    return f"{day.day} {day:%b %Y}"


def describe_target(target: dict[str, Any] | None) -> str:
    if not target:
        return ""
    if target["kind"] == "measure":
        return f"{get_pack(target['instrument']).title} below {target['below']}"
    return f"{target['days']} days of check-ins"


def parts_of(content: Content) -> dict[str, str]:
    """Every part of the plan: id → kind (problem, goal, objective or intervention)."""
    parts: dict[str, str] = {}
    for problem in content["problems"]:
        parts[problem["id"]] = "problem"
        for goal in problem["goals"]:
            parts[goal["id"]] = "goal"
            parts.update((objective["id"], "objective") for objective in goal["objectives"])
            parts.update((item["id"], "intervention") for item in goal["interventions"])
    return parts


def _nodes(content: Content, names: Names) -> dict[str, tuple[str, str]]:
    """Every part of the plan by id → (kind, how it reads), children left out of a parent."""
    nodes: dict[str, tuple[str, str]] = {}
    for problem in content["problems"]:
        nodes[problem["id"]] = ("problem", problem["text"])
        for goal in problem["goals"]:
            nodes[goal["id"]] = ("goal", goal["text"])
            for objective in goal["objectives"]:
                target = describe_target(objective.get("target"))
                words = f"{objective['text']} ({target})" if target else objective["text"]
                nodes[objective["id"]] = ("objective", words)
            for intervention in goal["interventions"]:
                nodes[intervention["id"]] = ("intervention", names.intervention(intervention))
    return nodes


def describe_changes(before: Content, after: Content, names: Names) -> list[str]:
    """What a reader needs to see what changed, and nothing else: added, changed, removed."""
    old, new = _nodes(before, names), _nodes(after, names)
    changes = []
    for node_id, (kind, words) in new.items():
        if node_id not in old:
            changes.append(f"Added {kind}: {words}")
        elif old[node_id][1] != words:
            changes.append(f"Changed {kind}: {words} (was: {old[node_id][1]})")
    for node_id, (kind, words) in old.items():
        if node_id not in new:
            changes.append(f"Removed {kind}: {words}")
    return changes


# --- writing --------------------------------------------------------------------------------


def new_id() -> str:
    return uuid.uuid4().hex[:12]


@transaction.atomic
def write_plan(
    *, client: User, author: User, content: Content, review_on: date
) -> TreatmentPlan | None:
    """A new version if anything changed (else None); the client acknowledges it afresh.
    Callers got `client` through `get_client_for`; the write is logged here."""
    previous = current_plan(client)
    before = content_of(previous)
    changes = describe_changes(before, content, Names.for_client(client, before, content))
    if previous is None or previous.review_on != review_on:
        changes.append(f"Review date: {review_on.isoformat()}")
    if previous is not None and len(changes) == 0:
        return None
    plan = TreatmentPlan.objects.create(
        client=client,
        episode=Episode.objects.filter(client=client).open().order_by("-started_on", "-pk").first(),
        number=(previous.number if previous else 0) + 1,
        content_sealed=json.dumps(content, separators=(",", ":")),
        changes_sealed=json.dumps(changes, separators=(",", ":")),
        author=author,
        review_on=review_on,
    )
    _log(author, Action.CREATE, plan)
    return plan


def with_problem(content: Content, text: str) -> Content:
    problem = {"id": new_id(), "text": text, "goals": []}
    return {**content, "problems": [*content["problems"], problem]}


def with_goal(content: Content, problem_id: str, text: str) -> Content:
    goal = {"id": new_id(), "text": text, "objectives": [], "interventions": []}
    updated = _copy(content)
    _find(updated["problems"], problem_id)["goals"].append(goal)
    return updated


def with_objective(
    content: Content, goal_id: str, text: str, target: dict[str, Any] | None
) -> Content:
    updated = _copy(content)
    goal = _goal(updated, goal_id)
    goal["objectives"].append({"id": new_id(), "text": text, "target": target})
    return updated


def with_intervention(
    content: Content, goal_id: str, intervention: dict[str, Any], intervention_id: str = ""
) -> Content:
    """Adds one, or changes the one named by `intervention_id` (moving it to `goal_id`)."""
    updated = _copy(content)
    item = {"id": intervention_id or new_id(), **intervention}
    if intervention_id:
        updated = without(updated, "intervention", intervention_id)
    _goal(updated, goal_id)["interventions"].append(item)
    return updated


def without(content: Content, kind: str, item_id: str) -> Content:
    """The plan without one problem, goal, objective or intervention (and what hangs on it).
    The id must name a part of that kind: a goal's id never removes a problem."""
    if parts_of(content).get(item_id) != kind:
        raise PlanError(PART_GONE)

    def kept(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [item for item in items if item["id"] != item_id]

    updated = _copy(content)
    if kind == "problem":
        updated["problems"] = kept(updated["problems"])
    for problem in updated["problems"]:
        if kind == "goal":
            problem["goals"] = kept(problem["goals"])
        for goal in problem["goals"]:
            if kind in ("objective", "intervention"):
                goal[f"{kind}s"] = kept(goal[f"{kind}s"])
    return updated


def find_intervention(content: Content, intervention_id: str) -> tuple[str, dict[str, Any]]:
    """(goal id, intervention) or PlanError."""
    for _, goal in goals_of(content):
        for intervention in goal["interventions"]:
            if intervention["id"] == intervention_id:
                return goal["id"], intervention
    raise PlanError("That intervention is no longer in the plan.")


def _copy(content: Content) -> Content:
    copied: Content = json.loads(json.dumps(content))
    return copied


def _find(items: list[dict[str, Any]], item_id: str) -> dict[str, Any]:
    for item in items:
        if item["id"] == item_id:
            return item
    raise PlanError(PART_GONE)


def _goal(content: Content, goal_id: str) -> dict[str, Any]:
    return _find([goal for _, goal in goals_of(content)], goal_id)


@transaction.atomic
def acknowledge_plan(*, plan: TreatmentPlan, client: User, typed_name: str) -> None:
    """The client's e-signature on the version they read. The form checked the name."""
    if plan.client_id != client.pk:
        raise PlanError("Only the person whose plan it is can acknowledge it.")
    latest = current_plan(client)
    if latest is None or latest.pk != plan.pk:
        raise PlanError(PLAN_CHANGED)
    plan.acknowledged_at = timezone.now()
    plan.acknowledged_as = typed_name.strip()
    plan.save(update_fields=["acknowledged_at", "acknowledged_as"])
    _log(client, Action.UPDATE, plan)


def _compared(name: str) -> str:
    """A modality's name as compared for duplicates: case and spacing ignored."""
    return " ".join(name.split()).casefold()


@transaction.atomic
def add_practice_modality(*, practice: Practice, name: str) -> PracticeModality:
    """A duplicate is a name the practice or the built-ins already have, whatever its case or
    spacing. The code is the name's slug, with a short random suffix when that is taken or
    empty (a name without Latin letters or digits); existing codes never change."""
    # One addition at a time per practice, so two at once cannot both pass the check.
    Practice.objects.select_for_update().get(pk=practice.pk)
    name = " ".join(name.split())
    own = list(PracticeModality.objects.filter(practice=practice))
    names = {_compared(str(label)) for label in Modality.labels}
    if _compared(name) in names | {_compared(m.name) for m in own}:
        raise PlanError("There is already a modality with that name.")
    taken = {m.code for m in own} | set(Modality.values)
    base = slugify(name)[:32].strip("-")
    code = base
    while not code or code in taken:
        code = f"{base or 'modality'}-{uuid.uuid4().hex[:6]}"
    return PracticeModality.objects.create(practice=practice, code=code, name=name)


def _log(actor: User, action: str, plan: TreatmentPlan) -> None:
    record_access(
        actor=actor,
        client_id=plan.client_id,
        action=action,
        what=WHAT,
        reason="Own record" if actor.pk == plan.client_id else "Care team",
        object_id=str(plan.pk),
    )


# --- where the client is with each objective ------------------------------------------------


@dataclass(frozen=True)
class ObjectiveStatus:
    state: str  # "met", "not yet" or "no data"
    detail: str = ""


def objective_status(client: User, target: dict[str, Any] | None) -> ObjectiveStatus | None:
    """For a measure: the latest completed administration's total against "below N". For
    check-ins: days with a check-in among the last N days (today included) against N."""
    if not target:
        return None
    if target["kind"] == "measure":
        latest = (
            Administration.objects.for_client(client.pk)
            .completed()
            .filter(instrument=target["instrument"])
            .order_by("-completed_at", "-sent_at")
            .first()
        )
        total = latest.result_total if latest else None
        if total is None:
            return ObjectiveStatus("no data")
        state = "met" if total < target["below"] else "not yet"
        return ObjectiveStatus(state, f"latest total {total:g}")
    today = today_for(client)
    days = int(target["days"])
    count = CheckIn.objects.filter(
        client=client, day__gt=today - timedelta(days=days), day__lte=today
    ).count()
    if count == 0:
        return ObjectiveStatus("no data")
    return ObjectiveStatus("met" if count >= days else "not yet", f"{count} of {days} days")


# --- for the caseload -----------------------------------------------------------------------


def plans_due_for_review(clinician: User, today: date) -> list[TreatmentPlan]:
    """The latest version of each plan whose review date has come, for clients on the
    clinician's care team. Only the latest: an older version's date was replaced."""
    clients = Grant.objects.usable_care_team(clinician).values("client")
    latest = (
        TreatmentPlan.objects.filter(client=OuterRef("client")).order_by("-number").values("number")
    )
    return list(
        TreatmentPlan.objects.filter(client__in=clients, number=Subquery(latest[:1]))
        .filter(review_on__lte=today)
        .select_related("client")
        .order_by("review_on", Lower("client__display_name"), "pk")
    )


def readable(client: User, content: Content) -> Content:
    """A copy of the plan for showing: targets and interventions in words, each objective's
    status beside it."""
    shown = _copy(content)
    names = Names.for_client(client, content)
    for _, goal in goals_of(shown):
        for objective in goal["objectives"]:
            objective["target_words"] = describe_target(objective.get("target"))
            objective["status"] = objective_status(client, objective.get("target"))
        for intervention in goal["interventions"]:
            intervention["reads"] = names.intervention(intervention)
    return shown
