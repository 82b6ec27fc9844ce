"""Groups: a therapy group run by a clinician, or a peer group with a facilitator.

A member chooses whether to share their milestones and their support requests with the group.
Sharing is a set of grants in `privacy`, one per scope from the member to every other current
member and to the facilitator, each naming the group as its source (`group.source`): leaving
the group, being removed or the group ending ends every grant it carried, both ways, in one
call. The facilitator reads nothing else of a member's record because no other grant exists.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.actions import notify
from threecircles.accounts.models import (
    CLINICAL_ROLES,
    Practice,
    PracticeMembership,
    Role,
    User,
    UserQuerySet,
)
from threecircles.network.models import (
    Attendance,
    GroupKind,
    GroupMeeting,
    GroupMembership,
    SupportGroup,
)
from threecircles.privacy import actions as privacy
from threecircles.privacy.access import record_access, supported_clients, visible_clients
from threecircles.privacy.models import Action, Basis, Relationship, Scope

GRANTS_WHAT = privacy.GRANTS_WHAT
# What a member may share with their group, and the membership flag that records the choice.
GROUP_SCOPES = {
    Scope.MILESTONES: "shares_milestones",
    Scope.SUPPORT_REQUESTS: "shares_support_requests",
}


class GroupError(Exception):
    """Something a person asked for that the group cannot do; the message is shown as is."""


# --- who may do what ------------------------------------------------------------------------


def practice_of(user: User) -> Practice | None:
    """The practice a clinician's new groups belong to: the one they joined first."""
    if user.role not in CLINICAL_ROLES:
        return None
    membership = user.practice_memberships.order_by("pk").select_related("practice").first()
    return membership.practice if membership else None


def may_create_groups(user: User) -> bool:
    return user.role in CLINICAL_ROLES and user.practice_memberships.exists()


def _ties_to_groups(user: User, *, invited_or_in: bool) -> bool:
    """Does this person facilitate a running group, (with `invited_or_in`) belong to or have
    an invitation to one, or, as a clinician of a practice, may start one? A clinician of a
    practice is answered by one simple query (this runs on every page); others by one EXISTS."""
    if user.role in CLINICAL_ROLES and user.is_active and user.practice_memberships.exists():
        return True
    facilitates = Exists(SupportGroup.objects.running().filter(facilitator=OuterRef("pk")))
    ties = Q(facilitates)
    if invited_or_in:
        ties |= Q(
            Exists(
                GroupMembership.objects.filter(
                    person=OuterRef("pk"), left_at__isnull=True, group__ended_at__isnull=True
                )
            )
        )
    if user.role in CLINICAL_ROLES:
        ties |= Q(Exists(PracticeMembership.objects.filter(user=OuterRef("pk"))))
    return User.objects.filter(pk=user.pk, is_active=True).filter(ties).exists()


def has_groups_page(user: User) -> bool:
    """Whether "My groups" opens for this person: any client (in a group, invited, or no
    longer in one), a clinician who may start groups, or anyone facilitating one."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.CLIENT:
        return True
    return _ties_to_groups(user, invited_or_in=False)


def shows_groups_in_nav(user: User) -> bool:
    """The navigation link, for people with something there: in or invited to a running
    group, facilitating one, or a clinician who may start one. It runs on every page."""
    if not user.is_authenticated:
        return False
    return _ties_to_groups(user, invited_or_in=True)


def candidates_for(group: SupportGroup, asked_by: User) -> UserQuerySet:
    """Whom the facilitator may ask to join: for a therapy group, clients on their caseload;
    for a peer group, also clients who already share something with them. Never an address
    typed in, which would tell whether someone has an account here."""
    known = visible_clients(asked_by)
    if group.kind == GroupKind.PEER:
        known = known | supported_clients(asked_by)
    taken = group.memberships.filter(left_at__isnull=True).values("person")
    return (
        known.clients()
        .active()
        .exclude(pk__in=taken)
        .exclude(pk=group.facilitator_id)
        .distinct()
        .order_by("display_name", "pk")
    )


# --- the group itself -----------------------------------------------------------------------


@transaction.atomic
def create_group(*, facilitator: User, name: str, kind: str, meets: str = "") -> SupportGroup:
    """A clinician's group belongs to their practice. A peer group may have anyone as its
    facilitator (a client with long sober time, say); a therapy group needs a clinician."""
    practice = practice_of(facilitator)
    if kind == GroupKind.THERAPY and practice is None:
        raise GroupError("A therapy group is run by a clinician of a practice.")
    return SupportGroup.objects.create(
        name=name.strip(), kind=kind, facilitator=facilitator, practice=practice, meets=meets
    )


@transaction.atomic
def end_group(*, group: SupportGroup, ended_by: User) -> None:
    """Every membership ends, and with it every grant the group carried."""
    group = SupportGroup.objects.select_for_update().get(pk=group.pk)
    if group.ended_at is not None:
        return
    for membership in group.memberships.filter(left_at__isnull=True).select_related("person"):
        if membership.accepted_at is not None:
            notify(membership.person, text="A group you were in has ended.", url=_groups_url())
        _end_membership(membership, ended_by=ended_by, why="A group you were in ended")
    privacy.end_shared_through(source=group.source, ended_by=ended_by)
    group.ended_at = timezone.now()
    group.save(update_fields=["ended_at"])


# --- joining --------------------------------------------------------------------------------


@transaction.atomic
def ask_to_join(*, group: SupportGroup, person: User, asked_by: User) -> GroupMembership:
    """The person is asked; nothing is shared and they are not a member until they accept."""
    if group.ended_at is not None:
        raise GroupError("This group has ended.")
    if not candidates_for(group, asked_by).filter(pk=person.pk).exists():
        raise GroupError("Choose someone from the list.")
    membership = GroupMembership.objects.create(group=group, person=person)
    notify(person, text="You have been invited to join a group.", url=_groups_url())
    return membership


@transaction.atomic
def accept_invitation(*, membership: GroupMembership) -> None:
    """The person joins, sharing nothing yet; they start seeing what members already share."""
    membership = _locked(membership)
    if membership.accepted_at is not None or membership.left_at is not None:
        raise GroupError("This invitation is no longer open.")
    membership.accepted_at = timezone.now()
    membership.save(update_fields=["accepted_at"])
    _receive_from_sharers(membership)


@transaction.atomic
def decline_invitation(*, membership: GroupMembership) -> None:
    """A declined (or withdrawn) invitation is closed like a membership that ended."""
    membership = _locked(membership)
    if membership.accepted_at is not None or membership.left_at is not None:
        raise GroupError("This invitation is no longer open.")
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])


@transaction.atomic
def add_member_directly(*, group: SupportGroup, person: User) -> GroupMembership:
    """Put someone in a group as if asked and accepted. For demo data and tests; people in the
    app go through `ask_to_join` and `accept_invitation`."""
    now = timezone.now()
    membership = GroupMembership.objects.create(
        group=group, person=person, joined_at=now, accepted_at=now
    )
    _receive_from_sharers(membership)
    return membership


# --- sharing --------------------------------------------------------------------------------


@transaction.atomic
def set_group_sharing(
    *, membership: GroupMembership, milestones: bool, support_requests: bool
) -> list[str]:
    """Share (or stop sharing) each scope with everyone in the group now; takes effect on their
    next request. Returns what changed, in words for the member."""
    membership = _locked(membership)
    if membership.accepted_at is None or membership.left_at is not None:
        raise GroupError("Only members can share with the group.")
    group, person = membership.group, membership.person
    wanted = {Scope.MILESTONES: milestones, Scope.SUPPORT_REQUESTS: support_requests}
    changed = []
    for scope, flag in GROUP_SCOPES.items():
        if getattr(membership, flag) == wanted[scope]:
            continue
        setattr(membership, flag, wanted[scope])
        label = str(Scope(scope).label).lower()
        if wanted[scope]:
            for grantee in _everyone_else(membership):
                _share(person, grantee, scope, group)
            changed.append(f"The group now sees your {label}.")
            reason = f"You shared your {label} with a group"
        else:
            privacy.end_shared_through(
                source=group.source, person=person, scope=scope, ended_by=person
            )
            changed.append(f"The group no longer sees your {label}.")
            reason = f"You stopped sharing your {label} with a group"
        _log(client=person, reason=reason, group=group, by_self=True)
    membership.save(update_fields=list(GROUP_SCOPES.values()))
    return changed


@transaction.atomic
def leave_group(*, membership: GroupMembership, ended_by: User) -> int:
    """Leave (or be removed): every grant the group carried for this person ends, both what
    they shared and what they were shown. Returns how many grants ended."""
    membership = _locked(membership)
    if membership.left_at is not None:
        raise GroupError("This membership has already ended.")
    if membership.accepted_at is None:
        decline_invitation(membership=membership)
        return 0
    why = "You left" if ended_by.pk == membership.person_id else "You were removed from"
    ended = _end_membership(membership, ended_by=ended_by, why=f"{why} a group")
    if ended_by.pk != membership.person_id:
        notify(membership.person, text="Your group membership has changed.", url=_groups_url())
    return ended


# --- attendance -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    person: User
    marks: list[bool | None]  # one per meeting, newest first; None: not recorded

    @property
    def present(self) -> int:
        return sum(1 for mark in self.marks if mark)

    @property
    def recorded(self) -> int:
        return sum(1 for mark in self.marks if mark is not None)


@transaction.atomic
def record_meeting(*, group: SupportGroup, day: date, present: set[int]) -> GroupMeeting:
    """One meeting: each current member present or absent. Recording the same day again
    corrects it."""
    if group.ended_at is not None:
        raise GroupError("This group has ended.")
    meeting, _ = GroupMeeting.objects.get_or_create(group=group, day=day)
    for membership in group.memberships.current():
        Attendance.objects.update_or_create(
            meeting=meeting,
            person_id=membership.person_id,
            defaults={"present": membership.person_id in present},
        )
    return meeting


def recorded_meeting(group: SupportGroup, day: date) -> GroupMeeting | None:
    return group.meetings.filter(day=day).first()


def present_at(meeting: GroupMeeting) -> list[int]:
    """The people recorded as present, to show a recorded day before it is changed."""
    return list(meeting.attendance.filter(present=True).values_list("person_id", flat=True))


def attendance_table(
    group: SupportGroup, *, meetings: int = 12
) -> tuple[list[GroupMeeting], list[AttendanceRow]]:
    """The latest meetings (newest first) and, for each current member, present or absent at
    each."""
    recent = list(group.meetings.order_by("-day")[:meetings])
    marks = {
        (mark.meeting_id, mark.person_id): mark.present
        for mark in Attendance.objects.filter(meeting__in=recent)
    }
    rows = [
        AttendanceRow(
            membership.person,
            [marks.get((meeting.pk, membership.person_id)) for meeting in recent],
        )
        for membership in group.memberships.current().select_related("person")
    ]
    return recent, rows


# --- helpers --------------------------------------------------------------------------------


def _groups_url() -> str:
    return reverse("network:group_list")


def _locked(membership: GroupMembership) -> GroupMembership:
    """Changes to one group happen one at a time, so a member joining while another starts
    sharing still ends up with every grant."""
    SupportGroup.objects.select_for_update().filter(pk=membership.group_id).first()
    return GroupMembership.objects.select_related("group", "person").get(pk=membership.pk)


def _everyone_else(membership: GroupMembership) -> list[User]:
    """The people a member's sharing reaches: every other current member and the
    facilitator."""
    group = membership.group
    others = [
        other.person
        for other in group.memberships.current().exclude(pk=membership.pk).select_related("person")
    ]
    if group.facilitator_id != membership.person_id:
        others.append(group.facilitator)
    return others


def _share(client: User, grantee: User, scope: str, group: SupportGroup) -> None:
    privacy.share_through(
        client=client,
        grantee=grantee,
        scope=scope,
        relationship=Relationship.GROUP_MEMBER,
        source=group.source,
    )


def _receive_from_sharers(membership: GroupMembership) -> None:
    """A new member sees what the others already share with the group."""
    group = membership.group
    sharers = group.memberships.current().exclude(pk=membership.pk).select_related("person")
    for other in sharers:
        for scope, flag in GROUP_SCOPES.items():
            if getattr(other, flag):
                _share(other.person, membership.person, scope, group)
                label = str(Scope(scope).label).lower()
                _log(
                    client=other.person,
                    reason=f"A new member of a group sees your {label}, as you chose",
                    group=group,
                    by_self=False,
                )


def _end_membership(membership: GroupMembership, *, ended_by: User, why: str) -> int:
    group, person = membership.group, membership.person
    was_member = membership.accepted_at is not None
    # Who shared with this person, read before their grants end, to tell each of them.
    sharers = [
        other.person
        for other in group.memberships.current().exclude(pk=membership.pk).select_related("person")
        if other.shares_milestones or other.shares_support_requests
    ]
    membership.left_at = timezone.now()
    shared = membership.shares_milestones or membership.shares_support_requests
    membership.shares_milestones = membership.shares_support_requests = False
    membership.save(update_fields=["left_at", *GROUP_SCOPES.values()])
    ended = privacy.end_shared_through(source=group.source, person=person, ended_by=ended_by)
    if was_member:
        note = ": the group no longer sees anything of yours" if shared else ""
        by_self = ended_by.pk == person.pk
        _log(client=person, reason=f"{why}{note}", group=group, by_self=by_self)
        for sharer in sharers:
            _log(
                client=sharer,
                reason="A member left a group and no longer sees what you share",
                group=group,
                by_self=False,
            )
    return ended


def _log(*, client: User, reason: str, group: SupportGroup, by_self: bool) -> None:
    """On the client's own chain, so "who has seen my record" shows each change of who may.
    A change someone else caused (a new member, a removal) is logged as the system's: the
    log, which cannot be edited, never names another client, nor the group (its name may
    say what kind of care it is); `object_id` says which group."""
    record_access(
        actor=client if by_self else None,
        client_id=client.pk,
        action=Action.UPDATE,
        what=GRANTS_WHAT,
        reason=reason[:200],
        basis=Basis.SELF if by_self else Basis.SYSTEM,
        object_id=group.source,
    )


def leave_every_group(*, client: User) -> None:
    """Registered as an erasure hook: an erased person leaves their groups (every grant the
    groups carried ends), open invitations close, and a group they facilitate ends."""
    for group in SupportGroup.objects.running().filter(facilitator=client):
        end_group(group=group, ended_by=client)
    for membership in GroupMembership.objects.filter(person=client, left_at__isnull=True):
        if membership.accepted_at is None:
            decline_invitation(membership=membership)
        else:
            leave_group(membership=membership, ended_by=client)
