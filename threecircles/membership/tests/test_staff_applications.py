"""Staff decide on applications: the waiting ones oldest first, each shown in full (and
harmlessly, whatever was typed into the public form), approved with an optional note (a
member number, and an invitation e-mail to the member area) or declined with a reason. A
second decision is refused, with a message saying so."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.models import Invitation, Role
from threecircles.membership.models import Membership
from threecircles.membership.tests.access_staff import make_application, make_member, make_type
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
Status = Membership.Status
HOSTILE = '<script>alert("xss-script")</script><img src=x onerror="alert(2)">'
APPLICATIONS = "/institute/staff/members/applications/"


@pytest.fixture
def staff(ivy, signed_in):
    return signed_in(ivy)


@pytest.fixture
def fellow():
    return make_type("fellow", "Clinical fellow")


def _applied(fellow, name, email, days_ago, **extra):
    return make_application(
        fellow,
        name,
        email,
        applied_at=timezone.now() - datetime.timedelta(days=days_ago),
        **extra,
    )


def _messages(page):
    return [text_of(p) for p in find_all(page_tree(page), "p", "message")]


def test_the_applications_waiting_are_listed_oldest_first(staff, fellow):
    _applied(fellow, "Noor Haddad", "noor@example.net", 2)
    _applied(fellow, "Jo Park", "jo@example.net", 9)
    _applied(fellow, "Ren Ito", "ren@example.net", 5)
    make_member(fellow, "Already Member", "member@example.net", timezone.localdate())
    page = staff.get(APPLICATIONS)
    rows = [text_of(row) for row in find_all(page_tree(page), "tr")][1:]
    assert [row.split(" Clinical fellow")[0] for row in rows] == [
        "Jo Park",
        "Ren Ito",
        "Noor Haddad",
    ]
    assert "3 waiting for a decision, the one waiting longest first." in page.text


def test_the_application_is_shown_in_full_and_hostile_text_stays_text(staff, fellow):
    applied = _applied(
        fellow,
        f"Ana {HOSTILE}",
        "ana@example.net",
        1,
        licence="LMFT 4471, California",
        organisation=f"Clinic {HOSTILE}",
        city="Fresno",
        country="USA",
        website="https://ana.example.net/",
        bio=f"Works with couples.\n{HOSTILE}",
        statement=f"I want to learn.\n{HOSTILE}",
    )
    page = staff.get(reverse("membership:staff_application", args=[applied.pk]))
    tree = page_tree(page)
    facts = text_of(next(find_all(tree, "dl", "staff-facts")))
    for shown in (
        "ana@example.net",
        "Clinical fellow",
        "LMFT 4471, California",
        "Fresno, USA",
        "https://ana.example.net/",
        "Works with couples.",
        "I want to learn.",
    ):
        assert shown in facts
    # Shown as the words typed, never as markup.
    assert '&lt;script&gt;alert("xss-script")&lt;/script&gt;' in page.text.replace("&quot;", '"')
    assert "<script>alert" not in page.text
    assert not [img for img in find_all(tree, "img")]
    assert "sends an invitation e-mail to ana@example.net" in text_of(tree)


def test_approving_gives_a_number_and_e_mails_an_invitation(staff, ivy, fellow, run_tasks):
    applied = _applied(fellow, "Jo Park", "jo@example.net", 3)
    url = reverse("membership:staff_application_approve", args=[applied.pk])
    page = staff.post(url, {"note": "Licence checked."}, follow=True)
    applied.refresh_from_db()
    assert applied.status == Status.ACTIVE
    assert applied.member_number.startswith("M-")
    assert (applied.decided_by, applied.decision_note) == (ivy, "Licence checked.")
    assert page.redirect_chain[-1][0] == APPLICATIONS
    assert _messages(page) == [
        f"Jo Park is approved, as member {applied.member_number}. "
        "An invitation to the member area is on its way to jo@example.net."
    ]
    assert "No applications are waiting." in page.text
    invitation = Invitation.objects.get(email="jo@example.net")
    assert invitation.role == Role.MEMBER
    run_tasks()
    [sent] = mail.outbox
    assert sent.to == ["jo@example.net"]
    assert sent.subject == "You are invited to Three Circles"


def test_declining_needs_a_reason_and_keeps_it(staff, fellow, run_tasks):
    applied = _applied(fellow, "Ren Ito", "ren@example.net", 3)
    url = reverse("membership:staff_application_decline", args=[applied.pk])
    page = staff.post(url, {"reason": "   "})
    assert page.status_code == 400
    assert "Say why the application is declined." in text_of(page_tree(page, 400))
    applied.refresh_from_db()
    assert applied.status == Status.APPLIED

    page = staff.post(url, {"reason": "No licence to practise."}, follow=True)
    assert _messages(page) == ["The application of Ren Ito is declined."]
    applied.refresh_from_db()
    assert (applied.status, applied.decision_note) == (Status.DECLINED, "No licence to practise.")
    assert applied.member_number == ""
    run_tasks()
    assert mail.outbox == []
    decided = staff.get(reverse("membership:staff_application", args=[applied.pk]))
    assert "Application declined" in decided.text
    assert "No licence to practise." in decided.text
    assert "Approve and send the invitation" not in decided.text


def test_a_second_decision_is_refused_with_a_message(staff, fellow, run_tasks):
    applied = _applied(fellow, "Jo Park", "jo@example.net", 3)
    approve = reverse("membership:staff_application_approve", args=[applied.pk])
    decline = reverse("membership:staff_application_decline", args=[applied.pk])
    staff.post(approve, {}, follow=True)  # and read its message
    number = Membership.objects.get(pk=applied.pk).member_number

    page = staff.post(decline, {"reason": "Changed my mind."}, follow=True)
    assert _messages(page) == ["Only an application waiting for a decision can be declined."]
    page = staff.post(approve, {}, follow=True)
    assert _messages(page) == ["Only an application waiting for a decision can be approved."]
    applied.refresh_from_db()
    assert (applied.status, applied.member_number) == (Status.ACTIVE, number)
    run_tasks()
    assert len(mail.outbox) == 1
