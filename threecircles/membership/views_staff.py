"""The membership's staff part: applications waiting for a decision, the members (found by
name, address or number, filtered by standing, exported as CSV), one member's payments and
reminders, member types, and the resources members read. Staff only; everyone else gets 404.

What a decision, a payment or ending a membership does is in `membership.actions`; the views
below call it and say what happened.

The members' search travels in a POST, not in the address: a name or an e-mail address typed
there would otherwise be kept in server and proxy logs.
"""

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms import BaseForm
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role
from threecircles.content.markdown import render as render_markdown
from threecircles.membership import actions
from threecircles.membership.actions import MembershipRefused
from threecircles.membership.forms_staff import (
    ApproveForm,
    DeclineForm,
    EndForm,
    MemberFilterForm,
    MemberResourceForm,
    MemberTypeChoiceForm,
    MemberTypeForm,
    PaymentForm,
)
from threecircles.membership.models import (
    MemberResource,
    Membership,
    MembershipQuerySet,
    MemberType,
)

staff_only = role_required(Role.STAFF)
Status = Membership.Status
PER_PAGE = 50


def _render(
    request: AuthenticatedHttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"membership/staff/{template}", context, status=status)


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _status(form: BaseForm) -> int:
    return 400 if form.errors else 200


# --- applications -----------------------------------------------------------------------------


@staff_only
def applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Waiting for a decision, the one waiting longest first."""
    waiting = Membership.objects.filter(status=Status.APPLIED).select_related("member_type")
    return _render(request, "applications.html", {"waiting": waiting.order_by("applied_at", "pk")})


def _application_page(
    request: AuthenticatedHttpRequest,
    membership: Membership,
    approve: ApproveForm | None = None,
    decline: DeclineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "membership": membership,
        "where": _where(membership),
        "standing": membership.standing(),
        "waiting": membership.status == Status.APPLIED,
        "approve": approve or ApproveForm(),
        "decline": decline or DeclineForm(),
    }
    return _render(request, "application.html", context, status=status)


def _where(membership: Membership) -> str:
    places = (membership.city, membership.region, membership.country)
    return ", ".join(place for place in places if place)


def _membership(membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("member_type", "decided_by", "person"),
        pk=membership_id,
    )


@staff_only
def application(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    return _application_page(request, _membership(membership_id))


@require_POST
@staff_only
def application_approve(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership(membership_id)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _application_page(request, membership, approve=form, status=400)
    try:
        approved = actions.approve(
            membership=membership, by=request.user, note=form.cleaned_data["note"].strip()
        )
    except MembershipRefused as refused:
        messages.error(request, refused.message)
        return redirect("membership:staff_application", membership_id=membership.pk)
    text = f"{approved.name} is approved, as member {approved.member_number}."
    if approved.person_id is None:
        text += f" An invitation to the member area is on its way to {approved.email}."
    messages.success(request, text)
    return redirect("membership:staff_applications")


@require_POST
@staff_only
def application_decline(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership(membership_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _application_page(request, membership, decline=form, status=400)
    try:
        actions.decline(
            membership=membership, by=request.user, note=form.cleaned_data["reason"].strip()
        )
    except MembershipRefused as refused:
        messages.error(request, refused.message)
        return redirect("membership:staff_application", membership_id=membership.pk)
    messages.success(request, f"The application of {membership.name} is declined.")
    return redirect("membership:staff_applications")


# --- members ----------------------------------------------------------------------------------


def _filter_form(request: AuthenticatedHttpRequest) -> MemberFilterForm:
    """From the search form (a POST), or a standing in the address (a link from the staff
    home). A search typed into an address is not read: it belongs in the form."""
    if request.method == "POST":
        return MemberFilterForm(request.POST)
    return MemberFilterForm({"q": "", "standing": request.GET.get("standing", "")})


def _members(form: MemberFilterForm) -> MembershipQuerySet:
    found = Membership.objects.filter(status__in=[Status.ACTIVE, Status.ENDED]).select_related(
        "member_type"
    )
    if form.is_valid():
        found = form.filter(found, timezone.localdate())
    return found.order_by("name", "pk")


@staff_only
def members(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _filter_form(request)
    data = request.POST if request.method == "POST" else request.GET
    page = Paginator(_members(form), PER_PAGE).get_page(data.get("page"))
    today = timezone.localdate()
    rows = [(membership, membership.standing(today)) for membership in page]
    context = {"form": form, "page": page, "rows": rows}
    return _render(request, "members.html", context, status=_status(form))


def _cell(value: object) -> str:
    """A spreadsheet runs text starting with = + - @ as a formula (a name typed on the public
    application form could be one): such text is opened as text instead."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


@staff_only
def members_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The members the list shows (same search and standing), every page of them."""
    form = _filter_form(request)
    today = timezone.localdate()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "member_number", "member_type", "standing", "paid_through"])
    for membership in _members(form):
        paid = membership.paid_through.isoformat() if membership.paid_through else ""
        writer.writerow(
            [
                _cell(value)
                for value in (
                    membership.name,
                    membership.email,
                    membership.member_number,
                    membership.member_type.name,
                    membership.standing(today).label,
                    paid,
                )
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="members-{today.isoformat()}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _member_page(
    request: AuthenticatedHttpRequest,
    membership: Membership,
    *,
    payment: PaymentForm | None = None,
    ending: EndForm | None = None,
    member_type: MemberTypeChoiceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    # What is saved, not what was typed: a refused form changes nothing else on the page.
    membership = _membership(membership.pk)
    context = {
        "membership": membership,
        "where": _where(membership),
        "standing": membership.standing(),
        "active": membership.status == Status.ACTIVE,
        "payments": membership.payments.select_related("recorded_by"),
        "reminders": membership.reminders.all(),
        "payment": payment
        or PaymentForm(
            initial={
                "amount": membership.member_type.yearly_fee,
                "paid_through_seen": _seen(membership),
            }
        ),
        "ending": ending or EndForm(),
        "member_type": member_type or MemberTypeChoiceForm(instance=membership),
    }
    return _render(request, "member.html", context, status=status)


def _seen(membership: Membership) -> str:
    return membership.paid_through.isoformat() if membership.paid_through else ""


@staff_only
def member(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    return _member_page(request, _membership(membership_id))


@require_POST
@staff_only
def member_payment(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership(membership_id)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return _member_page(request, membership, payment=form, status=400)
    try:
        payment = actions.record_payment(
            membership=membership,
            by=request.user,
            amount=form.cleaned_data["amount"],
            reference=form.cleaned_data["reference"].strip(),
            seen=form.cleaned_data["paid_through_seen"]
            if "paid_through_seen" in request.POST
            else None,
        )
    except MembershipRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            f"Payment recorded: {membership.name} is paid through "
            f"{payment.period_end.day} {payment.period_end:%B %Y}.",
        )
    return redirect("membership:staff_member", membership_id=membership.pk)


@require_POST
@staff_only
def member_end(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership(membership_id)
    form = EndForm(request.POST)
    if not form.is_valid():
        return _member_page(request, membership, ending=form, status=400)
    try:
        actions.end(membership=membership, by=request.user, reason=form.cleaned_data["reason"])
    except MembershipRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            f"The membership of {membership.name} has ended. The member area is closed to "
            "them; the record and its payments are kept.",
        )
    return redirect("membership:staff_member", membership_id=membership.pk)


@require_POST
@staff_only
def member_change_type(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership(membership_id)
    form = MemberTypeChoiceForm(request.POST, instance=membership)
    if not form.is_valid():
        return _member_page(request, membership, member_type=form, status=400)
    form.save()
    messages.success(request, f"{membership.name} is now: {membership.member_type.name}.")
    return redirect("membership:staff_member", membership_id=membership.pk)


# --- member types -----------------------------------------------------------------------------


@staff_only
def types(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = MemberType.objects.annotate(
        active=Count("members", filter=Q(members__status=Status.ACTIVE))
    )
    return _render(request, "types.html", {"types": found})


def _type_form(request: AuthenticatedHttpRequest, member_type: MemberType | None) -> HttpResponse:
    form = MemberTypeForm(_posted(request), instance=member_type)
    if form.is_valid():
        saved = form.save()
        messages.success(request, f"Member type {saved.name} saved.")
        return redirect("membership:staff_types")
    context = {"form": form, "member_type": member_type}
    return _render(request, "type_form.html", context, status=_status(form))


@staff_only
def type_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _type_form(request, None)


@staff_only
def type_edit(request: AuthenticatedHttpRequest, member_type_id: int) -> HttpResponse:
    return _type_form(request, get_object_or_404(MemberType, pk=member_type_id))


# --- member resources -------------------------------------------------------------------------


@staff_only
def resources(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render(request, "resources.html", {"resources": MemberResource.objects.all()})


def _resource_form(
    request: AuthenticatedHttpRequest, resource: MemberResource | None
) -> HttpResponse:
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = MemberResourceForm(_posted(request), instance=resource, action=action)
    if form.is_valid() and action != "preview":
        saved = form.save(commit=False)
        saved.updated_at = timezone.now()
        saved.save()
        messages.success(request, f"Resource saved: {saved.title}.")
        return redirect("membership:staff_resources")
    preview = None
    if action == "preview":
        preview = {
            "title": request.POST.get("title", ""),
            "summary": request.POST.get("summary", ""),
            "body": render_markdown(request.POST.get("body", "")),
        }
    context = {"form": form, "resource": resource, "preview": preview}
    return _render(request, "resource_form.html", context, status=_status(form))


@staff_only
def resource_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _resource_form(request, None)


@staff_only
def resource_edit(request: AuthenticatedHttpRequest, member_resource_id: int) -> HttpResponse:
    return _resource_form(request, get_object_or_404(MemberResource, pk=member_resource_id))
