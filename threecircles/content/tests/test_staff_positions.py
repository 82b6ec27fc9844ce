"""Position statements: staff write a statement and its versions; publishing a version dates
it and locks it, so only a new version can say something else."""

from datetime import UTC, date, datetime

import time_machine

from threecircles.content.models import PositionStatement, PositionVersion
from threecircles.tests.html import find_all, page_tree, text_of

NEW = "/institute/staff/positions/new/"


def _statement_url(statement):
    return f"/institute/staff/positions/{statement.pk}/"


def _version_url(statement, number, action=""):
    return f"{_statement_url(statement)}versions/{number}/{action}"


def _new_version_url(statement):
    return f"{_statement_url(statement)}versions/new/"


def _statement_data(**fields):
    return {
        "title": "Sex addiction, sex offending and their treatment",
        "summary": "Compulsive sexual behavior and sexual offending are different things.",
        "body": "## Our position\n\nThey call for different assessment and care.",
        "references": "- Example reference, 2024.",
        "action": "save",
    } | fields


def _write_statement(browser, **fields):
    browser.post(NEW, _statement_data(**fields))
    return PositionStatement.objects.get()


def test_a_statement_starts_with_a_draft_first_version(ivy, signed_in):
    browser = signed_in(ivy)
    preview = browser.post(NEW, _statement_data(action="preview"))
    (section,) = find_all(page_tree(preview), "section", "staff-preview")
    assert "They call for different assessment and care." in text_of(section)
    assert "Example reference, 2024." in text_of(section)
    assert not PositionStatement.objects.exists()

    statement = _write_statement(browser)
    assert statement.slug == "sex-addiction-sex-offending-and-their-treatment"
    (version,) = statement.versions.all()
    assert (version.number, version.published_on, version.written_by) == (1, None, ivy)
    assert statement.current() is None
    page = text_of(page_tree(browser.get(_statement_url(statement))))
    assert "Not on the public site yet: no version is published." in page
    assert "Version 1 Draft" in page


def test_missing_text_is_said_and_what_was_typed_is_kept(ivy, signed_in):
    page = signed_in(ivy).post(NEW, _statement_data(summary="", title="Kept title 7c"))
    assert page.status_code == 400
    assert "Write the position in a sentence or two." in page.text
    (title,) = find_all(page_tree(page, 400), "input", attrs={"name": "title"})
    assert dict(title.attributes)["value"] == "Kept title 7c"
    assert not PositionStatement.objects.exists()


@time_machine.travel(datetime(2030, 1, 1, 2, 0, tzinfo=UTC), tick=False)
def test_publishing_dates_a_version_in_the_institutes_time_zone_and_locks_it(
    ivy, signed_in, settings
):
    # 2 a.m. on 1 January in UTC is still 31 December in Chicago.
    settings.TIME_ZONE = "America/Chicago"
    browser = signed_in(ivy)
    statement = _write_statement(browser)
    edited = browser.post(_version_url(statement, 1), _statement_data(summary="Sharper."))
    assert edited.status_code == 302

    published = browser.post(_version_url(statement, 1, "publish/"), follow=True)
    assert "Version 1 published. It can no longer be changed." in published.text
    version = statement.versions.get()
    assert (version.summary, version.published_on) == ("Sharper.", date(2029, 12, 31))
    assert statement.current() == version

    # Shown as it stands, with no form; a change sent anyway is refused.
    shown = browser.get(_version_url(statement, 1))
    assert shown.status_code == 200
    assert not list(find_all(page_tree(shown), "textarea"))
    assert "A published version can no longer be changed" in shown.text
    refused = browser.post(_version_url(statement, 1), _statement_data(summary="Changed later."))
    assert refused.status_code == 409
    again = browser.post(_version_url(statement, 1, "publish/"), follow=True)
    assert "Version 1 was published on 31 December 2029." in again.text
    version.refresh_from_db()
    assert (version.summary, version.published_on) == ("Sharper.", date(2029, 12, 31))


def test_a_new_version_starts_from_the_newest_text_and_says_what_changed(ivy, signed_in):
    browser = signed_in(ivy)
    statement = _write_statement(browser)
    browser.post(_version_url(statement, 1, "publish/"))
    form = browser.get(_new_version_url(statement))
    (summary,) = find_all(page_tree(form), "textarea", attrs={"name": "summary"})
    assert text_of(summary) == _statement_data()["summary"]

    missing = browser.post(_new_version_url(statement), _statement_data(what_changed=""))
    assert missing.status_code == 400
    assert "Say what changed since the version before." in missing.text
    saved = browser.post(
        _new_version_url(statement),
        _statement_data(body="Updated text.", what_changed="New research added."),
    )
    assert saved.status_code == 302
    assert list(statement.versions.values_list("number", "published_on", "what_changed")) == [
        (2, None, "New research added."),
        (1, statement.versions.get(number=1).published_on, ""),
    ]
    # The public statement stays at version 1 until version 2 is published.
    assert statement.current() == statement.versions.get(number=1)
    listing = browser.get(_statement_url(statement))
    buttons = [text_of(b) for b in find_all(page_tree(listing), "button")]
    assert buttons == ["Sign out", "Publish version 2"]


def test_an_older_draft_cannot_be_published_after_a_newer_version(ivy, signed_in):
    browser = signed_in(ivy)
    statement = _write_statement(browser)
    new = _new_version_url(statement)
    browser.post(new, _statement_data(what_changed="Second."))
    browser.post(_version_url(statement, 2, "publish/"))
    page = browser.post(_version_url(statement, 1, "publish/"), follow=True)
    assert "A later version is already published" in page.text
    assert PositionVersion.objects.get(statement=statement, number=1).published_on is None
    assert browser.get(_version_url(statement, 1, "publish/")).status_code == 405
    assert browser.get(_version_url(statement, 7)).status_code == 404


def test_the_address_of_a_statement_is_unique(ivy, signed_in):
    browser = signed_in(ivy)
    _write_statement(browser, slug="our-position")
    page = browser.post(NEW, _statement_data(title="Another", slug="our-position"))
    assert page.status_code == 400
    assert "Another statement already has this address." in page.text
    browser.post(NEW, _statement_data(title="Sex addiction, sex offending and their treatment"))
    assert PositionStatement.objects.filter(
        slug="sex-addiction-sex-offending-and-their-treatment"
    ).exists()
