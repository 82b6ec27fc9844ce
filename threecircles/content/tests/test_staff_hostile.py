"""Hostile input (a script tag, an onerror attribute, a javascript: link) typed into any staff
form, or sent in a testimonial, is shown as harmless text on every staff page and preview:
no script runs, no event handler is set, no link leads to javascript:."""

import pytest
from django.test.html import Element
from django.utils import timezone

from threecircles.content import models
from threecircles.tests.html import page_tree, text_of

SCRIPT = '<script>alert("xss-script")</script>'
ONERROR = "<img src=x onerror=\"alert('xss-onerror')\">"
LINK = (
    "<a href=\"javascript:alert('xss-link')\">xss-raw-link</a> [xss-md-link](javascript:alert(1))"
)
BODY = f"Before {SCRIPT}\n\n{ONERROR}\n\n{LINK}\n\n[fine](https://example.org)"
MARKERS = ("xss-script", "xss-onerror")


def _walk(element):
    for child in element.children:
        if isinstance(child, Element):
            yield child
            yield from _walk(child)


def assert_harmless(page, status=200):
    """Only our own script files load; no element carries an event handler or a javascript:
    address; the hostile text itself is there, as text."""
    tree = page_tree(page, status)
    for element in _walk(tree):
        attributes = dict(element.attributes)
        if element.name == "script":
            assert str(attributes.get("src", "")).startswith("/static/"), attributes
            assert not element.children, element
        for name, value in attributes.items():
            assert not name.lower().startswith("on"), (element.name, name, value)
            if name in ("href", "src", "action", "formaction"):
                assert not str(value).strip().lower().startswith("javascript:"), value
    shown = page.content.decode()
    # The marker is findable, so its being harmless above is not for want of it.
    assert any(marker in shown for marker in MARKERS), "no hostile text on the page"


@pytest.fixture
def hostile(ivy, signed_in):
    """Everything the workspace shows, written with hostile text through the staff forms."""
    browser = signed_in(ivy)
    article = {
        "title": f"Title {SCRIPT}",
        "summary": f"Summary {ONERROR}",
        "body": BODY,
        "authors": [str(ivy.pk)],
        "new_category": '<svg onload="alert(1)">',
        "tags": f"{ONERROR}, <b onmouseover=alert(1)>",
        "action": "draft",
    }
    assert browser.post("/institute/staff/articles/new/", article).status_code == 302
    saved = models.Article.objects.get()
    again = article | {"body": BODY + "\n\nA second line " + SCRIPT}
    assert browser.post(f"/institute/staff/articles/{saved.pk}/", again).status_code == 302
    models.Testimonial.objects.create(
        author_name=f"Name {SCRIPT}",
        author_role=ONERROR,
        text=BODY,
        consent_text=LINK,
        consent_recorded_at=timezone.now(),
    )
    statement = {
        "title": f"Statement {SCRIPT}",
        "summary": ONERROR,
        "body": BODY,
        "references": LINK,
        "what_changed": SCRIPT,
        "action": "save",
    }
    assert browser.post("/institute/staff/positions/new/", statement).status_code == 302
    position = models.PositionStatement.objects.get()
    versions = f"/institute/staff/positions/{position.pk}/versions/"
    assert browser.post(f"{versions}new/", statement).status_code == 302
    assert browser.post(f"{versions}1/publish/").status_code == 302
    faq = {"group": SCRIPT, "question": ONERROR, "answer": BODY, "order": "1", "action": "save"}
    assert browser.post("/institute/staff/faq/new/", faq).status_code == 302
    page = {"section": "about", "title": SCRIPT, "summary": ONERROR, "body": BODY, "order": "1"}
    assert browser.post("/institute/staff/pages/new/", page | {"action": "save"}).status_code == 302
    return {
        "browser": browser,
        "article": article,
        "statement": statement,
        "faq": faq,
        "page": page,
        "ids": {
            "article": saved.pk,
            "position": position.pk,
            "faq": models.FAQEntry.objects.get().pk,
            "page": models.Page.objects.get().pk,
        },
    }


def test_every_staff_page_shows_hostile_text_harmlessly(hostile):
    browser, ids = hostile["browser"], hostile["ids"]
    staff = "/institute/staff/"
    for url in (
        staff,
        f"{staff}articles/",
        f"{staff}articles/{ids['article']}/",
        f"{staff}articles/{ids['article']}/revisions/",
        f"{staff}testimonials/",
        f"{staff}positions/",
        f"{staff}positions/{ids['position']}/",
        f"{staff}positions/{ids['position']}/versions/1/",
        f"{staff}positions/{ids['position']}/versions/2/",
        f"{staff}positions/{ids['position']}/versions/new/",
        f"{staff}faq/",
        f"{staff}faq/{ids['faq']}/",
        f"{staff}pages/",
        f"{staff}pages/{ids['page']}/",
    ):
        assert_harmless(browser.get(url))


def test_previews_and_refused_forms_show_hostile_text_harmlessly(hostile):
    browser, ids = hostile["browser"], hostile["ids"]
    staff = "/institute/staff/"
    posts = (
        (f"{staff}articles/new/", hostile["article"]),
        (f"{staff}articles/{ids['article']}/", hostile["article"]),
        (f"{staff}positions/new/", hostile["statement"]),
        (f"{staff}positions/{ids['position']}/versions/2/", hostile["statement"]),
        (f"{staff}faq/new/", hostile["faq"]),
        (f"{staff}pages/{ids['page']}/", hostile["page"]),
    )
    for url, data in posts:
        preview = browser.post(url, data | {"action": "preview"})
        assert_harmless(preview, 400 if preview.status_code == 400 else 200)
        assert "Preview (not saved yet)" in text_of(page_tree(preview, preview.status_code))
        # Refused (a missing field): what was typed comes back, still harmless.
        refused = browser.post(url, data | {"summary": "", "answer": "", "body": ""})
        assert_harmless(refused, 400)


def test_moderation_messages_show_hostile_names_harmlessly(hostile):
    browser = hostile["browser"]
    testimonial = models.Testimonial.objects.get()
    page = browser.post(
        f"/institute/staff/testimonials/{testimonial.pk}/decide/",
        {"decision": "publish"},
        follow=True,
    )
    assert_harmless(page)
    assert f"Testimonial from Name {SCRIPT} published." in text_of(page_tree(page))
    refused = browser.post(
        f"/institute/staff/testimonials/{testimonial.pk}/decide/", {"decision": "decline"}
    )
    assert_harmless(refused, 400)
