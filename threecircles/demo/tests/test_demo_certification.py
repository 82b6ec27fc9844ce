"""The demo's certification: `seed_demo` gives the institute its credentials, candidates at
three stages, two certified therapists in the directory (one renewing), one lapsed, and an
approved supervisor, and prints one active and one lapsed verification code that the public
verify page answers for."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from threecircles.certification import actions
from threecircles.certification.models import (
    ApprovedSupervisor,
    Candidacy,
    Certification,
    Credential,
    Renewal,
    Standing,
)


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def printed(db: None) -> str:
    return _seed()


def test_the_six_credentials_exist_with_the_csat_first(printed):
    assert list(Credential.objects.values_list("code", flat=True)) == [
        "CSAT", "ACSAT", "CPS", "CMAT", "CTT", "CSAT-S",
    ]  # fmt: skip
    csat = Credential.objects.get(code="CSAT")
    assert csat.ce_hours_required == 15 and csat.valid_years == 2
    assert csat.requirements.filter(kind="module").count() == 4


def test_three_candidates_at_three_stages_and_the_signed_in_one_sees_what_is_next(printed):
    states = dict(Candidacy.objects.values_list("person__email", "state"))
    assert states == {
        "morgan.ellis@example.org": "applicant",
        "candidate@demo.threecircles.test": "candidate",
        "harper.nguyen@example.org": "under_review",
    }
    avery = Candidacy.objects.get(person__email="candidate@demo.threecircles.test")
    next_step = actions.next_step(avery)
    assert next_step is not None and next_step.requirement.kind == "module"


def test_two_certified_therapists_one_renewing_and_one_lapsed(printed):
    standings = {c.holder_name: c.standing() for c in Certification.objects.all()}
    assert standings == {
        "Renee Castillo": Standing.ACTIVE,
        "Marcus Webb": Standing.ACTIVE,
        "Jordan Pike": Standing.LAPSED,
    }
    renewal = Renewal.objects.get()
    assert renewal.certification.holder_name == "Marcus Webb"
    assert renewal.ce_hours >= 15
    assert ApprovedSupervisor.objects.get().person.email == "sam@demo.threecircles.test"


def test_seed_demo_prints_an_active_and_a_lapsed_code_and_running_again_adds_nothing(printed):
    codes = re.search(r"active (\w{26}), lapsed (\w{26})", printed)
    assert codes is not None
    active, lapsed = codes.groups()
    assert Certification.objects.get(verification_code=active).standing() == Standing.ACTIVE
    assert Certification.objects.get(verification_code=lapsed).standing() == Standing.LAPSED
    counts = (Candidacy.objects.count(), Certification.objects.count(), Renewal.objects.count())

    again = _seed()

    assert f"active {active}, lapsed {lapsed}" in again
    assert counts == (
        Candidacy.objects.count(), Certification.objects.count(), Renewal.objects.count()
    )  # fmt: skip
