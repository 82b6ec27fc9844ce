"""Recovery in a real browser, on a phone: the three circles written and signed, a check-in, a
slip reviewed into a plan change, the insights that follow, and a check-in made with no
connection that is sent once when it returns. Also: a half-typed journal entry survives a
reload, and the crisis page shows the safety plan kept on the phone when signed out.

Drives Debian's Chromium through Playwright (see threecircles/tests/browser.py). Run alone with
`.venv/bin/python -m pytest -q threecircles/recovery/tests/test_browser_recovery.py`.
"""

import json
from datetime import timedelta

from playwright.sync_api import BrowserContext, Page, expect

from threecircles.privacy.models import AccessEvent
from threecircles.recovery import actions, daily
from threecircles.recovery.models import CheckIn, Circle, JournalEntry, Slip
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
    sign_in,
)

pytestmark = BROWSER_MARKS

KEPT = "threecircles.kept-check-ins"
SAVED_HERE = "Saved on this phone; it will be sent when you are back online."


def on_a_phone(new_context, person) -> tuple[BrowserContext, Page]:
    context = new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, person)
    return context, page


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def worker_controls(page: Page) -> None:
    """Wait until the check-in's service worker controls the page (it claims it once active)."""
    assert page.evaluate(
        """() => navigator.serviceWorker.controller !== null || new Promise(resolve =>
            navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true)))"""
    )


def status_says(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def test_a_client_on_a_phone_writes_her_circles_checks_in_reviews_a_slip_and_checks_in_offline(
    new_context, alice
):
    context, page = on_a_phone(new_context, alice)

    # She writes her three circles and signs them.
    page.goto("/recovery/plan/edit/")
    for circle, text in (
        ("Inner circle", "Paid sex"),
        ("Middle circle", "Staying up alone after midnight"),
        ("Outer circle", "Evening walk"),
    ):
        page.get_by_role("group", name=circle).get_by_label("Behavior").first.fill(text)
    fits_the_phone(page)
    page.get_by_role("button", name="Save as a new version").click()
    expect(page).to_have_url("/recovery/plan/")
    page.get_by_role("button", name="Sign this version as my plan").click()
    status_says(page, "Signed. This is your plan.")

    # A check-in: the inner circle not kept today, a middle-circle sign, a strong urge.
    page.goto("/recovery/check-in/")
    fits_the_phone(page)
    page.get_by_role("group", name="Inner circle kept today?").get_by_label("No").check()
    page.get_by_label("Staying up alone after midnight").check()
    page.get_by_label("Urge strength, 0 (none) to 10 (strongest)").fill("7")
    page.get_by_label("Another trigger (optional)").fill("Hotel rooms")
    page.get_by_role("button", name="Save check-in").click()

    # Reporting the slip opens its review, along the cycle, with a proposed plan change.
    expect(page).to_have_url(f"/recovery/slips/?day={actions.today_for(alice).isoformat()}")
    page.get_by_role("button", name="Start a review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Looking at the slip")
    fits_the_phone(page)
    page.get_by_label("What set it off, as far as you can tell?").fill("A long trip, alone")
    page.get_by_label("A new middle-circle warning sign to add to your plan (optional)").fill(
        "Booking a hotel alone"
    )
    page.get_by_role("button", name="Finish the review").click()
    status_says(page, "Saved.")
    page.get_by_role("button", name="Add it").click()
    status_says(page, "Done.")
    expect(page.get_by_text("Added.", exact=True)).to_be_visible()

    slip = Slip.objects.get(client=alice)
    assert slip.reviewed_at is not None
    assert slip.review["triggered_by"] == "A long trip, alone"
    middle = [item["text"] for item in actions.current_plan(alice).items[Circle.MIDDLE]]
    assert middle == ["Staying up alone after midnight", "Booking a hotel alone"]
    page.goto("/recovery/plan/")
    expect(page.get_by_text("Booking a hotel alone")).to_be_visible()

    # The insights show the new data.
    page.goto("/recovery/insights/")
    fits_the_phone(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("averaged 7.0 out of 10")
    expect(main).to_contain_text("“Hotel rooms”")
    expect(main).not_to_contain_text("No slips in the last")

    # Offline: a missed day, filled in with no connection, from the page the worker kept.
    missed = actions.today_for(alice) - timedelta(days=3)
    address = f"/recovery/check-in/?day={missed.isoformat()}"
    page.goto(address)
    worker_controls(page)
    looks = AccessEvent.objects.filter(client_id=alice.pk).count()
    context.set_offline(True)
    response = page.goto(address)
    assert response is not None and response.from_service_worker
    assert AccessEvent.objects.filter(client_id=alice.pk).count() == looks  # no server asked
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Check in for {missed:%A} {missed.day} {missed:%B}"
    )
    page.get_by_role("group", name="Inner circle kept today?").get_by_label("Yes").check()
    page.get_by_label("Evening walk").check()
    page.get_by_label("Urge strength, 0 (none) to 10 (strongest)").fill("2")
    page.get_by_role("button", name="Save check-in").click()
    status_says(page, SAVED_HERE)
    kept = page.evaluate("key => localStorage.getItem(key)", KEPT)
    assert not CheckIn.objects.filter(client=alice, day=missed).exists()

    # Back online, it is sent once, under the id made on the phone.
    context.set_offline(False)
    status_says(page, "Sent.")
    sent = CheckIn.objects.get(client=alice, day=missed)
    assert sent.late
    assert sent.answers["inner_kept"] is True and sent.answers["urge"] == 2
    assert str(sent.device_id) == json.loads(kept)[0]["id"]
    assert page.evaluate("key => localStorage.getItem(key)", KEPT) is None

    # Sent again (an answer lost on the way, a second tab): still one check-in for the day.
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEPT, kept])
    page.reload()
    status_says(page, "Sent.")
    assert CheckIn.objects.filter(client=alice, day=missed).count() == 1
    assert CheckIn.objects.filter(client=alice).count() == 2
    assert page.evaluate("key => localStorage.getItem(key)", KEPT) is None


def test_a_kept_check_in_the_server_turns_back_is_filled_in_on_its_page_to_look_at_again(
    new_context, alice
):
    _, page = on_a_phone(new_context, alice)
    page.goto("/recovery/check-in/")
    owner = page.locator("form[data-owner]").get_attribute("data-owner")
    missed = actions.today_for(alice) - timedelta(days=1)
    address = f"/recovery/check-in/?day={missed.isoformat()}"
    strong = {
        "id": "00000000-0000-4000-8000-000000000002",
        "owner": owner,
        "address": address,
        "entries": [
            ["day", missed.isoformat()],
            ["inner_kept", "yes"],
            ["urge", "11"],
            ["note", "Kept while offline"],
            ["new_trigger_kind", "other"],
        ],
        "keptAt": 0,
    }
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [KEPT, json.dumps([strong])]
    )

    page.reload()
    status_says(page, "could not be sent as it was")
    assert page.evaluate("key => localStorage.getItem(key)", KEPT) is None
    page.get_by_role("link", name="Open it").click()
    expect(page).to_have_url(address)
    expect(page.get_by_label("One private line (optional)")).to_have_value("Kept while offline")
    expect(page.get_by_label("Urge strength, 0 (none) to 10 (strongest)")).to_have_value("11")
    assert not CheckIn.objects.exists()


# --- drafts --------------------------------------------------------------------------------


def draft_keys(page: Page) -> list[str]:
    keys: list[str] = page.evaluate(
        "Object.keys(localStorage).filter(key => key.startsWith('threecircles.draft'))"
    )
    return keys


def test_a_half_typed_journal_entry_survives_a_reload_and_goes_once_saved(new_context, alice):
    _, page = on_a_phone(new_context, alice)
    page.goto("/recovery/journal/")
    body = page.get_by_label("What is on your mind")
    body.fill("I almost called Carol tonight, and")

    page.reload()
    expect(body).to_have_value("I almost called Carol tonight, and")
    status_says(page, "What you typed here earlier and had not saved is back.")

    body.fill("I almost called Carol tonight, and then I did.")
    page.get_by_role("button", name="Save privately").click()
    status_says(page, "Saved, privately.")
    expect(body).to_have_value("")
    assert draft_keys(page) == []
    page.reload()
    expect(body).to_have_value("")
    entry = JournalEntry.objects.get(client=alice)
    assert entry.body == "I almost called Carol tonight, and then I did."


def test_a_form_turned_back_with_errors_keeps_its_draft(new_context, alice):
    _, page = on_a_phone(new_context, alice)
    page.goto("/recovery/check-in/")
    page.get_by_role("group", name="Inner circle kept today?").get_by_label("Yes").check()
    page.get_by_label("Urge strength, 0 (none) to 10 (strongest)").fill("11")
    page.get_by_label("One private line (optional)").fill("A quiet evening")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Ensure this value is less than or equal to 10.")).to_be_visible()

    page.goto("/recovery/check-in/")
    expect(page.get_by_label("One private line (optional)")).to_have_value("A quiet evening")
    expect(page.get_by_label("Urge strength, 0 (none) to 10 (strongest)")).to_have_value("11")
    assert not CheckIn.objects.filter(client=alice).exists()


def test_a_draft_never_keeps_a_password(new_context, alice):
    _, page = on_a_phone(new_context, alice)
    page.goto("/recovery/journal/")
    page.evaluate(
        """() => {
            const secret = document.createElement("input");
            secret.type = "password";
            secret.name = "secret";
            secret.setAttribute("aria-label", "Secret");
            document.querySelector("form[data-draft]").append(secret);
        }"""
    )
    page.get_by_label("Secret").fill("hunter2-not-kept")
    page.get_by_label("What is on your mind").fill("Kept")

    [key] = draft_keys(page)
    kept = page.evaluate("key => localStorage.getItem(key)", key)
    assert "Kept" in kept
    assert "hunter2" not in kept and "secret" not in kept


# --- signing out ---------------------------------------------------------------------------


def test_signing_out_forgets_drafts_and_the_check_in_page_kept_for_offline(new_context, alice):
    _, page = on_a_phone(new_context, alice)
    page.goto("/recovery/check-in/")
    worker_controls(page)
    page.get_by_label("One private line (optional)").fill("Not sent, not kept")
    assert draft_keys(page)
    assert page.evaluate("caches.keys()")

    # A check-in kept on this phone by someone else is never sent under Alice's session...
    someone_elses = {
        "id": "00000000-0000-4000-8000-000000000001",
        "owner": "someone-else",
        "address": "/recovery/check-in/",
        "entries": [["inner_kept", "yes"], ["urge", "0"], ["new_trigger_kind", "other"]],
        "keptAt": 0,
    }
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [KEPT, json.dumps([someone_elses])]
    )
    page.reload()
    assert page.evaluate("key => localStorage.getItem(key)", KEPT) is not None
    assert not CheckIn.objects.exists()

    # ...and signing out asks before removing what was not sent; staying is a choice.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.evaluate("key => localStorage.getItem(key)", KEPT) is not None

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Sign in")).to_be_visible()
    assert draft_keys(page) == []
    assert page.evaluate("key => localStorage.getItem(key)", KEPT) is None
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations()") == []
    assert not CheckIn.objects.exists()


def test_a_session_that_ran_out_leaves_nothing_for_the_next_person_who_signs_in(new_context, alice):
    from conftest import make_user

    context, page = on_a_phone(new_context, alice)
    page.goto("/recovery/check-in/")
    worker_controls(page)
    page.get_by_label("One private line (optional)").fill("Only for Alice")
    assert draft_keys(page)
    assert page.evaluate("caches.keys()")

    context.clear_cookies()  # her session ran out; nobody pressed "Sign out"
    zoe = make_user("Zoe", "client")
    sign_in(page, zoe)
    # Her check-in page is not kept for Zoe (the caches are emptied as the page opens).
    for _ in range(50):
        if page.evaluate("caches.keys()") == []:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("caches.keys()") == []
    page.goto("/recovery/check-in/")
    expect(page.get_by_label("One private line (optional)")).to_have_value("")
    assert draft_keys(page) == []


# --- the safety plan, without signing in ---------------------------------------------------


def test_the_crisis_page_shows_the_safety_plan_kept_on_the_phone_when_signed_out(
    new_context, alice
):
    daily.save_safety_plan(
        client=alice,
        sections={
            "warning_signs": ["Not sleeping for two nights"],
            "people_to_ask": ["Carol, my sponsor: 555 0100"],
        },
    )
    _, page = on_a_phone(new_context, alice)
    page.goto("/recovery/safety-plan/")
    page.get_by_role("button", name="Keep a copy on this phone").click()
    status_says(page, "A copy is kept on this phone")
    expect(page.get_by_role("button", name="Keep a copy on this phone")).to_be_hidden()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Sign in")).to_be_visible()
    page.goto("/crisis/")
    kept = page.get_by_role("region", name="Your safety plan")
    expect(kept.get_by_role("heading", name="My warning signs")).to_be_visible()
    expect(kept).to_contain_text("Not sleeping for two nights")
    expect(kept).to_contain_text("Carol, my sponsor: 555 0100")
    fits_the_phone(page)

    kept.get_by_role("button", name="Remove it from this phone").click()
    expect(page.get_by_text("Your safety plan was removed from this phone.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("region", name="Your safety plan")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("Crisis help, right now")


# --- accessibility -------------------------------------------------------------------------


@needs_axe
def test_what_the_scripts_add_has_no_serious_accessibility_violations(new_context, alice):
    daily.save_safety_plan(client=alice, sections={"what_helps": ["A walk"]})
    page = axe_page(new_context, viewport=PHONE)
    sign_in(page, alice)
    page.goto("/recovery/journal/")
    page.get_by_label("What is on your mind").fill("Half a thought")
    page.reload()  # with the notice that a draft is back
    found = serious_violations(page)
    page.goto("/recovery/safety-plan/")
    page.get_by_role("button", name="Keep a copy on this phone").click()
    found += serious_violations(page)
    page.goto("/crisis/")
    expect(page.get_by_role("region", name="Your safety plan")).to_be_visible()
    found += serious_violations(page)
    assert found == []
