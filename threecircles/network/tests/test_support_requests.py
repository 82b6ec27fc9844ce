"""A client taps "I need support now": the people she chose are asked at once, the next ones
when nobody answered in time, and finally her safety plan and crisis lines open. Supporters
answer, and she sees who did."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import make_user
from threecircles.accounts.models import Notification, Role, User
from threecircles.lib import schedule
from threecircles.network.actions import (
    change_sharing,
    connect_supporter,
    pause_member,
    revoke_supporter,
)
from threecircles.network.models import Answer, SupportMember, SupportNotice, SupportRequest
from threecircles.network.support import (
    ask_for_support,
    escalate_support_requests,
    escalate_support_requests_task,
    save_support_settings,
)
from threecircles.network.tests.helpers import CLINICAL_WORDS
from threecircles.privacy.actions import share_through
from threecircles.privacy.models import AccessEvent, Basis
from threecircles.recovery import actions as recovery
from threecircles.recovery.models import CheckIn
from threecircles.tests.html import find_all, page_tree, text_of

NEED_SUPPORT = "/support/need-support/"
SETTINGS = "/support/need-support/settings/"
# 21:03 in London, where Alice lives. Time travels before anyone is made (`evening` comes
# first), so every grant has started by then.
EVENING = datetime(2026, 7, 1, 20, 3, tzinfo=UTC)
NOTICE_TEXT = "Someone you support asked for support."
NOBODY_TEXT = "Nobody has answered yet. Your safety plan is open for you."


def text(page) -> str:
    return text_of(page_tree(page))


def links(page) -> set[str]:
    return {dict(a.attributes).get("href") or "" for a in find_all(page_tree(page), "a")}


def membership(client: User, supporter: User) -> SupportMember:
    return SupportMember.objects.get(client=client, invitation__accepted_by=supporter)


def add_supporter(client: User, name: str, *, round: int, shares=("support_requests",)) -> User:
    person = make_user(name, Role.SUPPORTER)
    member = connect_supporter(
        client=client, supporter=person, name=name, relationship="friend", shares=shares
    )
    member.support_round = round
    member.save()
    return person


def notices_to(person: User) -> list[str]:
    return list(
        Notification.objects.for_person(person).order_by("pk").values_list("text", flat=True)
    )


@pytest.fixture
def alice_asks(alice, carol):
    """Alice lives in London, waits 10 minutes a round, and shares support requests with
    Carol (round 1) besides what she already shared."""
    recovery.save_settings(
        client=alice,
        time_zone="Europe/London",
        sobriety_date=None,
        reminder_time=None,
        country="GB",
    )
    change_sharing(
        member=membership(alice, carol), scopes=["sobriety", "checkins", "support_requests"]
    )
    save_support_settings(client=alice, wait_minutes=10, rounds={})
    return alice


@pytest.fixture
def evening() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(EVENING, tick=False) as traveller:
        yield traveller


def ask(browser: Client) -> SupportRequest:
    page = browser.post(NEED_SUPPORT)
    assert page.status_code == 302
    found = SupportRequest.objects.get()
    assert page["Location"] == reverse("network:support_request", args=[found.pk])
    return found


def request_page(browser: Client, found: SupportRequest):
    return browser.get(reverse("network:support_request", args=[found.pk]))


def notice_url(person: User) -> str:
    notice = SupportNotice.objects.get(person=person)
    return reverse("network:support_notice", args=[notice.pk])


# --- escalation -----------------------------------------------------------------------------


def test_nobody_answers_so_the_next_person_is_asked_and_then_the_safety_plan_opens(
    evening, alice_asks, carol, signed_in, run_tasks
):
    dee = add_supporter(alice_asks, "Dee", round=2)
    alices = signed_in(alice_asks)
    found = ask(alices)

    # Carol is asked at once, in the app and by e-mail; Dee not yet.
    assert notices_to(carol) == [NOTICE_TEXT]
    assert notices_to(dee) == []
    run_tasks()
    assert [message.to for message in mail.outbox] == [[carol.email]]
    page = request_page(alices, found)
    assert "If nobody answers by 21:13, Dee will be asked." in text(page)
    refresh = find_all(page_tree(page), "meta", attrs={"http-equiv": "refresh"})
    assert [dict(meta.attributes)["content"] for meta in refresh] == ["30"]

    # Not before the wait is over; then Dee, once however often the job runs.
    evening.shift(timedelta(minutes=9, seconds=59))
    assert escalate_support_requests() == 0
    evening.shift(timedelta(seconds=1))
    escalate_support_requests_task.enqueue()
    run_tasks()
    assert escalate_support_requests() == 0
    assert notices_to(dee) == [NOTICE_TEXT]
    assert [message.to for message in mail.outbox] == [[carol.email], [dee.email]]
    page = text(request_page(alices, found))
    assert "If nobody answers by 21:23, your safety plan and crisis lines open here." in page
    assert "Nobody has answered yet" not in page

    # After the last wait: the safety plan and the crisis lines of her country.
    evening.shift(timedelta(minutes=10))
    assert escalate_support_requests() == 1
    assert escalate_support_requests() == 0
    assert notices_to(alice_asks) == [NOBODY_TEXT]
    page = request_page(alices, found)
    shown = text(page)
    assert "Nobody has answered yet" in shown
    assert "Samaritans: 116 123 (free, day or night)" in shown
    assert "Emergency: 999" in shown
    assert reverse("recovery:safety_plan") in links(page)
    assert "Carol, asked at 21:03: no answer yet" in shown
    assert "Dee, asked at 21:13: no answer yet" in shown
    # Nobody else was asked, by any channel.
    run_tasks()
    assert len(mail.outbox) == 2
    assert SupportNotice.objects.count() == 2


def test_an_answer_stops_the_escalation_and_alice_sees_who_answered(
    evening, alice_asks, carol, signed_in
):
    dee = add_supporter(alice_asks, "Dee", round=2)
    alices = signed_in(alice_asks)
    found = ask(alices)

    evening.shift(timedelta(minutes=2))
    carols = signed_in(carol)
    page = carols.get(notice_url(carol))
    assert "Alice asked for support at 21:03 (2 minutes ago)." in text(page)
    buttons = [text_of(button) for button in find_all(page_tree(page), "button")]
    assert buttons[-3:] == [
        "I'm calling you",
        "I'll reach out within the hour",
        "I can't right now: please ask the next person",
    ]
    page = carols.post(notice_url(carol), {"answer": Answer.CALLING}, follow=True)
    assert "Thank you. Alice can see your answer." in text(page)
    assert "You answered: I'm calling you" in text(page)

    assert notices_to(alice_asks) == ["Someone answered your request for support."]
    page = text(request_page(alices, found))
    assert "Who answered Carol: I'm calling you (21:05)" in page
    assert "will be asked" not in page

    for minutes in (10, 20, 60):
        evening.move_to(EVENING + timedelta(minutes=minutes))
        assert escalate_support_requests() == 0
    assert notices_to(dee) == []
    found.refresh_from_db()
    assert found.answered_at == EVENING + timedelta(minutes=2)
    assert found.safety_plan_at is None
    assert "Nobody has answered yet" not in text(request_page(alices, found))


def test_rounds_with_nobody_are_skipped(evening, alice_asks, carol, signed_in):
    dee = add_supporter(alice_asks, "Dee", round=4)
    found = ask(signed_in(alice_asks))
    evening.shift(timedelta(minutes=10))
    assert escalate_support_requests() == 1
    assert notices_to(dee) == [NOTICE_TEXT]
    found.refresh_from_db()
    assert (found.round, found.safety_plan_at) == (4, None)
    evening.shift(timedelta(minutes=10))
    assert escalate_support_requests() == 1
    found.refresh_from_db()
    assert found.safety_plan_at == EVENING + timedelta(minutes=20)


def test_never_is_never_and_people_in_groups_are_asked_after_everyone_else(
    evening, alice_asks, carol, signed_in
):
    dee = add_supporter(alice_asks, "Dee", round=0)
    erin = make_user("Erin", Role.CLIENT)
    share_through(
        client=alice_asks,
        grantee=erin,
        scope="support_requests",
        relationship="group",
        source="group:1",
    )
    alices = signed_in(alice_asks)
    order = text(alices.get(NEED_SUPPORT))
    assert "At once: Carol" in order
    assert "After 10 minutes, if nobody has answered: Erin" in order
    assert "After 20 minutes with no answer: your safety plan and crisis lines open." in order
    assert "Dee" not in order

    ask(alices)
    evening.shift(timedelta(minutes=10))
    escalate_support_requests()
    assert notices_to(erin) == [NOTICE_TEXT]
    assert notices_to(dee) == []


def test_with_nobody_to_ask_the_safety_plan_opens_at_once(alice, signed_in):
    alices = signed_in(alice)
    assert "Nobody is asked yet" in text(alices.get(NEED_SUPPORT))
    page = alices.post(NEED_SUPPORT, follow=True)
    assert "Nobody has answered yet" in text(page)
    assert reverse("recovery:safety_plan") in links(page)
    assert SupportNotice.objects.count() == 0


def test_alice_closes_her_request_and_nobody_else_is_asked(evening, alice_asks, carol, signed_in):
    dee = add_supporter(alice_asks, "Dee", round=2)
    alices = signed_in(alice_asks)
    found = ask(alices)
    page = alices.post(reverse("network:support_close", args=[found.pk]), follow=True)
    assert "Glad to hear it. Nobody else will be asked." in text(page)
    assert not list(find_all(page_tree(page), "meta", attrs={"http-equiv": "refresh"}))
    evening.shift(timedelta(hours=1))
    assert escalate_support_requests() == 0
    assert notices_to(dee) == []

    # Carol answers late: it is kept, she is told, and Alice is not disturbed.
    page = signed_in(carol).post(notice_url(carol), {"answer": Answer.WITHIN_HOUR}, follow=True)
    assert "Alice had already closed this request: they said they are OK now." in text(page)
    assert SupportNotice.objects.get(person=carol).answer == Answer.WITHIN_HOUR
    assert notices_to(alice_asks) == []


def test_an_answer_must_be_one_of_the_two(alice_asks, carol, signed_in):
    ask(signed_in(alice_asks))
    page = signed_in(carol).post(notice_url(carol), {"answer": "maybe"})
    assert page.status_code == 200
    assert "Select a valid choice." in text(page)
    assert SupportNotice.objects.get(person=carol).answer == ""


# --- what the e-mail and the notification say -----------------------------------------------


def test_the_email_and_notification_say_nothing_clinical_and_no_name(
    alice_asks, carol, signed_in, run_tasks
):
    plan = recovery.write_plan(
        client=alice_asks,
        author=alice_asks,
        items={
            "inner": [{"text": "Paid sex"}],
            "middle": [{"text": "Scrolling dating apps at night"}],
            "outer": [{"text": "Evening walk with Sam"}],
        },
    )
    assert plan is not None
    today = recovery.today_for(alice_asks)
    note = "Felt lonely after the argument with my brother"
    recovery.save_check_in(
        client=alice_asks, day=today, answers={"inner_kept": False, "middle": ["x"]}, note=note
    )
    recovery.report_slip(client=alice_asks, day=today - timedelta(days=1))
    secrets = ["Paid sex", "Scrolling dating apps", "Evening walk", note, "Alice", alice_asks.email]
    # The markers are there to be found, so their absence below means something.
    assert recovery.current_plan(alice_asks).items["middle"][0]["text"].startswith("Scrolling")
    assert CheckIn.objects.get(client=alice_asks).note == note

    ask(signed_in(alice_asks))
    run_tasks()
    [message] = mail.outbox
    assert message.to == [carol.email]
    assert message.subject == "Someone asked for your support"
    assert f"http://127.0.0.1:8000{notice_url(carol)}" in message.body
    [notice] = Notification.objects.for_person(carol)
    for said in (f"{message.subject}\n{message.body}", f"{notice.text}\n{notice.url}"):
        for secret in secrets:
            assert secret.lower() not in said.lower(), secret
        for word in CLINICAL_WORDS:
            assert word not in said.lower(), word


# --- who may see what -----------------------------------------------------------------------


def test_the_notice_is_404_once_alice_stops_asking_them(alice_asks, carol, signed_in):
    ask(signed_in(alice_asks))
    carols = signed_in(carol)
    assert carols.get(notice_url(carol)).status_code == 200
    events = AccessEvent.objects.for_client(alice_asks.pk).filter(actor_id=carol.pk)
    before = events.count()
    member = membership(alice_asks, carol)
    signed_in(alice_asks).post(SETTINGS, {"wait_minutes": "15", f"round_{member.pk}": "0"})
    assert carols.get(notice_url(carol)).status_code == 404
    assert carols.post(notice_url(carol), {"answer": Answer.CALLING}).status_code == 404
    assert events.count() == before
    assert SupportNotice.objects.get(person=carol).answer == ""


def test_the_notice_is_404_once_alice_revokes_the_supporter(alice_asks, carol, signed_in):
    ask(signed_in(alice_asks))
    carols = signed_in(carol)
    assert carols.get(notice_url(carol)).status_code == 200
    revoke_supporter(member=membership(alice_asks, carol))
    assert carols.get(notice_url(carol)).status_code == 404


def test_a_supporter_without_the_scope_or_not_asked_gets_404(alice_asks, carol, signed_in):
    dan = add_supporter(alice_asks, "Dan", round=1, shares=("sobriety",))
    dee = add_supporter(alice_asks, "Dee", round=2)
    ask(signed_in(alice_asks))
    assert signed_in(dan).get(notice_url(carol)).status_code == 404
    # Dee sees support requests but was not asked this time: Carol's notice is not hers.
    assert signed_in(dee).get(notice_url(carol)).status_code == 404


def test_others_get_404_on_alices_request_and_anonymous_signs_in(
    alice_asks, carol, mallory, bob, signed_in
):
    found = ask(signed_in(alice_asks))
    page_url = reverse("network:support_request", args=[found.pk])
    close_url = reverse("network:support_close", args=[found.pk])
    for person in (mallory, carol, bob):
        browser = signed_in(person)
        assert browser.get(page_url).status_code == 404, person
        assert browser.post(close_url).status_code == 404, person
        assert browser.get(notice_url(carol)).status_code == (200 if person == carol else 404)
    for url in (page_url, notice_url(carol), NEED_SUPPORT, SETTINGS):
        page = Client().get(url)
        assert (page.status_code, page["Location"].split("?")[0]) == (302, "/accounts/login/")
    found.refresh_from_db()
    assert found.closed_at is None


def test_carols_reads_show_in_alices_access_log(alice_asks, carol, signed_in):
    ask(signed_in(alice_asks))
    carols = signed_in(carol)
    carols.get(notice_url(carol))
    carols.post(notice_url(carol), {"answer": Answer.CALLING})
    reads = AccessEvent.objects.for_client(alice_asks.pk).filter(actor_id=carol.pk)
    assert list(reads.order_by("seq").values_list("action", "what", "basis")) == [
        ("view", "a support request", Basis.SUPPORTER),
        ("update", "a support request", Basis.SUPPORTER),
    ]
    history = text(signed_in(alice_asks).get(reverse("privacy:my_access_log")))
    assert "Carol" in history
    assert "a support request" in history
    own = AccessEvent.objects.for_client(alice_asks.pk).filter(
        actor_id=alice_asks.pk, what="support request"
    )
    assert set(own.values_list("action", "basis")) >= {("create", Basis.SELF)}


# --- the pages around it --------------------------------------------------------------------


def test_carol_sees_alices_requests_on_her_page_with_a_link_to_answer(
    evening, alice_asks, carol, signed_in
):
    ask(signed_in(alice_asks))
    page = signed_in(carol).get(f"/support/supporting/{alice_asks.pk}/")
    sections = {
        text_of(next(find_all(section, "h2"))): text_of(section)
        for section in find_all(page_tree(page), "section", "card")
    }
    assert sections["Past support requests"] == (
        "Past support requests Asked you on 1 Jul at 21:03: waiting for your answer · Answer"
    )
    assert notice_url(carol) in links(page)


def test_the_button_is_on_alices_home_and_in_her_navigation(evening, alice_asks, signed_in):
    alices = signed_in(alice_asks)
    tree = page_tree(alices.get("/me/"))
    forms = find_all(tree, "form", attrs={"action": NEED_SUPPORT})
    assert [text_of(form) for form in forms] == ["I need support now"]
    [nav] = find_all(tree, "nav", attrs={"aria-label": "Main"})
    assert "I need support" in [text_of(a) for a in find_all(nav, "a")]

    alices.post(NEED_SUPPORT)
    assert "You asked for support at 21:03. See who answered" in text(alices.get("/me/"))


def test_the_scheduler_asks_the_next_people_every_minute():
    [job] = [job for job in schedule.jobs() if job.name == "support requests"]
    assert (job.every, job.task) == (timedelta(minutes=1), escalate_support_requests_task)


def test_settings_list_everyone_in_the_network_and_save_rounds(alice_asks, carol, signed_in):
    """Asking is chosen person by person, apart from what each one sees."""
    dan = add_supporter(alice_asks, "Dan", round=1, shares=("sobriety",))
    alices = signed_in(alice_asks)
    page = alices.get(SETTINGS)
    labels = [text_of(label) for label in find_all(page_tree(page), "label")]
    assert "Carol:" in labels
    assert "Dan:" in labels
    dans = membership(alice_asks, dan)
    assert "My supporters" in text(page)

    member = membership(alice_asks, carol)
    page = alices.post(
        SETTINGS,
        {"wait_minutes": "30", f"round_{member.pk}": "2", f"round_{dans.pk}": "1"},
        follow=True,
    )
    assert "Saved." in text(page)
    member.refresh_from_db()
    assert member.support_round == 2
    assert "Each round waits 30 minutes" in text(alices.get(NEED_SUPPORT))


def test_a_wait_out_of_range_is_explained_and_kept(alice_asks, carol, signed_in):
    member = membership(alice_asks, carol)
    page = signed_in(alice_asks).post(SETTINGS, {"wait_minutes": "1", f"round_{member.pk}": "3"})
    assert page.status_code == 200
    tree = page_tree(page)
    assert "Ensure this value is greater than or equal to 2." in text_of(tree)
    [wait] = find_all(tree, "input", attrs={"name": "wait_minutes"})
    assert dict(wait.attributes)["value"] == "1"
    [third] = [
        option
        for option in find_all(tree, "option", attrs={"value": "3"})
        if "selected" in dict(option.attributes)
    ]
    assert third is not None
    member.refresh_from_db()
    assert member.support_round == 1


def test_the_times_alice_reads_are_her_own(evening, alice_asks, signed_in):
    found = ask(signed_in(alice_asks))
    assert found.created_at == EVENING
    assert "You asked for support at 21:03 on 1 July." in text(
        request_page(signed_in(alice_asks), found)
    )


def test_a_paused_supporter_is_not_asked_and_cannot_open_an_earlier_notice(
    alice_asks, carol, signed_in
):
    ask(signed_in(alice_asks))
    carols = signed_in(carol)
    assert carols.get(notice_url(carol)).status_code == 200
    pause_member(member=membership(alice_asks, carol), through=date.today() + timedelta(days=3))
    assert carols.get(notice_url(carol)).status_code == 404
    second = ask_for_support(client=alice_asks)
    assert not second.notices.filter(person=carol).exists()


def test_a_supporter_who_sees_nothing_can_still_be_asked(alice_asks, carol, signed_in):
    """Sharing scopes and being asked for support are separate choices."""
    change_sharing(member=membership(alice_asks, carol), scopes=[])
    request = ask_for_support(client=alice_asks)
    assert request.notices.filter(person=carol).exists()
    assert signed_in(carol).get(notice_url(carol)).status_code == 200


def test_i_cant_right_now_from_everyone_asked_asks_the_next_people_at_once(
    alice_asks, carol, signed_in
):
    dee = add_supporter(alice_asks, "Dee", round=2)
    found = ask(signed_in(alice_asks))
    assert not SupportNotice.objects.filter(request=found, person=dee).exists()
    page = signed_in(carol).post(notice_url(carol), {"answer": Answer.CANT}, follow=True)
    assert page.status_code == 200
    # No waiting: Dee is asked now, the request is still unanswered.
    assert SupportNotice.objects.filter(request=found, person=dee).exists()
    found.refresh_from_db()
    assert found.answered_at is None
    assert NOTICE_TEXT in notices_to(dee)
    # Dee can't either: nobody is left, so Alice's safety plan opens at once.
    signed_in(dee).post(notice_url(dee), {"answer": Answer.CANT})
    found.refresh_from_db()
    assert found.safety_plan_at is not None
    assert NOBODY_TEXT in notices_to(alice_asks)


def test_answering_again_changes_the_answer_but_tells_alice_only_once(alice_asks, carol, signed_in):
    found = ask(signed_in(alice_asks))
    carols = signed_in(carol)
    for answer in (Answer.CALLING, Answer.WITHIN_HOUR, Answer.CALLING, Answer.WITHIN_HOUR):
        carols.post(notice_url(carol), {"answer": answer})
    assert notices_to(alice_asks) == ["Someone answered your request for support."]
    assert SupportNotice.objects.get(request=found).answer == Answer.WITHIN_HOUR


def test_a_second_tap_shows_the_open_request_instead_of_asking_everyone_again(
    alice_asks, carol, signed_in
):
    alices = signed_in(alice_asks)
    found = ask(alices)
    page = alices.post(NEED_SUPPORT, follow=True)
    assert page.request["PATH_INFO"] == reverse("network:support_request", args=[found.pk])
    assert "Your request is still open: here is who was asked." in text(page)
    assert SupportRequest.objects.count() == 1
    assert SupportNotice.objects.filter(person=carol).count() == 1


def test_carols_home_shows_who_is_waiting_for_her_answer_until_she_answers(
    alice_asks, carol, signed_in
):
    found = ask(signed_in(alice_asks))
    carols = signed_in(carol)
    page = carols.get("/support/supporting/")
    assert "Alice asked for support at" in text(page)
    assert reverse("network:support_notice", args=[found.notices.get().pk]) in links(page)
    # Showing it is a read of Alice's request, on her list of who has seen what.
    assert AccessEvent.objects.filter(
        actor_id=carol.pk, client_id=alice_asks.pk, what="a support request"
    ).exists()
    carols.post(notice_url(carol), {"answer": Answer.CALLING})
    assert "Alice asked for support at" not in text(carols.get("/support/supporting/"))
