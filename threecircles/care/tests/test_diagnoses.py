"""Diagnoses: recorded by a clinician on the care team, from the ICD-11 6C72 checklist or by
code; never by the software; resolved and kept as history."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from threecircles.care.diagnoses import CHECKLIST, checklist_of
from threecircles.care.models import Diagnosis
from threecircles.privacy.models import AccessEvent, Action
from threecircles.screening.actions import complete_administration, send_instrument
from threecircles.tests.html import find_all, page_tree, text_of

# The nine requirements in the pack's order; the eighth (the moral-only exclusion) is met
# when the answer is "No".
ALL_MET = [1, 1, 1, 1, 1, 1, 1, 0, 1]


def _checklist(client, clinician, answers=ALL_MET):
    checklist = send_instrument(client=client, instrument=CHECKLIST, sent_by=clinician)
    complete_administration(administration=checklist, answers=answers, actor=clinician)
    return checklist


def _from_checklist(client, checklist):
    return f"/care/clients/{client.pk}/diagnoses/from-checklist/{checklist.pk}/"


def _table_rows(page):
    table = next(find_all(page_tree(page, page.status_code), "table"))
    return [[text_of(cell) for cell in find_all(tr, "td")] for tr in find_all(table, "tr")][1:]


def test_completing_the_checklist_records_no_diagnosis(alice, bob, signed_in):
    _checklist(alice, bob)
    page = signed_in(bob).get(f"/care/clients/{alice.pk}/diagnoses/new/")
    assert "Checklist completed on" in page.text
    assert not Diagnosis.objects.exists()


def test_the_checklist_page_shows_which_requirements_the_clinician_marked_met(
    alice, bob, signed_in
):
    # Distress entirely moral ("Yes") and not over an extended period ("No").
    checklist = _checklist(alice, bob, answers=[1, 1, 1, 1, 1, 0, 1, 1, 1])
    page = signed_in(bob).get(_from_checklist(alice, checklist))
    rows = _table_rows(page)
    assert len(rows) == 9
    assert [row[2] for row in rows] == ["Met"] * 5 + ["Not met", "Met", "Not met", "Met"]
    assert rows[7][1] == "Yes"
    assert "7 of 9 requirements marked as met" in page.text
    assert "6C72 Compulsive sexual behaviour disorder" in page.text
    assert not Diagnosis.objects.exists()


def test_a_confirmed_diagnosis_from_the_checklist_is_recorded_with_encrypted_evidence(
    alice, bob, signed_in
):
    checklist = _checklist(alice, bob)
    marker = "Evidence marker 7f3a: two years, lost job, many attempts to stop"
    browser = signed_in(bob)
    page = browser.post(
        _from_checklist(alice, checklist),
        {"confirm": "on", "diagnosed_on": timezone.localdate().isoformat(), "evidence": marker},
        follow=True,
    )
    assert "Diagnosis recorded." in page.text
    diagnosis = Diagnosis.objects.get()
    assert (diagnosis.code, diagnosis.title) == ("6C72", "Compulsive sexual behaviour disorder")
    assert (diagnosis.client, diagnosis.clinician, diagnosis.evidence) == (alice, bob, marker)
    assert checklist_of(diagnosis) == checklist
    # The record page shows it to the care team.
    panel = next(
        section
        for section in find_all(page_tree(page), "section", "card")
        if "Diagnoses" in text_of(section)
    )
    assert "6C72 Compulsive sexual behaviour disorder" in text_of(panel)
    assert marker in text_of(panel)
    # Only ciphertext in the table.
    with connection.cursor() as cursor:
        cursor.execute("SELECT evidence FROM care_diagnosis")
        (stored,) = cursor.fetchone()
    assert "marker 7f3a" not in str(stored)
    assert AccessEvent.objects.filter(
        client_id=alice.pk,
        actor_id=bob.pk,
        action=Action.CREATE,
        what="diagnoses",
        object_id=str(diagnosis.pk),
    ).exists()


def test_the_checklist_diagnosis_needs_evidence_and_confirmation_and_keeps_what_was_typed(
    alice, bob, signed_in
):
    checklist = _checklist(alice, bob)
    browser = signed_in(bob)
    page = browser.post(_from_checklist(alice, checklist), {"confirm": "on", "evidence": ""})
    assert page.status_code == 400
    assert "Write the evidence the diagnosis rests on." in page.text
    page = browser.post(_from_checklist(alice, checklist), {"evidence": "Kept evidence text"})
    assert page.status_code == 400
    assert "Tick the box to confirm the diagnosis is yours." in page.text
    textarea = next(find_all(page_tree(page, 400), "textarea", attrs={"name": "evidence"}))
    assert text_of(textarea) == "Kept evidence text"
    assert not Diagnosis.objects.exists()


def test_an_unfinished_checklist_or_another_clients_cannot_be_picked(
    alice, bob, mallory, eve, signed_in
):
    unfinished = send_instrument(client=alice, instrument=CHECKLIST, sent_by=bob)
    theirs = _checklist(mallory, eve)
    browser = signed_in(bob)
    assert browser.get(_from_checklist(alice, unfinished)).status_code == 404
    assert browser.get(_from_checklist(alice, theirs)).status_code == 404


@pytest.mark.parametrize("code", ["6C72", "6c72.0", "6A70", "QE21", " 6A70.Y "])
def test_a_diagnosis_by_a_well_shaped_code_is_recorded(code, alice, bob, signed_in):
    page = signed_in(bob).post(
        f"/care/clients/{alice.pk}/diagnoses/new/",
        {
            "code": code,
            "title": "A title",
            "diagnosed_on": timezone.localdate().isoformat(),
            "evidence": "Assessment",
        },
    )
    assert page.status_code == 302
    assert Diagnosis.objects.get().code == code.strip().upper()
    assert Diagnosis.objects.get().checklist_id is None


@pytest.mark.parametrize("code", ["F52.7", "6C7", "compulsive", "6C72.", "6C72.12345"])
def test_a_badly_shaped_code_is_refused_and_the_form_keeps_what_was_typed(
    code, alice, bob, signed_in
):
    page = signed_in(bob).post(
        f"/care/clients/{alice.pk}/diagnoses/new/",
        {"code": code, "title": "Kept title", "evidence": "Kept evidence"},
    )
    assert page.status_code == 400
    assert "Enter an ICD-11 code such as 6C72" in page.text
    tree = page_tree(page, 400)
    assert dict(next(find_all(tree, "input", attrs={"name": "title"})).attributes)["value"] == (
        "Kept title"
    )
    assert text_of(next(find_all(tree, "textarea", attrs={"name": "evidence"}))) == "Kept evidence"
    assert not Diagnosis.objects.exists()


def test_a_diagnosis_is_resolved_and_kept_as_history(alice, bob, signed_in):
    today = timezone.localdate()
    browser = signed_in(bob)
    browser.post(
        f"/care/clients/{alice.pk}/diagnoses/new/",
        {"code": "6A70", "title": "Depressive episode", "diagnosed_on": today, "evidence": "PHQ"},
    )
    diagnosis = Diagnosis.objects.get()
    url = f"/care/clients/{alice.pk}/diagnoses/{diagnosis.pk}/resolve/"
    yesterday = (today - timedelta(days=1)).isoformat()
    page = browser.post(url, {"resolved_on": yesterday})
    assert page.status_code == 400
    assert "Choose a date on or after the diagnosis" in page.text
    assert f'value="{yesterday}"' in page.text
    page = browser.post(url, {"resolved_on": today.isoformat()}, follow=True)
    assert "Diagnosis marked resolved." in page.text
    diagnosis.refresh_from_db()
    assert diagnosis.resolved_on == today
    panel = next(
        section
        for section in find_all(page_tree(page), "section", "card")
        if "Diagnoses" in text_of(section)
    )
    assert "Resolved 6A70 Depressive episode" in text_of(panel)
    assert AccessEvent.objects.filter(
        action=Action.UPDATE, what="diagnoses", object_id=str(diagnosis.pk)
    ).exists()


def test_the_client_other_clinicians_and_outsiders_get_404(
    alice, bob, eve, mallory, carol, ivy, signed_in
):
    checklist = _checklist(alice, bob)
    for person in (alice, eve, mallory, carol, ivy):
        browser = signed_in(person)
        assert browser.get(f"/care/clients/{alice.pk}/diagnoses/new/").status_code == 404
        assert browser.get(_from_checklist(alice, checklist)).status_code == 404
