"""An administrator cannot become anyone through the Django admin (/django-admin/).

Proven here: no registered screen holds second factors, e-mail addresses, sessions, queued
tasks, groups or client data, and no page shows a client or a supporter; no screen sets
another person's password or e-mail address; a new staff account gets no password, only a
set-password link in its owner's mailbox; every change lands on the person's own chain of the
access log; nobody deletes an account; and the admin opens only for an administrator whose
session passed the second step.
"""

import html
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, resolve, reverse
from django_tasks_db.models import DBTaskResult

from threecircles.accounts.models import Role, User
from threecircles.privacy.models import AccessEvent, Basis
from threecircles.tests.html import find_all, page_tree, text_of
from threecircles.tests.matrix import all_routes

REGISTERED = [
    pytest.param(model, model_admin, id=model._meta.label)
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda i: str(i[0]))
]
NEVER_REGISTERED = (Authenticator, EmailAddress, Session, DBTaskResult, Group)


def shown(page, *people: User) -> list[str]:
    """Which of these people's names or addresses the page carries, anywhere in it."""
    body = html.unescape(page.content.decode())
    markers = [marker for person in people for marker in (person.display_name, person.email)]
    return [marker for marker in markers if marker in body]


def input_names(page) -> list[str]:
    return [
        dict(field.attributes).get("name") or "" for field in find_all(page_tree(page), "input")
    ]


def test_the_admin_has_screens_registered():
    """The checks below walk the registry: an empty one would prove nothing."""
    assert User in admin.site._registry
    assert len(REGISTERED) >= 2


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED)
def test_no_registered_screen_holds_secrets_or_client_data(model, model_admin):
    assert model not in NEVER_REGISTERED
    assert model._meta.app_label != "privacy"
    assert "client" not in {field.name for field in model._meta.get_fields()}


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED)
def test_no_registered_screen_shows_a_client_or_a_supporter(
    model, model_admin, alice, carol, mallory, ada, signed_in
):
    browser = signed_in(ada)
    opts = model._meta
    urls = [
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
    ]
    request = RequestFactory().get("/")
    request.user = ada
    first = model_admin.get_queryset(request).order_by("pk").first()
    if first is not None:
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
    for url in urls:
        page = browser.get(url)
        assert page.status_code == 200, url
        assert shown(page, alice, carol, mallory) == [], url


def test_a_staff_member_is_listed_where_a_client_is_not(alice, carol, bob, ada, signed_in):
    """The marker is findable: Bob is on the list, Alice and Carol are not."""
    page = signed_in(ada).get(reverse("admin:accounts_user_changelist"))
    assert shown(page, bob) == ["Bob", "bob@example.org"]
    assert shown(page, alice, carol) == []


def test_a_clients_account_page_does_not_open(alice, ada, signed_in):
    browser = signed_in(ada)
    for view in ("change", "history", "delete"):
        url = f"/django-admin/accounts/user/{alice.pk}/{view}/"
        assert browser.get(url).status_code in (302, 403, 404), view
        assert shown(browser.get(url, follow=True), alice) == [], view


def test_the_admin_has_no_password_form_of_its_own(ada, signed_in):
    """Passwords change only through the real account pages (their limits, their notices)."""
    browser = signed_in(ada)
    names = [r.name for r in all_routes() if r.name and r.name.startswith("admin:")]
    assert "admin:accounts_user_change" in names
    opened = []
    for name in [n for n in names if "password" in n]:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        response = browser.get(url)
        to_real_page = response.status_code == 302 and response["Location"] == reverse(
            "account_change_password"
        )
        if response.status_code != 404 and not to_real_page:
            opened.append(url)
    assert opened == []


def test_no_admin_url_sets_a_staff_members_password(bob, ada, signed_in):
    browser = signed_in(ada)
    url = f"/django-admin/accounts/user/{bob.pk}/password/"
    assert browser.get(url).status_code != 200
    assert not any(
        name.startswith("password") for name in input_names(browser.get(url, follow=True))
    )


def test_a_staff_members_address_and_password_are_not_fields_of_the_form(bob, ada, signed_in):
    page = signed_in(ada).get(f"/django-admin/accounts/user/{bob.pk}/change/")
    names = input_names(page)
    assert "display_name" in names  # the finder finds the form's inputs
    assert "email" not in names
    assert not any(name.startswith("password") for name in names)
    # The address is shown, as text, to say whose account this is.
    assert "bob@example.org" in text_of(page_tree(page))


def test_posting_a_new_address_changes_only_the_other_fields(bob, ada, signed_in):
    page = signed_in(ada).post(
        f"/django-admin/accounts/user/{bob.pk}/change/",
        {"email": "mallory@example.org", "display_name": "Robert", "is_active": "on"},
    )
    assert page.status_code == 302
    bob.refresh_from_db()
    assert bob.email == "bob@example.org"
    assert bob.display_name == "Robert"
    assert bob.is_active
    assert list(EmailAddress.objects.filter(user=bob).values_list("email", flat=True)) == [
        "bob@example.org"
    ]


def test_the_practice_membership_dropdown_lists_no_client(
    practice, alice, mallory, bob, ada, signed_in
):
    page = signed_in(ada).get(f"/django-admin/accounts/practice/{practice.pk}/change/")
    selects = [
        select
        for select in find_all(page_tree(page), "select")
        if (dict(select.attributes).get("name") or "").endswith("-user")
    ]
    assert selects, "no membership row or empty row to add one"
    for select in selects:
        offered = {dict(option.attributes).get("value") for option in find_all(select, "option")}
        assert str(bob.pk) in offered
        assert str(alice.pk) not in offered
        assert str(mallory.pk) not in offered


def test_the_new_account_form_offers_only_staff_roles_and_no_administrator(ada, signed_in):
    """Not an administrator either: one who could make another could approve their own
    second-factor resets. Administrators are made on the server (createsuperuser)."""
    page = signed_in(ada).get(reverse("admin:accounts_user_add"))
    [role] = find_all(page_tree(page), "select", attrs={"name": "role"})
    offered = {dict(option.attributes).get("value") for option in find_all(role, "option")}
    assert offered - {""} == {Role.CLINICIAN, Role.SUPERVISOR, Role.STAFF}


def test_an_administrator_cannot_promote_an_account_to_admin(ada, bob, signed_in):
    browser = signed_in(ada)
    url = reverse("admin:accounts_user_change", args=[bob.pk])
    browser.post(
        url,
        {"display_name": "Bob", "is_active": "on", "is_staff": "on", "is_superuser": "on",
         "role": Role.ADMIN},
    )  # fmt: skip
    bob.refresh_from_db()
    assert (bob.role, bob.is_staff, bob.is_superuser) == (Role.CLINICIAN, False, False)


def test_trying_a_clients_address_for_a_staff_account_says_nothing_and_is_shown_to_her(
    ada, alice, signed_in
):
    page = signed_in(ada).post(
        reverse("admin:accounts_user_add"),
        {"email": alice.email, "display_name": "Zed", "role": Role.CLINICIAN},
    )
    assert "This address cannot be used for a new staff account." in page.text
    tried = AccessEvent.objects.for_client(alice.pk).filter(actor_id=ada.pk)
    assert [e.reason for e in tried] == [
        "An administrator tried to open a staff account with your address"
    ]


def test_the_admin_creates_no_client_or_supporter_account(ada, signed_in):
    """Who is a client is private: such accounts come from an invitation, never the admin."""
    browser = signed_in(ada)
    for role in (Role.CLIENT, Role.SUPPORTER, Role.ADMIN):
        email = f"new-{role}@example.org"
        browser.post(
            reverse("admin:accounts_user_add"),
            {"email": email, "display_name": "Zed", "role": role},
        )
        assert not User.objects.filter(email=email).exists(), role


def test_a_new_staff_account_gets_a_set_password_link_and_no_password(ada, signed_in, run_tasks):
    page = signed_in(ada).post(
        reverse("admin:accounts_user_add"),
        {"email": "dora@example.org", "display_name": "Dora", "role": Role.CLINICIAN},
    )
    assert page.status_code == 302
    dora = User.objects.get(email="dora@example.org")
    assert not dora.has_usable_password()
    run_tasks()
    [message] = mail.outbox
    assert message.to == ["dora@example.org"]
    [link] = [word for word in message.body.split() if word.startswith("http")]
    assert resolve(urlsplit(link).path).url_name == "account_reset_password_from_key"
    # Dora's own mailbox is the way in: the link opens a form where she chooses a password.
    form = Client().get(urlsplit(link).path, follow=True)
    assert "password1" in input_names(form)
    [event] = AccessEvent.objects.for_client(dora.pk)
    assert (event.basis, event.actor_id) == (Basis.ADMINISTRATION, ada.pk)
    assert "Account created" in event.reason


def test_deactivating_an_account_is_logged_on_its_owners_chain(bob, ada, signed_in):
    before = AccessEvent.objects.for_client(bob.pk).count()
    page = signed_in(ada).post(
        f"/django-admin/accounts/user/{bob.pk}/change/", {"display_name": "Bob"}
    )
    assert page.status_code == 302
    bob.refresh_from_db()
    assert not bob.is_active
    [event] = AccessEvent.objects.for_client(bob.pk)[before:]
    assert (event.basis, event.actor_id) == (Basis.ADMINISTRATION, ada.pk)
    assert event.reason == "Changed in the admin: is_active: True → False"
    out = StringIO()
    call_command("verify_access_log", stdout=out)
    assert "Access log intact" in out.getvalue()


def test_nobody_deletes_an_account(bob, ada, signed_in):
    browser = signed_in(ada)
    assert browser.get(f"/django-admin/accounts/user/{bob.pk}/delete/").status_code != 200
    browser.post(f"/django-admin/accounts/user/{bob.pk}/delete/", {"post": "yes"})
    browser.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [bob.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=bob.pk).exists()


def test_the_admin_login_sends_a_visitor_to_the_real_sign_in(client):
    page = client.get("/django-admin/login/?next=/django-admin/accounts/user/")
    assert page.status_code == 302
    location = urlsplit(page["Location"])
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == ["/django-admin/accounts/user/"]


def test_a_client_finds_no_admin(alice, signed_in):
    browser = signed_in(alice)
    assert browser.get("/django-admin/login/").status_code == 404
    assert browser.get("/django-admin/", follow=True).status_code == 404


@pytest.mark.parametrize(
    "path", ["/django-admin/", "/django-admin/accounts/user/", "/django-admin/accounts/practice/"]
)
def test_a_clinician_finds_no_admin(bob, signed_in, path):
    browser = signed_in(bob)
    assert browser.get(path).status_code != 200
    assert browser.get(path, follow=True).status_code == 404


@pytest.mark.parametrize(
    "path", ["/django-admin/", "/django-admin/accounts/user/", "/django-admin/login/"]
)
def test_an_administrator_who_skipped_the_second_step_is_signed_out(ada, path):
    TOTP.activate(ada, generate_totp_secret())
    browser = Client()
    browser.force_login(ada)
    page = browser.get(path)
    assert page.status_code == 302
    assert urlsplit(page["Location"]).path == reverse("account_login")
    assert "_auth_user_id" not in browser.session
    # Signed out, she lands on the sign-in page, outside the admin.
    followed = browser.get(path, follow=True)
    assert followed.request["PATH_INFO"] == reverse("account_login")
