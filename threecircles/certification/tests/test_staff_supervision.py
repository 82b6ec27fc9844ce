"""Staff settle disputed supervision entries (they count, or they do not), approve supervisors
by the address of a professional's account (for some credentials or all) and deactivate them,
decide external CE courses, and keep a credential's hours, fee and module offerings."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.models import (
    ApprovedSupervisor,
    CECategory,
    Decision,
    SupervisionSession,
)
from threecircles.certification.tests.factories import (
    Kind,
    make_credential,
    make_module_event,
    make_supervisor,
    requirement,
    supervise,
    to_candidate,
)
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
BASE = "/institute/staff/certification/"
HOSTILE = '<script>alert("xss-script")</script><img src=x onerror="alert(2)">'


@pytest.fixture
def staff(ivy, signed_in):
    return signed_in(ivy)


@pytest.fixture
def credential(db):
    return make_credential()


def _messages(page) -> list[str]:
    return [text_of(p) for p in find_all(page_tree(page), "p", "message")]


# --- disputes ----------------------------------------------------------------------------------


@pytest.fixture
def disputed(ivy, sam, credential) -> SupervisionSession:
    ren = make_user("Ren", Role.MEMBER)
    candidacy = to_candidate(ren, credential, ivy)
    agreement = supervise(candidacy, sam, Decimal("2.00"))
    session = SupervisionSession.objects.create(
        agreement=agreement,
        held_on=timezone.localdate() - datetime.timedelta(days=2),
        hours=Decimal("1.50"),
        topic=f"Boundaries {HOSTILE}",
    )
    return actions.answer_session(
        session=session, by=sam, confirm=False, reason="We met for one hour only."
    )


def _resolve(staff, session: SupervisionSession, count: str, note: str = ""):
    url = reverse("certification:staff_dispute_resolve", args=[session.pk])
    prefix = f"session-{session.pk}"
    return staff.post(url, {f"{prefix}-count": count, f"{prefix}-note": note}, follow=True)


def test_a_dispute_shows_both_sides_as_text(staff, disputed):
    page = staff.get(BASE + "disputes/")
    assert "<script>alert" not in page.content.decode()
    facts = text_of(next(find_all(page_tree(page), "dl", "staff-facts")))
    assert facts == (
        f"Supervisor Sam Credential CSAT Hours 1.50 Topic Boundaries {HOSTILE} "
        "What the supervisor said We met for one hour only."
    )


def test_a_session_that_counts_adds_its_hours(staff, disputed):
    candidacy = disputed.agreement.candidacy
    assert actions.supervision_hours(candidacy) == Decimal("2.00")
    page = _resolve(staff, disputed, "yes", "Confirmed by both on the phone.")
    held = disputed.held_on
    assert _messages(page) == [f"Resolved: the session of {held.day} {held:%B %Y} (1.50 h) counts."]
    assert actions.supervision_hours(candidacy) == Decimal("3.50")
    assert "No disputes are open." in text_of(page_tree(page))
    page = _resolve(staff, disputed, "no")
    assert _messages(page) == ["Only an open dispute can be resolved."]


def test_a_session_that_does_not_count_adds_nothing_and_leaves_the_list(staff, disputed):
    page = _resolve(staff, disputed, "no")
    assert _messages(page)[0].endswith("(1.50 h) does not count.")
    disputed.refresh_from_db()
    assert disputed.status == SupervisionSession.Status.DISPUTED
    assert disputed.resolved_at is not None
    assert actions.supervision_hours(disputed.agreement.candidacy) == Decimal("2.00")


def test_an_empty_resolution_says_what_is_missing(staff, disputed):
    url = reverse("certification:staff_dispute_resolve", args=[disputed.pk])
    page = staff.post(url, {})
    assert "Choose whether the session counts." in text_of(page_tree(page, 400))


# --- supervisors -------------------------------------------------------------------------------


def _add(staff, email: str, *credentials):
    data = {"email": email, "credentials": [c.pk for c in credentials]}
    return staff.post(BASE + "supervisors/", data, follow=True)


def test_a_professional_is_approved_by_address_for_some_credentials(staff, bob, credential):
    other = make_credential("CMAT", name="Other credential")
    page = _add(staff, "BOB@example.org", credential)
    assert _messages(page) == ["Bob is an approved supervisor."]
    assert actions.is_approved_supervisor(bob, credential)
    assert not actions.is_approved_supervisor(bob, other)
    rows = [text_of(tr) for tr in find_all(page_tree(page), "tr")][1:]
    assert rows[0].startswith("Bob bob@example.org CSAT")
    assert rows[0].endswith("by Ivy Active Deactivate")


def test_no_credential_chosen_means_every_credential(staff, bob, credential):
    _add(staff, "bob@example.org")
    assert actions.is_approved_supervisor(bob, credential)
    page = staff.get(BASE + "supervisors/")
    assert "All credentials" in text_of(next(find_all(page_tree(page), "tbody")))


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("nobody@example.org", "No account has this address. The supervisor needs an account"),
        ("alice@example.org", "This account is not a professional's"),
        ("sam@example.org", "Sam is already approved."),
        ("", "Enter the e-mail address of their account."),
    ],
)
def test_an_address_that_cannot_be_approved_says_why(staff, alice, sam, email, error):
    make_supervisor(sam)
    page = staff.post(BASE + "supervisors/", {"email": email})
    tree = page_tree(page, 400)
    assert error in text_of(next(find_all(tree, "ul", "errorlist")))
    assert ApprovedSupervisor.objects.count() == 1
    # What was typed stays in the form.
    field = next(find_all(tree, "input", attrs={"name": "email"}))
    assert dict(field.attributes).get("value", "") == email


def test_deactivating_stops_new_agreements_and_approving_again_restores(staff, sam, credential):
    approval = make_supervisor(sam)
    url = reverse("certification:staff_supervisor_deactivate", args=[approval.pk])
    page = staff.post(url, follow=True)
    assert _messages(page)[0].startswith("Sam is no longer an approved supervisor.")
    assert not actions.is_approved_supervisor(User.objects.get(pk=sam.pk), credential)
    assert "Not active" in text_of(next(find_all(page_tree(page), "tbody")))
    _add(staff, "sam@example.org")
    assert actions.is_approved_supervisor(User.objects.get(pk=sam.pk), credential)


# --- external CE courses -----------------------------------------------------------------------


@pytest.fixture
def course(eve):
    return actions.send_external_credit(
        person=eve, title=f"Trauma {HOSTILE}", provider="A college", category=CECategory.TRAUMA,
        hours=Decimal("6.00"), completed_on=timezone.localdate(),
    )  # fmt: skip


def _decide(staff, credit, decision: str, note: str = ""):
    url = reverse("certification:staff_ce_decide", args=[credit.pk])
    prefix = f"credit-{credit.pk}"
    return staff.post(url, {f"{prefix}-decision": decision, f"{prefix}-note": note}, follow=True)


def test_an_external_course_is_approved_and_counts(staff, course):
    page = staff.get(BASE + "ce/")
    assert "<script>alert" not in page.content.decode()
    heading = text_of(next(find_all(page_tree(page), "h2")))
    assert heading == f"Eve: Trauma {HOSTILE}"
    page = _decide(staff, course, "approve")
    assert _messages(page) == [f"Trauma {HOSTILE} (Eve): approved."]
    course.refresh_from_db()
    assert course.decision == Decision.APPROVED
    today = timezone.localdate()
    assert actions.ce_hours(course.person, today, today) == Decimal("6.00")
    page = _decide(staff, course, "return", "Too late")
    assert _messages(page) == ["Only an external course waiting for staff can be decided."]


def test_a_course_that_does_not_count_needs_a_reason(staff, course):
    page = _decide(staff, course, "return")
    assert "Say why the course does not count." in text_of(page_tree(page, 400))
    page = _decide(staff, course, "return", "Not about clinical practice.")
    course.refresh_from_db()
    assert (course.decision, course.decision_note) == ("returned", "Not about clinical practice.")


# --- credentials -------------------------------------------------------------------------------


def test_the_credentials_show_their_requirements_in_order(staff, credential):
    page = staff.get(BASE + "credentials/")
    (section,) = find_all(page_tree(page), "section", "card")
    items = [text_of(li).split(" (")[0] for li in find_all(section, "li")]
    assert items == [
        "Eligibility",
        "Module 1",
        "Module 1 quiz",
        "Module 2",
        "Supervision",
        "Assessment",
        "Letter of recommendation",
        "Final application",
    ]


def test_hours_and_fee_are_saved_and_a_negative_number_is_refused(staff, credential):
    url = reverse("certification:staff_credential_edit", args=[credential.pk])
    prefix = f"credential-{credential.pk}"
    data = {
        f"{prefix}-supervision_hours_required": "-1",
        f"{prefix}-ce_hours_required": "20",
        f"{prefix}-application_fee": "400",
    }
    page = staff.post(url, data)
    assert "Enter zero or more." in text_of(page_tree(page, 400))
    credential.refresh_from_db()
    assert credential.supervision_hours_required == Decimal("10.00")

    data[f"{prefix}-supervision_hours_required"] = "12.5"
    page = staff.post(url, data, follow=True)
    assert _messages(page) == ["CSAT: hours and fee saved."]
    credential.refresh_from_db()
    assert (
        credential.supervision_hours_required,
        credential.ce_hours_required,
        credential.application_fee,
    ) == (Decimal("12.50"), Decimal("20.00"), Decimal("400.00"))


def test_a_module_is_offered_by_the_training_events_chosen(staff, credential):
    module = requirement(credential, Kind.MODULE)
    first = module.offerings.get()
    autumn = make_module_event("autumn-module-1", title="Module 1, autumn")
    url = reverse("certification:staff_module_offerings", args=[module.pk])
    page = staff.post(url, {})
    assert "Choose at least one event that offers this module." in text_of(page_tree(page, 400))
    page = staff.post(url, {f"module-{module.pk}-offerings": [first.pk, autumn.pk]}, follow=True)
    assert _messages(page) == ["CSAT, Module 1: offerings saved."]
    assert set(module.offerings.all()) == {first, autumn}


def test_only_a_module_takes_offerings(staff, credential):
    quiz = requirement(credential, Kind.QUIZ)
    url = reverse("certification:staff_module_offerings", args=[quiz.pk])
    assert staff.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", ["bob", "sam", "mallory"])
def test_outsiders_get_404_and_approve_nobody(name, request, signed_in):
    browser = signed_in(request.getfixturevalue(name))
    for page in ("disputes/", "supervisors/", "ce/", "credentials/"):
        assert browser.get(BASE + page).status_code == 404
    assert browser.post(BASE + "supervisors/", {"email": "bob@example.org"}).status_code == 404
    assert not ApprovedSupervisor.objects.exists()
