"""A holder's own certifications and their renewal, as the holder sees them: the number and
dates, where each stands on every boundary (active through the expiry day, then the grace
period's first and last day, then lapsed; suspended or revoked with the reason), what renewal
needs, and the renewal itself: refused too early, without the hours or with a name that is
not theirs (what was typed kept), accepted with the hours; somebody else's certification is
404, and hostile text is shown as text."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import make_user
from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.models import (
    CECategory,
    Certification,
    Credential,
    Decision,
    Renewal,
)
from threecircles.certification.tests.factories import (
    attend,
    certify,
    make_credential,
    make_module_event,
)
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
# Issued on 1 March 2025: expires on 1 March 2027; 90 days of grace, through 30 May 2027.
ISSUED = datetime.date(2025, 3, 1)
EXPIRES = datetime.date(2027, 3, 1)
RENEWAL_OPEN = datetime.date(2027, 1, 10)  # 50 days before the expiry
HOSTILE = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
)


def on(day: datetime.date) -> Any:
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return time_machine.travel(noon, tick=False)


@pytest.fixture
def csat(db: None) -> Credential:
    return make_credential(modules=1)


@pytest.fixture
def noor(db: None) -> User:
    return make_user("Noor Haddad", Role.MEMBER)


@pytest.fixture
def held(noor: User, csat: Credential) -> Certification:
    return certify(noor, csat, issued_on=ISSUED)


@pytest.fixture
def as_noor(noor: User, signed_in: Callable[[User], Client]) -> Callable[[], Client]:
    """Noor signed in now: inside a trip in time, so the session is fresh on that day."""
    return lambda: signed_in(noor)


def earn_ce(person: User, hours: str, completed_on: datetime.date, staff: User) -> None:
    """An external course, sent and approved."""
    with on(completed_on):
        credit = actions.send_external_credit(
            person=person,
            title="Ethics in sex-addiction treatment",
            provider="Regional Counseling Board",
            category=CECategory.ETHICS,
            hours=Decimal(hours),
            completed_on=completed_on,
        )
    actions.decide_credit(credit=credit, by=staff, approve=True)


def _card(browser: Client) -> str:
    """The one certification's card on My certifications, as read."""
    tree = page_tree(browser.get(reverse("certification:my_certifications")))
    (card,) = find_all(tree, "article", "certification")
    return text_of(card)


def _standing(browser: Client) -> str:
    tree = page_tree(browser.get(reverse("certification:my_certifications")))
    (standing,) = find_all(tree, "p", "certification-standing")
    return text_of(standing)


def _renew(browser: Client, held: Certification, name: str) -> Any:
    return browser.post(reverse("certification:renew", args=[held.pk]), {"name": name})


def _alert(page: Any) -> str:
    (alert,) = find_all(page_tree(page, 400), "div", attrs={"role": "alert"})
    return text_of(alert)


# --- my certifications -------------------------------------------------------------------------


def test_a_holder_sees_the_number_the_dates_and_the_certificate(as_noor, held):
    with on(datetime.date(2025, 6, 1)):
        browser = as_noor()
        page = browser.get(reverse("certification:my_certifications"))
        card = _card(browser)
    assert "Certified Sex Addiction Therapist (CSAT)" in card
    assert (
        f"Certificate number {held.number} Issued 1 March 2025 Expires 1 March 2027 "
        f"Verification code {held.verification_code} See what anyone checking it sees"
    ) in card
    assert "Renewal opens six months before the expiry date." in card
    assert "0 of 15 continuing-education hours approved since 1 March 2025." in card
    hrefs = {str(dict(a.attributes).get("href")) for a in find_all(page_tree(page), "a")}
    assert reverse("certification:certificate_pdf", args=[held.pk]) in hrefs
    assert reverse("certification:badge", args=[held.pk]) in hrefs
    assert reverse("certification:verify", args=[held.verification_code]) in hrefs
    assert reverse("certification:renew", args=[held.pk]) not in hrefs


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (EXPIRES, "Active Active. Valid through 1 March 2027."),
        (
            EXPIRES + datetime.timedelta(days=1),
            "Expired, in the renewal grace period Expired on 1 March 2027. You are in the "
            "renewal grace period: 90 days left to renew, through 30 May 2027.",
        ),
        (
            datetime.date(2027, 5, 30),
            "Expired, in the renewal grace period Expired on 1 March 2027. You are in the "
            "renewal grace period: today, 30 May 2027, is the last day to renew.",
        ),
        (
            datetime.date(2027, 5, 31),
            "Lapsed Lapsed. It expired on 1 March 2027 and the renewal grace period ended on "
            "30 May 2027. The institute can reinstate it once you have the continuing-education "
            "hours of a full period: please get in touch.",
        ),
    ],
    ids=["last-active-day", "grace-day-1", "grace-last-day", "lapsed"],
)
def test_the_standing_reads_right_on_each_boundary(as_noor, held, day, words):
    with on(day):
        browser = as_noor()
        assert _standing(browser) == words


def test_a_lapsed_certification_is_not_offered_for_renewal(as_noor, held):
    with on(datetime.date(2027, 5, 31)):
        browser = as_noor()
        card = _card(browser)
    assert "This certification has lapsed: ask the institute about reinstatement." in card
    assert "continuing-education hours approved since" not in card


def test_a_suspension_holds_back_the_downloads_and_a_revocation_removes_them(as_noor, held, ivy):
    with on(datetime.date(2025, 6, 1)):
        browser = as_noor()
        actions.suspend(certification=held, by=ivy, reason="Licence under review by the board.")
        assert _standing(browser) == (
            "Suspended Suspended by the institute. The reason given: Licence under review by "
            "the board."
        )
        assert "A suspended certification cannot be renewed." in _card(browser)
        page = browser.get(reverse("certification:my_certifications"))
        hrefs = {str(dict(a.attributes).get("href")) for a in find_all(page_tree(page), "a")}
        assert reverse("certification:certificate_pdf", args=[held.pk]) not in hrefs
        assert reverse("certification:badge", args=[held.pk]) not in hrefs
        assert (
            browser.get(reverse("certification:certificate_pdf", args=[held.pk])).status_code == 404
        )
        assert browser.get(reverse("certification:badge", args=[held.pk])).status_code == 404
        actions.reinstate(certification=held, by=ivy, reason="The board closed its review.")
        assert browser.get(reverse("certification:badge", args=[held.pk])).status_code == 200
        actions.suspend(certification=held, by=ivy, reason="Licence under review by the board.")
        actions.revoke(certification=held, by=ivy, reason="Licence revoked by the state board.")
        assert _standing(browser) == (
            "Revoked Revoked by the institute. The reason given: Licence revoked by the state "
            "board."
        )
        page = browser.get(reverse("certification:my_certifications"))
    hrefs = {str(dict(a.attributes).get("href")) for a in find_all(page_tree(page), "a")}
    assert reverse("certification:certificate_pdf", args=[held.pk]) not in hrefs
    assert reverse("certification:badge", args=[held.pk]) not in hrefs


def test_a_professional_without_a_certification_sees_where_to_start(as_noor):
    browser = as_noor()
    page = browser.get(reverse("certification:my_certifications"))
    assert "You do not hold a certification yet." in text_of(page_tree(page))


def test_only_the_holders_own_certifications_are_listed(held, csat, signed_in):
    omar = make_user("Omar", Role.CLINICIAN)
    theirs = certify(omar, csat, issued_on=ISSUED)
    page = text_of(page_tree(signed_in(omar).get(reverse("certification:my_certifications"))))
    assert theirs.number in page
    assert held.number not in page


# --- renewal ------------------------------------------------------------------------------------


def test_renewal_too_early_shows_the_code_and_why_with_no_form(as_noor, held):
    with on(datetime.date(2026, 6, 1)):  # 273 days before the expiry
        browser = as_noor()
        page = browser.get(reverse("certification:renew", args=[held.pk]))
        tree = page_tree(page)
        (problem,) = find_all(tree, "p", "renewal-problem")
        assert text_of(problem) == (
            "This certification cannot be renewed yet. Renewal opens six months before the "
            "expiry date."
        )
        (code,) = find_all(tree, "ol", "ethics-points")
        assert 5 <= len(list(find_all(code, "li"))) <= 7
        renew_url = reverse("certification:renew", args=[held.pk])
        assert not list(find_all(tree, "form", attrs={"action": renew_url}))
        refused = _renew(browser, held, "Noor Haddad")
    assert _alert(refused) == (
        "Your renewal could not be sent. Renewal opens six months before the expiry date."
    )
    assert not Renewal.objects.exists()


def test_renewal_without_the_hours_says_how_many_are_approved(as_noor, held, noor, ivy):
    earn_ce(noor, "6", datetime.date(2026, 2, 1), ivy)
    earn_ce(noor, "8", datetime.date(2024, 12, 1), ivy)  # before the period: does not count
    with on(RENEWAL_OPEN):
        browser = as_noor()
        page = browser.get(reverse("certification:renew", args=[held.pk]))
        (problem,) = find_all(page_tree(page), "p", "renewal-problem")
        refused = _renew(browser, held, "Noor Haddad")
    assert text_of(problem) == (
        "This certification cannot be renewed yet. 6.00 of 15.00 continuing-education hours "
        "approved so far."
    )
    assert "6 of 15 continuing-education hours approved since 1 March 2025." in text_of(
        page_tree(page)
    )
    assert "6.00 of 15.00 continuing-education hours approved so far." in _alert(refused)
    assert not Renewal.objects.exists()


def test_a_name_that_is_not_the_holders_is_refused_and_kept(as_noor, held, noor, ivy):
    earn_ce(noor, "15", datetime.date(2026, 2, 1), ivy)
    with on(RENEWAL_OPEN):
        browser = as_noor()
        page = _renew(browser, held, "Someone Else")
    tree = page_tree(page, 400)
    (field,) = find_all(tree, "input", attrs={"name": "name"})
    assert dict(field.attributes)["value"] == "Someone Else"
    assert "The name does not match the one on your account (Noor Haddad)." in text_of(tree)
    with on(RENEWAL_OPEN):
        empty = _renew(browser, held, "")
    assert "Type your name to sign the code of ethics." in text_of(page_tree(empty, 400))
    assert not Renewal.objects.exists()


def test_with_the_hours_and_the_holders_name_the_renewal_goes_to_staff(as_noor, held, noor, ivy):
    earn_ce(noor, "9", datetime.date(2026, 2, 1), ivy)
    earn_ce(noor, "6", datetime.date(2026, 11, 1), ivy)
    with on(RENEWAL_OPEN):
        browser = as_noor()
        form_page = browser.get(reverse("certification:renew", args=[held.pk]))
        assert list(find_all(page_tree(form_page), "input", attrs={"name": "name"}))
        mine = page_tree(browser.get(reverse("certification:my_certifications")))
        (renew,) = find_all(
            mine, "a", attrs={"href": reverse("certification:renew", args=[held.pk])}
        )
        assert text_of(renew) == "Renew Certified Sex Addiction Therapist"
        sent = _renew(browser, held, "  noor haddad ")
        assert sent.status_code == 302
        assert sent["Location"] == reverse("certification:my_certifications")
        card = _card(browser)
    renewal = Renewal.objects.get()
    assert (renewal.certification, renewal.period_end, renewal.decision) == (
        held,
        EXPIRES,
        Decision.WAITING,
    )
    assert renewal.ethics_signed_name == "noor haddad"
    assert renewal.ce_hours == Decimal("15.00")
    assert "Your renewal is waiting for staff." in card


def test_attended_institute_events_count_towards_renewal_without_opening_the_ledger(
    as_noor, held, noor
):
    for n, day in enumerate([datetime.date(2025, 9, 1), datetime.date(2026, 3, 2)]):
        attend(noor, make_module_event(f"ce-{n}", starts_on=day, sessions=3))  # 9 hours each
    with on(RENEWAL_OPEN):
        browser = as_noor()
        page = browser.get(reverse("certification:renew", args=[held.pk]))
        assert "18 of 15 continuing-education hours approved since 1 March 2025. That is " in (
            text_of(page_tree(page))
        )
        assert _renew(browser, held, "Noor Haddad").status_code == 302
    assert Renewal.objects.get().ce_hours == Decimal("18.00")


def test_a_returned_renewal_shows_the_note_and_may_be_sent_again(as_noor, held, noor, ivy):
    earn_ce(noor, "15", datetime.date(2026, 2, 1), ivy)
    with on(RENEWAL_OPEN):
        browser = as_noor()
        renewal = actions.submit_renewal(certification=held, by=noor, typed_name="Noor Haddad")
        actions.decide_renewal(
            renewal=renewal, by=ivy, approve=False, note="Please add the ethics course."
        )
        assert (
            "Your renewal was returned by the institute. Their note: Please add the ethics course."
            in _card(browser)
        )
        page = text_of(page_tree(browser.get(reverse("certification:renew", args=[held.pk]))))
        assert "Their note: Please add the ethics course. You can send it again below." in page
        assert _renew(browser, held, "Noor Haddad").status_code == 302
    assert Renewal.objects.get().decision == Decision.WAITING


def test_an_approved_renewal_shows_the_new_expiry(as_noor, held, noor, ivy):
    earn_ce(noor, "15", datetime.date(2026, 2, 1), ivy)
    with on(RENEWAL_OPEN):
        browser = as_noor()
        renewal = actions.submit_renewal(certification=held, by=noor, typed_name="Noor Haddad")
        actions.decide_renewal(renewal=renewal, by=ivy, approve=True)
        card = _card(browser)
    assert "Expires 1 March 2029" in card
    assert "Last renewed on 10 January 2027." in card
    assert "Renewal opens six months before the expiry date." in card


def test_somebody_elses_certification_is_404_to_read_and_to_renew(held, noor, ivy, signed_in):
    earn_ce(noor, "15", datetime.date(2026, 2, 1), ivy)
    omar = make_user("Omar", Role.CLINICIAN)
    url = reverse("certification:renew", args=[held.pk])
    with on(RENEWAL_OPEN):
        for person in (omar, ivy):
            browser = signed_in(person)
            assert browser.get(url).status_code == 404
            assert browser.post(url, {"name": person.display_name}).status_code == 404
    assert not Renewal.objects.exists()


def test_hostile_text_is_shown_as_text(as_noor, held, noor, ivy):
    Credential.objects.filter(pk=held.credential_id).update(name=f"CSAT {HOSTILE}")
    earn_ce(noor, "15", datetime.date(2026, 2, 1), ivy)
    with on(RENEWAL_OPEN):
        browser = as_noor()
        renewal = actions.submit_renewal(certification=held, by=noor, typed_name="Noor Haddad")
        actions.decide_renewal(renewal=renewal, by=ivy, approve=False, note=HOSTILE)
        pages = [
            browser.get(reverse("certification:my_certifications")),
            browser.get(reverse("certification:renew", args=[held.pk])),
        ]
        actions.suspend(certification=held, by=ivy, reason=HOSTILE)
        pages.append(browser.get(reverse("certification:my_certifications")))
    for page in pages:
        body = page.content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        tree = page_tree(page)
        assert not any("onerror" in dict(img.attributes) for img in find_all(tree, "img"))
        hrefs = [str(dict(a.attributes).get("href", "")) for a in find_all(tree, "a")]
        assert not any(href.lower().startswith("javascript:") for href in hrefs)


def _links(browser: Client) -> dict[str, str]:
    tree = page_tree(browser.get(reverse("certification:my_certifications")))
    (nav,) = find_all(tree, "nav", attrs={"aria-label": "Your certification pages"})
    return {text_of(a): str(dict(a.attributes).get("href")) for a in find_all(nav, "a")}


def test_an_active_holder_is_led_to_their_directory_listing_a_lapsed_one_is_not(as_noor, held):
    with on(datetime.date(2025, 6, 1)):
        links = _links(as_noor())
    assert links["Your directory listing"] == reverse("certification:my_listing")
    with on(datetime.date(2027, 5, 31)):
        links = _links(as_noor())
        assert "Your directory listing" not in links
        assert as_noor().get(reverse("certification:my_listing")).status_code == 404
