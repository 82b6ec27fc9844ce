"""Crisis lines by country, for the safety plan and settings. Free, confidential, checked
against each service's own site in November 2026; an emergency number is always first."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    name: str
    number: str
    note: str = ""


LINES: dict[str, tuple[str, list[Line]]] = {
    "US": (
        "United States",
        [
            Line("Emergency", "911"),
            Line("988 Suicide & Crisis Lifeline", "988", "call or text, day or night"),
        ],
    ),
    "CA": (
        "Canada",
        [Line("Emergency", "911"), Line("9-8-8 Suicide Crisis Helpline", "988", "call or text")],
    ),
    "GB": (
        "United Kingdom",
        [Line("Emergency", "999"), Line("Samaritans", "116 123", "free, day or night")],
    ),
    "IE": (
        "Ireland",
        [Line("Emergency", "112"), Line("Samaritans", "116 123", "free, day or night")],
    ),
    "AU": ("Australia", [Line("Emergency", "000"), Line("Lifeline", "13 11 14", "24 hours")]),
    "NZ": (
        "New Zealand",
        [Line("Emergency", "111"), Line("Need to talk?", "1737", "call or text, free")],
    ),
    "DE": (
        "Germany",
        [Line("Emergency", "112"), Line("TelefonSeelsorge", "0800 111 0 111", "free, 24 hours")],
    ),
    "FR": (
        "France",
        [Line("Emergency", "112"), Line("Numéro national de prévention du suicide", "3114")],
    ),
    "NL": ("Netherlands", [Line("Emergency", "112"), Line("113 Zelfmoordpreventie", "0800 0113")]),
    "ES": ("Spain", [Line("Emergency", "112"), Line("Línea 024", "024", "24 hours")]),
}
DEFAULT = [
    Line("Emergency", "112", "or your local emergency number"),
    Line("Find a helpline", "findahelpline.com", "free, confidential lines worldwide"),
]

COUNTRIES = sorted(((code, name) for code, (name, _) in LINES.items()), key=lambda c: c[1])


def lines_for(country: str) -> list[Line]:
    return LINES[country][1] if country in LINES else DEFAULT


def tel(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"tel:{digits}" if digits else ""
