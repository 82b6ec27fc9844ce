"""The forms of the recovery-task workbook: a task's exercises, and the clinician's comment."""

from typing import Any

from django import forms
from django.forms import BoundField

from threecircles.recovery.workbook import Exercise, Task

ANSWER_MAX = 10_000  # one worksheet answer or sobriety statement, in characters
ENTRY_MAX = 300  # one entry of a list
LIST_MAX = 30  # entries a list may hold
COMMENT_MAX = 5_000

TOO_LONG = (
    "This answer is %(show_value)d characters long, and one answer can hold %(limit_value)d. "
    "Everything you typed is still here: shorten it, or keep the longer version in your journal."
)
ENTRY_TOO_LONG = (
    "This entry is %(show_value)d characters long; an entry can hold %(limit_value)d. Longer "
    "thoughts fit in one of the written answers."
)


class TaskForm(forms.Form):
    """One field for each written answer, and one line for each entry of a list. A list offers
    the lines its exercise asks for, and one more than the client has filled."""

    def __init__(self, *args: Any, task: Task, answers: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.task = task
        self._names: dict[str, list[str]] = {}
        for exercise in task.exercises:
            saved = answers.get(exercise.id)
            if exercise.is_list:
                self._add_list(exercise, saved if isinstance(saved, list) else [])
            else:
                self._add_text(exercise, saved if isinstance(saved, str) else "")

    def _add_text(self, exercise: Exercise, saved: str) -> None:
        field = forms.CharField(
            label=exercise.text,
            help_text=exercise.help or "",
            required=False,
            max_length=ANSWER_MAX,
            initial=saved,
            error_messages={"max_length": TOO_LONG},
            widget=forms.Textarea(attrs={"rows": 6}),
        )
        # The server says clearly when an answer is too long; the browser would cut a pasted
        # answer short without a word.
        field.widget.attrs.pop("maxlength", None)
        self.fields[exercise.id] = field
        self._names[exercise.id] = [exercise.id]

    def _add_list(self, exercise: Exercise, saved: list[str]) -> None:
        count = min(max(exercise.entries, len(saved) + 1), LIST_MAX)
        names = []
        for n in range(count):
            name = f"{exercise.id}-{n + 1}"
            field = forms.CharField(
                label=f"Entry {n + 1}",
                required=False,
                max_length=ENTRY_MAX,
                initial=saved[n] if n < len(saved) else "",
                error_messages={"max_length": ENTRY_TOO_LONG},
            )
            field.widget.attrs.pop("maxlength", None)
            self.fields[name] = field
            names.append(name)
        self._names[exercise.id] = names

    def exercises(self) -> list[tuple[Exercise, list[BoundField]]]:
        """Each exercise with its fields, in the task's order, for the template."""
        return [(e, [self[name] for name in self._names[e.id]]) for e in self.task.exercises]

    def answers(self) -> dict[str, Any]:
        """What was written: text for a written answer, the filled lines of a list."""
        answers: dict[str, Any] = {}
        for exercise in self.task.exercises:
            names = self._names[exercise.id]
            if exercise.is_list:
                entries = [self.cleaned_data[name].strip() for name in names]
                answers[exercise.id] = [entry for entry in entries if entry]
            else:
                answers[exercise.id] = self.cleaned_data[exercise.id]
        return answers


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Your comment for the client",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="They read it on this task's page. Stored encrypted.",
        error_messages={
            "max_length": "This comment is %(show_value)d characters long; a comment can hold "
            "%(limit_value)d. Your text is still here: shorten it, or say the rest in session."
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comment"].widget.attrs.pop("maxlength", None)
