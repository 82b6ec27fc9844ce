"""The public application form, and the professional's fields it shares with the member's
own profile form (forms_member.py).

Whether an address already has a membership or an application is never checked here: the
form would then say so to anyone typing an address. `actions.apply` decides it quietly, and
the page reads the same either way.

A field people never see keeps programs out (a program fills in every field it finds); the
view also limits how many applications one connection sends in an hour.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet

from threecircles.membership.models import Membership, MemberType

# What a professional shows other professionals: on the application, then on their profile.
PROFILE_FIELDS = [
    "name",
    "profession",
    "licence",
    "organisation",
    "city",
    "region",
    "country",
    "website",
]
LABELS = {
    "name": "Your name",
    "email": "Your e-mail address",
    "profession": "Profession",
    "licence": "Licence (optional)",
    "organisation": "Organisation or practice (optional)",
    "city": "City (optional)",
    "region": "State, province or region (optional)",
    "country": "Country (optional)",
    "website": "Website (optional)",
    "bio": "About your work (optional)",
    "statement": "Why you would like to join",
}
HELP_TEXTS = {
    "email": "We write to you at this address about your application, and use it for nothing else.",
    "profession": "For example: licensed marriage and family therapist.",
    "licence": "Licence type, number and where it was issued.",
    "website": "A web address starting with https://.",
    "bio": "A few sentences about your work with compulsive sexual behavior.",
    "statement": "A few sentences about your work and what you hope membership brings. "
    "Read by institute staff only.",
}
ERROR_MESSAGES = {
    "name": {"required": "Please enter your name."},
    "email": {
        "required": "Please enter your e-mail address, so we can write to you.",
        "invalid": "Please enter an e-mail address like name@example.org.",
    },
    "profession": {"required": "Please enter your profession."},
    "website": {"invalid": "Please enter a web address like https://example.org."},
    "statement": {"required": "Please write a few sentences about why you would like to join."},
}
AUTOCOMPLETE = {
    "name": "name",
    "email": "email",
    "organisation": "organization",
    "city": "address-level2",
    "region": "address-level1",
    "country": "country-name",
    "website": "url",
}


def fee_label(member_type: MemberType) -> str:
    return f"{member_type.name}: {member_type.yearly_fee} {member_type.currency} a year"


def open_types() -> QuerySet[MemberType]:
    return MemberType.objects.filter(open_for_applications=True)


def describe_fields(form: forms.BaseForm) -> None:
    """Plain messages for text that is too long, and the browser's autofill hints."""
    for name, field in form.fields.items():
        limit = getattr(field, "max_length", None)
        if limit:
            field.error_messages["max_length"] = (
                f"Please shorten this to {limit:,} characters or fewer (it has %(show_value)d)."
            )
        if name in AUTOCOMPLETE:
            field.widget.attrs["autocomplete"] = AUTOCOMPLETE[name]


class MemberTypeField(forms.ModelChoiceField[MemberType]):
    def label_from_instance(self, obj: MemberType) -> str:
        return fee_label(obj)


class ApplicationForm(forms.ModelForm[Membership]):
    member_type = MemberTypeField(
        label="Type of membership",
        queryset=MemberType.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Please choose a type of membership.",
            "invalid_choice": "Please choose a type of membership from the list.",
        },
    )
    # Left empty by people, who never see it; filled in by programs that fill in every field.
    # (Not "website": members have a real one.)
    homepage = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Membership
        fields = ["member_type", "email", *PROFILE_FIELDS, "statement"]
        labels = LABELS
        help_texts = HELP_TEXTS
        error_messages = ERROR_MESSAGES
        widgets = {
            # A plain text box (styled like the others) that still offers a web keyboard.
            "website": forms.TextInput(attrs={"inputmode": "url"}),
            "statement": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member_type"]
        assert isinstance(field, MemberTypeField)
        field.queryset = open_types()
        self.fields["statement"].required = True
        describe_fields(self)

    def validate_unique(self) -> None:
        # Deliberately nothing: "already applied" is not the public's to learn (see above).
        pass

    @property
    def is_from_a_program(self) -> bool:
        return bool(self.data.get("homepage"))

    def profile(self) -> dict[str, str]:
        """What `actions.apply` keeps besides the type and the address."""
        return {name: self.cleaned_data[name] for name in [*PROFILE_FIELDS, "statement"]}
