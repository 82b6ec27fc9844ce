"""Who gets what on every page: one table, checked against the URL resolver.

Each app brings its own rows (`<app>/tests/access.py`); this module collects them, builds the
world once, and checks every cell. A view added without a row fails
`test_every_url_of_ours_has_a_row`, so no page ships without someone having decided who may
open it.

The rules the table encodes: anonymous visitors are sent to sign in (public pages aside);
anyone signed in without the relationship gets 404, never 403 and never 200, so a page cannot
even confirm that a record exists; Ada, the administrator, sees Alice's record only while a
break-glass grant is open; Carol and Dan, who support Alice, see only what she shares; Dan,
who is also a client, has his own record that Alice cannot see. A refused request is never
logged and, sent with a valid form, changes nothing anywhere.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from threecircles.privacy.models import AccessEvent, Action
from threecircles.screening.models import (
    Administration,
    Intake,
    Referral,
    ReportingReview,
    SafetyAlert,
)
from threecircles.tests.matrix import (
    LOGIN,
    PEOPLE,
    STRANGERS_TO_ALICE,
    Expect,
    Matrix,
    Redirect,
    World,
    build_world,
    close_emergency_access,
    collect_rows,
    location_path,
    our_routes,
    snapshot,
)

MATRIX = Matrix(collect_rows())
GET_MATRIX = MATRIX.get
POST_MATRIX = MATRIX.post
POST_ONLY = sorted(set(POST_MATRIX) - set(GET_MATRIX))


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Made once for the module, inside a transaction rolled back at its end; each test runs
    in a savepoint of its own, so what one test changes the next never sees."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world(MATRIX.rows)
        transaction.set_rollback(True)


@pytest.fixture
def browser_for(
    world: World, db: None, signed_in: Callable[[Any], Client]
) -> Callable[[str], Client]:
    def browser(person: str) -> Client:
        if person != "ada_glass":
            close_emergency_access(world)
        if person == "anonymous":
            return Client()
        return signed_in(world.people[person])

    return browser


# --- the matrix -----------------------------------------------------------------------------


def refused(expected: Expect) -> bool:
    """404, or sent to sign in (LOGIN itself: a view may also send people to sign in after
    doing its work, which is not a refusal)."""
    return expected == 404 or expected is LOGIN


def _names(keys: Any) -> set[str]:
    return {key.partition("@")[0] for key in keys}


def test_every_url_of_ours_has_a_row() -> None:
    routes = our_routes()
    unnamed = [route.route for route in routes if route.name is None]
    rows = _names(GET_MATRIX) | _names(POST_MATRIX)
    missing = [
        f"{route.name} (/{route.route})"
        for route in routes
        if route.name is not None and route.name not in rows
    ]
    stale = sorted(rows - {route.name for route in routes})
    fillable = set(MATRIX.kwargs) | {
        key for rows_ in MATRIX.rows for fills in rows_.kwargs_for.values() for key in fills
    }
    unfillable = sorted(
        f"{route.name}: <{key}>" for route in routes for key in route.kwargs if key not in fillable
    )
    assert not unnamed, f"Give these URL patterns a name, then a row in the matrix: {unnamed}"
    assert not missing, (
        "These URLs have no row in the access matrix. Add one to the `ROWS` in the app's "
        f"tests/access.py saying what each person in the cast gets: {missing}"
    )
    assert not stale, f"These matrix rows name no URL any more: {stale}"
    # The POST-only list feeds a parametrized test; empty, that test would vanish silently.
    assert POST_ONLY, "no POST-only views found"
    assert not unfillable, f"Fill these URL keywords in an app's ROWS: {unfillable}"


def test_every_app_of_ours_with_urls_brings_rows() -> None:
    apps_with_urls = {route.module.split(".")[1] for route in our_routes() if route.name}
    labels = {rows.label for rows in MATRIX.rows}
    assert apps_with_urls <= labels, apps_with_urls - labels


def test_every_view_that_writes_has_a_valid_payload() -> None:
    """A refused write is checked with a real form, never an empty one it would reject anyway."""
    payloads = {name for rows in MATRIX.rows for name in rows.payloads}
    writes = {
        key.partition("@")[0]
        for key, cells in POST_MATRIX.items()
        if any(not refused(expected) for expected in cells.values())
    }
    # Views whose only input is the URL itself (close, revoke, approve, cancel, confirm).
    url_only = {name for rows in MATRIX.rows for name in rows.no_form}
    assert writes - url_only <= payloads, sorted(writes - url_only - payloads)


def test_third_party_urls_are_left_out_by_module() -> None:
    routes = {route.route for route in our_routes()}
    assert not any(route.startswith("accounts/") for route in routes)
    # Of the Django admin, only the sign-in and password pages are ours (they send people to
    # the real ones).
    assert {route for route in routes if route.startswith("django-admin/")} == {
        "django-admin/login/",
        "django-admin/password_change/",
        "django-admin/password_change/done/",
    }
    assert "care/clients/<int:client_id>/" in routes


def _cells(matrix: dict[str, dict[str, Expect]]) -> list[Any]:
    return [
        pytest.param(name, person, expected, id=f"{name}-{person}")
        for name, cells in matrix.items()
        for person, expected in cells.items()
    ]


def _check(response: Any, expected: Expect, world: World, person: str, cell: str) -> None:
    location = location_path(response)
    got = f"{response.status_code}" + (f" to {location}" if location else "")
    if isinstance(expected, Redirect):
        to = MATRIX.location(expected, world)
        assert (response.status_code, location) == (302, to), (
            f"{cell}: expected 302 to {to}, got {got}"
        )
    else:
        assert response.status_code == expected, f"{cell}: expected {expected}, got {got}"
    if person in STRANGERS_TO_ALICE:
        body = response.content.decode(errors="replace")
        assert world.alice.display_name not in body, f"{cell}: the page names Alice"
        assert world.alice.email not in body, f"{cell}: the page shows Alice's e-mail address"
    if person != "anonymous":
        # Nothing a signed-in person was shown stays in a shared computer's cache.
        assert "no-store" in response.get("Cache-Control", ""), f"{cell}: may be cached"


@pytest.mark.parametrize(("name", "person", "expected"), _cells(GET_MATRIX))
def test_get(
    name: str, person: str, expected: Expect, world: World, browser_for: Callable[[str], Client]
) -> None:
    browser = browser_for(person)
    events_before = AccessEvent.objects.count()
    response = browser.get(MATRIX.url(name, world))
    _check(response, expected, world, person, f"GET {name} as {person}")
    if refused(expected):
        assert AccessEvent.objects.count() == events_before, "a refused visit was logged"


@pytest.mark.parametrize(("name", "person", "expected"), _cells(POST_MATRIX))
def test_post(
    name: str, person: str, expected: Expect, world: World, browser_for: Callable[[str], Client]
) -> None:
    browser = browser_for(person)
    events_before = AccessEvent.objects.count()
    response = browser.post(MATRIX.url(name, world), {})
    _check(response, expected, world, person, f"POST {name} as {person}")
    if refused(expected):
        assert AccessEvent.objects.count() == events_before, "a refused request was logged"


REFUSED_POSTS = [
    pytest.param(name, person, id=f"{name}-{person}")
    for name, cells in POST_MATRIX.items()
    for person, expected in cells.items()
    if refused(expected)
]


@pytest.mark.parametrize(("name", "person"), REFUSED_POSTS)
def test_a_refused_write_with_a_valid_form_changes_nothing(
    name: str, person: str, world: World, browser_for: Callable[[str], Client]
) -> None:
    browser = browser_for(person)
    before = snapshot()
    response = browser.post(MATRIX.url(name, world), MATRIX.payload(name, world))
    assert response.status_code in (302, 404), response.status_code
    assert snapshot() == before, f"POST {name} as {person} was refused but changed the database"


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_views_refuse_get_for_any_id(
    name: str, world: World, browser_for: Callable[[str], Client]
) -> None:
    # 405 comes before any lookup, so it says nothing about whether the id exists.
    for person in ("anonymous", "mallory", "alice"):
        assert browser_for(person).get(MATRIX.url(name, world)).status_code == 405, person


def test_the_cast_is_complete() -> None:
    """Every column of the matrix is a person the world makes, or the anonymous visitor."""
    for cells in (GET_MATRIX | POST_MATRIX).values():
        assert tuple(cells) == PEOPLE


# --- every screening record, not just one of each kind ------------------------------------

# Every record of Alice's a screening URL keyword can point at, read from the database.
SCREENING_RECORDS: dict[str, Callable[[World], list[Any]]] = {
    "client_id": lambda world: [world.alice.pk],
    "administration_id": lambda world: list(
        Administration.objects.for_client(world.alice.pk).values_list("pk", flat=True)
    ),
    "alert_id": lambda world: list(
        SafetyAlert.objects.filter(client=world.alice).values_list("pk", flat=True)
    ),
    "intake_id": lambda world: list(
        Intake.objects.filter(client=world.alice).values_list("pk", flat=True)
    ),
    "review_id": lambda world: list(
        ReportingReview.objects.filter(client=world.alice).values_list("pk", flat=True)
    ),
    "referral_id": lambda world: list(
        Referral.objects.filter(client=world.alice).values_list("pk", flat=True)
    ),
}


def every_screening_url(world: World) -> list[tuple[str, str]]:
    """(name, url) for every screening URL about Alice, once for each of her records."""
    urls: list[tuple[str, str]] = []
    for route in our_routes():
        if route.name is None or not route.name.startswith("screening:") or not route.kwargs:
            continue
        (key,) = route.kwargs
        for value in SCREENING_RECORDS[key](world):
            urls.append((route.name, reverse(route.name, kwargs={key: value})))
    completed = Administration.objects.for_client(world.alice.pk).filter(
        status=Administration.Status.COMPLETED, instrument="phq9"
    )
    pks = list(completed.values_list("pk", flat=True))
    base = reverse("screening:reliable_change", kwargs={"client_id": world.alice.pk})
    urls += [
        ("screening:reliable_change", f"{base}?from={a}&to={b}") for a in pks for b in pks if a != b
    ]
    return urls


@pytest.mark.parametrize("person", ["carol", "dan", "mallory", "eve", "ivy", "ada"])
def test_outsiders_and_her_supporters_get_404_on_every_screening_page_and_result(
    person: str, world: World, browser_for: Callable[[str], Client]
) -> None:
    """Each of Alice's questionnaires, results, alerts, intakes, reviews and referrals: Carol
    and Dan (who support her), Mallory, Eve, Ivy and Ada without break-glass all get 404, and
    nothing is logged on Alice's record for them."""
    urls = every_screening_url(world)
    names = {name for name, _ in urls}
    # Nothing to check would pass silently: every kind of record is there, several of some.
    assert names == {name for name in GET_MATRIX | POST_MATRIX if name.startswith("screening:")} - {
        "screening:my_questionnaires",
        "screening:providers",
        "screening:licensed_text",
    }
    results = [url for name, url in urls if name == "screening:result"]
    assert len(results) == Administration.objects.for_client(world.alice.pk).count() >= 6

    browser = browser_for(person)
    events = AccessEvent.objects.for_client(world.alice.pk)
    before = events.count()
    for name, url in urls:
        for method in ("get", "post"):
            matrix = GET_MATRIX if method == "get" else POST_MATRIX
            if name not in matrix:
                continue
            response = getattr(browser, method)(url)
            assert response.status_code == 404, f"{method.upper()} {url} ({name}) as {person}"
            body = response.content.decode(errors="replace")
            assert world.alice.display_name not in body, f"{url} names Alice to {person}"
    assert events.count() == before, f"refused visits by {person} were logged"


# --- the access log -------------------------------------------------------------------------


def test_every_time_bob_opens_alices_record_it_is_logged(
    world: World, browser_for: Callable[[str], Client]
) -> None:
    bob = world.people["bob"]
    browser = browser_for("bob")
    record = MATRIX.url("care:client_record", world)
    bobs_events = AccessEvent.objects.for_client(world.alice.pk).filter(actor_id=bob.pk)

    before = bobs_events.filter(action=Action.VIEW).count()
    for visit in range(1, 4):
        assert browser.get(record).status_code == 200
        assert bobs_events.filter(action=Action.VIEW).count() == before + visit
    latest = bobs_events.order_by("seq").last()
    assert latest is not None
    assert (latest.what, latest.reason, latest.basis) == ("care notes", "Care team", "care_team")

    assert browser.post(record, {"text": "Worked on the trigger plan."}).status_code == 302
    assert bobs_events.filter(action=Action.CREATE, what="care notes").exists()


@pytest.mark.parametrize(
    ("person", "reason"),
    [
        ("alice", "Own record"),
        ("bob", "Care team"),
        ("sam", "Care team"),
        ("ada_glass", "Emergency access (break-glass)"),
    ],
)
def test_each_opening_of_alices_record_names_who_and_why(
    person: str, reason: str, world: World, browser_for: Callable[[str], Client]
) -> None:
    browser = browser_for(person)
    before = AccessEvent.objects.for_client(world.alice.pk).count()
    assert browser.get(MATRIX.url("care:client_record", world)).status_code == 200
    events = AccessEvent.objects.for_client(world.alice.pk)
    assert events.count() == before + 1
    event = events.order_by("seq").last()
    assert event is not None
    assert (event.actor_id, event.action, event.reason) == (
        world.people[person].pk,
        Action.VIEW,
        reason,
    )


def test_dans_reads_as_alices_supporter_land_on_her_chain_and_his_own_on_his(
    world: World, browser_for: Callable[[str], Client]
) -> None:
    dan = world.dan
    browser = browser_for("dan")
    assert browser.get(MATRIX.url("network:supporting", world)).status_code == 200
    assert browser.get(MATRIX.url("care:client_record@dan", world)).status_code == 200
    on_alice = AccessEvent.objects.for_client(world.alice.pk).filter(actor_id=dan.pk)
    assert set(on_alice.values_list("basis", "reason", "what")) == {
        ("supporter", "Group member", "your sobriety status and sober time")
    }
    on_dan = AccessEvent.objects.for_client(dan.pk).filter(actor_id=dan.pk)
    assert set(on_dan.values_list("basis", "what")) >= {("self", "care notes")}
