from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.mfa import mfa_verified_within
from threecircles.accounts.models import Role, User
from threecircles.accounts.registry import Home, panels_for
from threecircles.privacy import actions
from threecircles.privacy.access import get_client_for
from threecircles.privacy.forms import BreakGlassForm, HistoryPageForm, StartResetForm
from threecircles.privacy.history import grouped_history
from threecircles.privacy.models import Grant, SecondFactorReset

# Emergency access and account recovery ask for the second factor again if it is older.
REVERIFY_SECONDS = 5 * 60
STASH_KEY = "reverify_stash"


@role_required(Role.CLIENT)
def client_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The client's home: panels from each app, over the record fetched once."""
    client = get_client_for(request, request.user.pk, what="home page")
    panels = panels_for(Home.CLIENT, request, client)
    return render(request, "privacy/client_home.html", {"panels": panels})


@role_required(Role.CLIENT)
def my_access_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who has seen my record: one line per person per day, newest first, each expandable."""
    page = HistoryPageForm(request.GET)
    before = page.cleaned_data["before"] if page.is_valid() else None
    client = request.user
    context = {
        "history": grouped_history(client, before=before),
        "grants": Grant.objects.break_glass().filter(client=client).select_related("grantee"),
    }
    return render(request, "privacy/my_access_log.html", context)


def _reverify(request: AuthenticatedHttpRequest, back_to: str = "") -> HttpResponse | None:
    """Send the person to give their second factor again, then back to `back_to` (this page
    by default); keep what they typed meanwhile."""
    if mfa_verified_within(request, REVERIFY_SECONDS):
        return None
    back_to = back_to or request.path
    if request.method == "POST" and back_to == request.path:
        kept = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        request.session[STASH_KEY] = {"path": request.path, "data": kept}
    messages.info(request, "Confirm it is you: enter a code from your authenticator app.")
    return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': back_to})}")


def _unstash(request: HttpRequest) -> dict[str, str] | None:
    stash = request.session.pop(STASH_KEY, None)
    if isinstance(stash, dict) and stash.get("path") == request.path:
        data: dict[str, str] = stash.get("data", {})
        return data
    return None


@role_required(Role.ADMIN)
def break_glass_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    again = _reverify(request)
    if again is not None:
        return again
    form = BreakGlassForm(request.POST or _unstash(request) or None)
    if request.method == "POST" and form.is_valid():
        client = User.objects.filter(
            email__iexact=form.cleaned_data["client_email"], role=Role.CLIENT, is_active=True
        ).first()
        if client is None:
            form.add_error("client_email", "No active client has this e-mail address.")
        else:
            try:
                actions.open_break_glass(
                    admin=request.user,
                    client=client,
                    reason=form.cleaned_data["reason"],
                    minutes=form.cleaned_data["minutes"],
                )
            except actions.BreakGlassError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("care:client_record", client_id=client.pk)
    grants = Grant.objects.break_glass().filter(grantee=request.user).select_related("client")[:50]
    return render(
        request,
        "privacy/break_glass_list.html",
        {"form": form, "grants": grants, "now": timezone.now()},
    )


@require_POST
@role_required(Role.ADMIN)
def break_glass_close(request: AuthenticatedHttpRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(Grant.objects.break_glass(), pk=grant_id, grantee=request.user)
    actions.close_break_glass(grant=grant)
    messages.success(request, "Emergency access closed.")
    return redirect("privacy:break_glass_list")


# --- recovering a lost second factor --------------------------------------------------------


def _resets_for(user: User) -> list[SecondFactorReset]:
    open_resets = SecondFactorReset.objects.open().select_related(
        "person", "started_by", "approved_by"
    )
    if user.role == Role.ADMIN:
        return list(open_resets)
    return [reset for reset in open_resets if actions.may_approve(reset, user)]


@role_required(Role.ADMIN, Role.SUPERVISOR)
def second_factor_resets(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Administrators start resets and approve each other's; a supervisor approves resets
    for people of their practice."""
    again = _reverify(request)
    if again is not None:
        return again
    is_admin = request.user.role == Role.ADMIN
    form = StartResetForm(request.POST or _unstash(request) or None) if is_admin else None
    if form is not None and request.method == "POST" and form.is_valid():
        person = (
            User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True)
            .exclude(role__in=[Role.CLIENT, Role.SUPPORTER])
            .first()
        )
        if person is None:
            form.add_error("email", "No active staff account has this address.")
        else:
            try:
                actions.start_second_factor_reset(
                    admin=request.user, person=person, reason=form.cleaned_data["reason"]
                )
            except actions.ResetError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"Reset started. {person} was told by e-mail; a second person approves.",
                )
                return redirect("privacy:second_factor_resets")
    rows = [
        {"reset": reset, "may_approve": actions.may_approve(reset, request.user)}
        for reset in _resets_for(request.user)
    ]
    return render(
        request,
        "privacy/second_factor_resets.html",
        {"form": form, "rows": rows, "hours": settings.SECOND_FACTOR_RESET_HOURS},
    )


def _open_reset_for(request: AuthenticatedHttpRequest, reset_id: int) -> SecondFactorReset:
    reset = next((r for r in _resets_for(request.user) if r.pk == reset_id), None)
    if reset is None:
        raise Http404
    return reset


@require_POST
@role_required(Role.ADMIN, Role.SUPERVISOR)
def approve_second_factor_reset(request: AuthenticatedHttpRequest, reset_id: int) -> HttpResponse:
    # Back to the list afterwards (this view takes POST only): the Approve button is there.
    again = _reverify(request, back_to=reverse("privacy:second_factor_resets"))
    if again is not None:
        return again
    reset = _open_reset_for(request, reset_id)
    try:
        actions.approve_second_factor_reset(reset=reset, approver=request.user)
    except actions.ResetError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Approved. {reset.person} confirms from their own address.")
    return redirect("privacy:second_factor_resets")


@require_POST
@role_required(Role.ADMIN, Role.SUPERVISOR)
def cancel_second_factor_reset(request: AuthenticatedHttpRequest, reset_id: int) -> HttpResponse:
    reset = _open_reset_for(request, reset_id)
    actions.cancel_second_factor_reset(reset=reset, by=request.user)
    messages.success(request, f"Reset cancelled. {reset.person} was told.")
    return redirect("privacy:second_factor_resets")


def confirm_second_factor_reset(request: HttpRequest, token: str) -> HttpResponse:
    """The person, from the link sent to their own verified address. Signed out on purpose:
    they have lost their second factor, so they cannot be signed in."""
    reset = actions.find_reset(token)
    if reset is None or reset.status != SecondFactorReset.Status.AWAITING_CONFIRMATION:
        return render(request, "privacy/reset_invalid.html", status=404)
    if request.method == "POST":
        try:
            actions.confirm_second_factor_reset(reset=reset)
        except actions.ResetError:  # confirmed twice at once: the first one did it
            return render(request, "privacy/reset_invalid.html", status=404)
        messages.success(
            request, "Done. Sign in with your password and set up a new authenticator app."
        )
        return redirect("account_login")
    return render(request, "privacy/reset_confirm.html", {"reset": reset})
