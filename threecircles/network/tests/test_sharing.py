"""What a supporter sees is exactly what the client chose, for as long as they chose it.

Each scope alone; a change, a pause, an end date and a removal each take effect on the
supporter's next request (both date boundaries, in the client's own time zone); "see what
Carol sees"; and a person with an account of their own links a supporter invitation to it.
"""

import html
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from conftest import PASSWORD, make_user
from threecircles.accounts.models import Invitation, Role, User
from threecircles.network.actions import (
    change_sharing,
    invite_supporter,
    pause_member,
    revoke_supporter,
)
from threecircles.network.models import SupportMember
from threecircles.privacy.access import access_basis
from threecircles.privacy.models import SUPPORTER_SCOPES, AccessEvent, Grant, Scope
from threecircles.recovery.models import RecoverySettings
from threecircles.tests.html import find_all, page_tree, text_of
from threecircles.tests.matrix import our_routes

MY_SUPPORTERS = "/support/my-supporters/"
NEW_YORK = ZoneInfo("America/New_York")


def _text(page) -> str:
    return html.unescape(page.content.decode())


def _sections(page) -> list[str]:
    """The headings of the shared sections on a supporter's page for one client."""
    return [
        text_of(heading)
        for section in find_all(page_tree(page), "section", "card")
        for heading in find_all(section, "h2")
    ]


def _member(alice: User, supporter: User) -> SupportMember:
    return SupportMember.objects.get(client=alice, invitation__accepted_by=supporter)


def _carols_page(carol: User, alice: User, signed_in) -> tuple[int, list[str]]:
    """What Carol gets on her next request, signed in afresh (days pass in these tests)."""
    page = signed_in(carol).get(f"/support/supporting/{alice.pk}/")
    return page.status_code, _sections(page) if page.status_code == 200 else []


def _status(browser: Client, url: str) -> int:
    """GET, or POST for a view that only takes POST (its 405 says nothing about the id)."""
    status = browser.get(url).status_code
    return browser.post(url).status_code if status == 405 else status


def _client_record_urls(client: User) -> list[str]:
    """Every URL of ours that opens one client's record by its id alone."""
    return [
        "/" + re.sub(r"<int:client_id>", str(client.pk), route.route)
        for route in our_routes()
        if route.kwargs == ("client_id",)
    ]


@pytest.fixture
def alice_in_new_york(alice):
    RecoverySettings.objects.create(client=alice, time_zone="America/New_York")
    return alice


# --- each scope alone -----------------------------------------------------------------------


@pytest.mark.parametrize("scope", [scope.value for scope in SUPPORTER_SCOPES])
def test_a_supporter_sees_exactly_the_scope_granted(scope, alice, carol, signed_in):
    change_sharing(member=_member(alice, carol), scopes=[scope])
    status, sections = _carols_page(carol, alice, signed_in)
    assert status == 200
    assert sections == [Scope(scope).label]
    for other in SUPPORTER_SCOPES:
        assert (access_basis(carol, alice, other) is None) == (other != scope), other
    # The record itself, and every page that opens it by id, stays closed.
    assert access_basis(carol, alice, Scope.RECORD) is None
    browser = signed_in(carol)
    # A sponsor with the plan may co-sign it (the form's version is missing here: sent back).
    cosign = f"/recovery/clients/{alice.pk}/plan/cosign/"
    for url in _client_record_urls(alice):
        if url.startswith("/support/"):
            continue
        expected = 302 if (url, scope) == (cosign, Scope.PLAN) else 404
        assert _status(browser, url) == expected, url


def test_no_scope_left_is_a_404_not_an_empty_page(alice, carol, signed_in):
    change_sharing(member=_member(alice, carol), scopes=[])
    assert _carols_page(carol, alice, signed_in)[0] == 404
    page = signed_in(carol).get("/support/supporting/")
    assert "They are not sharing anything with you right now." in _text(page)


# --- revocation, pause, end date: the next request ------------------------------------------


def test_removing_a_supporter_closes_their_next_request(alice, carol, signed_in):
    browser = signed_in(carol)
    assert browser.get(f"/support/supporting/{alice.pk}/").status_code == 200
    revoke_supporter(member=_member(alice, carol))
    assert browser.get(f"/support/supporting/{alice.pk}/").status_code == 404
    assert access_basis(carol, alice, Scope.SOBRIETY) is None


def test_an_end_date_holds_through_its_last_local_day(alice_in_new_york, carol, signed_in):
    alice = alice_in_new_york
    last_day = date(2027, 3, 10)
    with time_machine.travel(datetime(2027, 3, 2, 12, tzinfo=NEW_YORK), tick=False):
        page = signed_in(alice).post(
            f"{MY_SUPPORTERS}{_member(alice, carol).pk}/sharing/",
            {"scopes": ["sobriety"], "until": last_day.isoformat()},
            follow=True,
        )
        assert "through 10 March 2027" in _text(page)
    # The last second of 10 March in New York: still shared.
    with time_machine.travel(datetime(2027, 3, 10, 23, 59, 59, tzinfo=NEW_YORK), tick=False):
        assert _carols_page(carol, alice, signed_in) == (200, [Scope.SOBRIETY.label])
    # Midnight in New York (05:00 UTC): gone, on the very next request.
    with time_machine.travel(datetime(2027, 3, 11, 0, 0, tzinfo=NEW_YORK), tick=False):
        assert _carols_page(carol, alice, signed_in)[0] == 404
        assert access_basis(carol, alice, Scope.SOBRIETY) is None


def test_a_pause_closes_at_once_and_opens_the_day_after(alice_in_new_york, carol, signed_in):
    alice = alice_in_new_york
    member = _member(alice, carol)
    with time_machine.travel(datetime(2027, 7, 1, 9, tzinfo=NEW_YORK), tick=False):
        assert _carols_page(carol, alice, signed_in)[0] == 200
        page = signed_in(alice).post(
            f"{MY_SUPPORTERS}{member.pk}/pause/", {"through": "2027-07-04"}, follow=True
        )
        assert "Carol sees nothing through 04 July 2027." in _text(page)
        assert "Paused: Carol sees nothing through 4 July 2027" in _text(page)
        assert _carols_page(carol, alice, signed_in)[0] == 404
    with time_machine.travel(datetime(2027, 7, 4, 23, 59, 59, tzinfo=NEW_YORK), tick=False):
        assert _carols_page(carol, alice, signed_in)[0] == 404
    with time_machine.travel(datetime(2027, 7, 5, 0, 0, tzinfo=NEW_YORK), tick=False):
        status, sections = _carols_page(carol, alice, signed_in)
        assert status == 200
        assert sections == [Scope.SOBRIETY.label, Scope.CHECKINS.label]


def test_ending_a_pause_early_shares_again_at_once(alice, carol, signed_in):
    member = _member(alice, carol)
    pause_member(member=member, through=date.today() + timedelta(days=10))
    assert _carols_page(carol, alice, signed_in)[0] == 404
    page = signed_in(alice).post(f"{MY_SUPPORTERS}{member.pk}/resume/", follow=True)
    assert "Carol sees what you share again." in _text(page)
    assert _carols_page(carol, alice, signed_in) == (
        200,
        [Scope.SOBRIETY.label, Scope.CHECKINS.label],
    )


def test_a_change_during_a_pause_waits_for_the_pause_to_end(alice, carol, signed_in):
    member = _member(alice, carol)
    through = date.today() + timedelta(days=3)
    pause_member(member=member, through=through)
    change_sharing(member=member, scopes=["plan"])
    assert _carols_page(carol, alice, signed_in)[0] == 404
    with time_machine.travel(datetime.combine(through + timedelta(days=1), datetime.min.time())):
        assert _carols_page(carol, alice, signed_in) == (200, [Scope.PLAN.label])


def test_the_history_keeps_every_start_and_end(alice, carol, signed_in):
    member = _member(alice, carol)
    change_sharing(member=member, scopes=["sobriety", "plan"])
    change_sharing(member=member, scopes=["plan"])
    page = signed_in(alice).get(f"{MY_SUPPORTERS}{member.pk}/")
    rows = [
        [text_of(cell) for cell in find_all(tr, "td")]
        for tr in find_all(page_tree(page), "tr")
        if list(find_all(tr, "td"))
    ]
    whats = sorted(row[0] for row in rows)
    assert whats == sorted([Scope.SOBRIETY.label, Scope.CHECKINS.label, Scope.PLAN.label])
    still_open = [row[0] for row in rows if row[2] == "until you change it"]
    assert still_open == [Scope.PLAN.label]


def test_bad_dates_are_explained_and_kept(alice, carol, signed_in):
    member = _member(alice, carol)
    browser = signed_in(alice)
    page = browser.post(f"{MY_SUPPORTERS}{member.pk}/pause/", {"through": "2001-01-01"})
    assert page.status_code == 400
    assert "Choose today or a later day." in _text(page)
    assert 'value="2001-01-01"' in _text(page)
    page = browser.post(
        f"{MY_SUPPORTERS}{member.pk}/sharing/", {"scopes": ["plan"], "until": "not a day"}
    )
    assert page.status_code == 400
    assert "Enter a valid date." in _text(page)
    assert 'value="not a day"' in _text(page)
    # Nothing changed.
    assert _carols_page(carol, alice, signed_in)[1] == [Scope.SOBRIETY.label, Scope.CHECKINS.label]


# --- "see what Carol sees" ------------------------------------------------------------------


def test_alice_sees_carols_page_as_carol_sees_it(alice, carol, signed_in):
    member = _member(alice, carol)
    change_sharing(member=member, scopes=["sobriety", "plan"])
    carols = signed_in(carol).get(f"/support/supporting/{alice.pk}/")
    preview = signed_in(alice).get(f"{MY_SUPPORTERS}{member.pk}/as-they-see-it/")
    assert preview.status_code == 200
    assert _sections(preview) == _sections(carols) == [Scope.SOBRIETY.label, Scope.PLAN.label]
    assert "This is what Carol sees of you right now." in _text(preview)
    # Alice's own reads are logged as hers; Carol's list of reads does not grow.
    carol_reads = AccessEvent.objects.for_client(alice.pk).filter(actor_id=carol.pk).count()
    signed_in(alice).get(f"{MY_SUPPORTERS}{member.pk}/as-they-see-it/")
    assert AccessEvent.objects.for_client(alice.pk).filter(actor_id=carol.pk).count() == (
        carol_reads
    )
    assert AccessEvent.objects.filter(
        actor_id=alice.pk, what="preview of a supporter's page: sobriety status and sober time"
    ).exists()


def test_a_paused_supporter_preview_shows_nothing(alice, carol, signed_in):
    member = _member(alice, carol)
    pause_member(member=member, through=date.today() + timedelta(days=2))
    preview = signed_in(alice).get(f"{MY_SUPPORTERS}{member.pk}/as-they-see-it/")
    assert _sections(preview) == []
    assert "Alice is not sharing anything with you right now." in _text(preview)


# --- a person with an account of their own --------------------------------------------------


def _invite_link(alice: User, email: str, scopes: list[str], run_tasks) -> str:
    mail.outbox.clear()
    invite_supporter(
        client=alice,
        email=email,
        member=SupportMember(name="Dan", relationship="sponsor"),
        scopes=scopes,
    )
    run_tasks()
    found = re.search(r"https?://[^/\s]+(/invitation/\S+/)", str(mail.outbox[-1].body))
    assert found
    return found.group(1)


@pytest.fixture
def dan(practice, bob):
    from threecircles.care.actions import open_episode

    user = make_user("Dan", Role.CLIENT)
    open_episode(client=user, practice=practice, primary_clinician=bob, level_of_care="outpatient")
    return user


def test_a_client_links_a_sponsor_invitation_and_stays_a_client(alice, dan, signed_in, run_tasks):
    link = _invite_link(alice, "dan@example.org", ["sobriety"], run_tasks)
    browser = signed_in(dan)
    page = browser.get(link, follow=True)
    assert page.request["PATH_INFO"] == "/invitation/link/"
    assert "Alice invited you to support them" in _text(page)
    assert link.split("/")[2] not in page.request["PATH_INFO"]
    page = browser.post("/invitation/link/", follow=True)
    assert "You now support Alice." in _text(page)
    dan.refresh_from_db()
    assert dan.role == Role.CLIENT
    assert _sections(browser.get(f"/support/supporting/{alice.pk}/")) == [Scope.SOBRIETY.label]
    # The link is used up.
    assert Client().get(link).status_code == 410


def test_a_person_signed_out_signs_in_then_links(alice, dan, run_tasks):
    link = _invite_link(alice, "dan@example.org", ["checkins"], run_tasks)
    browser = Client()
    page = browser.get(link)
    assert page.status_code == 302
    assert page["Location"] == "/accounts/login/?next=/invitation/link/"
    page = browser.post(
        "/accounts/login/?next=/invitation/link/",
        {"login": "dan@example.org", "password": PASSWORD},
        follow=True,
    )
    assert page.request["PATH_INFO"] == "/invitation/link/", _text(page)
    browser.post("/invitation/link/")
    assert Grant.objects.supporters().active().get(client=alice, grantee=dan).scope == "checkins"


def test_an_invitation_links_only_to_the_address_it_was_sent_to(alice, dan, signed_in, run_tasks):
    link = _invite_link(alice, "someone-else@example.net", ["sobriety"], run_tasks)
    page = signed_in(dan).get(link, follow=True)
    # Refused on the next page, so the token is never in an error's address (nor the log).
    assert page.request["PATH_INFO"] == "/invitation/link/"
    assert page.status_code == 409
    assert "This invitation was sent to another e-mail address." in _text(page)
    assert not Grant.objects.filter(grantee=dan).exists()


def test_an_administrator_account_cannot_take_a_supporter_invitation(
    alice, ada, signed_in, run_tasks
):
    link = _invite_link(alice, ada.email, ["sobriety"], run_tasks)
    page = signed_in(ada).get(link, follow=True)
    assert page.status_code == 409
    assert "Administrator accounts cannot support anyone." in _text(page)


def test_a_supporter_account_supports_a_second_person(alice, carol, mallory, signed_in, run_tasks):
    link = _invite_link(mallory, carol.email, ["milestones"], run_tasks)
    browser = signed_in(carol)
    browser.get(link)
    browser.post("/invitation/link/")
    carol.refresh_from_db()
    assert carol.role == Role.SUPPORTER
    assert _sections(browser.get(f"/support/supporting/{mallory.pk}/")) == [Scope.MILESTONES.label]
    assert _sections(browser.get(f"/support/supporting/{alice.pk}/")) == [
        Scope.SOBRIETY.label,
        Scope.CHECKINS.label,
    ]


def test_a_client_who_sponsors_sees_only_the_grant_and_gives_nothing_back(
    alice, dan, signed_in, run_tasks
):
    """Both sides: Dan, a client, sponsors Alice. He sees what she shares and nothing else of
    hers; she sees nothing of his record through it."""
    link = _invite_link(alice, "dan@example.org", ["sobriety"], run_tasks)
    dans = signed_in(dan)
    dans.get(link)
    dans.post("/invitation/link/")
    alices = signed_in(alice)
    for url in _client_record_urls(dan):
        assert _status(alices, url) == 404, url
    for url in _client_record_urls(alice):
        expected = 200 if url == f"/support/supporting/{alice.pk}/" else 404
        assert _status(dans, url) == expected, url
    for scope in [Scope.RECORD, *SUPPORTER_SCOPES]:
        assert access_basis(alice, dan, scope) is None
        assert (access_basis(dan, alice, scope) is not None) == (scope == Scope.SOBRIETY)
    assert not Invitation.objects.filter(client=dan).exists()


def test_ending_a_pause_keeps_the_end_date_chosen_before(alice, carol, signed_in):
    member = _member(alice, carol)
    until = date.today() + timedelta(days=20)
    change_sharing(member=member, scopes=["sobriety"], until=until)
    pause_member(member=member, through=date.today() + timedelta(days=5))
    signed_in(alice).post(f"{MY_SUPPORTERS}{member.pk}/resume/")
    page = signed_in(alice).get(f"{MY_SUPPORTERS}{member.pk}/")
    assert f"through {until:%-d %B %Y}" in _text(page)
    with time_machine.travel(datetime.combine(until + timedelta(days=1), datetime.min.time())):
        assert _carols_page(carol, alice, signed_in)[0] == 404
    with time_machine.travel(datetime.combine(until, datetime.min.time())):
        assert _carols_page(carol, alice, signed_in) == (200, [Scope.SOBRIETY.label])


def test_a_refused_link_never_puts_the_live_token_in_the_log(
    alice, mallory, bob, practice, signed_in, caplog
):
    from threecircles.accounts.actions import create_invitation

    _, url = create_invitation(
        invited_by=bob, email="new-client@example.org", role=Role.CLIENT, practice=practice
    )
    token = url.rstrip("/").rsplit("/", 1)[-1]
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    with caplog.at_level("INFO"):
        page = signed_in(mallory).get(path, follow=True)
    assert page.status_code == 409
    assert "This invitation was sent to another e-mail address." in _text(page)
    assert token not in caplog.text
    # The link still works for the person it was meant for.
    assert Client().get(path).status_code == 302
