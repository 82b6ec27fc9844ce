"""The public registration form: a registration type (with its price, and the early-bird price
through its last day), a name and an e-mail address.

Member prices stay on the list for everyone, so visitors know they exist, but only a member in
good standing may choose one: for anyone else those options are disabled and described by a
note on the page (`MEMBER_PRICES_NOTE` is its id), and a member price sent anyway is refused.

A field people never see keeps programs out (a program fills in every field it finds); the
view also limits how many registrations one connection sends in an hour.
"""

import datetime
from typing import Any

from django import forms

from threecircles.events.actions import MEMBER_OWN_ADDRESS, MEMBERS_ONLY
from threecircles.events.models import Event, RegistrationType

MEMBER_PRICES_NOTE = "member-prices-note"


def type_label(rtype: RegistrationType, on: datetime.date | None = None) -> str:
    """The name and price, and the early-bird price with its last day; given `on`, an
    early-bird price whose last day has passed is left out."""
    label = f"{rtype.name}: {rtype.price} {rtype.currency}"
    early, until = rtype.early_price, rtype.early_until
    if early is not None and until is not None and (on is None or on <= until):
        label += f" ({early} {rtype.currency} through {until:%d %B %Y})"
    return label


class RegistrationTypeField(forms.ModelChoiceField[RegistrationType]):
    def label_from_instance(self, obj: RegistrationType) -> str:
        return type_label(obj)


class RegistrationTypeRadios(forms.RadioSelect):
    """Radio buttons where member prices can be shown but not chosen."""

    members_only_locked = False

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        rtype = getattr(option["value"], "instance", None)
        members_only = getattr(rtype, "audience", "") == RegistrationType.Audience.MEMBER
        if self.members_only_locked and members_only:
            option["attrs"]["disabled"] = True
            option["attrs"]["aria-describedby"] = MEMBER_PRICES_NOTE
        return option


class RegistrationForm(forms.Form):
    registration_type = RegistrationTypeField(
        label="Registration type",
        queryset=RegistrationType.objects.none(),
        widget=RegistrationTypeRadios,
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

    def __init__(
        self, *args: Any, event: Event, member: bool = False, member_email: str = "", **kwargs: Any
    ) -> None:
        """`member`: whether the person registering is a member in good standing;
        `member_email`: their account's address (a member price is for their own seat)."""
        super().__init__(*args, **kwargs)
        self.event = event
        self.member = member
        self.member_email = member_email
        field = self.fields["registration_type"]
        assert isinstance(field, RegistrationTypeField)
        field.queryset = event.registration_types.order_by("price", "name")
        # Member prices listed, but closed to this person.
        self.member_prices_locked = (
            not member
            and event.registration_types.filter(audience=RegistrationType.Audience.MEMBER).exists()
        )
        assert isinstance(field.widget, RegistrationTypeRadios)
        field.widget.members_only_locked = self.member_prices_locked

    def clean_registration_type(self) -> RegistrationType:
        rtype: RegistrationType = self.cleaned_data["registration_type"]
        if rtype.audience == RegistrationType.Audience.MEMBER and not self.member:
            raise forms.ValidationError(MEMBERS_ONLY)
        return rtype

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        rtype = cleaned.get("registration_type")
        email = cleaned.get("email")
        if (
            rtype is not None
            and email
            and rtype.audience == RegistrationType.Audience.MEMBER
            and email.strip().lower() != self.member_email.strip().lower()
        ):
            self.add_error("email", MEMBER_OWN_ADDRESS)
        return cleaned

    @property
    def is_from_a_program(self) -> bool:
        return bool(self.data.get("website"))
