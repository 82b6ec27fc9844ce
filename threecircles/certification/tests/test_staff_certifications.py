"""Staff look after certifications: found by name, address or number (the search never in the
address) and by standing; suspended, revoked or reinstated, each with a reason; renewals
approved (valid for the credential's years from the old expiry date) or returned with a
note."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.certification import actions
from threecircles.certification.models import (
    CECategory,
    CECredit,
    Certification,
    Decision,
    Renewal,
)
from threecircles.certification.tests.factories import certify, make_credential
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
LIST = "/institute/staff/certification/certifications/"
HOSTILE = '<script>alert("xss-script")</script><img src=x onerror="alert(2)">'
TODAY = timezone.localdate


@pytest.fixture
def staff(ivy, signed_in):
    return signed_in(ivy)


@pytest.fixture
def credential(db):
    return make_credential()


def _holder(credential, name: str, expires_in: int, **extra) -> Certification:
    person = make_user(name, Role.CLINICIAN, **extra)
    issued = TODAY() + datetime.timedelta(days=expires_in) - datetime.timedelta(days=730)
    return certify(person, credential, issued_on=issued)


def _messages(page) -> list[str]:
    return [text_of(p) for p in find_all(page_tree(page), "p", "message")]


def _listed(page) -> list[str]:
    return [text_of(tr).split(" ")[0] for tr in find_all(page_tree(page), "tr")][1:]


def _page(certification: Certification) -> str:
    return reverse("certification:staff_certification", args=[certification.pk])


def test_the_list_finds_by_name_or_number_in_a_post_and_filters_by_standing(staff, credential):
    lee = _holder(credential, "Lee", 300)
    _holder(credential, "Ona", 40)
    _holder(credential, "Pat", -10)
    _holder(credential, "Quin", -200)
    suspended = _holder(credential, "Rae", 300)
    actions.suspend(certification=suspended, by=suspended.person, reason="Board complaint")

    assert _listed(staff.get(LIST)) == ["Lee", "Ona", "Pat", "Quin", "Rae"]
    assert _listed(staff.post(LIST, {"q": "lee", "standing": ""})) == ["Lee"]
    assert _listed(staff.post(LIST, {"q": lee.number, "standing": ""})) == ["Lee"]
    assert _listed(staff.post(LIST, {"q": "", "standing": "active"})) == ["Lee", "Ona"]
    assert _listed(staff.get(LIST + "?standing=expiring")) == ["Ona"]
    assert _listed(staff.get(LIST + "?standing=grace")) == ["Pat"]
    assert _listed(staff.get(LIST + "?standing=lapsed")) == ["Quin"]
    assert _listed(staff.get(LIST + "?standing=suspended")) == ["Rae"]
    # A search typed into the address is not read: it belongs in the form.
    assert _listed(staff.get(LIST + "?q=Lee")) == ["Lee", "Ona", "Pat", "Quin", "Rae"]
    pat = Certification.objects.get(person__display_name="Pat")
    rows = [text_of(tr) for tr in find_all(page_tree(staff.get(LIST)), "tr")]
    expired = pat.expires_on
    assert rows[3] == (
        f"Pat {pat.number} CSAT Expired, in the renewal grace period {expired.day} {expired:%b %Y}"
    )


def test_the_page_shows_the_certification_and_hostile_names_stay_text(staff, credential):
    cert = _holder(credential, f"Ana {HOSTILE}", 300)
    page = staff.get(_page(cert))
    assert "<script>alert" not in page.content.decode()
    facts = text_of(next(find_all(page_tree(page), "dl", "staff-facts")))
    assert facts.startswith(f"Account Ana {HOSTILE} (")
    assert "Credential Certified Sex Addiction Therapist (CSAT) Standing Active" in facts
    assert f"CE hours approved this period 0.00 of {credential.ce_hours_required}" in facts
    heading = text_of(next(find_all(page_tree(page), "h1")))
    assert heading == f"Ana {HOSTILE}: {cert.number}"


def _status(staff, cert: Certification, action: str, reason: str):
    url = reverse(f"certification:staff_{action}", args=[cert.pk])
    return staff.post(url, {f"{action}-reason": reason}, follow=True)


def test_suspend_reinstate_and_revoke_each_need_a_reason(staff, credential):
    cert = _holder(credential, "Lee", 300)
    page = _status(staff, cert, "suspend", "")
    assert page.status_code == 400
    assert "Give the reason." in text_of(page_tree(page, 400))
    cert.refresh_from_db()
    assert cert.status == Certification.Status.VALID

    page = _status(staff, cert, "suspend", "Board complaint under review.")
    assert _messages(page) == [f"Certification {cert.number} is suspended."]
    assert "Standing Suspended" in text_of(next(find_all(page_tree(page), "dl", "staff-facts")))
    assert "Board complaint under review." in text_of(page_tree(page))

    page = _status(staff, cert, "reinstate", "Complaint dismissed.")
    assert _messages(page) == [f"Certification {cert.number} is reinstated."]
    cert.refresh_from_db()
    assert (cert.status, cert.status_reason) == ("valid", "Complaint dismissed.")

    page = _status(staff, cert, "revoke", "Licence revoked by the state board.")
    assert _messages(page) == [f"Certification {cert.number} is revoked."]
    page = _status(staff, cert, "reinstate", "Trying again")
    assert _messages(page) == ["A revoked certification cannot be reinstated."]
    cert.refresh_from_db()
    assert cert.status == Certification.Status.REVOKED
    # Nothing more to offer once revoked.
    assert not any("Revoke" in text_of(s) for s in find_all(page_tree(page), "summary"))


def test_a_lapsed_certification_is_reinstated_only_with_the_hours(staff, credential):
    cert = _holder(credential, "Quin", -200)
    page = _status(staff, cert, "reinstate", "Asked by e-mail.")
    assert _messages(page) == [
        "Reinstatement needs 15.00 approved CE hours in the last 2 years; 0.00 so far."
    ]


@pytest.fixture
def renewal(credential) -> Renewal:
    cert = _holder(credential, "Lee", 30)
    CECredit.objects.create(
        person=cert.person, source=CECredit.Source.EXTERNAL, title="Course",
        category=CECategory.CORE, hours=Decimal("15.00"), completed_on=TODAY(),
        decision=Decision.APPROVED,
    )  # fmt: skip
    return actions.submit_renewal(certification=cert, by=cert.person, typed_name="Lee")


def _renew(staff, renewal: Renewal, decision: str, note: str = ""):
    url = reverse("certification:staff_renewal_decide", args=[renewal.certification_id])
    data = {"renewal": renewal.pk, "decision": decision, "note": note}
    return staff.post(url, data, follow=True)


def test_an_approved_renewal_runs_two_years_from_the_old_expiry(staff, renewal):
    cert = renewal.certification
    old = cert.expires_on
    page = staff.get(_page(cert))
    assert "15.00 CE hours; ethics agreement signed as “Lee”" in text_of(page_tree(page))

    page = _renew(staff, renewal, "approve")
    cert.refresh_from_db()
    assert cert.expires_on == old.replace(year=old.year + 2)
    until = cert.expires_on
    assert _messages(page) == [f"Renewal approved: valid until {until.day} {until:%B %Y}."]
    page = _renew(staff, renewal, "approve")
    assert _messages(page) == ["This renewal has already been decided."]
    cert.refresh_from_db()
    assert cert.expires_on == old.replace(year=old.year + 2)


def test_a_renewal_is_returned_only_with_a_note(staff, renewal):
    page = _renew(staff, renewal, "return")
    assert "Say what the holder needs to do." in text_of(page_tree(page, 400))
    page = _renew(staff, renewal, "return", "The ethics course is from before this period.")
    assert _messages(page) == ["Renewal returned to Lee."]
    renewal.refresh_from_db()
    assert renewal.decision == Decision.RETURNED
    assert "The ethics course is from before this period." in text_of(page_tree(page))


def test_a_renewal_of_another_certification_is_not_found(staff, renewal, credential):
    other = _holder(credential, "Ona", 300)
    url = reverse("certification:staff_renewal_decide", args=[other.pk])
    response = staff.post(url, {"renewal": renewal.pk, "decision": "approve"})
    assert response.status_code == 404
    renewal.refresh_from_db()
    assert renewal.decision == Decision.WAITING


@pytest.mark.parametrize("name", ["bob", "eve", "mallory"])
def test_outsiders_get_404_and_change_nothing(name, request, signed_in, credential):
    cert = _holder(credential, "Lee", 300)
    browser = signed_in(request.getfixturevalue(name))
    assert browser.get(_page(cert)).status_code == 404
    assert browser.post(LIST, {"q": "Lee"}).status_code == 404
    assert _status(browser, cert, "revoke", "Because").status_code == 404
    cert.refresh_from_db()
    assert cert.status == Certification.Status.VALID
