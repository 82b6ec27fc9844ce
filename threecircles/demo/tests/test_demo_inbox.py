"""The demo's answered request for support was yesterday and long settled: Alice's and Carol's
inboxes hold its notifications as read, and a notification's age reads as a person says it."""

from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.actions import notify
from threecircles.accounts.models import Notification, Role, User
from threecircles.tests.html import find_all, page_tree, text_of


def test_the_demo_inboxes_show_nothing_new_from_the_settled_request(db):
    call_command("seed_demo", verbosity=0)
    alice = User.objects.get(email__startswith="alice")
    carol = User.objects.get(email__startswith="carol")
    for person in (alice, carol):
        theirs = Notification.objects.for_person(person)
        assert theirs.exists(), person.email  # the request did notify: there is something to read
        assert not theirs.unread().exists(), person.email
    assert not Notification.objects.filter(created_at__gt=timezone.now()).exists()


def test_a_notification_says_now_then_minutes_ago(db, signed_in):
    person = make_user("Nadia", Role.CLIENT)
    browser = signed_in(person)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        notify(person, text="Someone answered you.", url="/")

        def age() -> str:
            [item] = list(find_all(page_tree(browser.get("/notifications/")), "small"))
            return text_of(item).replace("\xa0", " ")

        assert age() == "now"
        traveller.shift(timedelta(minutes=2))
        assert age() == "2 minutes ago"
