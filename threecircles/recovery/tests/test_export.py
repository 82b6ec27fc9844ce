"""Alice takes her recovery data with her, erases it, or asks to close her account."""

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.test.html import parse_html

from threecircles.accounts.models import User
from threecircles.care.actions import add_note
from threecircles.care.models import Note
from threecircles.lib import crypto
from threecircles.privacy.fields import associated_data
from threecircles.privacy.keys import data_key_for
from threecircles.privacy.models import AccessEvent, Action, DataKey, Erasure, KeyDomain
from threecircles.privacy.tests.sealed_records import encrypted_cells, every_encrypted_value
from threecircles.recovery import actions, daily, erasure, export
from threecircles.recovery.models import CheckIn, RecoverySettings, TaskWork
from threecircles.recovery.tests.sealed import seal
from threecircles.tests.html import find_all, page_tree, text_of

PAGE = "/me/export/"
JSON = "/me/export.json"
PDF = "/me/export.pdf"
ERASE = "/me/export/erase/"
CLOSE = "/me/export/close-account/"
TABLES = sorted(export.TABLES)
DOWNLOADS = [JSON, PDF, *(f"/me/export/{name}.csv" for name in TABLES)]
TOP_LEVEL = {
    "format",
    "exported_at",
    "settings",
    "plan",
    "check_ins",
    "slips",
    "triggers",
    "environment",
    "workbook",
    "journal",
    "safety_plan",
}
# Words a file name must not carry: it sits in a downloads folder anyone may see.
TELLING_WORDS = ("alice", "sex", "addict", "recovery", "slip", "relapse", "trigger", "journal")
NOW = datetime(2025, 3, 10, 20, 0, tzinfo=UTC)
TODAY = date(2025, 3, 10)


@pytest.fixture(autouse=True)
def _a_fixed_evening() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def alices_recovery(alice: User) -> None:
    """A bit of everything, entered the way her pages enter it."""
    actions.save_settings(
        client=alice,
        time_zone="Europe/Berlin",
        sobriety_date=date(2025, 1, 2),
        reminder_time=time(21, 30),
        country="DE",
    )
    plan = actions.write_plan(
        client=alice,
        author=alice,
        items={
            "inner": [{"text": "Paid sex", "note": "Since the first session"}],
            "middle": [{"text": "Staying up alone after midnight", "note": ""}],
            "outer": [{"text": "Evening walk", "note": "With the dog"}],
        },
    )
    assert plan is not None
    actions.sign_plan(version=plan, client=alice)
    items = plan.items
    actions.save_check_in(
        client=alice,
        day=TODAY - timedelta(days=2),
        answers={"inner_kept": True, "urge": 2},
        note="Filled in later",
    )
    actions.save_check_in(
        client=alice,
        day=TODAY,
        answers={
            "inner_kept": True,
            "middle": [items["middle"][0]["id"]],
            "outer": [items["outer"][0]["id"]],
            "urge": 6,
            "halt": ["lonely", "tired"],
            "mood": 3,
            "sleep": 6.5,
        },
        note="Called Carol instead",
        new_trigger=("places", "Hotel rooms"),
    )
    slip = actions.report_slip(client=alice, day=TODAY - timedelta(days=1))
    actions.save_slip_review(
        slip=slip,
        answers={"triggered_by": "A long day alone", "change": "Call before midnight"},
        proposals=[{"kind": "environment", "text": "Phone out of the bedroom"}],
        thoughts_of_harm=False,
        complete=True,
    )
    slip.refresh_from_db()
    actions.decide_proposal(slip=slip, proposal_id=slip.proposals[0]["id"], accept=True)
    actions.set_slip_sharing(slip=slip, tell_care_team=True, supporters=[])
    daily.add_trigger(client=alice, name="Sunday evenings", kind="times")
    daily.add_high_risk_time(
        client=alice,
        label="Late weekend nights",
        weekdays=["4", "5"],
        starts_at=time(22),
        ends_at=time(23, 30),
        remind=True,
    )
    daily.write_journal(client=alice, title="Monday", body="A hard day, but I called Carol.")
    daily.save_safety_plan(
        client=alice, sections={"what_helps": ["A walk"], "people_to_ask": ["Carol"]}
    )
    work = TaskWork(client=alice, pack="thirty_tasks", task="task_1", status="in_progress")
    work.answers = {"denial_list": "I told myself it was only once."}
    work.save()


@pytest.fixture
def alice_browser(signed_in: Any, alice: User) -> Client:
    browser: Client = signed_in(alice)
    return browser


def _json(browser: Client) -> dict[str, Any]:
    response = browser.get(JSON)
    assert response.status_code == 200
    document: dict[str, Any] = json.loads(response.content)
    return document


def _table(browser: Client, name: str) -> list[dict[str, str]]:
    response = browser.get(f"/me/export/{name}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


# --- the JSON document ----------------------------------------------------------------------


def test_the_document_has_exactly_the_documented_top_level_keys(alice_browser, alice):
    alices_recovery(alice)
    document = _json(alice_browser)
    assert set(document) == TOP_LEVEL
    assert document["format"] == export.FORMAT
    assert set(document["plan"]) >= {"inner", "middle", "outer", "version", "signed_at"}
    docs = (Path(__file__).parents[3] / "docs" / "export.md").read_text()
    for key in TOP_LEVEL:
        assert f"| `{key}` |" in docs, f"docs/export.md does not describe `{key}`"


def test_the_document_gives_back_what_alice_entered_in_her_own_words(alice_browser, alice):
    alices_recovery(alice)
    document = _json(alice_browser)

    assert document["exported_at"] == "2025-03-10T21:00:00+01:00"  # her own time zone
    assert document["settings"] == {
        "time_zone": "Europe/Berlin",
        "country": "DE",
        "sobriety_date": "2025-01-02",
        "reminder_time": "21:30",
    }
    plan = document["plan"]
    assert plan["inner"] == [{"text": "Paid sex", "note": "Since the first session"}]
    assert plan["middle"] == [{"text": "Staying up alone after midnight", "note": ""}]
    assert plan["outer"] == [{"text": "Evening walk", "note": "With the dog"}]
    assert (plan["version"], plan["signed_at"]) == (1, "2025-03-10T21:00:00+01:00")
    assert plan["history"][0]["changes"][0] == "Added to the inner circle: Paid sex"

    late, today = document["check_ins"]
    assert (late["day"], late["late"], late["note"]) == ("2025-03-08", True, "Filled in later")
    assert today == {
        "day": "2025-03-10",
        "late": False,
        "inner_circle_kept": True,
        "middle": ["Staying up alone after midnight"],
        "outer": ["Evening walk"],
        "urge": 6,
        "triggers": ["Hotel rooms"],
        "halt": ["lonely", "tired"],
        "mood": 3,
        "sleep": 6.5,
        "note": "Called Carol instead",
    }

    (slip,) = document["slips"]
    assert slip["day"] == "2025-03-09"
    assert slip["review"]["triggered_by"] == "A long day alone"
    assert slip["review"]["change"] == "Call before midnight"
    assert slip["review"]["acting_out"] == ""
    assert slip["proposals"] == [
        {"kind": "environment", "text": "Phone out of the bedroom", "decision": "accepted"}
    ]
    assert slip["told"] == {"care_team": True, "supporters": []}
    assert slip["thoughts_of_harm"] is False

    assert [(t["name"], t["kind"]) for t in document["triggers"]] == [
        ("Hotel rooms", "places"),
        ("Sunday evenings", "times"),
    ]
    (change,) = document["environment"]["changes"]
    assert (change["text"], change["status"], change["from_slip_on"]) == (
        "Phone out of the bedroom",
        "planned",
        "2025-03-09",
    )
    (window,) = document["environment"]["high_risk_times"]
    assert window == {
        "label": "Late weekend nights",
        "weekdays": ["Friday", "Saturday"],
        "starts_at": "22:00",
        "ends_at": "23:30",
        "remind": True,
    }
    (work,) = document["workbook"]
    assert (work["pack"], work["task"], work["status"]) == ("thirty_tasks", "task_1", "in_progress")
    assert work["answers"] == {"denial_list": "I told myself it was only once."}
    (entry,) = document["journal"]
    assert (entry["title"], entry["body"]) == ("Monday", "A hard day, but I called Carol.")
    assert entry["shared_with_care_team_at"] is None
    assert document["safety_plan"]["what_helps"] == ["A walk"]
    assert document["safety_plan"]["people_to_ask"] == ["Carol"]
    assert document["safety_plan"]["warning_signs"] == []


def test_a_client_with_nothing_yet_gets_an_empty_document_of_the_same_shape(alice_browser):
    document = _json(alice_browser)
    assert set(document) == TOP_LEVEL
    assert document["plan"]["version"] is None
    assert document["plan"]["inner"] == []
    assert document["check_ins"] == document["slips"] == document["journal"] == []
    assert document["safety_plan"]["updated_at"] is None


# --- tables and the printed summary ---------------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
def test_each_table_parses_with_its_header(alice_browser, alice, name):
    alices_recovery(alice)
    response = alice_browser.get(f"/me/export/{name}.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == export.TABLES[name].header
    assert len(rows) > 1
    assert all(len(row) == len(rows[0]) for row in rows)


def test_the_tables_hold_her_words(alice_browser, alice):
    alices_recovery(alice)
    days = _table(alice_browser, "check_ins")
    assert days[-1]["middle"] == "Staying up alone after midnight"
    assert days[-1]["halt"] == "lonely; tired"
    (slip,) = _table(alice_browser, "slips")
    assert slip["triggered_by"] == "A long day alone"
    assert slip["proposals"] == "environment: Phone out of the bedroom (accepted)"
    kinds = [row["type"] for row in _table(alice_browser, "environment")]
    assert kinds == ["change", "high-risk time"]
    (entry,) = _table(alice_browser, "journal")
    assert entry["body"] == "A hard day, but I called Carol."


def test_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(alice_browser, alice):
    daily.write_journal(client=alice, title='=HYPERLINK("http://x")', body="-20 minutes")
    (entry,) = _table(alice_browser, "journal")
    assert entry["title"] == '\'=HYPERLINK("http://x")'
    assert entry["body"] == "'-20 minutes"
    # The JSON keeps the exact words.
    assert _json(alice_browser)["journal"][0]["title"] == '=HYPERLINK("http://x")'


def test_the_summary_is_a_pdf(alice_browser, alice):
    alices_recovery(alice)
    response = alice_browser.get(PDF)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_summary_holds_her_progress_plan_safety_plan_and_recent_check_ins(
    alice_browser, alice, monkeypatch
):
    alices_recovery(alice)
    printed: list[str] = []

    class Printer:
        def __init__(self, *, string: str) -> None:
            printed.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-"

    monkeypatch.setattr("weasyprint.HTML", Printer)
    alice_browser.get(PDF)
    (html,) = printed
    text = text_of(parse_html(html))
    for shown in (
        "sober days in total",
        "Paid sex",
        "Evening walk With the dog",
        "A walk",
        "Carol",
        "Called Carol instead",
        "(filled in later)",
    ):
        assert shown in text, shown


def test_an_unknown_table_is_not_found_and_not_logged(alice_browser, alice):
    before = AccessEvent.objects.for_client(alice.pk).count()
    assert alice_browser.get("/me/export/notes.csv").status_code == 404
    assert AccessEvent.objects.for_client(alice.pk).count() == before


@pytest.mark.parametrize("url", DOWNLOADS)
def test_each_download_is_an_attachment_with_a_neutral_name_and_is_logged_as_an_export(
    alice_browser, alice, url
):
    exports = AccessEvent.objects.for_client(alice.pk).filter(action=Action.EXPORT)
    before = exports.count()
    response = alice_browser.get(url)
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="my-data')
    assert not any(word in disposition.lower() for word in TELLING_WORDS), disposition
    assert exports.count() == before + 1
    event = exports.order_by("seq").last()
    assert (event.actor_id, event.basis) == (alice.pk, "self")


def test_mallorys_export_holds_none_of_alices_data(signed_in, alice, mallory):
    alices_recovery(alice)
    mine = "Mallory's own line"
    daily.write_journal(client=mallory, title="", body=mine)
    browser = signed_in(mallory)
    document = _json(browser)
    assert [entry["body"] for entry in document["journal"]] == [mine]
    assert document["check_ins"] == document["slips"] == document["triggers"] == []
    files = json.dumps(document) + "".join(
        browser.get(f"/me/export/{name}.csv").content.decode() for name in TABLES
    )
    for alices in ("Paid sex", "Hotel rooms", "A long day alone", "called Carol", "Alice"):
        assert alices not in files
    assert not AccessEvent.objects.for_client(alice.pk).filter(actor_id=mallory.pk).exists()


# --- the page -------------------------------------------------------------------------------


def test_alices_tools_link_to_the_page(alice_browser):
    links = find_all(page_tree(alice_browser.get("/recovery/")), "a", attrs={"href": PAGE})
    assert [text_of(a) for a in links] == ["Download or erase my data"]


def test_the_page_offers_every_download_and_says_plainly_what_is_not_erased(alice_browser, alice):
    alices_recovery(alice)
    tree = page_tree(alice_browser.get(PAGE))
    items = {text_of(li) for li in find_all(tree, "li")}
    assert {"2 check-ins", "1 slip", "1 journal entry", "Your safety plan"} <= items
    hrefs = {dict(a.attributes).get("href") for a in find_all(tree, "a")}
    assert set(DOWNLOADS) <= hrefs
    (notice,) = find_all(tree, "p", css_class="notice")
    assert "not erased here" in text_of(notice)
    assert "session notes, questionnaires" in text_of(notice)
    assert "not yours to erase" in text_of(notice)


# --- erasure --------------------------------------------------------------------------------


def _own_record_models() -> list[Any]:
    """Every recovery model that holds a client's own records (their settings aside)."""
    return [
        model
        for model in apps.get_app_config("recovery").get_models()
        if "client" in {f.name for f in model._meta.fields} and model is not RecoverySettings
    ]


def _recovery_rows(client: User) -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.filter(client=client).count()
        for model in _own_record_models()
    }


def test_erasure_covers_every_recovery_model_that_holds_a_clients_records():
    assert set(erasure.CLIENT_RECORDS) == set(_own_record_models())
    assert len(erasure.CLIENT_RECORDS) >= 9


def _sealed_cells(client: User) -> list[tuple[str, bytes]]:
    """(associated data, ciphertext) of every recovery value of the client's, as a backup
    would hold them."""
    cells = []
    for _, row, name in encrypted_cells(client.pk):
        if row._meta.app_label == "recovery":
            cells.append((associated_data(row, name).decode(), bytes(row.__dict__[name])))
    return cells


def test_erasing_shreds_every_sealed_recovery_value_of_hers_and_nothing_else(
    alice_browser, alice, bob, practice, mallory, eve, other_practice
):
    seal(client=alice, clinician=bob, practice=practice, text=lambda kind: f"Alice's {kind}")
    seal(client=mallory, clinician=eve, practice=other_practice, text=lambda kind: f"M's {kind}")
    note = add_note(client=alice, author=bob, text="Alice's session note")
    backup = _sealed_cells(alice)
    assert len(backup) >= len(erasure.CLIENT_RECORDS)  # one of every kind, at least
    assert any(rows for rows in _recovery_rows(alice).values())
    mallorys = every_encrypted_value(mallory.pk)

    response = alice_browser.post(ERASE, {"confirm": "erase"})

    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert response["Clear-Site-Data"] == '"cache", "storage"'  # this browser's copies too
    assert set(_recovery_rows(alice).values()) == {0}
    with pytest.raises(crypto.KeyDestroyed):
        data_key_for(alice.pk, domain=KeyDomain.RECOVERY)
    assert Erasure.objects.filter(client_id=alice.pk, domain=KeyDomain.RECOVERY).exists()
    event = AccessEvent.objects.for_client(alice.pk).order_by("seq").last()
    assert (event.action, event.actor_id, event.what) == (Action.ERASE, alice.pk, erasure.ERASED)
    # Her clinical record is the practice's: it still opens.
    assert Note.objects.get(pk=note.pk).text == "Alice's session note"
    assert DataKey.objects.filter(client_id=alice.pk, domain=KeyDomain.RECORD).exists()
    assert every_encrypted_value(mallory.pk) == mallorys

    # She starts afresh under a new key; nothing of the old ciphertext opens under it.
    actions.save_check_in(client=alice, day=TODAY, answers={"inner_kept": True}, note="Day one")
    new_key = data_key_for(alice.pk, domain=KeyDomain.RECOVERY)
    for associated, ciphertext in backup:
        with pytest.raises(crypto.DecryptionError):
            crypto.open_sealed(new_key, ciphertext, associated.encode())


def test_after_erasing_she_can_check_in_again_and_keeps_her_time_zone(alice_browser, alice):
    alices_recovery(alice)
    alice_browser.post(ERASE, {"confirm": " Erase "})
    page = alice_browser.get(PAGE)
    assert "Your recovery data is erased" in page.content.decode()

    response = alice_browser.post(
        "/recovery/check-in/",
        {
            "day": TODAY.isoformat(),
            "inner_kept": "yes",
            "urge": "1",
            "new_trigger_kind": "other",
            "note": "Starting again",
        },
    )

    assert response.status_code == 302
    (check_in,) = CheckIn.objects.for_client(alice.pk)
    assert CheckIn.objects.get(pk=check_in.pk).note == "Starting again"
    kept = RecoverySettings.objects.get(client=alice)
    assert (kept.time_zone, kept.sobriety_date) == ("Europe/Berlin", None)
    document = _json(alice_browser)
    assert [c["note"] for c in document["check_ins"]] == ["Starting again"]
    assert document["plan"]["version"] is None


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "This field is required."),
        ("yes", "Type “erase” to erase, or leave this page: nothing was erased."),
        ("erase everything", "Type “erase” to erase, or leave this page: nothing was erased."),
    ],
)
def test_without_the_typed_word_nothing_is_erased_and_the_page_says_why(
    alice_browser, alice, typed, error
):
    alices_recovery(alice)
    before = _recovery_rows(alice)

    response = alice_browser.post(ERASE, {"confirm": typed})

    assert response.status_code == 400
    assert "Clear-Site-Data" not in response
    tree = parse_html(response.content.decode())
    assert [text_of(e) for e in find_all(tree, "ul", css_class="errorlist")] == [error]
    (field,) = find_all(tree, "input", attrs={"name": "confirm"})
    assert dict(field.attributes).get("value", "") == typed  # what was typed is kept
    assert _recovery_rows(alice) == before
    assert not Erasure.objects.filter(client_id=alice.pk).exists()
    assert _json(alice_browser)["journal"][0]["body"] == "A hard day, but I called Carol."


# --- asking to close the account ------------------------------------------------------------


def test_asking_to_close_the_account_is_logged_and_the_administrators_are_told_no_name(
    alice_browser, alice, ada, run_tasks
):
    response = alice_browser.post(CLOSE)

    assert response.status_code == 302
    assert response["Location"] == PAGE
    event = AccessEvent.objects.for_client(alice.pk).order_by("seq").last()
    assert (event.actor_id, event.what, event.basis) == (alice.pk, erasure.CLOSE_REQUEST, "self")
    run_tasks()
    (message,) = mail.outbox
    assert message.to == [ada.email]
    everything = f"{message.subject}\n{message.body}".lower()
    assert "close" in everything
    for telling in ("alice", alice.email.lower(), "recovery", "sex", str(alice.pk)):
        assert telling not in everything


def test_asking_twice_in_a_day_tells_the_administrators_once(alice_browser, alice, ada, run_tasks):
    alice_browser.post(CLOSE)
    alice_browser.post(CLOSE)
    run_tasks()
    assert len(mail.outbox) == 1
    asked = AccessEvent.objects.for_client(alice.pk).filter(what=erasure.CLOSE_REQUEST)
    assert asked.count() == 2
    assert "You asked on 10 March 2025" in alice_browser.get(PAGE).content.decode()


def test_the_administrators_see_who_asked_on_the_server(alice_browser, alice, mallory, ada):
    alice_browser.post(CLOSE)
    out = io.StringIO()
    call_command("close_requests", stdout=out)
    assert out.getvalue().split() == ["2025-03-10", "20:00", alice.email]
