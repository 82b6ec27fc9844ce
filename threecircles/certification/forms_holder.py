"""The holder's forms: the renewal (the ethics agreement signed with a typed name) and an
external course for the continuing-education ledger (with its certificate).

The rules live in `actions` (when renewal opens, how many hours, which dates); the fields say
the same limits early, tied to the field, so a mistake is explained where it was made and
what was typed stays."""

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from threecircles.accounts.forms import TypedNameForm, typed_name_field
from threecircles.certification import actions, documents
from threecircles.certification.fields import hours_field
from threecircles.certification.models import CECategory

HOURS_RANGE = "Please enter the course's hours (a quarter of an hour to 100)."


class RenewalForm(TypedNameForm):
    name = typed_name_field(
        label="Type your name to sign the code of ethics and send your renewal",
        required="Type your name to sign the code of ethics.",
    )


class ExternalCreditForm(forms.Form):
    title = forms.CharField(
        label="Course title",
        max_length=200,
        error_messages={
            "required": "Please give the course's title.",
            "max_length": "Please keep the title to 200 characters or fewer.",
        },
    )
    provider = forms.CharField(
        label="Provider",
        max_length=200,
        help_text="Who gave the course: an association, a university, a training institute.",
        error_messages={
            "required": "Please say who gave the course.",
            "max_length": "Please keep the provider to 200 characters or fewer.",
        },
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *CECategory.choices],
        error_messages={
            "required": "Please choose the category the course belongs to.",
            "invalid_choice": "Please choose a category from the list.",
        },
    )
    hours = hours_field(
        most=100,
        help_text="As on the certificate, for example 6 or 1.5.",
        required="Please give the course's hours.",
        out_of_range=HOURS_RANGE,
    )
    completed_on = forms.DateField(
        label="Completed on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Please give the date you completed the course.",
            "invalid": "Please give the date as year-month-day, for example 2025-03-14.",
        },
    )
    certificate = forms.FileField(
        label="Certificate of completion",
        help_text="A PDF, PNG or JPEG file of 10 MB or less. Only you and institute staff see it.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        error_messages={
            "required": "Please attach the course's certificate of completion.",
            "empty": "This file is empty. Please choose the file again.",
            "invalid": "This file could not be read. Please choose it again.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["completed_on"].widget.attrs["min"] = actions.earliest_course_day().isoformat()

    def clean_completed_on(self) -> datetime.date:
        completed_on: datetime.date = self.cleaned_data["completed_on"]
        if completed_on > timezone.localdate():
            raise forms.ValidationError(
                "A course counts once it is completed: please choose today or an earlier date."
            )
        if completed_on < actions.earliest_course_day():
            raise forms.ValidationError(
                "Only courses completed in the last five years can be sent: please check the date."
            )
        return completed_on

    def clean_certificate(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["certificate"]
        problem = documents.problem_with(upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload
