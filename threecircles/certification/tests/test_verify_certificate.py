"""The holder's certificate as a PDF: the name as printed, the credential, the number, the
dates, the verification code (in groups of four, to read off paper) and a QR code of the
address of its public page. Only the holder downloads it; a revoked certification has none."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.models import Certification
from threecircles.certification.tests.factories import certify, make_credential
from threecircles.certification.views_verify import certificate_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosa() -> User:
    return make_user("Rosa Marquez", Role.CLINICIAN)


@pytest.fixture
def certification(rosa: User) -> Certification:
    return certify(rosa, make_credential(), issued_on=datetime.date(2025, 3, 1))


def _url(certification: Certification) -> str:
    return reverse("certification:certificate_pdf", args=[certification.pk])


def test_the_certificate_says_who_what_when_and_how_to_check_it(
    settings, certification: Certification
):
    settings.SITE_URL = "https://institute.example.org"
    html = " ".join(certificate_html(certification).split())
    code = certification.verification_code
    for expected in (
        "Rosa Marquez",
        "Certified Sex Addiction Therapist (CSAT)",
        certification.number,
        "Issued on</dt> <dd>1 March 2025",
        "Valid through</dt> <dd>1 March 2027",
        " ".join(code[start : start + 4] for start in range(0, 26, 4)),
        f"https://institute.example.org/verify/{code}/",
        "https://institute.example.org/verify/",
        '<svg role="img" aria-label="QR code of the verification address"',
    ):
        assert expected in html, expected
    assert certification.person.email not in html


def test_the_holder_downloads_it_as_a_pdf_without_their_name_in_the_file_name(
    signed_in: Callable[[User], Client], rosa: User, certification: Certification
):
    response = signed_in(rosa).get(_url(certification))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="certificate-{certification.number.lower()}.pdf"'
    assert "rosa" not in disposition.lower()
    assert "no-store" in response["Cache-Control"]


def test_nobody_but_the_holder_downloads_it(
    client: Client, signed_in: Callable[[User], Client], certification: Certification, ivy: User
):
    assert (
        signed_in(make_user("Noor Haddad", Role.CLINICIAN)).get(_url(certification)).status_code
        == 404
    )
    assert signed_in(ivy).get(_url(certification)).status_code == 404
    response = client.get(_url(certification))
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


def test_a_revoked_certification_has_no_certificate(
    signed_in: Callable[[User], Client], rosa: User, certification: Certification, ivy: User
):
    actions.revoke(certification=certification, by=ivy, reason="Board decision")
    assert signed_in(rosa).get(_url(certification)).status_code == 404
