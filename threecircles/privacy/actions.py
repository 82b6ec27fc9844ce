"""Privacy operations with side effects: grants (care team, supporters, emergency access),
erasure, and administrative changes to accounts. Each is logged in the access log."""

import json
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.models import (
    Invitation,
    Notification,
    Practice,
    PracticeMembership,
    Role,
    User,
)
from threecircles.accounts.registry import erasure_hooks
from threecircles.accounts.tasks import LINK_PURPOSE, send_link_email, send_notice_email
from threecircles.lib.pagecache import clinical_data_changed, forget_all_parts
from threecircles.lib.sealing import seal_text
from threecircles.privacy.access import record_access
from threecircles.privacy.keys import destroy_data_key
from threecircles.privacy.models import (
    SUPPORTER_SCOPES,
    AccessEvent,
    Action,
    Basis,
    Grant,
    GrantKind,
    GrantQuerySet,
    Scope,
    SecondFactorReset,
    day_start,
)

GRANTS_WHAT = "who may see your record"


class BreakGlassError(Exception):
    pass


def site_link(url_name: str, *args: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(url_name, args=args)


# --- care team ------------------------------------------------------------------------------


@transaction.atomic
def add_care_team_member(
    *,
    client: User,
    member: User,
    practice: Practice,
    role: str,
    started_on: date | None = None,
    added_by: User | None = None,
) -> Grant:
    """Give a clinician a place on the client's care team from `started_on` (a whole day)."""
    existing = (
        Grant.objects.care_team()
        .active()
        .filter(client=client, grantee=member, practice=practice)
        .order_by("pk")
        .first()
    )
    if existing:
        return existing
    grant = Grant.objects.create(
        kind=GrantKind.CARE_TEAM,
        client=client,
        grantee=member,
        scope=Scope.RECORD,
        role=role,
        practice=practice,
        reason="Care team",
        starts_at=day_start(started_on or timezone.localdate()),
        created_by=added_by,
    )
    record_access(
        actor=added_by,
        client_id=client.pk,
        action=Action.CREATE,
        what=GRANTS_WHAT,
        reason=f"{member} joined your care team ({grant.role_label})",
        basis=Basis.CARE_TEAM if added_by else Basis.SYSTEM,
        object_id=str(grant.pk),
    )
    return grant


@transaction.atomic
def end_care_team_grant(*, grant: Grant, last_day: date, ended_by: User | None = None) -> None:
    """Access ends after `last_day`: the next morning the record answers 404."""
    grant.ends_at = day_start(last_day + timedelta(days=1))
    grant.ended_by = ended_by
    grant.save(update_fields=["ends_at", "ended_by"])
    record_access(
        actor=ended_by,
        client_id=grant.client_id,
        action=Action.UPDATE,
        what=GRANTS_WHAT,
        reason=f"{grant.grantee} leaves your care team after {last_day:%d %B %Y}",
        basis=Basis.CARE_TEAM if ended_by else Basis.SYSTEM,
        object_id=str(grant.pk),
    )


# --- supporters: each scope a consent record the client made --------------------------------


def supporter_grants(invitation: Invitation) -> "Iterable[Grant]":
    """The scopes shared with this supporter now."""
    return Grant.objects.supporters().active().filter(invitation=invitation).order_by("scope")


def planned_supporter_grants(invitation: Invitation) -> GrantQuerySet:
    """Scopes shared now or from a later day (after a pause): every row not ended yet."""
    now = timezone.now()
    return (
        Grant.objects.supporters()
        .filter(invitation=invitation)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .exclude(ends_at__lte=F("starts_at"))
        .order_by("scope")
    )


def sharing_history(invitation: Invitation) -> GrantQuerySet:
    """Every consent record for this supporter, newest first: each scope's start and end."""
    return (
        Grant.objects.supporters()
        .filter(invitation=invitation)
        .exclude(ends_at__lte=F("starts_at"))
        .order_by("-starts_at", "scope")
    )


def local_day_start(day: date, tz: tzinfo | None) -> datetime:
    """The first moment of `day` in the client's time zone: shares start and end on their
    whole days."""
    return datetime.combine(day, time.min, tzinfo=tz or timezone.get_current_timezone())


def _log_sharing(client: User, invitation: Invitation, reason: str) -> None:
    record_access(
        actor=client,
        client_id=client.pk,
        action=Action.UPDATE,
        what=GRANTS_WHAT,
        reason=reason,
        basis=Basis.SELF,
        object_id=str(invitation.pk),
    )


@transaction.atomic
def set_supporter_scopes(
    *,
    client: User,
    invitation: Invitation,
    relationship: str,
    scopes: Iterable[str],
    until: date | None = None,
    tz: tzinfo | None = None,
) -> None:
    """What one supporter may see from now on, and through which day (`until`, in the client's
    time zone; None: until the client changes it). Scopes no longer chosen end now; new ones
    start now (or when a pause ends); unchanged ones keep their start. Nothing is shared
    unless chosen."""
    wanted = set(scopes)
    unknown = wanted - set(SUPPORTER_SCOPES)
    if unknown:
        raise ValueError(f"not a supporter scope: {sorted(unknown)}")
    # One change at a time per supporter, so two at once never start a scope twice.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    ends_at = local_day_start(until + timedelta(days=1), tz) if until else None
    current = {grant.scope: grant for grant in planned_supporter_grants(invitation)}
    # While paused, every row starts when the pause ends; new ones start then too.
    later = [grant.starts_at for grant in current.values() if grant.starts_at > now]
    starts_at = min(later) if later and len(later) == len(current) else now
    kept = {
        scope for scope, grant in current.items() if scope in wanted and grant.ends_at == ends_at
    }
    for scope, grant in current.items():
        if scope not in kept:
            grant.ends_at, grant.ended_by = max(now, grant.starts_at), client
            grant.save(update_fields=["ends_at", "ended_by"])
    if ends_at is not None and ends_at <= starts_at:
        wanted = set()
    for scope in sorted(wanted - kept):
        Grant.objects.create(
            kind=GrantKind.SUPPORTER,
            client=client,
            grantee=invitation.accepted_by,
            scope=scope,
            role=relationship,
            invitation=invitation,
            reason="Shared by the client",
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=client,
        )
    if kept != set(current) or wanted != kept:
        _log_sharing(client, invitation, "You changed what a supporter sees")


@transaction.atomic
def end_supporter(*, client: User, invitation: Invitation) -> None:
    set_supporter_scopes(client=client, invitation=invitation, relationship="", scopes=[])


def _share_again(grant: Grant, starts_at: datetime, ends_at: datetime | None, reason: str) -> None:
    """A new consent record for the same supporter and scope (after a pause)."""
    Grant.objects.create(
        kind=GrantKind.SUPPORTER,
        client=grant.client,
        grantee=grant.grantee,
        scope=grant.scope,
        role=grant.role,
        invitation=grant.invitation,
        reason=reason,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=grant.client,
    )


@transaction.atomic
def pause_supporter(
    *, client: User, invitation: Invitation, through: date, tz: tzinfo | None = None
) -> None:
    """Stop sharing now and share the same again from the day after `through`."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    resume_at = local_day_start(through + timedelta(days=1), tz)
    for grant in planned_supporter_grants(invitation):
        grant_end = grant.ends_at
        grant.ends_at, grant.ended_by = max(now, grant.starts_at), client
        grant.save(update_fields=["ends_at", "ended_by"])
        if grant_end is not None and grant_end <= resume_at:
            continue
        _share_again(
            grant, max(resume_at, grant.starts_at), grant_end, "Shared again after a pause"
        )
    _log_sharing(client, invitation, "You paused what a supporter sees")


@transaction.atomic
def resume_supporter(*, client: User, invitation: Invitation) -> None:
    """End a pause early: what was to be shared again is shared from now."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    for grant in planned_supporter_grants(invitation).filter(starts_at__gt=now):
        planned_end = grant.ends_at
        grant.ends_at, grant.ended_by = grant.starts_at, client
        grant.save(update_fields=["ends_at", "ended_by"])
        _share_again(grant, now, planned_end, "Shared by the client")
    _log_sharing(client, invitation, "You ended a pause in what a supporter sees")


@transaction.atomic
def link_supporter(*, invitation: Invitation, supporter: User) -> None:
    """The invited person joined: the scopes the client chose now reach their account."""
    Grant.objects.supporters().filter(invitation=invitation, grantee__isnull=True).update(
        grantee=supporter
    )
    clinical_data_changed()  # update() sends no signal


# --- sharing carried by something else (a group) --------------------------------------------


@transaction.atomic
def share_through(
    *, client: User, grantee: User, scope: str, relationship: str, source: str
) -> Grant:
    """`client` shares `scope` with `grantee` because of `source` (e.g. "group:3"), until
    `end_shared_through` ends it. An existing open row is kept."""
    if scope not in SUPPORTER_SCOPES:
        raise ValueError(f"not a supporter scope: {scope}")
    existing = (
        Grant.objects.supporters()
        .active()
        .filter(client=client, grantee=grantee, scope=scope, source=source)
        .first()
    )
    if existing:
        return existing
    return Grant.objects.create(
        kind=GrantKind.SUPPORTER,
        client=client,
        grantee=grantee,
        scope=scope,
        role=relationship,
        reason="Shared by the client",
        source=source,
        created_by=client,
    )


@transaction.atomic
def end_shared_through(
    *, source: str, person: User | None = None, scope: str = "", ended_by: User | None = None
) -> int:
    """End the open grants `source` carries: all of them, or those `person` gives or holds,
    or (with `scope`) only those `person` gives of that scope. Returns how many ended."""
    now = timezone.now()
    grants = (
        Grant.objects.supporters()
        .filter(source=source)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    )
    if person is not None and scope:
        grants = grants.filter(client=person, scope=scope)
    elif person is not None:
        grants = grants.filter(Q(client=person) | Q(grantee=person))
    ended = grants.update(ends_at=now, ended_by=ended_by)
    clinical_data_changed()  # update() sends no signal
    return ended


# --- emergency access -----------------------------------------------------------------------


@transaction.atomic
def open_break_glass(*, admin: User, client: User, reason: str, minutes: int) -> Grant:
    if admin.role != Role.ADMIN:
        raise BreakGlassError("Only administrators can use emergency access.")
    if client.role != Role.CLIENT:
        raise BreakGlassError("Emergency access is only for client records.")
    reason = reason.strip()
    if len(reason) < 10:
        raise BreakGlassError("State the reason for emergency access (at least 10 characters).")
    if not 1 <= minutes <= settings.BREAK_GLASS_MAX_MINUTES:
        raise BreakGlassError(
            f"Emergency access lasts between 1 and {settings.BREAK_GLASS_MAX_MINUTES} minutes."
        )
    now = timezone.now()
    grant = Grant.objects.create(
        kind=GrantKind.BREAK_GLASS,
        client=client,
        grantee=admin,
        scope=Scope.RECORD,
        role="admin",
        reason=reason,
        starts_at=now,
        ends_at=now + timedelta(minutes=minutes),
        created_by=admin,
    )
    # Tell the client now, not only on their access page; the e-mail says nothing clinical.
    send_notice_email.enqueue(
        to=[client.email],
        subject="Your record was opened for an emergency",
        body=(
            "An administrator opened your Three Circles record using emergency access.\n\n"
            'Sign in and open "Who has seen my record" to see who, when and why:\n'
            f"{site_link('privacy:my_access_log')}\n"
        ),
    )
    record_access(
        actor=admin,
        client_id=client.pk,
        action=Action.BREAK_GLASS,
        what="whole record",
        reason=reason,
        basis=Basis.BREAK_GLASS,
        object_id=str(grant.pk),
    )
    return grant


@transaction.atomic
def close_break_glass(*, grant: Grant) -> None:
    now = timezone.now()
    if grant.is_active(now):
        grant.ends_at, grant.ended_by = now, grant.grantee
        grant.save(update_fields=["ends_at", "ended_by"])


# --- erasure --------------------------------------------------------------------------------


@transaction.atomic
def erase_client(*, client: User, erased_by: User | None, reason: str) -> None:
    """Crypto-shred a client: destroy their data key and strip identifying account details.

    Every copy of their ciphertext (database, replicas, backups) becomes unreadable at once;
    other clients' data is untouched. The access log keeps the numeric id only.
    """
    if client.role != Role.CLIENT:
        raise ValueError("Only a client's record can be erased.")
    destroy_data_key(
        client_id=client.pk, erased_by_id=erased_by.pk if erased_by else None, reason=reason
    )
    record_access(
        actor=erased_by,
        client_id=client.pk,
        action=Action.ERASE,
        what="whole record",
        reason=reason,
        basis=Basis.ADMINISTRATION if erased_by else Basis.SYSTEM,
    )
    for hook in erasure_hooks():
        hook(client=client)
    # Identifying traces outside the encrypted record: invitations to and from them (deleting
    # the ones they sent removes their supporters' names), grants, queued e-mails.
    placeholder = f"erased-{client.pk}@erased.invalid"
    sent = Invitation.objects.filter(invited_by=client)
    _purge_queued_mail({client.email, *sent.values_list("email", flat=True)})
    sent.delete()
    Invitation.objects.filter(accepted_by=client).update(email=placeholder)
    now = timezone.now()
    Grant.objects.active(now).filter(Q(client=client) | Q(grantee=client)).update(ends_at=now)
    forget_all_parts()  # kept pages may name them: none waits for its backstop
    client.email = placeholder
    client.display_name = "Erased account"
    client.is_active = False
    client.set_unusable_password()
    client.save(update_fields=["email", "display_name", "is_active", "password"])
    client.emailaddress_set.all().delete()  # type: ignore[attr-defined]
    # Their notifications name the people who answered them.
    Notification.objects.filter(recipient=client).delete()


def _purge_queued_mail(addresses: set[str]) -> None:
    """Delete task rows (queued or finished) whose arguments name any of these addresses."""
    from django_tasks_db.models import DBTaskResult

    needles = {address.lower() for address in addresses}
    for row in DBTaskResult.objects.only("pk", "args_kwargs").iterator():
        arguments = json.dumps(row.args_kwargs).lower()
        if any(needle in arguments for needle in needles):
            row.delete()


# --- account administration -----------------------------------------------------------------


def record_account_change(
    *, actor: User | None, person: User, what: str, object_id: str = ""
) -> None:
    """Every administrative change to an account goes into the tamper-evident log, on the
    person's own chain."""
    record_access(
        actor=actor,
        client_id=person.pk,
        action=Action.UPDATE,
        what="account",
        reason=what[:200],
        basis=Basis.ADMINISTRATION,
        object_id=object_id,
    )


# --- a lost second factor: started by one, approved by another, confirmed by the person ------


class ResetError(Exception):
    pass


RESET_PURPOSE = "second-factor-reset-link"


def may_approve(reset: SecondFactorReset, approver: User) -> bool:
    """A second administrator, or a supervisor of a practice the person works at; never the
    person themself, whoever started the reset, an account made after it started, or one the
    starter created or changed (which they might control)."""
    if approver.pk in (reset.started_by_id, reset.person_id) or not approver.is_active:
        return False
    if approver.date_joined >= reset.started_at:
        return False
    arranged = AccessEvent.objects.for_client(approver.pk).filter(
        basis=Basis.ADMINISTRATION, actor_id=reset.started_by_id
    )
    if arranged.exists():
        return False
    if approver.role == Role.ADMIN:
        return True
    if approver.role == Role.SUPERVISOR:
        return PracticeMembership.objects.filter(
            user=approver, role=Role.SUPERVISOR, practice__memberships__user=reset.person
        ).exists()
    return False


def _tell(person: User, subject: str, body: str) -> None:
    send_notice_email.enqueue(to=[person.email], subject=subject, body=body)


@transaction.atomic
def start_second_factor_reset(*, admin: User, person: User, reason: str) -> SecondFactorReset:
    if admin.role != Role.ADMIN:
        raise ResetError("Only an administrator can start a reset.")
    if person.pk == admin.pk:
        raise ResetError("Another administrator must start a reset of your own second factor.")
    if not person.needs_mfa or not is_mfa_enabled(person):
        raise ResetError("This account has no second factor to reset.")
    reason = reason.strip()
    if len(reason) < 10:
        raise ResetError("Say why (at least 10 characters): the person will read it.")
    if SecondFactorReset.objects.open().filter(person=person).exists():
        raise ResetError("A reset for this person is already waiting.")
    reset = SecondFactorReset.objects.create(
        person=person,
        reason=reason,
        started_by=admin,
        expires_at=timezone.now() + timedelta(hours=settings.SECOND_FACTOR_RESET_HOURS),
    )
    others = User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=admin.pk)
    for other in others.order_by("pk"):
        _tell(
            other,
            "A second-factor reset was started",
            (
                f"{admin} started a reset of {person}'s Three Circles two-step verification.\n"
                "If you did not expect it, open Second-factor resets and cancel it:\n"
                f"{site_link('privacy:second_factor_resets')}\n"
            ),
        )
    _tell(
        person,
        "A reset of your two-step verification was started",
        (
            f"{admin} started a reset of your Three Circles two-step verification.\n"
            f"Reason given: {reason}\n\n"
            "A second person must approve it, then you confirm it from a link we send to this "
            "address. If you did not ask for this, tell your administrator or supervisor now.\n"
        ),
    )
    record_account_change(
        actor=admin,
        person=person,
        what="Reset of two-step verification started",
        object_id=str(reset.pk),
    )
    return reset


@transaction.atomic
def approve_second_factor_reset(*, reset: SecondFactorReset, approver: User) -> str:
    """Returns the confirmation link, which only the person's own address receives."""
    reset = SecondFactorReset.objects.select_for_update().get(pk=reset.pk)
    if reset.status != SecondFactorReset.Status.AWAITING_APPROVAL:
        raise ResetError(f"This reset cannot be approved: {reset.get_status_label().lower()}.")
    if not may_approve(reset, approver):
        raise ResetError("A second administrator or the person's supervisor must approve.")
    address = EmailAddress.objects.filter(user=reset.person, verified=True, primary=True).first()
    if address is None:
        raise ResetError("The person has no verified address to confirm from.")
    token, token_hash = Invitation.new_token()
    reset.approved_by, reset.approved_at = approver, timezone.now()
    reset.token_hash = token_hash
    reset.expires_at = timezone.now() + timedelta(hours=settings.SECOND_FACTOR_RESET_HOURS)
    reset.save(update_fields=["approved_by", "approved_at", "token_hash", "expires_at"])
    url = site_link("privacy:confirm_second_factor_reset", token)
    send_link_email.enqueue(
        to=address.email,
        subject="Confirm the reset of your two-step verification",
        body=(
            f"{reset.started_by} started and {approver} approved a reset of your Three Circles "
            "two-step verification.\n\nIf you asked for it, open this link to confirm, then "
            "sign in with your password and set up a new authenticator:\n\n{link}\n\n"
            f"The link works once, for {settings.SECOND_FACTOR_RESET_HOURS} hours. If you did "
            "not ask for this, do not open it and tell your administrator.\n"
        ),
        sealed_url=seal_text(url, purpose=LINK_PURPOSE),
    )
    record_account_change(
        actor=approver,
        person=reset.person,
        what="Reset of two-step verification approved",
        object_id=str(reset.pk),
    )
    return url


def find_reset(token: str) -> SecondFactorReset | None:
    return SecondFactorReset.objects.filter(token_hash=Invitation.hash_token(token)).first()


@transaction.atomic
def confirm_second_factor_reset(*, reset: SecondFactorReset) -> None:
    reset = SecondFactorReset.objects.select_for_update().get(pk=reset.pk)
    if reset.status != SecondFactorReset.Status.AWAITING_CONFIRMATION:
        raise ResetError(f"This link cannot be used: {reset.get_status_label().lower()}.")
    Authenticator.objects.filter(user=reset.person).delete()
    reset.confirmed_at = timezone.now()
    reset.save(update_fields=["confirmed_at"])
    _tell(
        reset.person,
        "Your two-step verification was reset",
        (
            "You confirmed the reset of your Three Circles two-step verification. Sign in with "
            "your password and set up a new authenticator app.\n\nIf this was not you, tell "
            "your administrator now.\n"
        ),
    )
    record_account_change(
        actor=reset.person,
        person=reset.person,
        what="Reset of two-step verification confirmed by the person",
        object_id=str(reset.pk),
    )


@transaction.atomic
def cancel_second_factor_reset(*, reset: SecondFactorReset, by: User) -> None:
    if reset.status in (SecondFactorReset.Status.DONE, SecondFactorReset.Status.CANCELLED):
        return
    reset.cancelled_at, reset.cancelled_by = timezone.now(), by
    reset.save(update_fields=["cancelled_at", "cancelled_by"])
    _tell(
        reset.person,
        "A reset of your two-step verification was cancelled",
        f"{by} cancelled the reset of your Three Circles two-step verification. Nothing changed.\n",
    )
    record_account_change(
        actor=by,
        person=reset.person,
        what="Reset of two-step verification cancelled",
        object_id=str(reset.pk),
    )
