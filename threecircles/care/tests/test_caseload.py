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
