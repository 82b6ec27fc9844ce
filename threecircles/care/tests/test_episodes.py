"""Episodes of care: admission, transfer, discharge, the care team, and the client's history."""

import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.actions import create_invitation
from threecircles.accounts.models import Practice, PracticeMembership, Role, User
from threecircles.care.models import DischargeSummary, Episode, LevelChange
from threecircles.privacy.models import Grant
from threecircles.tests.html import find_all, page_tree, text_of


def _episode(client: User) -> Episode:
    return Episode.objects.filter(client=client).order_by("-started_on", "-pk")[0]


def _url(name: str, episode: Episode) -> str:
    return reverse(f"care:{name}", args=[episode.client_id, episode.pk])


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _caseload_row(page: Any, name: str) -> str:
    rows = [text_of(tr) for tr in find_all(page_tree(page), "tr") if name in text_of(tr)]
    assert len(rows) == 1, rows
    return rows[0]


def _accepted_invitation(bob: User, practice: Practice) -> User:
    """Jamie signs up from Bob's invitation, as in the invitation tests."""
    _, url = create_invitation(
        invited_by=bob, email="jamie@example.org", role=Role.CLIENT, practice=practice
    )
    browser = Client()
    browser.get(url.replace("http://127.0.0.1:8000", ""), follow=True)
    browser.post(
        "/accounts/signup/",
        {
            "email": "jamie@example.org",
            "display_name": "Jamie",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    return User.objects.get(email="jamie@example.org")


def test_a_clinician_admits_a_newly_invited_client_who_then_shows_in_an_episode(
    bob, sam, practice, signed_in
):
    jamie = _accepted_invitation(bob, practice)
    browser = signed_in(bob)
    assert "Not in an episode" in _caseload_row(browser.get(reverse("care:caseload")), "Jamie")
    record = page_tree(browser.get(reverse("care:client_record", args=[jamie.pk])))
    admit_links = [a for a in find_all(record, "a") if text_of(a) == "Admit"]
    assert [dict(a.attributes)["href"] for a in admit_links] == [
        reverse("care:episode_admit", args=[jamie.pk])
    ]

    page = browser.post(
        reverse("care:episode_admit", args=[jamie.pk]),
        {
            "practice": practice.pk,
            "level_of_care": "iop",
            "started_on": timezone.localdate().isoformat(),
            "primary_clinician": bob.pk,
        },
        follow=True,
    )
    assert f"{jamie.display_name} was admitted." in page.text
    row = _caseload_row(browser.get(reverse("care:caseload")), "Jamie")
    assert "Intensive outpatient" in row
    assert "Harbor Counseling" in row
    episode = _episode(jamie)
    team = text_of(
        next(find_all(page_tree(browser.get(_url("episode_detail", episode))), "ul", "care-team"))
    )
    assert "Bob, primary clinician" in team
    assert "Sam, supervisor" in team


def test_further_team_members_join_with_their_roles_at_admission(bob, practice, signed_in):
    jamie = _accepted_invitation(bob, practice)
    gus = make_user("Gus", Role.CLINICIAN)
    PracticeMembership.objects.create(practice=practice, user=gus, role=Role.CLINICIAN)
    browser = signed_in(bob)
    browser.post(
        reverse("care:episode_admit", args=[jamie.pk]),
        {
            "practice": practice.pk,
            "level_of_care": "outpatient",
            "started_on": timezone.localdate().isoformat(),
            "primary_clinician": bob.pk,
            "member_1": gus.pk,
            "role_1": "group_facilitator",
        },
    )
    page = page_tree(browser.get(_url("episode_detail", _episode(jamie))))
    assert "Gus, group facilitator" in text_of(next(find_all(page, "ul", "care-team")))


def test_a_second_open_episode_at_the_same_practice_is_refused_and_the_form_keeps_input(
    alice, bob, practice, signed_in
):
    page = signed_in(bob).post(
        reverse("care:episode_admit", args=[alice.pk]),
        {
            "practice": practice.pk,
            "level_of_care": "residential",
            "started_on": timezone.localdate().isoformat(),
            "primary_clinician": bob.pk,
        },
    )
    tree = page_tree(page)
    assert "Alice already has an open episode at Harbor Counseling." in text_of(tree)
    selected = [
        text_of(option)
        for option in find_all(tree, "option")
        if "selected" in dict(option.attributes)
    ]
    assert "Residential" in selected
    assert Episode.objects.filter(client=alice).count() == 1


def test_transfers_are_kept_as_history_in_order(alice, bob, signed_in):
    episode = _episode(alice)
    today = timezone.localdate()
    with time_machine.travel(_noon(today + timedelta(days=7)), tick=False):
        browser = signed_in(bob)
        for level, day, reason in (
            ("iop", today + timedelta(days=2), "Stepped up as planned"),
            ("residential", today + timedelta(days=5), "Needs a residential stay"),
        ):
            page = browser.post(
                _url("episode_transfer", episode),
                {"to_level": level, "changed_on": day.isoformat(), "reason": reason},
            )
            assert page.status_code == 302
        # A move dated before the current level began is refused, with what was typed kept.
        page = browser.post(
            _url("episode_transfer", episode),
            {"to_level": "outpatient", "changed_on": today.isoformat(), "reason": "Back"},
        )
        assert "Choose a day on or after" in text_of(page_tree(page))
        page = page_tree(browser.get(_url("episode_detail", episode)))
    changes = [text_of(li) for li in find_all(next(find_all(page, "ol", "level-changes")), "li")]
    assert changes == [
        f"{today + timedelta(days=2):%-d %b %Y}: Outpatient to Intensive outpatient "
        "(Stepped up as planned)",
        f"{today + timedelta(days=5):%-d %b %Y}: Intensive outpatient to Residential "
        "(Needs a residential stay)",
    ]
    episode.refresh_from_db()
    assert episode.level_of_care == "residential"
    assert LevelChange.objects.filter(episode=episode).count() == 2


def _discharge(browser: Client, episode: Episode, day: date, summary: str) -> Any:
    return browser.post(
        _url("episode_discharge", episode),
        {"ended_on": day.isoformat(), "reason": "completed", "summary": summary},
    )


def test_discharge_ends_the_episode_and_the_teams_access_after_the_last_day(alice, bob, signed_in):
    episode = _episode(alice)
    last_day = timezone.localdate() + timedelta(days=3)
    record = reverse("care:client_record", args=[alice.pk])
    with time_machine.travel(_noon(last_day), tick=False):
        browser = signed_in(bob)
        assert _discharge(browser, episode, last_day, "Finished the program.").status_code == 302
        assert browser.get(record).status_code == 200
        assert "Completed treatment" in text_of(
            page_tree(browser.get(_url("episode_detail", episode)))
        )
    with time_machine.travel(_noon(last_day + timedelta(days=1)), tick=False):
        browser = signed_in(bob)
        assert browser.get(record).status_code == 404
        assert browser.get(_url("episode_detail", episode)).status_code == 404
    episode.refresh_from_db()
    assert (episode.ended_on, episode.discharge_reason, episode.discharged_by) == (
        last_day,
        "completed",
        bob,
    )


def test_discharge_before_the_start_is_refused_and_keeps_what_was_typed(alice, bob, signed_in):
    episode = _episode(alice)
    page = _discharge(signed_in(bob), episode, episode.started_on - timedelta(days=1), "Kept text")
    tree = page_tree(page)
    assert f"Choose a discharge day on or after {episode.started_on:%d %B %Y}." in text_of(tree)
    assert "Kept text" in text_of(next(find_all(tree, "textarea")))
    assert _episode(alice).is_open


def test_the_discharge_summary_is_encrypted_at_rest(alice, bob, signed_in):
    marker = f"Sentinel {secrets.token_hex(16)}"
    _discharge(signed_in(bob), _episode(alice), timezone.localdate(), marker)
    # The marker is findable where it should be, so its absence below means something.
    assert DischargeSummary.objects.get(client=alice).text == marker
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {DischargeSummary._meta.db_table}")
        rows = cursor.fetchall()
    assert len(rows) == 1
    assert marker not in repr(rows)


def test_the_client_sees_past_episodes_and_the_summary_labelled_as_their_clinicians(
    alice, bob, signed_in
):
    episode = _episode(alice)
    today = timezone.localdate()
    with time_machine.travel(_noon(today + timedelta(days=4)), tick=False):
        browser = signed_in(bob)
        browser.post(
            _url("episode_transfer", episode),
            {
                "to_level": "iop",
                "changed_on": (today + timedelta(days=1)).isoformat(),
                "reason": "Planned",
            },
        )
        _discharge(browser, episode, today + timedelta(days=4), "You did the work.")
        page = page_tree(signed_in(alice).get(reverse("care:episode_history")))
    text = text_of(page)
    assert "Past: Harbor Counseling" in text
    assert "Outpatient to Intensive outpatient (Planned)" in text
    assert "Completed treatment" in text
    team = text_of(next(find_all(page, "ul", "care-team")))
    assert f"Bob, primary clinician, until {today + timedelta(days=4):%-d %b %Y}" in team
    assert "Written by your clinician Bob" in text
    assert "You did the work." in text


def test_a_member_joins_with_a_role_and_their_place_ends_after_today(
    alice, bob, practice, signed_in
):
    gus = make_user("Gus", Role.CLINICIAN)
    PracticeMembership.objects.create(practice=practice, user=gus, role=Role.CLINICIAN)
    episode = _episode(alice)
    browser = signed_in(bob)
    browser.post(_url("episode_add_member", episode), {"member": gus.pk, "role": "prescriber"})
    page = page_tree(browser.get(_url("episode_detail", episode)))
    assert "Gus, psychiatrist or prescriber" in text_of(next(find_all(page, "ul", "care-team")))
    assert signed_in(gus).get(reverse("care:client_record", args=[alice.pk])).status_code == 200
    place = Grant.objects.care_team().get(client=alice, grantee=gus)
    browser.post(reverse("care:episode_end_member", args=[alice.pk, episode.pk, place.pk]))
    with time_machine.travel(_noon(timezone.localdate() + timedelta(days=1)), tick=False):
        assert signed_in(gus).get(reverse("care:client_record", args=[alice.pk])).status_code == 404


def test_the_last_primary_clinicians_place_cannot_be_ended(alice, bob, signed_in):
    episode = _episode(alice)
    place = Grant.objects.care_team().get(client=alice, grantee=bob)
    url = reverse("care:episode_end_member", args=[alice.pk, episode.pk, place.pk])
    page = signed_in(bob).post(url, follow=True)
    assert "Name another primary clinician before ending this place." in page.text
    assert Grant.objects.get(pk=place.pk).ends_at is None


def test_another_client_and_an_outside_clinician_get_404(alice, bob, mallory, eve, signed_in):
    episode = _episode(alice)
    for person in (mallory, eve):
        browser = signed_in(person)
        assert browser.get(_url("episode_detail", episode)).status_code == 404
        assert browser.get(reverse("care:episode_admit", args=[alice.pk])).status_code == 404
        assert _discharge(browser, episode, timezone.localdate(), "No").status_code == 404
    assert _episode(alice).is_open
    history = text_of(page_tree(signed_in(mallory).get(reverse("care:episode_history"))))
    assert "Elsewhere Clinic" in history
    assert "Harbor Counseling" not in history


def _messages(page: Any) -> list[str]:
    return [text_of(p) for p in find_all(page_tree(page), "p", "message")]


def test_each_change_on_the_episode_page_comes_back_to_it_saying_what_was_done(
    alice, bob, practice, signed_in
):
    gus = make_user("Gus", Role.CLINICIAN)
    PracticeMembership.objects.create(practice=practice, user=gus, role=Role.CLINICIAN)
    episode = _episode(alice)
    today = timezone.localdate()
    browser = signed_in(bob)
    page = browser.post(
        _url("episode_transfer", episode),
        {"to_level": "iop", "changed_on": today.isoformat(), "reason": "Planned"},
        follow=True,
    )
    assert page.redirect_chain == [(_url("episode_detail", episode), 302)]
    assert _messages(page) == ["Level of care changed."]
    page = browser.post(
        _url("episode_add_member", episode), {"member": gus.pk, "role": "prescriber"}, follow=True
    )
    assert _messages(page) == ["Added to the care team."]
    page = browser.post(
        _url("episode_discharge", episode),
        {"ended_on": today.isoformat(), "reason": "completed", "summary": "Done."},
        follow=True,
    )
    assert _messages(page) == [
        "Discharged. The care team keeps access to the record through the last day of care."
    ]


def test_adding_someone_already_on_the_team_is_refused_on_the_members_form(alice, bob, signed_in):
    episode = _episode(alice)
    page = signed_in(bob).post(
        _url("episode_add_member", episode), {"member": bob.pk, "role": "prescriber"}
    )
    tree = page_tree(page)
    member_form = next(
        find_all(tree, "form", attrs={"action": _url("episode_add_member", episode)})
    )
    assert "Bob is already on the care team." in text_of(member_form)
    transfer_form = next(
        find_all(tree, "form", attrs={"action": _url("episode_transfer", episode)})
    )
    assert "already on the care team" not in text_of(transfer_form)
    assert Grant.objects.care_team().filter(client=alice, grantee=bob).count() == 1


def test_every_label_on_the_episode_page_finds_its_own_field(alice, bob, signed_in):
    """Transfer and discharge both ask for a "Reason": each label points at its own field."""
    page = signed_in(bob).get(_url("episode_detail", _episode(alice)))
    tree = page_tree(page)
    ids = [
        dict(element.attributes)["id"]
        for tag in ("input", "select", "textarea")
        for element in find_all(tree, tag)
        if "id" in dict(element.attributes)
    ]
    assert len(ids) == len(set(ids))
    targets = [dict(label.attributes).get("for") for label in find_all(tree, "label")]
    assert {"id_transfer_reason", "id_discharge_reason"} <= set(targets)
    assert set(targets) - {None} <= set(ids)
