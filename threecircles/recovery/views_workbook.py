"""The recovery-task workbook: the client's tasks and exercises, and the care team's review."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import CLINICAL_ROLES, Role
from threecircles.privacy.access import get_client_for
from threecircles.recovery import workbook_actions as actions
from threecircles.recovery.actions import current_plan
from threecircles.recovery.forms_workbook import ReviewForm, TaskForm
from threecircles.recovery.models import Circle, TaskStatus, TaskWork
from threecircles.recovery.workbook import Task, WorkbookPack, find_task

WHAT = actions.WHAT


def _answered(task: Task, answers: dict[str, Any]) -> list[tuple[Any, Any]]:
    """Each exercise with the client's answer to it, for reading."""
    return [(exercise, answers.get(exercise.id)) for exercise in task.exercises]


# --- the client's own workbook ----------------------------------------------------------------


@role_required(Role.CLIENT)
def workbook(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every task of the packs this client can read, each with where they are with it."""
    client = get_client_for(request, request.user.pk, what=WHAT)
    work = actions.work_of(client)
    packs = [
        (pack, [(task, work.get((pack.code, task.code))) for task in pack.tasks])
        for pack in actions.packs_for(client)
    ]
    return render(request, "recovery/workbook/index.html", {"packs": packs})


def _task_for(
    request: AuthenticatedHttpRequest, pack_code: str, task_code: str
) -> tuple[WorkbookPack, Task]:
    """The pack and task, worded for this client; decided before the record is opened."""
    found = find_task(pack_code, task_code)
    pack = actions.with_wording(found[0], request.user) if found else None
    task = pack.task(task_code) if pack else None
    if pack is None or task is None:
        raise Http404
    return pack, task


@role_required(Role.CLIENT)
def workbook_task(
    request: AuthenticatedHttpRequest, pack_code: str, task_code: str
) -> HttpResponse:
    """Fill in the exercises, save and come back, and send the task to the clinician."""
    pack, task = _task_for(request, pack_code, task_code)
    client = get_client_for(request, request.user.pk, what=WHAT)
    work = TaskWork.objects.filter(client=client, pack=pack_code, task=task_code).first()
    form = TaskForm(
        request.POST if request.method == "POST" else None,
        task=task,
        answers=work.answers if work else {},
    )
    if request.method == "POST" and form.is_valid():
        saved = actions.save_task_answers(
            client=client, pack=pack, task=task, answers=form.answers()
        )
        if "send" not in request.POST:
            messages.success(request, "Saved. Come back to it whenever you like.")
        elif saved is None:
            messages.error(request, actions.NOTHING_WRITTEN)
        else:
            try:
                actions.submit_task(work=saved)
            except actions.WorkbookError as exc:
                messages.error(request, f"Saved, but not sent yet. {exc}")
            else:
                messages.success(
                    request, "Sent to your clinician. Their comment will appear on this page."
                )
        return redirect("recovery:workbook_task", pack_code=pack_code, task_code=task_code)
    statement = any(exercise.kind == "sobriety_statement" for exercise in task.exercises)
    plan = current_plan(client) if statement else None
    context = {
        "task": task,
        "work": work,
        "form": form,
        "inner_circle": plan.items[Circle.INNER] if plan else [],
        "has_care_team": actions.has_care_team(client),
        "status": TaskStatus,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "recovery/workbook/task.html", context, status=status)


# --- the care team's side ---------------------------------------------------------------------


@role_required(*CLINICAL_ROLES)
def workbook_client(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """The tasks this client sent: waiting for review first, then those reviewed."""
    client = get_client_for(request, client_id, what=WHAT)
    sent = TaskWork.objects.filter(client=client, status__in=actions.SENT)
    rows = [(work, actions.heading(work)) for work in sent.order_by("submitted_at", "pk")]
    context = {
        "client": client,
        "waiting": [(w, h) for w, h in rows if w.status == TaskStatus.SUBMITTED],
        "reviewed": [(w, h) for w, h in rows if w.status == TaskStatus.REVIEWED],
    }
    return render(request, "recovery/workbook/client.html", context)


@role_required(*CLINICAL_ROLES)
def workbook_review(
    request: AuthenticatedHttpRequest, client_id: int, pack_code: str, task_code: str
) -> HttpResponse:
    """Read what the client sent, write a comment they will read, and mark it reviewed."""
    found = find_task(pack_code, task_code)
    work = (
        TaskWork.objects.filter(
            client_id=client_id, pack=pack_code, task=task_code, status__in=actions.SENT
        ).first()
        if found
        else None
    )
    if found is None or work is None:
        raise Http404  # only work the client sent; a draft is theirs alone
    client = get_client_for(request, client_id, what=WHAT, object_id=str(work.pk))
    work.client = client
    pack = actions.with_wording(found[0], client) or found[0]  # ids stand in for lost wording
    task = pack.task(task_code) or found[1]
    form = ReviewForm(
        request.POST if request.method == "POST" else None, initial={"comment": work.comment}
    )
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            actions.review_task(work=work, clinician=request.user, comment=comment)
        except actions.WorkbookError as exc:
            form.add_error(None, str(exc))  # the comment stays in the form
        else:
            messages.success(request, f"Marked reviewed. {client.display_name} can read it.")
            return redirect("recovery:workbook_client", client_id=client.pk)
    context = {
        "client": client,
        "task": task,
        "work": work,
        "answers": _answered(task, work.answers),
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "recovery/workbook/review.html", context, status=status)
