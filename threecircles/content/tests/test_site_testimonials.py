"""Testimonials: only published ones show; a professional shares one with recorded consent,
it waits for staff; programs filling the hidden field save nothing; one address shares at
most five an hour."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from threecircles.content import models, views_site
from threecircles.content.forms_site import CONSENT_TEXT
from threecircles.tests.html import find_all, page_tree, text_of

NOW = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=datetime.UTC)
SHARE = "/testimonials/share/"
HOSTILE = (
    '<script>alert("x")</script> <img src=x onerror="alert(1)"> '
    '<a href="javascript:alert(2)">see</a> javascript:alert(3)'
)


def _form(**changes: str) -> dict[str, str]:
    return {
        "author_name": "Dr Rosa Lind",
        "author_role": "Licensed therapist",
        "text": "The training gave me words for slips that do not shame.",
        "contact": "rosa@example.net",
        "consent": "on",
        "website": "",
    } | changes


def _testimonial(status: str, text: str, name: str = "Jo Park") -> models.Testimonial:
    return models.Testimonial.objects.create(
        author_name=name, author_role="Counselor", text=text, consent_text=CONSENT_TEXT,
        consent_recorded_at=NOW, status=status,
    )  # fmt: skip


def _main(page, status: int = 200):
    [main] = list(find_all(page_tree(page, status), "main"))
    return main


@pytest.fixture(params=["anonymous", "carol"])
def visitor(request, db, signed_in) -> Client:
    if request.param == "anonymous":
        return Client()
    browser: Client = signed_in(request.getfixturevalue(request.param))
    return browser


def test_only_published_testimonials_show_with_their_authors(visitor):
    _testimonial(models.Testimonial.Status.PUBLISHED, "Clear and kind teaching.", "Jo Park")
    _testimonial(models.Testimonial.Status.PENDING, "Waiting words.", "Pending Person")
    _testimonial(models.Testimonial.Status.DECLINED, "Declined words.", "Declined Person")
    main = _main(visitor.get(reverse("content:testimonials")))
    [figure] = list(find_all(main, "figure"))
    assert text_of(next(find_all(figure, "blockquote"))) == "Clear and kind teaching."
    assert text_of(next(find_all(figure, "figcaption"))) == "Jo Park , Counselor"
    text = text_of(main)
    assert "Waiting words." not in text
    assert "Declined words." not in text
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(main, "a")}
    assert links["Share your experience"] == SHARE


def test_a_testimonials_script_handler_and_javascript_link_show_as_text(visitor):
    _testimonial(models.Testimonial.Status.PUBLISHED, HOSTILE, name='<b onmouseover="x()">Jo</b>')
    page = visitor.get(reverse("content:testimonials"))
    main = _main(page)
    [quote] = list(find_all(main, "blockquote"))
    # Shown as the words they are, and nothing of it is markup.
    assert text_of(quote) == HOSTILE
    assert [child.name for child in find_all(quote, "p")] == ["p"]
    assert len(list(find_all(quote, "a"))) == 0
    assert list(find_all(main, "script")) == list(find_all(main, "img")) == []
    assert list(find_all(main, "b")) == []
    body = page.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert 'onerror="alert(1)"' not in body
    assert 'href="javascript:' not in body


def test_the_share_form_asks_for_consent_in_the_words_that_are_saved(visitor):
    main = _main(visitor.get(SHARE))
    labels = {text_of(label) for label in find_all(main, "label")}
    assert CONSENT_TEXT in labels
    assert "Your e-mail address (optional):" in labels
    [consent] = list(find_all(main, "input", attrs={"name": "consent"}))
    assert ("required", None) in consent.attributes


@time_machine.travel(NOW, tick=False)
def test_a_shared_testimonial_waits_for_staff_with_its_consent_and_sealed_contact(visitor):
    response = visitor.post(SHARE, _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("content:testimonials")
    [saved] = models.Testimonial.objects.all()
    assert saved.status == models.Testimonial.Status.PENDING
    assert (saved.author_name, saved.author_role) == ("Dr Rosa Lind", "Licensed therapist")
    assert saved.text == "The training gave me words for slips that do not shame."
    assert saved.consent_text == CONSENT_TEXT
    assert saved.consent_recorded_at == NOW
    assert saved.contact == "rosa@example.net"
    assert "rosa@example.net" not in saved.contact_sealed

    # The thank-you says staff read it first, and it is not shown yet.
    main = _main(visitor.get(response["Location"]))
    [message] = [text_of(p) for p in find_all(main, "p", "message")]
    assert message == (
        "Thank you. Staff will read what you wrote before it appears here; "
        "it is not shown until then."
    )
    assert "words for slips" not in text_of(main)


def test_without_consent_nothing_is_saved_and_what_was_typed_stays(visitor):
    response = visitor.post(SHARE, _form(consent=""))
    main = _main(response, 400)
    assert models.Testimonial.objects.count() == 0
    errors = [text_of(e) for e in find_all(main, "ul", "errorlist")]
    assert errors == ["Please tick the box to agree. Without it, we cannot publish what you wrote."]
    [text] = list(find_all(main, "textarea", attrs={"name": "text"}))
    assert text_of(text) == "The training gave me words for slips that do not shame."
    [name] = list(find_all(main, "input", attrs={"name": "author_name"}))
    assert dict(name.attributes)["value"] == "Dr Rosa Lind"


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"text": "x" * 2001}, "Ensure this value has at most 2000 characters (it has 2001)."),
        ({"text": "   "}, "Please write what you would like to say."),
        ({"author_name": ""}, "Please enter your name."),
        ({"contact": "not an address"}, "Enter a valid email address."),
    ],
)
def test_a_testimonial_too_long_empty_or_with_a_wrong_address_is_turned_back(
    visitor, changes, error
):
    main = _main(visitor.post(SHARE, _form(**changes)), 400)
    assert models.Testimonial.objects.count() == 0
    assert [text_of(e) for e in find_all(main, "ul", "errorlist")] == [error]


def test_hostile_text_typed_into_the_form_comes_back_escaped(visitor):
    page = visitor.post(SHARE, _form(text=HOSTILE, consent=""))
    main = _main(page, 400)
    [text] = list(find_all(main, "textarea", attrs={"name": "text"}))
    assert text_of(text) == HOSTILE
    assert list(find_all(main, "script")) == list(find_all(main, "img")) == []


def test_a_filled_hidden_field_saves_nothing_and_looks_like_success(visitor):
    response = visitor.post(SHARE, _form(website="https://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("content:testimonials")
    assert models.Testimonial.objects.count() == 0


def test_one_address_shares_five_an_hour_then_waits_with_what_it_wrote(db):
    visitor = Client(REMOTE_ADDR="203.0.113.7")
    with time_machine.travel(NOW, tick=False) as traveller:
        for _ in range(views_site.SHARES_PER_HOUR):
            assert visitor.post(SHARE, _form()).status_code == 302
        traveller.shift(datetime.timedelta(minutes=20))
        refused = visitor.post(SHARE, _form(text="A sixth one."))
        assert refused.status_code == 429
        assert refused["Retry-After"] == str(40 * 60)
        main = _main(refused, 429)
        assert "Too many testimonials from this connection." in text_of(main)
        assert "Please wait about 40 minutes" in text_of(main)
        [text] = list(find_all(main, "textarea", attrs={"name": "text"}))
        assert text_of(text) == "A sixth one."
        assert models.Testimonial.objects.count() == views_site.SHARES_PER_HOUR

        # Another address is not held up; the first may share again once the hour has passed.
        assert Client(REMOTE_ADDR="203.0.113.8").post(SHARE, _form()).status_code == 302
        traveller.shift(datetime.timedelta(minutes=41))
        assert visitor.post(SHARE, _form(text="A sixth one.")).status_code == 302
    assert models.Testimonial.objects.filter(text="A sixth one.").count() == 1


def test_programs_filling_the_hidden_field_are_held_to_the_same_limit(db):
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(views_site.SHARES_PER_HOUR):
        visitor.post(SHARE, _form(website="spam"))
    assert visitor.post(SHARE, _form()).status_code == 429
    assert models.Testimonial.objects.count() == 0
