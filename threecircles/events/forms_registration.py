"""The public registration form: a registration type (with its price, and the early-bird price
through its last day), a name and an e-mail address.

A field people never see keeps programs out (a program fills in every field it finds); the
view also limits how many registrations one connection sends in an hour.
"""

from typing import Any

from django import forms

from threecircles.events.models import Event, RegistrationType


def type_label(rtype: RegistrationType) -> str:
    label = f"{rtype.name}: {rtype.price} {rtype.currency}"
    if rtype.early_price is not None and rtype.early_until is not None:
        label += f" ({rtype.early_price} {rtype.currency} through {rtype.early_until:%d %B %Y})"
    return label


class RegistrationTypeField(forms.ModelChoiceField[RegistrationType]):
    def label_from_instance(self, obj: RegistrationType) -> str:
        return type_label(obj)


class RegistrationForm(forms.Form):
    registration_type = RegistrationTypeField(
        label="Registration type",
        queryset=RegistrationType.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Please choose a registration type.",
            "invalid_choice": "Please choose a registration type from the list.",
        },
    )
    name = forms.CharField(
        label="Your name",
        max_length=120,
        help_text="As it should appear on your ticket and certificate of attendance.",
        error_messages={"required": "Please enter your name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Your e-mail address",
        help_text="Your confirmation and ticket go to this address.",
        error_messages={
            "required": "Please enter your e-mail address, so we can send your ticket.",
            "invalid": "Please enter an e-mail address like name@example.org.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Left empty by people, who never see it; filled in by programs that fill in every field.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        field = self.fields["registration_type"]
        assert isinstance(field, RegistrationTypeField)
        field.queryset = event.registration_types.order_by("price", "name")

    @property
    def is_from_a_program(self) -> bool:
        return bool(self.data.get("website"))
