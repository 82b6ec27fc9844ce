"""Progress notes on a client's record (care team only) and group notes for a program slot's
day. Every read and write goes through `get_client_for`."""

from datetime import date
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import CLINICAL_ROLES, User
from threecircles.care import notes as actions
from threecircles.care.forms_notes import AddendumForm, GroupNoteForm, SectionsForm
from threecircles.care.models import Note, NoteFormat, ProgramSlot
from threecircles.care.programs import practices_of
from threecircles.privacy.access import get_client_for
from threecircles.privacy.models import Action

CLINICAL = tuple(sorted(CLINICAL_ROLES))


def _action(request: AuthenticatedHttpRequest, default: str = Action.VIEW) -> str:
    return default if request.method == "POST" else Action.VIEW


@role_required(*CLINICAL)
def note_new(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """A SOAP or DAP draft; the format comes from the link (?form=dap) or the posted form."""
    client = get_client_for(
        request, client_id, what=actions.WHAT, action=_action(request, Action.CREATE)
    )
    chosen = request.POST.get("form") or request.GET.get("form") or NoteFormat.SOAP
    if chosen not in actions.SECTIONS:
        chosen = NoteFormat.SOAP
    form = SectionsForm(request.POST if request.method == "POST" else None, form=chosen)
    if form.is_valid():
        note = actions.write_draft(
            client=client, author=request.user, form=chosen, sections=form.sections()
        )
        messages.success(request, "Draft saved. Sign it when it is complete.")
        return redirect("care:note_detail", client_id=client.pk, note_id=note.pk)
    context = {"client": client, "form": form, "chosen": chosen}
    status = 400 if request.method == "POST" else 200
    return render(request, "care/notes/new.html", context, status=status)


def _refused(request: AuthenticatedHttpRequest, note: Note) -> str:
    """What the posted button asked for, done; or the reason it cannot be."""
    post = request.POST
    try:
        if "sign" in post:
            actions.sign_note(note=note, signer=request.user)
            return ""
        if "cosign" in post:
            actions.cosign_note(note=note, supervisor=request.user)
            return ""
    except actions.NoteLocked:
        return "Only the author signs a draft; a supervisor of the practice co-signs."
    return "Nothing was changed."


@role_required(*CLINICAL)
def note_detail(request: AuthenticatedHttpRequest, client_id: int, note_id: UUID) -> HttpResponse:
    """The note, its addenda and signatures. The author edits and signs a draft; once signed,
    any care-team member adds an addendum, and a supervisor co-signs where required."""
    action = _action(request, Action.UPDATE)
    client = get_client_for(
        request, client_id, what=actions.WHAT, action=action, object_id=str(note_id)
    )
    note = get_object_or_404(Note.objects.select_related("author", "cosigned_by"), pk=note_id)
    if note.client_id != client.pk:
        raise Http404
    note.client = client
    posted = request.POST if request.method == "POST" else None
    editing = posted is not None and not ({"sign", "cosign", "addendum"} & set(posted))
    sections_form = (
        SectionsForm(posted if editing else None, form=note.form, initial=actions.sections_of(note))
        if note.form in actions.SECTIONS
        else None
    )
    addendum_form = AddendumForm(posted if posted is not None and "addendum" in posted else None)
    problem = ""
    if posted is not None:
        if editing:
            if not actions.can_edit(note, request.user) or sections_form is None:
                problem = "This note is signed and locked, or not yours: add an addendum instead."
            elif sections_form.is_valid():
                actions.edit_draft(
                    note=note, editor=request.user, sections=sections_form.sections()
                )
                messages.success(request, "Draft saved.")
                return redirect(note_url(note))
        elif "addendum" in posted:
            if note.signed_at is None:
                problem = "A draft is edited, not amended."
            elif addendum_form.is_valid():
                actions.add_addendum(
                    note=note, author=request.user, text=addendum_form.cleaned_data["text"]
                )
                messages.success(request, "Addendum signed and saved.")
                return redirect(note_url(note))
        else:
            problem = _refused(request, note)
            if not problem:
                messages.success(request, "Signed.")
                return redirect(note_url(note))
    context = {
        "client": client,
        "note": note,
        "sections": _labelled(note),
        "addenda": note.addenda.select_related("author"),
        "sections_form": sections_form if actions.can_edit(note, request.user) else None,
        "addendum_form": addendum_form if note.signed_at else None,
        "awaiting_cosign": actions.awaiting_cosign(note),
        "can_cosign": actions.can_cosign(note, request.user),
        "problem": problem,
    }
    status = 400 if posted is not None else 200
    return render(request, "care/notes/detail.html", context, status=status)


def note_url(note: Note) -> str:
    return reverse("care:note_detail", kwargs={"client_id": note.client_id, "note_id": note.pk})


def _labelled(note: Note) -> list[tuple[str, str]]:
    sections = actions.sections_of(note)
    order = [*actions.SECTIONS.get(note.form, ("text",)), "addition"]
    labels = {"addition": "For this client", "text": "Shared note"}
    return [
        (labels.get(name, name.title()), sections[name]) for name in order if sections.get(name)
    ]


def _day(request: AuthenticatedHttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        raise Http404 from None


@role_required(*CLINICAL)
def note_group_new(request: AuthenticatedHttpRequest, slot_id: int) -> HttpResponse:
    """A group note for one day of a program slot, for the staff of the program's practice.
    Each attendee's record is opened (and logged) through `get_client_for`."""
    slot = get_object_or_404(
        ProgramSlot.objects.select_related("program"),
        pk=slot_id,
        program__practice__in=practices_of(request.user),
    )
    day = _day(request)
    action = _action(request, Action.CREATE)
    attendees: list[User] = [
        get_client_for(request, client.pk, what=actions.WHAT, action=action)
        for client in actions.attendees(slot, day)
    ]
    form = GroupNoteForm(request.POST if request.method == "POST" else None, attendees=attendees)
    if form.is_valid():
        actions.write_group_note(
            slot=slot,
            day=day,
            author=request.user,
            form=form.cleaned_data["form"],
            shared=form.shared(),
            additions=form.additions(),
        )
        messages.success(request, f"Group note signed and added to {len(attendees)} records.")
        return redirect("care:program_detail", program_id=slot.program_id)
    context = {"slot": slot, "day": day, "form": form, "attendees": attendees}
    status = 400 if request.method == "POST" else 200
    return render(request, "care/notes/group_new.html", context, status=status)
