"""Forms of the inquiries part: what the public and the media send us, and what staff do with
it (reply, assign, change its status).

A program is kept out without a third-party service: a field people never see (a program
fills in every field it finds), and a signed time stamp of when the form was opened (people
take more than a few seconds to write; a stamp from yesterday or one changed by hand is not
accepted). The person is told plainly to send it again, and what they wrote stays on the page.
"""

import time

from django import forms
from django.core import signing

from threecircles.accounts.models import Role, User
from threecircles.content.models import Inquiry

MESSAGE_MAX_LENGTH = 5000
REPLY_MAX_LENGTH = 5000
# Faster than this, it was not typed by a person; older than this, the page sat open too long.
FASTEST_SECONDS = 3
OLDEST_SECONDS = 24 * 60 * 60

TOO_FAST = (
    "That was sent very quickly, so we could not tell it came from a person. "
    "Please check what you wrote and send it again."
)
NOT_CHECKED = (
    "This form was open for a long time, or we could not check it. "
    "Please send it again: what you wrote is still below."
)


def _signer(kind: str) -> signing.Signer:
    return signing.Signer(salt=f"content.inquiry-form.{kind}")


def started_stamp(kind: str, at: float | None = None) -> str:
    """When the form was opened (now, unless `at`), signed for this kind of inquiry."""
    return _signer(kind).sign(f"{time.time() if at is None else at:.3f}")


def stamp_problem(kind: str, stamp: str) -> str:
    """Why this stamp is not accepted; "" when it is."""
    try:
        started = float(_signer(kind).unsign(stamp))
    except (signing.BadSignature, ValueError):
        return NOT_CHECKED
    age = time.time() - started
    if age < 0 or age > OLDEST_SECONDS:
        return NOT_CHECKED
    if age < FASTEST_SECONDS:
        return TOO_FAST
    return ""


class InquiryForm(forms.ModelForm[Inquiry]):
    kind = Inquiry.Kind.CONTACT

    message = forms.CharField(
        label="Your message",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Up to {MESSAGE_MAX_LENGTH:,} characters.",
        error_messages={
            "required": "Please write your message.",
            "max_length": f"Please shorten your message to {MESSAGE_MAX_LENGTH:,} characters "
            "or fewer (it has %(show_value)d).",
        },
    )
    # Left empty by people, who never see it; filled in by programs that fill in every field.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Inquiry
        fields = ["name", "email", "organization", "subject"]
        labels = {
            "name": "Your name",
            "email": "Your e-mail address",
            "organization": "Organization (optional)",
            "subject": "Subject",
        }
        help_texts = {"email": "We answer to this address, and use it for nothing else."}
        error_messages = {
            "name": {"required": "Please enter your name."},
            "email": {
                "required": "Please enter your e-mail address, so we can answer.",
                "invalid": "Please enter an e-mail address like name@example.org.",
            },
            "subject": {"required": "Please enter a subject."},
        }
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organization"].widget.attrs["autocomplete"] = "organization"
        if not self.is_bound:
            self.initial["started"] = started_stamp(self.kind)

    @property
    def is_from_a_program(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        # A person with a field to correct is told only that: by the time they send it again,
        # a stamp too young is old enough, and one too old is replaced (below).
        problem = stamp_problem(self.kind, self._stamp)
        if problem and not self.errors:
            raise forms.ValidationError(problem, code="stamp")
        return cleaned

    @property
    def _stamp(self) -> str:
        return str(self.data.get("started", ""))

    def fresh_stamp_if_refused(self) -> None:
        """A form turned back with a stamp too old or not ours carries a new one, so sending
        it again works; a stamp only too young is kept, as it will be old enough by then."""
        if stamp_problem(self.kind, self._stamp) == NOT_CHECKED:
            self.data = dict(self.data.items()) | {"started": started_stamp(self.kind)}

    def save(self, commit: bool = True) -> Inquiry:
        inquiry = super().save(commit=False)
        inquiry.kind = self.kind
        inquiry.message = self.cleaned_data["message"]
        if commit:
            inquiry.save()
        return inquiry


class MediaInquiryForm(InquiryForm):
    kind = Inquiry.Kind.MEDIA

    class Meta(InquiryForm.Meta):
        labels = InquiryForm.Meta.labels | {"organization": "Media outlet"}
        help_texts = InquiryForm.Meta.help_texts | {
            "organization": "The publication, station or program you work for."
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        outlet = self.fields["organization"]
        outlet.required = True
        outlet.error_messages["required"] = "Please name the media outlet you work for."


# --- staff --------------------------------------------------------------------------------


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply",
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Sent by e-mail to the person who wrote to us, and kept here.",
        error_messages={
            "required": "Please write your reply before sending it.",
            "max_length": f"Please shorten your reply to {REPLY_MAX_LENGTH:,} characters "
            "or fewer (it has %(show_value)d).",
        },
    )


NOBODY = "nobody"


def staff_members() -> list[User]:
    return list(User.objects.filter(role=Role.STAFF, is_active=True).order_by("display_name"))


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(
        label="Assigned to",
        error_messages={
            "required": "Please choose who takes care of this inquiry.",
            "invalid_choice": "Please choose a member of staff from the list.",
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.members = {str(member.pk): member for member in staff_members()}
        choices = [(NOBODY, "Nobody yet")]
        choices += [(pk, str(member)) for pk, member in self.members.items()]
        self.fields["assignee"].choices = choices  # type: ignore[attr-defined]

    @property
    def chosen(self) -> User | None:
        return self.members.get(self.cleaned_data["assignee"])


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Inquiry.Status.choices,
        error_messages={
            "required": "Please choose a status.",
            "invalid_choice": "Please choose a status from the list.",
        },
    )
