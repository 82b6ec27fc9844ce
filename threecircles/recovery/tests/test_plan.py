"""The healthy sex plan: three circles, written by the client (or with their clinician),
versioned with what changed, when and by whom, signed, co-signed, printable."""

import pytest

from threecircles.network.actions import connect_supporter
from threecircles.privacy.models import AccessEvent
from threecircles.recovery import actions
from threecircles.recovery.models import PlanVersion
from threecircles.tests.html import find_all, page_tree, text_of

EDIT = "/recovery/plan/edit/"


def plan_form(**circles: list[tuple[str, str]]) -> dict[str, str]:
    data: dict[str, str] = {}
    for circle in ("inner", "middle", "outer"):
        rows = circles.get(circle, [])
        data[f"{circle}-TOTAL_FORMS"] = str(len(rows))
        data[f"{circle}-INITIAL_FORMS"] = "0"
        for n, (text, note) in enumerate(rows):
            data[f"{circle}-{n}-text"] = text
            data[f"{circle}-{n}-note"] = note
    return data


def test_alice_writes_her_three_circles_and_signs_them(alice, signed_in):
    browser = signed_in(alice)
    page = browser.post(
        EDIT,
        plan_form(
            inner=[("Paid sex", ""), ("Pornography", "Any device")],
            middle=[("Hotel bars", "Especially alone")],
            outer=[("Evening walk", "")],
        ),
        follow=True,
    )
    assert page.request["PATH_INFO"] == "/recovery/plan/"
    text = text_of(page_tree(page))
    assert "Pornography" in text and "Any device" in text
    assert "Sign this version as my plan" in text
    browser.post("/recovery/plan/sign/")
    version = PlanVersion.objects.get(client=alice)
    assert version.signed_at is not None
    assert "Signed" in text_of(page_tree(browser.get("/recovery/plan/")))


def test_each_change_is_a_new_version_saying_what_changed_and_by_whom(alice, bob, signed_in):
    browser = signed_in(alice)
    browser.post(EDIT, plan_form(inner=[("Paid sex", "")], middle=[("Hotel bars", "")]))
    first = actions.current_plan(alice)
    assert first is not None
    hotel = first.items["middle"][0]["id"]
    # Bob, in session, keeps Hotel bars (same id) and adds a sign.
    data = plan_form(inner=[("Paid sex", "")], middle=[("Hotel bars", ""), ("Late work trips", "")])
    data["middle-0-id"] = hotel
    data["inner-0-id"] = first.items["inner"][0]["id"]
    signed_in(bob).post(f"/recovery/clients/{alice.pk}/plan/edit/", data)
    second = actions.current_plan(alice)
    assert second is not None and second.number == 2
    assert second.written_by == bob
    assert second.items["middle"][0]["id"] == hotel  # check-ins that picked it still read it
    assert second.changes == ["Added to the middle circle: Late work trips"]
    history = text_of(page_tree(browser.get("/recovery/plan/history/")))
    assert "Version 2" in history and "by Bob" in history
    assert "Added to the middle circle: Late work trips" in history


def test_saving_without_a_change_makes_no_version(alice, signed_in):
    browser = signed_in(alice)
    browser.post(EDIT, plan_form(inner=[("Paid sex", "")]))
    version = actions.current_plan(alice)
    assert version is not None
    data = plan_form(inner=[("Paid sex", "")])
    data["inner-0-id"] = version.items["inner"][0]["id"]
    page = browser.post(EDIT, data, follow=True)
    assert "Nothing changed." in text_of(page_tree(page))
    assert PlanVersion.objects.filter(client=alice).count() == 1


def test_a_too_long_behavior_is_explained_and_everything_typed_is_kept(alice, signed_in):
    page = signed_in(alice).post(
        EDIT, plan_form(inner=[("x" * 300, "")], outer=[("Evening walk", "with Sam")])
    )
    tree = page_tree(page)
    assert "at most 200 characters" in text_of(tree)
    values = [dict(i.attributes).get("value") for i in find_all(tree, "input")]
    assert "Evening walk" in values and "with Sam" in values
    assert not PlanVersion.objects.filter(client=alice).exists()


@pytest.fixture
def signed_plan(alice):
    version = actions.write_plan(
        client=alice,
        author=alice,
        items={"inner": [{"text": "Paid sex"}], "middle": [], "outer": []},
    )
    assert version is not None
    actions.sign_plan(version=version, client=alice)
    return version


def test_her_clinician_co_signs_the_signed_plan(alice, bob, signed_plan, signed_in):
    page = signed_in(bob).post(
        f"/recovery/clients/{alice.pk}/plan/cosign/", {"version": "1"}, follow=True
    )
    assert "Co-signed." in text_of(page_tree(page))
    signed_plan.refresh_from_db()
    assert (signed_plan.cosigned_by, signed_plan.cosigner_role) == (bob, "Care team")


def test_a_sponsor_she_shares_the_plan_with_co_signs_it_from_his_page(
    alice, signed_plan, signed_in
):
    from conftest import make_user

    dave = make_user("Dave", "supporter")
    connect_supporter(
        client=alice, supporter=dave, name="Dave", relationship="sponsor", shares=["plan"]
    )
    browser = signed_in(dave)
    page = browser.get(f"/support/supporting/{alice.pk}/")
    assert "Co-sign as their sponsor" in text_of(page_tree(page))
    browser.post(f"/recovery/clients/{alice.pk}/plan/cosign/", {"version": "1"})
    signed_plan.refresh_from_db()
    assert signed_plan.cosigned_by == dave
    seen = AccessEvent.objects.for_client(alice.pk).filter(actor_id=dave.pk)
    assert "healthy sex plan (co-signed)" in set(seen.values_list("what", flat=True))


def test_a_supporter_without_the_plan_cannot_co_sign(alice, carol, signed_plan, signed_in):
    page = signed_in(carol).post(f"/recovery/clients/{alice.pk}/plan/cosign/", {"version": "1"})
    assert page.status_code == 404
    signed_plan.refresh_from_db()
    assert signed_plan.cosigned_at is None


def test_only_a_sponsor_co_signs_not_another_supporter_who_reads_the_plan(
    alice, signed_plan, signed_in
):
    from conftest import make_user

    erin = make_user("Erin", "supporter")
    connect_supporter(
        client=alice, supporter=erin, name="Erin", relationship="friend", shares=["plan"]
    )
    browser = signed_in(erin)
    assert "Co-sign" not in text_of(page_tree(browser.get(f"/support/supporting/{alice.pk}/")))
    page = browser.post(f"/recovery/clients/{alice.pk}/plan/cosign/", {"version": "1"})
    assert page.status_code == 404
    signed_plan.refresh_from_db()
    assert signed_plan.cosigned_at is None


def test_a_co_signature_is_for_the_version_read_not_one_written_since(
    alice, bob, signed_plan, signed_in
):
    newer = actions.write_plan(
        client=alice,
        author=alice,
        items={"inner": [{"text": "Paid sex"}, {"text": "Apps"}], "middle": [], "outer": []},
    )
    assert newer is not None
    actions.sign_plan(version=newer, client=alice)
    page = signed_in(bob).post(
        f"/recovery/clients/{alice.pk}/plan/cosign/", {"version": "1"}, follow=True
    )
    assert "The plan changed since you opened it" in text_of(page_tree(page))
    newer.refresh_from_db()
    assert newer.cosigned_at is None


def test_the_plan_prints_as_a_pdf_with_a_neutral_name(alice, signed_plan, signed_in):
    page = signed_in(alice).get("/recovery/plan.pdf")
    assert page.content.startswith(b"%PDF")
    assert page["Content-Disposition"] == 'attachment; filename="my-plan.pdf"'
