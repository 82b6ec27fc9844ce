from threecircles.screening import actions


def test_the_client_home_says_when_questionnaires_are_waiting(alice, bob, signed_in):
    assert "Your care team sent you" not in signed_in(alice).get("/me/").text
    actions.send_instrument(client=alice, instrument="gad7", sent_by=bob)
    page = signed_in(alice).get("/me/")
    assert "Your care team sent you 1 questionnaire." in " ".join(page.text.split())


def test_the_client_home_shows_her_care_team_and_supporters(alice, carol, signed_in):
    page = " ".join(signed_in(alice).get("/me/").text.split())
    assert "Welcome, Alice" in page
    assert "Bob (Primary clinician)" in page
    assert "Carol (Sponsor)" in page
    assert "Crisis help" in page
