from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from threecircles.accounts.actions import create_invitation
from threecircles.accounts.forms import ClientInvitationForm
from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role
from threecircles.accounts.registry import Home, panels_for
from threecircles.care import caseload as ranking
from threecircles.care.actions import add_note, book_session
from threecircles.care.forms import NoteForm, SessionForm
from threecircles.care.models import Episode, Note, NoteFormat, Session
from threecircles.lib.pagecache import cached_part
from threecircles.privacy.access import get_client_for, record_caseload_summary, visible_clients
from threecircles.privacy.models import Grant
from threecircles.recovery.caseload import caseload_attention as recovery_attention
from threecircles.screening.caseload import caseload_attention

CLINICAL = (Role.CLINICIAN, Role.SUPERVISOR)


@role_required(*CLINICAL)
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The clinician's home: every client on whose care team they sit, those who need
    attention today first (see care/caseload.py for the order). A supervisor may narrow it to
    one supervisee's clients.

    The page is opened all day, so its body is kept (sealed) until anything clinical changes,
    the day turns, or two minutes pass (lib/pagecache.py); reads are logged when it is
    built, once a day per client, so a kept copy has been logged already."""
    asked = ""
    if request.user.role == Role.SUPERVISOR:
        asked = request.GET.get("clinician", "").strip()
        asked = asked if asked.isdigit() and len(asked) < 20 else ("?" if asked else "")
    key = f"caseload:{request.user.pk}:{request.user.role}:{asked}:{timezone.localdate()}"
    form_secret = request.META.get("CSRF_COOKIE")
    if len(messages.get_messages(request)) or not form_secret:
        # Messages are shown once, and a new form secret must reach the browser: never kept.
        return _caseload_page(request, key, asked)
    # The whole page, kept for this session and form secret (its sign-out form's token stays
    # valid as long as the secret does).
    page = cached_part(
        f"page:{request.session.session_key}:{form_secret}:{key}",
        lambda: {"html": _caseload_page(request, key, asked).content.decode()},
    )
    return HttpResponse(page["html"])


def _caseload_page(request: AuthenticatedHttpRequest, key: str, asked: str) -> HttpResponse:
    part = cached_part(key, lambda: _caseload_part(request, asked))
    if part["unknown_clinician"]:
        messages.error(request, "That clinician has no clients on your caseload; showing all.")
    return render(request, "care/caseload.html", {"part": mark_safe(part["html"])})  # noqa: S308


def _caseload_part(request: AuthenticatedHttpRequest, asked: str) -> dict[str, Any]:
    open_episodes = Episode.objects.open().select_related("practice")
    clients = list(
        visible_clients(request.user)
        .prefetch_related(Prefetch("episodes", queryset=open_episodes, to_attr="open_episodes"))
        .order_by("display_name", "pk")
    )
    my_roles = {
        grant.client_id: grant.role_label
        for grant in Grant.objects.usable_care_team(request.user).order_by("starts_at", "pk")
    }
    primaries = ranking.primary_clinicians([client.pk for client in clients])
    supervisees = sorted(
        {p for p in primaries.values() if p.pk != request.user.pk},
        key=lambda person: (person.display_name.lower(), person.pk),
    )
    chosen = None
    if asked:
        chosen = next((p for p in supervisees if str(p.pk) == asked), None)
        if chosen is not None:
            clients = [c for c in clients if primaries.get(c.pk) == chosen]
    rows = [
        ranking.Row(
            client=client,
            episode=client.open_episodes[0] if client.open_episodes else None,  # type: ignore[attr-defined]
            my_role=my_roles.get(client.pk, ""),
            primary=primaries.get(client.pk),
        )
        for client in clients
    ]
    client_ids = [client.pk for client in clients]
    attention = caseload_attention(client_ids, supervisor=request.user.role == Role.SUPERVISOR)
    recovery = recovery_attention(client_ids)
    needing, rest = ranking.rank(
        rows,
        viewer=request.user,
        attention=attention,
        recovery=recovery,
        today=timezone.localdate(),
    )
    shown = {item.client_id for items in attention.values() for item in items}
    shown |= {row["client_id"] for row in recovery["missed_check_ins"]}
    shown |= {slip.client_id for slip in recovery["recent_slips"]}
    shown |= {row.client.pk for row in rows if row.shows_clinical_facts}
    record_caseload_summary(actor=request.user, client_ids=shown)
    context = {
        "rows": rows,
        "needing": needing,
        "rest": rest,
        "supervisees": supervisees if request.user.role == Role.SUPERVISOR else [],
        "chosen": chosen,
        **attention,
        **recovery,
    }
    html = render_to_string("care/caseload_part.html", context, request=request)
    return {"html": html, "unknown_clinician": bool(asked) and chosen is None}


@role_required(*CLINICAL, Role.CLIENT, Role.ADMIN)
def client_record(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """A client's record with the care team's notes.

    Clients see their own; an administrator only while a break-glass grant is open.
    """
    clinical = request.user.is_clinical
    booking = request.method == "POST" and "book" in request.POST
    form = NoteForm(request.POST if request.method == "POST" and not booking else None)
    session_form = SessionForm(request.POST if booking else None, prefix="session")
    # Writes are logged by the actions below, with the new row's id, once it exists.
    client = get_client_for(request, client_id, what="care notes")
    if request.method == "POST" and clinical:
        if booking and session_form.is_valid():
            book_session(
                client=client,
                clinician=request.user,
                starts_at=session_form.cleaned_data["starts_at"],
                minutes=session_form.cleaned_data["minutes"],
                kind=session_form.cleaned_data["kind"],
            )
            messages.success(request, "Session booked.")
            return redirect("care:client_record", client_id=client.pk)
        if not booking and form.is_valid():
            add_note(client=client, author=request.user, text=form.cleaned_data["text"])
            messages.success(request, "Note saved.")
            return redirect("care:client_record", client_id=client.pk)
    notes = Note.objects.for_client(client.pk).select_related("author", "cosigned_by")
    if not clinical:
        # Progress notes (SOAP, DAP, group) are the care team's: the client reads free-text
        # notes, and the 50 latest of those (not 50 notes of which some are hidden).
        notes = notes.filter(form=NoteFormat.FREE, group_note__isnull=True)
    context = {
        "client": client,
        "form": form if clinical else None,
        "session_form": session_form if clinical else None,
        "sessions": Session.objects.for_client(client.pk).upcoming().select_related("clinician"),
        "episodes": Episode.objects.filter(client=client).select_related("practice"),
        "care_team": Grant.objects.care_team_of(client),
        "notes": notes[:50],
        "panels": panels_for(Home.RECORD, request, client) if clinical else [],
    }
    return render(request, "care/client_record.html", context)


@role_required(*CLINICAL)
def invite_client(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ClientInvitationForm(request.POST or None, clinician=request.user)
    if request.method == "POST" and form.is_valid():
        # The same for every address, with an account or without: the same writes, the same
        # queued e-mail, the same page. The link is not shown here: opening it would tell
        # whether the address has an account (sign-in or sign-up).
        create_invitation(
            invited_by=request.user,
            email=form.cleaned_data["email"],
            role=Role.CLIENT,
            practice=form.cleaned_data["practice"],
        )
        messages.success(
            request,
            f"Invitation sent. The link works once and expires in {settings.INVITATION_DAYS} days.",
        )
        return render(request, "care/invitation_sent.html")
    return render(request, "care/invite_client.html", {"form": form})
