"""Consent first: before any question a client may be reluctant to answer (behaviors, the
safety and legal screen), they read what stays confidential and what may have to be reported.
Whoever sent the questionnaire, and whoever fills it in."""

import pytest

from threecircles.screening import actions
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import Administration
from threecircles.tests.html import find_all, page_tree, text_of

CONSENT = "intake_consent"


def answer_url(administration: Administration) -> str:
    return f"/screening/answer/{administration.pk}/"


def all_yes(code: str) -> dict[str, str]:
    return {item.id: "1" for item in get_pack(code).items} | {"submit": ""}


@pytest.mark.parametrize("code", ["offending_screen", "behavior_inventory"])
def test_a_client_sent_the_screen_alone_cannot_open_it_before_consent(code, alice, bob, signed_in):
    screen = actions.send_instrument(client=alice, instrument=code, sent_by=bob)
    browser = signed_in(alice)

    page = browser.get(answer_url(screen), follow=True)
    assert page.request["PATH_INFO"] == "/screening/mine/"
    assert "Please read and answer the consent questions first." in page.text
    # Posting answers straight to it changes nothing either.
    browser.post(answer_url(screen), all_yes(code))
    screen.refresh_from_db()
    assert screen.status == Administration.Status.SENT
    assert screen.answers == [None] * len(get_pack(code).items)

    # The consent questions were sent with it, and come first on her list.
    [consent] = Administration.objects.for_client(alice.pk).filter(instrument=CONSENT)
    page = page_tree(browser.get("/screening/mine/"))
    [section] = find_all(page, "section", attrs={"aria-labelledby": "open-title"})
    to_answer = [text_of(li) for li in find_all(section, "li")]
    assert to_answer[0] == get_pack(CONSENT).title
    assert to_answer[1] == f"{get_pack(code).title} (after the consent questions)"

    browser.post(answer_url(consent), all_yes(CONSENT))
    assert browser.get(answer_url(screen)).status_code == 200


def test_her_clinician_cannot_enter_it_in_session_before_consent(alice, bob, signed_in):
    screen = actions.send_instrument(
        client=alice, instrument="offending_screen", sent_by=bob, in_session=True
    )
    page = signed_in(bob).get(answer_url(screen), follow=True)
    assert page.request["PATH_INFO"] == f"/screening/clients/{alice.pk}/"
    assert "Alice has not answered the consent questions yet." in page.text


def test_the_actions_refuse_answers_before_consent(alice, bob):
    screen = actions.send_instrument(client=alice, instrument="offending_screen", sent_by=bob)
    answers: list[int | None] = [0] * len(get_pack("offending_screen").items)
    with pytest.raises(actions.ScreeningError, match="consent questions come first"):
        actions.complete_administration(administration=screen, answers=answers, actor=alice)
    with pytest.raises(actions.ScreeningError):
        actions.save_progress(administration=screen, answers=answers, actor=alice)


def test_consent_is_sent_once_even_with_two_screens(alice, bob):
    actions.send_instrument(client=alice, instrument="offending_screen", sent_by=bob)
    actions.send_instrument(client=alice, instrument="behavior_inventory", sent_by=bob)
    consents = Administration.objects.for_client(alice.pk).filter(instrument=CONSENT)
    assert consents.count() == 1


def test_a_questionnaire_that_needs_no_consent_opens_at_once(alice, bob, signed_in):
    phq9 = actions.send_instrument(client=alice, instrument="phq9", sent_by=bob)
    assert signed_in(alice).get(answer_url(phq9)).status_code == 200
    assert not Administration.objects.for_client(alice.pk).filter(instrument=CONSENT).exists()


def test_which_packs_need_consent_is_in_the_packs():
    assert get_pack("offending_screen").requires_consent
    assert get_pack("behavior_inventory").requires_consent
    assert not get_pack("phq9").requires_consent
    assert not get_pack(CONSENT).requires_consent


def test_consent_that_asks_to_talk_first_does_not_open_the_screen(alice, bob, signed_in):
    """ "I'd like to talk about this first" is not consent: the screen stays closed until the
    clinician has gone through it and the consent is entered again, in session."""
    screen = actions.send_instrument(client=alice, instrument="offending_screen", sent_by=bob)
    [consent] = Administration.objects.for_client(alice.pk).filter(instrument=CONSENT)
    answers = all_yes(CONSENT) | {"duty_to_warn": "0"}
    browser = signed_in(alice)
    browser.post(answer_url(consent), answers)

    page = browser.get(answer_url(screen), follow=True)
    assert "You asked to talk about some of the privacy statements first." in page.text
    clinicians = signed_in(bob).get(f"/screening/clients/{alice.pk}/")
    assert "Alice asked to talk about some of the privacy statements" in clinicians.text

    again = actions.send_instrument(client=alice, instrument=CONSENT, sent_by=bob, in_session=True)
    signed_in(bob).post(answer_url(again), all_yes(CONSENT))
    assert browser.get(answer_url(screen)).status_code == 200


def test_consent_to_an_older_wording_is_asked_again(alice, bob, monkeypatch):
    from dataclasses import replace

    from threecircles.screening import instruments

    consent = actions.send_instrument(client=alice, instrument=CONSENT, sent_by=bob)
    actions.complete_administration(
        administration=consent, answers=[1] * len(get_pack(CONSENT).items), actor=alice
    )
    assert actions.consent_on_record(alice)
    newer = replace(get_pack(CONSENT), version="2")
    real_get_pack = instruments.get_pack
    monkeypatch.setattr(
        actions, "get_pack", lambda code: newer if code == CONSENT else real_get_pack(code)
    )
    assert not actions.consent_on_record(alice)
