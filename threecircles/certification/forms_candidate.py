"""The candidate's forms: evidence for a requirement staff decide (a note and an optional
file), a module quiz (one answer per question), and the confirmation before withdrawing.

A file is checked here by its first bytes (`documents.problem_with`), so a refused file comes
back with a clear message and the note as it was typed; `documents.store` checks again."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from threecircles.certification import documents

NOTE_OR_FILE = "Please attach a document or write a note."
TICK_TO_WITHDRAW = "Please tick the box to confirm that you want to withdraw."


class EvidenceForm(forms.Form):
    note = forms.CharField(
        label="Note for the institute",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you are sending, and anything staff should know. Never name a client.",
        error_messages={"max_length": "Please keep the note to 2,000 characters or fewer."},
    )
    file = forms.FileField(
        label="Document (optional)",
        required=False,
        help_text="A PDF, PNG or JPEG file of 10 MB or less.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        error_messages={
            "empty": "This file is empty. Please choose the file again.",
            "invalid": "This file could not be read. Please choose it again.",
        },
    )

    def clean_file(self) -> UploadedFile[bytes] | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("file")
        if upload:
            problem = documents.problem_with(upload)
            if problem:
                raise forms.ValidationError(problem)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("note", "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(NOTE_OR_FILE)
        return cleaned


class QuizForm(forms.Form):
    """One text box per question, named answer_1, answer_2, ... in the questions' order."""

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, question in enumerate(questions, start=1):
            self.fields[f"answer_{number}"] = forms.CharField(
                label=f"{number}. {question}",
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={
                    "required": "Please answer this question.",
                    "max_length": "Please keep each answer to 4,000 characters or fewer.",
                },
            )

    def answers(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, I want to withdraw from this credential",
        error_messages={"required": TICK_TO_WITHDRAW},
    )
