"""The daily check-in: in under a minute, editable the same day, a missed day filled in later
and marked so, bad input explained with everything else kept, sent once from a device."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from threecircles.recovery import actions
from threecircles.recovery.models import CheckIn, Trigger
from threecircles.tests.html import find_all, page_tree, text_of

URL = "/recovery/check-in/"


@pytest.fixture
def plan(alice):
    version = actions.write_plan(
        client=alice,
        author=alice,
        items={
            "inner": [{"text": "Paid sex"}],
            "middle": [{"text": "Hotel bars"}, {"text": "Scrolling after midnight"}],
            "outer": [{"text": "Evening walk"}],
        },
    )
    assert version is not None
    return version


def ids(plan, circle: str) -> dict[str, str]:
    return {item["text"]: item["id"] for item in plan.items[circle]}


def form(**fields) -> dict[str, object]:
    today = timezone.localdate().isoformat()
    return {"day": today, "inner_kept": "yes", "urge": "3", "new_trigger_kind": "other"} | fields


def test_a_check_in_is_saved_with_what_was_picked_from_the_plan(alice, plan, signed_in):
    browser = signed_in(alice)
    middle = ids(plan, "middle")
    page = browser.post(
        URL,
        form(middle=[middle["Hotel bars"]], outer=[ids(plan, "outer")["Evening walk"]],
             halt=["tired"], mood="4", sleep="6.5", note="Walked home the long way"),
    )  # fmt: skip
    assert (page.status_code, page["Location"]) == (302, "/recovery/")
    saved = CheckIn.objects.get(client=alice)
    assert saved.answers == {
        "inner_kept": True,
        "middle": [middle["Hotel bars"]],
        "outer": [ids(plan, "outer")["Evening walk"]],
        "urge": 3,
        "triggers": [],
        "halt": ["tired"],
        "mood": 4,
        "sleep": 6.5,
    }
    assert saved.note == "Walked home the long way"
    assert not saved.late
    today = text_of(page_tree(browser.get("/recovery/")))
    assert "You have checked in today." in today


def test_the_same_day_can_be_changed_and_stays_one_check_in(alice, plan, signed_in):
    browser = signed_in(alice)
    browser.post(URL, form(urge="2"))
    browser.post(URL, form(urge="6"))
    [saved] = CheckIn.objects.filter(client=alice)
    assert saved.answers["urge"] == 6
    page = browser.get(URL)
    assert "You already checked in for this day" in text_of(page_tree(page))


def test_a_missed_day_is_filled_in_later_and_marked(alice, plan, signed_in):
    browser = signed_in(alice)
    missed = (timezone.localdate() - timedelta(days=3)).isoformat()
    page = browser.get(f"{URL}?day={missed}")
    assert "will be marked as filled in later" in text_of(page_tree(page))
    browser.post(URL, form(day=missed))
    assert CheckIn.objects.get(client=alice).late
    listing = text_of(page_tree(browser.get("/recovery/check-ins/")))
    assert "Checked in (filled in later)" in listing


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("day", (timezone.localdate() + timedelta(days=2)).isoformat(), "has not come yet"),
        ("urge", "11", "less than or equal to 10"),
        ("note", "x" * 100_000, "at most 280 characters"),
        ("inner_kept", "", "This field is required."),
    ],
    ids=["future day", "urge 11", "100 kB note", "no answer"],
)
def test_bad_input_gets_a_clear_message_and_the_rest_is_kept(
    field, value, message, alice, plan, signed_in
):
    browser = signed_in(alice)
    typed = form(note="Went to the gym", sleep="7", middle=[ids(plan, "middle")["Hotel bars"]])
    typed[field] = value
    page = browser.post(URL, typed)
    tree = page_tree(page, status=400)
    assert message in text_of(tree)
    assert not CheckIn.objects.filter(client=alice).exists()
    values = {
        dict(i.attributes).get("name"): dict(i.attributes).get("value")
        for i in find_all(tree, "input")
    }
    if field != "note":
        assert values["note"] == "Went to the gym"
    assert values["sleep"] == "7"
    ticked = [
        dict(i.attributes)["value"]
        for i in find_all(tree, "input")
        if dict(i.attributes).get("name") == "middle" and "checked" in dict(i.attributes)
    ]
    assert ticked == [ids(plan, "middle")["Hotel bars"]]


def test_a_new_trigger_joins_the_clients_list(alice, plan, signed_in):
    signed_in(alice).post(URL, form(new_trigger="Long train journeys", new_trigger_kind="places"))
    trigger = Trigger.objects.get(client=alice)
    assert (trigger.name, trigger.kind) == ("Long train journeys", "places")
    assert CheckIn.objects.get(client=alice).answers["triggers"] == [str(trigger.pk)]


def test_saying_the_inner_circle_was_not_kept_leads_gently_to_a_review(alice, plan, signed_in):
    page = signed_in(alice).post(URL, form(inner_kept="no"), follow=True)
    assert page.request["PATH_INFO"] == "/recovery/slips/"
    text = text_of(page_tree(page))
    assert "it is information, not a verdict" in text
    assert "failure" not in text.lower()


def test_a_check_in_sent_twice_from_the_device_is_one(alice, plan, signed_in):
    browser = signed_in(alice)
    device_id = str(uuid.uuid4())
    sync = {"HTTP_X_OFFLINE_SYNC": "1"}
    assert browser.post(URL, form(device_id=device_id), **sync).status_code == 204
    assert browser.post(URL, form(device_id=device_id, urge="9"), **sync).status_code == 204
    [saved] = CheckIn.objects.filter(client=alice)
    assert saved.answers["urge"] == 3  # the second sending changed nothing


def test_saving_a_check_in_runs_a_fixed_number_of_queries(
    alice, plan, signed_in, django_assert_max_num_queries
):
    browser = signed_in(alice)
    browser.post(URL, form(urge="1"))  # warm: the client's settings and keys exist
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    with django_assert_max_num_queries(40) as counted:
        browser.post(URL, form(day=day))
    first = len(counted)
    day = (timezone.localdate() - timedelta(days=2)).isoformat()
    with django_assert_max_num_queries(first) as again:
        browser.post(URL, form(day=day, middle=list(ids(plan, "middle").values())))
    assert len(again) == first


def test_other_people_cannot_check_in_for_alice(alice, mallory, bob, carol, signed_in):
    for person in (mallory, bob, carol):
        signed_in(person).post(URL, form())
    assert not CheckIn.objects.filter(client=alice).exists()


def test_someone_ahead_of_the_server_checks_in_for_their_own_today(alice, plan, signed_in):
    """At 23:30 UTC it is already tomorrow in Auckland: that is Alice's today."""
    from datetime import UTC, datetime

    import time_machine

    settings = actions.settings_for(alice)
    settings.time_zone = "Pacific/Auckland"
    settings.save()
    with time_machine.travel(datetime(2026, 7, 1, 23, 30, tzinfo=UTC), tick=False):
        page = signed_in(alice).post(URL, form(day="2026-07-02"))
    assert page.status_code == 302
    assert CheckIn.objects.get(client=alice).day.isoformat() == "2026-07-02"
