"""Erasure reaches the identifying traces outside the encrypted record, and the Django admin
cannot be used to reach a record without break-glass."""

from django.db import connection

from threecircles.accounts.actions import create_invitation
from threecircles.accounts.models import Role
from threecircles.network.models import SupportMember
from threecircles.privacy.access import access_basis
from threecircles.privacy.actions import add_care_team_member, erase_client
from threecircles.privacy.models import AccessEvent, Grant


def _everything_as_text() -> str:
    dump: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            dump.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(dump)


def test_erasure_leaves_no_name_or_address_of_the_client_or_her_supporters(
    alice, bob, carol, signed_in, practice
):
    signed_in(alice).get("/me/")
    create_invitation(
        invited_by=alice, email="friend@example.org", role=Role.SUPPORTER, client=alice
    )
    erase_client(client=alice, erased_by=None, reason="Client asked to be forgotten")

    everything = _everything_as_text()
    for trace in ["alice@example.org", "Alice", "friend@example.org"]:
        assert trace not in everything
    assert not SupportMember.objects.filter(client=alice).exists()
    assert not Grant.objects.active().filter(client=alice).exists()


def test_the_access_log_never_holds_a_clients_name(alice, mallory, signed_in):
    """Not when she opens her own record, nor when she reads what another client shares with
    her as his sponsor: clients are named only when the log is read."""
    from conftest import make_user
    from threecircles.network.actions import connect_supporter

    dan = make_user("Dan", Role.CLIENT)
    connect_supporter(
        client=dan, supporter=alice, name="Alice", relationship="sponsor", shares=["sobriety"]
    )
    signed_in(alice).get("/me/")
    assert signed_in(alice).get(f"/support/supporting/{dan.pk}/").status_code == 200

    mine = AccessEvent.objects.for_client(alice.pk).filter(actor_id=alice.pk)
    assert set(mine.values_list("actor_label", flat=True)) == {"The client"}
    on_dan = AccessEvent.objects.for_client(dan.pk).filter(actor_id=alice.pk)
    assert set(on_dan.values_list("actor_label", flat=True)) == {"A person in recovery"}
    every_label = " ".join(AccessEvent.objects.values_list("actor_label", flat=True))
    assert "Alice" not in every_label and "Dan" not in every_label


def test_a_care_team_row_without_practice_membership_grants_nothing(alice, ada, practice):
    """An administrator who makes themselves a 'clinician' and adds a care-team row (say, in a
    database shell) still cannot open the record: practice membership is required too."""
    ada.role = Role.CLINICIAN
    ada.save()
    add_care_team_member(client=alice, member=ada, practice=practice, role="clinician")
    assert access_basis(ada, alice) is None


def test_the_django_admin_shows_no_clients_care_teams_or_invitations(alice, ada, signed_in):
    browser = signed_in(ada)
    users = browser.get("/django-admin/accounts/user/")
    assert users.status_code == 200
    assert "alice@example.org" not in users.text
    assert browser.get("/django-admin/privacy/grant/").status_code == 404
    assert browser.get("/django-admin/accounts/invitation/").status_code == 404
    assert browser.get(f"/django-admin/accounts/user/{alice.pk}/change/").status_code == 302


def test_the_client_is_told_at_once_when_emergency_access_is_opened(alice, ada, run_tasks):
    from django.core import mail

    from threecircles.privacy.actions import open_break_glass

    open_break_glass(
        admin=ada, client=alice, reason="Welfare check requested by police", minutes=15
    )
    run_tasks()
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "emergency access" in message.body
    assert "Welfare check" not in message.body  # the reason is shown after signing in


def test_erasure_removes_her_notifications_and_her_network_but_not_her_supporters(
    alice, carol, signed_in
):
    from threecircles.accounts.models import Notification
    from threecircles.network.models import Answer, SupportNotice
    from threecircles.network.support import answer_support_request, ask_for_support

    request = ask_for_support(client=alice)
    answer_support_request(notice=SupportNotice.objects.get(request=request), answer=Answer.CALLING)
    assert Notification.objects.filter(recipient=alice).exists()
    erase_client(client=alice, erased_by=None, reason="Client asked to be forgotten")
    assert not Notification.objects.filter(recipient=alice).exists()
    # Carol keeps her account and her notice, which never named Alice.
    [notice] = Notification.objects.filter(recipient=carol)
    assert "Alice" not in notice.text
    assert not SupportMember.objects.filter(client=alice).exists()
