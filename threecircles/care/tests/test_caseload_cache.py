"""The caseload is kept between changes (lib/pagecache.py), and what a clinician sees is never
older than the last change: a new alert, a slip, an admission, a discharge, a read notification
show on the very next visit. What is kept is sealed, and names nobody in the clear."""

import base64
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.actions import notify
from threecircles.accounts.models import Notification, Role
from threecircles.care.actions import open_episode
from threecircles.lib import pagecache
from threecircles.privacy.actions import erase_client
from threecircles.privacy.models import AccessEvent
from threecircles.recovery import actions as recovery
from threecircles.screening import actions as screening
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db


def _visit(browser: Client) -> str:
    page = browser.get("/care/caseload/")
    assert page.status_code == 200
    return text_of(page_tree(page))


def _kept(browser: Client) -> tuple[str, int]:
    """A visit with the browser's form cookie already set, as after any first page."""
    with CaptureQueriesContext(connection) as queries:
        text = _visit(browser)
    return text, len(queries.captured_queries)


def test_a_second_visit_is_served_kept_and_shows_the_same(signed_in, bob, alice):
    browser = signed_in(bob)
    first = _visit(browser)
    assert "Alice" in first
    again, queries = _kept(browser)
    assert again == first
    _, built = _kept(signed_in(bob))  # a new session builds the page again
    assert queries < built


def test_every_change_shows_on_the_next_visit(signed_in, bob, alice, practice):
    browser = signed_in(bob)
    _visit(browser)
    _kept(browser)

    sent = screening.send_instrument(client=alice, instrument="phq9", sent_by=bob)
    screening.complete_administration(
        administration=sent, answers=[0, 0, 0, 0, 0, 0, 0, 0, 1], actor=alice
    )
    assert "Urgent: 1 safety alert open" in _visit(browser)

    slip = recovery.report_slip(client=alice, day=timezone.localdate() - timedelta(days=1))
    recovery.set_slip_sharing(slip=slip, tell_care_team=True, supporters=[])
    assert "told you of a slip" in _visit(browser)

    newcomer = make_user("Quinn", Role.CLIENT)
    open_episode(client=newcomer, practice=practice, primary_clinician=bob, level_of_care="iop")
    assert "Quinn" in _visit(browser)


def test_marking_notifications_read_shows_at_once(signed_in, bob, alice):
    """Marking all as read is a bulk update, which sends no signal: it says so itself."""
    notify(bob, text="Something to look at.", url="/care/caseload/")
    browser = signed_in(bob)
    assert "Notifications 1 new" in _visit(browser)
    assert "Notifications 1 new" in _kept(browser)[0]
    browser.post("/notifications/")
    assert Notification.objects.filter(recipient=bob, read_at__isnull=True).count() == 0
    assert "1 new" not in _visit(browser)


def test_a_message_is_shown_once_and_not_kept(signed_in, sam, bob, alice):
    browser = signed_in(sam)
    _visit(browser)
    for _ in range(2):  # asked again, said again
        page = browser.get("/care/caseload/?clinician=999999")
        assert "That clinician has no clients" in text_of(page_tree(page))
    assert "That clinician has no clients" not in _visit(browser)


def test_kept_pages_are_sealed_and_per_person(signed_in, bob, alice, eve):
    bobs = signed_in(bob)
    _visit(bobs)
    _visit(bobs)
    evepage = _visit(signed_in(eve))
    assert "Mallory" in evepage
    assert "Alice" not in evepage
    values = [raw for _, raw in _raw_cache_values()]
    assert len(values) >= 3  # the generation, the body and the page at least
    for raw in values:
        assert b"Alice" not in raw
        assert b"Bob" not in raw


def test_a_kept_visit_logs_nothing_new_and_the_first_logged_the_day(signed_in, bob, alice):
    notify_alert = screening.send_instrument(client=alice, instrument="phq9", sent_by=bob)
    screening.complete_administration(
        administration=notify_alert, answers=[0, 0, 0, 0, 0, 0, 0, 0, 1], actor=alice
    )
    browser = signed_in(bob)
    _visit(browser)
    logged = AccessEvent.objects.filter(actor_id=bob.pk, client_id=alice.pk).count()
    assert logged >= 1
    _visit(browser)
    assert AccessEvent.objects.filter(actor_id=bob.pk, client_id=alice.pk).count() == logged


def test_the_kept_sign_out_form_still_signs_out(signed_in, bob, alice):
    browser = signed_in(bob)
    _visit(browser)
    page = browser.get("/care/caseload/")  # kept
    (field,) = find_all(page_tree(page), "input", attrs={"name": "csrfmiddlewaretoken"})
    token = dict(field.attributes)["value"]
    browser.enforce_csrf_checks = True
    browser.handler.enforce_csrf_checks = True
    signed_out = browser.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert browser.get("/care/caseload/").status_code == 302


def _raw_cache_values(alias: str = "pages") -> list[tuple[str, bytes]]:
    """Every key and value as the cache stores it (pickled; the database cache also
    base64-encodes)."""
    cache = caches[alias]
    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):  # Redis
        client = cache._cache.get_client(write=False)
        return [(key.decode(), client.get(key) or b"") for key in client.keys("*")]
    table = cache._table  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value FROM {table}")
        return [(row[0], base64.b64decode(row[1])) for row in cursor.fetchall()]


def test_kept_parts_live_apart_from_the_rate_limits(signed_in, bob, alice):
    """Their many rows must never push a sign-in limit's counter out of the shared cache."""
    browser = signed_in(bob)
    _visit(browser)
    _visit(browser)
    assert any("part:" in key for key, _ in _raw_cache_values("pages"))
    assert not any("part:" in key for key, _ in _raw_cache_values("default"))


def test_erasing_a_client_drops_every_kept_part(
    signed_in, bob, alice, ada, django_capture_on_commit_callbacks
):
    browser = signed_in(bob)
    _visit(browser)
    _visit(browser)
    assert any("part:" in key for key, _ in _raw_cache_values())
    with django_capture_on_commit_callbacks(execute=True):
        erase_client(client=alice, erased_by=ada, reason="Asked to be forgotten")
    assert not any("part:" in key for key, _ in _raw_cache_values())
    assert "Alice" not in _visit(browser)


def test_a_broken_page_cache_never_breaks_a_page_or_a_write(signed_in, bob, alice, monkeypatch):
    class Broken:
        def __getattr__(self, name: str) -> object:
            def fail(*args: object, **kwargs: object) -> None:
                raise ConnectionError("cache down")

            return fail

    monkeypatch.setattr(pagecache, "_pages", lambda: Broken())
    browser = signed_in(bob)
    assert "Alice" in _visit(browser)
    assert "Alice" in _visit(browser)
    notify(bob, text="Something to look at.", url="/care/caseload/")  # a write
    assert "Notifications 1 new" in _visit(browser)
    assert signed_in(alice).get("/crisis/").status_code == 200
