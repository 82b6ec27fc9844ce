"""The client's work on recovery tasks, its review by the care team, and licensed workbook
wording. Each write is logged on the client's chain; views fetched the client through
`privacy.access.get_client_for` first."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from threecircles.accounts.models import Practice, User
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action, Basis, Grant
from threecircles.recovery.models import LicensedWorkbookText, TaskStatus, TaskWork
from threecircles.recovery.workbook import (
    Task,
    WorkbookPack,
    WorkbookPackError,
    all_packs,
    apply_licensed_text,
    get_pack,
)

WHAT = "recovery workbook"
# What the care team may read: work the client sent them. A draft is the client's own.
SENT = (TaskStatus.SUBMITTED, TaskStatus.REVIEWED)
NOTHING_WRITTEN = "Write something in at least one exercise before sending it."


class WorkbookError(Exception):
    """A workbook step that cannot be taken now; the message is for the person."""


def _log(actor: User, client: User, action: str, what: str, work: TaskWork) -> None:
    own = actor.pk == client.pk
    record_access(
        actor=actor,
        client_id=client.pk,
        action=action,
        what=what,
        reason="Own record" if own else "Care team",
        basis=Basis.SELF if own else Basis.CARE_TEAM,
        object_id=str(work.pk),
    )


# --- which wording a client sees --------------------------------------------------------------


def practice_of(client: User) -> Practice | None:
    """The client's practice, when their care team belongs to exactly one."""
    practices = set(
        Grant.objects.care_team().active().filter(client=client).values_list("practice", flat=True)
    )
    if len(practices) != 1:
        return None
    return Practice.objects.filter(pk=practices.pop()).first()


def licensed_text_for(pack_code: str, practice: Practice | None) -> LicensedWorkbookText | None:
    """The practice's own licensed wording wins over wording imported for the whole install."""
    texts = LicensedWorkbookText.objects.filter(pack=pack_code).order_by("-imported_at", "-pk")
    own = texts.filter(practice=practice).first() if practice else None
    return own or texts.filter(practice__isnull=True).first()


def with_wording(pack: WorkbookPack, client: User) -> WorkbookPack | None:
    """The pack with the wording this client reads, or None while a licensed pack has none."""
    if pack.has_text:
        return pack
    licensed = licensed_text_for(pack.code, practice_of(client))
    if licensed is None:
        return None
    try:
        return apply_licensed_text(pack, licensed.texts)
    except WorkbookPackError:
        return None  # imported for an older version of the pack: import it again


def packs_for(client: User) -> list[WorkbookPack]:
    return [pack for shipped in all_packs() if (pack := with_wording(shipped, client))]


def work_of(client: User) -> dict[tuple[str, str], TaskWork]:
    """(pack, task) → the client's work on it."""
    return {(w.pack, w.task): w for w in TaskWork.objects.filter(client=client)}


def has_care_team(client: User) -> bool:
    return Grant.objects.care_team_of(client).exists()


def waiting_for_review(client: User) -> list[tuple[TaskWork, str]]:
    """The client's tasks sent to the care team and not reviewed yet, with their headings."""
    waiting = TaskWork.objects.filter(client=client, status=TaskStatus.SUBMITTED)
    return [(work, heading(work)) for work in waiting.order_by("submitted_at", "pk")]


def heading(work: TaskWork) -> str:
    try:
        task = get_pack(work.pack).task(work.task)
    except LookupError:
        task = None
    return task.heading if task else f"{work.pack} / {work.task}"


# --- the client's work ------------------------------------------------------------------------


def _written(answers: dict[str, Any]) -> bool:
    return any(answers.values())


@transaction.atomic
def save_task_answers(
    *, client: User, pack: WorkbookPack, task: Task, answers: dict[str, Any]
) -> TaskWork | None:
    """Keep what the client wrote (None when there is nothing, and nothing was kept before).
    Changing work that was sent takes it back from the care team until it is sent again."""
    known = {exercise.id for exercise in task.exercises}
    answers = {key: value for key, value in answers.items() if key in known and value}
    work = (
        TaskWork.objects.select_for_update()
        .filter(client=client, pack=pack.code, task=task.code)
        .first()
    )
    if work is None and not answers:
        return None
    if work is not None and work.answers == answers:
        return work
    created = work is None
    work = work or TaskWork(client=client, pack=pack.code, task=task.code)
    work.answers = answers
    work.status = TaskStatus.IN_PROGRESS if answers else TaskStatus.NOT_STARTED
    work.updated_at = timezone.now()
    work.save()
    _log(client, client, Action.CREATE if created else Action.UPDATE, WHAT, work)
    return work


@transaction.atomic
def submit_task(*, work: TaskWork) -> None:
    client = work.client
    if work.status == TaskStatus.SUBMITTED:
        return
    if not _written(work.answers):
        raise WorkbookError(NOTHING_WRITTEN)
    if not has_care_team(client):
        raise WorkbookError("There is no clinician on your care team yet to send it to.")
    work.status = TaskStatus.SUBMITTED
    work.submitted_at = timezone.now()
    work.save(update_fields=["status", "submitted_at"])
    _log(client, client, Action.UPDATE, f"{WHAT} (sent to your care team)", work)


# --- the care team's review -------------------------------------------------------------------


@transaction.atomic
def review_task(*, work: TaskWork, clinician: User, comment: str) -> None:
    """The clinician's comment (sealed, the client reads it) and the task marked reviewed."""
    # Read again under a lock: the client may have taken the task back to change it meanwhile.
    if not TaskWork.objects.select_for_update().filter(pk=work.pk, status__in=SENT).exists():
        raise WorkbookError(
            "The client has taken this task back to change it, so it was not marked "
            "reviewed. Your comment is still here."
        )
    work.comment = comment.strip()
    work.reviewed_by = clinician
    work.reviewed_at = timezone.now()
    work.status = TaskStatus.REVIEWED
    work.save(update_fields=["comment", "reviewed_by", "reviewed_at", "status"])
    _log(clinician, work.client, Action.UPDATE, f"{WHAT} (reviewed)", work)


# --- licensed wording -------------------------------------------------------------------------


@transaction.atomic
def import_licensed_workbook(
    *,
    pack_code: str,
    texts: dict[str, str],
    practice: Practice | None,
    license_holder: str,
    imported_by: User | None,
) -> LicensedWorkbookText:
    """Check the whole set first: a failed import changes nothing."""
    pack = get_pack(pack_code)
    if pack.license.ships_item_text:
        raise WorkbookPackError(f"{pack.code}: this pack already ships its own wording.")
    if not license_holder.strip():
        raise WorkbookPackError("Name who holds the license.")
    complete = apply_licensed_text(pack, texts)
    licensed, _ = LicensedWorkbookText.objects.update_or_create(
        pack=pack.code,
        practice=practice,
        defaults={
            "texts": {exercise.id: exercise.text for exercise in complete.exercises},
            "license_holder": license_holder.strip(),
            "imported_by": imported_by,
            "imported_at": timezone.now(),
        },
    )
    return licensed
