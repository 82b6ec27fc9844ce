"""The demo cast: `seed_demo` creates the documented people once, and every one can sign in."""

import html
from io import StringIO
from typing import Any

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from threecircles.accounts.models import Invitation, Practice, PracticeMembership, User
from threecircles.care.models import Episode, Note
from threecircles.demo.cast import (
    CLIENTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    PEER_SUPPORT,
    STAFF,
    SUPPORTERS,
    DemoPerson,
)
from threecircles.demo.certification import DEMO_CANDIDATE
from threecircles.demo.membership import DEMO_MEMBER
from threecircles.network.models import SupportGroup, SupportMember, SupportRequest
from threecircles.privacy.models import Grant

PEOPLE: list[DemoPerson] = (
    STAFF
    + [person for person, *_ in CLIENTS]
    + [person for person, *_ in SUPPORTERS]
    + [DEMO_MEMBER, DEMO_CANDIDATE]
)
# Certified therapists and candidates of the certification demo, who do not sign in.
PROFESSIONALS_WHO_DO_NOT_SIGN_IN = 5
HOMES = {
    "client": "/me/",
    "supporter": "/support/supporting/",
    "clinician": "/care/caseload/",
    "supervisor": "/care/caseload/",
    "staff": "/institute/staff/",
    "member": "/members/",
    "admin": "/administration/",
}


def _text(page) -> str:
    return html.unescape(page.content.decode())


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            Practice,
            PracticeMembership,
            Grant,
            Episode,
            Note,
            Invitation,
            SupportMember,
            Authenticator,
        )
    }


@pytest.fixture
def demo(db) -> None:
    _seed()
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    cache.clear()


def test_seed_creates_the_documented_people_once(db):
    first = _seed()
    assert f"Demo data ready ({len(PEOPLE)} new accounts)." in first
    counts = _counts()

    second = _seed()
    assert "Demo data ready (0 new accounts)." in second
    assert _counts() == counts

    assert len(PEOPLE) == 22
    assert counts["User"] == len(PEOPLE) + PROFESSIONALS_WHO_DO_NOT_SIGN_IN
    assert counts["Practice"] == 2
    assert counts["Episode"] == len(CLIENTS)
    assert Episode.objects.open().count() == len(CLIENTS) - 1  # Ken was discharged
    # Supporters, the client who sponsors another client, and Nate's pending invitation.
    assert counts["SupportMember"] == len(SUPPORTERS) + len(PEER_SUPPORT) + 1
    assert counts["Authenticator"] == sum(
        1 for person in PEOPLE if person.role not in {"client", "supporter", "member"}
    )
    for person in PEOPLE:
        user = User.objects.get(email=person.email)
        assert user.display_name == person.name
        assert user.role == person.role
        assert user.is_active


def test_seed_prints_how_to_sign_in(db):
    output = _seed()
    assert DEMO_PASSWORD in output
    assert DEMO_TOTP_SECRET in output
    for person in PEOPLE:
        assert person.email in output


def _sign_in(person: DemoPerson) -> tuple[Client, Any]:
    browser = Client()
    page = browser.post(
        "/accounts/login/", {"login": person.email, "password": DEMO_PASSWORD}, follow=True
    )
    if page.request["PATH_INFO"] == "/accounts/2fa/authenticate/":
        page = browser.post(
            "/accounts/2fa/authenticate/",
            {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()},
            follow=True,
        )
    return browser, page


@pytest.mark.parametrize("person", PEOPLE, ids=[p.key for p in PEOPLE])
def test_every_demo_person_signs_in_through_the_real_form(demo, person):
    browser = Client()
    page = browser.post(
        "/accounts/login/", {"login": person.email, "password": DEMO_PASSWORD}, follow=True
    )
    needs_code = person.role not in {"client", "supporter", "member"}
    if needs_code:
        assert page.request["PATH_INFO"] == "/accounts/2fa/authenticate/"
        page = browser.post(
            "/accounts/2fa/authenticate/",
            {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()},
            follow=True,
        )
    assert page.status_code == 200
    assert page.request["PATH_INFO"] == HOMES[person.role]
    assert "Sign out" in _text(page)


def test_all_demo_people_sign_in_one_after_another(demo):
    """As someone trying the demo would: one sign-in after another from the same address."""
    for person in PEOPLE:
        cache.clear()
        _, page = _sign_in(person)
        assert page.request["PATH_INFO"] == HOMES[person.role], person.email


def _names_on_caseload(key: str) -> str:
    person = next(p for p in STAFF if p.key == key)
    _, page = _sign_in(person)
    assert page.request["PATH_INFO"] == "/care/caseload/"
    return _text(page)


def test_bobs_caseload_lists_alice_but_not_ken_or_marcus(demo):
    text = _names_on_caseload("bob")
    assert "Alice Morgan" in text
    assert "Ken Watanabe" not in text
    assert "Marcus Hale" not in text


def test_danas_caseload_leaves_out_her_discharged_client(demo):
    text = _names_on_caseload("dana")
    assert "Marcus Hale" in text
    assert "Ken Watanabe" not in text
    assert "Alice Morgan" not in text


def test_the_supervisor_sees_both_practices_but_not_discharged_clients(demo):
    text = _names_on_caseload("sam")
    assert "Alice Morgan" in text
    assert "Marcus Hale" in text
    assert "Ken Watanabe" not in text


def test_carol_sees_what_alice_shares_with_her(demo):
    carol = next(p for p, *_ in SUPPORTERS if p.key == "carol")
    _, page = _sign_in(carol)
    text = _text(page)
    assert "Alice Morgan" in text
    assert "Sobriety status and sober time" in text
    assert "Check-in regularity" in text
    assert "Middle-circle alerts" in text
    assert "Slips" not in text
    assert "Healthy sex plan" not in text


def test_rachel_is_in_recovery_and_also_toms_sponsor(demo):
    """A client who is another client's sponsor: her own home, and Tom's shared page."""
    rachel = next(p for p in PEOPLE if p.key == "rachel")
    browser, page = _sign_in(rachel)
    assert page.request["PATH_INFO"] == "/me/"
    assert "People you support" in _text(page)
    page = browser.get("/support/supporting/", follow=True)
    text = _text(page)
    assert "Tom Becker" in text
    assert "Sobriety status and sober time" in text
    tom = User.objects.get(email=next(p for p in PEOPLE if p.key == "tom").email)
    page = browser.get(f"/support/supporting/{tom.pk}/")
    assert page.status_code == 200
    # Her own care record opens; Tom's does not.
    assert browser.get(f"/care/clients/{tom.pk}/").status_code == 404


def test_alice_has_three_months_of_recovery_to_show(demo):
    from threecircles.recovery.actions import current_plan, progress_for
    from threecircles.recovery.models import (
        CheckIn,
        EnvironmentChange,
        JournalEntry,
        SafetyPlan,
        Slip,
        TaskWork,
        Trigger,
    )

    alice = User.objects.get(email="alice@demo.threecircles.test")
    plan = current_plan(alice)
    assert plan is not None and plan.signed_at and plan.cosigned_at
    assert 80 <= CheckIn.objects.filter(client=alice).count() <= 93
    slips = Slip.objects.filter(client=alice)
    assert slips.count() == 2 and all(s.reviewed_at for s in slips)
    assert Trigger.objects.filter(client=alice).count() == 4
    assert EnvironmentChange.objects.filter(client=alice).count() == 4
    assert sorted(TaskWork.objects.filter(client=alice).values_list("status", flat=True)) == [
        "in_progress",
        "reviewed",
        "submitted",
    ]
    assert JournalEntry.objects.filter(client=alice).count() == 3
    assert SafetyPlan.objects.filter(client=alice).exists()
    progress = progress_for(alice)
    assert progress.total_sober_days > 60 and progress.current_days is not None


def test_carols_view_shows_what_alice_shares_with_the_data_behind_it(demo):
    carol = next(p for p, *_ in SUPPORTERS if p.key == "carol")
    browser, _ = _sign_in(carol)
    alice = User.objects.get(email="alice@demo.threecircles.test")
    text = _text(browser.get(f"/support/supporting/{alice.pk}/"))
    assert "sober days in total" in text
    assert "Checked in on" in text
    assert "Middle-circle signs on" in text
    assert "Paid sex" not in text  # the plan is not shared with her


def test_rachel_sponsors_marcus_and_each_sees_only_what_is_granted(demo):
    """Both sides: Rachel, in recovery herself, sees Marcus only as he shares; Marcus sees
    nothing of Rachel's own record."""
    rachel = next(p for p in PEOPLE if p.key == "rachel")
    marcus_person = next(p for p in PEOPLE if p.key == "marcus")
    marcus = User.objects.get(email=marcus_person.email)
    rachel_user = User.objects.get(email=rachel.email)
    rachels, _ = _sign_in(rachel)
    page = rachels.get(f"/support/supporting/{marcus.pk}/")
    text = _text(page)
    assert "Sobriety status and sober time" in text
    assert "Milestones" in text
    assert "Check-in regularity" not in text
    for url in (f"/care/clients/{marcus.pk}/", f"/recovery/clients/{marcus.pk}/"):
        assert rachels.get(url).status_code == 404
    cache.clear()
    marcuses, _ = _sign_in(marcus_person)
    for url in (
        f"/care/clients/{rachel_user.pk}/",
        f"/recovery/clients/{rachel_user.pk}/",
        f"/support/supporting/{rachel_user.pk}/",
    ):
        assert marcuses.get(url).status_code == 404


def test_miguel_is_paused_and_sees_nothing_for_now(demo):
    miguel = next(p for p in PEOPLE if p.key == "miguel")
    luis = User.objects.get(email=next(p for p in PEOPLE if p.key == "luis").email)
    browser, _ = _sign_in(miguel)
    assert "They are not sharing anything with you right now." in _text(
        browser.get("/support/supporting/")
    )
    assert browser.get(f"/support/supporting/{luis.pk}/").status_code == 404
    member = SupportMember.objects.get(client=luis)
    assert member.paused_until is not None


def test_alice_asked_for_support_once_and_carol_answered(demo):
    carol = next(p for p in PEOPLE if p.key == "carol")
    alice = User.objects.get(email="alice@demo.threecircles.test")
    request = SupportRequest.objects.get(client=alice)
    assert request.closed_at is not None
    browser, _ = _sign_in(next(p for p in PEOPLE if p.key == "alice"))
    page = browser.get(f"/support/need-support/{request.pk}/")
    assert "Carol Diaz: I'm calling you" in _text(page)
    _seed()
    assert SupportRequest.objects.filter(client=alice).count() == 1
    cache.clear()
    carols, _ = _sign_in(carol)
    assert "Alice Morgan asked for support" in _text(
        carols.get(f"/support/asked/{request.notices.get().pk}/")
    )


def test_pat_reads_the_guide_for_partners(demo):
    pat = next(p for p in PEOPLE if p.key == "pat")
    browser, _ = _sign_in(pat)
    text = _text(browser.get("/support/guide/"))
    assert "For you" in text
    page = browser.get("/support/guide/partner/")
    assert page.status_code == 200
    assert "S-Anon" in _text(page)


def test_a_peer_group_of_three_clients_run_by_rachel(demo):
    group = SupportGroup.objects.get()
    assert group.kind == "peer"
    members = [m.person.display_name for m in group.memberships.current()]
    assert sorted(members) == ["Alice Morgan", "Grace Kim", "Luis Romero"]
    rachel, _ = _sign_in(next(p for p in PEOPLE if p.key == "rachel"))
    text = _text(rachel.get(f"/support/groups/{group.pk}/"))
    assert "Alice Morgan" in text
    assert "Paid sex" not in text  # Alice's plan is never part of a group page
    _seed()
    assert SupportGroup.objects.count() == 1


def test_danas_program_has_last_weeks_hours_with_one_client_under_target(demo):
    from threecircles.care.models import Program
    from threecircles.care.programs import recent_weeks

    program = Program.objects.get()
    assert program.weekly_target_hours == 50
    under = {}
    for key in ("jordan", "marcus"):
        client = User.objects.get(email=f"{key}@demo.threecircles.test")
        [last_week] = [week for week in recent_weeks(client) if not week.is_current]
        under[key] = last_week.hours.under_attended
    assert under == {"jordan": False, "marcus": True}


def test_alices_treatment_plan_is_acknowledged_with_three_interventions(demo):
    from threecircles.care.plans import content_of, current_plan, goals_of

    alice = User.objects.get(email="alice@demo.threecircles.test")
    plan = current_plan(alice)
    assert plan is not None and plan.acknowledged_at is not None
    interventions = [i for _, goal in goals_of(content_of(plan)) for i in goal["interventions"]]
    assert len(interventions) == 3
    browser, _ = _sign_in(next(p for p in PEOPLE if p.key == "alice"))
    page = browser.get(f"/care/clients/{alice.pk}/plan/")
    assert page.status_code == 200
    assert "Sertraline" in _text(browser.get("/me/"))


def test_pat_sees_sofias_family_session_under_her_release(demo):
    from threecircles.care.models import CollateralParticipant

    participant = CollateralParticipant.objects.get()
    pat, _ = _sign_in(next(p for p in PEOPLE if p.key == "pat"))
    page = pat.get(f"/care/family/{participant.pk}/")
    assert page.status_code == 200, page.status_code


def test_alice_has_a_signed_note_with_an_addendum(demo):
    from threecircles.care.models import Note

    alice = User.objects.get(email="alice@demo.threecircles.test")
    [note] = Note.objects.for_client(alice.pk).filter(form="soap")
    assert note.signed_at is not None
    assert note.addenda.count() == 1
