"""EncryptedTextField: free text stored as ciphertext under the client's data key.

The model must have a `client` foreign key (whose data key is used) and a UUID primary key set
before saving, because each ciphertext is bound to model, field and row. Reading the attribute
decrypts lazily; a destroyed key raises `KeyDestroyed`.
"""

from typing import Any

from django.db import models

from threecircles.lib import crypto


class Sealed(bytes):
    """Ciphertext as it came from the database, not yet opened."""


def associated_data(instance: models.Model, field_name: str) -> bytes:
    return f"{instance._meta.label_lower}.{field_name}:{instance.pk}".encode()


class _EncryptedDescriptor:
    def __init__(self, field: "EncryptedTextField") -> None:
        self.field = field

    def __get__(self, instance: models.Model | None, owner: type) -> Any:
        if instance is None:
            return self
        value = instance.__dict__.get(self.field.attname)
        if isinstance(value, Sealed):
            from threecircles.privacy.keys import data_key_for

            key = data_key_for(instance.client_id, domain=self.field.domain)  # type: ignore[attr-defined]
            plaintext = crypto.open_sealed(
                key, bytes(value), associated_data(instance, self.field.attname)
            ).decode()
            instance.__dict__[self.field.attname] = plaintext
            return plaintext
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.BinaryField):  # type: ignore[type-arg]
    description = "Text encrypted under the client's data key"

    def __init__(self, *args: Any, domain: str = "record", **kwargs: Any) -> None:
        # Which of the client's data keys seals it: "record" (the clinical record) or
        # "recovery" (what the client writes about their own recovery, theirs to erase).
        self.domain = domain
        kwargs.setdefault("editable", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.domain != "record":
            kwargs["domain"] = self.domain
        return name, path, args, kwargs

    def check(self, **kwargs: Any) -> list[Any]:
        # The default is plaintext (""), encrypted on save, so BinaryField's bytes rule is moot.
        return [e for e in super().check(**kwargs) if e.id != "fields.E170"]

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        setattr(cls, self.attname, _EncryptedDescriptor(self))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Sealed | None:
        if value is None:
            return None
        return Sealed(bytes(value))

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, Sealed):
            return value
        from threecircles.privacy.keys import data_key_for

        if model_instance.pk is None:
            raise ValueError("EncryptedTextField needs the primary key set before saving")
        key = data_key_for(
            model_instance.client_id,  # type: ignore[attr-defined]
            domain=self.domain,
            create=True,
        )
        sealed = crypto.seal(
            key, str(value).encode(), associated_data(model_instance, self.attname)
        )
        return Sealed(sealed)

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> str:
        # Serialisation (dumpdata) never sees plaintext.
        return "<encrypted>"

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return forms.CharField(widget=forms.Textarea, required=not self.blank, **kwargs)
