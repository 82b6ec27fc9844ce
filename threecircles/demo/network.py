"""The demo's support network: a request for support Carol answered, and (with groups) a peer
group of three clients."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from threecircles.accounts.models import Notification, User
from threecircles.network.groups import (
    add_member_directly,
    create_group,
    record_meeting,
    set_group_sharing,
)
from threecircles.network.models import (
    Answer,
    GroupKind,
    SupportGroup,
    SupportNotice,
    SupportRequest,
)
from threecircles.network.support import (
    answer_support_request,
    ask_for_support,
    close_support_request,
)


@transaction.atomic
def seed_answered_request(alice: User, carol: User) -> None:
    """Yesterday evening Alice asked for support; Carol answered within two minutes; Alice
    said she was OK an hour later. Once only."""
    if SupportRequest.objects.for_client(alice.pk).exists():
        return
    before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
    request = ask_for_support(client=alice)
    notice = SupportNotice.objects.get(request=request, person=carol)
    answer_support_request(notice=notice, answer=Answer.CALLING)
    close_support_request(request=request)
    asked = timezone.now().replace(hour=21, minute=10, second=0) - timedelta(days=1)
    SupportRequest.objects.filter(pk=request.pk).update(
        created_at=asked,
        answered_at=asked + timedelta(minutes=2),
        closed_at=asked + timedelta(hours=1),
    )
    SupportNotice.objects.filter(request=request).update(
        notified_at=asked, answered_at=asked + timedelta(minutes=2)
    )
    # All of it was yesterday and long settled: its notifications were read then, so the
    # demo's inboxes show no stale "new".
    Notification.objects.filter(pk__gt=before).update(
        created_at=asked + timedelta(minutes=2), read_at=asked + timedelta(hours=1)
    )


PEER_GROUP = "Thursday evening peer group"


@transaction.atomic
def seed_peer_group(facilitator: User, members: list[User]) -> None:
    """A peer group run by a person in recovery: three members, two of whom share milestones
    (the first also shares support requests), and two meetings' attendance. Once only."""
    if SupportGroup.objects.filter(name=PEER_GROUP).exists():
        return
    group = create_group(
        facilitator=facilitator, name=PEER_GROUP, kind=GroupKind.PEER, meets="Thursdays 19:00"
    )
    memberships = [add_member_directly(group=group, person=person) for person in members]
    set_group_sharing(membership=memberships[0], milestones=True, support_requests=True)
    set_group_sharing(membership=memberships[-1], milestones=True, support_requests=False)
    today = timezone.localdate()
    everyone = {person.pk for person in members}
    record_meeting(group=group, day=today - timedelta(days=14), present=everyone)
    record_meeting(group=group, day=today - timedelta(days=7), present=everyone - {members[1].pk})
