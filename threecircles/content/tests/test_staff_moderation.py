"""Staff moderate testimonials: each waiting one shows with its author's consent wording and
when it was recorded; publishing and declining record who decided and when; a published one
can be withdrawn."""

from datetime import UTC, datetime

import time_machine

from threecircles.content import models
from threecircles.tests.html import find_all, page_tree, text_of

QUEUE = "/institute/staff/testimonials/"
NOW = datetime(2030, 5, 6, 14, 0, tzinfo=UTC)


def _testimonial(**fields):
    values = {
        "author_name": "Jordan Lee",
        "author_role": "Marriage and family therapist",
        "text": "The training changed how I work with couples.",
        "consent_text": "I agree that the institute may publish this with my name and role.",
        "consent_recorded_at": datetime(2030, 5, 1, 9, 15, tzinfo=UTC),
    } | fields
    return models.Testimonial.objects.create(**values)


def _decide(browser, testimonial, decision):
    return browser.post(f"{QUEUE}{testimonial.pk}/decide/", {"decision": decision})


def _section(page, heading):
    return next(
        section
        for section in find_all(page_tree(page), "section")
        if text_of(next(find_all(section, "h2"))).startswith(heading)
    )


def test_the_queue_shows_the_text_author_role_and_recorded_consent(ivy, signed_in, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    _testimonial()
    _testimonial(author_name="Published Person", status=models.Testimonial.Status.PUBLISHED)
    waiting = text_of(_section(signed_in(ivy).get(QUEUE), "Waiting for moderation"))
    assert "Waiting for moderation (1)" in waiting
    for shown in (
        "Jordan Lee",
        "Marriage and family therapist",
        "The training changed how I work with couples.",
        "I agree that the institute may publish this with my name and role.",
        # Recorded at 09:15 UTC: 11:15 in the institute's time zone.
        "Consent recorded 1 May 2030, 11:15",
    ):
        assert shown in waiting
    assert "Published Person" not in waiting


@time_machine.travel(NOW, tick=False)
def test_publishing_records_who_and_when_and_it_can_be_withdrawn(ivy, signed_in):
    testimonial = _testimonial()
    browser = signed_in(ivy)
    page = _decide(browser, testimonial, "publish")
    assert page.status_code == 302
    testimonial.refresh_from_db()
    assert (testimonial.status, testimonial.moderated_by, testimonial.moderated_at) == (
        models.Testimonial.Status.PUBLISHED,
        ivy,
        NOW,
    )
    published = _section(browser.get(QUEUE), "Published")
    assert "Jordan Lee" in text_of(published)
    assert [text_of(b) for b in find_all(published, "button")] == ["Withdraw from the public site"]

    with time_machine.travel(NOW.replace(hour=15), tick=False):
        shown = _decide(browser, testimonial, "withdraw")
    assert shown.status_code == 302
    testimonial.refresh_from_db()
    assert testimonial.status == models.Testimonial.Status.DECLINED
    assert testimonial.moderated_at == NOW.replace(hour=15)
    assert "Jordan Lee" in text_of(_section(browser.get(QUEUE), "Declined or withdrawn"))


def test_declining_keeps_it_off_the_site_and_records_who(ivy, signed_in):
    testimonial = _testimonial()
    page = _decide(signed_in(ivy), testimonial, "decline")
    assert page.status_code == 302
    testimonial.refresh_from_db()
    assert (testimonial.status, testimonial.moderated_by) == (
        models.Testimonial.Status.DECLINED,
        ivy,
    )
    assert testimonial.moderated_at is not None


def test_a_decision_that_does_not_fit_is_refused_and_changes_nothing(ivy, signed_in):
    waiting = _testimonial()
    published = _testimonial(author_name="Sam Rivera", status=models.Testimonial.Status.PUBLISHED)
    browser = signed_in(ivy)
    for testimonial, decision, message in (
        (waiting, "withdraw", "cannot be withdrawn now"),
        (published, "decline", "cannot be declined now"),
        (published, "publish", "cannot be published now"),
        (waiting, "delete", "Select a valid choice."),
    ):
        page = _decide(browser, testimonial, decision)
        assert page.status_code == 400, decision
        assert message in page.text
    assert [t.status for t in models.Testimonial.objects.order_by("pk")] == ["pending", "published"]
    assert all(t.moderated_at is None for t in models.Testimonial.objects.all())
    assert browser.get(f"{QUEUE}{waiting.pk}/decide/").status_code == 405
    assert browser.post(f"{QUEUE}9999/decide/", {"decision": "publish"}).status_code == 404


def test_without_consent_wording_it_cannot_be_published(ivy, signed_in):
    testimonial = _testimonial(consent_text="  ")
    page = _decide(signed_in(ivy), testimonial, "publish")
    assert page.status_code == 400
    assert "No consent wording was recorded with it" in page.text
    testimonial.refresh_from_db()
    assert testimonial.status == models.Testimonial.Status.PENDING
