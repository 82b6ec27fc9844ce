"""Who gets what on every page: one table, checked against the URL resolver.

The table has a row for every URL our own code serves, and a column for every person in the
cast. A view added without a row fails `test_every_url_of_ours_has_a_row`, so no page ships
without someone having decided who may open it.

The rules the table encodes: anonymous visitors are sent to sign in (public pages aside);
anyone signed in without the role or the relationship gets 404, never 403 and never 200, so a
page cannot even confirm that a record exists; Ada, the administrator, sees Alice's record only
while a break-glass grant is open.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from threecircles.accounts.actions import create_invitation
from threecircles.accounts.models import Practice, Role, User
from threecircles.network.models import SupportMember
from threecircles.privacy.actions import close_break_glass, open_break_glass
from threecircles.privacy.models import AccessEvent, Action, BreakGlassGrant
from threecircles.screening import actions as screening
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import (
    Administration,
    Intake,
    Provider,
    Referral,
    ReportingReview,
    SafetyAlert,
)

# The columns. `ada_glass` is Ada while her break-glass grant on Alice is open; in every other
# column that grant has been closed, as after an emergency ends.
PEOPLE = (
    "anonymous",
    "alice",
    "bob",
    "sam",
    "carol",
    "mallory",
    "eve",
    "ivy",
    "ada",
    "ada_glass",
)

# People with no tie to Alice at all: nothing they are shown may name her.
STRANGERS_TO_ALICE = ("anonymous", "mallory", "eve", "ivy")


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location path is `to` (any query string, such as ?next=, is ignored).

    `to` may name URL keywords in braces, e.g. "/screening/clients/{client_id}/", filled in
    from the world like the URL itself.
    """

    to: str


LOGIN = Redirect("/accounts/login/")
ALICES_SCREENING = Redirect("/screening/clients/{client_id}/")
Expect = int | Redirect


def row(*, anonymous: Expect, others: Expect, **cells: Expect) -> dict[str, Expect]:
    """One row of the matrix: the anonymous visitor, the people named, and everyone else."""
    unknown = set(cells) - set(PEOPLE)
    assert not unknown, f"not in the cast: {sorted(unknown)}"
    return {"anonymous": anonymous} | {
        person: cells.get(person, others) for person in PEOPLE if person != "anonymous"
    }


# GET, for every page that answers GET. Read a row as: "who may open it; everyone else 404".
GET_MATRIX: dict[str, dict[str, Expect]] = {
    "public_home": row(anonymous=200, others=200),
    "crisis": row(anonymous=200, others=200),
    "home": row(
        anonymous=LOGIN,
        others=404,
        alice=Redirect("/me/"),
        mallory=Redirect("/me/"),
        bob=Redirect("/care/caseload/"),
        sam=Redirect("/care/caseload/"),
        eve=Redirect("/care/caseload/"),
        carol=Redirect("/support/supporting/"),
        ivy=Redirect("/institute/staff/"),
        ada=Redirect("/administration/"),
        ada_glass=Redirect("/administration/"),
    ),
    # Each client's own home page and own access log: Mallory sees hers, never Alice's.
    "client_home": row(anonymous=LOGIN, others=404, alice=200, mallory=200),
    "staff_home": row(anonymous=LOGIN, others=404, ivy=200),
    "admin_home": row(anonymous=LOGIN, others=404, ada=200, ada_glass=200),
    # A valid link continues to sign-up; a signed-in person is asked to sign out first.
    "accept_invitation": row(anonymous=Redirect("/accounts/signup/"), others=409),
    # Every clinician has a caseload; Eve's lists only her own clients.
    "care:caseload": row(anonymous=LOGIN, others=404, bob=200, sam=200, eve=200),
    "care:client_record": row(
        anonymous=LOGIN, others=404, alice=200, bob=200, sam=200, ada_glass=200
    ),
    "care:invite_client": row(anonymous=LOGIN, others=404, bob=200, sam=200, eve=200),
    "privacy:my_access_log": row(anonymous=LOGIN, others=404, alice=200, mallory=200),
    "privacy:break_glass_list": row(anonymous=LOGIN, others=404, ada=200, ada_glass=200),
    "network:supporter_home": row(anonymous=LOGIN, others=404, carol=200),
    "network:my_supporters": row(anonymous=LOGIN, others=404, alice=200, mallory=200),
    # Screening. Each client's own questionnaire list: Mallory sees hers, never Alice's.
    "screening:my_questionnaires": row(anonymous=LOGIN, others=404, alice=200, mallory=200),
    # Alice answers her own questionnaires and reads her own results; her care team can enter
    # answers in session and read them. Ada's break-glass opens the record, not screening.
    "screening:answer": row(anonymous=LOGIN, others=404, alice=200, bob=200, sam=200),
    "screening:result": row(anonymous=LOGIN, others=404, alice=200, bob=200, sam=200),
    # Clinician-only pages about Alice: her care team, no one else, not Alice herself.
    "screening:client_screening": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:reliable_change": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:new_referral": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:resolve_alert": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:triage_review": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:reporting_review": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:referral": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:referral_letter": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    # Every clinician has a provider directory (Eve's lists her own practice's providers).
    "screening:providers": row(anonymous=LOGIN, others=404, bob=200, sam=200, eve=200),
    # Supervisors import licensed text for their practice; institute staff for everyone.
    "screening:licensed_text": row(anonymous=LOGIN, others=404, sam=200, ivy=200),
}

# POST with an empty body, for every view that takes POST. Forms come back re-rendered (200)
# for those allowed; the POST-only views below do their work and redirect.
POST_MATRIX: dict[str, dict[str, Expect]] = {
    "care:client_record": row(
        anonymous=LOGIN, others=404, alice=200, bob=200, sam=200, ada_glass=200
    ),
    "care:invite_client": row(anonymous=LOGIN, others=404, bob=200, sam=200, eve=200),
    "privacy:break_glass_list": row(anonymous=LOGIN, others=404, ada=200, ada_glass=200),
    "network:my_supporters": row(anonymous=LOGIN, others=404, alice=200, mallory=200),
    # POST only. `member_id` is Carol's membership in Alice's network: Mallory is a client too,
    # but not Carol's.
    "network:update_sharing": row(
        anonymous=LOGIN, others=404, alice=Redirect("/support/my-supporters/")
    ),
    "network:revoke": row(anonymous=LOGIN, others=404, alice=Redirect("/support/my-supporters/")),
    "privacy:break_glass_close": row(
        anonymous=LOGIN,
        others=404,
        ada=Redirect("/privacy/break-glass/"),
        ada_glass=Redirect("/privacy/break-glass/"),
    ),
    "screening:answer": row(anonymous=LOGIN, others=404, alice=200, bob=200, sam=200),
    "screening:client_screening": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:new_referral": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:resolve_alert": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:triage_review": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:reporting_review": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:referral": row(anonymous=LOGIN, others=404, bob=200, sam=200),
    "screening:providers": row(anonymous=LOGIN, others=404, bob=200, sam=200, eve=200),
    "screening:licensed_text": row(anonymous=LOGIN, others=404, sam=200, ivy=200),
    # POST only: an empty intake (consent, inventory, safety and legal screen) is sent; an
    # empty in-session entry names no instrument and is turned back. Both return to Alice's
    # screening page.
    "screening:start_intake": row(
        anonymous=LOGIN, others=404, bob=ALICES_SCREENING, sam=ALICES_SCREENING
    ),
    "screening:enter_in_session": row(
        anonymous=LOGIN, others=404, bob=ALICES_SCREENING, sam=ALICES_SCREENING
    ),
}

POST_ONLY = sorted(set(POST_MATRIX) - set(GET_MATRIX))


@dataclass
class AlicesScreening:
    """Alice's screening records: one of each kind a screening URL points at."""

    open_questionnaire: Administration  # GAD-7, sent, not answered yet
    first_phq9: Administration  # completed
    second_phq9: Administration  # completed, item 9 above 0: raised `alert`
    alert: SafetyAlert
    intake: Intake  # ready for triage, with an offending indicator
    reporting_review: ReportingReview
    referral: Referral


@dataclass
class World:
    """The cast, and the records the URLs point at."""

    people: dict[str, User]
    alice: User
    carol_membership: SupportMember
    grant: BreakGlassGrant
    invitation_token: str
    screening: AlicesScreening


# How each URL keyword is filled in from the cast.
URL_KWARGS: dict[str, Callable[[World], Any]] = {
    "client_id": lambda world: world.alice.pk,
    "member_id": lambda world: world.carol_membership.pk,
    "grant_id": lambda world: world.grant.pk,
    "token": lambda world: world.invitation_token,
    "administration_id": lambda world: world.screening.open_questionnaire.pk,
    "alert_id": lambda world: world.screening.alert.pk,
    "intake_id": lambda world: world.screening.intake.pk,
    "review_id": lambda world: world.screening.reporting_review.pk,
    "referral_id": lambda world: world.screening.referral.pk,
}

# Where one URL needs a different record for a keyword than the rest: a result page needs a
# completed questionnaire (an open one is answered, not read).
URL_KWARGS_FOR: dict[str, dict[str, Callable[[World], Any]]] = {
    "screening:result": {"administration_id": lambda world: world.screening.first_phq9.pk},
}

# Query strings a page needs to show anything at all.
URL_QUERY: dict[str, Callable[[World], str]] = {
    "screening:reliable_change": lambda world: (
        f"?from={world.screening.first_phq9.pk}&to={world.screening.second_phq9.pk}"
    ),
}


# --- the URLs our code serves, from the resolver -------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None  # with its namespace, e.g. "care:client_record"
    route: str
    module: str  # where the view is defined
    urlconf: str  # where the pattern is declared; "" for inline lists such as admin.site.urls
    kwargs: tuple[str, ...]

    @property
    def is_ours(self) -> bool:
        return self.module.startswith("threecircles") or self.urlconf.startswith("threecircles")


def _urlconf_module(resolver: URLResolver) -> str:
    urlconf = resolver.urlconf_name
    if isinstance(urlconf, str):
        return urlconf
    return getattr(urlconf, "__name__", "")


def _walk(
    entries: list[URLPattern | URLResolver],
    namespace: str,
    prefix: str,
    urlconf: str,
    kwargs: tuple[str, ...],
) -> Iterator[Route]:
    for entry in entries:
        route = prefix + str(entry.pattern)
        names = kwargs + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, route, _urlconf_module(entry), names)
        else:
            view = getattr(entry.callback, "view_class", entry.callback)
            yield Route(
                name=f"{namespace}{entry.name}" if entry.name else None,
                route=route,
                module=getattr(view, "__module__", "") or "",
                urlconf=urlconf,
                kwargs=names,
            )


def our_routes() -> list[Route]:
    """Every URL our code serves: a view of ours, or a pattern declared in our urlconfs.

    allauth (under /accounts/) and the Django admin (under /django-admin/) drop out here, by
    the module their views and patterns come from.
    """
    resolver = get_resolver()
    everything = _walk(resolver.url_patterns, "", "", _urlconf_module(resolver), ())
    return [route for route in everything if route.is_ours]


def url_for(name: str, world: World) -> str:
    route = next(route for route in our_routes() if route.name == name)
    fills = URL_KWARGS | URL_KWARGS_FOR.get(name, {})
    query = URL_QUERY[name](world) if name in URL_QUERY else ""
    return reverse(name, kwargs={key: fills[key](world) for key in route.kwargs}) + query


def location_for(expected: Redirect, world: World) -> str:
    return expected.to.format(**{key: fill(world) for key, fill in URL_KWARGS.items()})


# --- fixtures -------------------------------------------------------------------------------


def _answer(administration: Administration, answers: list[int | None], actor: User) -> None:
    screening.complete_administration(administration=administration, answers=answers, actor=actor)
    administration.refresh_from_db()


def alices_screening(alice: User, bob: User, practice: Practice) -> AlicesScreening:
    """Made through the screening actions, as the pages would make them."""

    def send(code: str, **extra: Any) -> Administration:
        return screening.send_instrument(client=alice, instrument=code, sent_by=bob, **extra)

    first_phq9, second_phq9 = send("phq9"), send("phq9")
    _answer(first_phq9, [2, 2, 2, 2, 2, 2, 2, 2, 0], alice)
    _answer(second_phq9, [1, 1, 0, 0, 1, 0, 0, 0, 1], alice)
    intake = screening.start_intake(client=alice, started_by=bob, instruments=[])
    steps = {step.instrument: step for step in screening.intake_steps(intake)}
    _answer(steps["intake_consent"], [1] * len(get_pack("intake_consent").items), alice)
    _answer(steps["behavior_inventory"], [0] * len(get_pack("behavior_inventory").items), alice)
    _answer(steps["offending_screen"], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], alice)
    intake.refresh_from_db()
    provider = Provider.objects.create(
        name="Bayside Assessment Service", kind=Provider.Kind.TRAUMA, practice=practice
    )
    return AlicesScreening(
        open_questionnaire=send("gad7"),
        first_phq9=first_phq9,
        second_phq9=second_phq9,
        alert=SafetyAlert.objects.get(administration=second_phq9),
        intake=intake,
        reporting_review=ReportingReview.objects.get(intake=intake),
        referral=screening.create_referral(
            client=alice,
            provider=provider,
            created_by=bob,
            reason="Assessment of trauma history.",
            follow_up_on=None,
        ),
    )


@pytest.fixture
def world(
    request: pytest.FixtureRequest, alice: User, bob: User, ada: User, practice: Practice
) -> World:
    people = {
        person: request.getfixturevalue(person)
        for person in PEOPLE
        if person not in ("anonymous", "ada_glass")
    }
    people["ada_glass"] = ada
    _, invitation_url = create_invitation(
        invited_by=bob, email="newclient@example.org", role=Role.CLIENT, practice=practice
    )
    return World(
        people=people,
        alice=alice,
        carol_membership=SupportMember.objects.get(
            client=alice, invitation__accepted_by=people["carol"]
        ),
        grant=open_break_glass(
            admin=ada, client=alice, reason="Client unreachable, risk reported", minutes=30
        ),
        invitation_token=resolve(urlsplit(invitation_url).path).kwargs["token"],
        screening=alices_screening(alice, bob, practice),
    )


@pytest.fixture
def browser_for(world: World, signed_in: Callable[[User], Client]) -> Callable[[str], Client]:
    def browser(person: str) -> Client:
        if person != "ada_glass":
            close_break_glass(grant=world.grant)
        if person == "anonymous":
            return Client()
        return signed_in(world.people[person])

    return browser


# --- the matrix -----------------------------------------------------------------------------


def test_every_url_of_ours_has_a_row() -> None:
    routes = our_routes()
    unnamed = [route.route for route in routes if route.name is None]
    missing = [
        f"{route.name} (/{route.route})"
        for route in routes
        if route.name is not None and route.name not in GET_MATRIX | POST_MATRIX
    ]
    stale = sorted((set(GET_MATRIX) | set(POST_MATRIX)) - {route.name for route in routes})
    unfillable = sorted(
        f"{route.name}: <{key}>"
        for route in routes
        for key in route.kwargs
        if key not in URL_KWARGS
    )
    assert not unnamed, f"Give these URL patterns a name, then a row in the matrix: {unnamed}"
    assert not missing, (
        "These URLs have no row in the access matrix (threecircles/tests/test_access_matrix.py)."
        " Add one to GET_MATRIX (and POST_MATRIX if the view takes POST) saying what each person"
        f" in the cast gets: {missing}"
    )
    assert not stale, f"These matrix rows name no URL any more: {stale}"
    # The POST-only list feeds a parametrized test; empty, that test would vanish silently.
    assert POST_ONLY, "no POST-only views found"
    assert not unfillable, f"Add these URL keywords to URL_KWARGS: {unfillable}"


def test_third_party_urls_are_left_out_by_module() -> None:
    routes = {route.route for route in our_routes()}
    assert not any(route.startswith(("accounts/", "django-admin/")) for route in routes)
    assert "care/clients/<int:client_id>/" in routes


def _cells(matrix: dict[str, dict[str, Expect]]) -> list[Any]:
    return [
        pytest.param(name, person, expected, id=f"{name}-{person}")
        for name, cells in matrix.items()
        for person, expected in cells.items()
    ]


def _check(response: Any, expected: Expect, world: World, person: str, cell: str) -> None:
    location = urlsplit(response.get("Location", "")).path
    got = f"{response.status_code}" + (f" to {location}" if location else "")
    if isinstance(expected, Redirect):
        to = location_for(expected, world)
        assert (response.status_code, location) == (302, to), (
            f"{cell}: expected 302 to {to}, got {got}"
        )
    else:
        assert response.status_code == expected, f"{cell}: expected {expected}, got {got}"
    if person in STRANGERS_TO_ALICE:
        body = response.content.decode(errors="replace")
        assert world.alice.display_name not in body, f"{cell}: the page names Alice"
        assert world.alice.email not in body, f"{cell}: the page shows Alice's e-mail address"


@pytest.mark.parametrize(("name", "person", "expected"), _cells(GET_MATRIX))
def test_get(
    name: str, person: str, expected: Expect, world: World, browser_for: Callable[[str], Client]
) -> None:
    browser = browser_for(person)
    events_before = AccessEvent.objects.count()
    response = browser.get(url_for(name, world))
    _check(response, expected, world, person, f"GET {name} as {person}")
    if expected == 404 or expected == LOGIN:
        assert AccessEvent.objects.count() == events_before, "a refused visit was logged"


@pytest.mark.parametrize(("name", "person", "expected"), _cells(POST_MATRIX))
def test_post(
    name: str, person: str, expected: Expect, world: World, browser_for: Callable[[str], Client]
) -> None:
    browser = browser_for(person)
    events_before = AccessEvent.objects.count()
    response = browser.post(url_for(name, world), {})
    _check(response, expected, world, person, f"POST {name} as {person}")
    if expected == 404 or expected == LOGIN:
        assert AccessEvent.objects.count() == events_before, "a refused request was logged"


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_views_refuse_get_for_any_id(
    name: str, world: World, browser_for: Callable[[str], Client]
) -> None:
    # 405 comes before any lookup, so it says nothing about whether the id exists.
    for person in ("anonymous", "mallory", "alice"):
        assert browser_for(person).get(url_for(name, world)).status_code == 405, person


def test_refused_posts_change_nothing(world: World, browser_for: Callable[[str], Client]) -> None:
    for person in ("mallory", "carol", "eve", "ivy", "ada"):
        browser_for(person).post(url_for("network:revoke", world))
        browser_for(person).post(url_for("network:update_sharing", world), {})
    world.carol_membership.refresh_from_db()
    assert world.carol_membership.revoked_at is None
    assert world.carol_membership.share_sobriety and world.carol_membership.share_streak


def test_refused_screening_posts_change_nothing(
    world: World, browser_for: Callable[[str], Client]
) -> None:
    # Real form data this time, so a refusal cannot hide behind an empty, unbound form.
    records = world.screening
    gad7_answers = {item.id: "3" for item in get_pack("gad7").items} | {"submit": ""}
    posts = {
        "screening:answer": gad7_answers,
        "screening:resolve_alert": {"action_taken": "Called her."},
        "screening:triage_review": {"confirmed_pathway": "neither", "override_reason": "Why"},
        "screening:reporting_review": {"decision": "not_required", "notes": "Nothing"},
        "screening:referral": {"status": "completed"},
        "screening:start_intake": {},
        "screening:enter_in_session": {"instrument": "phq9"},
    }
    administrations = Administration.objects.for_client(world.alice.pk).count()
    for person in ("mallory", "carol", "eve", "ivy", "ada"):
        browser = browser_for(person)
        for name, data in posts.items():
            assert browser.post(url_for(name, world), data).status_code == 404, (name, person)
        sign = browser.post(url_for("screening:reporting_review", world), {"sign": ""})
        assert sign.status_code == 404, person
    # Alice may answer her own questionnaire, but not act as her own clinician.
    alice = browser_for("alice")
    for name, data in posts.items():
        if name != "screening:answer":
            assert alice.post(url_for(name, world), data).status_code == 404, name

    for record in (
        records.open_questionnaire,
        records.alert,
        records.intake,
        records.reporting_review,
        records.referral,
    ):
        record.refresh_from_db()
    assert records.open_questionnaire.status == Administration.Status.SENT
    assert records.alert.resolved_at is None
    assert records.intake.status == Intake.Status.READY
    assert records.reporting_review.decision == ""
    assert records.reporting_review.supervisor_signed_at is None
    assert records.referral.status == Referral.Status.DRAFTED
    assert Intake.objects.filter(client=world.alice).count() == 1
    assert Administration.objects.for_client(world.alice.pk).count() == administrations


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


@pytest.mark.parametrize("person", ["carol", "mallory", "eve", "ivy", "ada"])
def test_outsiders_and_her_supporter_get_404_on_every_screening_page_and_result(
    person: str, world: World, browser_for: Callable[[str], Client]
) -> None:
    """Each of Alice's questionnaires, results, alerts, intakes, reviews and referrals: Carol
    (her sponsor), Mallory, Eve, Ivy and Ada without break-glass all get 404, and nothing is
    logged on Alice's record for them."""
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
    record = url_for("care:client_record", world)
    bobs_events = AccessEvent.objects.for_client(world.alice.pk).filter(actor_id=bob.pk)

    for visit in range(1, 4):
        assert browser.get(record).status_code == 200
        assert bobs_events.filter(action=Action.VIEW).count() == visit
    latest = bobs_events.last()
    assert latest is not None
    assert (latest.what, latest.reason) == ("care notes", "Care team")

    assert browser.post(record, {"text": "Worked on the trigger plan."}).status_code == 302
    assert bobs_events.filter(action=Action.CREATE).exists()


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
    assert browser.get(url_for("care:client_record", world)).status_code == 200
    events = AccessEvent.objects.for_client(world.alice.pk)
    assert events.count() == before + 1
    event = events.last()
    assert event is not None
    assert (event.actor_id, event.action, event.reason) == (
        world.people[person].pk,
        Action.VIEW,
        reason,
    )


@pytest.mark.parametrize("person", ["carol", "mallory", "eve", "ivy", "ada"])
def test_refused_visits_to_alices_record_leave_no_trace(
    person: str, world: World, browser_for: Callable[[str], Client]
) -> None:
    browser = browser_for(person)
    before = AccessEvent.objects.for_client(world.alice.pk).count()
    assert browser.get(url_for("care:client_record", world)).status_code == 404
    assert browser.post(url_for("care:client_record", world), {"text": "x"}).status_code == 404
    assert AccessEvent.objects.for_client(world.alice.pk).count() == before


# --- Django admin ---------------------------------------------------------------------------


def _admin_urls() -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return pages


@pytest.mark.parametrize(
    "person", ["anonymous", "alice", "bob", "sam", "carol", "mallory", "eve", "ivy"]
)
def test_django_admin_is_not_usable_by_clients_and_clinicians(
    person: str, world: World, browser_for: Callable[[str], Client]
) -> None:
    browser = browser_for(person)
    for page in _admin_urls():
        response = browser.get(page)
        location = urlsplit(response.get("Location", "")).path
        refused = response.status_code in (403, 404) or (
            response.status_code == 302 and location in ("/django-admin/login/", LOGIN.to)
        )
        assert refused, f"{person} got {response.status_code} {location} on {page}"
