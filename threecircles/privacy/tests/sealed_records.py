"""One row of every encrypted kind for a client, and every encrypted value read back.

Each app with encrypted fields declares them in `<app>/tests/sealed.py` (a `SealedFields`
named `SEALED`): which hold what a person typed (each gets its own sentinel), which the
software fills in, and how to make one row of each. The encryption-at-rest, erasure and
key-rotation tests use them all, so "everything" there means every `EncryptedTextField` of
every model, and a new app adds its own without editing this file.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from django.apps import apps
from django.db import models

from threecircles.accounts.models import Practice, User
from threecircles.privacy.fields import EncryptedTextField
from threecircles.tests.discovery import each_app_module


class Sealer(Protocol):
    def __call__(
        self, *, client: User, clinician: User, practice: Practice, text: Callable[[str], str]
    ) -> None: ...


@dataclass
class SealedFields:
    free_text: dict[tuple[str, str], str] = field(default_factory=dict)
    derived: set[tuple[str, str]] = field(default_factory=set)
    seal: Sealer | None = None
    order: int = 50


def _declared() -> list[SealedFields]:
    found = [module.SEALED for module in each_app_module("tests.sealed")]
    return sorted(found, key=lambda sealed: sealed.order)


DECLARED = _declared()
FREE_TEXT_FIELDS = {key: kind for sealed in DECLARED for key, kind in sealed.free_text.items()}
DERIVED_FIELDS = {key for sealed in DECLARED for key in sealed.derived}


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """(model, attribute) for every encrypted field of every installed model."""
    return sorted(
        (
            (model, field.attname)
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ),
        key=lambda pair: (pair[0]._meta.label, pair[1]),
    )


def encrypted_field_names() -> set[tuple[str, str]]:
    return {(model._meta.label, name) for model, name in encrypted_fields()}


def encrypted_cells(client_id: int | None = None) -> Iterator[tuple[str, models.Model, str]]:
    """(label, fresh row, attribute) for every encrypted value, of one client or of all."""
    for model, name in encrypted_fields():
        rows = model._default_manager.all()
        if client_id is not None:
            rows = rows.filter(client_id=client_id)
        for row in rows.order_by("pk"):
            yield f"{model._meta.label}:{row.pk}.{name}", row, name


def every_encrypted_value(client_id: int | None = None) -> dict[str, str]:
    """Every encrypted value decrypted from a fresh read of the database."""
    return {label: getattr(row, name) for label, row, name in encrypted_cells(client_id)}


def seal_one_of_everything(
    *, client: User, clinician: User, practice: Practice, text: Callable[[str], str]
) -> None:
    """One row of every encrypted kind, through each app's own actions: every free-text field
    holds `text(kind)` (kinds from FREE_TEXT_FIELDS)."""
    assert DECLARED, "no app declares its encrypted fields"
    for sealed in DECLARED:
        if sealed.seal is not None:
            sealed.seal(client=client, clinician=clinician, practice=practice, text=text)
