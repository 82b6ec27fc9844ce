"""The client's own recovery pages, and what their care team sees of them."""

from datetime import date, timedelta
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import CLINICAL_ROLES, Role, User
from threecircles.privacy.access import access_basis, get_client_for
from threecircles.privacy.models import Action, Basis, Grant, Relationship, Scope
from threecircles.recovery import actions
from threecircles.recovery.crisis_lines import COUNTRIES, lines_for
from threecircles.recovery.forms import (
    CheckInForm,
    RecoverySettingsForm,
    ReportSlipForm,
    SlipReviewForm,
    SlipSharingForm,
    plan_formsets,
    plan_items,
)
from threecircles.recovery.models import (
    CIRCLE_HELP,
    CheckIn,
    Circle,
    PlanVersion,
    Slip,
    Trigger,
)

OWN = Role.CLIENT


def _mine(request: AuthenticatedHttpRequest, what: str, action: str = Action.VIEW) -> User:
    return get_client_for(request, request.user.pk, what=what, action=action)


# --- today ----------------------------------------------------------------------------------


@role_required(OWN)
def today(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Progress without shame, today's check-in, and every recovery tool one tap away."""
    client = _mine(request, "recovery overview")
    day = actions.today_for(client)
    context = {
        "progress": actions.progress_for(client, day),
        "checked_in": CheckIn.objects.for_client(client.pk).filter(day=day).first(),
        "plan": actions.current_plan(client),
        "settings": actions.settings_for(client),
    }
    return render(request, "recovery/today.html", context)


# --- check-ins ------------------------------------------------------------------------------


def _parse_day(raw: str | None, today_: date) -> date:
    try:
        return date.fromisoformat(raw) if raw else today_
    except ValueError:
        return today_


@role_required(OWN)
def check_in(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A day's check-in: today by default, or a day missed (marked as filled in later)."""
    client = _mine(request, "check-ins")
    today_ = actions.today_for(client)
    day = _parse_day(request.GET.get("day"), today_)
    existing = CheckIn.objects.for_client(client.pk).filter(day=day).first()
    initial: dict[str, object] = {"day": day}
    if existing is not None:
        answers = existing.answers
        initial |= {
            "inner_kept": "yes" if answers.get("inner_kept") else "no",
            "middle": answers.get("middle", []),
            "outer": answers.get("outer", []),
            "urge": answers.get("urge", 0),
            "triggers": answers.get("triggers", []),
            "halt": answers.get("halt", []),
            "mood": answers.get("mood"),
            "sleep": answers.get("sleep"),
            "note": existing.note,
        }
    form = CheckInForm(
        request.POST or None,
        initial=initial,
        plan=actions.current_plan(client),
        triggers=list(Trigger.objects.for_client(client.pk).current()),
        today=today_,
    )
    if request.method == "POST" and form.is_valid():
        new = form.cleaned_data["new_trigger"].strip()
        try:
            saved, _ = actions.save_check_in(
                client=client,
                day=form.cleaned_data["day"],
                answers=form.answers(),
                note=form.cleaned_data["note"].strip(),
                device_id=form.cleaned_data["device_id"],
                new_trigger=(form.cleaned_data["new_trigger_kind"], new) if new else None,
            )
        except actions.RecoveryError as exc:
            form.add_error("day", str(exc))
        else:
            if request.headers.get("X-Offline-Sync"):
                return HttpResponse(status=204)
            if not saved.answers.get("inner_kept"):
                messages.info(
                    request,
                    "Thank you for being honest. When you are ready, looking at what happened "
                    "while it is fresh helps: it is information, not a verdict.",
                )
                return redirect(f"{reverse('recovery:slips')}?day={saved.day.isoformat()}")
            messages.success(request, "Saved. Thank you for checking in.")
            return redirect("recovery:today")
    if request.method == "POST" and request.headers.get("X-Offline-Sync"):
        return HttpResponse(status=400)
    return render(
        request,
        "recovery/check_in.html",
        {"form": form, "day": day, "today": today_, "existing": existing, "help": CIRCLE_HELP},
        status=400 if request.method == "POST" else 200,
    )


@role_required(OWN)
def check_ins(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The last 60 days: checked in, filled in later, or not yet (with a link to fill it in)."""
    client = _mine(request, "check-ins")
    today_ = actions.today_for(client)
    first = today_ - timedelta(days=59)
    done = {c.day: c for c in CheckIn.objects.for_client(client.pk).between(first, today_)}
    days = [
        {"day": day, "check_in": done.get(day)}
        for day in (today_ - timedelta(n) for n in range(60))
    ]
    return render(request, "recovery/check_ins.html", {"days": days})


# --- the healthy sex plan -------------------------------------------------------------------


@role_required(OWN)
def plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, "healthy sex plan")
    current = actions.current_plan(client)
    return render(
        request,
        "recovery/plan.html",
        {"plan": current, "circles": _circles(current), "own": True},
    )


def _circles(version: PlanVersion | None) -> list[dict[str, object]]:
    items = version.items if version else {c.value: [] for c in Circle}
    return [
        {"key": c.value, "label": c.label, "help": CIRCLE_HELP[c], "items": items[c.value]}
        for c in Circle
    ]


@role_required(OWN, *CLINICAL_ROLES)
def plan_edit(request: AuthenticatedHttpRequest, client_id: int | None = None) -> HttpResponse:
    """The client writes their circles; their clinician can too, with them, in session."""
    # The client's own page has no id; the care team's names the client. Decided before the
    # record is opened, so a wrong turn is never logged as a look.
    own_page = client_id is None
    if own_page != (request.user.role == Role.CLIENT):
        raise Http404
    client = get_client_for(
        request, client_id or request.user.pk, scope=Scope.PLAN, what="healthy sex plan"
    )
    current = actions.current_plan(client)
    formsets = plan_formsets(request.POST or None, current)
    if request.method == "POST" and all(f.is_valid() for f in formsets.values()):
        version = actions.write_plan(client=client, author=request.user, items=plan_items(formsets))
        if version is None:
            messages.info(request, "Nothing changed.")
        elif request.user.pk == client.pk:
            messages.success(request, "Saved as a new version. Sign it when it feels right.")
        else:
            messages.success(request, "Saved as a new version; the client signs it.")
        if request.user.pk == client.pk:
            return redirect("recovery:plan")
        return redirect("recovery:client_recovery", client_id=client.pk)
    return render(
        request,
        "recovery/plan_edit.html",
        {
            "client": client,
            "formsets": [
                {"key": c.value, "label": c.label, "help": CIRCLE_HELP[c], "formset": formsets[c]}
                for c in Circle
            ],
        },
    )


@role_required(OWN)
def plan_history(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, "healthy sex plan (history)")
    versions = PlanVersion.objects.for_client(client.pk).select_related("written_by", "cosigned_by")
    return render(request, "recovery/plan_history.html", {"versions": versions})


@require_POST
@role_required(OWN)
def plan_sign(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, "healthy sex plan", action=Action.UPDATE)
    current = actions.current_plan(client)
    if current is None:
        messages.info(request, "Write your plan first; then sign it.")
        return redirect("recovery:plan")
    actions.sign_plan(version=current, client=client)
    messages.success(request, "Signed. This is your plan.")
    return redirect("recovery:plan")


@require_POST
@role_required(*CLINICAL_ROLES, Role.CLIENT, Role.SUPPORTER)
def plan_cosign(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """The client's clinician, or a sponsor the plan is shared with, co-signs the version they
    saw (its number is in the form). Everything is decided before the record is opened."""
    client = User.objects.filter(pk=client_id, role=Role.CLIENT, is_active=True).first()
    if client is None or client.pk == request.user.pk:
        raise Http404  # one's own plan is signed, not co-signed
    access = access_basis(request.user, client, Scope.PLAN)
    if access is None or access.basis not in (Basis.CARE_TEAM, Basis.SUPPORTER):
        raise Http404
    if access.basis == Basis.SUPPORTER and (
        access.grant is None or access.grant.role != Relationship.SPONSOR
    ):
        raise Http404
    current = actions.current_plan(client)
    if current is None or str(current.number) != request.POST.get("version", ""):
        messages.error(request, "The plan changed since you opened it: read it again first.")
        return _after_cosign(access.basis, client_id)
    client = get_client_for(
        request, client_id, scope=Scope.PLAN, what="healthy sex plan", action=Action.UPDATE
    )
    try:
        actions.cosign_plan(
            version=current, cosigner=request.user, role=access.reason, basis=access.basis
        )
    except actions.RecoveryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Co-signed.")
    return _after_cosign(access.basis, client.pk)


def _after_cosign(basis: str, client_id: int) -> HttpResponse:
    if basis == Basis.CARE_TEAM:
        return redirect("recovery:client_recovery", client_id=client_id)
    return redirect("network:supporting", client_id=client_id)


@role_required(OWN)
def plan_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    from weasyprint import HTML

    client = _mine(request, "healthy sex plan (printed)", action=Action.EXPORT)
    current = actions.current_plan(client)
    html = render_to_string(
        "recovery/plan_print.html",
        {"client": client, "plan": current, "circles": _circles(current)},
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    # A neutral name: nothing about what it is in a downloads folder.
    response["Content-Disposition"] = 'attachment; filename="my-plan.pdf"'
    return response


# --- slips ----------------------------------------------------------------------------------


def _sharing_choices(client: User) -> list[tuple[int, str]]:
    """Supporters the client shares slips with: only they can be told of one."""
    grants = (
        Grant.objects.supporters()
        .active()
        .filter(client=client, scope=Scope.SLIPS, invitation__isnull=False)
        .select_related("grantee")
        .order_by("pk")
    )
    return [
        (g.invitation_id, f"{g.grantee or 'Invited'} ({g.role_label.lower()})")
        for g in grants
        if g.invitation_id is not None
    ]


@role_required(OWN)
def slips(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, "slips")
    today_ = actions.today_for(client)
    form = ReportSlipForm(
        request.POST or None, initial={"day": _parse_day(request.GET.get("day"), today_)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            slip = actions.report_slip(client=client, day=form.cleaned_data["day"])
        except actions.RecoveryError as exc:
            form.add_error("day", str(exc))
        else:
            return redirect("recovery:slip", slip_id=slip.pk)
    history = Slip.objects.for_client(client.pk)
    return render(request, "recovery/slips.html", {"form": form, "slips": history})


def _own_slip(request: AuthenticatedHttpRequest, slip_id: UUID) -> Slip:
    slip = Slip.objects.filter(pk=slip_id).first()
    if slip is None or slip.client_id != request.user.pk:
        raise Http404
    slip.client = _mine(request, "slips")
    return slip


@role_required(OWN)
def slip(request: AuthenticatedHttpRequest, slip_id: UUID) -> HttpResponse:
    """The guided review of one slip, the changes it proposes, and who is told."""
    item = _own_slip(request, slip_id)
    review = item.review
    form = SlipReviewForm(
        request.POST if "review" in request.POST else None,
        initial={**review, "thoughts_of_harm": "yes" if review.get("thoughts_of_harm") else ""},
    )
    choices = _sharing_choices(item.client)
    sharing = SlipSharingForm(
        request.POST if "sharing" in request.POST else None,
        supporters=choices,
        initial={
            "tell_care_team": item.tell_care_team,
            "supporters": [str(i) for i in item.told_supporters],
        },
    )
    # A self-harm answer counts at once, whatever else in the form needs fixing.
    posted = request.method == "POST" and "review" in request.POST
    if posted and request.POST.get("thoughts_of_harm") == "yes":
        alerted = actions.note_thoughts_of_harm(slip=item)
        told = "Your care team has been alerted. " if alerted else ""
        if not form.is_valid():
            # The answers stay on the page to fix; the safety plan is at its top.
            messages.warning(request, f"Thank you for saying so. {told}")
            return render(
                request,
                "recovery/slip.html",
                {
                    "slip": item,
                    "form": form,
                    "sharing": sharing,
                    "harm": True,
                    "proposals": item.proposals,
                },
                status=400,
            )
        actions.save_slip_review(
            slip=item,
            answers=form.answers(),
            proposals=form.proposals(),
            thoughts_of_harm=True,
            complete="complete" in request.POST,
        )
        messages.warning(
            request,
            f"Thank you for saying so. {told}Your safety plan and crisis lines are here, now.",
        )
        return redirect("recovery:safety_plan")
    if posted and form.is_valid():
        actions.save_slip_review(
            slip=item,
            answers=form.answers(),
            proposals=form.proposals(),
            thoughts_of_harm=False,
            complete="complete" in request.POST,
        )
        messages.success(request, "Saved.")
        return redirect("recovery:slip", slip_id=item.pk)
    if request.method == "POST" and "sharing" in request.POST and sharing.is_valid():
        allowed = {i for i, _ in choices}
        chosen = [int(i) for i in sharing.cleaned_data["supporters"] if int(i) in allowed]
        actions.set_slip_sharing(
            slip=item,
            tell_care_team=sharing.cleaned_data["tell_care_team"],
            supporters=chosen,
        )
        messages.success(request, "Saved who is told.")
        return redirect("recovery:slip", slip_id=item.pk)
    return render(
        request,
        "recovery/slip.html",
        {"slip": item, "form": form, "sharing": sharing, "proposals": item.proposals},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@role_required(OWN)
def slip_proposal(
    request: AuthenticatedHttpRequest, slip_id: UUID, proposal_id: str
) -> HttpResponse:
    item = _own_slip(request, slip_id)
    try:
        actions.decide_proposal(
            slip=item, proposal_id=proposal_id, accept=request.POST.get("decision") == "accept"
        )
    except actions.RecoveryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Done.")
    return redirect("recovery:slip", slip_id=item.pk)


# --- settings -------------------------------------------------------------------------------


@role_required(OWN)
def recovery_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, "recovery settings")
    current = actions.settings_for(client)
    form = RecoverySettingsForm(
        request.POST or None,
        countries=COUNTRIES,
        initial={
            "time_zone": current.time_zone,
            "sobriety_date": current.sobriety_date,
            "reminder_time": current.reminder_time,
            "country": current.country,
        },
    )
    if request.method == "POST" and form.is_valid():
        actions.save_settings(client=client, **form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("recovery:today")
    return render(
        request,
        "recovery/settings.html",
        {"form": form, "lines": lines_for(current.country)},
    )


# --- the care team's view -------------------------------------------------------------------


@role_required(*CLINICAL_ROLES)
def client_recovery(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """What the care team sees: the plan, the check-in calendar, slips the client chose to
    tell them (with their reviews), and progress."""
    client = get_client_for(request, client_id, scope=Scope.CHECKINS, what="recovery overview")
    today_ = actions.today_for(client)
    first = today_ - timedelta(days=29)
    done = {c.day: c for c in CheckIn.objects.for_client(client.pk).between(first, today_)}
    context = {
        "client": client,
        "progress": actions.progress_for(client, today_),
        "plan": actions.current_plan(client),
        "circles": _circles(actions.current_plan(client)),
        "days": [
            {"day": d, "check_in": done.get(d)}
            for d in (today_ - timedelta(n) for n in range(29, -1, -1))
        ],
        "slips": Slip.objects.for_client(client.pk).told_care_team(),
    }
    return render(request, "recovery/client_recovery.html", context)
