"""Family and collateral participants: a participant sees only what the client's active
release allows, nothing once it expires or is revoked, and outsiders get 404. (How a person's
account comes to be linked, with their agreement, is in test_family_consent.py.)"""

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.utils import timezone

from threecircles.care.family import (
    accept_participation,
    add_participant,
    propose_release,
    sign_release,
)
from threecircles.care.models import CollateralParticipant, Release, Session, SessionParticipant
from threecircles.care.plans import with_goal, with_problem, write_plan
from threecircles.privacy.models import AccessEvent, Action, Basis
from threecircles.tests.html import page_tree, text_of

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


def _linked(client, clinician, person, allows, *, expires_on=date(2027, 3, 31), sign=True):
    participant = add_participant(
        client=client, added_by=clinician, name="Pat", relationship="partner", person=person
    )
    accept_participation(participant=participant, person=person)
    release = propose_release(
        participant=participant, actor=clinician, allows=allows,
        starts_on=date(2027, 3, 1), expires_on=expires_on,
    )  # fmt: skip
    if sign:
        sign_release(release=release, client=client, typed_name=client.display_name)
    return participant, release


def _shared(browser, participant):
    return browser.get(f"/care/family/{participant.pk}/")


@time_machine.travel(NOW, tick=False)
def test_the_participant_sees_exactly_what_the_release_allows(alice, bob, carol, signed_in):
    participant, _ = _linked(alice, bob, carol, ["schedule", "attendance"])
    family = Session.objects.create(
        client=alice, clinician=bob, starts_at=NOW + timedelta(days=2), kind=Session.Kind.FAMILY
    )
    SessionParticipant.objects.create(session=family, participant=participant)
    Session.objects.create(
        client=alice, clinician=bob, starts_at=NOW - timedelta(days=3),
        status=Session.Status.ATTENDED,
    )  # fmt: skip
    content = with_problem({"problems": []}, "Problem words 7f1a")
    write_plan(
        client=alice, author=bob, review_on=date(2027, 6, 1),
        content=with_goal(content, content["problems"][0]["id"], "Goal words 7f1a"),
    )  # fmt: skip

    page = text_of(page_tree(_shared(signed_in(carol), participant)))
    assert "Shared with you by Alice" in page
    assert "Friday 12 March 2027, 12:00" in page
    assert "Sessions attended this month: 1 of 1 held so far." in page
    assert "Goals" not in page and "Goal words" not in page and "Progress" not in page
    # Her acceptance is logged too, as a change; these are her reads.
    reads = AccessEvent.objects.filter(actor_id=carol.pk, client_id=alice.pk, action=Action.VIEW)
    assert sorted(reads.values_list("what", flat=True)) == [
        "family release: attendance",
        "family release: schedule",
    ]
    assert set(reads.values_list("basis", "reason")) == {(Basis.SUPPORTER, "partner")}


@time_machine.travel(NOW, tick=False)
def test_plan_goals_and_progress_when_allowed(alice, bob, carol, signed_in):
    participant, _ = _linked(alice, bob, carol, ["plan_summary", "progress"])
    content = with_problem({"problems": []}, "Problem words 7f1a")
    write_plan(
        client=alice, author=bob, review_on=date(2027, 6, 1),
        content=with_goal(content, content["problems"][0]["id"], "Goal words 7f1a"),
    )  # fmt: skip
    page = text_of(page_tree(_shared(signed_in(carol), participant)))
    assert "Goal words 7f1a" in page
    assert "Problem words" not in page
    assert "No sessions are recorded as attended in the last 30 days." in page
    assert "upcoming family sessions" not in page and "Attendance" not in page


def test_nothing_after_the_expiry_day(alice, bob, carol, signed_in):
    participant, _ = _linked(alice, bob, carol, ["schedule"], expires_on=date(2027, 3, 31))
    # Alice keeps UTC (no time zone chosen): the expiry day is inclusive until its midnight.
    with time_machine.travel(datetime(2027, 3, 31, 23, 59, tzinfo=UTC), tick=False):
        assert _shared(signed_in(carol), participant).status_code == 200
    with time_machine.travel(datetime(2027, 4, 1, 0, 0, 1, tzinfo=UTC), tick=False):
        browser = signed_in(carol)
        assert _shared(browser, participant).status_code == 404
        assert "Nothing is shared with you right now." in browser.get("/care/family/").text


@time_machine.travel(NOW, tick=False)
def test_nothing_after_the_client_revokes(alice, bob, carol, signed_in):
    participant, release = _linked(alice, bob, carol, ["schedule"])
    browser = signed_in(carol)
    assert _shared(browser, participant).status_code == 200
    url = f"/care/clients/{alice.pk}/family/releases/{release.pk}/revoke/"
    assert signed_in(alice).post(url).status_code == 302
    assert Release.objects.get().revoked_at is not None
    assert _shared(browser, participant).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_an_unsigned_release_allows_nothing_until_the_client_signs(alice, bob, carol, signed_in):
    participant, release = _linked(alice, bob, carol, ["schedule"], sign=False)
    browser = signed_in(carol)
    assert _shared(browser, participant).status_code == 404

    client = signed_in(alice)
    home = text_of(page_tree(client.get("/me/")))
    assert "For Pat (partner)" in home and "Waiting for the client's signature" in home
    url = f"/care/clients/{alice.pk}/family/releases/{release.pk}/"
    wrong = client.post(url, {"name": "Someone"})
    assert wrong.status_code == 400
    assert "does not match" in wrong.text and 'value="Someone"' in wrong.text
    # The page named Carol's account as the one reading it online; the form says so back.
    assert client.post(url, {"name": "alice", "reader": carol.pk}).status_code == 302
    assert _shared(browser, participant).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_outsiders_and_other_clients_participants_get_404(
    alice, bob, carol, mallory, eve, signed_in
):
    participant, release = _linked(alice, bob, carol, ["schedule"])
    # Carol is also Mallory's participant, without a release: still nothing of Mallory's.
    theirs = add_participant(
        client=mallory, added_by=eve, name="Carol", relationship="sister", person=carol
    )
    assert _shared(signed_in(carol), theirs).status_code == 404
    for person in (mallory, eve, bob, alice):
        assert _shared(signed_in(person), participant).status_code == 404
    release_url = f"/care/clients/{alice.pk}/family/releases/{release.pk}/"
    for person in (mallory, carol, bob):
        assert signed_in(person).get(release_url).status_code == 404
    assert signed_in(eve).get(f"/care/clients/{alice.pk}/family/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_care_team_adds_a_participant_proposes_a_release_and_books_a_session(
    alice, bob, carol, signed_in
):
    browser = signed_in(bob)
    base = f"/care/clients/{alice.pk}/family/"
    missing = browser.post(base + "new/", {"name": "Pat", "email": "nobody@example.org"})
    assert missing.status_code == 400
    assert "Say how they are related to the client." in missing.text
    assert 'value="Pat"' in missing.text and 'value="nobody@example.org"' in missing.text
    page = browser.post(
        base + "new/", {"name": "Pat", "relationship": "partner", "email": "CAROL@example.org"},
        follow=True,
    )  # fmt: skip
    assert "Added Pat. If they have an account here under that address" in page.text
    participant = CollateralParticipant.objects.get()
    assert (participant.person, participant.person_confirmed_at) == (carol, None)

    too_long = browser.post(
        f"{base}{participant.pk}/release/",
        {"allows": ["schedule"], "starts_on": "2027-03-10", "expires_on": "2028-03-10"},
    )
    assert too_long.status_code == 400 and "at most a year" in too_long.text
    browser.post(
        f"{base}{participant.pk}/release/",
        {"allows": ["schedule"], "starts_on": "2027-03-10", "expires_on": "2028-03-09"},
    )
    release = Release.objects.get()
    assert (release.allows, release.signed_at) == (["schedule"], None)
    assert alice.notifications.filter(
        text="A release of information is waiting for you to read."
    ).exists()

    family = Session.objects.create(
        client=alice, clinician=bob, starts_at=timezone.now() + timedelta(days=1),
        kind=Session.Kind.FAMILY,
    )  # fmt: skip
    browser.post(f"{base}{participant.pk}/session/", {"session": family.pk})
    assert SessionParticipant.objects.filter(session=family, participant=participant).exists()
    listing = text_of(page_tree(browser.get(base)))
    assert "Pat (partner)" in listing and "Waiting for the client's signature" in listing


@time_machine.travel(NOW, tick=False)
def test_a_release_or_participant_that_does_not_exist_is_a_404_and_logs_nothing(
    alice, bob, carol, signed_in
):
    participant, release = _linked(alice, bob, carol, ["schedule"])
    client, clinician = signed_in(alice), signed_in(bob)
    base = f"/care/clients/{alice.pk}/family/"
    over_long = "9" * 60  # longer than an access event's object id may be
    events = AccessEvent.objects.filter(client_id=alice.pk)
    before = events.count()
    for missing in (over_long, str(release.pk + participant.pk + 1000)):
        assert client.get(f"{base}releases/{missing}/").status_code == 404, missing
        assert client.post(f"{base}releases/{missing}/", {"name": "Alice"}).status_code == 404
        assert client.post(f"{base}releases/{missing}/revoke/").status_code == 404, missing
        for page in ("release", "session"):
            assert clinician.get(f"{base}{missing}/{page}/").status_code == 404, page
    assert events.count() == before
    assert Release.objects.get().revoked_at is None

    # The release that exists: logged with its own id.
    assert client.get(f"{base}releases/{release.pk}/").status_code == 200
    opened = events.order_by("seq").last()
    assert opened is not None
    assert (opened.actor_id, opened.object_id) == (alice.pk, f"release {release.pk}")
