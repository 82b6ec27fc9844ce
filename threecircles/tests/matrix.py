"""The access matrix's shared parts: the cast, the world they live in, how a row is written,
and the URLs our code serves (from the resolver).

Each app brings its own rows in `<app>/tests/access.py` (an `AccessRows` named `ROWS`): who
gets what on each of its URLs, how its URL keywords are filled in, a valid POST for each view
that writes, and the records those URLs point at. `test_access_matrix.py` collects them all.
"""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_tasks_db.models import DBTaskResult

from conftest import make_user
from threecircles.accounts.models import Practice, PracticeKind, PracticeMembership, Role, User
from threecircles.care.actions import open_episode
from threecircles.network.actions import connect_supporter
from threecircles.privacy.actions import open_break_glass
from threecircles.privacy.models import Grant
from threecircles.tests.discovery import each_app_module

# The columns. `ada_glass` is Ada while her break-glass grant on Alice is open; in every other
# column that grant has been closed, as after an emergency ends. Dan is a client of Eve's and
# also Alice's group member: the matrix checks both sides of him.
PEOPLE = (
    "anonymous",
    "alice",
    "bob",
    "sam",
    "carol",
    "dan",
    "mallory",
    "eve",
    "ivy",
    "max",
    "ada",
    "ada_glass",
)

# People with no tie to Alice at all: nothing they are shown may name her.
STRANGERS_TO_ALICE = ("anonymous", "mallory", "eve", "ivy", "max")


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location path is `to` (any query string, such as ?next=, is ignored).

    `to` may name URL keywords in braces, e.g. "/screening/clients/{client_id}/", filled in
    from the world like the URL itself.
    """

    to: str


LOGIN = Redirect("/accounts/login/")
Expect = int | Redirect


def row(*, anonymous: Expect, others: Expect, **cells: Expect) -> dict[str, Expect]:
    """One row of the matrix: the anonymous visitor, the people named, and everyone else."""
    unknown = set(cells) - set(PEOPLE)
    assert not unknown, f"not in the cast: {sorted(unknown)}"
    return {"anonymous": anonymous} | {
        person: cells.get(person, others) for person in PEOPLE if person != "anonymous"
    }


@dataclass
class World:
    """The cast, and the records the URLs point at (each app's under its label)."""

    people: dict[str, User]
    alice: User
    dan: User
    practice: Practice
    break_glass_id: int
    records: dict[str, Any] = field(default_factory=dict)


Filler = Callable[[World], Any]


@dataclass
class AccessRows:
    """What one app brings to the matrix.

    `get` and `post` map a URL name (optionally "name@variant") to a row. A variant fills some
    keywords differently, given in `variants` (e.g. another client's record). `kwargs` fills URL
    keywords; `kwargs_for` overrides them for one URL; `query` adds a query string. `payloads`
    is a valid POST for each view that writes: refused people send it, and nothing may change.
    `records(world)` makes the app's records, stored as `world.records[label]`.
    """

    label: str
    get: dict[str, dict[str, Expect]] = field(default_factory=dict)
    post: dict[str, dict[str, Expect]] = field(default_factory=dict)
    kwargs: dict[str, Filler] = field(default_factory=dict)
    kwargs_for: dict[str, dict[str, Filler]] = field(default_factory=dict)
    variants: dict[str, dict[str, Filler]] = field(default_factory=dict)
    query: dict[str, Filler] = field(default_factory=dict)
    payloads: dict[str, Callable[[World], dict[str, Any]]] = field(default_factory=dict)
    # Views that write but take nothing but the URL (sign, close, approve): no payload needed.
    no_form: set[str] = field(default_factory=set)
    records: Callable[[World], Any] | None = None
    order: int = 50  # records are made in this order (lower first)


def collect_rows() -> list[AccessRows]:
    """Every app of ours that brings rows, in the order their records are made."""
    found: list[AccessRows] = []
    for module in each_app_module("tests.access"):
        # An app may bring one AccessRows, or a list of them (one per feature).
        found.extend(module.ROWS if isinstance(module.ROWS, list) else [module.ROWS])
    return sorted(found, key=lambda rows: (rows.order, rows.label))


# --- the world, made once per test module ---------------------------------------------------


def build_world(all_rows: list[AccessRows]) -> World:
    practice = Practice.objects.create(name="Harbor Counseling", kind=PracticeKind.OUTPATIENT)
    elsewhere = Practice.objects.create(name="Elsewhere Clinic", kind=PracticeKind.OUTPATIENT)
    bob = make_user("Bob", Role.CLINICIAN)
    sam = make_user("Sam", Role.SUPERVISOR)
    eve = make_user("Eve", Role.CLINICIAN)
    PracticeMembership.objects.create(practice=practice, user=bob, role=Role.CLINICIAN)
    PracticeMembership.objects.create(practice=practice, user=sam, role=Role.SUPERVISOR)
    PracticeMembership.objects.create(practice=elsewhere, user=eve, role=Role.CLINICIAN)
    alice = make_user("Alice", Role.CLIENT)
    open_episode(client=alice, practice=practice, primary_clinician=bob, level_of_care="outpatient")
    carol = make_user("Carol", Role.SUPPORTER)
    connect_supporter(
        client=alice, supporter=carol, name="Carol", relationship="sponsor",
        shares=["sobriety", "checkins"],
    )  # fmt: skip
    mallory = make_user("Mallory", Role.CLIENT)
    open_episode(client=mallory, practice=elsewhere, primary_clinician=eve, level_of_care="iop")
    dan = make_user("Dan", Role.CLIENT)
    open_episode(client=dan, practice=elsewhere, primary_clinician=eve, level_of_care="outpatient")
    connect_supporter(
        client=alice, supporter=dan, name="Dan", relationship="group", shares=["sobriety"]
    )
    ivy = make_user("Ivy", Role.STAFF)
    # A professional who is only an institute member: no clinical role, no second factor.
    max_ = make_user("Max", Role.MEMBER)
    ada = make_user("Ada", Role.ADMIN, is_staff=True, is_superuser=True)
    for person in (bob, sam, eve, ivy, ada):
        _with_totp(person)
    grant = open_break_glass(
        admin=ada, client=alice, reason="Client unreachable, risk reported", minutes=30
    )
    people = {
        "alice": alice, "bob": bob, "sam": sam, "carol": carol, "dan": dan,
        "mallory": mallory, "eve": eve, "ivy": ivy, "max": max_, "ada": ada,
        "ada_glass": ada,
    }  # fmt: skip
    world = World(people, alice, dan, practice, grant.pk)
    for rows in all_rows:
        if rows.records is not None:
            world.records[rows.label] = rows.records(world)
    return world


def _with_totp(user: User) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


def close_emergency_access(world: World) -> None:
    """Read fresh: the world's rows are shared by every test of the module."""
    from threecircles.privacy.actions import close_break_glass

    close_break_glass(grant=Grant.objects.get(pk=world.break_glass_id))


# --- the URLs our code serves, from the resolver --------------------------------------------


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


def all_routes() -> list[Route]:
    resolver = get_resolver()
    return list(_walk(resolver.url_patterns, "", "", _urlconf_module(resolver), ()))


def our_routes() -> list[Route]:
    """Every URL our code serves: a view of ours, or a pattern declared in our urlconfs.

    allauth (under /accounts/) and the Django admin (under /django-admin/) drop out here, by
    the module their views and patterns come from.
    """
    return [route for route in all_routes() if route.is_ours]


@cache
def _routes_by_name() -> dict[str, Route]:
    """Our routes by name, walked once per test process (the URLconf does not change)."""
    return {route.name: route for route in our_routes() if route.name}


# --- filling in a row's URL ----------------------------------------------------------------


@dataclass
class Matrix:
    """All apps' rows together."""

    rows: list[AccessRows]

    @property
    def get(self) -> dict[str, dict[str, Expect]]:
        return {k: v for rows in self.rows for k, v in rows.get.items()}

    @property
    def post(self) -> dict[str, dict[str, Expect]]:
        return {k: v for rows in self.rows for k, v in rows.post.items()}

    def _merged(self, attribute: str) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for rows in self.rows:
            merged.update(getattr(rows, attribute))
        return merged

    @property
    def kwargs(self) -> dict[str, Filler]:
        return self._merged("kwargs")

    def url(self, key: str, world: World) -> str:
        name, _, variant = key.partition("@")
        route = _routes_by_name()[name]
        fills = (
            self.kwargs
            | self._merged("kwargs_for").get(name, {})
            | (self._merged("variants")[key] if variant else {})
        )
        query = self._merged("query")
        suffix = query[name](world) if name in query else ""
        return reverse(name, kwargs={k: fills[k](world) for k in route.kwargs}) + suffix

    def location(self, expected: Redirect, world: World) -> str:
        return expected.to.format(**{k: fill(world) for k, fill in self.kwargs.items()})

    def payload(self, key: str, world: World) -> dict[str, Any]:
        name = key.partition("@")[0]
        payloads = self._merged("payloads")
        return payloads[name](world) if name in payloads else {}


def location_path(response: Any) -> str:
    return urlsplit(str(response.get("Location", ""))).path


# --- "a refused write changed nothing" ------------------------------------------------------


def snapshot() -> str:
    """A digest of every row of every table a view could write: our apps' and the allauth
    accounts' (sessions and the cache aside, which any request touches)."""
    digest = hashlib.sha256()
    models = [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("threecircles.")
        for model in config.get_models()
    ] + [EmailAddress, Authenticator, DBTaskResult]
    for model in sorted(models, key=lambda m: m._meta.label):
        fields = [f.attname for f in model._meta.concrete_fields]
        for values in model._default_manager.order_by("pk").values_list(*fields):
            digest.update(repr((model._meta.label, values)).encode())
    return digest.hexdigest()
