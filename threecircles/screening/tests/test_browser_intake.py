"""The intake in a real browser: a client answers it on her phone, her clinician triages it.

Alice answers consent first (the other steps stay locked until then), the behavior inventory,
the safety and legal screen and a PHQ-9 with a safety answer, by clicking the option labels as a
person would; she sees crisis help at once. Bob signs in with a second factor, finds the urgent
alert at the top of his caseload, reviews the triage and records what he did on the alert.

Drives Debian's Chromium through Playwright against pytest-django's live server, as
`threecircles/tests/test_browser.py` does. Run alone with
`.venv/bin/python -m pytest -q threecircles/screening/tests/test_browser_intake.py`; axe-core
comes from `npm install --no-save --no-audit --no-fund axe-core@4` (as `make pytest` does).
"""

import re
from collections.abc import Sequence

import pytest
from playwright.sync_api import Locator, Page, Response, expect

from threecircles.accounts.models import User
from threecircles.screening import actions
from threecircles.screening.models import Administration, Intake, SafetyAlert
from threecircles.tests.browser import (
    BROWSER_MARKS,
    PHONE,
    axe_page,
    needs_axe,
    serious_violations,
    sign_in,
    with_totp,
)

CONSENT_TITLE = "Before we begin — privacy and its limits"
INVENTORY_TITLE = "Sexual behaviour inventory"
SCREEN_TITLE = "Safety and legal screen"
PHQ9_TITLE = "Patient Health Questionnaire-9 (PHQ-9)"
PORNOGRAPHY_REASON = (
    "Behavior inventory: Pornography or compulsive masturbation has affected the person's life "
    "a lot"
)
OVERRIDE_REASON = "Discussed in session: the depression comes first; we revisit the CSB pathway."
ALERT_ACTION = "Called Alice the same afternoon, made a safety plan with her, booked Thursday."

pytestmark = BROWSER_MARKS


# --- answering as a person would -----------------------------------------------------------


def question(page: Page, number: int) -> Locator:
    """The question's fieldset, found by its legend ("3. Trouble falling asleep…")."""
    return page.get_by_role("group", name=re.compile(rf"^{number}\. "))


def is_autosave(response: Response) -> bool:
    return response.request.method == "POST" and "x-autosave" in response.request.headers


def choose(page: Page, number: int, option: str) -> None:
    """Click the option's label, not the radio itself, and wait for the answer's autosave as a
    person (slower than the server) would."""
    with page.expect_response(is_autosave) as autosave:
        question(page, number).locator("label").get_by_text(option, exact=True).click()
    assert autosave.value.status == 204, autosave.value


def expect_chosen(page: Page, number: int, option: str) -> None:
    expect(question(page, number).get_by_role("radio", name=option, exact=True)).to_be_checked()


def answer_all(page: Page, options: list[str], start: int = 1) -> None:
    for number, option in enumerate(options, start=start):
        choose(page, number, option)


def nav(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label, exact=True).click()


def assert_fits_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def message(page: Page) -> Locator:
    """The page's flash messages (the questionnaire has a second status, for autosave)."""
    return page.get_by_role("main").locator(".messages")


def getting_started(page: Page) -> Locator:
    return page.get_by_role("region", name="Getting started")


# Behavior inventory: pornography daily for years, affecting her life a lot; nothing else.
INVENTORY_FIRST_NINE = [
    "Daily or almost daily",
    "1 to 5 years",
    "A lot",
    *["Not at all", "It has not been a pattern", "Not at all"] * 2,
]
INVENTORY_REST = ["Not at all", "It has not been a pattern", "Not at all"] * 4
# PHQ-9: total 2+2+1+3+0+1+0+0+1 = 10, with item 9 "Several days".
PHQ9 = [
    "More than half the days",
    "More than half the days",
    "Several days",
    "Nearly every day",
    "Not at all",
    "Several days",
    "Not at all",
    "Not at all",
    "Several days",
]


def test_client_answers_her_intake_on_a_phone_and_her_clinician_triages_it(new_context, alice, bob):
    intake = actions.start_intake(client=alice, started_by=bob, instruments=["phq9"])
    step = {a.instrument: a for a in intake.administrations.all()}
    consent, inventory = step["intake_consent"], step["behavior_inventory"]
    screen, phq9 = step["offending_screen"], step["phq9"]

    # --- Alice, on her phone ---
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, alice)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Alice")
    nav(page, "Questionnaires")
    expect(page).to_have_url("/screening/mine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your questionnaires")
    assert_fits_phone(page)

    # Consent comes first: the other steps are plain text, not links, until it is answered.
    steps = getting_started(page).get_by_role("listitem")
    expect(steps).to_have_text(
        [
            CONSENT_TITLE,
            f"{INVENTORY_TITLE} (after the consent questions)",
            f"{SCREEN_TITLE} (after the consent questions)",
            f"{PHQ9_TITLE} (after the consent questions)",
        ]
    )
    expect(getting_started(page).get_by_role("link")).to_have_count(1)
    # Nor does a saved link get round it.
    page.goto(f"/screening/answer/{inventory.pk}/")
    expect(page).to_have_url("/screening/mine/")
    expect(message(page)).to_have_text("Please read and answer the consent questions first.")

    # Consent.
    getting_started(page).get_by_role("link", name=CONSENT_TITLE).click()
    expect(page).to_have_url(f"/screening/answer/{consent.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(CONSENT_TITLE)
    assert_fits_phone(page)
    answer_all(page, ["I understand"] * 11)
    page.get_by_role("button", name="Submit answers").click()
    expect(page).to_have_url(f"/screening/result/{consent.pk}/")
    expect(page.get_by_text("Your clinician will go through the results with you.")).to_be_visible()
    page.get_by_role("link", name="Back to your questionnaires").click()

    expect(steps.first).to_have_text(f"{CONSENT_TITLE}: done")
    expect(getting_started(page).get_by_role("link")).to_have_count(3)

    # Behavior inventory: a third of it, then "Save and finish later".
    getting_started(page).get_by_role("link", name=INVENTORY_TITLE).click()
    expect(page).to_have_url(f"/screening/answer/{inventory.pk}/")
    assert_fits_phone(page)
    answer_all(page, INVENTORY_FIRST_NINE)
    page.get_by_role("button", name="Save and finish later").click()
    expect(page).to_have_url(f"/screening/answer/{inventory.pk}/")
    expect(message(page)).to_have_text("Saved. You can come back and finish at any time.")

    page.reload()
    for number, option in enumerate(INVENTORY_FIRST_NINE, start=1):
        expect_chosen(page, number, option)
    expect(question(page, 10).get_by_role("radio", checked=True)).to_have_count(0)
    inventory.refresh_from_db()
    assert inventory.status == Administration.Status.STARTED
    assert inventory.answers[:9] == [4, 3, 3, 0, 0, 0, 0, 0, 0]
    assert inventory.answers[9:] == [None] * 12

    # She leaves, and comes back to it from the navigation.
    nav(page, "Questionnaires")
    expect(steps.nth(1)).to_contain_text("in progress")
    getting_started(page).get_by_role("link", name=INVENTORY_TITLE).click()
    expect_chosen(page, 3, "A lot")

    # One question left out: she is told which, and keeps the rest.
    answer_all(page, INVENTORY_REST[:-1], start=10)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("alert").first).to_have_text(
        "Some questions still need an answer. Your other answers are kept."
    )
    expect(question(page, 21)).to_contain_text("Please choose an answer.")
    expect_chosen(page, 1, "Daily or almost daily")
    expect_chosen(page, 20, "It has not been a pattern")
    choose(page, 21, INVENTORY_REST[-1])
    page.get_by_role("button", name="Submit answers").click()
    expect(page).to_have_url(f"/screening/result/{inventory.pk}/")
    page.get_by_role("link", name="Back to your questionnaires").click()

    # Safety and legal screen.
    getting_started(page).get_by_role("link", name=SCREEN_TITLE).click()
    expect(page).to_have_url(f"/screening/answer/{screen.pk}/")
    assert_fits_phone(page)
    answer_all(page, ["No"] * 11)
    page.get_by_role("button", name="Submit answers").click()
    expect(page).to_have_url(f"/screening/result/{screen.pk}/")
    page.get_by_role("link", name="Back to your questionnaires").click()

    # PHQ-9, with thoughts of being better off dead on several days.
    getting_started(page).get_by_role("link", name=PHQ9_TITLE).click()
    expect(page).to_have_url(f"/screening/answer/{phq9.pk}/")
    assert_fits_phone(page)
    answer_all(page, PHQ9)
    page.get_by_role("button", name="Submit answers").click()

    # Crisis help at once: on the first screen of the result, within the phone's width.
    expect(page).to_have_url(f"/screening/result/{phq9.pk}/")
    expect(page.get_by_role("heading", name="You do not have to face this alone")).to_be_visible()
    crisis = page.get_by_role("main").get_by_role("link", name="Crisis help", exact=True)
    expect(crisis).to_be_visible()
    expect(crisis).to_be_in_viewport()
    box = crisis.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    assert box["y"] + box["height"] <= PHONE["height"]
    assert_fits_phone(page)
    expect(page.get_by_role("main")).to_contain_text(
        "Your score was 10, in the range called “moderate depression”."
    )
    crisis.click()
    expect(page).to_have_url("/crisis/")

    nav(page, "Questionnaires")
    expect(getting_started(page)).to_have_count(0)  # the intake is finished
    answered = page.get_by_role("region", name="Answered").get_by_role("link")
    expect(answered).to_have_count(4)

    intake.refresh_from_db()
    assert intake.status == Intake.Status.READY
    assert intake.recommended_pathway == "csb"
    assert SafetyAlert.objects.open().filter(client=alice).count() == 1

    # --- Bob, at his desk ---
    page = new_context().new_page()
    sign_in(page, bob, totp_secret=with_totp(bob))
    expect(page).to_have_url("/care/caseload/")

    urgent = page.get_by_role("region", name="Urgent: needs you today")
    todo = page.get_by_role("region", name="To do")
    expect(urgent).to_be_visible()
    expect(urgent).to_be_in_viewport()
    expect(urgent.get_by_role("listitem")).to_have_count(1)
    expect(urgent.get_by_role("listitem")).to_contain_text("Alice: safety flag raised")
    # At the top: above the to-do list and the caseload table.
    urgent_box, todo_box = urgent.bounding_box(), todo.bounding_box()
    table_box = page.get_by_role("table").bounding_box()
    assert urgent_box and todo_box and table_box
    assert urgent_box["y"] < todo_box["y"] < table_box["y"]

    todo.get_by_role("link", name="Triage review for Alice").click()
    expect(page).to_have_url(f"/screening/intakes/{intake.pk}/triage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Triage review: Alice")
    expect(page.get_by_role("main").locator("strong").first).to_have_text(
        "Compulsive sexual behavior pathway"
    )
    expect(page.locator("ul.reasons > li")).to_have_text([PORNOGRAPHY_REASON])
    recommended = page.get_by_role("radio", name="Compulsive sexual behavior pathway")
    expect(recommended).to_be_checked()

    # He overrides: first without a reason, which is refused, then with one.
    page.get_by_text("Neither pathway", exact=True).click()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Give a reason when your decision differs from the recommendation."
    )
    expect(page.get_by_role("radio", name="Neither pathway")).to_be_checked()
    page.get_by_label(re.compile(r"^Reason")).fill(OVERRIDE_REASON)
    page.get_by_role("button", name="Record decision").click()
    expect(page).to_have_url(f"/screening/clients/{alice.pk}/")
    expect(message(page)).to_have_text("Triage decision recorded.")
    expect(page.get_by_role("region", name="Intake and triage")).to_contain_text(
        re.compile(r"Triage reviewed\s*· Triage review\s*· Neither pathway")
    )
    intake.refresh_from_db()
    assert intake.status == Intake.Status.REVIEWED
    assert intake.confirmed_pathway == "neither"
    assert intake.override_reason == OVERRIDE_REASON
    assert intake.reviewed_by == bob

    # The alert: still at the top of his caseload until he records what he did.
    nav(page, "Caseload")
    expect(page.get_by_role("region", name="To do")).to_have_count(0)
    urgent.get_by_role("link", name="Record what you did").click()
    alert = SafetyAlert.objects.get(client=alice)
    expect(page).to_have_url(f"/screening/alerts/{alert.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety alert: Alice")
    page.get_by_role("button", name="Record and close the alert").click()
    expect(page.get_by_role("main")).to_contain_text("This field is required.")
    page.get_by_label("What did you do?").fill(ALERT_ACTION)
    page.get_by_role("button", name="Record and close the alert").click()

    expect(page).to_have_url("/care/caseload/")
    expect(message(page)).to_have_text("Alert closed. What you did is on the record.")
    expect(page.get_by_role("region", name="Urgent: needs you today")).to_have_count(0)
    expect(
        page.get_by_role("table").get_by_role("rowheader", name=re.compile("Alice"))
    ).to_be_visible()
    alert.refresh_from_db()
    assert alert.resolved_by == bob
    assert alert.action_taken == ALERT_ACTION

    page.goto(f"/screening/clients/{alice.pk}/")
    expect(page.get_by_role("heading", name="Urgent safety alert")).to_have_count(0)


# --- accessibility -------------------------------------------------------------------------


def complete(administration: Administration, answers: Sequence[int | None], actor: User) -> None:
    actions.complete_administration(
        administration=administration, answers=list(answers), actor=actor
    )


@needs_axe
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_intake_pages_have_no_serious_accessibility_violations(new_context, alice, bob, viewport):
    intake = actions.start_intake(client=alice, started_by=bob, instruments=["phq9"])
    step = {a.instrument: a for a in intake.administrations.all()}
    complete(step["intake_consent"], [1] * 11, alice)
    complete(step["behavior_inventory"], [4, 3, 3] + [0] * 18, alice)
    complete(step["offending_screen"], [0] * 11, alice)
    phq9 = step["phq9"]

    page = axe_page(new_context, viewport=viewport)
    sign_in(page, alice)
    found = serious_violations(page, "/screening/mine/")
    found += serious_violations(page, f"/screening/answer/{phq9.pk}/")
    # The questionnaire again, with every question marked as still needing an answer.
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    found += serious_violations(page)
    complete(phq9, [2, 2, 1, 3, 0, 1, 0, 0, 1], alice)
    found += serious_violations(page, f"/screening/result/{phq9.pk}/")

    page = axe_page(new_context, viewport=viewport)
    sign_in(page, bob, totp_secret=with_totp(bob))
    alert = SafetyAlert.objects.get(client=alice)
    found += serious_violations(page, "/care/caseload/")
    found += serious_violations(page, f"/screening/clients/{alice.pk}/")
    found += serious_violations(page, f"/screening/intakes/{intake.pk}/triage/")
    # The triage form again, refusing an override without a reason.
    page.get_by_text("Neither pathway", exact=True).click()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("main")).to_contain_text("Give a reason")
    found += serious_violations(page)
    found += serious_violations(page, f"/screening/alerts/{alert.pk}/")
    assert found == []
