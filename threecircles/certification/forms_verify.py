"""The form where anyone types a certificate's verification code.

A code is 26 characters from an alphabet without I, O, 0 and 1 (`models.new_verification_code`):
typed codes are read in capitals, with spaces and dashes left out, so a code copied in groups
or in small letters still finds its certificate.
"""

from django import forms

CODE_ALPHABET = frozenset("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
CODE_LENGTH = 26


def normalise_code(typed: str) -> str:
    return "".join(typed.split()).replace("-", "").upper()


def is_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and set(code) <= CODE_ALPHABET


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="Verification code",
        max_length=80,
        help_text="26 letters and digits, printed under the QR code on the certificate.",
        error_messages={"required": "Please type the code printed on the certificate."},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                f"A verification code has {CODE_LENGTH} letters and digits; "
                f"this one has {len(code)}. Check it letter by letter."
            )
        unused = sorted(set(code) - CODE_ALPHABET)
        if unused:
            raise forms.ValidationError(
                f"Codes never use {' '.join(unused)}: they use the letters A to Z except I and "
                "O, and the digits 2 to 9."
            )
        return code
