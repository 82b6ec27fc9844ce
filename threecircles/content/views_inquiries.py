"""Inquiries: the public and the media write to the institute; staff answer from an inbox.

An inquiry never reaches the clinical side: it is not tied to the account of whoever sent it
(even when they are signed in), nothing links it to a client, and its message is sealed at
rest. Staff answer by e-mail, through the task queue. Neither the message nor a reply is
ever written to a log.

What a change does beyond one row (a reply: its e-mail and the inquiry's status) is a
keyword-only function in the first part of this module; the views below call them.
"""

import math
from typing import Any

from allauth.account.adapter import get_adapter
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role, User
from threecircles.content.forms_inquiries import (
    NOBODY,
    AssignForm,
    InquiryForm,
    MediaInquiryForm,
    ReplyForm,
    StatusForm,
)
from threecircles.content.models import Inquiry, InquiryReply
from threecircles.content.tasks_inquiries import send_inquiry_reply
from threecircles.lib.ratelimit import PerAddress

staff_only = role_required(Role.STAFF)

# Said on the thank-you page: how soon a person may expect an answer.
ANSWER_WITHIN_WORKING_DAYS = 5
SENDS_PER_HOUR = 5
SEND_WINDOW_SECONDS = 60 * 60
PER_PAGE = 50

# --- what staff do ----------------------------------------------------------------------------


@transaction.atomic
def reply_to_inquiry(*, inquiry: Inquiry, author: User, text: str) -> InquiryReply:
    """Keep the reply (sealed), mark the inquiry answered, and send the reply by e-mail from
    the worker. The queue commits with the reply, or neither; it holds only the reply's id."""
    reply = InquiryReply(inquiry=inquiry, author=author)
    reply.text = text
    reply.save()
    inquiry.status = Inquiry.Status.ANSWERED
    if inquiry.assignee_id is None:
        inquiry.assignee = author
    inquiry.save(update_fields=["status", "assignee"])
    send_inquiry_reply.enqueue(reply_id=reply.pk)
    return reply


def assign_inquiry(*, inquiry: Inquiry, assignee: User | None) -> None:
    """Someone takes it on: a new inquiry is then in progress."""
    inquiry.assignee = assignee
    if assignee is not None and inquiry.status == Inquiry.Status.NEW:
        inquiry.status = Inquiry.Status.OPEN
    inquiry.save(update_fields=["assignee", "status"])


# --- rate limit per address ----------------------------------------------------------------


SENDS = PerAddress("inquiry-sends", "inquiry", SENDS_PER_HOUR, SEND_WINDOW_SECONDS)
_send_places = SENDS.places
seconds_before_sending = SENDS.seconds_to_wait
_count_send = SENDS.count


# --- the public forms ----------------------------------------------------------------------


def _inquiry_page(
    request: HttpRequest, form_class: type[InquiryForm], template: str
) -> HttpResponse:
    if request.method != "POST":
        return render(request, template, {"form": form_class()})
    form = form_class(request.POST)
    address = get_adapter(request).get_client_ip(request)
    wait = seconds_before_sending(address)
    if wait:
        # What they wrote stays on the page, to send again later.
        response = render(
            request,
            template,
            {"form": form, "minutes": max(1, math.ceil(wait / 60))},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    # A filled-in hidden field: a program, not a person. It is told what a person is told,
    # so it learns nothing, and nothing is saved.
    if form.is_from_a_program:
        _count_send(address)
        return redirect("content:inquiry_sent")
    if not form.is_valid():
        form.fresh_stamp_if_refused()
        return render(request, template, {"form": form}, status=400)
    # Never tied to the sender's account, even when they are signed in.
    form.save()
    _count_send(address)
    return redirect("content:inquiry_sent")


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    return _inquiry_page(request, InquiryForm, "content/inquiries/contact.html")


@require_http_methods(["GET", "POST"])
def media_inquiry(request: HttpRequest) -> HttpResponse:
    return _inquiry_page(request, MediaInquiryForm, "content/inquiries/media.html")


def inquiry_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "content/inquiries/sent.html", {"working_days": ANSWER_WITHIN_WORKING_DAYS}
    )


# --- the staff inbox -----------------------------------------------------------------------


def waiting_for(person: User) -> dict[str, int]:
    """What waits for this member of staff: new inquiries nobody else took on, and the ones
    in progress assigned to them."""
    counts = Inquiry.objects.aggregate(
        new=Count(
            "pk", filter=Q(status=Inquiry.Status.NEW) & (Q(assignee=None) | Q(assignee=person))
        ),
        mine=Count("pk", filter=Q(status=Inquiry.Status.OPEN, assignee=person)),
    )
    return {"new": counts["new"], "mine": counts["mine"], "total": counts["new"] + counts["mine"]}


def _filtered(request: AuthenticatedHttpRequest) -> tuple[QuerySet[Inquiry], dict[str, str]]:
    """The inbox's filters, from the query string; an unknown value shows everything."""
    chosen = {
        "status": request.GET.get("status", ""),
        "kind": request.GET.get("kind", ""),
        "mine": "1" if request.GET.get("mine") == "1" else "",
    }
    found = Inquiry.objects.select_related("assignee")
    if chosen["status"] in Inquiry.Status.values:
        found = found.filter(status=chosen["status"])
    else:
        chosen["status"] = ""
    if chosen["kind"] in Inquiry.Kind.values:
        found = found.filter(kind=chosen["kind"])
    else:
        chosen["kind"] = ""
    if chosen["mine"]:
        found = found.filter(assignee=request.user)
    return found, chosen


@staff_only
def inquiry_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    found, chosen = _filtered(request)
    by_status = dict(Inquiry.objects.values_list("status").annotate(n=Count("pk")).order_by())
    page = Paginator(found.order_by("-received_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = "&".join(f"{key}={value}" for key, value in chosen.items() if value)
    return render(
        request,
        "content/inquiries/inbox.html",
        {
            "page": page,
            "chosen": chosen,
            "query": query,
            "filtered": any(chosen.values()),
            "statuses": [
                (value, label, by_status.get(value, 0)) for value, label in Inquiry.Status.choices
            ],
            "kinds": Inquiry.Kind.choices,
            "waiting": waiting_for(request.user),
        },
    )


def _detail(
    request: AuthenticatedHttpRequest, inquiry: Inquiry, status: int = 200, **forms_: forms.Form
) -> HttpResponse:
    """The inquiry's page; a form that was refused comes back bound, with what was typed."""
    context: dict[str, Any] = {
        "inquiry": inquiry,
        "replies": inquiry.replies.select_related("author"),
        "reply_form": ReplyForm(),
        "assign_form": AssignForm(
            initial={"assignee": str(inquiry.assignee_id) if inquiry.assignee_id else NOBODY}
        ),
        "status_form": StatusForm(initial={"status": inquiry.status}),
        "mine": inquiry.assignee_id == request.user.pk,
    }
    context.update(forms_)
    return render(request, "content/inquiries/detail.html", context, status=status)


def _inquiry(inquiry_id: int) -> Inquiry:
    return get_object_or_404(Inquiry.objects.select_related("assignee"), pk=inquiry_id)


@staff_only
def inquiry_detail(request: AuthenticatedHttpRequest, inquiry_id: int) -> HttpResponse:
    return _detail(request, _inquiry(inquiry_id))


@require_POST
@staff_only
def inquiry_reply(request: AuthenticatedHttpRequest, inquiry_id: int) -> HttpResponse:
    inquiry = _inquiry(inquiry_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _detail(request, inquiry, 400, reply_form=form)
    reply_to_inquiry(inquiry=inquiry, author=request.user, text=form.cleaned_data["text"])
    messages.success(request, f"Your reply is on its way to {inquiry.email}.")
    return redirect("content:inquiry_detail", inquiry_id=inquiry.pk)


@require_POST
@staff_only
def inquiry_assign(request: AuthenticatedHttpRequest, inquiry_id: int) -> HttpResponse:
    inquiry = _inquiry(inquiry_id)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _detail(request, inquiry, 400, assign_form=form)
    assign_inquiry(inquiry=inquiry, assignee=form.chosen)
    if form.chosen is None:
        messages.success(request, "Nobody is assigned to this inquiry now.")
    elif form.chosen == request.user:
        messages.success(request, "This inquiry is assigned to you.")
    else:
        messages.success(request, f"This inquiry is assigned to {form.chosen}.")
    return redirect("content:inquiry_detail", inquiry_id=inquiry.pk)


@require_POST
@staff_only
def inquiry_status(request: AuthenticatedHttpRequest, inquiry_id: int) -> HttpResponse:
    inquiry = _inquiry(inquiry_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _detail(request, inquiry, 400, status_form=form)
    inquiry.status = form.cleaned_data["status"]
    inquiry.save(update_fields=["status"])
    messages.success(request, f"Status changed to “{inquiry.get_status_display()}”.")
    return redirect("content:inquiry_detail", inquiry_id=inquiry.pk)
