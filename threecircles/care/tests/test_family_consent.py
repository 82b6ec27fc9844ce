"""A family participant's account is linked only with its owner's agreement, and adding one
never tells the care team whether an address has an account here.

Bob adds "Pat" for Alice with an e-mail address: whatever the address (nobody's, Carol's,
a client's elsewhere, an administrator's, Alice's own), Bob sees the same answer. Where the
address names an account that may be linked, its owner finds a request that names nobody (the
address may have been mistyped: it must not tell a stranger who is in treatment, or where) and
sees nothing of Alice's until they accept and Alice signs a release that names their account;
declining unlinks them, and Alice's log does not say whose account it was. Only they may
answer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from threecircles.care.family import WHAT, add_participant, propose_release, sign_release
from threecircles.care.models import CollateralParticipant, Session, SessionParticipant
from threecircles.privacy.models import AccessEvent, Action
from threecircles.tests.html import find_all, page_tree, text_of

FAMILY_PAGE = "/care/family/"
ADDED = (
    "Added Pat. If they have an account here under that address, they are asked to confirm; "
    "until then they see nothing online."
)
REQUEST = "A care team asked to link your account to someone's family sessions"
ACCEPTED = (
    "Accepted. Once they sign a release of information naming your account, you see who they "
    "are and what they chose to share, here."
)
# Words that would tell the person asked whose family it is, who asked, or where.
TELLING = ("Alice", "Bob", "Harbor Counseling", "partner")
NOT_LINKED = (
    "Nobody yet: Pat is not linked to an account. An account is named here only once its owner "
    "accepts the link; a release you sign before then is not shared with it online."
)


def _add(browser, client, email):
    return browser.post(
        f"/care/clients/{client.pk}/family/new/",
        {"name": "Pat", "relationship": "partner", "email": email},
    )


def _messages(page) -> list[str]:
    return [text_of(p) for p in find_all(page_tree(page), "p", "message")]


def _nav(page) -> str:
    [nav] = find_all(page_tree(page), "nav", attrs={"aria-label": "Main"})
    return text_of(nav)


def _reader(page) -> str:
    """What the client's release page says about who reads it online."""
    [said] = find_all(page_tree(page), "p", attrs={"id": "release-reader"})
    return text_of(said)


def _release(clinician, participant):
    today = timezone.localdate()
    return propose_release(
        participant=participant, actor=clinician, allows=["schedule"], starts_on=today,
        expires_on=today + timedelta(days=90),
    )  # fmt: skip


def _asked(client, clinician, person):
    """Pat (`person`) asked to take part in Alice's family sessions, with a release for the
    session dates that Alice signed before Pat answered (so it names no account), and booked
    into next week's family session."""
    participant = add_participant(
        client=client, added_by=clinician, name="Pat", relationship="partner", person=person
    )
    release = _release(clinician, participant)
    sign_release(release=release, client=client, typed_name=client.display_name)
    session = Session.objects.create(
        client=client, clinician=clinician, kind=Session.Kind.FAMILY,
        starts_at=timezone.now().replace(hour=17, minute=0, second=0, microsecond=0)
        + timedelta(days=7),
    )  # fmt: skip
    SessionParticipant.objects.create(session=session, participant=participant)
    return participant, session


# --- the care team learns nothing about an address --------------------------------------------


def test_the_care_team_sees_the_same_answer_whatever_the_address(
    alice, bob, sam, carol, mallory, eve, ivy, ada, signed_in
):
    browser = signed_in(bob)
    addresses = {
        "nobody@example.org": None,  # no account
        "  CAROL@example.org ": carol,  # a supporter: asked
        "mallory@example.org": mallory,  # a client of another practice: asked
        "ada@example.org": None,  # an administrator: never linked
        "ivy@example.org": None,  # institute staff
        "eve@example.org": None,  # a clinician elsewhere
        "sam@example.org": None,  # a supervisor here
        "alice@example.org": None,  # the client herself
    }
    answers = set()
    for email, linked in addresses.items():
        response = _add(browser, alice, email)
        assert response.status_code == 302, email
        followed = browser.get(response["Location"])
        answers.add((response["Location"], tuple(_messages(followed))))
        participant = CollateralParticipant.objects.order_by("-pk").first()
        assert participant is not None
        assert (participant.person, participant.person_confirmed_at) == (linked, None), email
    assert answers == {(f"/care/clients/{alice.pk}/family/", (ADDED,))}

    # The list tells no address from another: none of them is linked until its owner accepts.
    listing = page_tree(browser.get(f"/care/clients/{alice.pk}/family/"))
    articles = list(find_all(listing, "article", "participant"))
    assert len(articles) == len(addresses)
    states = {
        text_of(p) for article in articles for p in find_all(article, "p")
        if "account" in text_of(p)
    }  # fmt: skip
    assert states == {
        "No account linked. If an address was given and has an account here, its owner is "
        "asked to confirm."
    }

    # Only the people asked hear of it, in words that name nobody and nothing clinical.
    for person in (carol, mallory):
        [note] = person.notifications.all()
        assert (note.text, note.url) == ("You have a request to join family sessions.", FAMILY_PAGE)
    for person in (ada, ivy, eve, sam, alice, bob):
        assert not person.notifications.filter(url=FAMILY_PAGE).exists(), person.email


def test_an_address_is_still_checked_for_its_form(alice, bob, signed_in):
    response = _add(signed_in(bob), alice, "not an address")
    assert response.status_code == 400
    assert "Enter a valid e-mail address." in response.text
    assert not CollateralParticipant.objects.exists()


def test_without_an_address_nothing_is_said_about_accounts(alice, bob, signed_in):
    browser = signed_in(bob)
    response = _add(browser, alice, "")
    assert response.status_code == 302
    assert _messages(browser.get(response["Location"])) == ["Added Pat."]


# --- the person asked ------------------------------------------------------------------------


def test_a_person_asked_sees_the_request_and_nothing_shared_until_they_accept(
    alice, bob, carol, signed_in
):
    participant, session = _asked(alice, bob, carol)
    browser = signed_in(carol)
    events = AccessEvent.objects.filter(client_id=alice.pk, actor_id=carol.pk)

    page = browser.get(FAMILY_PAGE)
    assert "Family sessions" in _nav(page)
    tree = page_tree(page)
    [request] = find_all(tree, "article", "card")
    assert REQUEST in text_of(request)
    # What accepting lets the client see of them is said before they answer.
    assert "in their record's access log from the moment you accept" in text_of(request)
    # Nobody is named, nor the practice, nor the relationship: anywhere on the page.
    for word in TELLING:
        assert word not in text_of(tree), word
    actions = {
        (form_attrs["action"], text_of(form)) for form in find_all(request, "form")
        for form_attrs in [dict(form.attributes)]
    }  # fmt: skip
    assert actions == {
        (f"/care/family/{participant.pk}/accept/", "Accept"),
        (f"/care/family/{participant.pk}/decline/", "Decline"),
    }
    assert "Nothing is shared with you right now." in text_of(tree)
    # No session date, no link to Alice's shared page, and that page is closed to them.
    assert f"{timezone.localtime(session.starts_at):%-d %B %Y}" not in text_of(tree)
    assert not list(find_all(tree, "a", attrs={"href": f"/care/family/{participant.pk}/"}))
    assert browser.get(f"/care/family/{participant.pk}/").status_code == 404
    assert not events.exists()


def test_accepting_alone_shows_nothing_until_alice_signs_a_release_naming_the_account(
    alice, bob, carol, signed_in
):
    # Alice signed a release for Pat before anyone accepted: it named no account.
    participant, session = _asked(alice, bob, carol)
    [earlier] = participant.releases.all()
    browser = signed_in(carol)

    response = browser.post(f"/care/family/{participant.pk}/accept/")
    assert (response.status_code, response["Location"]) == (302, FAMILY_PAGE)
    page = browser.get(FAMILY_PAGE)
    assert _messages(page) == [ACCEPTED]
    tree = page_tree(page)
    assert REQUEST not in text_of(tree)
    assert "Nothing is shared with you right now." in text_of(tree)
    for word in TELLING:
        assert word not in text_of(tree), word
    assert browser.get(f"/care/family/{participant.pk}/").status_code == 404

    # Her acceptance is on Alice's log, under her name: she will read from now on.
    answer = AccessEvent.objects.get(client_id=alice.pk, actor_id=carol.pk, action=Action.UPDATE)
    assert (answer.what, answer.object_id) == (WHAT, f"family participant {participant.pk}")
    listing = text_of(page_tree(signed_in(bob).get(f"/care/clients/{alice.pk}/family/")))
    assert "Their account is linked: they accepted." in listing

    # Alice's earlier release says it is read by nobody online; a new one names Carol's account.
    alices = signed_in(alice)
    base = f"/care/clients/{alice.pk}/family/releases/"
    assert _reader(alices.get(f"{base}{earlier.pk}/")) == (
        "Nobody: no account had accepted the link to Pat when you signed. An account linked "
        "later needs a new release, which names it."
    )
    release = _release(bob, participant)
    assert _reader(alices.get(f"{base}{release.pk}/")) == (
        "Carol, signed in with their account c***@example.org. Check that this is Pat before "
        "you sign."
    )
    signed = alices.post(f"{base}{release.pk}/", {"name": "Alice", "reader": carol.pk})
    assert signed.status_code == 302
    assert _reader(alices.get(f"{base}{release.pk}/")) == (
        "Carol, signed in with their account c***@example.org. Check that this is Pat."
    )

    tree = page_tree(browser.get(FAMILY_PAGE))
    [link] = find_all(tree, "a", attrs={"href": f"/care/family/{participant.pk}/"})
    assert text_of(link) == "Alice"
    shared = text_of(page_tree(browser.get(f"/care/family/{participant.pk}/")))
    assert "Shared with you by Alice" in shared
    assert f"{timezone.localtime(session.starts_at):%A %-d %B %Y, %H:%M}" in shared
    assert "Attendance" not in shared
    # Answered: there is nothing left to accept or decline.
    assert browser.post(f"/care/family/{participant.pk}/accept/").status_code == 404
    assert browser.post(f"/care/family/{participant.pk}/decline/").status_code == 404


def test_a_release_is_not_signed_for_an_account_that_accepted_while_alice_read_it(
    alice, bob, carol, signed_in
):
    participant = add_participant(
        client=alice, added_by=bob, name="Pat", relationship="partner", person=carol
    )
    release = _release(bob, participant)
    alices = signed_in(alice)
    url = f"/care/clients/{alice.pk}/family/releases/{release.pk}/"
    page = alices.get(url)
    assert _reader(page) == NOT_LINKED
    [shown] = find_all(page_tree(page), "input", attrs={"name": "reader"})
    assert dict(shown.attributes)["value"] in ("", None)

    # Carol accepts while Alice reads; Alice signs the page she read, which named nobody.
    assert signed_in(carol).post(f"/care/family/{participant.pk}/accept/").status_code == 302
    page = alices.post(url, {"name": "Alice", "reader": ""})
    assert page.status_code == 400
    tree = page_tree(page, 400)
    assert (
        "Who reads this release online changed while you were reading it. Read it again, then sign."
    ) in text_of(tree)
    [said] = find_all(tree, "p", attrs={"id": "release-reader"})
    assert text_of(said).startswith("Carol, signed in with their account c***@example.org.")
    release.refresh_from_db()
    assert release.signed_at is None
    assert signed_in(carol).get(f"/care/family/{participant.pk}/").status_code == 404


def test_alice_reads_the_same_on_her_release_whether_or_not_the_address_has_an_account(
    alice, bob, carol, signed_in
):
    """Until its owner accepts, an account asked is not named to Alice either: a pending link
    reads like an address without an account, or no address at all."""
    alices = signed_in(alice)
    base = f"/care/clients/{alice.pk}/family/releases/"
    said = set()
    for person in (carol, None):
        participant = add_participant(
            client=alice, added_by=bob, name="Pat", relationship="partner", person=person
        )
        release = _release(bob, participant)
        page = alices.get(f"{base}{release.pk}/")
        assert "Carol" not in text_of(page_tree(page))
        said.add(_reader(page))
    assert said == {NOT_LINKED}


def test_declining_unlinks_the_account(alice, bob, carol, signed_in):
    participant, _ = _asked(alice, bob, carol)
    browser = signed_in(carol)

    response = browser.post(f"/care/family/{participant.pk}/decline/")
    assert (response.status_code, response["Location"]) == (302, "/home/")
    participant.refresh_from_db()
    assert (participant.person, participant.person_confirmed_at) == (None, None)
    assert browser.get(FAMILY_PAGE).status_code == 404
    assert browser.get(f"/care/family/{participant.pk}/").status_code == 404
    assert "Family sessions" not in _nav(browser.get("/home/", follow=True))
    assert browser.post(f"/care/family/{participant.pk}/accept/").status_code == 404

    # Logged on Carol's own record, not on Alice's: Alice's log does not say whose account the
    # address was, nor that anyone was asked.
    assert not AccessEvent.objects.filter(client_id=alice.pk, actor_id=carol.pk).exists()
    answer = AccessEvent.objects.get(client_id=carol.pk, actor_id=carol.pk, action=Action.UPDATE)
    assert (answer.what, answer.object_id) == (
        "a family sessions request declined",
        f"family participant {participant.pk}",
    )
    log = text_of(page_tree(signed_in(alice).get("/privacy/my-record/access/")))
    assert "Bob" in log  # the page lists who changed her record: the care team, not Carol
    assert "Carol" not in log and "declined" not in log
    # The care team's list reads as for any address without a linked account.
    listing = text_of(page_tree(signed_in(bob).get(f"/care/clients/{alice.pk}/family/")))
    assert "No account linked." in listing


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_only_the_person_asked_may_answer(
    answer, alice, bob, sam, carol, mallory, eve, ivy, ada, signed_in
):
    participant, _ = _asked(alice, bob, carol)
    # Mallory is asked too, as Alice's cousin: her request is hers alone, as Carol's is Carol's.
    cousin = add_participant(
        client=alice, added_by=bob, name="Mallory", relationship="cousin", person=mallory
    )
    url = f"/care/family/{participant.pk}/{answer}/"
    events = AccessEvent.objects.count()
    for person in (bob, sam, eve, alice, mallory, ivy, ada):
        assert signed_in(person).post(url).status_code == 404, person.email
    assert signed_in(carol).post(f"/care/family/{cousin.pk}/{answer}/").status_code == 404
    assert signed_in(carol).get(url).status_code == 405
    for asked, person in ((participant, carol), (cousin, mallory)):
        asked.refresh_from_db()
        assert (asked.person, asked.person_confirmed_at) == (person, None)
    assert AccessEvent.objects.count() == events
