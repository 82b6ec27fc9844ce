"""Care's encrypted fields, for the encryption-at-rest, erasure and key-rotation tests."""

from collections.abc import Callable

from threecircles.accounts.models import Practice, User
from threecircles.care.actions import add_note
from threecircles.privacy.tests.sealed_records import SealedFields


def seal(*, client: User, clinician: User, practice: Practice, text: Callable[[str], str]) -> None:
    add_note(client=client, author=clinician, text=text("note"))


SEALED = SealedFields(free_text={("care.Note", "text"): "note"}, seal=seal)
