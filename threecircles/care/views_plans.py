"""Treatment plans: the care team writes them one small change at a time (each a new version);
the client reads theirs, acknowledges it, and either side prints it."""

import re
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import CLINICAL_ROLES, Practice, Role, User
from threecircles.care import plans
from threecircles.care.forms_plans import (
    AcknowledgeForm,
    GoalForm,
    InterventionForm,
    ModalityForm,
    ObjectiveForm,
    ProblemForm,
    RemoveForm,
    ReviewForm,
    StartForm,
)
from threecircles.care.models import Modality, PracticeModality, TreatmentPlan
from threecircles.privacy.access import get_client_for
from threecircles.privacy.models import Action

CLINICAL = tuple(sorted(CLINICAL_ROLES))
# The version number the acknowledgement form carries: ASCII digits only ("²" is a digit to
# str.isdigit but not to int), and never longer than a version number can be.
VERSION_NUMBER = re.compile(r"[0-9]{1,9}")


def _shown(request: AuthenticatedHttpRequest, client: User) -> dict[str, Any]:
    plan = plans.current_plan(client)
    return {
        "client": client,
        "plan": plan,
        "content": plans.readable(client, plans.content_of(plan)),
        "is_client": request.user.pk == client.pk,
    }


@role_required(*CLINICAL, Role.CLIENT)
def plan_detail(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """The current version. The client acknowledges it here while it is unacknowledged."""
    client = get_client_for(request, client_id, what=plans.WHAT)
    context = _shown(request, client)
    context["acknowledge_form"] = AcknowledgeForm(expected=client.display_name)
    return render(request, "care/plans/detail.html", context)


@require_POST
@role_required(Role.CLIENT)
def plan_acknowledge(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, what=plans.WHAT, action=Action.UPDATE)
    if client.pk != request.user.pk or plans.current_plan(client) is None:
        raise Http404
    form = AcknowledgeForm(request.POST, expected=client.display_name)
    # The version the client read: a newer one written meanwhile must be read first, and a
    # number that names no version never stands for the current one.
    number = request.POST.get("number", "")
    versions = TreatmentPlan.objects.for_client(client.pk)
    read = versions.filter(number=int(number)).first() if VERSION_NUMBER.fullmatch(number) else None
    if form.is_valid():
        try:
            if read is None:
                raise plans.PlanError(plans.PLAN_CHANGED)
            plans.acknowledge_plan(plan=read, client=client, typed_name=form.cleaned_data["name"])
        except plans.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you. You acknowledged your treatment plan.")
            return redirect("care:plan_detail", client_id=client.pk)
    context = _shown(request, client) | {"acknowledge_form": form}
    return render(request, "care/plans/detail.html", context, status=400)


# --- the editor -----------------------------------------------------------------------------


def _editor_forms(
    client: User, content: plans.Content, posted: Any, op: str, change: str
) -> dict[str, forms.Form]:
    """One form per thing the editor does; only the one the button named is bound."""

    def data(name: str) -> Any:
        return posted if op == name else None

    initial: dict[str, Any] = {}
    if change:
        try:
            goal_id, item = plans.find_intervention(content, change)
        except plans.PlanError:
            pass
        else:
            initial = {
                "intervention_id": change,
                "goal": goal_id,
                "modality": item["modality"],
                "frequency": item["frequency"],
                "clinician": item["clinician_id"],
                "target_date": item["target_date"],
            }
    return {
        "start": StartForm(data("start"), prefix="start"),
        "review": ReviewForm(data("review"), prefix="review"),
        "problem": ProblemForm(data("problem"), prefix="problem"),
        "goal": GoalForm(data("goal"), prefix="goal", content=content),
        "objective": ObjectiveForm(data("objective"), prefix="objective", content=content),
        "intervention": InterventionForm(
            data("intervention"),
            prefix="intervention",
            initial=initial,
            content=content,
            modalities=plans.modality_choices(client),
            clinicians=plans.clinician_choices(client),
        ),
        "remove": RemoveForm(data("remove"), content=content),
    }


def _changed(
    op: str, form: forms.Form, content: plans.Content, review_on: date | None
) -> tuple[plans.Content, date | None]:
    """The plan after the change the form describes, and its review date."""
    data = form.cleaned_data
    if op == "start":
        return plans.with_problem(content, data["text"]), data["review_on"]
    if op == "review":
        return content, data["review_on"]
    if op == "problem":
        return plans.with_problem(content, data["text"]), review_on
    if op == "goal":
        return plans.with_goal(content, data["problem"], data["text"]), review_on
    if op == "objective":
        assert isinstance(form, ObjectiveForm)
        target = form.target()
        return plans.with_objective(content, data["goal"], data["text"], target), review_on
    if op == "intervention":
        assert isinstance(form, InterventionForm)
        item, goal_id, item_id = form.intervention(), data["goal"], data["intervention_id"]
        return plans.with_intervention(content, goal_id, item, item_id), review_on
    return plans.without(content, data["kind"], data["item"]), review_on


@role_required(*CLINICAL)
def plan_edit(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Each save changes one thing and writes a new version with what changed."""
    posted = request.POST if request.method == "POST" else None
    action = Action.UPDATE if posted is not None else Action.VIEW
    client = get_client_for(request, client_id, what=plans.WHAT, action=action)
    plan = plans.current_plan(client)
    content = plans.content_of(plan)
    op = posted.get("op", "") if posted is not None else ""
    change = request.GET.get("change", "") if posted is None else ""
    editor = _editor_forms(client, content, posted, op, change)
    form = editor.get(op)
    # The first version starts with a problem and a review date; after that, anything else.
    usable = form is not None and (op == "start") == (plan is None)
    if form is not None and usable and form.is_valid():
        try:
            new_content, review_on = _changed(op, form, content, plan.review_on if plan else None)
        except plans.PlanError as error:
            form.add_error(None, str(error))
        else:
            assert review_on is not None
            written = plans.write_plan(
                client=client, author=request.user, content=new_content, review_on=review_on
            )
            messages.success(request, "Plan saved." if written else "Nothing changed.")
            return redirect("care:plan_edit", client_id=client.pk)
    if posted is not None and form is not None and usable is False:
        messages.error(request, "The plan changed meanwhile. Try again on this page.")
    context = _shown(request, client) | {"forms": editor, "changing": bool(change)}
    return render(
        request, "care/plans/edit.html", context, status=400 if posted is not None else 200
    )


@role_required(*CLINICAL, Role.CLIENT)
def plan_history(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Every version: its number, who wrote it and when, and exactly what changed."""
    client = get_client_for(request, client_id, what=plans.WHAT)
    versions = TreatmentPlan.objects.for_client(client.pk).select_related("author")
    context = {
        "client": client,
        "versions": [(version, plans.changes_of(version)) for version in versions],
        "is_client": request.user.pk == client.pk,
    }
    return render(request, "care/plans/history.html", context)


@role_required(*CLINICAL, Role.CLIENT)
def plan_pdf(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    from weasyprint import HTML

    client = get_client_for(
        request, client_id, what=f"{plans.WHAT} (printed)", action=Action.EXPORT
    )
    context = _shown(request, client)
    if context["plan"] is None:
        raise Http404
    html = render_to_string("care/plans/print.html", context)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    # A neutral name: nothing about what it is in a downloads folder.
    response["Content-Disposition"] = f'attachment; filename="plan-{context["plan"].number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --- a practice's own modalities ------------------------------------------------------------


@role_required(*CLINICAL)
def plan_modalities(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The modalities of the clinician's practices; they add their own here."""
    practices = Practice.objects.filter(memberships__user=request.user).order_by("name", "pk")
    form = ModalityForm(request.POST if request.method == "POST" else None, practices=practices)
    if form.is_valid():
        try:
            plans.add_practice_modality(
                practice=form.cleaned_data["practice"], name=form.cleaned_data["name"]
            )
        except plans.PlanError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, "Modality added.")
            return redirect("care:plan_modalities")
    context = {
        "form": form,
        "own": PracticeModality.objects.filter(practice__in=practices).select_related("practice"),
        "built_in": Modality.labels,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "care/plans/modalities.html", context, status=status)
