"""Member prices: listed for everyone, chosen only by a signed-in member in good standing
(current, or in the grace period), on the page and in `actions.register`; and the member
area's panel of upcoming events with member prices."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.accounts.registry import Home, RenderedPanel, panels_for
from threecircles.events import actions
from threecircles.events.models import Event, Registration, RegistrationType
from threecircles.events.tests.access_registration import make_event
from threecircles.membership.models import GRACE_DAYS, Membership, MemberType
from threecircles.tests.browser import PHONE, axe_page, needs_axe, serious_violations

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


def _member(name: str, paid_through: datetime.date) -> User:
    person = make_user(name, Role.MEMBER)
    member_type, _ = MemberType.objects.get_or_create(
        slug="full", defaults={"name": "Full member", "yearly_fee": Decimal("120.00")}
    )
    Membership.objects.create(
        person=person,
        member_type=member_type,
        status=Membership.Status.ACTIVE,
        name=name,
        email=person.email,
        profession="Licensed counselor",
        paid_through=paid_through,
    )
    return person


@pytest.fixture
def current() -> User:
    return _member("Mia", timezone.localdate() + datetime.timedelta(days=200))


@pytest.fixture
def in_grace() -> User:
    return _member("Gus", timezone.localdate() - datetime.timedelta(days=GRACE_DAYS - 5))


@pytest.fixture
def lapsed() -> User:
    return _member("Lou", timezone.localdate() - datetime.timedelta(days=GRACE_DAYS + 1))


@pytest.fixture
def event() -> Event:
    return make_event(member_price=True)


def _member_type(event: Event) -> RegistrationType:
    return event.registration_types.get(audience=RegistrationType.Audience.MEMBER)


def _register(event: Event, person: User | None, **extra: object) -> Registration:
    return actions.register(
        event=event,
        registration_type=_member_type(event),
        name="Jordan Lee",
        email=person.email if person else "jordan@example.org",
        person=person,
        **extra,  # type: ignore[arg-type]
    )


class Radios(HTMLParser):
    """The registration type radio buttons of a page, by the value they send."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "input" and named.get("name") == "registration_type":
            self.found[str(named["value"])] = named


def _radios(page: str) -> dict[str, dict[str, str | None]]:
    parser = Radios()
    parser.feed(page)
    return parser.found


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(response.text.split())


def _page(browser: Client, event: Event) -> str:
    return _text(browser.get(reverse("events:register", args=[event.slug])))


# --- the register page -------------------------------------------------------------------------


def test_a_visitor_sees_the_member_price_but_cannot_choose_it(client: Client, event: Event):
    page = _page(client, event)
    assert "Member: 100.00 USD (80.00 USD through" in page
    radios = _radios(page)
    member = radios[str(_member_type(event).pk)]
    assert "disabled" in member
    assert member["aria-describedby"] == "member-prices-note"
    others = [attrs for value, attrs in radios.items() if value != str(_member_type(event).pk)]
    assert len(others) == 2 and not any("disabled" in attrs for attrs in others)
    login = f"{reverse('account_login')}?next={reverse('events:register', args=[event.slug])}"
    assert (
        "Member prices are for institute members: "
        f'<a href="{login}">sign in to your member account</a>.' in page
    )


def test_without_member_prices_there_is_no_note(client: Client):
    page = _page(client, make_event())
    assert "Member prices are for institute members" not in page
    assert not any("disabled" in attrs for attrs in _radios(page).values())


def test_a_signed_in_person_who_is_not_a_member_is_told_why(
    mallory: User, signed_in: Callable[[User], Client], event: Event
):
    page = _page(signed_in(mallory), event)
    assert "disabled" in _radios(page)[str(_member_type(event).pk)]
    assert "Member prices are for institute members whose membership is current." in page
    assert "sign in to your member account" not in page


def test_a_member_in_good_standing_can_choose_the_member_price(
    current: User, signed_in: Callable[[User], Client], event: Event
):
    page = _page(signed_in(current), event)
    assert not any("disabled" in attrs for attrs in _radios(page).values())
    assert "Member prices are for institute members" not in page


def test_a_member_price_sent_by_a_visitor_is_refused_and_keeps_what_was_typed(
    client: Client, event: Event
):
    form = {
        "registration_type": str(_member_type(event).pk),
        "name": "Jordan Lee",
        "email": "jordan@example.org",
    }
    response = client.post(reverse("events:register", args=[event.slug]), form)
    assert response.status_code == 400
    page = " ".join(response.text.split())
    assert "Member prices are for institute members whose membership is current." in page
    assert 'value="Jordan Lee"' in page and 'value="jordan@example.org"' in page
    assert not Registration.objects.exists()


def test_a_member_registers_on_the_page_and_pays_the_early_member_price(
    current: User, signed_in: Callable[[User], Client], event: Event
):
    form = {
        "registration_type": str(_member_type(event).pk),
        "name": "Mia",
        "email": "mia@example.org",
    }
    response = signed_in(current).post(reverse("events:register", args=[event.slug]), form)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.person, registration.fee) == (current, Decimal("80.00"))


# --- the action: no path around the form -------------------------------------------------------


def test_register_refuses_a_member_price_without_a_person(event: Event):
    with pytest.raises(actions.RegistrationRefused) as refused:
        _register(event, None)
    assert refused.value.message == actions.MEMBERS_ONLY
    assert not Registration.objects.exists()


def test_register_refuses_a_member_price_to_a_person_who_is_not_a_member(
    mallory: User, event: Event
):
    with pytest.raises(actions.RegistrationRefused):
        _register(event, mallory)
    assert not Registration.objects.exists()


def test_a_lapsed_member_cannot_have_the_member_price(
    lapsed: User, signed_in: Callable[[User], Client], event: Event
):
    with pytest.raises(actions.RegistrationRefused):
        _register(event, lapsed)
    assert "disabled" in _radios(_page(signed_in(lapsed), event))[str(_member_type(event).pk)]


def test_a_member_in_the_grace_period_still_has_the_member_price(in_grace: User, event: Event):
    assert _register(event, in_grace).fee == Decimal("80.00")


def test_a_current_member_pays_the_member_price_after_the_early_bird(current: User, event: Event):
    early_until = _member_type(event).early_until
    assert early_until is not None
    later = datetime.datetime.combine(
        early_until + datetime.timedelta(days=1), datetime.time(10), CHICAGO
    )
    assert _register(event, current, now=later).fee == Decimal("100.00")


def test_a_member_price_is_for_the_members_own_seat_not_for_other_addresses(current: User, event):
    with pytest.raises(actions.RegistrationRefused, match="own registration"):
        actions.register(
            event=event,
            registration_type=_member_type(event),
            name="A friend",
            email="friend@example.org",
            person=current,
        )
    assert not event.registrations.exists()


def test_other_registration_types_stay_open_to_everyone(event: Event):
    registration = actions.register(
        event=event,
        registration_type=event.registration_types.get(name="Student"),
        name="Sky",
        email="sky@example.org",
    )
    assert registration.fee == Decimal("40.00")


# --- the member area's panel ------------------------------------------------------------------


def _panel(person: User) -> RenderedPanel | None:
    request = RequestFactory().get("/members/")
    request.user = person
    panels = [
        p for p in panels_for(Home.MEMBER, request, person) if p.name == "events-member-prices"
    ]
    return panels[0] if panels else None


def _panel_html(panel: RenderedPanel) -> str:
    return " ".join(render_to_string(panel.template, {"panel": panel.context}).split())


def test_the_member_panel_lists_upcoming_events_with_their_member_prices(current: User):
    event = make_event("member-day", title="Member day", member_price=True)
    make_event("no-member-price", title="Open to all")
    hidden = make_event("draft", title="Not yet published", member_price=True)
    hidden.published = False
    hidden.save()
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    make_event("closed", title="Registration closed", closes=an_hour_ago, member_price=True)
    ten_days_ago = timezone.localdate() - datetime.timedelta(days=10)
    make_event("past", title="Already held", starts_on=ten_days_ago, member_price=True)
    panel = _panel(current)
    assert panel is not None
    html = _panel_html(panel)
    early_until = _member_type(event).early_until
    assert early_until is not None
    assert f"Member: 100.00 USD (80.00 USD through {early_until:%d %B %Y})" in html
    assert f'<a href="{reverse("events:register", args=[event.slug])}">Member day' in html
    for title in ("Open to all", "Not yet published", "Registration closed", "Already held"):
        assert title not in html


def test_the_member_area_shows_the_panel(
    current: User, signed_in: Callable[[User], Client], event: Event
):
    page = _text(signed_in(current).get(reverse("membership:member_area")))
    assert '<h2 id="events-member-heading">Member prices at upcoming events</h2>' in page
    assert "Member: 100.00 USD (80.00 USD through" in page


def test_the_panel_leaves_out_an_early_bird_price_that_has_ended(current: User):
    make_event(
        "soon",
        title="Soon",
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        member_price=True,
    )
    panel = _panel(current)
    assert panel is not None
    html = _panel_html(panel)
    assert "Member: 100.00 USD" in html
    assert "80.00" not in html


def test_the_panel_says_when_no_event_has_member_prices(in_grace: User):
    panel = _panel(in_grace)
    assert panel is not None
    assert "No upcoming event has member prices at the moment." in _panel_html(panel)


def test_the_panel_is_not_shown_to_a_lapsed_member(lapsed: User, event: Event):
    assert _panel(lapsed) is None


# --- in a real browser --------------------------------------------------------------------------


@pytest.mark.browser
@needs_axe
def test_a_locked_member_price_fits_a_phone_and_passes_axe(new_context, db):
    event = make_event("axe-member-prices", member_price=True)
    page = axe_page(new_context, viewport=PHONE)
    found = serious_violations(page, f"/events/{event.slug}/register/")
    expect(page.get_by_label("Member: 100.00 USD", exact=False)).to_be_disabled()
    expect(page.get_by_label("Student: 40.00 USD")).to_be_enabled()
    expect(page.get_by_role("link", name="sign in to your member account")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert found == []
