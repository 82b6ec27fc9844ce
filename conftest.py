"""The fixed cast every test uses.

Alice is a client of Bob's at Harbor Counseling; Carol is her sponsor; Sam supervises the
practice; Mallory is a client of another practice and must never see Alice; Ivy is institute
staff; Ada is the administrator.
"""

import os
import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client

from threecircles.accounts.models import (
    Practice,
    PracticeKind,
    PracticeMembership,
    Role,
    User,
)
from threecircles.care.actions import open_episode
from threecircles.network.actions import connect_supporter

PASSWORD = "correct-horse-battery"  # noqa: S105 (test accounts only)

# Browser fixtures (Chromium through Playwright) for every module that uses them.
pytest_plugins = ["threecircles.tests.browser"]

# What runs on SQLite only when the suite runs again on PostgreSQL (CI runs `make test` on
# both): the browser tests and the access matrix check what each person sees and may do on
# each page, and the header check walks every page for each role, none of which the database
# changes; the demo is what `make run` makes, on SQLite, and the `make` tests run on SQLite
# whatever the settings. Everything that depends on the database (queries, constraints,
# locks, full-text search, rate limits in Redis) is in the rest, which runs on both.
# THREECIRCLES_FULL_SUITE=1 runs them on PostgreSQL too.
SQLITE_ONLY = (
    "threecircles/tests/test_access_matrix.py",
    "threecircles/accounts/tests/test_no_store.py",
    "threecircles/demo/",
    "threecircles/tests/test_make_run.py",
    "threecircles/tests/test_make_site_url.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    on_postgresql = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if not on_postgresql or os.environ.get("THREECIRCLES_FULL_SUITE") == "1":
        return
    kept: list[pytest.Item] = []
    left: list[pytest.Item] = []
    for item in items:
        sqlite_only = item.get_closest_marker("browser") or item.nodeid.startswith(SQLITE_ONLY)
        (left if sqlite_only else kept).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def make_user(name: str, role: str, **extra: Any) -> User:
    email = f"{name.lower()}@example.org"
    user = User.objects.create_user(email, PASSWORD, display_name=name, role=role, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture(autouse=True)
def _anchors_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    """The access log's anchors go outside the database; in tests, to a fresh folder."""
    settings.ACCESS_LOG_ANCHOR_DIR = str(tmp_path / "log-anchors")


@pytest.fixture
def practice(db: None) -> Practice:
    return Practice.objects.create(name="Harbor Counseling", kind=PracticeKind.OUTPATIENT)


@pytest.fixture
def other_practice(db: None) -> Practice:
    return Practice.objects.create(name="Elsewhere Clinic", kind=PracticeKind.OUTPATIENT)


@pytest.fixture
def bob(practice: Practice) -> User:
    user = make_user("Bob", Role.CLINICIAN)
    PracticeMembership.objects.create(practice=practice, user=user, role=Role.CLINICIAN)
    return user


@pytest.fixture
def sam(practice: Practice) -> User:
    user = make_user("Sam", Role.SUPERVISOR)
    PracticeMembership.objects.create(practice=practice, user=user, role=Role.SUPERVISOR)
    return user


@pytest.fixture
def alice(practice: Practice, bob: User, sam: User) -> User:
    user = make_user("Alice", Role.CLIENT)
    open_episode(client=user, practice=practice, primary_clinician=bob, level_of_care="outpatient")
    return user


@pytest.fixture
def carol(alice: User) -> User:
    user = make_user("Carol", Role.SUPPORTER)
    connect_supporter(
        client=alice,
        supporter=user,
        name="Carol",
        relationship="sponsor",
        shares=["sobriety", "checkins"],
    )
    return user


@pytest.fixture
def mallory(other_practice: Practice) -> User:
    """A client elsewhere, with her own clinician: she has an account but no tie to Alice."""
    user = make_user("Mallory", Role.CLIENT)
    eve = make_user("Eve", Role.CLINICIAN)
    PracticeMembership.objects.create(practice=other_practice, user=eve, role=Role.CLINICIAN)
    open_episode(
        client=user, practice=other_practice, primary_clinician=eve, level_of_care="outpatient"
    )
    return user


@pytest.fixture
def eve(mallory: User) -> User:
    """Mallory's clinician: a clinician, but not on Alice's care team."""
    return User.objects.get(email="eve@example.org")


@pytest.fixture
def ivy(db: None) -> User:
    return make_user("Ivy", Role.STAFF)


@pytest.fixture
def ada(db: None) -> User:
    return make_user("Ada", Role.ADMIN, is_staff=True, is_superuser=True)


def _with_totp(user: User) -> User:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


def passed_second_step(browser: Client, user: User) -> None:
    """Mark the test client's session as having passed the second step just now, as allauth
    does after a code is entered (force_login skips the sign-in form)."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    now = time.time()
    session = browser.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


@pytest.fixture
def signed_in() -> Callable[[User], Client]:
    """A test client signed in as `user`, with a second factor where the role needs one,
    passed in this session."""

    def sign_in(user: User) -> Client:
        from allauth.mfa.models import Authenticator

        if user.needs_mfa and not Authenticator.objects.filter(user=user).exists():
            _with_totp(user)
        browser = Client()
        browser.force_login(user)
        if user.needs_mfa:
            passed_second_step(browser, user)
        return browser

    return sign_in


@pytest.fixture
def run_tasks(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Run queued background tasks with the real database worker, once through the queue.

    The worker recycles database connections between tasks; inside a test's transaction that
    would close the test's own connection, so only that recycling is switched off.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    return run
