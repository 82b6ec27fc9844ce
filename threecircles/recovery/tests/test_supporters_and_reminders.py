"""What supporters see of recovery (exactly the scopes granted, now with the data behind them,
each read logged), what the care team sees, and the reminders the client asked for."""

from datetime import UTC, datetime, time, timedelta

from django.core import mail

from threecircles.network.actions import change_sharing
from threecircles.network.models import SupportMember
from threecircles.privacy.models import AccessEvent
from threecircles.recovery import actions, daily, reminders
from threecircles.tests.html import find_all, page_tree, text_of


def week_of_check_ins(client, slip_day_offset=None):
    today = actions.today_for(client)
    for n in range(7):
        day = today - timedelta(days=n)
        kept = n != slip_day_offset
        actions.save_check_in(
            client=client, day=day, answers={"inner_kept": kept, "middle": ["x"]}, note=""
        )


def sections(page) -> dict[str, str]:
    """Each section of the supporter's page: its heading, and what it says."""
    return {
        text_of(next(find_all(section, "h2"))): text_of(section)
        for section in find_all(page_tree(page), "section", "card")
    }


def test_carol_sees_alices_sober_time_and_check_in_regularity_and_nothing_else(
    alice, carol, signed_in
):
    week_of_check_ins(alice)
    page = signed_in(carol).get(f"/support/supporting/{alice.pk}/")
    shown = sections(page)
    assert "7 sober days in total" in shown["Sobriety status and sober time"]
    assert "Checked in on 7 of the last 30 days" in shown["Check-in regularity"]
    assert "Middle-circle alerts" not in shown and "Healthy sex plan" not in shown
    reads = AccessEvent.objects.for_client(alice.pk).filter(actor_id=carol.pk)
    assert set(reads.values_list("what", flat=True)) == {
        "your sobriety status and sober time",
        "your check-in regularity",
    }


def test_a_scope_shared_later_shows_its_data_on_the_next_visit(alice, carol, signed_in):
    week_of_check_ins(alice)
    member = SupportMember.objects.get(client=alice)
    change_sharing(member=member, scopes=["sobriety", "checkins", "middle_circle"])
    shown = sections(signed_in(carol).get(f"/support/supporting/{alice.pk}/"))
    assert "Middle-circle signs on 7 of the last 14 days" in shown["Middle-circle alerts"]
    assert "a good time to reach out" in shown["Middle-circle alerts"]


def test_the_care_team_sees_the_calendar_the_plan_and_progress(alice, bob, signed_in):
    week_of_check_ins(alice, slip_day_offset=2)
    page = signed_in(bob).get(f"/recovery/clients/{alice.pk}/")
    text = text_of(page_tree(page))
    assert "6 sober days in total" in text
    days = [text_of(li) for li in find_all(page_tree(page), "li") if "urge" in text_of(li)]
    assert len(days) == 7
    assert sum("a slip day" in day for day in days) == 1
    record = text_of(page_tree(signed_in(bob).get(f"/care/clients/{alice.pk}/")))
    assert "checked in on 7 of the last 30 days" in record


def test_the_caseload_says_who_stopped_checking_in(alice, bob, signed_in):
    day = actions.today_for(alice) - timedelta(days=5)
    actions.save_check_in(client=alice, day=day, answers={"inner_kept": True}, note="")
    text = text_of(page_tree(signed_in(bob).get("/care/caseload/")))
    assert f"Alice has not checked in since {day:%-d %b}" in text


def test_the_daily_reminder_comes_at_her_local_time_once_and_not_after_a_check_in(alice, run_tasks):
    settings = actions.settings_for(alice)
    settings.time_zone, settings.reminder_time = "Europe/Berlin", time(20, 0)
    settings.save()
    evening_in_berlin = datetime(2026, 7, 1, 18, 5, tzinfo=UTC)  # 20:05 in Berlin (CEST)
    assert reminders.send_due_reminders(evening_in_berlin - timedelta(minutes=10)) == 0
    assert reminders.send_due_reminders(evening_in_berlin) == 1
    assert reminders.send_due_reminders(evening_in_berlin + timedelta(minutes=5)) == 0
    run_tasks()
    [message] = mail.outbox
    assert message.subject == "A reminder you asked for"
    for word in ("slip", "sober", "sex", "recovery", "check"):
        assert word not in message.subject.lower()
    next_evening = evening_in_berlin + timedelta(days=1)
    actions.save_check_in(
        client=alice, day=next_evening.date(), answers={"inner_kept": True}, note=""
    )
    assert reminders.send_due_reminders(next_evening) == 0


def test_a_high_risk_time_brings_a_reminder_as_it_starts(alice):
    daily.add_high_risk_time(
        client=alice, label="Friday nights", weekdays=["4"], starts_at=time(22), ends_at=time(23),
        remind=True,
    )  # fmt: skip
    friday = datetime(2026, 7, 3, 22, 10, tzinfo=UTC)  # a Friday, UTC is her zone
    assert reminders.send_due_reminders(friday - timedelta(hours=1)) == 0
    assert reminders.send_due_reminders(friday) == 1
    assert reminders.send_due_reminders(friday + timedelta(minutes=20)) == 0
    assert reminders.send_due_reminders(friday + timedelta(days=1)) == 0  # Saturday


def test_the_client_home_shows_today_and_the_safety_plan_is_one_tap_away(alice, signed_in):
    page = signed_in(alice).get("/me/")
    tree = page_tree(page)
    links = {text_of(a): dict(a.attributes).get("href") for a in find_all(tree, "a")}
    assert links["My safety plan"] == "/recovery/safety-plan/"
    assert links["Check in"] == "/recovery/check-in/"
    assert "No sober time recorded yet." in text_of(tree)
