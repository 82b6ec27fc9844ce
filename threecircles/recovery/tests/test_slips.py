"""A slip, reviewed along the addiction cycle as information: what led to it, what to change;
proposed changes the client accepts or not; who is told, chosen by the client; a self-harm
answer leads to the safety plan and alerts the care team at once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from threecircles.network.actions import connect_supporter
from threecircles.recovery import actions
from threecircles.recovery.models import EnvironmentChange, Slip
from threecircles.screening.models import SafetyAlert
from threecircles.tests.html import page_tree, text_of


@pytest.fixture
def slip(alice, signed_in):
    page = signed_in(alice).post("/recovery/slips/", {"day": timezone.localdate().isoformat()})
    found = Slip.objects.get(client=alice)
    assert page["Location"] == f"/recovery/slips/{found.pk}/"
    return found


def review(**answers) -> dict[str, str]:
    return {"review": "1", **answers}


def test_the_review_walks_the_cycle_and_can_be_finished_later(alice, slip, signed_in):
    browser = signed_in(alice)
    url = f"/recovery/slips/{slip.pk}/"
    page = text_of(page_tree(browser.get(url)))
    for step in ("Before: what were you thinking", "What happened?", "How are you feeling"):
        assert step in page
    browser.post(url, review(preoccupation="Work stress all week", save=""))
    slip.refresh_from_db()
    assert slip.review["preoccupation"] == "Work stress all week"
    assert slip.reviewed_at is None
    browser.post(
        url, review(preoccupation="Work stress all week", change="Call Carol", complete="")
    )
    slip.refresh_from_db()
    assert slip.reviewed_at is not None
    assert slip.review["change"] == "Call Carol"


def test_a_proposed_middle_circle_sign_joins_the_plan_when_accepted(alice, slip, signed_in):
    browser = signed_in(alice)
    url = f"/recovery/slips/{slip.pk}/"
    browser.post(
        url, review(new_middle="Skipping dinner", new_environment="Charge the phone in the kitchen")
    )
    slip.refresh_from_db()
    middle, place = slip.proposals
    browser.post(f"{url}proposals/{middle['id']}/", {"decision": "accept"})
    browser.post(f"{url}proposals/{place['id']}/", {"decision": "decline"})
    plan = actions.current_plan(alice)
    assert plan is not None
    assert [i["text"] for i in plan.items["middle"]] == ["Skipping dinner"]
    assert not EnvironmentChange.objects.filter(client=alice).exists()
    slip.refresh_from_db()
    assert [p["decision"] for p in slip.proposals] == ["accepted", "declined"]
    # Deciding twice is refused plainly.
    again = browser.post(f"{url}proposals/{middle['id']}/", {"decision": "accept"}, follow=True)
    assert "already decided" in text_of(page_tree(again))


def test_an_accepted_environment_change_joins_the_environment_plan(alice, slip, signed_in):
    browser = signed_in(alice)
    url = f"/recovery/slips/{slip.pk}/"
    browser.post(url, review(new_environment="Charge the phone in the kitchen"))
    slip.refresh_from_db()
    [proposal] = slip.proposals
    browser.post(f"{url}proposals/{proposal['id']}/", {"decision": "accept"})
    change = EnvironmentChange.objects.get(client=alice)
    assert (change.text, change.from_slip) == ("Charge the phone in the kitchen", slip)


def test_thoughts_of_self_harm_show_the_safety_plan_and_alert_the_care_team(
    alice, bob, slip, signed_in, run_tasks
):
    page = signed_in(alice).post(
        f"/recovery/slips/{slip.pk}/", review(thoughts_of_harm="yes"), follow=True
    )
    assert page.request["PATH_INFO"] == "/recovery/safety-plan/"
    assert "Your care team has been alerted" in text_of(page_tree(page))
    alert = SafetyAlert.objects.get(client=alice)
    assert (alert.source, alert.source_id, alert.administration) == (
        "slip review",
        str(slip.pk),
        None,
    )
    caseload = text_of(page_tree(signed_in(bob).get("/care/caseload/")))
    assert "Urgent: needs you today" in caseload and "Alice" in caseload
    run_tasks()
    [message] = [m for m in mail.outbox if bob.email in m.to]
    assert "slip" not in message.body.lower()
    # Saving the review again does not raise a second alert.
    signed_in(alice).post(f"/recovery/slips/{slip.pk}/", review(thoughts_of_harm="yes"))
    assert SafetyAlert.objects.filter(client=alice).count() == 1


def test_a_self_harm_answer_alerts_even_when_another_answer_is_too_long(alice, slip, signed_in):
    page = signed_in(alice).post(
        f"/recovery/slips/{slip.pk}/",
        review(thoughts_of_harm="yes", preoccupation="x" * 20_000),
    )
    shown = text_of(page_tree(page, 400))
    assert "Open your safety plan and crisis lines now" in shown
    assert SafetyAlert.objects.filter(client=alice).count() == 1
    # What she typed is still on the page to fix.
    assert "x" * 200 in page.content.decode()


def test_nobody_is_told_unless_she_chooses(alice, bob, slip, signed_in):
    assert "told you of a slip" not in signed_in(bob).get("/care/caseload/").content.decode()
    signed_in(alice).post(f"/recovery/slips/{slip.pk}/", {"sharing": "1", "tell_care_team": "on"})
    caseload = text_of(page_tree(signed_in(bob).get("/care/caseload/")))
    assert "Alice told you of a slip" in caseload


def test_she_tells_one_supporter_who_shares_slips_and_not_another(alice, slip, signed_in):
    from conftest import make_user

    dave, erin = make_user("Dave", "supporter"), make_user("Erin", "supporter")
    dave_member = connect_supporter(
        client=alice, supporter=dave, name="Dave", relationship="sponsor", shares=["slips"]
    )
    connect_supporter(
        client=alice, supporter=erin, name="Erin", relationship="friend", shares=["slips"]
    )
    signed_in(alice).post(
        f"/recovery/slips/{slip.pk}/",
        {"sharing": "1", "supporters": [str(dave_member.invitation_id)]},
    )
    daves = text_of(page_tree(signed_in(dave).get(f"/support/supporting/{alice.pk}/")))
    erins = text_of(page_tree(signed_in(erin).get(f"/support/supporting/{alice.pk}/")))
    assert "A slip on" in daves
    assert "A slip on" not in erins and "Nothing they chose to tell you." in erins


def test_a_supporter_who_does_not_share_slips_cannot_be_told(alice, carol, slip, signed_in):
    carol_invitation = carol.invitation_accepted.get().pk
    signed_in(alice).post(
        f"/recovery/slips/{slip.pk}/", {"sharing": "1", "supporters": [str(carol_invitation)]}
    )
    slip.refresh_from_db()
    assert slip.told_supporters == []


def test_a_slip_cannot_be_on_a_day_to_come(alice, signed_in):
    later = timezone.localdate() + timedelta(days=2)
    page = signed_in(alice).post("/recovery/slips/", {"day": later.isoformat()})
    assert "A slip cannot be on a day that has not come yet." in text_of(page_tree(page))
    assert not Slip.objects.exists()
