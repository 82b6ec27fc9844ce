from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from threecircles.accounts.models import Role, User
from threecircles.lib.http import AuthenticatedHttpRequest, role_required
from threecircles.privacy.actions import BreakGlassError, close_break_glass, open_break_glass
from threecircles.privacy.forms import BreakGlassForm
from threecircles.privacy.models import AccessEvent, BreakGlassGrant


@role_required(Role.CLIENT)
def my_access_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who has seen my record: every access by someone other than me, newest first."""
    client = request.user
    events = AccessEvent.objects.by_others(client.pk).order_by("-at")[:200]
    grants = BreakGlassGrant.objects.filter(client=client).select_related("admin")
    return render(request, "privacy/my_access_log.html", {"events": events, "grants": grants})


@role_required(Role.ADMIN)
def break_glass_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = User.objects.filter(
            email__iexact=form.cleaned_data["client_email"], role=Role.CLIENT, is_active=True
        ).first()
        if client is None:
            form.add_error("client_email", "No active client has this e-mail address.")
        else:
            try:
                open_break_glass(
                    admin=request.user,
                    client=client,
                    reason=form.cleaned_data["reason"],
                    minutes=form.cleaned_data["minutes"],
                )
            except BreakGlassError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("care:client_record", client_id=client.pk)
    grants = BreakGlassGrant.objects.filter(admin=request.user).select_related("client")[:50]
    return render(
        request,
        "privacy/break_glass_list.html",
        {"form": form, "grants": grants, "now": timezone.now()},
    )


@require_POST
@role_required(Role.ADMIN)
def break_glass_close(request: AuthenticatedHttpRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(BreakGlassGrant, pk=grant_id, admin=request.user)
    close_break_glass(grant=grant)
    messages.success(request, "Emergency access closed.")
    return redirect("privacy:break_glass_list")
