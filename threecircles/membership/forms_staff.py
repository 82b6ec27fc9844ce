"""Forms of the membership's staff part: the decision on an application, finding members,
recording a payment, ending a membership or changing its type, member types, and member
resources. What a decision or a payment does is in `membership.actions`; these only check
what was typed."""

import datetime
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q

from threecircles.content.forms_staff import MARKDOWN_HELP, BodyWithPreview, unique_slug
from threecircles.membership.models import (
    GRACE_DAYS,
    MemberResource,
    Membership,
    MembershipQuerySet,
    MemberType,
    Standing,
)

Status = Membership.Status

# --- the decision on an application -------------------------------------------------------


class ApproveForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the record for staff. The applicant is not sent it.",
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why the application is declined",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the record for staff. The applicant is not sent it.",
        error_messages={"required": "Say why the application is declined."},
    )


# --- finding members ----------------------------------------------------------------------

# The standings a member (approved) can be in, as the filter offers them.
RENEWING = "renewing"
RENEWING_WITHIN = datetime.timedelta(days=30)
MEMBER_STANDINGS = [
    (Standing.CURRENT.value, "Current"),
    (RENEWING, "Current, renewal due in the next 30 days"),
    (Standing.GRACE.value, "In the grace period"),
    (Standing.LAPSED.value, "Lapsed"),
    (Standing.AWAITING_PAYMENT.value, "Awaiting the first payment"),
    (Standing.ENDED.value, "Ended"),
]


def with_standing(
    memberships: MembershipQuerySet, standing: str, today: datetime.date
) -> MembershipQuerySet:
    """The memberships in this standing on `today`, as `Membership.standing()` decides it
    (or current and renewing within 30 days)."""
    grace_start = today - datetime.timedelta(days=GRACE_DAYS)
    active = memberships.filter(status=Status.ACTIVE)
    if standing == Standing.CURRENT:
        return active.filter(paid_through__gte=today)
    if standing == RENEWING:
        return active.filter(paid_through__gte=today, paid_through__lte=today + RENEWING_WITHIN)
    if standing == Standing.GRACE:
        return active.filter(paid_through__lt=today, paid_through__gte=grace_start)
    if standing == Standing.LAPSED:
        return active.filter(paid_through__lt=grace_start)
    if standing == Standing.AWAITING_PAYMENT:
        return active.filter(paid_through__isnull=True)
    if standing == Standing.ENDED:
        return memberships.filter(status=Status.ENDED)
    return memberships


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label="Name, e-mail address or member number",
        max_length=120,
        required=False,
    )
    standing = forms.ChoiceField(
        label="Standing", choices=[("", "Any standing"), *MEMBER_STANDINGS], required=False
    )

    def filter(self, memberships: MembershipQuerySet, today: datetime.date) -> MembershipQuerySet:
        data = self.cleaned_data
        memberships = with_standing(memberships, data["standing"], today)
        for word in data["q"].split()[:10]:
            memberships = memberships.filter(
                Q(name__icontains=word) | Q(email__icontains=word) | Q(member_number__iexact=word)
            )
        return memberships


# --- one member ---------------------------------------------------------------------------


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount paid",
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.00"),
        error_messages={"required": "Enter the amount paid."},
    )
    reference = forms.CharField(
        label="Payment reference (optional)",
        max_length=120,
        required=False,
        help_text="A bank transfer's reference, a receipt number.",
    )
    # The paid-through date the page showed: a second click of the same form finds it moved
    # and records nothing twice.
    paid_through_seen = forms.CharField(required=False, widget=forms.HiddenInput)


class EndForm(forms.Form):
    reason = forms.CharField(
        label="Why the membership ends",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: resigned by e-mail on 3 May. Kept with the record for staff.",
        error_messages={"required": "Say why the membership ends."},
    )


class MemberTypeChoiceForm(forms.ModelForm[Membership]):
    class Meta:
        model = Membership
        fields = ["member_type"]
        labels = {"member_type": "Member type"}
        help_texts = {"member_type": "Renewals from now on are at this type's yearly fee."}


# --- member types and resources -----------------------------------------------------------


CURRENCY = re.compile(r"[A-Z]{3}")


class MemberTypeForm(forms.ModelForm[MemberType]):
    # Longer than the three letters kept, so "EURO" gets the message below, not a count.
    currency = forms.CharField(
        label="Currency", max_length=10, help_text="Three letters, for example USD or EUR."
    )

    class Meta:
        model = MemberType
        fields = [
            "name",
            "slug",
            "description",
            "yearly_fee",
            "currency",
            "open_for_applications",
            "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {"slug": "Web address name"}
        help_texts = {
            "slug": "Short, lower-case, with hyphens: it names the type in addresses.",
            "description": "Who the type is for, shown to people choosing how to join.",
            "open_for_applications": "People can apply for this type.",
            "order": "Lower comes first.",
        }
        error_messages = {
            "name": {"required": "Give the member type a name."},
            "slug": {"unique": "Another member type already has this name: choose another."},
            "yearly_fee": {"required": "Enter the yearly fee (0 for none)."},
        }

    def clean_currency(self) -> str:
        currency = str(self.cleaned_data["currency"]).strip().upper()
        if not CURRENCY.fullmatch(currency):
            raise forms.ValidationError("Use the currency's three letters, for example USD.")
        return currency


class MemberResourceForm(BodyWithPreview, forms.ModelForm[MemberResource]):
    slug = forms.SlugField(
        label="Web address",
        max_length=200,
        required=False,
        help_text="The end of the resource's address. Leave it empty to make it from the title.",
    )

    class Meta:
        model = MemberResource
        fields = ["title", "slug", "summary", "body", "link", "published", "order"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2}), "body": forms.Textarea()}
        help_texts = {
            "summary": "One or two sentences, shown in the list of resources.",
            "body": MARKDOWN_HELP,
            "link": "A page or document elsewhere (optional).",
            "published": "Shown to members in good standing.",
            "order": "Lower comes first.",
        }
        error_messages = {"title": {"required": "Give the resource a title."}}

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        others = MemberResource.objects.exclude(pk=self.instance.pk)
        if slug and others.filter(slug=slug).exists():
            raise forms.ValidationError(
                "Another resource already has this address: choose another, or leave it empty."
            )
        return slug

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("body") and not cleaned.get("link") and not self.has_error("link"):
            self.add_error("body", "Write the resource's text, give a link, or both.")
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = unique_slug(
                MemberResource.objects.exclude(pk=self.instance.pk),
                cleaned["title"],
                max_length=200,
                fallback="resource",
            )
        return cleaned
