"""Medication: the care team adds, follows and stops it; the client reads their own list."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from threecircles.care.medication import add_medication
from threecircles.care.models import Medication
from threecircles.privacy.models import AccessEvent, Action
from threecircles.tests.html import find_all, page_tree, text_of


def _add(browser, client, **fields):
    data = {
        "name": "Naltrexone",
        "dose": "50 mg",
        "schedule": "once a day in the morning",
        "started_on": timezone.localdate().isoformat(),
        "reason": "Reason marker 91c2: urges",
    } | fields
    return browser.post(f"/care/clients/{client.pk}/medication/new/", data, follow=True)


def _detail(medication):
    return f"/care/clients/{medication.client_id}/medication/{medication.pk}/"


def _medication(client, prescriber, **fields):
    values = {
        "name": "Sertraline",
        "dose": "50 mg",
        "schedule": "once a day",
        "prescriber": prescriber,
        "prescriber_name": "",
        "started_on": timezone.localdate() - timedelta(days=30),
        "reason": "Low mood",
    } | fields
    return add_medication(client=client, recorded_by=prescriber, **values)


def _card(page, heading):
    return next(
        card
        for tag in ("article", "section")
        for card in find_all(page_tree(page), tag, "card")
        if heading in text_of(card)
    )


def test_the_care_team_adds_a_medication_the_client_then_sees(alice, bob, signed_in):
    page = _add(signed_in(bob), alice, prescriber=str(bob.pk))
    assert "Medication added." in page.text
    medication = Medication.objects.get()
    assert (medication.prescriber, medication.recorded_by, medication.stopped_on) == (
        bob,
        bob,
        None,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM care_medication")
        (stored,) = cursor.fetchone()
    assert "marker 91c2" not in str(stored)
    assert AccessEvent.objects.filter(
        actor_id=bob.pk, action=Action.CREATE, what="medication", object_id=str(medication.pk)
    ).exists()

    mine = text_of(_card(signed_in(alice).get("/me/"), "My medication"))
    for shown in ("Naltrexone, 50 mg", "once a day in the morning", "Bob", "marker 91c2"):
        assert shown in mine


def test_a_prescriber_without_an_account_is_typed_in(alice, bob, signed_in):
    page = _add(signed_in(bob), alice, prescriber_name="Dr Rivera")
    assert "Medication added." in page.text
    medication = Medication.objects.get()
    assert (medication.prescriber, medication.prescriber_name) == (None, "Dr Rivera")
    assert "Prescriber Dr Rivera" in text_of(page_tree(page))


def test_the_prescriber_is_chosen_or_typed_not_neither_nor_both(alice, bob, signed_in):
    browser = signed_in(bob)
    page = _add(browser, alice, name="Kept name")
    assert page.status_code == 400
    assert "Choose the prescriber, or type their name below." in page.text
    assert 'value="Kept name"' in page.text
    page = _add(browser, alice, prescriber=str(bob.pk), prescriber_name="Dr Rivera")
    assert "Choose a prescriber or type a name, not both." in page.text
    assert not Medication.objects.exists()


def test_only_clinicians_of_the_clients_practice_can_be_chosen(alice, bob, eve, signed_in):
    page = _add(signed_in(bob), alice, prescriber=str(eve.pk))
    assert page.status_code == 400
    options = find_all(page_tree(page, 400), "option")
    assert [text_of(option) for option in options][1:] == ["Bob", "Sam"]


def test_adherence_notes_are_updated_encrypted_and_shown_to_the_client(alice, bob, signed_in):
    medication = _medication(alice, bob)
    browser = signed_in(bob)
    page = browser.post(
        _detail(medication), {"adherence": "1", "adherence_notes": "Adherence 4d1e: missed two"}
    )
    assert page.status_code == 302
    medication.refresh_from_db()
    assert medication.adherence_notes == "Adherence 4d1e: missed two"
    with connection.cursor() as cursor:
        cursor.execute("SELECT adherence_notes FROM care_medication")
        (stored,) = cursor.fetchone()
    assert "4d1e" not in str(stored)
    assert AccessEvent.objects.filter(
        action=Action.UPDATE, what="medication", object_id=str(medication.pk)
    ).exists()
    assert "Adherence 4d1e: missed two" in text_of(
        _card(signed_in(alice).get("/me/"), "My medication")
    )


def test_a_stop_date_before_the_start_is_refused_and_keeps_what_was_typed(alice, bob, signed_in):
    medication = _medication(alice, bob)
    before = (medication.started_on - timedelta(days=1)).isoformat()
    browser = signed_in(bob)
    page = browser.post(_detail(medication), {"stop": "1", "stopped_on": before})
    assert page.status_code == 400
    assert "The stop date cannot be before the start date" in page.text
    assert f'value="{before}"' in page.text
    medication.refresh_from_db()
    assert medication.stopped_on is None

    today = timezone.localdate()
    page = browser.post(_detail(medication), {"stop": "1", "stopped_on": today}, follow=True)
    assert "Medication stopped." in page.text
    medication.refresh_from_db()
    assert medication.stopped_on == today
    past = page_tree(page)
    headings = [text_of(h) for h in find_all(past, "h2")]
    assert headings == ["Current", "Past"]
    assert "Sertraline" in text_of(page_tree(page)).split("Past", 1)[1]


def test_the_client_sees_her_list_but_never_another_clients(alice, bob, mallory, eve, signed_in):
    _medication(alice, bob, name="Alice's medicine")
    _medication(mallory, eve, name="Mallory's medicine")
    browser = signed_in(alice)
    page = browser.get(f"/care/clients/{alice.pk}/medication/")
    assert "My medication" in page.text
    assert "Alice's medicine" in text_of(page_tree(page))
    assert "Mallory's medicine" not in page.text
    assert browser.get(f"/care/clients/{mallory.pk}/medication/").status_code == 404
    # Reading is all: no adding, no changing.
    assert browser.get(f"/care/clients/{alice.pk}/medication/new/").status_code == 404
    mine = Medication.objects.get(client=alice)
    assert browser.post(_detail(mine), {"adherence_notes": "x"}).status_code == 404


def test_outsiders_supporters_and_other_clinicians_get_404(
    alice, bob, eve, mallory, carol, ivy, signed_in
):
    medication = _medication(alice, bob)
    for person in (eve, mallory, carol, ivy):
        browser = signed_in(person)
        for url in (
            f"/care/clients/{alice.pk}/medication/",
            f"/care/clients/{alice.pk}/medication/new/",
            _detail(medication),
        ):
            assert browser.get(url).status_code == 404, (person, url)


def test_the_care_team_follows_each_medication_from_the_record_the_client_only_reads(
    alice, bob, signed_in
):
    medication = _medication(alice, bob)
    panel = _card(signed_in(bob).get(f"/care/clients/{alice.pk}/"), "Medication")
    links = [dict(a.attributes)["href"] for a in find_all(panel, "a")]
    assert _detail(medication) in links
    assert f"/care/clients/{alice.pk}/medication/new/" in links
    page = signed_in(alice).get(f"/care/clients/{alice.pk}/medication/")
    assert _detail(medication) not in page.text
