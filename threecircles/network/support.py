"""Support requests ("I need support now"): one tap asks the people the client chose, round
by round.

Who is asked is decided at the moment of asking: the people in the client's network they put
in a round (everyone who joined starts in round 1; the client sees the list before the tap),
unless removed or paused, and people who share a group with the client where the client shares
support requests with the group. Asking is the client's own act of sharing that one fact; the
"support requests" scope is separate: it lets a supporter see past requests on their page.
Each round waits `wait_minutes` for an answer;
when nobody answered, the next round is asked, and after the last one the client's safety
plan and crisis lines open. E-mails and notifications say only that someone asked for
support: the name shows on the page, to the person signed in.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.actions import notify
from threecircles.accounts.models import User
from threecircles.accounts.tasks import send_notice_email
from threecircles.network.models import (
    Answer,
    SupportMember,
    SupportMemberQuerySet,
    SupportNotice,
    SupportRequest,
    SupportRequestQuerySet,
    SupportSettings,
)
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action, Basis, Grant, Scope
from threecircles.recovery.actions import settings_for
from threecircles.recovery.progress import zone

WHAT = "support request"
# A supporter's read of a request that asked them.
SUPPORTER_WHAT = "a support request"
SETTINGS_WHAT = "support request settings"
NOTICE_TEXT = "Someone you support asked for support."
EMAIL_SUBJECT = "Someone asked for your support"
NOBODY_ANSWERED_TEXT = "Nobody has answered yet. Your safety plan is open for you."
ANSWERED_TEXT = "Someone answered your request for support."
# Answers that stop the escalation: someone is coming.
HELPING = {Answer.CALLING, Answer.WITHIN_HOUR}


class SupportError(Exception):
    pass


@dataclass(frozen=True)
class Step:
    """One round of a request that has someone in it: who is asked, and in what round."""

    round: int
    people: list[User]


def support_settings_for(client: User) -> SupportSettings:
    """The client's settings; unsaved defaults until they save some (a read never writes)."""
    found = SupportSettings.objects.filter(client=client).first()
    return found or SupportSettings(client=client)


def _asked_in_groups(client: User, at: datetime) -> list[User]:
    """People the client shares support requests with through a group."""
    grants = (
        Grant.objects.supporters()
        .active(at)
        .filter(
            client=client,
            scope=Scope.SUPPORT_REQUESTS,
            source__startswith="group:",
            grantee__isnull=False,
            grantee__is_active=True,
        )
        .exclude(grantee=client)
        .select_related("grantee")
    )
    return [grant.grantee for grant in grants if grant.grantee is not None]


def members_to_ask(client: User, at: datetime | None = None) -> list[SupportMember]:
    """The client's supporters a request can reach now: joined, not removed, not paused."""
    today = timezone.localtime(at or timezone.now(), zone(settings_for(client).time_zone)).date()
    members = (
        SupportMember.objects.of_client(client)
        .active()
        .filter(invitation__accepted_by__isnull=False, invitation__accepted_by__is_active=True)
        .exclude(paused_until__gte=today)
        .select_related("invitation__accepted_by")
    )
    return [member for member in members if member.invitation.accepted_by_id != client.pk]


def ladder(client: User, at: datetime | None = None) -> list[Step]:
    """Who a request asks, round by round, as things stand at `at`; empty rounds left out.

    A supporter is asked in their membership's `support_round` (0: never, and that choice
    holds even if they also share a group with the client); people who share support
    requests through a group are asked in the round after the last network round.
    """
    at = at or timezone.now()
    people: dict[int, User] = {}
    rounds: dict[int, int] = {}
    never: set[int] = set()
    for member in members_to_ask(client, at):
        person = member.invitation.accepted_by
        assert person is not None  # filtered above
        people[person.pk] = person
        if member.support_round == 0:
            never.add(person.pk)
        else:
            rounds[person.pk] = min(member.support_round, rounds.get(person.pk, 99))
    group_round = max(rounds.values(), default=0) + 1
    for person in _asked_in_groups(client, at):
        people.setdefault(person.pk, person)
        rounds.setdefault(person.pk, group_round)
    by_round: dict[int, list[User]] = {}
    for pk, number in rounds.items():
        if pk not in never:
            by_round.setdefault(number, []).append(people[pk])
    return [
        Step(number, sorted(by_round[number], key=lambda user: (user.display_name, user.pk)))
        for number in sorted(by_round)
    ]


def may_answer(notice: SupportNotice, at: datetime | None = None) -> bool:
    """The person asked may still open and answer: they would be asked now too."""
    return any(
        person.pk == notice.person_id
        for step in ladder(notice.request.client, at)
        for person in step.people
    )


def relationship_of(client: User, person: User) -> str:
    """How the client knows `person`, as the access log names it."""
    member = (
        SupportMember.objects.of_client(client)
        .active()
        .filter(invitation__accepted_by=person)
        .order_by("-created_at")
        .first()
    )
    return member.get_relationship_display() if member else "Group member"


def known_as(client: User) -> dict[int, str]:
    """The names the client gave their supporters, by account; others go by their own."""
    members = SupportMember.objects.of_client(client).filter(invitation__accepted_by__isnull=False)
    return {
        member.invitation.accepted_by_id: member.name
        for member in members.select_related("invitation").order_by("created_at", "pk")
        if member.invitation.accepted_by_id is not None
    }


def name_for(person: User, names: dict[int, str]) -> str:
    return names.get(person.pk) or person.display_name


def client_clock(client: User, moment: datetime) -> datetime:
    """`moment` as the client's wall clock read it, naive, for pages rendered in another zone
    (the shared home and the supporter's page): templates show a naive time as it is."""
    zone = ZoneInfo(settings_for(client).time_zone)
    return timezone.localtime(moment, zone).replace(tzinfo=None)


# --- asking ---------------------------------------------------------------------------------


def _ask(request: SupportRequest, step: Step, now: datetime) -> None:
    """Ask everyone in `step` at once, in the app and by e-mail, saying only that someone
    asked: the name waits behind sign-in."""
    for person in step.people:
        notice = SupportNotice.objects.create(
            request=request, person=person, round=step.round, notified_at=now
        )
        path = reverse("network:support_notice", args=[notice.pk])
        notify(person, text=NOTICE_TEXT, url=path)
        send_notice_email.enqueue(
            to=[person.email],
            subject=EMAIL_SUBJECT,
            body=(
                "Hello,\n\n"
                "Someone you support asked for your support just now. Sign in to see who, "
                "and to let them know you are there:\n\n"
                f"{settings.SITE_URL.rstrip('/')}{path}\n"
            ),
        )
    request.round = step.round
    request.next_round_at = now + timedelta(minutes=request.wait_minutes)


@transaction.atomic
def ask_for_support(*, client: User) -> SupportRequest:
    """One tap: the first round is asked at once; with nobody to ask, the safety plan opens."""
    now = timezone.now()
    request = SupportRequest.objects.create(
        client=client,
        created_at=now,
        wait_minutes=support_settings_for(client).wait_minutes,
        round=0,
    )
    steps = ladder(client, now)
    if steps:
        _ask(request, steps[0], now)
    else:
        request.safety_plan_at = now
    request.save()
    record_access(
        actor=client,
        client_id=client.pk,
        action=Action.CREATE,
        what=WHAT,
        reason="Own record",
        basis=Basis.SELF,
        object_id=str(request.pk),
    )
    return request


def escalate_support_requests(now: datetime | None = None) -> int:
    """Move every request nobody answered in time to its next round, or to the safety plan.
    Safe to run often and from several workers at once; returns how many moved."""
    now = now or timezone.now()
    due = list(_due(SupportRequest.objects.all(), now).values_list("pk", flat=True))
    return sum(_escalate(pk, now) for pk in due)


def _due(requests: SupportRequestQuerySet, now: datetime) -> SupportRequestQuerySet:
    return requests.open().filter(
        answered_at__isnull=True, safety_plan_at__isnull=True, next_round_at__lte=now
    )


@transaction.atomic
def _escalate(pk: int, now: datetime) -> bool:
    # Locked and checked again: another worker, an answer or "I'm OK now" may have come first.
    request = _due(SupportRequest.objects.select_for_update(), now).filter(pk=pk).first()
    if request is None:
        return False
    client = request.client
    asked = set(request.notices.values_list("person_id", flat=True))
    for step in ladder(client, now):
        people = [person for person in step.people if person.pk not in asked]
        if step.round > request.round and people:
            _ask(request, Step(step.round, people), now)
            request.save(update_fields=["round", "next_round_at"])
            _log_system(
                request, "Nobody had answered in time: the next people you chose were asked"
            )
            return True
    request.safety_plan_at, request.next_round_at = now, None
    request.save(update_fields=["safety_plan_at", "next_round_at"])
    notify(client, text=NOBODY_ANSWERED_TEXT, url=reverse("network:support_request", args=[pk]))
    _log_system(request, "Nobody had answered in time: your safety plan was shown")
    return True


def _log_system(request: SupportRequest, reason: str) -> None:
    record_access(
        actor=None,
        client_id=request.client_id,
        action=Action.UPDATE,
        what=WHAT,
        reason=reason,
        basis=Basis.SYSTEM,
        object_id=str(request.pk),
    )


@task()
def escalate_support_requests_task() -> int:
    """Every minute, from the scheduler."""
    return escalate_support_requests()


# --- answering and closing ------------------------------------------------------------------


@transaction.atomic
def answer_support_request(*, notice: SupportNotice, answer: str) -> bool:
    """Record a supporter's answer (they may change it). A first "I'm calling you" or "I'll
    reach out" stops the escalation and tells the client, once, that someone answered; "I
    can't right now" from everyone asked so far asks the next people at once. Returns whether
    the request was still open. Access is the view's to check and log."""
    request = SupportRequest.objects.select_for_update().get(pk=notice.request_id)
    now = timezone.now()
    was_helping = notice.answer in HELPING
    notice.answer, notice.answered_at = answer, now
    notice.save(update_fields=["answer", "answered_at"])
    if request.closed_at is not None:
        return False
    if answer not in HELPING:
        if request.answered_at is None and not request.notices.exclude(answer=Answer.CANT):
            request.next_round_at = now
            request.save(update_fields=["next_round_at"])
            _escalate(request.pk, now)
        return True
    if request.answered_at is None:
        request.answered_at = now
    request.next_round_at = None
    request.save(update_fields=["answered_at", "next_round_at"])
    if not was_helping:
        # Who answered is on the page; the notification names nobody (it outlives erasures
        # of either person and may be read over a shoulder).
        notify(
            request.client,
            text=ANSWERED_TEXT,
            url=reverse("network:support_request", args=[request.pk]),
        )
    return True


@transaction.atomic
def close_support_request(*, request: SupportRequest) -> None:
    """The client is OK now: nobody else is asked, and the people asked see it was closed."""
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if request.closed_at is not None:
        return
    request.closed_at, request.next_round_at = timezone.now(), None
    request.save(update_fields=["closed_at", "next_round_at"])
    record_access(
        actor=request.client,
        client_id=request.client_id,
        action=Action.UPDATE,
        what=WHAT,
        reason="Own record",
        basis=Basis.SELF,
        object_id=str(request.pk),
    )


@transaction.atomic
def save_support_settings(*, client: User, wait_minutes: int, rounds: dict[int, int]) -> None:
    """The wait between rounds, and each supporter's round (by membership id)."""
    found, _ = SupportSettings.objects.get_or_create(client=client)
    found.wait_minutes = wait_minutes
    found.save(update_fields=["wait_minutes"])
    for member in SupportMember.objects.of_client(client).active().filter(pk__in=rounds):
        if member.support_round != rounds[member.pk]:
            member.support_round = rounds[member.pk]
            member.save(update_fields=["support_round"])
    record_access(
        actor=client,
        client_id=client.pk,
        action=Action.UPDATE,
        what=SETTINGS_WHAT,
        reason="Own record",
        basis=Basis.SELF,
    )


def members_to_choose(client: User) -> SupportMemberQuerySet:
    """The client's supporters whose round the client sets (joined or still invited)."""
    return SupportMember.objects.of_client(client).active().select_related("invitation")


def waiting_for(http_request: HttpRequest, member: SupportMember) -> list[SupportNotice]:
    """Open requests of this member's client that asked the signed-in supporter and that they
    have not answered yet (or said they can't), while they may still answer. Showing one is a
    read of the client's request, logged like opening it."""
    notices = [
        notice
        for notice in SupportNotice.objects.filter(
            person_id=http_request.user.pk,
            request__client_id=member.client_id,
            request__closed_at__isnull=True,
            request__answered_at__isnull=True,
        ).select_related("request__client")
        if notice.answer not in HELPING and may_answer(notice)
    ]
    for notice in notices:
        record_access(
            actor=notice.person,
            client_id=member.client_id,
            action=Action.VIEW,
            what=SUPPORTER_WHAT,
            reason=member.get_relationship_display(),
            basis=Basis.SUPPORTER,
            object_id=str(notice.request_id),
        )
    return notices
