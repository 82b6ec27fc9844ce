"""Forms of the events' staff part: events, tracks, sessions (with speakers by name),
registration types, taking attendance by ticket code, and marking a payment.

Dates and times of an event are typed, and shown, in the event's own time zone: a session
at 09:00 in Chicago is 09:00 on the form, whoever fills it in and wherever the server is.
"""

import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.utils import timezone

from threecircles.events.models import Event, EventSession, RegistrationType, Speaker, Track

MARKDOWN_HELP = "Markdown: a blank line between paragraphs, ## for a heading, - for a list."


def zone_named(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class ZonedDateTimeField(forms.DateTimeField):
    """A date and time in `zone` (set by the form: the event's time zone)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    zone: ZoneInfo = ZoneInfo("UTC")

    def to_python(self, value: Any) -> datetime.datetime | None:
        with timezone.override(self.zone):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        with timezone.override(self.zone):
            return super().prepare_value(value)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _set_zone(form: forms.BaseForm, zone: ZoneInfo) -> None:
    for field in form.fields.values():
        if isinstance(field, ZonedDateTimeField):
            field.zone = zone


class EventForm(forms.ModelForm[Event]):
    registration_opens_at = ZonedDateTimeField(
        label="Registration opens", required=False, help_text="Empty: open now."
    )
    registration_closes_at = ZonedDateTimeField(
        label="Registration closes", required=False, help_text="Empty: until the event ends."
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "slug",
            "summary",
            "description",
            "starts_on",
            "ends_on",
            "time_zone",
            "venue",
            "online_url",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "published",
        ]
        labels = {
            "slug": "Web address",
            "starts_on": "First day",
            "ends_on": "Last day",
            "online_url": "Online link",
            "published": "Shown on the public site",
        }
        help_texts = {
            "slug": "The end of the event's address: lower-case letters, digits and hyphens.",
            "description": MARKDOWN_HELP,
            "time_zone": "Where the event takes place, e.g. America/Chicago. Times on "
            "these forms are in this zone.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The window is typed in the zone typed on this form (or the event's own).
        typed = zone_named(str(self.data.get("time_zone", ""))) if self.is_bound else None
        _set_zone(self, typed or zone_named(self.instance.time_zone) or ZoneInfo("UTC"))

    def clean_time_zone(self) -> str:
        name = str(self.cleaned_data["time_zone"]).strip()
        if zone_named(name) is None:
            raise forms.ValidationError(
                "Not a time zone we know: write it like America/Chicago or Europe/Berlin."
            )
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The last day cannot come before the first.")
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", "Registration must close after it opens.")
        if cleaned.get("kind") == "webinar" and not cleaned.get("online_url"):
            self.add_error("online_url", "A webinar needs its online link.")
        return cleaned


class TrackForm(forms.ModelForm[Track]):
    class Meta:
        model = Track
        fields = ["name", "order"]
        help_texts = {"order": "Lower comes first."}


class SessionForm(forms.ModelForm[EventSession]):
    starts_at = ZonedDateTimeField(label="Starts")
    ends_at = ZonedDateTimeField(label="Ends")
    speaker_names = forms.CharField(
        label="Speakers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One name a line. A name we do not have yet is added as a new speaker.",
    )

    class Meta:
        model = EventSession
        fields = [
            "title",
            "track",
            "starts_at",
            "ends_at",
            "room",
            "counts_for_hours",
            "description",
        ]
        labels = {"counts_for_hours": "Counts for continuing-education hours"}
        help_texts = {"description": MARKDOWN_HELP}
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["track"].queryset = event.tracks.all()  # type: ignore[attr-defined]
        self.fields["track"].required = False
        zone = zone_named(event.time_zone) or ZoneInfo("UTC")
        _set_zone(self, zone)
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = f"In the event's time zone ({zone.key})."
        if self.instance.pk and not self.is_bound:
            self.initial["speaker_names"] = "\n".join(s.name for s in self.instance.speakers.all())

    def clean_speaker_names(self) -> list[str]:
        names = [" ".join(line.split()) for line in self.cleaned_data["speaker_names"].splitlines()]
        unique: list[str] = []
        for name in names:
            if not name:
                continue
            if len(name) > 120:
                raise forms.ValidationError("A speaker's name is at most 120 characters.")
            if name.casefold() not in {known.casefold() for known in unique}:
                unique.append(name)
        return unique

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "A session must end after it starts.")
        return cleaned

    def save(self, commit: bool = True) -> EventSession:
        session = super().save(commit=False)
        session.event = self.event
        session.save()
        speakers = []
        for name in self.cleaned_data["speaker_names"]:
            found = Speaker.objects.filter(name__iexact=name).order_by("pk").first()
            speakers.append(found or Speaker.objects.create(name=name))
        session.speakers.set(speakers)
        return session


class RegistrationTypeForm(forms.ModelForm[RegistrationType]):
    class Meta:
        model = RegistrationType
        fields = ["name", "audience", "price", "early_price", "early_until", "currency"]
        labels = {"early_price": "Early-bird price", "early_until": "Early-bird through"}
        help_texts = {"currency": "Three letters, e.g. USD."}
        widgets = {"early_until": DATE}

    def clean_currency(self) -> str:
        currency = str(self.cleaned_data["currency"]).strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise forms.ValidationError("Three letters, e.g. USD or EUR.")
        return currency

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        early_price, early_until = cleaned.get("early_price"), cleaned.get("early_until")
        if (early_price is None) != (early_until is None):
            self.add_error(
                "early_until", "An early-bird price needs its last day, and a last day its price."
            )
        for name in ("price", "early_price"):
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, "A price cannot be negative.")
        return cleaned


class TicketCodeForm(forms.Form):
    code = forms.CharField(
        label="Ticket code",
        max_length=64,
        help_text="Scan the ticket's QR code, or type the code printed under it, then Enter.",
        error_messages={"required": "Scan or type a ticket code."},
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "autocapitalize": "off"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split())


class PaymentForm(forms.Form):
    payment_reference = forms.CharField(
        label="Payment reference",
        max_length=120,
        required=False,
        help_text="Optional: the bank transfer's or receipt's reference.",
    )
