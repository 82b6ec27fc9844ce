"""Form fields the certification's forms share."""

from decimal import Decimal

from django import forms


def hours_field(
    *, most: int, help_text: str, required: str, out_of_range: str
) -> forms.DecimalField:
    """Hours in quarters, from a quarter of an hour to `most`, with every error said plainly."""
    return forms.DecimalField(
        label="Hours",
        min_value=Decimal("0.25"),
        max_value=Decimal(most),
        max_digits=5,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.25"}),
        error_messages={
            "required": required,
            "invalid": "Please give the hours as a number, for example 1.5.",
            "min_value": out_of_range,
            "max_value": out_of_range,
            "max_digits": out_of_range,
            "max_whole_digits": out_of_range,
            "max_decimal_places": "Please give the hours to two decimal places at most.",
        },
    )
