from threecircles.privacy.models import AccessEvent


def test_clinician_sees_their_clients_on_the_caseload(alice, bob, mallory, signed_in):
    page = signed_in(bob).get("/care/caseload/")
    assert page.status_code == 200
    assert "Alice" in page.text
    assert "Mallory" not in page.text


def test_opening_a_record_is_written_to_the_access_log(alice, bob, signed_in):
    page = signed_in(bob).get(f"/care/clients/{alice.pk}/")
    assert page.status_code == 200
    event = AccessEvent.objects.for_client(alice.pk).last()
    assert event is not None
    assert (event.actor_id, event.action, event.reason) == (bob.pk, "view", "Care team")


def test_mallory_gets_404_on_alices_record(alice, mallory, signed_in):
    assert signed_in(mallory).get(f"/care/clients/{alice.pk}/").status_code == 404


def test_clinical_facts_shown_on_the_caseload_are_logged_once_a_day(alice, bob, signed_in):
    from threecircles.privacy.access import CASELOAD_SUMMARY
    from threecircles.screening import actions

    phq9 = actions.send_instrument(client=alice, instrument="phq9", sent_by=bob)
    actions.complete_administration(
        administration=phq9, answers=[0, 0, 0, 0, 0, 0, 0, 0, 1], actor=alice
    )
    browser = signed_in(bob)
    assert "Urgent" in browser.get("/care/caseload/").text
    browser.get("/care/caseload/")
    logged = AccessEvent.objects.for_client(alice.pk).filter(what=CASELOAD_SUMMARY)
    assert [(e.actor_id, e.reason) for e in logged] == [(bob.pk, "Care team")]
    alice_sees = signed_in(alice).get("/privacy/my-record/access/").text
    assert "caseload summary" in alice_sees
