"""Progress notes: SOAP or DAP drafts the author edits, then signs; a signed note is locked and
changes only by dated, signed addenda; a supervisor co-signs where the practice asks for it;
a group note is written once and lands on every attendee's record with their own addition.

Callers got the client through `get_client_for`; every write is logged here."""

import json
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from threecircles.accounts.models import Practice, Role, User
from threecircles.care.models import (
    AttendanceStatus,
    Episode,
    GroupNote,
    Note,
    NoteAddendum,
    NoteFormat,
    NoteQuerySet,
    ProgramSlot,
    SlotAttendance,
)
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action

WHAT = "progress notes"
SECTIONS: dict[str, tuple[str, ...]] = {
    NoteFormat.SOAP: ("subjective", "objective", "assessment", "plan"),
    NoteFormat.DAP: ("data", "assessment", "plan"),
}
# Who was in the room: late arrivals and early leavers took part; absent clients get no note.
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY)


class NoteLocked(Exception):
    """A signed note, or someone else's draft: it cannot be changed, only amended."""


def _log(actor: User, client_id: int, action: str, object_id: str) -> None:
    record_access(
        actor=actor,
        client_id=client_id,
        action=action,
        what=WHAT,
        reason="Care team",
        object_id=object_id,
    )


def sections_of(note: Note) -> dict[str, str]:
    """The note's sections, decrypted (an empty dict for a free-text note)."""
    loaded = json.loads(note.sections_sealed or "{}")
    return loaded if isinstance(loaded, dict) else {}


def _summary(sections: dict[str, str], names: tuple[str, ...]) -> str:
    """The note's `text`: the sections one after the other, for lists and exports."""
    return "\n\n".join(f"{name.title()}: {sections[name]}" for name in names if sections.get(name))


def practice_of(note: Note) -> Practice | None:
    """The practice of the client's open episode: its rule decides on co-signature."""
    episode = Episode.objects.open().filter(client_id=note.client_id).order_by("-started_on", "-pk")
    first = episode.select_related("practice").first()
    return first.practice if first else None


def needs_cosign(note: Note) -> bool:
    practice = practice_of(note)
    return bool(practice and practice.notes_need_cosign)


def awaiting_cosign(note: Note) -> bool:
    return note.signed_at is not None and note.cosigned_at is None and needs_cosign(note)


def can_cosign(note: Note, user: User) -> bool:
    """A supervisor of the practice, not the author, once the note is signed."""
    practice = practice_of(note)
    return (
        awaiting_cosign(note)
        and user.pk != note.author_id
        and practice is not None
        and practice.memberships.filter(user=user, role=Role.SUPERVISOR).exists()
    )


def can_edit(note: Note, user: User) -> bool:
    return note.signed_at is None and note.author_id == user.pk


@transaction.atomic
def write_draft(*, client: User, author: User, form: str, sections: dict[str, str]) -> Note:
    """A SOAP or DAP draft, sealed under the client's key; only its author may change it."""
    names = SECTIONS[form]
    kept = {name: sections.get(name, "") for name in names}
    note = Note.objects.create(
        client=client,
        author=author,
        form=form,
        text=_summary(kept, names),
        sections_sealed=json.dumps(kept),
    )
    _log(author, client.pk, Action.CREATE, str(note.pk))
    return note


@transaction.atomic
def edit_draft(*, note: Note, editor: User, sections: dict[str, str]) -> Note:
    """Refused once signed, and for anyone but the author."""
    locked = Note.objects.select_for_update().get(pk=note.pk)
    if not can_edit(locked, editor):
        raise NoteLocked
    names = SECTIONS.get(locked.form, ())
    kept = sections_of(locked) | {name: sections.get(name, "") for name in names}
    locked.sections_sealed = json.dumps(kept)
    locked.text = _summary(kept, names) if names else locked.text
    locked.save(update_fields=["sections_sealed", "text"])
    _log(editor, locked.client_id, Action.UPDATE, str(locked.pk))
    return locked


@transaction.atomic
def sign_note(*, note: Note, signer: User) -> Note:
    """Signing locks the note: from now on only addenda add to it."""
    locked = Note.objects.select_for_update().get(pk=note.pk)
    if not can_edit(locked, signer):
        raise NoteLocked
    locked.signed_at = timezone.now()
    locked.save(update_fields=["signed_at"])
    _log(signer, locked.client_id, Action.UPDATE, f"{locked.pk} signed")
    return locked


@transaction.atomic
def add_addendum(*, note: Note, author: User, text: str) -> NoteAddendum:
    """A dated addition, signed by its author as it is saved. Only to a signed note: a draft
    is simply edited."""
    if note.signed_at is None:
        raise NoteLocked
    addendum = NoteAddendum.objects.create(
        note=note, client_id=note.client_id, author=author, text=text
    )
    _log(author, note.client_id, Action.CREATE, str(addendum.pk))
    return addendum


@transaction.atomic
def cosign_note(*, note: Note, supervisor: User) -> Note:
    locked = Note.objects.select_for_update().get(pk=note.pk)
    if not can_cosign(locked, supervisor):
        raise NoteLocked
    locked.cosigned_by = supervisor
    locked.cosigned_at = timezone.now()
    locked.save(update_fields=["cosigned_by", "cosigned_at"])
    _log(supervisor, locked.client_id, Action.UPDATE, f"{locked.pk} co-signed")
    return locked


def attendees(slot: ProgramSlot, day: date) -> list[User]:
    """Who took part in the slot that day (present, late, left early), by name."""
    rows = SlotAttendance.objects.filter(slot=slot, day=day, status__in=ATTENDED)
    return list(User.objects.filter(pk__in=rows.values("client_id")).order_by("display_name", "pk"))


@dataclass
class Attendee:
    client: User
    addition: str


@transaction.atomic
def write_group_note(
    *,
    slot: ProgramSlot,
    day: date,
    author: User,
    form: str,
    shared: dict[str, str],
    additions: dict[int, str],
) -> GroupNote:
    """One `Note` per attendee: the shared part and that client's own addition, sealed under
    that client's key. The others' additions never reach it. Signed as it is written."""
    group = GroupNote.objects.create(slot=slot, day=day, author=author)
    names = SECTIONS.get(form, ("text",))
    now = timezone.now()
    for client in attendees(slot, day):
        addition = additions.get(client.pk, "")
        sections = {name: shared.get(name, "") for name in names} | {"addition": addition}
        text = shared.get("text", "") if form == NoteFormat.FREE else _summary(sections, names)
        if addition:
            text = f"{text}\n\nFor this client: {addition}"
        note = Note.objects.create(
            client=client,
            author=author,
            form=form,
            text=text,
            sections_sealed=json.dumps(sections),
            group_note=group,
            signed_at=now,
        )
        _log(author, client.pk, Action.CREATE, str(note.pk))
    return group


def unsigned_notes(clinician: User) -> NoteQuerySet:
    """Progress-note drafts the clinician wrote and has not signed yet (not the free-text
    notes of the client record, which are never signed)."""
    return Note.objects.filter(
        author=clinician, signed_at__isnull=True, form__in=list(SECTIONS)
    ).order_by("written_at")


def notes_awaiting_cosign(supervisor: User) -> NoteQuerySet:
    """Signed notes, by someone else, of clients whose open episode is at a practice where
    `supervisor` supervises and which asks for co-signature."""
    practices = Practice.objects.filter(
        notes_need_cosign=True, memberships__user=supervisor, memberships__role=Role.SUPERVISOR
    )
    clients = Episode.objects.open().filter(practice__in=practices).values("client_id")
    return (
        Note.objects.filter(
            Q(client_id__in=clients), signed_at__isnull=False, cosigned_at__isnull=True
        )
        .exclude(author=supervisor)
        .order_by("signed_at")
    )
