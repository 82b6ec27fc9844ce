"""The directory's forms: the public search, and the holder's own listing.

The search holds no personal data (a place, a need), so it travels in the address and a
result page can be linked to. Text that is too long is cut by the search, never refused.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from threecircles.certification.directory import SEARCH_MAX_LENGTH
from threecircles.certification.models import Certification, DirectoryListing, Issue, Population
from threecircles.membership.forms_public import describe_fields

ANY = [("", "Any")]
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{5,30}(?:\s*(?:ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE)


class SearchForm(forms.Form):
    place = forms.CharField(
        label="Place",
        required=False,
        help_text="A city, state or country, for example: Portland, Oregon.",
        widget=forms.TextInput(attrs={"maxlength": SEARCH_MAX_LENGTH}),
    )
    need = forms.ChoiceField(label="Help with", required=False, choices=ANY + list(Issue.choices))
    population = forms.ChoiceField(
        label="Works with", required=False, choices=ANY + list(Population.choices)
    )
    language = forms.CharField(
        label="Language",
        required=False,
        help_text="For example: Spanish.",
        widget=forms.TextInput(attrs={"maxlength": SEARCH_MAX_LENGTH}),
    )
    telehealth = forms.BooleanField(label="Offers sessions online (telehealth)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A choice from an old or mistyped link: said plainly, and the search goes on without it.
        for name in ("need", "population"):
            self.fields[name].error_messages["invalid_choice"] = (
                "That choice is not in the list; the search shows every choice instead."
            )

    def terms(self) -> dict[str, Any]:
        """What to search for: the fields that are fine (an unknown choice is left out)."""
        self.is_valid()
        found = self.cleaned_data
        return {
            "place": found.get("place", ""),
            "need": found.get("need", ""),
            "population": found.get("population", ""),
            "language": found.get("language", ""),
            "telehealth": bool(found.get("telehealth")),
        }


LABELS = {
    "display_name": "Your name as it is listed",
    "practice": "Practice or organisation (optional)",
    "city": "City (optional)",
    "region": "State, province or region (optional)",
    "country": "Country (optional)",
    "telehealth": "I offer sessions online (telehealth)",
    "in_person": "I see people in person",
    "languages": "Languages you work in (optional)",
    "website": "Website (optional)",
    "phone": "Phone number for new clients (optional)",
    "about": "About your work (optional)",
    "visible": "Show my listing in the directory",
}
HELP_TEXTS = {
    "display_name": "The name on your certificate, with a title or degrees if you like; for "
    "example: Jordan Reyes, LMFT.",
    "languages": "Separated by commas, for example: English, Spanish.",
    "website": "A web address starting with https://.",
    "phone": "Shown to everyone who opens your listing.",
    "about": "Plain text, up to 2,000 characters. Describe your work only; never write about "
    "anyone's treatment.",
    "visible": "While this is not ticked, nobody sees your listing.",
}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def names_match(listed: str, certified: str) -> bool:
    """Whether each word of the certified name, in order, begins a word of the listed name:
    "Jordan R." is listed as "Jordan Reyes, LMFT", never as "Casey Reyes"."""
    wanted = _words(certified)
    found = 0
    for word in _words(listed):
        if found < len(wanted) and word.startswith(wanted[found]):
            found += 1
    return found == len(wanted)


class ListingForm(forms.ModelForm[DirectoryListing]):
    populations = forms.MultipleChoiceField(
        label="People you work with",
        required=False,
        choices=Population.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    issues = forms.MultipleChoiceField(
        label="What you help with",
        required=False,
        choices=Issue.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DirectoryListing
        fields = [
            "display_name",
            "practice",
            "city",
            "region",
            "country",
            "telehealth",
            "in_person",
            "languages",
            "populations",
            "issues",
            "website",
            "phone",
            "about",
            "visible",
        ]
        labels = LABELS
        help_texts = HELP_TEXTS
        error_messages = {
            "display_name": {"required": "Please enter your name as it should be listed."},
            "website": {"invalid": "Please enter a web address like https://example.org."},
        }
        widgets = {
            "website": forms.TextInput(attrs={"inputmode": "url"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "about": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe_fields(self)
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
        self.fields["practice"].widget.attrs["autocomplete"] = "organization"

    def clean_display_name(self) -> str:
        """The listed name is the name on the holder's certificate, with a title before it or
        degrees after it if they like ("Dr. Jordan Reyes, LMFT" for "Jordan Reyes"): nobody
        lists a credential under someone else's name."""
        listed: str = self.cleaned_data["display_name"]
        names = list(
            Certification.objects.filter(
                person_id=self.instance.person_id, status=Certification.Status.VALID
            ).values_list("holder_name", flat=True)
        )
        if names and not any(names_match(listed, name) for name in names):
            raise forms.ValidationError(
                f"Please list the name on your certificate ({names[0]}); you may add a title "
                "before it and your degrees after it. To change the name on your certificate, "
                "write to the institute."
            )
        return listed

    def clean_website(self) -> str:
        address: str = self.cleaned_data["website"]
        if address and urlsplit(address).scheme not in ("http", "https"):
            raise forms.ValidationError("Please enter a web address like https://example.org.")
        return address

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                "Please enter a phone number with digits, spaces and + ( ) - only, "
                "for example: +1 503 555 0100."
            )
        return phone

    def clean_languages(self) -> str:
        languages = [each.strip() for each in self.cleaned_data["languages"].split(",")]
        return ", ".join(each for each in languages if each)

    def save(self, commit: bool = True) -> DirectoryListing:
        """Saved with its time; a new listing gets its address from the name, once (a later
        change of name keeps the address, so links to it keep working)."""
        listing = super().save(commit=False)
        listing.updated_at = timezone.now()
        if listing.slug:
            listing.save()
            return listing
        base = slugify(listing.display_name)[:70].strip("-") or "therapist"
        for n in range(1, 50):
            listing.slug = base if n == 1 else f"{base}-{n}"
            if DirectoryListing.objects.filter(slug=listing.slug).exists():
                continue
            try:
                with transaction.atomic():
                    listing.save()
            except IntegrityError:  # taken a moment ago by someone of the same name
                continue
            return listing
        raise forms.ValidationError("The listing could not be saved; please try again.")
