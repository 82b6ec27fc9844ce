"""Only institute staff reach the workspace: every other role gets 404 on every staff URL,
for reading and for writing, and nothing changes; anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.content import models, urls_staff
from threecircles.tests.matrix import our_routes


@pytest.fixture
def records(ivy):
    article = models.Article.objects.create(title="A", slug="a", summary="S", body="B")
    article.authors.set([ivy])
    models.ArticleRevision.objects.create(
        article=article, number=1, title="A", summary="S", body="B", saved_by=ivy
    )
    statement = models.PositionStatement.objects.create(title="P", slug="p")
    models.PositionVersion.objects.create(statement=statement, number=1, summary="S", body="B")
    return {
        "article_id": article.pk,
        "revision": 1,
        "testimonial_id": models.Testimonial.objects.create(
            author_name="T", text="T", consent_text="C", consent_recorded_at=timezone.now()
        ).pk,
        "statement_id": statement.pk,
        "version": 1,
        "faq_id": models.FAQEntry.objects.create(group="G", question="Q", answer="A").pk,
        "page_id": models.Page.objects.create(section="about", slug="p", title="P", body="B").pk,
    }


def staff_urls(records):
    """The staff home and every URL of the workspace, from the resolver."""
    routes = [r for r in our_routes() if r.module == "threecircles.content.views_staff"]
    assert len(routes) == len(urls_staff.urlpatterns) > 0, "the workspace's URLs were not found"
    return ["/institute/staff/"] + [
        reverse(route.name, kwargs={key: records[key] for key in route.kwargs}) for route in routes
    ]


def _state():
    return [
        list(model.objects.order_by("pk").values())
        for model in (
            models.Article,
            models.ArticleRevision,
            models.Testimonial,
            models.PositionStatement,
            models.PositionVersion,
            models.FAQEntry,
            models.Page,
            models.Category,
            models.Tag,
        )
    ]


@pytest.mark.parametrize(
    "role", [Role.CLIENT, Role.CLINICIAN, Role.SUPERVISOR, Role.SUPPORTER, Role.ADMIN]
)
def test_every_other_role_gets_404_on_every_staff_url(role, records, signed_in):
    person = make_user("Other", role, **({"is_staff": True} if role == Role.ADMIN else {}))
    browser = signed_in(person)
    before = _state()
    for url in staff_urls(records):
        assert browser.get(url).status_code in (404, 405), url
        # A full, valid-looking form changes nothing either.
        data = {"title": "X", "summary": "X", "body": "X", "decision": "publish", "action": "save"}
        assert browser.post(url, data).status_code == 404, url
    assert _state() == before


def test_anonymous_visitors_are_sent_to_sign_in(records, client):
    for url in staff_urls(records):
        if client.get(url).status_code == 405:
            continue  # writes only: refused before anything else
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
        assert client.post(url, {"decision": "publish"}).status_code == 302, url


def test_institute_staff_open_every_staff_page(records, ivy, signed_in):
    browser = signed_in(ivy)
    for url in staff_urls(records):
        assert browser.get(url).status_code in (200, 405), url
