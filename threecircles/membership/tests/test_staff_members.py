"""Staff find members by name, e-mail address or member number (the search travels in the
form, not the address), filter them by standing, page through them, and download the list
as CSV with nothing in it a spreadsheet would run. The staff home counts what needs them."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from threecircles.membership.models import Membership
from threecircles.membership.tests.access_staff import make_application, make_member, make_type
from threecircles.tests.html import find_all, page_tree, text_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2030, 6, 10)
MEMBERS = "/institute/staff/members/"
CSV = "/institute/staff/members/members.csv"


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    with time_machine.travel(datetime.datetime(2030, 6, 10, 15, 0), tick=False):
        yield


@pytest.fixture
def staff(ivy, signed_in):
    return signed_in(ivy)


def _days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def cast():
    """One member in each standing, and an application and a declined one (not members)."""
    fellow = make_type("fellow", "Clinical fellow")
    student = make_type("student", "Student", "40.00")
    people = {
        "current": make_member(fellow, "Cara Current", "cara@example.net", _days(100), "M-100001"),
        "due": make_member(student, "Dev Due", "dev@example.net", _days(12), "M-100002"),
        "grace": make_member(fellow, "Gia Grace", "gia@example.net", _days(-10), "M-100003"),
        "lapsed": make_member(fellow, "Lu Lapsed", "lu@mail.example.org", _days(-45), "M-100004"),
        "awaiting": make_member(fellow, "Abe Awaiting", "abe@example.net", None, "M-100005"),
        "ended": make_member(
            fellow,
            "Eda Ended",
            "eda@example.net",
            _days(50),
            "M-100006",
            status=Membership.Status.ENDED,
        ),
    }
    make_application(fellow, "Apu Applied", "apu@example.net")
    make_application(fellow, "Dee Declined", "dee@example.net", status=Membership.Status.DECLINED)
    return people


def _names(page):
    rows = [row for body in find_all(page_tree(page), "tbody") for row in find_all(body, "tr")]
    return [text_of(next(find_all(row, "a"))) for row in rows]


def test_every_member_is_listed_by_name_with_standing_and_renewal_date(staff, cast):
    page = staff.get(MEMBERS)
    assert _names(page) == [
        "Abe Awaiting", "Cara Current", "Dev Due", "Eda Ended", "Gia Grace", "Lu Lapsed",
    ]  # fmt: skip
    rows = {text_of(row).split(" ")[0]: text_of(row) for row in find_all(page_tree(page), "tr")}
    assert "Renewal overdue (grace period)" in rows["Gia"]
    assert "31 May 2030" in rows["Gia"]
    assert "Approved, first payment due" in rows["Abe"]
    assert "M-100002" in rows["Dev"] and "Student" in rows["Dev"]


@pytest.mark.parametrize(
    ("standing", "expected"),
    [
        ("current", ["Cara Current", "Dev Due"]),
        ("renewing", ["Dev Due"]),
        ("grace", ["Gia Grace"]),
        ("lapsed", ["Lu Lapsed"]),
        ("awaiting_payment", ["Abe Awaiting"]),
        ("ended", ["Eda Ended"]),
    ],
)
def test_the_list_filters_by_standing(staff, cast, standing, expected):
    assert _names(staff.post(MEMBERS, {"q": "", "standing": standing})) == expected
    # The staff home links to a standing by its address, too.
    assert _names(staff.get(f"{MEMBERS}?standing={standing}")) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cara", ["Cara Current"]),
        ("GRACE", ["Gia Grace"]),
        ("mail.example.org", ["Lu Lapsed"]),
        ("m-100005", ["Abe Awaiting"]),
        ("Apu", []),  # an application is not a member
    ],
)
def test_members_are_found_by_name_address_or_number(staff, cast, typed, expected):
    page = staff.post(MEMBERS, {"q": typed, "standing": ""})
    assert _names(page) == expected
    if not expected:
        assert "No members match." in page.text


def test_the_search_is_sent_in_the_form_not_the_address(staff, cast):
    [form] = [
        form
        for form in find_all(page_tree(staff.get(MEMBERS)), "form")
        if ("aria-label", "Find members") in form.attributes
    ]
    assert ("method", "post") in form.attributes
    # A search typed into an address is not read.
    assert len(_names(staff.get(f"{MEMBERS}?q=cara"))) == 6


def test_fifty_members_a_page_and_the_search_carries_to_the_next(staff):
    fellow = make_type("fellow")
    for n in range(52):
        make_member(fellow, f"Member {n:02d}", f"m{n}@example.net", _days(30))
    make_member(fellow, "Other Person", "other@example.net", _days(30))
    first = staff.post(MEMBERS, {"q": "Member", "standing": "current"})
    assert len(_names(first)) == 50
    assert "52 members, by name." in first.text
    assert "Page 1 of 2" in text_of(page_tree(first))
    second = staff.post(MEMBERS, {"q": "Member", "standing": "current", "page": "2"})
    assert _names(second) == ["Member 50", "Member 51"]


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="members-2030-06-10.csv"'
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_has_the_filtered_members(staff, cast):
    rows = _csv(staff.post(CSV, {"q": "", "standing": "grace"}))
    assert rows == [
        ["name", "email", "member_number", "member_type", "standing", "paid_through"],
        [
            "Gia Grace",
            "gia@example.net",
            "M-100003",
            "Clinical fellow",
            "Renewal overdue (grace period)",
            "2030-05-31",
        ],
    ]
    found = _csv(staff.post(CSV, {"q": "example.net", "standing": ""}))
    assert [row[0] for row in found[1:]] == [
        "Abe Awaiting", "Cara Current", "Dev Due", "Eda Ended", "Gia Grace",
    ]  # fmt: skip


def test_the_csv_opens_formulas_as_text(staff):
    fellow = make_type("fellow", "=Fellow")
    for name, email in [
        ('=HYPERLINK("http://x.example","open")', "a@example.net"),
        ("+1 555 0100", "b@example.net"),
        ("-2+3", "c@example.net"),
        ("@SUM(A1:A2)", "d@example.net"),
        ("Plain Name", "e@example.net"),
    ]:
        make_member(fellow, name, email, _days(5))
    rows = _csv(staff.get(CSV))[1:]
    assert sorted((row[0], row[3]) for row in rows) == [
        ("'+1 555 0100", "'=Fellow"),
        ("'-2+3", "'=Fellow"),
        ('\'=HYPERLINK("http://x.example","open")', "'=Fellow"),
        ("'@SUM(A1:A2)", "'=Fellow"),
        ("Plain Name", "'=Fellow"),
    ]


def test_the_staff_home_counts_applications_renewals_due_and_grace(staff, cast):
    page = staff.get("/institute/staff/")
    [panel] = [
        card
        for card in find_all(page_tree(page), "section", "card")
        if text_of(next(find_all(card, "h2"))) == "Membership"
    ]
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(panel, "a")}
    assert links["1 application waiting for a decision"] == reverse("membership:staff_applications")
    # Dev's renewal is 12 days away; Cara's 100.
    assert links["1 renewal due in the next 30 days"] == f"{MEMBERS}?standing=renewing"
    assert links["1 membership in the grace period"] == f"{MEMBERS}?standing=grace"
