"""Forms of the public site: a professional's testimonial."""

from django import forms
from django.utils import timezone

from threecircles.content.models import Testimonial

# Saved word for word with each testimonial (consent_text): if this wording changes, what
# each author agreed to stays on record.
CONSENT_TEXT = (
    "I agree that the Three Circles Institute may publish what I wrote above, with my name "
    "and role, on its public website, after staff have read it. I can ask for it to be "
    "taken down at any time."
)


class TestimonialForm(forms.ModelForm[Testimonial]):
    contact = forms.EmailField(
        label="Your e-mail address (optional)",
        required=False,
        help_text="Only staff see it, and only to ask you about what you wrote. It is never shown.",
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={
            "required": (
                "Please tick the box to agree. Without it, we cannot publish what you wrote."
            )
        },
    )
    # Left empty by people; filled in by programs that fill in every field they find.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Testimonial
        fields = ["author_name", "author_role", "text"]
        labels = {
            "author_name": "Your name, as it should appear",
            "author_role": "Your role (optional)",
            "text": "What you would like to say",
        }
        help_texts = {
            "author_role": "For example: Licensed therapist, or Clinical supervisor.",
            "text": "Up to 2,000 characters. Please leave out anything that could identify a "
            "client or anyone else.",
        }
        error_messages = {
            "author_name": {"required": "Please enter your name."},
            "text": {"required": "Please write what you would like to say."},
        }

    @property
    def is_from_a_program(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def save(self, commit: bool = True) -> Testimonial:
        testimonial = super().save(commit=False)
        testimonial.contact = self.cleaned_data["contact"]
        testimonial.consent_text = CONSENT_TEXT
        testimonial.consent_recorded_at = timezone.now()
        testimonial.status = Testimonial.Status.PENDING
        if commit:
            testimonial.save()
        return testimonial
