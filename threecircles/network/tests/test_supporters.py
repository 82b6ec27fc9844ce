"""A client invites supporters and decides, person by person, what each one sees."""

import html
import re

import pytest
from django.core import mail
from django.test import Client

from threecircles.accounts.models import Invitation, Role, User
from threecircles.network.actions import shared_labels
from threecircles.network.models import SupportMember
from threecircles.network.tests.helpers import CLINICAL_WORDS
from threecircles.privacy.models import AccessEvent, Grant
from threecircles.tests.html import find_all, page_tree, text_of

MY_SUPPORTERS = "/support/my-supporters/"
SUPPORTING = "/support/supporting/"
SOBRIETY = "Sobriety status and sober time"
CHECKINS = "Check-in regularity"
SLIPS = "Slips (that one happened)"


def _text(page) -> str:
    return html.unescape(page.content.decode())


def _shared_with_me(page) -> dict[str, set[str]]:
    """Each supported person on /support/supporting/ and the items listed for them."""
    result = {}
    for card in find_all(page_tree(page), "article", "card"):
        [heading] = list(find_all(card, "h2"))
        result[text_of(heading)] = {text_of(item) for item in find_all(card, "li")}
    return result


def _invitation_link(body: str) -> str:
    found = re.search(r"https?://\S+/invitation/\S+/", body)
    assert found, body
    return found.group(0)


def _invite(browser: Client, **fields):
    data = {"email": "jo@example.net", "name": "Jo", "relationship": "sponsor", **fields}
    return browser.post(MY_SUPPORTERS, data, follow=True)


def _accept_and_sign_up(url: str, email: str, name: str) -> Client:
    supporter = Client()
    page = supporter.get(url.replace("http://127.0.0.1:8000", ""), follow=True)
    assert page.request["PATH_INFO"] == "/accounts/signup/"
    page = supporter.post(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": name,
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
        follow=True,
    )
    assert page.request["PATH_INFO"] == SUPPORTING, _text(page)
    return supporter


@pytest.fixture
def alice_browser(signed_in, alice) -> Client:
    browser: Client = signed_in(alice)
    return browser


def test_full_journey_invite_join_share_change_and_revoke(alice_browser, alice, run_tasks):
    # Alice invites Jo and chooses to share sobriety and slips only.
    page = _invite(alice_browser, scopes=["sobriety", "slips"])
    assert page.request["PATH_INFO"] == MY_SUPPORTERS
    text = _text(page)
    assert "Invitation sent to Jo." in text
    assert "invitation valid" in text
    member = SupportMember.objects.get(client=alice)
    assert shared_labels(member) == [SOBRIETY, SLIPS]

    # The e-mail says only that Jo is invited.
    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jo@example.net"]
    body = str(message.body)
    everything = f"{message.subject}\n{body}".lower()
    assert "invited" in everything
    assert "alice" not in everything
    for word in CLINICAL_WORDS:
        assert word not in everything, word
    url = _invitation_link(body)

    # Jo joins through the link and sees exactly what Alice chose.
    jo = _accept_and_sign_up(url, "jo@example.net", "Jo")
    assert User.objects.get(email="jo@example.net").role == Role.SUPPORTER
    page = jo.get(SUPPORTING)
    assert _shared_with_me(page) == {"Alice": {SOBRIETY, SLIPS}}
    assert "You are their sponsor." in _text(page)

    # Alice sees that Jo has joined, and turns slips off.
    page = alice_browser.get(MY_SUPPORTERS)
    assert "has joined" in _text(page)
    page = alice_browser.post(
        f"{MY_SUPPORTERS}{member.pk}/sharing/", {"scopes": "sobriety"}, follow=True
    )
    assert "Sharing with Jo updated." in _text(page)
    assert _shared_with_me(jo.get(SUPPORTING)) == {"Alice": {SOBRIETY}}
    # The change is a consent record: the slips grant ended, the sobriety one kept its start.
    ended = Grant.objects.supporters().filter(invitation=member.invitation, scope="slips")
    assert ended.get().ends_at is not None

    # Alice turns everything off: Jo is told nothing is shared.
    alice_browser.post(f"{MY_SUPPORTERS}{member.pk}/sharing/", {})
    page = jo.get(SUPPORTING)
    assert _shared_with_me(page) == {"Alice": set()}
    assert "They are not sharing anything with you right now." in _text(page)

    # Alice turns sobriety back on, then stops sharing with Jo altogether.
    alice_browser.post(f"{MY_SUPPORTERS}{member.pk}/sharing/", {"scopes": "sobriety"})
    page = alice_browser.post(f"{MY_SUPPORTERS}{member.pk}/revoke/", follow=True)
    text = _text(page)
    assert "Jo no longer sees anything you share." in text
    assert "You have not invited anyone yet." in text

    page = jo.get(SUPPORTING)
    text = _text(page)
    assert _shared_with_me(page) == {}
    assert "No one is sharing with you at the moment." in text
    assert "Alice" not in text
    assert "Sobriety" not in text


def test_revoking_before_they_join_withdraws_the_link(alice_browser, alice, run_tasks):
    _invite(alice_browser, scopes=["sobriety"])
    run_tasks()
    url = _invitation_link(str(mail.outbox[0].body))
    member = SupportMember.objects.get(client=alice)
    alice_browser.post(f"{MY_SUPPORTERS}{member.pk}/revoke/")

    page = Client().get(url.replace("http://127.0.0.1:8000", ""))
    assert page.status_code == 410
    assert User.objects.filter(email="jo@example.net").count() == 0


def test_bad_email_shows_the_error_and_keeps_what_was_typed(alice_browser, alice, run_tasks):
    page = _invite(
        alice_browser,
        email="jo-at-example",
        name="Jo Example",
        relationship="friend",
        scopes=["slips"],
    )
    text = _text(page)
    assert page.status_code == 200
    assert page.request["PATH_INFO"] == MY_SUPPORTERS
    assert "Enter a valid email address." in text
    assert 'value="jo-at-example"' in text
    assert 'value="Jo Example"' in text
    tree = page_tree(page)
    [friend] = [o for o in find_all(tree, "option") if dict(o.attributes)["value"] == "friend"]
    assert "selected" in dict(friend.attributes)
    ticked = {
        dict(box.attributes)["value"]
        for box in find_all(tree, "input")
        if dict(box.attributes).get("name") == "scopes" and "checked" in dict(box.attributes)
    }
    assert ticked == {"slips"}
    assert not SupportMember.objects.filter(client=alice).exists()
    assert not Invitation.objects.filter(client=alice).exists()
    run_tasks()
    assert mail.outbox == []


def test_inviting_yourself_is_refused_plainly(alice_browser, alice):
    page = _invite(alice_browser, email="Alice@Example.org")
    assert "Use the e-mail address of the person you are inviting." in _text(page)
    assert not SupportMember.objects.filter(client=alice).exists()


def test_missing_name_and_relationship_are_explained(alice_browser, alice):
    page = alice_browser.post(MY_SUPPORTERS, {"email": "jo@example.net"})
    assert page.status_code == 200
    text = _text(page)
    assert text.count("This field is required.") == 2
    assert 'value="jo@example.net"' in text


def test_existing_supporter_sees_only_what_is_shared(signed_in, carol):
    page = signed_in(carol).get(SUPPORTING)
    assert _shared_with_me(page) == {"Alice": {SOBRIETY, CHECKINS}}


def test_nothing_is_shared_unless_ticked(alice_browser, alice):
    _invite(alice_browser)
    member = SupportMember.objects.get(client=alice)
    assert shared_labels(member) == []
    assert not Grant.objects.filter(invitation=member.invitation).exists()


def test_carol_reads_each_shared_part_and_alice_sees_it(signed_in, alice, carol):
    page = signed_in(carol).get(f"{SUPPORTING}{alice.pk}/")
    headings = [
        text_of(h)
        for section in find_all(page_tree(page), "section", "card")
        for h in find_all(section, "h2")
    ]
    assert headings == [SOBRIETY, CHECKINS]
    reads = AccessEvent.objects.for_client(alice.pk).filter(actor_id=carol.pk)
    assert sorted(reads.values_list("what", flat=True)) == [
        "your check-in regularity",
        "your sobriety status and sober time",
    ]
    assert set(reads.values_list("basis", "reason")) == {("supporter", "Sponsor")}


def test_a_change_of_sharing_takes_effect_on_the_next_request(signed_in, alice, carol):
    member = SupportMember.objects.get(client=alice)
    carols = signed_in(carol)
    assert carols.get(f"{SUPPORTING}{alice.pk}/").status_code == 200
    signed_in(alice).post(f"{MY_SUPPORTERS}{member.pk}/sharing/", {})
    assert carols.get(f"{SUPPORTING}{alice.pk}/").status_code == 404


@pytest.mark.parametrize("action", ["sharing", "revoke"])
@pytest.mark.parametrize("who", ["mallory", "eve", "carol", "bob"])
def test_others_get_404_on_alices_supporter_urls(request, signed_in, carol, action, who):
    member = SupportMember.objects.get(client__email="alice@example.org")
    browser = signed_in(request.getfixturevalue(who))
    page = browser.post(
        f"{MY_SUPPORTERS}{member.pk}/{action}/",
        {"scopes": ["plan", "slips"]},
    )
    assert page.status_code == 404
    member.refresh_from_db()
    assert member.revoked_at is None
    assert shared_labels(member) == [SOBRIETY, CHECKINS]
    page = signed_in(carol).get(SUPPORTING)
    assert _shared_with_me(page) == {"Alice": {SOBRIETY, CHECKINS}}


def test_mallorys_own_supporter_page_does_not_show_alices_supporters(signed_in, carol, mallory):
    page = signed_in(mallory).get(MY_SUPPORTERS)
    assert page.status_code == 200
    text = _text(page)
    assert "Carol" not in text
    assert "You have not invited anyone yet." in text


def test_sharing_urls_only_accept_post(alice_browser, carol):
    member = SupportMember.objects.get(client__email="alice@example.org")
    assert alice_browser.get(f"{MY_SUPPORTERS}{member.pk}/revoke/").status_code == 405
    member.refresh_from_db()
    assert member.revoked_at is None


def test_a_supporter_page_is_not_for_clients(alice_browser):
    assert alice_browser.get(SUPPORTING).status_code == 404
