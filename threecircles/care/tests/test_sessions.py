from datetime import timedelta

from django.utils import timezone

from threecircles.care.models import Session
from threecircles.screening.models import Administration


def _book(browser, client_id, when, kind="individual"):
    return browser.post(
        f"/care/clients/{client_id}/",
        {
            "book": "1",
            "session-starts_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
            "session-minutes": "50",
            "session-kind": kind,
        },
        follow=True,
    )


def test_a_questionnaire_set_before_each_session_goes_out_when_a_session_is_booked(
    alice, bob, signed_in
):
    browser = signed_in(bob)
    page = browser.post(
        f"/screening/clients/{alice.pk}/",
        {"send": "1", "instrument": "gad7", "before_each_session": "on"},
        follow=True,
    )
    assert "will be sent before each session" in page.text
    assert not Administration.objects.exists()

    when = timezone.now() + timedelta(days=3)
    page = _book(browser, alice.pk, when)
    assert "Session booked." in page.text
    assert "Individual therapy".lower() in page.text.lower()
    sent = Administration.objects.get()
    assert (sent.instrument, sent.due_on) == ("gad7", timezone.localtime(when).date())

    # A second session while the first questionnaire is unanswered sends nothing more.
    _book(browser, alice.pk, when + timedelta(days=7))
    assert Administration.objects.count() == 1
    assert Session.objects.filter(client=alice).count() == 2


def test_a_session_in_the_past_is_refused_and_the_form_keeps_what_was_typed(alice, bob, signed_in):
    page = _book(signed_in(bob), alice.pk, timezone.now() - timedelta(days=1), kind="family")
    assert "Choose a time in the future." in page.text
    assert 'value="family" selected' in page.text
    assert not Session.objects.exists()


def test_the_client_sees_her_upcoming_sessions_but_cannot_book(alice, bob, signed_in):
    _book(signed_in(bob), alice.pk, timezone.now() + timedelta(days=2))
    page = signed_in(alice).get(f"/care/clients/{alice.pk}/")
    assert "with Bob" in page.text
    assert 'name="book"' not in page.text
    signed_in(alice).post(
        f"/care/clients/{alice.pk}/",
        {
            "book": "1",
            "session-starts_at": "2030-01-01T10:00",
            "session-minutes": "50",
            "session-kind": "individual",
        },
    )
    assert Session.objects.count() == 1
