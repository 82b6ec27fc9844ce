"""On a 360 px phone, in a real browser: an error after a failed save is brought into view
with the cursor on it; ending things in a group asks first and works without JavaScript; the
attendance table scrolls inside its own box so the page itself fits."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.network import groups
from threecircles.network.models import GroupKind, SupportGroup, SupportMember
from threecircles.tests.browser import BROWSER_MARKS, PHONE, sign_in, with_totp

pytestmark = BROWSER_MARKS


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture
def peer_group(alice: User) -> SupportGroup:
    """Alice facilitates a peer group of five, with twelve meetings recorded."""
    group = groups.create_group(facilitator=alice, name="Thursday circle", kind=GroupKind.PEER)
    people = [make_user(name, Role.CLIENT) for name in ("Bea", "Chidi", "Dmitri", "Esperanza")]
    for person in people:
        groups.add_member_directly(group=group, person=person)
    today = timezone.localdate()
    for week in range(12):
        groups.record_meeting(
            group=group, day=today - timedelta(days=7 * week), present={people[week % 4].pk}
        )
    return group


def test_a_failed_pause_shows_its_error_on_screen_with_the_cursor_on_it(new_context, alice, carol):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, alice, with_totp(alice) if alice.needs_mfa else None)
    member = SupportMember.objects.get(client=alice)
    page.goto(f"/support/my-supporters/{member.pk}/")
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Pause through").fill(yesterday.isoformat())
    page.get_by_role("button", name="Pause", exact=True).click()

    error = page.get_by_text("Choose today or a later day.")
    expect(error).to_be_in_viewport()
    expect(page.get_by_label("Pause through")).to_be_focused()
    expect(page.get_by_label("Pause through")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0  # it was below the first screen


def test_attendance_fits_a_phone_and_a_past_day_opens_for_changing(new_context, alice, peer_group):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, alice, with_totp(alice) if alice.needs_mfa else None)
    page.goto(f"/support/groups/{peer_group.pk}/attendance/")
    _fits(page)
    # A date field is as wide as the other fields, not a narrow box.
    day = page.get_by_label("Day of the meeting").bounding_box()
    assert day and day["width"] >= PHONE["width"] - 40
    scroller = page.locator(".table-scroll")
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")  # it scrolls, alone

    page.get_by_role("link", name="Change the meeting of").last.click()
    expect(page.get_by_text("Saving replaces it.")).to_be_visible()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("replaced.")).to_be_visible()
    _fits(page)


def test_leaving_a_group_asks_first_and_works_without_javascript(new_context, alice, peer_group):
    bea = User.objects.get(display_name="Bea")
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    sign_in(page, bea, with_totp(bea) if bea.needs_mfa else None)
    page.goto(f"/support/groups/{peer_group.pk}/")
    _fits(page)
    yes = page.get_by_role("button", name="Yes, leave Thursday circle")
    expect(yes).to_be_hidden()
    # The help under each tick box sits below it, not squeezed beside it.
    box = page.get_by_label("Share my support requests with the group").bounding_box()
    help_ = page.locator(".checkbox .helptext").bounding_box()
    assert box and help_ and help_["y"] >= box["y"] + box["height"]

    page.locator("summary", has_text="Leave Thursday circle").click()
    expect(page.get_by_text("Leaving ends everything shared through the group")).to_be_visible()
    yes.click()
    expect(page.get_by_text("You left Thursday circle.")).to_be_visible()
    assert not peer_group.memberships.current().filter(person=bea).exists()
