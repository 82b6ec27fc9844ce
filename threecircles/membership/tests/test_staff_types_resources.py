"""Staff keep the member types (fee, currency, open for applications) and the resources
members read (Markdown, previewed before saving). Hostile text in a resource or a type is
shown as text; in a resource's body the sanitizer drops script, event handlers and
javascript: links."""

import datetime

import pytest
from django.test.html import Element
from django.urls import reverse
from django.utils import timezone

from threecircles.membership.models import MemberResource, MemberType
from threecircles.membership.tests.access_staff import make_type
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
SCRIPT = '<script>alert("xss-script")</script>'
ONERROR = "<img src=x onerror=\"alert('xss-onerror')\">"
LINK = "<a href=\"javascript:alert('xss-link')\">raw</a> [xss-md-link](javascript:alert(1))"
BODY = f"## Ethics\n\nBefore {SCRIPT}\n\n{ONERROR}\n\n{LINK}\n\n[Code](https://example.org/code)"
NEW_TYPE = "/institute/staff/members/types/new/"
NEW_RESOURCE = "/institute/staff/members/resources/new/"


@pytest.fixture
def staff(ivy, signed_in):
    return signed_in(ivy)


def _type(**changes):
    return {
        "name": "Student",
        "slug": "student",
        "description": "For people in training.",
        "yearly_fee": "40.00",
        "currency": "usd",
        "open_for_applications": "on",
        "order": "2",
    } | changes


def _walk(element):
    for child in element.children:
        if isinstance(child, Element):
            yield child
            yield from _walk(child)


def assert_harmless(tree):
    for element in _walk(tree):
        attributes = dict(element.attributes)
        if element.name == "script":
            assert str(attributes.get("src", "")).startswith("/static/"), attributes
        for name, value in attributes.items():
            assert not name.lower().startswith("on"), (element.name, name, value)
            if name in ("href", "src", "action", "formaction"):
                assert not str(value).strip().lower().startswith("javascript:"), value


def test_staff_add_and_edit_a_member_type(staff):
    page = staff.post(NEW_TYPE, _type(), follow=True)
    assert "Member type Student saved." in page.text
    student = MemberType.objects.get(slug="student")
    assert (student.currency, str(student.yearly_fee), student.open_for_applications) == (
        "USD",
        "40.00",
        True,
    )
    assert "40.00 USD" in text_of(page_tree(page))
    edit = reverse("membership:staff_type_edit", args=[student.pk])
    staff.post(edit, _type(yearly_fee="45.00", open_for_applications=""))
    student.refresh_from_db()
    assert (str(student.yearly_fee), student.open_for_applications) == ("45.00", False)


def test_a_member_type_form_says_what_is_wrong_and_keeps_what_was_typed(staff):
    make_type("student", "Student")
    page = staff.post(NEW_TYPE, _type(name=f"Fellow {SCRIPT}", currency="EURO", yearly_fee=""))
    tree = page_tree(page, 400)
    text = text_of(tree)
    assert "Another member type already has this name: choose another." in text
    assert "Use the currency's three letters, for example USD." in text
    assert "Enter the yearly fee (0 for none)." in text
    [name] = find_all(tree, "input", attrs={"name": "name"})
    assert dict(name.attributes)["value"] == f"Fellow {SCRIPT}"
    assert_harmless(tree)
    assert MemberType.objects.count() == 1


def _resource(**changes):
    return {
        "title": "Code of ethics",
        "slug": "",
        "summary": "What members agree to.",
        "body": BODY,
        "link": "",
        "order": "0",
        "published": "on",
        "action": "save",
    } | changes


def test_the_preview_renders_markdown_without_anything_hostile_and_saves_nothing(staff):
    page = staff.post(NEW_RESOURCE, _resource(title=f"Ethics {SCRIPT}", action="preview"))
    tree = page_tree(page)
    [preview] = find_all(tree, "section", "staff-preview")
    assert [text_of(h) for h in find_all(preview, "h3")] == ["Ethics"]
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(preview, "a")}
    assert links == {"Code": "https://example.org/code"}
    assert not list(find_all(preview, "img"))
    assert not list(find_all(preview, "script"))
    # The hostile words are there, as text.
    assert 'Before <script>alert("xss-script")</script>' in text_of(preview)
    assert "xss-md-link" in text_of(preview)
    assert_harmless(tree)
    # What was typed is still in the form, to go on writing.
    [body] = find_all(tree, "textarea", attrs={"name": "body"})
    assert text_of(body).startswith("## Ethics")
    assert not MemberResource.objects.exists()


def test_staff_save_a_resource_and_its_change_time(staff):
    page = staff.post(NEW_RESOURCE, _resource(), follow=True)
    assert "Resource saved: Code of ethics." in page.text
    resource = MemberResource.objects.get()
    assert (resource.slug, resource.published, resource.body) == ("code-of-ethics", True, BODY)
    assert timezone.now() - resource.updated_at < datetime.timedelta(minutes=1)

    long_ago = timezone.now() - datetime.timedelta(days=400)
    MemberResource.objects.update(updated_at=long_ago)
    edit = reverse("membership:staff_resource_edit", args=[resource.pk])
    staff.post(edit, _resource(title="Code of ethics (2030)", slug="code-of-ethics"))
    resource.refresh_from_db()
    assert resource.title == "Code of ethics (2030)"
    assert timezone.now() - resource.updated_at < datetime.timedelta(minutes=1)
    # A second resource with the same title gets an address of its own.
    staff.post(NEW_RESOURCE, _resource(title="Code of ethics (2030)"))
    assert MemberResource.objects.filter(slug="code-of-ethics-2030").count() == 1


def test_a_resource_needs_text_or_a_link_and_an_address_of_its_own(staff):
    MemberResource.objects.create(title="Taken", slug="taken")
    page = staff.post(NEW_RESOURCE, _resource(body="", slug="taken"))
    text = text_of(page_tree(page, 400))
    assert "Write the resource's text, give a link, or both." in text
    assert "Another resource already has this address: choose another, or leave it empty." in text
    page = staff.post(NEW_RESOURCE, _resource(body="", link="javascript:alert(1)"))
    assert "Enter a valid URL." in text_of(page_tree(page, 400))
    page = staff.post(NEW_RESOURCE, _resource(body="", link="https://example.org/guide.pdf"))
    assert page.status_code == 302
    assert MemberResource.objects.get(slug="code-of-ethics").link == "https://example.org/guide.pdf"


def test_the_lists_show_hostile_titles_as_text(staff):
    make_type("fellow", f"Fellow {ONERROR}")
    MemberResource.objects.create(title=f"Guide {SCRIPT}", slug="guide")
    for url in ("/institute/staff/members/types/", "/institute/staff/members/resources/"):
        tree = page_tree(staff.get(url))
        assert_harmless(tree)
        assert "xss-" in text_of(tree)
