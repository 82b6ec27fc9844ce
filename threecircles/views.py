"""Public pages and the role-aware home pages that are not owned by one app."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from threecircles.accounts.models import CareTeamMembership, Invitation, Role, User
from threecircles.care.models import Episode
from threecircles.lib.http import AuthenticatedHttpRequest, role_required
from threecircles.network.models import SupportMember
from threecircles.privacy.access import get_client_for
from threecircles.privacy.models import AccessEvent, BreakGlassGrant
from threecircles.screening.actions import CLINICIAN_ONLY
from threecircles.screening.models import Administration


def public_home(request: HttpRequest) -> HttpResponse:
    return render(request, "public_home.html")


def crisis(request: HttpRequest) -> HttpResponse:
    return render(request, "crisis.html")


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each person to the home page of their role."""
    destinations = {
        Role.CLIENT: "client_home",
        Role.CLINICIAN: "care:caseload",
        Role.SUPERVISOR: "care:caseload",
        Role.SUPPORTER: "network:supporter_home",
        Role.STAFF: "staff_home",
        Role.ADMIN: "admin_home",
    }
    return redirect(destinations[Role(request.user.role)])


@role_required(Role.CLIENT)
def client_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = get_client_for(request, request.user.pk, what="home page")
    context = {
        "episode": Episode.objects.filter(client=client).open().select_related("practice").first(),
        "care_team": CareTeamMembership.objects.team_of(client),
        "supporters": SupportMember.objects.of_client(client).active().select_related("invitation"),
        "views_by_others": AccessEvent.objects.by_others(client.pk).count(),
        "break_glass": BreakGlassGrant.objects.filter(client=client)[:3],
        "questionnaires_waiting": Administration.objects.for_client(client.pk)
        .open()
        .exclude(instrument__in=CLINICIAN_ONLY)
        .count(),
    }
    return render(request, "client_home.html", context)


@role_required(Role.STAFF)
def staff_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "staff_home.html")


@role_required(Role.ADMIN)
def admin_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "user_counts": {
            label: User.objects.filter(role=value, is_active=True).count()
            for value, label in Role.choices
        },
        "pending_invitations": Invitation.objects.pending().count(),
        "active_grants": BreakGlassGrant.objects.filter(
            admin=request.user, closed_at__isnull=True
        ).select_related("client")[:10],
    }
    return render(request, "admin_home.html", context)
