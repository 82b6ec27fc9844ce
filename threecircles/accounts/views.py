from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from threecircles.accounts import actions
from threecircles.accounts.actions import InvitationError, may_link
from threecircles.accounts.adapters import SESSION_INVITATION_KEY, SESSION_LINK_KEY
from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Invitation, Notification, Role, User
from threecircles.accounts.registry import Home, panels_for
from threecircles.lib.pagecache import clinical_data_changed


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Check the link, remember it in the session, and continue: to sign-up for a new
    person; to sign-in, then linking, for a person who already has an account."""
    invitation = Invitation.find(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", {"status": None}, status=404)
    if invitation.status != Invitation.Status.VALID:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"status": invitation.status, "invitation": invitation},
            status=410,
        )
    if request.user.is_authenticated:
        # Decided on the next page, whatever the answer: this address holds a live token, and
        # an error answered here would write it into the server's log.
        request.session[SESSION_LINK_KEY] = token
        return redirect("link_invitation")
    if User.objects.filter(email__iexact=invitation.email).exists():
        # They have an account: sign in to it, then take the invitation into it (or read why
        # it cannot be). The token waits in the session, never in a URL. Only the invitation's
        # e-mail holds this link: the person who invited never sees where it leads.
        request.session[SESSION_LINK_KEY] = token
        return redirect(f"{reverse('account_login')}?next={reverse('link_invitation')}")
    request.session[SESSION_INVITATION_KEY] = token
    # The invitation went to this address, so using it proves the address.
    from allauth.account.adapter import get_adapter

    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect("account_signup")


@login_required
def link_invitation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A person with an account takes an invitation into it, after saying yes: to support
    someone, or (a client) to join one more care team."""
    token = request.session.get(SESSION_LINK_KEY, "")
    invitation = Invitation.find(token) if token else None
    if invitation is None or invitation.status != Invitation.Status.VALID:
        request.session.pop(SESSION_LINK_KEY, None)
        raise Http404
    reason = may_link(invitation, request.user)
    if reason:
        request.session.pop(SESSION_LINK_KEY, None)
        return render(request, "accounts/invitation_signed_in.html", {"reason": reason}, status=409)
    if request.method == "POST":
        request.session.pop(SESSION_LINK_KEY, None)
        if "decline" in request.POST:
            messages.info(request, "You did not take the invitation. The link still works.")
            return redirect("home")
        try:
            actions.accept_invitation(invitation=invitation, user=request.user, link=True)
        except InvitationError as error:
            messages.error(request, str(error))
            return redirect("home")
        inviter = invitation.invited_by.display_name
        if invitation.role == Role.CLIENT:
            messages.success(request, f"{inviter} is now on your care team.")
        elif invitation.role == Role.MEMBER:
            messages.success(request, "Your membership is now part of this account.")
        else:
            messages.success(request, f"You now support {inviter}.")
        return redirect("home")
    return render(request, "accounts/invitation_link.html", {"invitation": invitation})


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each person to the home page of their role."""
    destinations = {
        Role.CLIENT: "client_home",
        Role.CLINICIAN: "care:caseload",
        Role.SUPERVISOR: "care:caseload",
        Role.SUPPORTER: "network:supporter_home",
        Role.STAFF: "staff_home",
        Role.MEMBER: "membership:member_area",
        Role.ADMIN: "admin_home",
    }
    return redirect(destinations[Role(request.user.role)])


@role_required(Role.STAFF)
def staff_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    panels = panels_for(Home.STAFF, request, request.user)
    return render(request, "accounts/staff_home.html", {"panels": panels})


@role_required(Role.ADMIN)
def admin_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "user_counts": {
            label: User.objects.filter(role=value, is_active=True).count()
            for value, label in Role.choices
        },
        "pending_invitations": Invitation.objects.pending().count(),
        "panels": panels_for(Home.ADMIN, request, request.user),
    }
    return render(request, "accounts/admin_home.html", context)


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """allauth's own limits (re-authentication, password change, reset) answer here: 429 with
    Retry-After, like the sign-in's."""
    response = render(request, "429.html", {"minutes": 15}, status=429)
    response["Retry-After"] = str(15 * 60)
    return response


@login_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's notifications, newest first. Opening one marks it read; so does "Mark all
    as read"."""
    mine = Notification.objects.for_person(request.user)
    if request.method == "POST":
        mine.unread().update(read_at=timezone.now())
        clinical_data_changed()  # update() sends no signal; kept pages show the unread count
        return redirect("notifications")
    return render(request, "accounts/notifications.html", {"notifications": mine[:100]})


@require_POST
@login_required
def open_notification(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(
        Notification.objects.for_person(request.user), pk=notification_id
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    # Only our own paths are stored, but never follow anything else.
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications")
