"""Recovery's encrypted fields (all under the client's *recovery* key), for the
encryption-at-rest, erasure and key-rotation tests."""

from collections.abc import Callable
from datetime import time

from threecircles.accounts.models import Practice, User
from threecircles.privacy.tests.sealed_records import SealedFields
from threecircles.recovery import actions, daily, workbook_actions
from threecircles.recovery.workbook import get_pack


def seal(*, client: User, clinician: User, practice: Practice, text: Callable[[str], str]) -> None:
    """One of every kind, through the recovery actions where they exist."""
    plan = actions.write_plan(
        client=client,
        author=client,
        items={"inner": [{"text": text("plan"), "note": ""}], "middle": [], "outer": []},
    )
    assert plan is not None
    actions.save_check_in(
        client=client,
        day=actions.today_for(client),
        answers={"inner_kept": False, "urge": 7},
        note=text("check-in note"),
    )
    slip = actions.report_slip(client=client, day=actions.today_for(client))
    actions.save_slip_review(
        slip=slip,
        answers={"acting_out": text("slip review")},
        proposals=[{"kind": "environment", "text": text("slip proposal")}],
        thoughts_of_harm=False,
        complete=True,
    )
    daily.write_journal(client=client, title=text("journal title"), body=text("journal"))
    daily.save_safety_plan(client=client, sections={"what_helps": [text("safety plan")]})
    daily.add_trigger(client=client, name=text("trigger"), kind="places")
    daily.add_environment_change(client=client, text=text("environment"))
    daily.add_high_risk_time(
        client=client,
        label=text("high-risk time"),
        weekdays=["4"],
        starts_at=time(22),
        ends_at=time(23, 30),
        remind=True,
    )
    pack = get_pack("thirty_tasks")
    task = pack.tasks[0]
    work = workbook_actions.save_task_answers(
        client=client, pack=pack, task=task, answers={task.exercises[0].id: text("task answer")}
    )
    assert work is not None
    workbook_actions.submit_task(work=work)
    workbook_actions.review_task(work=work, clinician=clinician, comment=text("task comment"))


SEALED = SealedFields(
    free_text={
        ("recovery.PlanVersion", "items_sealed"): "plan",
        ("recovery.PlanVersion", "changes_sealed"): "plan",
        ("recovery.CheckIn", "note"): "check-in note",
        ("recovery.Slip", "review_sealed"): "slip review",
        ("recovery.Slip", "proposals_sealed"): "slip proposal",
        ("recovery.JournalEntry", "title"): "journal title",
        ("recovery.JournalEntry", "body"): "journal",
        ("recovery.SafetyPlan", "sections_sealed"): "safety plan",
        ("recovery.Trigger", "name"): "trigger",
        ("recovery.EnvironmentChange", "text"): "environment",
        ("recovery.HighRiskTime", "label"): "high-risk time",
        ("recovery.TaskWork", "answers_sealed"): "task answer",
        ("recovery.TaskWork", "comment"): "task comment",
    },
    # Chosen from lists and numbers (inner circle kept, urge, picked items): sealed too.
    derived={("recovery.CheckIn", "answers_sealed")},
    seal=seal,
    order=30,
)
