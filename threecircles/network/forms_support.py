"""Forms of support requests: the client's settings, and a supporter's answer."""

from typing import Any

from django import forms

from threecircles.network.models import Answer, SupportMember

# The round a supporter is asked in; 0 last in the list, as the choice made least often.
ROUND_CHOICES = [
    (1, "At once"),
    (2, "Second, if nobody answered"),
    (3, "Third"),
    (4, "Fourth"),
    (5, "Fifth"),
    (0, "Never"),
]


class SupportSettingsForm(forms.Form):
    wait_minutes = forms.IntegerField(
        label="Minutes to wait for an answer before asking the next people",
        min_value=2,
        max_value=240,
        help_text="Between 2 and 240 minutes.",
    )

    def __init__(self, *args: Any, members: list[SupportMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            choices = ROUND_CHOICES
            if member.support_round not in dict(ROUND_CHOICES):
                choices = [*choices, (member.support_round, f"Round {member.support_round}")]
            self.fields[self.field_name(member)] = forms.TypedChoiceField(
                label=member.name,
                choices=choices,
                coerce=int,
                initial=member.support_round,
            )

    @staticmethod
    def field_name(member: SupportMember) -> str:
        return f"round_{member.pk}"

    def member_fields(self) -> list[tuple[SupportMember, forms.BoundField]]:
        return [(member, self[self.field_name(member)]) for member in self.members]

    def rounds(self) -> dict[int, int]:
        return {member.pk: self.cleaned_data[self.field_name(member)] for member in self.members}


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=Answer.choices, error_messages={"required": "Choose one of the answers."}
    )
