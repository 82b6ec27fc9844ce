"""The client's own recovery data as one document (docs/export.md says what each field means),
and its lists as CSV tables. Callers fetched the client through `get_client_for`, logged as an
export.

Check-ins keep plan items and triggers by id (so a renamed item stays the same item); here
they are turned back into the client's own words, so the file reads without this software.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.privacy.models import Grant
from threecircles.recovery.actions import REVIEW_STEPS, settings_for
from threecircles.recovery.forms import SAFETY_SECTIONS
from threecircles.recovery.models import (
    CheckIn,
    Circle,
    EnvironmentChange,
    HighRiskTime,
    JournalEntry,
    PlanVersion,
    SafetyPlan,
    Slip,
    TaskWork,
    Trigger,
)
from threecircles.recovery.progress import zone

# Changed whenever a field changes meaning or is taken away (adding one does not change it).
FORMAT = "threecircles-recovery-export/1"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A word of a plan item or trigger no longer found (it should not happen: plan versions are
# kept, and triggers are archived, never deleted).
UNKNOWN = "(no longer listed)"

Document = dict[str, Any]


def _moment(value: datetime | None, tz: ZoneInfo) -> str | None:
    """A moment in the client's own time zone, with its offset."""
    return timezone.localtime(value, tz).isoformat(timespec="seconds") if value else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


# --- each part of the document --------------------------------------------------------------


def _plan(client: User, tz: ZoneInfo) -> Document:
    versions = list(PlanVersion.objects.for_client(client.pk).order_by("number"))
    current = versions[-1] if versions else None
    items = current.items if current else {c.value: [] for c in Circle}
    return {
        "version": current.number if current else None,
        "written_at": _moment(current.written_at if current else None, tz),
        "signed_at": _moment(current.signed_at if current else None, tz),
        "cosigned_at": _moment(current.cosigned_at if current else None, tz),
        "cosigner_role": current.cosigner_role if current else "",
        **{
            circle.value: [
                {"text": item["text"], "note": item.get("note", "")} for item in items[circle.value]
            ]
            for circle in Circle
        },
        "history": [
            {
                "version": version.number,
                "written_at": _moment(version.written_at, tz),
                "signed_at": _moment(version.signed_at, tz),
                "changes": version.changes,
            }
            for version in versions
        ],
    }


def _plan_words(client: User) -> dict[str, str]:
    """Plan item id → its words, across every version (the newest wording wins)."""
    words: dict[str, str] = {}
    for version in PlanVersion.objects.for_client(client.pk).order_by("number"):
        words |= version.item_text()
    return words


def _check_ins(client: User, tz: ZoneInfo, since: date | None = None) -> list[Document]:
    items = _plan_words(client)
    triggers = {str(t.pk): t.name for t in Trigger.objects.for_client(client.pk)}
    rows = CheckIn.objects.for_client(client.pk).order_by("day")
    if since is not None:
        rows = rows.filter(day__gte=since)
    found = []
    for check_in in rows:
        answers = check_in.answers
        found.append(
            {
                "day": _day(check_in.day),
                "late": check_in.late,
                "inner_circle_kept": bool(answers.get("inner_kept")),
                "middle": [items.get(i, UNKNOWN) for i in answers.get("middle", [])],
                "outer": [items.get(i, UNKNOWN) for i in answers.get("outer", [])],
                "urge": answers.get("urge"),
                "triggers": [triggers.get(i, UNKNOWN) for i in answers.get("triggers", [])],
                "halt": list(answers.get("halt", [])),
                "mood": answers.get("mood"),
                "sleep": answers.get("sleep"),
                "note": check_in.note,
            }
        )
    return found


def _supporter_names(client: User) -> dict[int, str]:
    """Invitation id → how the client knows that supporter, as the slip page names them."""
    grants = (
        Grant.objects.supporters()
        .filter(client=client, invitation__isnull=False)
        .select_related("grantee")
        .order_by("pk")
    )
    return {
        g.invitation_id: f"{g.grantee or 'Invited'} ({g.role_label.lower()})"
        for g in grants
        if g.invitation_id is not None
    }


def _slips(client: User, tz: ZoneInfo) -> list[Document]:
    names = _supporter_names(client)
    found = []
    for slip in Slip.objects.for_client(client.pk).order_by("day", "reported_at"):
        review = slip.review
        found.append(
            {
                "day": _day(slip.day),
                "reported_at": _moment(slip.reported_at, tz),
                "reviewed_at": _moment(slip.reviewed_at, tz),
                "review": {key: review.get(key, "") for key, _ in REVIEW_STEPS},
                "thoughts_of_harm": bool(review.get("thoughts_of_harm")),
                "care_team_alerted": bool(review.get("alert_raised")),
                "proposals": [
                    {"kind": p["kind"], "text": p["text"], "decision": p.get("decision")}
                    for p in slip.proposals
                ],
                "told": {
                    "care_team": slip.tell_care_team,
                    "supporters": [
                        names.get(i, "A former supporter") for i in slip.told_supporters
                    ],
                },
            }
        )
    return found


def _triggers(client: User, tz: ZoneInfo) -> list[Document]:
    return [
        {
            "name": trigger.name,
            "kind": trigger.kind,
            "added_at": _moment(trigger.created_at, tz),
            "archived_at": _moment(trigger.archived_at, tz),
        }
        for trigger in Trigger.objects.for_client(client.pk).order_by("created_at")
    ]


def _environment(client: User, tz: ZoneInfo) -> Document:
    changes = EnvironmentChange.objects.filter(client=client).select_related("from_slip")
    times = HighRiskTime.objects.filter(client=client).order_by("starts_at", "created_at")
    return {
        "changes": [
            {
                "text": change.text,
                "status": change.status,
                "from_slip_on": _day(change.from_slip.day if change.from_slip else None),
                "added_at": _moment(change.created_at, tz),
                "updated_at": _moment(change.updated_at, tz),
            }
            for change in changes.order_by("created_at")
        ],
        "high_risk_times": [
            {
                "label": window.label,
                "weekdays": [WEEKDAYS[int(d)] for d in window.weekdays if d in "0123456"],
                "starts_at": _clock(window.starts_at),
                "ends_at": _clock(window.ends_at),
                "remind": window.remind,
            }
            for window in times
        ],
    }


def _workbook(client: User, tz: ZoneInfo) -> list[Document]:
    return [
        {
            "pack": work.pack,
            "task": work.task,
            "status": work.status,
            "answers": work.answers,
            "comment": work.comment,
            "submitted_at": _moment(work.submitted_at, tz),
            "reviewed_at": _moment(work.reviewed_at, tz),
        }
        for work in TaskWork.objects.filter(client=client).order_by("pack", "task")
    ]


def _journal(client: User, tz: ZoneInfo) -> list[Document]:
    return [
        {
            "written_at": _moment(entry.written_at, tz),
            "updated_at": _moment(entry.updated_at, tz),
            "title": entry.title,
            "body": entry.body,
            "shared_with_care_team_at": _moment(entry.shared_with_care_team_at, tz),
        }
        for entry in JournalEntry.objects.filter(client=client).order_by("written_at")
    ]


def _safety_plan(client: User, tz: ZoneInfo) -> Document:
    plan = SafetyPlan.objects.filter(client=client).first()
    sections = plan.sections if plan else {}
    return {
        "updated_at": _moment(plan.updated_at if plan else None, tz),
        **{key: list(sections.get(key, [])) for key, _, _ in SAFETY_SECTIONS},
    }


def _settings(client: User) -> Document:
    own = settings_for(client)
    return {
        "time_zone": own.time_zone,
        "country": own.country,
        "sobriety_date": _day(own.sobriety_date),
        "reminder_time": _clock(own.reminder_time) if own.reminder_time else None,
    }


# --- the whole document, and its lists as CSV -----------------------------------------------


def document(client: User) -> Document:
    """Everything the client entered about their recovery, in their own words."""
    tz = zone(settings_for(client).time_zone)
    return {
        "format": FORMAT,
        "exported_at": _moment(timezone.now(), tz),
        "settings": _settings(client),
        "plan": _plan(client, tz),
        "check_ins": _check_ins(client, tz),
        "slips": _slips(client, tz),
        "triggers": _triggers(client, tz),
        "environment": _environment(client, tz),
        "workbook": _workbook(client, tz),
        "journal": _journal(client, tz),
        "safety_plan": _safety_plan(client, tz),
    }


def recent_check_ins(client: User, since: date) -> list[Document]:
    return _check_ins(client, zone(settings_for(client).time_zone), since=since)


def _joined(values: Iterable[Any]) -> str:
    return "; ".join(str(v) for v in values)


def _check_in_rows(client: User, tz: ZoneInfo) -> list[list[Any]]:
    return [
        [
            c["day"],
            c["late"],
            c["inner_circle_kept"],
            _joined(c["middle"]),
            _joined(c["outer"]),
            c["urge"],
            _joined(c["triggers"]),
            _joined(c["halt"]),
            c["mood"],
            c["sleep"],
            c["note"],
        ]
        for c in _check_ins(client, tz)
    ]


def _slip_rows(client: User, tz: ZoneInfo) -> list[list[Any]]:
    return [
        [
            s["day"],
            s["reported_at"],
            s["reviewed_at"],
            *(s["review"][key] for key, _ in REVIEW_STEPS),
            s["thoughts_of_harm"],
            _joined(
                f"{p['kind']}: {p['text']} ({p['decision'] or 'open'})" for p in s["proposals"]
            ),
            s["told"]["care_team"],
            _joined(s["told"]["supporters"]),
        ]
        for s in _slips(client, tz)
    ]


def _trigger_rows(client: User, tz: ZoneInfo) -> list[list[Any]]:
    return [[t["name"], t["kind"], t["added_at"], t["archived_at"]] for t in _triggers(client, tz)]


def _environment_rows(client: User, tz: ZoneInfo) -> list[list[Any]]:
    plan = _environment(client, tz)
    changes = [["change", c["text"], c["status"], "", "", "", ""] for c in plan["changes"]]
    times = [
        [
            "high-risk time",
            w["label"],
            "",
            _joined(w["weekdays"]),
            w["starts_at"],
            w["ends_at"],
            w["remind"],
        ]
        for w in plan["high_risk_times"]
    ]
    return changes + times


def _journal_rows(client: User, tz: ZoneInfo) -> list[list[Any]]:
    return [
        [e["written_at"], e["updated_at"], e["title"], e["body"], e["shared_with_care_team_at"]]
        for e in _journal(client, tz)
    ]


Rows = Callable[[User, ZoneInfo], list[list[Any]]]


@dataclass(frozen=True)
class Table:
    label: str  # as the client's page names it
    filename: str  # neutral: nothing in a downloads folder says what it is
    header: list[str]
    rows: Rows


TABLES: dict[str, Table] = {
    "check_ins": Table(
        "Check-ins",
        "my-data-days.csv",
        [
            "day",
            "late",
            "inner_circle_kept",
            "middle",
            "outer",
            "urge",
            "triggers",
            "halt",
            "mood",
            "sleep",
            "note",
        ],
        _check_in_rows,
    ),
    "slips": Table(
        "Slips and their reviews",
        "my-data-reviews.csv",
        [
            "day",
            "reported_at",
            "reviewed_at",
            *(key for key, _ in REVIEW_STEPS),
            "thoughts_of_harm",
            "proposals",
            "told_care_team",
            "told_supporters",
        ],
        _slip_rows,
    ),
    "triggers": Table(
        "Triggers", "my-data-list.csv", ["name", "kind", "added_at", "archived_at"], _trigger_rows
    ),
    "environment": Table(
        "Environment plan and high-risk times",
        "my-data-changes.csv",
        ["type", "text", "status", "weekdays", "starts_at", "ends_at", "remind"],
        _environment_rows,
    ),
    "journal": Table(
        "Journal",
        "my-data-writing.csv",
        ["written_at", "updated_at", "title", "body", "shared_with_care_team_at"],
        _journal_rows,
    ),
}


def _cell(value: Any) -> Any:
    """A spreadsheet would run text starting with = + - @ as a formula (a plan item a clinician
    wrote could be one): such text is opened as text. The JSON keeps the exact words."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(client: User, name: str) -> str:
    table = TABLES[name]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header)
    for values in table.rows(client, zone(settings_for(client).time_zone)):
        writer.writerow([_cell(v) for v in values])
    return out.getvalue()
