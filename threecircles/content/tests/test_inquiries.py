"""A visitor writes to the institute, from the contact or the media form: what they are told,
what is kept (sealed, tied to no account), and how programs are kept out without a
third-party service (a hidden field, a signed time stamp, a limit per address)."""

import time
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from threecircles.content.forms_inquiries import NOT_CHECKED, TOO_FAST, started_stamp
from threecircles.content.models import Inquiry
from threecircles.content.views_inquiries import SENDS_PER_HOUR
from threecircles.tests.html import find_all, page_tree, text_of

MESSAGE = "When does the next introductory training start? Marker-7Q2."
CONTACT = reverse("content:contact")
MEDIA = reverse("content:media_inquiry")
SENT = reverse("content:inquiry_sent")


def _main(page: Any, status: int = 200) -> Any:
    [main] = list(find_all(page_tree(page, status), "main"))
    return main


def _stamp(page: Any) -> str:
    [stamp] = list(find_all(page_tree(page), "input", attrs={"name": "started"}))
    return str(dict(stamp.attributes)["value"])


def _typed(**extra: str) -> dict[str, str]:
    return {
        "name": "Jordan Reyes",
        "email": "jordan@example.org",
        "organization": "",
        "subject": "Training dates",
        "message": MESSAGE,
    } | extra


def _send(browser: Client, url: str = CONTACT, *, wait: float = 10, **extra: str) -> Any:
    """Open the form, take `wait` seconds to write, and send it."""
    stamp = _stamp(browser.get(url))
    with time_machine.travel(time.time() + wait):
        return browser.post(url, _typed(started=stamp, **extra))


def _field_value(page: Any, name: str, status: int) -> str:
    main = _main(page, status)
    for tag in ("input", "textarea"):
        for element in find_all(main, tag, attrs={"name": name}):
            if tag == "textarea":
                return text_of(element)
            return str(dict(element.attributes).get("value", ""))
    raise AssertionError(f"no field {name}")


def _raw_message(inquiry: Inquiry) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT message_sealed FROM content_inquiry WHERE id = %s", [inquiry.pk])
        return str(cursor.fetchone()[0])


# --- what the pages say ---------------------------------------------------------------------


@pytest.mark.parametrize("url", [CONTACT, MEDIA])
def test_the_forms_say_they_are_not_for_emergencies_clinical_questions_or_treatment(
    client, db, url
):
    main = _main(client.get(url))
    text = text_of(main)
    assert "This form is not for emergencies." in text
    assert "We cannot answer clinical questions" in text
    assert "Please do not tell us about anyone's treatment, including your own." in text
    assert "never linked to an account or to a client" in text
    crisis = {text_of(a): dict(a.attributes)["href"] for a in find_all(main, "a")}
    assert crisis["get crisis help now"] == reverse("content:crisis")


def test_the_hidden_field_is_hidden_from_people_and_screen_readers(client, db):
    main = _main(client.get(CONTACT))
    [trap] = list(find_all(main, "div", "inquiry-trap"))
    assert dict(trap.attributes)["aria-hidden"] == "true"
    [field] = list(find_all(trap, "input", attrs={"name": "website"}))
    assert dict(field.attributes)["tabindex"] == "-1"


def test_contact_is_among_the_public_links(client, db):
    [nav] = list(find_all(page_tree(client.get("/")), "nav", "site-nav"))
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(nav, "a")}
    assert links["Contact"] == CONTACT


# --- sending -----------------------------------------------------------------------------


def test_a_visitor_sends_a_contact_inquiry_kept_sealed_and_is_thanked(client, db):
    response = _send(client, organization="Riverside Counseling")
    assert (response.status_code, response["Location"]) == (302, SENT)

    inquiry = Inquiry.objects.get()
    assert (inquiry.kind, inquiry.status, inquiry.assignee) == ("contact", "new", None)
    assert (inquiry.name, inquiry.email, inquiry.organization, inquiry.subject) == (
        "Jordan Reyes", "jordan@example.org", "Riverside Counseling", "Training dates",
    )  # fmt: skip
    assert inquiry.message == MESSAGE
    raw = _raw_message(inquiry)
    assert raw and "Marker-7Q2" not in raw and "introductory" not in raw

    thanks = text_of(_main(client.get(SENT)))
    assert "Thank you for writing to us" in thanks
    assert "We answer within 5 working days, by e-mail." in thanks
    assert "This form is not for emergencies." in thanks


def test_a_journalist_sends_a_media_inquiry_naming_their_outlet(client, db):
    refused = _send(client, MEDIA)
    main = _main(refused, 400)
    assert "Please name the media outlet you work for." in text_of(main)
    assert _field_value(refused, "message", 400) == MESSAGE
    assert not Inquiry.objects.exists()

    response = _send(client, MEDIA, organization="The Evening Ledger")
    assert (response.status_code, response["Location"]) == (302, SENT)
    inquiry = Inquiry.objects.get()
    assert (inquiry.kind, inquiry.organization) == ("media", "The Evening Ledger")
    assert "Marker-7Q2" not in _raw_message(inquiry)


def test_a_signed_in_client_may_write_and_nothing_ties_it_to_their_account(signed_in, alice):
    assert _send(signed_in(alice)).status_code == 302
    inquiry = Inquiry.objects.get()
    # The inquiry keeps only what was typed: no field of it names an account.
    assert not [f for f in Inquiry._meta.concrete_fields if f.name not in {
        "id", "kind", "name", "email", "organization", "subject", "message_sealed", "status",
        "assignee", "received_at",
    }]  # fmt: skip
    assert inquiry.assignee is None and inquiry.email == "jordan@example.org"


def test_what_is_missing_is_said_and_what_was_typed_stays(client, db):
    response = _send(client, email="", name="")
    main = _main(response, 400)
    assert "Please enter your e-mail address, so we can answer." in text_of(main)
    assert "Please enter your name." in text_of(main)
    assert _field_value(response, "subject", 400) == "Training dates"
    assert _field_value(response, "message", 400) == MESSAGE
    assert not Inquiry.objects.exists()


def test_a_message_over_5000_characters_is_turned_back_whole(client, db):
    long = "a" * 5001
    response = _send(client, message=long)
    assert "Please shorten your message to 5,000 characters or fewer (it has 5001)." in text_of(
        _main(response, 400)
    )
    assert _field_value(response, "message", 400) == long
    assert not Inquiry.objects.exists()


# --- keeping programs out ---------------------------------------------------------------------


def test_a_program_filling_the_hidden_field_is_thanked_but_nothing_is_kept(client, db):
    response = _send(client, website="https://spam.example")
    assert (response.status_code, response["Location"]) == (302, SENT)
    assert not Inquiry.objects.exists()


def test_a_form_sent_too_fast_is_refused_with_the_text_kept_and_can_be_sent_again(client, db):
    response = _send(client, wait=1)
    main = _main(response, 400)
    assert TOO_FAST in text_of(main)
    assert _field_value(response, "message", 400) == MESSAGE
    assert not Inquiry.objects.exists()
    # The page keeps its stamp, which is old enough a moment later.
    stamp = _field_value(response, "started", 400)
    with time_machine.travel(time.time() + 10):
        again = client.post(CONTACT, _typed(started=stamp))
    assert again.status_code == 302
    assert Inquiry.objects.get().message == MESSAGE


def test_a_person_with_a_field_to_correct_is_told_only_that(client, db):
    response = _send(client, wait=1, email="")
    text = text_of(_main(response, 400))
    assert "Please enter your e-mail address, so we can answer." in text
    assert TOO_FAST not in text


@pytest.mark.parametrize(
    "stamp",
    [
        pytest.param(lambda: started_stamp("contact", at=time.time() - 2 * 24 * 3600), id="old"),
        pytest.param(
            lambda: started_stamp("contact", at=time.time() - 60)[:-2] + "xx", id="changed"
        ),
        pytest.param(lambda: f"{time.time() - 60:.3f}", id="unsigned"),
        pytest.param(lambda: started_stamp("media", at=time.time() - 60), id="other-form"),
        pytest.param(lambda: "", id="missing"),
    ],
)
def test_a_stamp_too_old_or_not_ours_is_refused_and_a_fresh_one_given(client, db, stamp):
    response = client.post(CONTACT, _typed(started=stamp()))
    main = _main(response, 400)
    assert NOT_CHECKED in text_of(main)
    assert _field_value(response, "message", 400) == MESSAGE
    assert not Inquiry.objects.exists()
    fresh = _field_value(response, "started", 400)
    with time_machine.travel(time.time() + 10):
        assert client.post(CONTACT, _typed(started=fresh)).status_code == 302
    assert Inquiry.objects.count() == 1


def test_an_address_may_send_five_an_hour_then_is_asked_to_wait(client, db):
    for _ in range(SENDS_PER_HOUR):
        assert _send(client).status_code == 302
    refused = _send(client, subject="One more")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 50 * 60
    main = _main(refused, 429)
    assert "Too many messages from this connection." in text_of(main)
    assert "Please wait about 60 minutes" in text_of(main)
    assert _field_value(refused, "message", 429) == MESSAGE
    assert _field_value(refused, "subject", 429) == "One more"
    assert Inquiry.objects.count() == SENDS_PER_HOUR

    # Another address is not held back; an hour later, this one may send again.
    assert _send(Client(REMOTE_ADDR="203.0.113.9")).status_code == 302
    with time_machine.travel(time.time() + 3600):
        assert _send(client).status_code == 302


def test_programs_count_against_the_limit_too(client, db):
    for _ in range(SENDS_PER_HOUR):
        _send(client, website="https://spam.example")
    assert _send(client).status_code == 429
    assert not Inquiry.objects.exists()


def test_behind_a_proxy_each_visitor_has_their_own_limit(db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    for _ in range(SENDS_PER_HOUR):
        assert _send(first).status_code == 302
    assert _send(first).status_code == 429
    assert _send(second).status_code == 302


def test_nothing_of_the_message_is_logged(client, db, caplog):
    caplog.set_level("DEBUG")
    _send(client)
    _send(client, wait=1)
    _send(client, message="x" * 5001 + "Marker-7Q2")
    assert Inquiry.objects.count() == 1
    assert "Marker-7Q2" not in caplog.text
