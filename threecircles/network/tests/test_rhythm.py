"""The accountability rhythm: a supporter's weekly summary (only what is shared now), the
e-mail that says it is ready, the alert after a run of missed check-ins, and regular calls
that both sides mark."""

import html
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from conftest import make_user
from threecircles.accounts.models import Notification, Role, User
from threecircles.network import rhythm
from threecircles.network.actions import change_sharing, connect_supporter, revoke_supporter
from threecircles.network.models import (
    AccountabilityCall,
    CallOccurrence,
    SupportMember,
    SupportRequest,
    SupportSettings,
)
from threecircles.network.tests.helpers import CLINICAL_WORDS
from threecircles.privacy.models import AccessEvent
from threecircles.recovery import actions
from threecircles.tests.html import find_all, page_tree, text_of

WEEKLY = "/support/weekly-summary/"
SETTINGS = "/support/accountability/"
CALLS = "/support/accountability/calls/"
ADD_CALL = "/support/accountability/calls/new/"
SOBRIETY = "Sobriety status and sober time"
CHECKINS = "Check-in regularity"


def _coming_wednesday_noon() -> datetime:
    """Later than the cast's sharing began (it starts now), so travelling there keeps it."""
    now = datetime.now(UTC)
    days = (2 - now.weekday()) % 7 or 7
    return (now + timedelta(days=days)).replace(hour=12, minute=0, second=0, microsecond=0)


# At noon in UTC, Alice's time zone unless a test moves her.
WEDNESDAY = _coming_wednesday_noon()
FRIDAY = f"{WEDNESDAY + timedelta(days=2):%A %-d %B}"
MIDNIGHT = time(0)


def _weekly(page) -> dict[str, dict[str, str]]:
    """Each person on the weekly page, and each line of their summary (label: text)."""
    result = {}
    for card in find_all(page_tree(page), "article", "card"):
        [heading] = list(find_all(card, "h2"))
        labels = [text_of(dt) for dt in find_all(card, "dt")]
        texts = [text_of(dd) for dd in find_all(card, "dd")]
        result[text_of(heading)] = dict(zip(labels, texts, strict=True))
    return result


def _text(page) -> str:
    return text_of(page_tree(page))


def _member(client: User, supporter: User) -> SupportMember:
    return SupportMember.objects.get(client=client, invitation__accepted_by=supporter)


def _check_in(client: User, day: date, *, middle: bool = False) -> None:
    actions.save_check_in(
        client=client,
        day=day,
        answers={"inner_kept": True, "middle": ["x"] if middle else []},
        note="",
    )


def _a_week_with_a_slip_told_to_carol(alice: User, carol: User) -> None:
    """Seven check-ins (middle-circle signs on two days), a slip two days ago told to Carol,
    a plan written this week and one support request."""
    today = actions.today_for(alice)
    for n in range(7):
        _check_in(alice, today - timedelta(days=n), middle=n in (1, 3))
    slip = actions.report_slip(client=alice, day=today - timedelta(days=2))
    actions.set_slip_sharing(
        slip=slip, tell_care_team=False, supporters=[_member(alice, carol).invitation_id]
    )
    actions.write_plan(
        client=alice, author=alice, items={"inner": [{"text": "An inner-circle item"}]}
    )
    SupportRequest.objects.create(client=alice, wait_minutes=15)


def _mail_text() -> str:
    return "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)


# --- the weekly summary ----------------------------------------------------------------------


def test_the_weekly_summary_shows_exactly_the_scopes_shared(alice, carol, signed_in):
    _a_week_with_a_slip_told_to_carol(alice, carol)
    page = signed_in(carol).get(WEEKLY)
    assert _weekly(page) == {
        "Alice": {
            SOBRIETY: "Current sober time: 1 day.",
            CHECKINS: "Checked in on 7 of the last 7 days.",
        }
    }
    reads = AccessEvent.objects.for_client(alice.pk).filter(actor_id=carol.pk)
    assert set(reads.values_list("what", "basis", "reason")) == {
        ("weekly summary: sobriety status and sober time", "supporter", "Sponsor"),
        ("weekly summary: check-in regularity", "supporter", "Sponsor"),
    }


def test_every_scope_shared_has_its_line(alice, carol, signed_in):
    _a_week_with_a_slip_told_to_carol(alice, carol)
    change_sharing(
        member=_member(alice, carol),
        scopes=["slips", "middle_circle", "milestones", "support_requests", "plan"],
    )
    assert _weekly(signed_in(carol).get(WEEKLY))["Alice"] == {
        "Slips (that one happened)": "Told you about 1 slip in the last 7 days.",
        "Middle-circle alerts": "Middle-circle signs on 2 of the last 7 days.",
        "Healthy sex plan": "The plan changed in the last 7 days.",
        "Milestones": "Reached in the last 7 days: 1 day sober in total.",
        "Past support requests": "Asked for support 1 time in the last 7 days.",
    }


def test_a_slip_not_told_to_this_supporter_is_not_counted(alice, carol, signed_in):
    slip = actions.report_slip(client=alice, day=actions.today_for(alice))
    actions.set_slip_sharing(slip=slip, tell_care_team=True, supporters=[])
    change_sharing(member=_member(alice, carol), scopes=["slips"])
    lines = _weekly(signed_in(carol).get(WEEKLY))["Alice"]
    assert lines == {"Slips (that one happened)": "No slip told to you in the last 7 days."}


def test_a_scope_taken_back_is_gone_on_the_next_request(alice, carol, signed_in):
    browser = signed_in(carol)
    assert set(_weekly(browser.get(WEEKLY))["Alice"]) == {SOBRIETY, CHECKINS}
    change_sharing(member=_member(alice, carol), scopes=["sobriety"])
    assert set(_weekly(browser.get(WEEKLY))["Alice"]) == {SOBRIETY}
    change_sharing(member=_member(alice, carol), scopes=[])
    page = browser.get(WEEKLY)
    assert _weekly(page) == {}
    assert "Alice" not in _text(page)


def test_only_supporters_have_a_weekly_summary(alice, carol, mallory, signed_in):
    assert signed_in(mallory).get(WEEKLY).status_code == 404
    assert signed_in(alice).get(WEEKLY).status_code == 404
    nav = {text_of(a) for a in find_all(page_tree(signed_in(carol).get(WEEKLY)), "a")}
    assert "Weekly summary" in nav


def test_the_weekly_email_says_only_that_it_is_ready_once_a_week(
    alice, carol, signed_in, run_tasks
):
    _a_week_with_a_slip_told_to_carol(alice, carol)
    member = _member(alice, carol)
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        browser = signed_in(carol)
        page = browser.post(
            f"/support/weekly-summary/{member.pk}/e-mail/",
            {f"m{member.pk}-weekly_summary": "on"},
            follow=True,
        )
        assert "You will get an e-mail when Alice's summary is ready." in _text(page)
        [box] = find_all(page_tree(page), "input", attrs={"type": "checkbox"})
        assert "checked" in dict(box.attributes)

        assert rhythm.send_weekly_summaries() == 1
        traveller.shift(timedelta(hours=1))
        assert rhythm.send_weekly_summaries() == 0
        traveller.shift(timedelta(days=6, hours=22))
        assert rhythm.send_weekly_summaries() == 0
        traveller.shift(timedelta(hours=1))
        assert rhythm.send_weekly_summaries() == 1
    run_tasks()
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.to == ["carol@example.org"]
    assert message.subject == "Your weekly summary is ready"
    assert "http://127.0.0.1:8000/support/weekly-summary/" in message.body
    everything = _mail_text().lower()
    for word in [*CLINICAL_WORDS, "alice", "check-in", "plan", "milestone"]:
        assert word not in everything, word
    without_link = everything.replace("http://127.0.0.1:8000/support/weekly-summary/", "")
    assert not re.search(r"\d", without_link), "a figure in the e-mail"


def test_no_weekly_email_without_asking_or_once_nothing_is_shared(alice, carol, run_tasks):
    assert rhythm.send_weekly_summaries() == 0
    member = _member(alice, carol)
    rhythm.set_weekly_summary(member=member, on=True)
    change_sharing(member=member, scopes=[])
    assert rhythm.send_weekly_summaries() == 0
    run_tasks()
    assert mail.outbox == []


def test_a_supporter_chooses_the_email_only_for_their_own_membership(
    alice, carol, mallory, signed_in
):
    member = _member(alice, carol)
    url = f"/support/weekly-summary/{member.pk}/e-mail/"
    payload = {f"m{member.pk}-weekly_summary": "on"}
    assert signed_in(mallory).post(url, payload).status_code == 404
    revoke_supporter(member=member)
    assert signed_in(carol).post(url, payload).status_code == 404
    member.refresh_from_db()
    assert member.weekly_summary is False


# --- the alert after a run of missed check-ins -----------------------------------------------


@pytest.fixture
def jo(alice) -> User:
    """A second supporter of Alice's who also sees her check-in regularity."""
    user = make_user("Jo", Role.SUPPORTER)
    connect_supporter(
        client=alice, supporter=user, name="Jo", relationship="friend", shares=["checkins"]
    )
    return user


def _missed_alerts(person: User) -> list[Notification]:
    return list(Notification.objects.for_person(person).filter(text=rhythm.MISSED_TEXT))


def test_the_people_chosen_are_told_once_after_a_quiet_run(alice, carol, jo, signed_in, run_tasks):
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        _check_in(alice, WEDNESDAY.date())
        page = signed_in(alice).post(
            SETTINGS, {"after_days": "3", "members": [_member(alice, carol).pk]}, follow=True
        )
        assert "Saved. The people you chose will be told if you go quiet." in _text(page)
        traveller.shift(timedelta(days=2))
        assert rhythm.alert_missed_checkins() == 0
        traveller.shift(timedelta(days=1))  # Saturday: three days after Wednesday
        assert rhythm.alert_missed_checkins() == 1
        traveller.shift(timedelta(hours=1))
        assert rhythm.alert_missed_checkins() == 0
        traveller.shift(timedelta(days=5))
        assert rhythm.alert_missed_checkins() == 0
    [note] = _missed_alerts(carol)
    assert note.url == f"/support/supporting/{alice.pk}/"
    assert _missed_alerts(jo) == []
    run_tasks()
    [message] = mail.outbox
    assert message.to == ["carol@example.org"]
    assert rhythm.MISSED_TEXT in message.body
    assert f"http://127.0.0.1:8000/support/supporting/{alice.pk}/" in message.body
    everything = _mail_text().lower()
    for word in [*CLINICAL_WORDS, "alice", "check-in"]:
        assert word not in everything, word


def test_a_new_check_in_then_another_quiet_run_alerts_again(alice, carol):
    member = _member(alice, carol)
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        _check_in(alice, WEDNESDAY.date())
        rhythm.save_missed_checkin_alert(client=alice, after_days=2, members=[member])
        traveller.shift(timedelta(days=2))
        assert rhythm.alert_missed_checkins() == 1
        _check_in(alice, actions.today_for(alice))
        assert rhythm.alert_missed_checkins() == 0
        traveller.shift(timedelta(days=2))
        assert rhythm.alert_missed_checkins() == 1
    assert len(_missed_alerts(carol)) == 2


def test_the_days_are_the_clients_own(alice, carol):
    settings = actions.settings_for(alice)
    settings.time_zone = "Asia/Tokyo"  # UTC+9, all year
    settings.save()
    day = WEDNESDAY.date()
    with time_machine.travel(WEDNESDAY.replace(hour=9), tick=False) as traveller:
        _check_in(alice, day)  # 18:00 on Wednesday in Tokyo
        rhythm.save_missed_checkin_alert(
            client=alice, after_days=1, members=[_member(alice, carol)]
        )
        traveller.move_to(WEDNESDAY.replace(hour=14, minute=59))  # 23:59 there
        assert rhythm.alert_missed_checkins() == 0
        traveller.move_to(WEDNESDAY.replace(hour=15, minute=1))  # Thursday there, 00:01
        assert rhythm.alert_missed_checkins() == 1


def test_nobody_is_told_without_the_check_in_scope(alice, carol, jo):
    member = _member(alice, carol)
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        _check_in(alice, WEDNESDAY.date())
        rhythm.save_missed_checkin_alert(client=alice, after_days=3, members=[member])
        change_sharing(member=member, scopes=["sobriety"])
        traveller.shift(timedelta(days=3))
        rhythm.alert_missed_checkins()
    assert _missed_alerts(carol) == []
    assert _missed_alerts(jo) == []


def test_changing_the_number_of_days_does_not_tell_twice_in_one_run(alice, carol):
    member = _member(alice, carol)
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        _check_in(alice, WEDNESDAY.date())
        rhythm.save_missed_checkin_alert(client=alice, after_days=2, members=[member])
        traveller.shift(timedelta(days=2))
        assert rhythm.alert_missed_checkins() == 1
        rhythm.save_missed_checkin_alert(client=alice, after_days=4, members=[member])
        traveller.shift(timedelta(days=3))
        assert rhythm.alert_missed_checkins() == 0
    assert len(_missed_alerts(carol)) == 1


def test_with_the_alert_off_or_no_check_in_ever_nobody_is_told(alice, carol):
    member = _member(alice, carol)
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        rhythm.save_missed_checkin_alert(client=alice, after_days=2, members=[member])
        traveller.shift(timedelta(days=5))
        assert rhythm.alert_missed_checkins() == 0  # she never checked in
        _check_in(alice, actions.today_for(alice))
        rhythm.save_missed_checkin_alert(client=alice, after_days=0, members=[])
        traveller.shift(timedelta(days=5))
        assert rhythm.alert_missed_checkins() == 0
    assert _missed_alerts(carol) == []


def test_turning_the_alert_on_late_in_a_quiet_run_does_not_tell_at_once(alice, carol):
    member = _member(alice, carol)
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        _check_in(alice, WEDNESDAY.date())
        traveller.shift(timedelta(days=6))
        rhythm.save_missed_checkin_alert(client=alice, after_days=3, members=[member])
        assert rhythm.alert_missed_checkins() == 0
    assert _missed_alerts(carol) == []


def test_only_people_who_see_check_in_regularity_can_be_chosen(alice, carol, signed_in):
    dan = make_user("Dan", Role.CLIENT)
    dans = connect_supporter(
        client=alice, supporter=dan, name="Dan", relationship="group", shares=["sobriety"]
    )
    browser = signed_in(alice)
    tree = page_tree(browser.get(SETTINGS))
    choices = {text_of(label) for label in find_all(tree, "label") if "(" in text_of(label)}
    assert choices == {"Carol (Sponsor)"}
    assert "Only people you share your check-in regularity with can be chosen" in text_of(tree)

    page = browser.post(SETTINGS, {"after_days": "3", "members": [dans.pk]})
    assert "Select a valid choice" in _text(page)
    page = browser.post(SETTINGS, {"after_days": "45", "members": []})
    text = _text(page)
    assert "Ensure this value is less than or equal to 30." in text
    [days] = find_all(page_tree(page), "input", attrs={"name": "after_days"})
    assert dict(days.attributes)["value"] == "45"
    assert not SupportSettings.objects.filter(client=alice).exists()


def test_the_alert_needs_someone_to_tell(alice, carol, signed_in):
    page = signed_in(alice).post(SETTINGS, {"after_days": "3"})
    assert "Choose at least one person to tell, or set the days to 0." in _text(page)


# --- accountability calls --------------------------------------------------------------------


def _call_times(page) -> dict[str, list[str]]:
    """Each call card's heading, and its times as read."""
    return {
        text_of(next(find_all(card, "h3"))): [text_of(li) for li in find_all(card, "li")]
        for card in find_all(page_tree(page), "article", "card")
    }


def _mark(browser: Client, occurrence: CallOccurrence, happened: str):
    url = f"/support/accountability/calls/times/{occurrence.pk}/"
    return browser.post(url, {"happened": happened}, follow=True)


def test_both_sides_say_whether_the_call_happened_and_see_both_answers(alice, carol, signed_in):
    member = _member(alice, carol)
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        alice_browser = signed_in(alice)
        page = alice_browser.post(
            ADD_CALL, {"member": member.pk, "weekday": "4", "time": "19:00"}, follow=True
        )
        assert "Call with Carol added." in _text(page)
        assert "With Carol, every Friday at 19:00" in _text(page)
        assert _call_times(alice_browser.get(CALLS)) == {"With Carol": []}

        traveller.shift(timedelta(days=2, hours=8))  # Friday, 20:00
        alice_browser, carol_browser = signed_in(alice), signed_in(carol)
        [time_] = _call_times(carol_browser.get(CALLS))["With Alice"]
        assert FRIDAY in time_
        assert "You say: not said yet" in time_
        assert "Alice says: not said yet" in time_
        [occurrence] = CallOccurrence.objects.filter(call__member=member)

        page = _mark(carol_browser, occurrence, "yes")
        assert f"Saved for {FRIDAY}." in _text(page)
        [time_] = _call_times(alice_browser.get(CALLS))["With Carol"]
        assert "You say: not said yet" in time_
        assert "Carol says: It happened" in time_

        _mark(alice_browser, occurrence, "no")
        [time_] = _call_times(carol_browser.get(CALLS))["With Alice"]
        assert "You say: It happened" in time_
        assert "Alice says: It didn't happen" in time_
    reads = AccessEvent.objects.for_client(alice.pk).filter(
        actor_id=carol.pk, what="accountability calls"
    )
    assert set(reads.values_list("action", "basis", "reason")) == {
        ("view", "supporter", "Sponsor"),
        ("update", "supporter", "Sponsor"),
    }


def test_only_the_last_four_weeks_of_times_are_shown(alice, carol, signed_in):
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        rhythm.add_call(member=_member(alice, carol), weekday=2, at=MIDNIGHT)
        traveller.shift(timedelta(days=70))
        times = _call_times(signed_in(alice).get(CALLS))["With Carol"]
    assert len(times) == 4


def test_bad_input_for_a_call_is_explained_and_kept(alice, carol, signed_in):
    member = _member(alice, carol)
    page = signed_in(alice).post(ADD_CALL, {"member": member.pk, "weekday": "4", "time": "25:00"})
    assert "Enter the time of the call as hours and minutes, for example 19:00." in _text(page)
    [time_] = find_all(page_tree(page), "input", attrs={"name": "time"})
    assert dict(time_.attributes)["value"] == "25:00"
    assert not AccountabilityCall.objects.exists()


def test_a_call_ended_is_gone_for_both(alice, carol, signed_in):
    call = rhythm.add_call(member=_member(alice, carol), weekday=4, at=MIDNIGHT)
    page = signed_in(alice).post(f"/support/accountability/calls/{call.pk}/end/", follow=True)
    assert "The call with Carol has ended." in _text(page)
    assert _call_times(signed_in(carol).get(CALLS)) == {}
    assert _call_times(signed_in(alice).get(CALLS)) == {}


@pytest.mark.parametrize("how", ["revoked", "nothing shared"])
def test_a_supporter_who_lost_access_sees_no_call_and_cannot_mark(how, alice, carol, signed_in):
    member = _member(alice, carol)
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        call = rhythm.add_call(member=member, weekday=2, at=MIDNIGHT)
        traveller.shift(timedelta(days=7))
        [occurrence] = rhythm.occurrences_for(call)
        if how == "revoked":
            revoke_supporter(member=member)
        else:
            change_sharing(member=member, scopes=[])
        browser = signed_in(carol)
        before = AccessEvent.objects.for_client(alice.pk).count()
        page = browser.get(CALLS)
        assert "Alice" not in _text(page)
        assert _call_times(page) == {}
        assert _mark(browser, occurrence, "yes").status_code == 404
        assert AccessEvent.objects.for_client(alice.pk).count() == before
        # Alice still keeps the call with someone who shares nothing; not with someone gone.
        alices = _call_times(signed_in(alice).get(CALLS))
        assert list(alices) == ([] if how == "revoked" else ["With Carol"])
    occurrence.refresh_from_db()
    assert occurrence.supporter_says == ""


def test_an_outsider_cannot_mark_or_end_someone_elses_call(alice, carol, mallory, signed_in):
    member = _member(alice, carol)
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        call = rhythm.add_call(member=member, weekday=2, at=MIDNIGHT)
        traveller.shift(timedelta(days=7))
        [occurrence] = rhythm.occurrences_for(call)
        browser = signed_in(mallory)
        assert _mark(browser, occurrence, "yes").status_code == 404
        assert browser.post(f"/support/accountability/calls/{call.pk}/end/").status_code == 404
        assert "Alice" not in html.unescape(browser.get(CALLS).content.decode())
    call.refresh_from_db()
    assert call.ended_at is None


def test_the_client_finds_accountability_in_the_navigation(alice, signed_in):
    page = signed_in(alice).get(SETTINGS)
    nav = {text_of(a): dict(a.attributes)["href"] for a in find_all(page_tree(page), "a")}
    assert nav["Accountability"] == SETTINGS


def test_each_side_is_told_whose_time_zone_the_call_times_are_in(alice, carol, signed_in):
    settings = actions.settings_for(alice)
    settings.time_zone = "Europe/Paris"
    settings.save()
    rhythm.add_call(member=_member(alice, carol), weekday=4, at=time(19))
    [card] = list(find_all(page_tree(signed_in(carol).get(CALLS)), "article", "card"))
    assert "Times are in Alice's time zone (Europe/Paris)." in text_of(card)

    [card] = list(find_all(page_tree(signed_in(alice).get(CALLS)), "article", "card"))
    assert "Every Friday at 19:00 (your time zone, Europe/Paris" in text_of(card)
    [zone] = [a for a in find_all(card, "a") if text_of(a) == "Europe/Paris"]
    assert dict(zone.attributes)["href"] == "/recovery/settings/"


def test_the_settings_link_to_the_calls_only_once_there_is_a_call(alice, carol, signed_in):
    assert "Say whether your calls happened" not in _text(signed_in(alice).get(SETTINGS))
    rhythm.add_call(member=_member(alice, carol), weekday=4, at=time(19))
    assert "Say whether your calls happened" in _text(signed_in(alice).get(SETTINGS))


def test_ending_a_call_asks_first_and_the_new_call_form_keeps_a_draft(alice, carol, signed_in):
    call = rhythm.add_call(member=_member(alice, carol), weekday=4, at=time(19))
    tree = page_tree(signed_in(alice).get(SETTINGS))
    [details] = list(find_all(tree, "details", "confirm"))
    assert text_of(next(find_all(details, "summary"))) == "End this call with Carol"
    assert "The call with Carol on Fridays stops" in text_of(next(find_all(details, "p")))
    [end] = [
        form
        for form in find_all(tree, "form")
        if dict(form.attributes)["action"] == f"/support/accountability/calls/{call.pk}/end/"
    ]
    assert list(find_all(end, "input", attrs={"name": "csrfmiddlewaretoken"}))
    assert text_of(next(find_all(end, "button"))) == "Yes, end this call"
    [add] = [f for f in find_all(tree, "form") if dict(f.attributes)["action"] == ADD_CALL]
    assert dict(add.attributes)["data-draft"] == "add-call"


def test_a_call_with_nothing_chosen_says_what_to_choose(alice, carol, signed_in):
    page = signed_in(alice).post(ADD_CALL, {"member": "", "weekday": "", "time": ""})
    text = _text(page)
    assert "Choose the person the call is with." in text
    assert "Choose the day of the week the call is on." in text
    assert "Enter the time of the call, for example 19:00." in text
    assert "This field is required." not in text
