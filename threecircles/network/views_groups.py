"""The groups pages: "My groups", a group's page (members and what each shares), and the
facilitator's attendance.

A group page reads a member's milestones or support requests only through
`get_client_for` with that scope, so the grant the member gave decides, and the read is on
the member's access log. The facilitator has no other way in: no page here shows anything
else of a member's record.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest
from threecircles.accounts.models import User
from threecircles.network import groups
from threecircles.network.forms_groups import (
    AskToJoinForm,
    GroupForm,
    GroupSharingForm,
    MeetingForm,
)
from threecircles.network.models import GroupMembership, SupportGroup, SupportRequest
from threecircles.privacy.access import get_client_for
from threecircles.privacy.models import Scope
from threecircles.recovery.actions import progress_for

# How far back a group sees a member's support requests.
SUPPORT_REQUEST_DAYS = 14


@dataclass
class Shared:
    """What one member shares with the group, as read for this viewer."""

    person: User
    milestones: list[str] | None = None  # None: not shared
    support_requests: list[SupportRequest] | None = None
    next_milestone: str = ""

    @property
    def shares_anything(self) -> bool:
        return self.milestones is not None or self.support_requests is not None


@dataclass
class GroupPage:
    group: SupportGroup
    membership: GroupMembership | None  # the viewer's, if they are a member
    members: list[GroupMembership]
    shared: list[Shared] = field(default_factory=list)


# --- finding the group: everyone else gets 404 ----------------------------------------------


def _running(group_id: int) -> SupportGroup:
    return get_object_or_404(
        SupportGroup.objects.running().select_related("facilitator"), pk=group_id
    )


def _as_facilitator(request: AuthenticatedHttpRequest, group_id: int) -> SupportGroup:
    group = _running(group_id)
    if group.facilitator_id != request.user.pk:
        raise Http404
    return group


def _as_member(request: AuthenticatedHttpRequest, group_id: int) -> GroupMembership:
    return get_object_or_404(
        GroupMembership.objects.current().select_related("group", "person"),
        group_id=group_id,
        group__ended_at__isnull=True,
        person=request.user,
    )


def _as_facilitator_or_member(
    request: AuthenticatedHttpRequest, group_id: int
) -> tuple[SupportGroup, GroupMembership | None]:
    group = _running(group_id)
    if group.facilitator_id == request.user.pk:
        return group, None
    membership = group.memberships.current().filter(person=request.user).first()
    if membership is None:
        raise Http404
    return group, membership


def _invitation(request: AuthenticatedHttpRequest, group_member_id: int) -> GroupMembership:
    return get_object_or_404(
        GroupMembership.objects.pending().select_related("group"),
        pk=group_member_id,
        person=request.user,
        group__ended_at__isnull=True,
    )


# --- reading what members share -------------------------------------------------------------


def _shared_by(request: AuthenticatedHttpRequest, membership: GroupMembership) -> Shared:
    """Each scope is read through the grant the member gave the group; a grant that has ended
    (they stopped sharing a moment ago) shows nothing."""
    shared = Shared(membership.person)
    if membership.shares_milestones:
        try:
            client = get_client_for(
                request,
                membership.person_id,
                scope=Scope.MILESTONES,
                what="your milestones (group)",
            )
        except Http404:
            pass
        else:
            progress = progress_for(client)
            shared.milestones = progress.milestones
            shared.next_milestone = progress.next_milestone
    if membership.shares_support_requests:
        try:
            client = get_client_for(
                request,
                membership.person_id,
                scope=Scope.SUPPORT_REQUESTS,
                what="your support requests (group)",
            )
        except Http404:
            pass
        else:
            since = timezone.now() - timedelta(days=SUPPORT_REQUEST_DAYS)
            shared.support_requests = list(
                SupportRequest.objects.for_client(client.pk).filter(created_at__gte=since)
            )
    return shared


def _page(
    request: AuthenticatedHttpRequest,
    group: SupportGroup,
    membership: GroupMembership | None,
    *,
    ask_form: AskToJoinForm | None = None,
    status: int = 200,
) -> HttpResponse:
    members = list(group.memberships.current().select_related("person"))
    shared = [
        _shared_by(request, other)
        for other in members
        if other.person_id != request.user.pk
        and (other.shares_milestones or other.shares_support_requests)
    ]
    context: dict[str, Any] = {
        "page": GroupPage(group, membership, members, [s for s in shared if s.shares_anything]),
        "support_request_days": SUPPORT_REQUEST_DAYS,
    }
    if membership is not None:
        context["sharing_form"] = GroupSharingForm(
            initial={
                "shares_milestones": membership.shares_milestones,
                "shares_support_requests": membership.shares_support_requests,
            }
        )
    else:
        context["ask_form"] = ask_form or AskToJoinForm(
            candidates=groups.candidates_for(group, request.user)
        )
        context["pending"] = list(group.memberships.pending().select_related("person"))
    return render(request, "network/groups/detail.html", context, status=status)


# --- pages ----------------------------------------------------------------------------------


@login_required
def group_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The groups this person facilitates, is in, or is invited to. An invitation shows the
    group's name and facilitator only: nothing of the members until they accept."""
    user = request.user
    if not groups.has_groups_page(user):
        raise Http404
    facilitated = SupportGroup.objects.running().filter(facilitator=user)
    mine = GroupMembership.objects.filter(person=user, group__ended_at__isnull=True)
    context = {
        "facilitated": facilitated,
        "memberships": mine.current().select_related("group", "group__facilitator"),
        "invitations": mine.pending().select_related("group", "group__facilitator"),
        "may_create": groups.may_create_groups(user),
    }
    return render(request, "network/groups/list.html", context)


@login_required
def group_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not groups.may_create_groups(request.user):
        raise Http404
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = groups.create_group(
                facilitator=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                meets=form.cleaned_data["meets"],
            )
        except groups.GroupError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{group.name} started. Ask people to join below.")
            return redirect("network:group_detail", group.pk)
    return render(request, "network/groups/new.html", {"form": form})


@login_required
def group_detail(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    group, membership = _as_facilitator_or_member(request, group_id)
    return _page(request, group, membership)


@require_POST
@login_required
def group_ask(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    group = _as_facilitator(request, group_id)
    form = AskToJoinForm(request.POST, candidates=groups.candidates_for(group, request.user))
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            groups.ask_to_join(group=group, person=person, asked_by=request.user)
        except groups.GroupError as error:
            form.add_error("person", str(error))
        else:
            messages.success(
                request, f"{person.display_name} was asked to join. They join when they accept."
            )
            return redirect("network:group_detail", group.pk)
    return _page(request, group, None, ask_form=form)


@require_POST
@login_required
def group_sharing(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    membership = _as_member(request, group_id)
    form = GroupSharingForm(request.POST)
    form.is_valid()  # two tick boxes: always valid
    changed = groups.set_group_sharing(
        membership=membership,
        milestones=form.cleaned_data["shares_milestones"],
        support_requests=form.cleaned_data["shares_support_requests"],
    )
    for change in changed:
        messages.success(request, change)
    if not changed:
        messages.info(request, "Nothing changed.")
    return redirect("network:group_detail", group_id)


@require_POST
@login_required
def group_leave(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    membership = _as_member(request, group_id)
    groups.leave_group(membership=membership, ended_by=request.user)
    messages.success(
        request,
        f"You left {membership.group.name}. Nobody there sees anything of yours any more, "
        "and you no longer see what they shared.",
    )
    return redirect("network:group_list")


@require_POST
@login_required
def group_accept(request: AuthenticatedHttpRequest, group_member_id: int) -> HttpResponse:
    membership = _invitation(request, group_member_id)
    groups.accept_invitation(membership=membership)
    messages.success(
        request,
        f"You joined {membership.group.name}. You share nothing with the group until you "
        "choose to.",
    )
    return redirect("network:group_detail", membership.group_id)


@require_POST
@login_required
def group_decline(request: AuthenticatedHttpRequest, group_member_id: int) -> HttpResponse:
    membership = _invitation(request, group_member_id)
    groups.decline_invitation(membership=membership)
    messages.success(request, f"You declined the invitation to {membership.group.name}.")
    return redirect("network:group_list")


@require_POST
@login_required
def group_remove(request: AuthenticatedHttpRequest, group_member_id: int) -> HttpResponse:
    """The facilitator removes a member, or withdraws an invitation not answered yet."""
    membership = get_object_or_404(
        GroupMembership.objects.filter(left_at__isnull=True).select_related("group", "person"),
        pk=group_member_id,
        group__facilitator=request.user,
        group__ended_at__isnull=True,
    )
    was_member = membership.accepted_at is not None
    groups.leave_group(membership=membership, ended_by=request.user)
    name = membership.person.display_name
    if was_member:
        messages.success(
            request,
            f"{name} is no longer in the group. Everything shared with them or by them "
            "through the group has ended.",
        )
    else:
        messages.success(request, f"The invitation to {name} was withdrawn.")
    return redirect("network:group_detail", membership.group_id)


def _day_asked_for(request: AuthenticatedHttpRequest) -> date | None:
    """?day=YYYY-MM-DD, as the links of the attendance table send it; anything else, none."""
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return None


@login_required
def group_attendance(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    """Record a meeting, or change one already recorded: a day in the table opens its
    attendance in the form, so a second saving of a day is seen to replace the first."""
    group = _as_facilitator(request, group_id)
    members = User.objects.get_queryset().filter(
        pk__in=group.memberships.current().values("person")
    )
    asked = _day_asked_for(request)
    changing = groups.recorded_meeting(group, asked) if asked else None
    initial: dict[str, Any] = {"day": timezone.localdate()}
    if changing is not None:
        initial = {"day": changing.day, "present": groups.present_at(changing)}
    form = MeetingForm(
        request.POST or None, members=members.order_by("display_name", "pk"), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["day"]
        replaced = groups.recorded_meeting(group, day) is not None
        groups.record_meeting(
            group=group, day=day, present={person.pk for person in form.cleaned_data["present"]}
        )
        if replaced:
            messages.success(request, f"Attendance for {day:%-d %B} replaced.")
        else:
            messages.success(request, f"Attendance for {day:%d %B %Y} saved.")
        return redirect("network:group_attendance", group.pk)
    meetings, rows = groups.attendance_table(group)
    context = {
        "group": group,
        "form": form,
        "changing": changing,
        "meetings": meetings,
        "rows": rows,
    }
    return render(request, "network/groups/attendance.html", context)


@require_POST
@login_required
def group_end(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    group = _as_facilitator(request, group_id)
    groups.end_group(group=group, ended_by=request.user)
    messages.success(
        request, f"{group.name} has ended. Nothing its members shared through it is shown now."
    )
    return redirect("network:group_list")
