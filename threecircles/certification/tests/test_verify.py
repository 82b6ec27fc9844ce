"""The public page of a verification code: the holder's name as printed, the credential, the
certificate number, its standing in words and its dates, and nothing else; an unknown code
answers 404 with one plain sentence; codes typed in small letters, in groups or with dashes
still find their certificate; a connection that tries many unknown codes is stopped."""

import datetime
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.models import Certification
from threecircles.certification.tests.factories import certify, make_credential

pytestmark = pytest.mark.django_db
UNKNOWN = "No certificate has this code. Check the code on the certificate, letter by letter."
# Issued 10 January 2024, for two years: active through 10 January 2026, in grace for 90 days.
ISSUED = datetime.date(2024, 1, 10)


class _Facts(HTMLParser):
    """The terms and descriptions of the page's description list, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[list[str]] = []
        self.inside = ""

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "dt":
            self.pairs.append(["", ""])
        if tag in ("dt", "dd"):
            self.inside = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("dt", "dd"):
            self.inside = ""

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.pairs[-1][0 if self.inside == "dt" else 1] += data


def facts(response) -> dict[str, str]:
    parser = _Facts()
    parser.feed(response.content.decode())
    return {" ".join(dt.split()): " ".join(dd.split()) for dt, dd in parser.pairs}


@pytest.fixture
def rosa() -> User:
    return make_user("Rosa Marquez", Role.CLINICIAN)


@pytest.fixture
def certification(rosa: User) -> Certification:
    return certify(rosa, make_credential(), issued_on=ISSUED)


def page_of(client: Client, code: str):
    return client.get(reverse("certification:verify", args=[code]))


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (datetime.date(2025, 6, 1), "Active. The certification is current."),
        (datetime.date(2026, 1, 10), "Active. The certification is current."),
        (
            datetime.date(2026, 1, 11),
            "Expired, in the renewal grace period. The expiry date has passed. "
            "The holder may still renew during the grace period.",
        ),
        (
            datetime.date(2026, 4, 11),
            "Lapsed. The certification has expired and was not renewed.",
        ),
    ],
    ids=["active", "last-day", "grace", "lapsed"],
)
def test_the_page_shows_the_holder_credential_standing_and_dates(
    client: Client, certification: Certification, day: datetime.date, status: str
):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12))):
        response = page_of(client, certification.verification_code)
    assert response.status_code == 200
    assert facts(response) == {
        "Holder": "Rosa Marquez",
        "Credential": "Certified Sex Addiction Therapist (CSAT)",
        "Status": status,
        "Issued on": "10 January 2024",
        "Expiry date": "10 January 2026",
    }
    assertContains(response, f"Certificate {certification.number}")


@pytest.mark.parametrize(
    ("withdraw", "status"),
    [
        (actions.suspend, "Suspended. The institute has suspended this certification for now."),
        (actions.revoke, "Revoked. The institute has withdrawn this certification."),
    ],
    ids=["suspended", "revoked"],
)
def test_a_suspension_or_revocation_shows_without_its_reason(
    client: Client, certification: Certification, ivy: User, withdraw, status: str
):
    with time_machine.travel(datetime.datetime(2025, 6, 1, 12)):
        withdraw(certification=certification, by=ivy, reason="Board file 2025-17")
        response = page_of(client, certification.verification_code)
    assert facts(response)["Status"] == status
    assertNotContains(response, "Board file 2025-17")


def test_nothing_else_about_the_holder_is_shown(
    client: Client, certification: Certification, rosa: User
):
    response = page_of(client, certification.verification_code)
    assert set(facts(response)) == {"Holder", "Credential", "Status", "Issued on", "Expiry date"}
    assertNotContains(response, rosa.email)
    # The account's name is not the name as printed, and only the printed one shows.
    Certification.objects.filter(pk=certification.pk).update(holder_name="Dr. Rosa M. Marquez")
    assert facts(page_of(client, certification.verification_code))["Holder"] == (
        "Dr. Rosa M. Marquez"
    )


def test_search_engines_are_asked_to_leave_the_page_out(
    client: Client, certification: Certification
):
    response = page_of(client, certification.verification_code)
    assertContains(response, '<meta name="robots" content="noindex">', html=True)
    assert response["X-Robots-Tag"] == "noindex"
    # A revocation shows at once: the page is never kept by a cache.
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize(
    "code", ["ABCDEFGHJKLMNPQRSTUVWXYZ23", "SHORT", "0" * 26], ids=["unknown", "short", "zeros"]
)
def test_an_unknown_code_says_so_plainly_and_nothing_more(
    client: Client, certification: Certification, code: str
):
    response = page_of(client, code)
    assert response.status_code == 404
    assertContains(response, UNKNOWN, status_code=404)
    assert facts(response) == {}
    assertNotContains(response, "Rosa", status_code=404)
    assertNotContains(response, code, status_code=404)


def test_a_code_in_small_letters_in_groups_or_with_dashes_finds_its_certificate(
    client: Client, certification: Certification
):
    code = certification.verification_code
    canonical = reverse("certification:verify", args=[code])
    for typed in (code.lower(), f"{code[:4]}-{code[4:13]}-{code[13:]}", f"{code[:5]} {code[5:]}"):
        response = client.get(f"/verify/{quote(typed)}/")
        assert (response.status_code, response["Location"]) == (302, canonical), typed
    assert facts(client.get(canonical))["Holder"] == "Rosa Marquez"


# --- the form ------------------------------------------------------------------------------


def test_the_form_takes_a_typed_code_to_its_page(client: Client, certification: Certification):
    form = client.get(reverse("certification:verify_form"))
    assertContains(form, "Verification code")
    code = certification.verification_code
    typed = " ".join(code[start : start + 4] for start in range(0, 26, 4)).lower()
    response = client.post(reverse("certification:verify_form"), {"code": f" {typed} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:verify", args=[code])


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Please type the code printed on the certificate."),
        ("ABCD EFGH JKLM", "A verification code has 26 letters and digits; this one has 12."),
        ("ABCDEFGHJKLMNPQRSTUVWXYZ2O", "Codes never use O: they use the letters A to Z except"),
    ],
    ids=["empty", "short", "letter-o"],
)
def test_a_code_that_cannot_be_one_is_sent_back_with_what_was_typed(
    client: Client, typed: str, message: str
):
    response = client.post(reverse("certification:verify_form"), {"code": typed})
    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    if typed:
        assertContains(response, f'value="{typed}"', status_code=400)


# --- guessing codes ------------------------------------------------------------------------


def _unknown(n: int) -> str:
    return f"{n:0>4}".translate(str.maketrans("0123456789", "ABCDEFGHJK")) + "Z" * 22


def test_a_connection_that_tries_many_unknown_codes_is_stopped(
    client: Client, certification: Certification
):
    for n in range(30):
        assert page_of(client, _unknown(n)).status_code == 404
    # Past the limit even a real code is refused, so the answer tells a guesser nothing.
    response = page_of(client, certification.verification_code)
    assert response.status_code == 429
    assertContains(response, "looked up too many codes", status_code=429)
    assertNotContains(response, "Rosa", status_code=429)
    assert int(response["Retry-After"]) > 0
    typed = certification.verification_code.lower()
    response = client.post(reverse("certification:verify_form"), {"code": typed})
    assert response.status_code == 429
    assertContains(response, "Too many look-ups from this connection.", status_code=429)
    assertContains(response, f'value="{typed}"', status_code=429)
    # Another connection is not held up.
    assert (
        client.get(
            reverse("certification:verify", args=[certification.verification_code]),
            REMOTE_ADDR="192.0.2.7",
        ).status_code
        == 200
    )


def test_looking_up_real_codes_is_not_held_up(client: Client, certification: Certification):
    for _ in range(35):
        assert page_of(client, certification.verification_code).status_code == 200
