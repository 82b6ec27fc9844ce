"""Groups: a facilitator starts a group and asks people to join; each member chooses what the
group sees; leaving ends everything the group carried; the facilitator sees attendance and
what was shared, nothing else."""

from datetime import timedelta

import pytest
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Notification, Practice, Role, User
from threecircles.care.actions import open_episode
from threecircles.network import groups
from threecircles.network.actions import connect_supporter
from threecircles.network.models import (
    Attendance,
    GroupKind,
    GroupMembership,
    SupportGroup,
    SupportRequest,
)
from threecircles.privacy.models import AccessEvent, Grant
from threecircles.recovery import actions as recovery
from threecircles.tests.html import find_all, page_tree, text_of

MY_GROUPS = "/support/groups/"
PLAN_ITEM = "Paid sex"
CHECK_IN_NOTE = "Called my sponsor after the meeting"


def _text(page) -> str:
    """The page's text as read, tags left out."""
    return text_of(parse_html(page.content.decode()))


def _group_url(group: SupportGroup, part: str = "") -> str:
    return f"{MY_GROUPS}{group.pk}/{part}"


def _shared(page) -> dict[str, list[str]]:
    """Each sharer on a group page and the lines listed for them."""
    return {
        text_of(next(find_all(card, "h3"))): [text_of(item) for item in find_all(card, "li")]
        for card in find_all(page_tree(page), "article", "shared")
    }


def _members(page) -> list[str]:
    return _names_in(page, "members")


def _names_in(page, css_class: str) -> list[str]:
    """The people listed in one list of a group page, without the buttons beside them."""
    [found] = list(find_all(page_tree(page), "ul", css_class))
    return [text_of(item.children[0]) for item in find_all(found, "li")]


def _boxes(page, name: str = "") -> dict[str, bool]:
    """Tick boxes (by name, or the values of those named `name`) and whether each is ticked."""
    found: dict[str, bool] = {}
    for box in find_all(page_tree(page), "input", attrs={"type": "checkbox"}):
        attributes = dict(box.attributes)
        if not name:
            found[str(attributes["name"])] = "checked" in attributes
        elif attributes["name"] == name:
            found[str(attributes["value"])] = "checked" in attributes
    return found


def _nav(page) -> list[str]:
    [nav] = list(find_all(page_tree(page), "nav", "site-nav"))
    return [text_of(link) for link in find_all(nav, "a")]


def _group_grants(group: SupportGroup):
    return Grant.objects.supporters().filter(source=group.source)


@pytest.fixture
def dan(other_practice: Practice, eve: User) -> User:
    """A client of Eve's, at another practice: nobody at Bob's practice sees his record."""
    user = make_user("Dan", Role.CLIENT)
    open_episode(
        client=user, practice=other_practice, primary_clinician=eve, level_of_care="outpatient"
    )
    return user


@pytest.fixture
def alices_recovery(alice: User) -> None:
    """Ten sober days (milestones: 1 day, 7 days), a plan, and a check-in note: what a group
    must never see beyond the milestones."""
    recovery.write_plan(
        client=alice,
        author=alice,
        items={"inner": [{"text": PLAN_ITEM}], "middle": [], "outer": []},
    )
    today = recovery.today_for(alice)
    for back in range(9, -1, -1):
        note = CHECK_IN_NOTE if back == 0 else ""
        recovery.save_check_in(
            client=alice, day=today - timedelta(days=back), answers={"inner_kept": True}, note=note
        )


@pytest.fixture
def tuesday(bob: User, alice: User, dan: User) -> SupportGroup:
    """Bob's therapy group with Alice and Dan in it, nobody sharing anything yet."""
    group = groups.create_group(
        facilitator=bob, name="Tuesday group", kind=GroupKind.THERAPY, meets="Tuesdays 18:30"
    )
    groups.add_member_directly(group=group, person=alice)
    groups.add_member_directly(group=group, person=dan)
    return group


def _membership(group: SupportGroup, person: User) -> GroupMembership:
    return group.memberships.current().get(person=person)


# --- starting a group and joining it --------------------------------------------------------


def test_a_clinician_starts_a_group_asks_a_client_from_their_caseload_who_accepts(
    bob, alice, mallory, signed_in
):
    bobs = signed_in(bob)
    page = bobs.get(MY_GROUPS)
    assert "You do not facilitate a group yet." in _text(page)
    assert "My groups" in _nav(page)

    # A name is needed; what was typed stays.
    page = bobs.post("/support/groups/new/", {"kind": "therapy", "meets": "Tuesdays 18:30"})
    assert 'Give the group a name, for example "Thursday evening group".' in _text(page)
    [meets] = list(find_all(page_tree(page), "input", attrs={"name": "meets"}))
    assert dict(meets.attributes)["value"] == "Tuesdays 18:30"
    page = bobs.post(
        "/support/groups/new/",
        {"name": "Tuesday group", "kind": "therapy", "meets": "Tuesdays 18:30"},
        follow=True,
    )
    group = SupportGroup.objects.get()
    assert (group.facilitator, group.practice.name) == (bob, "Harbor Counseling")
    assert page.request["PATH_INFO"] == _group_url(group)
    assert "Tuesday group started." in _text(page)

    # Bob picks from his caseload: Alice is there, Mallory (Eve's client) is not.
    options = [
        text_of(o) for o in find_all(page_tree(page), "option") if dict(o.attributes)["value"]
    ]
    assert options == ["Alice"]
    page = bobs.post(_group_url(group, "ask/"), {"person": mallory.pk})
    assert "Choose someone from the list." in _text(page)
    assert not GroupMembership.objects.exists()
    page = bobs.post(_group_url(group, "ask/"), {"person": alice.pk}, follow=True)
    assert "Alice was asked to join. They join when they accept." in _text(page)
    assert _names_in(page, "pending") == ["Alice"]

    # Alice is told something is waiting, not what the group is.
    notice = Notification.objects.get(recipient=alice)
    assert notice.text == "You have been invited to join a group."
    assert "Tuesday" not in notice.text

    # Until she accepts she sees the invitation only: on her home and on "My groups".
    alices = signed_in(alice)
    assert "Tuesday group, facilitated by Bob" in _text(alices.get("/me/"))
    page = alices.get(MY_GROUPS)
    [card] = list(find_all(page_tree(page), "article", "invitation"))
    assert "Therapy group · facilitated by Bob · meets Tuesdays 18:30" in text_of(card)
    assert alices.get(_group_url(group)).status_code == 404

    membership = GroupMembership.objects.get()
    page = alices.post(f"{MY_GROUPS}invitations/{membership.pk}/accept/", follow=True)
    assert page.request["PATH_INFO"] == _group_url(group)
    assert "You joined Tuesday group. You share nothing with the group until you choose to." in (
        _text(page)
    )
    assert _members(page) == ["Alice (you)"]
    assert not _group_grants(group).exists()
    assert "Group invitations" not in _text(alices.get("/me/"))


def test_a_declined_invitation_closes_and_leaves_nothing_behind(bob, alice, signed_in):
    group = groups.create_group(facilitator=bob, name="Tuesday group", kind="therapy")
    membership = groups.ask_to_join(group=group, person=alice, asked_by=bob)
    alices = signed_in(alice)
    page = alices.post(f"{MY_GROUPS}invitations/{membership.pk}/decline/", follow=True)
    assert "You declined the invitation to Tuesday group." in _text(page)
    assert "You are not in any group right now." in _text(page)
    assert alices.post(f"{MY_GROUPS}invitations/{membership.pk}/accept/").status_code == 404
    # Bob may ask again.
    assert [person.display_name for person in groups.candidates_for(group, bob)] == ["Alice"]


def test_a_peer_group_may_ask_people_who_already_share_with_the_facilitator(
    alice, dan, mallory, bob
):
    connect_supporter(client=alice, supporter=dan, name="Dan", relationship="group", shares=[])
    peer = groups.create_group(facilitator=dan, name="Peer circle", kind=GroupKind.PEER)
    assert not groups.candidates_for(peer, dan).exists()
    connect_supporter(
        client=mallory, supporter=dan, name="Dan", relationship="group", shares=["sobriety"]
    )
    assert list(groups.candidates_for(peer, dan)) == [mallory]
    # A therapy group asks from the caseload only.
    therapy = groups.create_group(facilitator=bob, name="Tuesday group", kind=GroupKind.THERAPY)
    assert list(groups.candidates_for(therapy, bob)) == [alice]


def test_only_clinicians_start_therapy_groups_and_anyone_may_facilitate_a_peer_group(dan, alice):
    with pytest.raises(groups.GroupError):
        groups.create_group(facilitator=dan, name="Ours", kind=GroupKind.THERAPY)
    peer = groups.create_group(facilitator=dan, name="Ours", kind=GroupKind.PEER)
    assert peer.practice is None


# --- sharing --------------------------------------------------------------------------------


def test_sharing_on_and_off_changes_what_others_see_on_their_next_request(
    tuesday, alice, dan, bob, alices_recovery, signed_in
):
    alices, dans, bobs = signed_in(alice), signed_in(dan), signed_in(bob)
    page = dans.get(_group_url(tuesday))
    assert _members(page) == ["Alice", "Dan (you)"]
    assert _shared(page) == {}
    assert "Nobody else shares anything with the group right now." in _text(page)

    # Both boxes start unticked.
    page = alices.get(_group_url(tuesday))
    assert _boxes(page) == {"shares_milestones": False, "shares_support_requests": False}

    page = alices.post(_group_url(tuesday, "sharing/"), {"shares_milestones": "on"}, follow=True)
    assert "The group now sees your milestones." in _text(page)
    milestones = ["1 day sober in total", "7 days sober in total"]
    assert _shared(dans.get(_group_url(tuesday))) == {"Alice": milestones}
    assert _shared(bobs.get(_group_url(tuesday))) == {"Alice": milestones}
    # Alice's own page does not read her own record back to her.
    assert _shared(alices.get(_group_url(tuesday))) == {}

    # Each read is on Alice's access log, and so is her choice.
    events = AccessEvent.objects.for_client(alice.pk)
    assert events.filter(actor_id=dan.pk, what="your milestones (group)").count() == 1
    assert events.filter(
        actor_id=alice.pk,
        reason="You shared your milestones with a group",
        object_id=tuesday.source,
    ).exists()

    page = alices.post(_group_url(tuesday, "sharing/"), {}, follow=True)
    assert "The group no longer sees your milestones." in _text(page)
    assert _shared(dans.get(_group_url(tuesday))) == {}
    assert not _group_grants(tuesday).filter(client=alice).active().exists()
    assert _group_grants(tuesday).filter(client=alice).count() == 2  # Dan's and Bob's, ended

    page = alices.post(_group_url(tuesday, "sharing/"), {}, follow=True)
    assert "Nothing changed." in _text(page)


def test_shared_support_requests_say_when_and_whether_someone_answered(
    tuesday, alice, dan, signed_in
):
    groups.set_group_sharing(
        membership=_membership(tuesday, dan), milestones=False, support_requests=True
    )
    now = timezone.localtime()
    SupportRequest.objects.create(
        client=dan, wait_minutes=15, created_at=now - timedelta(days=1), answered_at=now
    )
    SupportRequest.objects.create(client=dan, wait_minutes=15, created_at=now)
    SupportRequest.objects.create(client=dan, wait_minutes=15, created_at=now - timedelta(days=20))

    page = signed_in(alice).get(_group_url(tuesday))
    yesterday = now - timedelta(days=1)
    assert _shared(page) == {
        "Dan": [
            f"Asked for support on {now:%-d %B} at {now:%H:%M} · no answer yet. "
            "Answer from your notifications",
            f"Asked for support on {yesterday:%-d %B} at {yesterday:%H:%M} · someone answered",
        ]
    }
    links = [dict(a.attributes)["href"] for a in find_all(page_tree(page), "a")]
    assert reverse("notifications") in links
    assert (
        AccessEvent.objects.for_client(dan.pk)
        .filter(actor_id=alice.pk, what="your support requests (group)")
        .exists()
    )


def test_a_member_joining_later_sees_what_others_already_share(
    bob, alice, dan, alices_recovery, signed_in
):
    group = groups.create_group(facilitator=bob, name="Tuesday group", kind="therapy")
    groups.add_member_directly(group=group, person=alice)
    groups.set_group_sharing(
        membership=_membership(group, alice), milestones=True, support_requests=False
    )
    invitation = GroupMembership.objects.create(group=group, person=dan)
    # Invited is not joined: nothing reaches Dan yet.
    assert not _group_grants(group).filter(grantee=dan).exists()

    dans = signed_in(dan)
    dans.post(f"{MY_GROUPS}invitations/{invitation.pk}/accept/")
    assert _shared(dans.get(_group_url(group))) == {
        "Alice": ["1 day sober in total", "7 days sober in total"]
    }
    # Alice reads in her log that someone new sees her milestones, without their name.
    event = (
        AccessEvent.objects.for_client(alice.pk)
        .filter(what=groups.GRANTS_WHAT)
        .order_by("seq")
        .last()
    )
    assert event.reason == "A new member of a group sees your milestones, as you chose"
    assert "Dan" not in event.reason


# --- leaving ends everything the group carried ----------------------------------------------


def test_leaving_ends_every_grant_the_group_carried_both_ways(
    tuesday, alice, dan, bob, alices_recovery, signed_in
):
    groups.set_group_sharing(
        membership=_membership(tuesday, alice), milestones=True, support_requests=True
    )
    groups.set_group_sharing(
        membership=_membership(tuesday, dan), milestones=True, support_requests=False
    )
    alices, dans = signed_in(alice), signed_in(dan)
    assert set(_shared(dans.get(_group_url(tuesday)))) == {"Alice"}
    assert set(_shared(alices.get(_group_url(tuesday)))) == {"Dan"}

    page = alices.post(_group_url(tuesday, "leave/"), follow=True)
    assert page.request["PATH_INFO"] == MY_GROUPS
    assert (
        "You left Tuesday group. Nobody there sees anything of yours any more, and you no "
        "longer see what they shared." in _text(page)
    )

    # Every grant Alice gave (to Dan and Bob) or held (from Dan) through the group has ended.
    hers = _group_grants(tuesday).filter(client=alice) | _group_grants(tuesday).filter(
        grantee=alice
    )
    assert hers.count() == 5
    assert not hers.active().exists()
    assert all(grant.ended_by_id == alice.pk for grant in hers)
    # Dan's sharing with Bob is his own and goes on.
    assert _group_grants(tuesday).active().filter(client=dan, grantee=bob).exists()

    # On the next load: Alice's group page is gone; Dan no longer sees her, even as a member.
    assert alices.get(_group_url(tuesday)).status_code == 404
    page = dans.get(_group_url(tuesday))
    assert _members(page) == ["Dan (you)"]
    assert _shared(page) == {}
    log = AccessEvent.objects.for_client(alice.pk).order_by("seq").last()
    assert log.reason == "You left a group: the group no longer sees anything of yours"
    dans_log = AccessEvent.objects.for_client(dan.pk).order_by("seq").last()
    assert dans_log.reason == "A member left a group and no longer sees what you share"


def test_removed_by_the_facilitator_ends_every_grant_and_the_person_is_told(
    tuesday, alice, dan, bob, signed_in
):
    groups.set_group_sharing(
        membership=_membership(tuesday, dan), milestones=True, support_requests=True
    )
    membership = _membership(tuesday, dan)
    page = signed_in(bob).post(f"{MY_GROUPS}members/{membership.pk}/remove/", follow=True)
    assert (
        "Dan is no longer in the group. Everything shared with them or by them through the "
        "group has ended." in _text(page)
    )
    assert _members(page) == ["Alice"]
    theirs = _group_grants(tuesday).filter(client=dan) | _group_grants(tuesday).filter(grantee=dan)
    assert theirs.count() == 4 and not theirs.active().exists()
    assert signed_in(dan).get(_group_url(tuesday)).status_code == 404
    assert Notification.objects.get(recipient=dan).text == "Your group membership has changed."


def test_ending_a_group_ends_every_membership_and_grant(tuesday, alice, dan, bob, signed_in):
    for person in (alice, dan):
        groups.set_group_sharing(
            membership=_membership(tuesday, person), milestones=True, support_requests=True
        )
    assert _group_grants(tuesday).active().count() == 8
    page = signed_in(bob).post(_group_url(tuesday, "end/"), follow=True)
    assert "Tuesday group has ended." in _text(page)
    assert not _group_grants(tuesday).active().exists()
    assert not GroupMembership.objects.filter(left_at__isnull=True).exists()
    for person in (alice, dan, bob):
        assert signed_in(person).get(_group_url(tuesday)).status_code == 404


# --- the facilitator sees attendance and what was shared, nothing else -----------------------


def test_the_facilitator_sees_attendance_and_shared_things_only(
    eve, alice, dan, bob, alices_recovery, signed_in
):
    """Eve, a clinician not on Alice's care team, facilitates a group Alice is in."""
    group = groups.create_group(facilitator=eve, name="Thursday group", kind="therapy")
    groups.add_member_directly(group=group, person=alice)
    groups.add_member_directly(group=group, person=dan)
    groups.set_group_sharing(
        membership=_membership(group, alice), milestones=True, support_requests=True
    )
    # The markers are there to be found by Alice's care team.
    bobs_view = _text(signed_in(bob).get(f"/recovery/clients/{alice.pk}/"))
    assert PLAN_ITEM in bobs_view and "10 sober days in total" in bobs_view
    # (The note is the value of her check-in form's field.)
    assert CHECK_IN_NOTE in signed_in(alice).get("/recovery/check-in/").content.decode()

    eves = signed_in(eve)
    page = eves.get(_group_url(group))
    text, source = _text(page), page.content.decode()
    assert _shared(page) == {"Alice": ["1 day sober in total", "7 days sober in total"]}
    for marker in (PLAN_ITEM, CHECK_IN_NOTE, "10 sober days", "%", "since"):
        assert marker not in text and marker not in source, marker
    # Her record pages stay closed to Eve.
    for url in (
        reverse("care:client_record", args=[alice.pk]),
        reverse("recovery:client_recovery", args=[alice.pk]),
        reverse("network:supporting", args=[alice.pk]),
    ):
        assert eves.get(url).status_code == 404, url

    # Attendance: a day in the future is refused, and what was ticked stays.
    page = eves.get(_group_url(group, "attendance/"))
    assert "No meetings recorded yet." in _text(page)
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = eves.post(_group_url(group, "attendance/"), {"day": tomorrow, "present": [alice.pk]})
    assert "The meeting day can't be in the future." in _text(page)
    assert _boxes(page, "present") == {str(alice.pk): True, str(dan.pk): False}

    last_week = timezone.localdate() - timedelta(days=7)
    eves.post(_group_url(group, "attendance/"), {"day": last_week, "present": [alice.pk, dan.pk]})
    today = {"day": timezone.localdate(), "present": [alice.pk]}
    page = eves.post(_group_url(group, "attendance/"), today, follow=True)
    assert f"Attendance for {timezone.localdate():%d %B %Y} saved." in _text(page)
    [table] = list(find_all(page_tree(page), "table", "attendance"))
    rows = [[text_of(cell) for cell in row.children] for row in find_all(table, "tr")]
    assert rows[1:] == [
        ["Alice", "present", "present", "2 of 2"],
        ["Dan", "absent", "present", "1 of 2"],
    ]
    # Members do not see the attendance page.
    assert signed_in(alice).get(_group_url(group, "attendance/")).status_code == 404


def test_a_client_may_facilitate_a_peer_group_and_sees_only_what_is_shared(
    alice, dan, alices_recovery, signed_in
):
    group = groups.create_group(facilitator=dan, name="Peer circle", kind=GroupKind.PEER)
    groups.add_member_directly(group=group, person=alice)
    groups.set_group_sharing(
        membership=_membership(group, alice), milestones=True, support_requests=False
    )
    dans = signed_in(dan)
    page = dans.get(MY_GROUPS)
    assert [text_of(a) for a in find_all(page_tree(page), "a") if "Peer circle" in text_of(a)]
    assert "Start a group" not in _text(page)
    page = dans.get(_group_url(group))
    assert _shared(page) == {"Alice": ["1 day sober in total", "7 days sober in total"]}
    assert PLAN_ITEM not in _text(page)
    assert dans.get(_group_url(group, "attendance/")).status_code == 200
    assert dans.get(reverse("care:client_record", args=[alice.pk])).status_code == 404
    assert dans.get("/support/groups/new/").status_code == 404


# --- who gets in ----------------------------------------------------------------------------

GROUP_PAGES = ["", "ask/", "sharing/", "leave/", "attendance/", "end/"]


def test_outsiders_get_404_on_every_group_url_and_nothing_is_logged(
    tuesday, alice, mallory, carol, sam, signed_in
):
    groups.set_group_sharing(
        membership=_membership(tuesday, alice), milestones=True, support_requests=True
    )
    membership = _membership(tuesday, alice)
    urls = [_group_url(tuesday, part) for part in GROUP_PAGES] + [
        f"{MY_GROUPS}invitations/{membership.pk}/accept/",
        f"{MY_GROUPS}invitations/{membership.pk}/decline/",
        f"{MY_GROUPS}members/{membership.pk}/remove/",
    ]
    before = AccessEvent.objects.count()
    # Mallory, a client elsewhere; Carol, Alice's sponsor; Sam, Bob's supervisor.
    for person in (mallory, carol, sam):
        browser = signed_in(person)
        for url in urls:
            response = browser.post(url, {"shares_milestones": "on", "person": alice.pk})
            assert response.status_code == 404, (person, url)
            assert "Alice" not in response.content.decode()
        for part in ("", "attendance/"):
            assert browser.get(_group_url(tuesday, part)).status_code == 404, (person, part)
    assert AccessEvent.objects.count() == before
    assert _group_grants(tuesday).active().count() == 4


def test_pending_members_see_only_the_invitation(tuesday, bob, mallory, signed_in):
    invitation = GroupMembership.objects.create(group=tuesday, person=mallory)
    mallorys = signed_in(mallory)
    text = _text(mallorys.get(MY_GROUPS))
    assert "Tuesday group" in text and "facilitated by Bob" in text
    assert "Alice" not in text and "Dan" not in text
    for part in GROUP_PAGES:
        assert mallorys.post(_group_url(tuesday, part)).status_code == 404, part
    assert mallorys.get(_group_url(tuesday)).status_code == 404
    # Someone else's invitation cannot be answered.
    assert signed_in(bob).post(f"{MY_GROUPS}invitations/{invitation.pk}/accept/").status_code == 404


def test_my_groups_is_in_the_navigation_for_people_with_a_group(
    bob, alice, dan, carol, mallory, signed_in, django_assert_num_queries
):
    assert "My groups" in _nav(signed_in(bob).get(MY_GROUPS))
    assert "My groups" not in _nav(signed_in(alice).get("/me/"))
    assert "My groups" not in _nav(signed_in(carol).get("/"))
    group = groups.create_group(facilitator=bob, name="Tuesday group", kind="therapy")
    groups.ask_to_join(group=group, person=alice, asked_by=bob)
    assert "My groups" in _nav(signed_in(alice).get("/me/"))
    peer = groups.create_group(facilitator=carol, name="Partners", kind=GroupKind.PEER)
    assert "My groups" in _nav(signed_in(carol).get("/"))
    assert signed_in(carol).get(MY_GROUPS).status_code == 200
    groups.end_group(group=peer, ended_by=carol)
    assert signed_in(carol).get(MY_GROUPS).status_code == 404
    with django_assert_num_queries(1):
        groups.shows_groups_in_nav(mallory)


def test_an_erased_member_leaves_the_group_and_every_grant_it_carried_ends(db, bob, alice):
    from django.db.models import Q

    from threecircles.privacy.actions import erase_client

    dan = make_user("Danforth", Role.CLIENT)
    group = groups.create_group(facilitator=bob, name="Tuesday group", kind=GroupKind.THERAPY)
    alices = groups.add_member_directly(group=group, person=alice)
    dans = groups.add_member_directly(group=group, person=dan)
    groups.set_group_sharing(membership=dans, milestones=True, support_requests=True)
    groups.set_group_sharing(membership=alices, milestones=True, support_requests=False)
    erase_client(client=dan, erased_by=None, reason="Asked to be forgotten")
    dans.refresh_from_db()
    assert dans.left_at is not None
    assert [m.person for m in group.memberships.current()] == [alice]
    assert (
        not Grant.objects.active()
        .filter(source=group.source)
        .filter(Q(client=dan) | Q(grantee=dan))
        .exists()
    )


# --- asking before anything is ended, and attendance changed on purpose ----------------------


def _confirmations(page) -> dict[str, tuple[str, str, str]]:
    """Each confirmation on a page: what opens it -> (where its form posts, what it says will
    happen, its button). Only a form that also carries its CSRF token counts."""
    found = {}
    for form in find_all(page_tree(page), "form"):
        has_token = list(find_all(form, "input", attrs={"name": "csrfmiddlewaretoken"}))
        for details in find_all(form, "details", "confirm"):
            [summary] = list(find_all(details, "summary"))
            [what] = list(find_all(details, "p"))
            [button] = list(find_all(details, "button", attrs={"type": "submit"}))
            assert has_token, text_of(summary)
            found[text_of(summary)] = (
                str(dict(form.attributes)["action"]),
                text_of(what),
                text_of(button),
            )
    return found


def test_leaving_removing_and_ending_a_group_each_ask_first(tuesday, bob, alice, dan, signed_in):
    members_view = _confirmations(signed_in(alice).get(_group_url(tuesday)))
    action, what, button = members_view["Leave Tuesday group"]
    assert action == _group_url(tuesday, "leave/")
    assert "ends everything shared through the group, both ways" in what
    assert button == "Yes, leave Tuesday group"

    facilitators_view = _confirmations(signed_in(bob).get(_group_url(tuesday)))
    dans = GroupMembership.objects.get(group=tuesday, person=dan)
    assert facilitators_view["Remove Dan from the group"][2] == "Yes, remove Dan"
    assert facilitators_view["Remove Dan from the group"][0] == reverse(
        "network:group_remove", args=[dans.pk]
    )
    action, what, button = facilitators_view["End Tuesday group"]
    assert (action, button) == (_group_url(tuesday, "end/"), "Yes, end Tuesday group")
    assert "ends every membership and everything shared through it" in what


def test_what_a_member_shares_has_a_short_legend_and_help_under_each_box(tuesday, alice, signed_in):
    page = page_tree(signed_in(alice).get(_group_url(tuesday)))
    [fieldset] = list(find_all(page, "fieldset"))
    assert text_of(next(find_all(fieldset, "legend"))) == "What you share"
    helps = [text_of(p) for p in find_all(fieldset, "p", "helptext")]
    assert helps[0] == "Everyone in the group and the facilitator see what you tick."
    [box_with_help] = [
        div for div in find_all(fieldset, "div", "checkbox") if list(find_all(div, "p"))
    ]
    [box] = list(find_all(box_with_help, "input"))
    [help_] = list(find_all(box_with_help, "p", "helptext"))
    assert dict(box.attributes)["aria-describedby"] == dict(help_.attributes)["id"]


def test_a_recorded_day_opens_with_its_attendance_and_saving_it_again_says_replaced(
    tuesday, bob, alice, dan, signed_in
):
    day = timezone.localdate() - timedelta(days=7)
    groups.record_meeting(group=tuesday, day=day, present={alice.pk})
    bobs = signed_in(bob)
    page = bobs.get(_group_url(tuesday, "attendance/"))
    [table] = list(find_all(page_tree(page), "table", "attendance"))
    links = [dict(a.attributes)["href"] for a in find_all(table, "a")]
    assert links == [f"{_group_url(tuesday, 'attendance/')}?day={day.isoformat()}"]

    page = bobs.get(links[0])
    assert f"This is the attendance recorded for {day:%-d %B %Y}. Saving replaces it." in _text(
        page
    )
    [day_input] = list(find_all(page_tree(page), "input", attrs={"name": "day"}))
    assert dict(day_input.attributes)["value"] == day.isoformat()
    assert _boxes(page, "present") == {str(alice.pk): True, str(dan.pk): False}

    page = bobs.post(
        _group_url(tuesday, "attendance/"), {"day": day, "present": [dan.pk]}, follow=True
    )
    assert f"Attendance for {day:%-d %B} replaced." in _text(page)
    assert f"Attendance for {day:%d %B %Y} saved." not in _text(page)
    assert set(
        Attendance.objects.filter(meeting__group=tuesday).values_list("person_id", "present")
    ) == {(alice.pk, False), (dan.pk, True)}


def test_a_day_not_recorded_or_not_a_date_opens_an_empty_form(tuesday, bob, alice, signed_in):
    bobs = signed_in(bob)
    for asked in ("?day=2026-02-30", "?day=yesterday", f"?day={timezone.localdate()}"):
        page = bobs.get(_group_url(tuesday, f"attendance/{asked}"))
        assert "Saving replaces it." not in _text(page)
        [day_input] = list(find_all(page_tree(page), "input", attrs={"name": "day"}))
        assert dict(day_input.attributes)["value"] == timezone.localdate().isoformat()
        assert not any(_boxes(page, "present").values())


def test_attendance_forms_explain_a_missing_day_and_keep_a_draft(tuesday, bob, signed_in):
    bobs = signed_in(bob)
    page = bobs.post(_group_url(tuesday, "attendance/"), {"day": ""})
    assert "Choose the day the meeting took place." in _text(page)
    page = bobs.post(_group_url(tuesday, "attendance/"), {"day": "someday"})
    assert "Enter the day of the meeting as a date, for example 2026-11-20." in _text(page)
    [form] = [
        form
        for form in find_all(page_tree(page), "form")
        if dict(form.attributes).get("action") == _group_url(tuesday, "attendance/")
    ]
    assert dict(form.attributes)["data-draft"] == f"attendance-{tuesday.pk}"
    # The wide table scrolls inside its own box on a phone, not the page.
    groups.record_meeting(group=tuesday, day=timezone.localdate(), present=set())
    page = page_tree(bobs.get(_group_url(tuesday, "attendance/")))
    [scroller] = list(find_all(page, "div", "table-scroll"))
    assert list(find_all(scroller, "table", "attendance"))


def test_asking_without_choosing_says_to_choose_someone(tuesday, bob, signed_in):
    page = signed_in(bob).post(_group_url(tuesday, "ask/"), {"person": ""})
    assert "Choose the person you want to ask to join." in _text(page)
