"""The caseload is the page clinicians open all day: it runs the same number of queries
whatever the number of clients on it."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.care.actions import open_episode
from threecircles.screening import actions as screening


def _add_clients(count: int, *, bob, practice, start: int) -> None:
    for n in range(start, start + count):
        client = make_user(f"Client{n:03d}", Role.CLIENT)
        open_episode(
            client=client, practice=practice, primary_clinician=bob, level_of_care="outpatient"
        )
        if n % 3 == 0:
            phq9 = screening.send_instrument(client=client, instrument="phq9", sent_by=bob)
            answers: list[int | None] = [1, 1, 1, 1, 1, 1, 1, 1, 0]
            screening.complete_administration(administration=phq9, answers=answers, actor=client)


def _queries(browser, *, built: bool = True) -> int:
    """Queries of one visit: as the page is built (the kept copy forgotten, see
    lib/pagecache.py), or as it is served kept."""
    if built:
        caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        page = browser.get("/care/caseload/")
    assert page.status_code == 200
    return len(captured)


def test_the_caseload_runs_the_same_queries_for_5_and_for_200_clients(bob, practice, signed_in):
    _add_clients(5, bob=bob, practice=practice, start=0)
    browser = signed_in(bob)
    _queries(browser)  # the first visit logs the day's caseload summary once
    with_five = _queries(browser)
    kept_with_five = _queries(browser, built=False)
    _add_clients(195, bob=bob, practice=practice, start=5)
    _queries(browser)
    assert _queries(browser) == with_five
    assert _queries(browser, built=False) == kept_with_five < with_five
