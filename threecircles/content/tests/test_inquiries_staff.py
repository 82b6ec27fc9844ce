"""Institute staff answer inquiries from an inbox: filters and counts, the message and its
replies, a reply sent by e-mail from the worker, assigning and status. Only staff: everyone
else gets 404. What the public wrote is shown as text, never as markup."""

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.content.models import Inquiry, InquiryReply
from threecircles.tests.html import find_all, page_tree, text_of

INBOX = reverse("content:inquiry_inbox")
HOSTILE = (
    '<script>alert("x")</script> <img src=x onerror="alert(1)"> '
    '<a href="javascript:alert(2)">a link</a> javascript:alert(3)'
)


def _inquiry(subject: str = "Training dates", **fields) -> Inquiry:
    values = {"name": "Jordan Reyes", "email": "jordan@example.org", "subject": subject} | fields
    message = values.pop("message", "When does the next training start? Marker-K4.")
    inquiry = Inquiry(**values)
    inquiry.message = message
    inquiry.save()
    return inquiry


def _detail(inquiry: Inquiry) -> str:
    return reverse("content:inquiry_detail", args=[inquiry.pk])


def _action(name: str, inquiry: Inquiry) -> str:
    return reverse(f"content:inquiry_{name}", args=[inquiry.pk])


def _main(page, status: int = 200):
    [main] = list(find_all(page_tree(page, status), "main"))
    return main


def _subjects(page) -> list[str]:
    return [text_of(th) for th in find_all(_main(page), "th", attrs={"data-label": "Subject"})]


@pytest.fixture
def staff(signed_in, ivy):
    return signed_in(ivy)


@pytest.fixture
def ivan(db):
    return make_user("Ivan", Role.STAFF)


# --- who may open it ------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["alice", "bob", "carol", "mallory", "ada"])
def test_anyone_but_staff_gets_404_and_changes_nothing(db, signed_in, person, request):
    inquiry = _inquiry()
    browser = signed_in(request.getfixturevalue(person))
    assert browser.get(INBOX).status_code == 404
    assert browser.get(_detail(inquiry)).status_code == 404
    posts = {
        "reply": {"text": "Hello"},
        "assign": {"assignee": str(request.getfixturevalue(person).pk)},
        "status": {"status": "closed"},
    }
    for name, data in posts.items():
        assert browser.post(_action(name, inquiry), data).status_code == 404
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.assignee, inquiry.replies.count()) == ("new", None, 0)


def test_a_visitor_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get(INBOX)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- the inbox ------------------------------------------------------------------------------


def test_the_inbox_lists_inquiries_with_counts_and_filters(staff, ivy, ivan):
    _inquiry("New question")
    _inquiry("Interview request", kind="media", organization="The Evening Ledger")
    _inquiry("Mine in progress", status="open", assignee=ivy)
    _inquiry("Ivan's in progress", status="open", assignee=ivan)
    _inquiry("Answered one", status="answered", assignee=ivy)
    _inquiry("Closed one", status="closed")

    page = staff.get(INBOX)
    assert set(_subjects(page)) == {
        "New question", "Interview request", "Mine in progress", "Ivan's in progress",
        "Answered one", "Closed one",
    }  # fmt: skip
    main = _main(page)
    [counts] = list(find_all(main, "ul", "inquiry-counts"))
    assert text_of(counts) == "New (2) In progress (2) Answered (1) Closed (1)"
    assert "Waiting for you: 2 new, 1 in progress assigned to you." in text_of(main)

    assert set(_subjects(staff.get(INBOX, {"status": "open"}))) == {
        "Mine in progress", "Ivan's in progress",
    }  # fmt: skip
    assert _subjects(staff.get(INBOX, {"kind": "media"})) == ["Interview request"]
    assert set(_subjects(staff.get(INBOX, {"mine": "1"}))) == {"Mine in progress", "Answered one"}
    assert _subjects(staff.get(INBOX, {"mine": "1", "status": "open"})) == ["Mine in progress"]
    # An unknown filter shows everything, rather than nothing.
    assert len(_subjects(staff.get(INBOX, {"status": "<b>", "kind": "x"}))) == 6


def test_the_staff_home_shows_what_waits_with_a_link_to_the_inbox(staff, ivy, ivan):
    _inquiry("New question")
    _inquiry("Taken by Ivan", assignee=ivan)
    _inquiry("Mine in progress", status="open", assignee=ivy)
    _inquiry("Ivan's in progress", status="open", assignee=ivan)
    main = _main(staff.get(reverse("staff_home")))
    [panel] = [s for s in find_all(main, "section") if "Inquiries waiting" in text_of(s)]
    assert "1 new, 1 in progress assigned to you." in text_of(panel)
    links = {text_of(a): dict(a.attributes)["href"] for a in find_all(panel, "a")}
    assert links["Open the inquiries inbox"] == INBOX


# --- the inquiry, and what staff do with it -------------------------------------------------


def test_the_detail_shows_the_message_and_the_reply_history(staff, ivy):
    inquiry = _inquiry(message="First line.\nSecond line.")
    reply = InquiryReply(inquiry=inquiry, author=ivy)
    reply.text = "Thank you, the next training starts in March."
    reply.save()
    main = text_of(_main(staff.get(_detail(inquiry))))
    assert "Their message First line. Second line." in main
    assert "Ivy," in main and "Thank you, the next training starts in March." in main
    assert "jordan@example.org" in main


def test_staff_reply_is_kept_sealed_and_sent_by_e_mail_from_the_worker(staff, ivy, run_tasks):
    inquiry = _inquiry()
    text = "Thank you for asking. The next training starts on 3 March. Reply-Z9."
    response = staff.post(_action("reply", inquiry), {"text": text})
    assert (response.status_code, response["Location"]) == (302, _detail(inquiry))

    reply = InquiryReply.objects.get()
    assert (reply.inquiry, reply.author, reply.text) == (inquiry, ivy, text)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text_sealed FROM content_inquiryreply WHERE id = %s", [reply.pk])
        raw = cursor.fetchone()[0]
    assert raw and "Reply-Z9" not in raw
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.assignee) == ("answered", ivy)

    # Nothing leaves before the worker runs, and the queue holds the reply's id, not its text.
    assert mail.outbox == []
    assert "Reply-Z9" not in str(list(DBTaskResult.objects.values_list("args_kwargs", flat=True)))
    run_tasks()
    [sent] = mail.outbox
    assert sent.to == ["jordan@example.org"]
    assert sent.subject == "Re: Training dates"
    assert text in sent.body
    assert "Hello Jordan Reyes," in sent.body
    assert "Marker-K4" not in sent.body  # their own message is not copied back

    page = text_of(_main(staff.get(_detail(inquiry))))
    assert "Your reply is on its way to jordan@example.org." in page
    assert text in page


def test_a_subject_with_line_breaks_becomes_one_line_in_the_e_mail(staff, run_tasks):
    inquiry = _inquiry("Training\r\nBcc: someone@example.org")
    assert staff.post(_action("reply", inquiry), {"text": "Hello."}).status_code == 302
    run_tasks()
    [sent] = mail.outbox
    assert sent.subject == "Re: Training Bcc: someone@example.org"
    assert sent.bcc == [] and sent.to == ["jordan@example.org"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Please write your reply before sending it."),
        ("b" * 5001, "Please shorten your reply to 5,000 characters or fewer (it has 5001)."),
    ],
)
def test_a_refused_reply_keeps_what_was_typed(staff, text, error):
    inquiry = _inquiry()
    response = staff.post(_action("reply", inquiry), {"text": text})
    main = _main(response, 400)
    assert error in text_of(main)
    [area] = list(find_all(main, "textarea", attrs={"name": "text"}))
    assert text_of(area) == text
    assert not InquiryReply.objects.exists()
    inquiry.refresh_from_db()
    assert inquiry.status == "new"


def test_staff_assign_an_inquiry_to_a_colleague_to_themselves_and_to_nobody(staff, ivy, ivan):
    inquiry = _inquiry()
    assert staff.post(_action("assign", inquiry), {"assignee": str(ivan.pk)}).status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.assignee, inquiry.status) == (ivan, "open")
    assert "This inquiry is assigned to Ivan." in text_of(_main(staff.get(_detail(inquiry))))

    assert staff.post(_action("assign", inquiry), {"assignee": str(ivy.pk)}).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.assignee == ivy
    assert _subjects(staff.get(INBOX, {"mine": "1"})) == ["Training dates"]

    assert staff.post(_action("assign", inquiry), {"assignee": "nobody"}).status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.assignee, inquiry.status) == (None, "open")


def test_only_staff_can_be_assigned(staff, alice):
    inquiry = _inquiry()
    response = staff.post(_action("assign", inquiry), {"assignee": str(alice.pk)})
    main = _main(response, 400)
    assert "Please choose a member of staff from the list." in text_of(main)
    options = [text_of(o) for o in find_all(main, "option") if text_of(o) == "Alice"]
    assert options == []
    inquiry.refresh_from_db()
    assert inquiry.assignee is None


def test_staff_move_an_inquiry_through_its_statuses(staff):
    inquiry = _inquiry()
    for status, label in [("open", "In progress"), ("answered", "Answered"), ("closed", "Closed")]:
        response = staff.post(_action("status", inquiry), {"status": status})
        assert response.status_code == 302
        inquiry.refresh_from_db()
        assert inquiry.status == status
        assert f"Status changed to “{label}”." in text_of(_main(staff.get(_detail(inquiry))))


def test_an_unknown_status_is_refused_and_nothing_changes(staff):
    inquiry = _inquiry()
    response = staff.post(_action("status", inquiry), {"status": "deleted"})
    assert "Please choose a status from the list." in text_of(_main(response, 400))
    inquiry.refresh_from_db()
    assert inquiry.status == "new"


def test_a_missing_inquiry_is_404_for_staff(staff):
    assert staff.get(reverse("content:inquiry_detail", args=[424242])).status_code == 404
    assert (
        staff.post(reverse("content:inquiry_reply", args=[424242]), {"text": "x"}).status_code
        == 404
    )


# --- hostile input --------------------------------------------------------------------------


def _elements(root):
    for child in root.children:
        if not isinstance(child, str):
            yield child
            yield from _elements(child)


def _assert_safe(main) -> None:
    for node in _elements(main):
        attributes = dict(node.attributes)
        assert node.name not in ("script", "img"), node
        assert not any(name.startswith("on") for name in attributes), node
        assert not str(attributes.get("href", "")).strip().lower().startswith("javascript:"), node


def test_script_tags_event_handlers_and_javascript_links_are_shown_as_text(staff, ivy):
    inquiry = _inquiry(HOSTILE, name=HOSTILE[:120], organization=HOSTILE[:160], message=HOSTILE)
    reply = InquiryReply(inquiry=inquiry, author=ivy)
    reply.text = HOSTILE
    reply.save()
    for page in (staff.get(INBOX), staff.get(_detail(inquiry))):
        main = _main(page)
        _assert_safe(main)
        # Shown, as the words they are.
        assert '<script>alert("x")</script>' in text_of(main)
    detail = text_of(_main(staff.get(_detail(inquiry))))
    assert '<a href="javascript:alert(2)">a link</a>' in detail
