"""A clinician or supervisor who works at several practices chooses which one they act for:
the software never picks an arbitrary first one. And a questionnaire keeps the practice it was
sent for (whose licensed text it uses)."""

import pytest

from threecircles.accounts.models import PracticeMembership, Role
from threecircles.screening import actions
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import LicensedText, Provider
from threecircles.tests.html import find_all, page_tree


@pytest.fixture
def sam_at_both(sam, other_practice):
    PracticeMembership.objects.create(practice=other_practice, user=sam, role=Role.SUPERVISOR)
    return sam


def test_a_supervisor_of_two_practices_imports_for_the_one_chosen(
    sam_at_both, practice, other_practice, signed_in
):
    browser = signed_in(sam_at_both)
    page = browser.get(f"/screening/licensed-text/?practice={other_practice.pk}")
    options = [dict(o.attributes).get("value") for o in find_all(page_tree(page), "option")]
    assert str(practice.pk) in options and str(other_practice.pk) in options
    pack = get_pack("bps")
    browser.post(
        "/screening/licensed-text/",
        {
            "practice": str(other_practice.pk),
            "instrument": "bps",
            "license_holder": "Elsewhere Clinic",
            "item_text": "\n".join(f"Wording {i}" for i in range(len(pack.items))),
        },
    )
    [imported] = LicensedText.objects.all()
    assert imported.practice == other_practice


def test_a_supervisor_cannot_import_for_a_practice_they_do_not_supervise(
    sam, other_practice, practice, signed_in
):
    pack = get_pack("bps")
    signed_in(sam).post(
        "/screening/licensed-text/",
        {
            "practice": str(other_practice.pk),
            "instrument": "bps",
            "license_holder": "Someone",
            "item_text": "\n".join(f"Wording {i}" for i in range(len(pack.items))),
        },
    )
    assert [t.practice for t in LicensedText.objects.all()] == [practice]


def test_a_clinician_at_two_practices_chooses_the_directory(bob, other_practice, signed_in):
    PracticeMembership.objects.create(practice=other_practice, user=bob, role=Role.CLINICIAN)
    browser = signed_in(bob)
    browser.post(
        "/screening/providers/",
        {"practice": str(other_practice.pk), "name": "Lakeside Trauma Service", "kind": "trauma"},
    )
    assert Provider.objects.get(name="Lakeside Trauma Service").practice == other_practice


def test_a_clinician_cannot_add_to_another_practices_directory(bob, other_practice, signed_in):
    signed_in(bob).post(
        "/screening/providers/",
        {"practice": str(other_practice.pk), "name": "Not Mine", "kind": "other"},
    )
    assert not Provider.objects.filter(name="Not Mine").exists()


def test_a_questionnaire_keeps_the_practice_it_was_sent_for(alice, bob, practice):
    sent = actions.send_instrument(client=alice, instrument="phq9", sent_by=bob)
    assert sent.practice == practice
    intake = actions.start_intake(client=alice, started_by=bob, instruments=[])
    assert intake.practice == practice
