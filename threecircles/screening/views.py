from uuid import UUID

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Practice, Role, User
from threecircles.lib.charts import BandArea, Point, trend_svg
from threecircles.privacy.access import get_client_for
from threecircles.privacy.models import Action
from threecircles.screening import actions, answers
from threecircles.screening.forms import (
    LicensedTextForm,
    ProviderForm,
    QuestionnaireForm,
    ReferralForm,
    ReferralStatusForm,
    ReportingDecisionForm,
    ResolveAlertForm,
    SendInstrumentForm,
    StartIntakeForm,
    TriageReviewForm,
)
from threecircles.screening.instruments import (
    PackError,
    ScoringError,
    all_packs,
    get_pack,
    reliable_change,
)
from threecircles.screening.models import (
    Administration,
    Intake,
    Provider,
    Referral,
    ReportingReview,
    ReportingRule,
    SafetyAlert,
)
from threecircles.screening.triage import CSB_INSTRUMENTS

CLINICAL = (Role.CLINICIAN, Role.SUPERVISOR)


def _administration_for(
    request: AuthenticatedHttpRequest, administration_id: UUID
) -> Administration:
    administration = Administration.objects.filter(pk=administration_id).first()
    if administration is None:
        raise Http404
    client = get_client_for(
        request, administration.client_id, what="screening", object_id=str(administration.pk)
    )
    if request.user.pk == client.pk and administration.instrument in actions.CLINICIAN_ONLY:
        raise Http404
    administration.client = client
    return administration


# --- the client's side ---------------------------------------------------------------------


@role_required(Role.CLIENT)
def my_questionnaires(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = get_client_for(request, request.user.pk, what="screening")
    mine = Administration.objects.for_client(client.pk).exclude(
        instrument__in=actions.CLINICIAN_ONLY
    )
    intake = (
        Intake.objects.filter(client=client, status=Intake.Status.IN_PROGRESS)
        .order_by("-created_at", "-pk")
        .first()
    )
    waiting = [a for a in mine.open() if not (a.intake_id and intake)]
    # The consent questions first, then everything else in the order it was sent.
    waiting.sort(key=lambda a: (a.instrument != actions.CONSENT, a.sent_at))
    context = {
        "open": [_row(a) for a in waiting],
        "done": [_row(a) for a in mine.completed()[:20]],
        "intake": intake,
        "intake_steps": [_row(a) for a in actions.intake_steps(intake)] if intake else [],
    }
    return render(request, "screening/my_questionnaires.html", context)


def _row(administration: Administration) -> dict[str, object]:
    pack = get_pack(administration.instrument)
    return {
        "administration": administration,
        "title": pack.title,
        "after_consent": administration.status != Administration.Status.COMPLETED
        and actions.waits_for_consent(administration),
    }


@role_required(Role.CLIENT, *CLINICAL)
def answer(request: AuthenticatedHttpRequest, administration_id: UUID) -> HttpResponse:
    """Fill in a questionnaire: the client on their phone, or the clinician in session."""
    administration = _administration_for(request, administration_id)
    client = administration.client
    if administration.status == Administration.Status.COMPLETED:
        return redirect("screening:result", administration_id=administration.pk)
    if administration.status == Administration.Status.CANCELLED:
        raise Http404
    if actions.waits_for_consent(administration):
        if request.user.pk == client.pk:
            if actions.consent_needs_discussion(client):
                messages.info(
                    request,
                    "You asked to talk about some of the privacy statements first. Your "
                    "clinician will go through them with you; this questionnaire opens after.",
                )
            else:
                messages.info(request, "Please read and answer the consent questions first.")
            return redirect("screening:my_questionnaires")
        messages.info(
            request,
            f"{client} has not answered the consent questions yet. Go through them together "
            "first: they say what stays confidential and what you may have to report.",
        )
        return redirect("screening:client_screening", client_id=client.pk)
    try:
        pack = actions.pack_for(administration.instrument, administration.practice)
    except actions.NeedsLicensedText as exc:
        messages.error(request, str(exc))
        return redirect("home")
    form = QuestionnaireForm(
        request.POST or None, pack=pack, initial_answers=administration.answers
    )
    if request.method == "POST" and form.is_valid():
        try:
            response = _save_or_submit(request, administration, form)
        except actions.ScreeningError:
            if request.headers.get("X-Autosave"):
                return HttpResponse(status=409)
            return redirect("screening:result", administration_id=administration.pk)
        if response is not None:
            return response
    return render(
        request,
        "screening/answer.html",
        {"form": form, "pack": pack, "administration": administration, "client": client},
    )


def _save_or_submit(
    request: AuthenticatedHttpRequest, administration: Administration, form: QuestionnaireForm
) -> HttpResponse | None:
    if "save" in request.POST:
        actions.save_progress(
            administration=administration, answers=form.answers(), actor=request.user
        )
        if request.headers.get("X-Autosave"):
            return HttpResponse(status=204)
        messages.success(request, "Saved. You can come back and finish at any time.")
        return redirect("screening:answer", administration_id=administration.pk)
    if form.require_all():
        try:
            actions.complete_administration(
                administration=administration, answers=form.answers(), actor=request.user
            )
        except ScoringError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("screening:result", administration_id=administration.pk)
    # Keep what was chosen so far, so nothing typed is lost.
    actions.save_progress(administration=administration, answers=form.answers(), actor=request.user)
    return None


@role_required(Role.CLIENT, *CLINICAL)
def result(request: AuthenticatedHttpRequest, administration_id: UUID) -> HttpResponse:
    administration = _administration_for(request, administration_id)
    if administration.status != Administration.Status.COMPLETED:
        raise Http404
    pack = get_pack(administration.instrument)
    is_client = request.user.pk == administration.client_id
    # The alert row is the one truth about a safety answer; no second reading of the flags.
    safety = SafetyAlert.objects.filter(administration=administration).exists()
    # Answers in words from the administration fetched above through get_client_for: the
    # grant check and the access log cover reading them; there is no second way in.
    worded = answers.pack_with_text(administration)
    context = {
        "administration": administration,
        "pack": pack,
        "is_client": is_client,
        "readable": administration.instrument in actions.CLIENT_READABLE,
        "scored": answers.scored_by_total(pack),
        "answer_groups": answers.answer_groups(administration, worded),
        "subscales": answers.subscale_scores(administration, pack),
        "safety": safety,
        "care_team_alerted": bool(actions.care_team_emails(administration.client)),
    }
    return render(request, "screening/result.html", context)


# --- the clinician's side ------------------------------------------------------------------


@role_required(*CLINICAL)
def client_screening(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, what="screening")
    practice = actions.practice_for(client, request.user)
    choices = actions.instrument_choices(practice)
    sendable = [(c.code, c.title) for c in choices if c.sendable]
    send_form = SendInstrumentForm(
        request.POST if "send" in request.POST else None, choices=sendable
    )
    if request.method == "POST" and "send" in request.POST and send_form.is_valid():
        code = send_form.cleaned_data["instrument"]
        every = send_form.cleaned_data["every_weeks"]
        title = get_pack(code).title
        try:
            if send_form.cleaned_data["before_each_session"]:
                actions.schedule_measure(
                    client=client,
                    instrument=code,
                    every_weeks=None,
                    created_by=request.user,
                    first_due_on=None,
                    before_each_session=True,
                )
            if every:
                schedule = actions.schedule_measure(
                    client=client,
                    instrument=code,
                    every_weeks=every,
                    created_by=request.user,
                    first_due_on=timezone.localdate(),
                )
                sent = actions.send_scheduled(
                    schedule, today=timezone.localdate(), actor=request.user
                )
                first = "sent" if sent else "already waiting for answers"
                messages.success(request, f"{title} {first}; it repeats every {every} weeks.")
            elif send_form.cleaned_data["before_each_session"]:
                messages.success(request, f"{title} will be sent before each session.")
            else:
                actions.send_instrument(
                    client=client,
                    instrument=code,
                    sent_by=request.user,
                    due_on=send_form.cleaned_data["due_on"],
                )
                messages.success(request, f"{title} sent.")
        except actions.NeedsLicensedText as exc:
            messages.error(request, str(exc))
        return redirect("screening:client_screening", client_id=client.pk)
    intake_form = StartIntakeForm(
        choices=[(c.code, c.title) for c in choices if c.sendable and c.code in CSB_INSTRUMENTS]
        + [(c, get_pack(c).title) for c in ("phq9", "gad7", "auditc")]
    )
    administrations = list(Administration.objects.for_client(client.pk))
    context = {
        "client": client,
        "send_form": send_form,
        "intake_form": intake_form,
        "needs_license": ", ".join(c.title for c in choices if not c.sendable),
        "open": [a for a in administrations if a.status in ("sent", "started")],
        "trends": _trends(administrations),
        "intakes": Intake.objects.filter(client=client),
        "alerts": SafetyAlert.objects.filter(client=client).open(),
        "consent_needs_discussion": actions.consent_needs_discussion(client),
        "referrals": Referral.objects.for_client(client.pk).select_related("provider"),
    }
    return render(request, "screening/client_screening.html", context)


def _trends(administrations: list[Administration]) -> list[dict[str, object]]:
    """One chart and table per instrument with completed results, oldest first."""
    by_code: dict[str, list[Administration]] = {}
    for a in sorted(administrations, key=lambda a: a.completed_at or a.sent_at):
        if a.status == Administration.Status.COMPLETED:
            by_code.setdefault(a.instrument, []).append(a)
    trends = []
    for code, done in by_code.items():
        pack = get_pack(code)
        points = [
            Point(a.completed_at.date(), float(a.result_total or 0)) for a in done if a.completed_at
        ]
        svg = trend_svg(
            points,
            low=pack.min_total,
            high=pack.max_total,
            bands=[BandArea(b.min, b.max, b.label) for b in pack.bands],
            title=f"{pack.title} totals over time",
        )
        change = None
        if len(done) >= 2:
            change = reliable_change(
                pack, int(done[0].result_total or 0), int(done[-1].result_total or 0)
            )
        trends.append(
            {
                "pack": pack,
                "rows": done,
                "svg": mark_safe(svg),  # noqa: S308 (built from numbers and escaped labels)
                "change": change,
            }
        )
    return trends


@role_required(*CLINICAL)
def reliable_change_view(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Reliable change between any two completed administrations of the same instrument."""
    client = get_client_for(request, client_id, what="screening")
    completed = Administration.objects.for_client(client.pk).completed()
    try:
        first = completed.filter(pk=UUID(request.GET.get("from", ""))).first()
        second = completed.filter(pk=UUID(request.GET.get("to", ""))).first()
    except ValueError:
        raise Http404 from None
    if not first or not second or first.instrument != second.instrument:
        raise Http404
    pack = get_pack(first.instrument)
    change = reliable_change(pack, int(first.result_total or 0), int(second.result_total or 0))
    return render(
        request,
        "screening/reliable_change.html",
        {"client": client, "pack": pack, "first": first, "second": second, "change": change},
    )


@require_POST
@role_required(*CLINICAL)
def start_intake(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, what="screening", action=Action.CREATE)
    practice = actions.practice_for(client, request.user)
    choices = [(c.code, c.title) for c in actions.instrument_choices(practice)]
    form = StartIntakeForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            actions.start_intake(
                client=client,
                started_by=request.user,
                instruments=form.cleaned_data["instruments"],
            )
        except actions.NeedsLicensedText as exc:
            messages.error(request, f"Nothing was sent. {exc}")
        else:
            messages.success(request, "Intake sent. Consent comes first.")
    else:
        messages.error(request, "Choose instruments from the list.")
    return redirect("screening:client_screening", client_id=client.pk)


@require_POST
@role_required(*CLINICAL)
def enter_in_session(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Start an administration the clinician fills in during the session."""
    client = get_client_for(request, client_id, what="screening", action=Action.CREATE)
    code = request.POST.get("instrument", "")
    try:
        administration = actions.send_instrument(
            client=client, instrument=code, sent_by=request.user, in_session=True
        )
    except (actions.NeedsLicensedText, LookupError) as exc:
        messages.error(request, str(exc))
        return redirect("screening:client_screening", client_id=client.pk)
    return redirect("screening:answer", administration_id=administration.pk)


@role_required(*CLINICAL)
def resolve_alert(request: AuthenticatedHttpRequest, alert_id: UUID) -> HttpResponse:
    alert = get_object_or_404(SafetyAlert, pk=alert_id)
    client = get_client_for(request, alert.client_id, what="safety alert")
    form = ResolveAlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.resolve_alert(
                alert=alert, clinician=request.user, action_taken=form.cleaned_data["action_taken"]
            )
        except actions.ScreeningError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Alert closed. What you did is on the record.")
            return redirect("care:caseload")
    return render(
        request, "screening/resolve_alert.html", {"alert": alert, "client": client, "form": form}
    )


@role_required(*CLINICAL)
def triage_review(request: AuthenticatedHttpRequest, intake_id: UUID) -> HttpResponse:
    intake = get_object_or_404(Intake, pk=intake_id)
    client = get_client_for(request, intake.client_id, what="triage review")
    initial = {"confirmed_pathway": intake.confirmed_pathway or intake.recommended_pathway}
    form = TriageReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_triage(
                intake=intake,
                clinician=request.user,
                confirmed_pathway=form.cleaned_data["confirmed_pathway"],
                override_reason=form.cleaned_data["override_reason"],
            )
        except actions.ScreeningError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Triage decision recorded.")
            return redirect("screening:client_screening", client_id=client.pk)
    context = {
        "intake": intake,
        "client": client,
        "form": form,
        "steps": [_row(a) for a in actions.intake_steps(intake)],
        "reviews": intake.reporting_reviews.all(),
    }
    return render(request, "screening/triage_review.html", context)


@role_required(*CLINICAL)
def reporting_review(request: AuthenticatedHttpRequest, review_id: UUID) -> HttpResponse:
    review = get_object_or_404(ReportingReview, pk=review_id)
    client = get_client_for(request, review.client_id, what="reporting review")
    rules = ReportingRule.objects.filter(category__in=review.categories)
    jurisdictions = sorted(set(ReportingRule.objects.values_list("jurisdiction", flat=True)))
    chosen = request.GET.get("jurisdiction") or review.jurisdiction
    if chosen:
        rules = rules.filter(jurisdiction=chosen)
    form = ReportingDecisionForm(
        request.POST or None,
        jurisdictions=jurisdictions,
        initial={"jurisdiction": chosen, "decision": review.decision, "notes": review.notes},
    )
    if request.method == "POST" and "sign" in request.POST:
        try:
            actions.sign_reporting_review(review=review, supervisor=request.user)
        except actions.ScreeningError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Signed as supervisor.")
        return redirect("screening:reporting_review", review_id=review.pk)
    if request.method == "POST" and form.is_valid():
        try:
            actions.decide_reporting_review(
                review=review,
                clinician=request.user,
                decision=form.cleaned_data["decision"],
                jurisdiction=form.cleaned_data["jurisdiction"],
                notes=form.cleaned_data["notes"],
            )
        except actions.ScreeningError as exc:
            # Also as a message: once signed, the form is no longer on the page.
            form.add_error(None, str(exc))
            messages.error(request, str(exc))
        else:
            messages.success(request, "Decision recorded. The software has not reported anything.")
            return redirect("screening:reporting_review", review_id=review.pk)
    practice = review.intake.practice
    context = {
        "review": review,
        "client": client,
        "needs_supervisor": bool(practice and practice.reporting_needs_supervisor),
        "rules": rules,
        "jurisdictions": jurisdictions,
        "chosen": chosen,
        "form": form,
    }
    return render(request, "screening/reporting_review.html", context)


def _practices_of(user: User, *roles: str) -> QuerySet[Practice]:
    practices = Practice.objects.filter(memberships__user=user)
    if roles:
        practices = practices.filter(memberships__role__in=roles)
    return practices.distinct().order_by("name", "pk")


@role_required(*CLINICAL)
def providers(request: AuthenticatedHttpRequest) -> HttpResponse:
    practices = _practices_of(request.user)
    if not practices.exists():
        raise Http404
    form = ProviderForm(request.POST or None, practices=practices)
    if request.method == "POST" and form.is_valid():
        provider = form.save()
        messages.success(request, f"{provider.name} added to the directory.")
        return redirect("screening:providers")
    listed = Provider.objects.available_to(request.user)
    return render(request, "screening/providers.html", {"form": form, "providers": listed})


@role_required(*CLINICAL)
def new_referral(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, what="referral")
    form = ReferralForm(request.POST or None)
    form.fields["provider"].queryset = Provider.objects.available_to(  # type: ignore[attr-defined]
        request.user
    )
    if request.method == "POST" and form.is_valid():
        referral = actions.create_referral(
            client=client,
            provider=form.cleaned_data["provider"],
            created_by=request.user,
            reason=form.cleaned_data["reason"],
            follow_up_on=form.cleaned_data["follow_up_on"],
        )
        messages.success(request, "Referral drafted.")
        return redirect("screening:referral", referral_id=referral.pk)
    return render(request, "screening/new_referral.html", {"client": client, "form": form})


@role_required(*CLINICAL)
def referral(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    item = get_object_or_404(Referral.objects.select_related("provider"), pk=referral_id)
    client = get_client_for(request, item.client_id, what="referral")
    form = ReferralStatusForm(
        request.POST or None, initial={"status": item.status, "follow_up_on": item.follow_up_on}
    )
    if request.method == "POST" and form.is_valid():
        actions.update_referral(
            referral=item,
            clinician=request.user,
            status=form.cleaned_data["status"],
            follow_up_on=form.cleaned_data["follow_up_on"],
        )
        messages.success(request, "Referral updated.")
        return redirect("screening:referral", referral_id=item.pk)
    return render(
        request, "screening/referral.html", {"referral": item, "client": client, "form": form}
    )


@role_required(*CLINICAL)
def referral_letter(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    from weasyprint import HTML

    item = get_object_or_404(
        Referral.objects.select_related("provider", "created_by"), pk=referral_id
    )
    client = get_client_for(request, item.client_id, what="referral letter", action=Action.EXPORT)
    html = render_to_string(
        "screening/referral_letter.html",
        {"referral": item, "client": client, "today": timezone.localdate()},
    )
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    # A neutral file name: no client name in downloads folders or browser history.
    response["Content-Disposition"] = 'attachment; filename="referral-letter.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.SUPERVISOR, Role.STAFF)
def licensed_text(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Import the item text of a copyrighted instrument this practice holds a license for.

    Supervisors import for their practice; institute staff publish to the whole installation.
    """
    practice, practices = None, _practices_of(request.user, Role.SUPERVISOR)
    if request.user.role == Role.SUPERVISOR:
        # A supervisor of several practices chooses which one imports (by name, the first).
        chosen = request.POST.get("practice") or request.GET.get("practice") or ""
        practice = practices.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        practice = practice or practices.first()
        if practice is None:
            raise Http404
    licensed_packs = [p for p in all_packs() if not p.license.ships_item_text]
    form = LicensedTextForm(
        request.POST or None, choices=[(p.code, p.title) for p in licensed_packs]
    )
    if request.method == "POST" and form.is_valid():
        pack = get_pack(form.cleaned_data["instrument"])
        lines = [line.strip() for line in form.cleaned_data["item_text"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) != len(pack.items):
            form.add_error(
                "item_text",
                f"{pack.title} has {len(pack.items)} items; you pasted {len(lines)} lines.",
            )
        else:
            try:
                actions.import_licensed_text(
                    instrument=pack.code,
                    texts={item.id: text for item, text in zip(pack.items, lines, strict=True)},
                    practice=practice,
                    license_holder=form.cleaned_data["license_holder"],
                    imported_by=request.user,
                )
            except PackError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"{pack.title} can now be sent.")
                return redirect("screening:licensed_text")
    status = [
        {"pack": p, "licensed": actions.licensed_text_for(p.code, practice)} for p in licensed_packs
    ]
    return render(
        request,
        "screening/licensed_text.html",
        {"form": form, "status": status, "practice": practice, "practices": practices},
    )
