"""The recovery-task workbook: packs read with every problem named at its place, the shipped
pack, a client's work kept sealed, sent, reviewed and read back, licensed wording imported
whole or not at all, and nobody outside the care team let in."""

import copy
import json
import shutil
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.html import parse_html

from conftest import make_user
from threecircles.accounts.models import Role
from threecircles.privacy.models import AccessEvent, Basis
from threecircles.recovery import actions, workbook, workbook_actions
from threecircles.recovery.forms_workbook import ANSWER_MAX, COMMENT_MAX
from threecircles.recovery.models import LicensedWorkbookText, TaskStatus, TaskWork
from threecircles.recovery.workbook import (
    WorkbookPackError,
    apply_licensed_text,
    get_pack,
    load_pack_file,
    parse_pack,
)
from threecircles.tests.html import find_all, page_tree, text_of

INDEX = "/recovery/workbook/"
TASK_1 = "/recovery/workbook/thirty_tasks/task_01/"
TASK_5 = "/recovery/workbook/thirty_tasks/task_05/"


def review_url(client_id: int, task: str = "task_01") -> str:
    return f"/recovery/workbook/clients/{client_id}/thirty_tasks/{task}/"


# --- reading packs ----------------------------------------------------------------------------

VALID: dict[str, Any] = {
    "code": "sample",
    "title": "Sample workbook",
    "version": "1",
    "license": {"id": "own", "text": "Test only.", "ships_item_text": True},
    "citations": [],
    "tasks": [
        {
            "code": "one",
            "number": 1,
            "title": "First",
            "exercises": [
                {"id": "a", "kind": "worksheet", "text": "Write."},
                {"id": "b", "kind": "list", "text": "List.", "entries": 3},
            ],
        },
        {
            "code": "two",
            "number": 2,
            "title": "Second",
            "exercises": [{"id": "c", "kind": "sobriety_statement", "text": "State."}],
        },
    ],
}
DELETE = object()


def changed(path: str, value: object) -> dict[str, Any]:
    """VALID with the value at a dotted path (list indexes as numbers) replaced or deleted."""
    data = copy.deepcopy(VALID)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target: Any = data
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return data


def test_the_sample_pack_is_valid():
    pack = parse_pack(VALID, source="sample.yaml")
    assert [task.code for task in pack.tasks] == ["one", "two"]
    assert [e.entries for e in pack.exercises] == [0, 3, 0]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("code", DELETE, "pack: missing code"),
        ("colour", "blue", r"pack: unknown key colour \(allowed: citations, code,"),
        ("version", 1, r"version: must be non-empty text \(quote numbers"),
        ("code", "Sample-1", "code: 'Sample-1' must be lower-case letters"),
        ("license.ships_item_text", "yes", "license.ships_item_text: 'yes' must be true or false"),
        ("citations", None, "citations: must be a list"),
        ("tasks", [], "tasks: must not be empty"),
        ("tasks.1.code", "one", "tasks: 'one' appears more than once"),
        ("tasks.1.number", 1, r"tasks\[1\].number: 1 must be above 0 and above the task before"),
        ("tasks.0.number", "1", r"tasks\[0\].number: '1' must be a whole number"),
        ("tasks.0.exercises", [], r"tasks\[0\].exercises: must not be empty"),
        ("tasks.1.exercises.0.id", "a", r"exercises \(ids across the pack\): 'a' appears more"),
        ("tasks.0.exercises.0.kind", "essay", r"tasks\[0\].exercises\[0\].kind: 'essay' must be"),
        ("tasks.0.exercises.0.helps", "x", r"tasks\[0\].exercises\[0\]: unknown key helps"),
        ("tasks.0.exercises.0.text", None, r"tasks\[0\].exercises\[0\].text: every exercise ne"),
        ("tasks.0.exercises.0.entries", 3, r"exercises\[0\].entries: only a list offers entries"),
        ("tasks.0.exercises.1.entries", 50, r"exercises\[1\].entries: 50 must be from 2 to 20"),
        ("tasks.1.exercises.0.id", "C", r"tasks\[1\].exercises\[0\].id: 'C' must be lower-case"),
        ("tasks.1.title", "  ", r"tasks\[1\].title: must be non-empty text"),
    ],
)
def test_a_malformed_pack_fails_with_a_message_naming_the_place(path, value, message):
    with pytest.raises(WorkbookPackError, match=message) as caught:
        parse_pack(changed(path, value), source="sample.yaml")
    assert str(caught.value).startswith("sample.yaml: ")


def licensed(data: dict[str, Any]) -> dict[str, Any]:
    """The pack as a licensed one ships: titles and exercise ids, no wording."""
    data = copy.deepcopy(data)
    data["license"] = {"id": "needs-licensed-text", "text": "Licensed.", "ships_item_text": False}
    for task in data["tasks"]:
        for exercise in task["exercises"]:
            exercise["text"] = None
    return data


def test_a_licensed_pack_ships_titles_and_exercise_ids_only():
    pack = parse_pack(licensed(VALID), source="sample.yaml")
    assert not pack.has_text
    assert [task.title for task in pack.tasks] == ["First", "Second"]

    with_help = licensed(VALID)
    with_help["tasks"][0]["exercises"][1]["help"] = "Licensed guidance"
    with pytest.raises(WorkbookPackError, match=r"tasks\[0\].exercises\[1\]: licensed wording"):
        parse_pack(with_help, source="sample.yaml")
    with_intro = licensed(VALID)
    with_intro["tasks"][1]["intro"] = "Licensed introduction"
    with pytest.raises(WorkbookPackError, match=r"tasks\[1\].intro: licensed wording must not"):
        parse_pack(with_intro, source="sample.yaml")


def test_a_pack_file_must_be_named_after_its_code_and_be_yaml(tmp_path):
    path = tmp_path / "other.yaml"
    path.write_text(yaml.safe_dump(VALID), encoding="utf-8")
    with pytest.raises(WorkbookPackError, match=r"other\.yaml: code: 'sample' must match the file"):
        load_pack_file(path)
    path.write_text("code: [unclosed", encoding="utf-8")
    with pytest.raises(WorkbookPackError, match=r"other\.yaml: not valid YAML"):
        load_pack_file(path)


def test_the_shipped_pack_names_the_first_seven_tasks_by_their_published_titles():
    pack = get_pack("thirty_tasks")
    assert [(task.code, task.number, task.title) for task in pack.tasks] == [
        ("task_01", 1, "Break through denial"),
        ("task_02", 2, "Understand the nature of the illness"),
        ("task_03", 3, "Surrender to the process"),
        ("task_04", 4, "Limit damage from behavior"),
        ("task_05", 5, "Establish sobriety"),
        ("task_06", 6, "Ensure physical integrity"),
        ("task_07", 7, "Participate in a culture of support"),
    ]
    assert pack.license.ships_item_text and pack.has_text
    assert {e.kind for e in pack.exercises} == {"worksheet", "list", "sobriety_statement"}
    statements = [e.id for t in pack.tasks for e in t.exercises if e.kind == "sobriety_statement"]
    assert statements == ["t05_sobriety_statement"]


def test_licensed_wording_must_cover_every_exercise_and_nothing_else():
    pack = parse_pack(licensed(VALID), source="sample.yaml")
    with pytest.raises(WorkbookPackError, match="sample: licensed text is missing for b, c"):
        apply_licensed_text(pack, {"a": "Write it."})
    with pytest.raises(WorkbookPackError, match="given for unknown exercises z"):
        apply_licensed_text(pack, {"a": "A", "b": "B", "c": "C", "z": "Z"})
    with pytest.raises(WorkbookPackError, match="licensed text is empty for b"):
        apply_licensed_text(pack, {"a": "A", "b": " ", "c": "C"})
    complete = apply_licensed_text(pack, {"a": "A", "b": "B", "c": "C"})
    assert [e.text for e in complete.exercises] == ["A", "B", "C"]
    assert complete.license == pack.license


# --- the client's work ------------------------------------------------------------------------


def raw_column(work: TaskWork, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM recovery_taskwork WHERE client_id = %s", [work.client_id]
        )
        (value,) = cursor.fetchone()
    return str(value)


def turned_back(page):
    """A page turned back with its errors (400), read like any other."""
    assert page.status_code == 400, page.status_code
    return parse_html(page.content.decode())


def test_the_workbook_lists_each_task_with_where_the_client_is(alice, signed_in):
    browser = signed_in(alice)
    rows = [text_of(tr) for tr in find_all(page_tree(browser.get(INDEX)), "tr")][1:]
    assert len(rows) == 7
    assert rows[0] == "Task 1: Break through denial Not started"

    browser.post(TASK_1, {"t01_costs": "Two jobs.", "save": "1"})
    rows = [text_of(tr) for tr in find_all(page_tree(browser.get(INDEX)), "tr")][1:]
    assert rows[0] == "Task 1: Break through denial In progress"


def test_a_client_fills_in_a_task_and_it_is_stored_sealed(alice, signed_in):
    browser = signed_in(alice)
    page = browser.post(
        TASK_1,
        {
            "t01_what_happened": "Hours online every night.",
            "t01_ways_of_not_seeing-1": "Everyone does it",
            "t01_ways_of_not_seeing-3": "It helps me sleep",
            "save": "1",
        },
    )
    assert (page.status_code, page["Location"]) == (302, TASK_1)
    work = TaskWork.objects.get(client=alice)
    assert work.status == TaskStatus.IN_PROGRESS
    assert work.answers == {
        "t01_what_happened": "Hours online every night.",
        "t01_ways_of_not_seeing": ["Everyone does it", "It helps me sleep"],
    }
    assert "Hours online" in str(work.answers)  # the marker is findable when read through Django
    assert "Hours online" not in raw_column(work, "answers_sealed")
    assert "Everyone does it" not in raw_column(work, "answers_sealed")

    # Come back later: what was written is there to go on with.
    tree = page_tree(browser.get(TASK_1))
    (answer,) = find_all(tree, "textarea", attrs={"name": "t01_what_happened"})
    assert text_of(answer) == "Hours online every night."
    (entry,) = find_all(tree, "input", attrs={"name": "t01_ways_of_not_seeing-2"})
    assert dict(entry.attributes)["value"] == "It helps me sleep"

    saved = AccessEvent.objects.for_client(alice.pk).filter(object_id=str(work.pk))
    assert set(saved.values_list("basis", "what")) == {(Basis.SELF, "recovery workbook")}


def test_a_large_answer_gets_a_clear_message_and_everything_typed_is_kept(alice, signed_in):
    browser = signed_in(alice)
    page = browser.post(
        TASK_1,
        {
            "t01_what_happened": "x" * (ANSWER_MAX + 500),
            "t01_costs": "Sleep and two friendships.",
            "t01_attempts_to_stop-1": "January",
            "save": "1",
        },
    )
    tree = turned_back(page)
    errors = " ".join(text_of(e) for e in find_all(tree, "ul", "errorlist"))
    assert f"This answer is {ANSWER_MAX + 500} characters long" in errors
    assert f"one answer can hold {ANSWER_MAX}" in errors
    (costs,) = find_all(tree, "textarea", attrs={"name": "t01_costs"})
    assert text_of(costs) == "Sleep and two friendships."
    (long_answer,) = find_all(tree, "textarea", attrs={"name": "t01_what_happened"})
    assert len(text_of(long_answer)) == ANSWER_MAX + 500
    assert "maxlength" not in dict(long_answer.attributes)  # the browser cuts nothing short
    (entry,) = find_all(tree, "input", attrs={"name": "t01_attempts_to_stop-1"})
    assert dict(entry.attributes)["value"] == "January"
    assert not TaskWork.objects.filter(client=alice).exists()


def test_the_sobriety_statement_is_written_beside_the_inner_circle(alice, signed_in):
    actions.write_plan(
        client=alice,
        author=alice,
        items={"inner": [{"text": "Paid sex"}], "middle": [], "outer": []},
    )
    tree = page_tree(signed_in(alice).get(TASK_5))
    (card,) = [s for s in find_all(tree, "section", "card") if "Your inner circle" in text_of(s)]
    assert [text_of(li) for li in find_all(card, "li")] == ["Paid sex"]
    assert list(find_all(tree, "textarea", attrs={"name": "t05_sobriety_statement"}))


def send(browser, answers: dict[str, str]) -> Any:
    return browser.post(TASK_1, {**answers, "send": "1"})


@pytest.fixture
def sent_task(alice, signed_in):
    send(signed_in(alice), {"t01_costs": "Alice's own words."})
    return TaskWork.objects.get(client=alice)


def test_sent_reviewed_and_the_client_reads_the_comment(alice, bob, signed_in):
    client = signed_in(alice)
    assert send(client, {"t01_costs": "My marriage, nearly."}).status_code == 302
    work = TaskWork.objects.get(client=alice)
    assert work.status == TaskStatus.SUBMITTED
    assert "Waiting for your clinician" in text_of(page_tree(client.get(INDEX)))

    clinician = signed_in(bob)
    record = page_tree(clinician.get(f"/care/clients/{alice.pk}/"))
    (panel,) = [s for s in find_all(record, "section") if "waiting for review" in text_of(s)]
    (link,) = find_all(panel, "a", attrs={"href": review_url(alice.pk)})
    assert text_of(link) == "Task 1: Break through denial"

    review = page_tree(clinician.get(review_url(alice.pk)))
    assert "My marriage, nearly." in text_of(review)
    page = clinician.post(review_url(alice.pk), {"comment": "Honest work. Let us talk Tuesday."})
    assert (page.status_code, page["Location"]) == (302, f"/recovery/workbook/clients/{alice.pk}/")
    work.refresh_from_db()
    assert (work.status, work.reviewed_by) == (TaskStatus.REVIEWED, bob)
    assert "Honest work" not in raw_column(work, "comment")
    logged = AccessEvent.objects.for_client(alice.pk).filter(actor_id=bob.pk)
    assert logged.filter(what="recovery workbook (reviewed)", basis=Basis.CARE_TEAM).exists()

    task = page_tree(client.get(TASK_1))
    (comment,) = [s for s in find_all(task, "section", "card") if "comment" in text_of(s)]
    assert "Honest work. Let us talk Tuesday." in text_of(comment)
    assert "Bob" in text_of(comment)


def test_changing_work_that_was_sent_takes_it_back_from_the_clinician(alice, bob, signed_in):
    client = signed_in(alice)
    send(client, {"t01_costs": "Money."})
    clinician = signed_in(bob)
    assert clinician.get(review_url(alice.pk)).status_code == 200

    client.post(TASK_1, {"t01_costs": "Money, and more I am not ready to say.", "save": "1"})
    assert TaskWork.objects.get(client=alice).status == TaskStatus.IN_PROGRESS
    assert clinician.get(review_url(alice.pk)).status_code == 404


def test_a_review_written_while_the_client_took_the_task_back_is_not_saved(sent_task, bob):
    stale = TaskWork.objects.get(pk=sent_task.pk)  # as the clinician's page loaded it
    pack = get_pack("thirty_tasks")
    workbook_actions.save_task_answers(
        client=sent_task.client, pack=pack, task=pack.tasks[0], answers={"t01_costs": "More."}
    )
    with pytest.raises(workbook_actions.WorkbookError, match="taken this task back"):
        workbook_actions.review_task(work=stale, clinician=bob, comment="Good")
    sent_task.refresh_from_db()
    assert (sent_task.status, sent_task.comment) == (TaskStatus.IN_PROGRESS, "")


def test_a_draft_is_the_clients_alone(alice, bob, signed_in):
    signed_in(alice).post(TASK_1, {"t01_costs": "Not ready to share.", "save": "1"})
    clinician = signed_in(bob)
    assert clinician.get(review_url(alice.pk)).status_code == 404
    listing = text_of(page_tree(clinician.get(f"/recovery/workbook/clients/{alice.pk}/")))
    assert "Break through denial" not in listing


def test_nothing_written_is_not_sent(alice, signed_in):
    page = send(signed_in(alice), {})
    assert page.status_code == 302
    assert not TaskWork.objects.filter(client=alice).exists()


def test_without_a_care_team_there_is_no_one_to_send_to(db, signed_in):
    nina = make_user("Nina", Role.CLIENT)
    browser = signed_in(nina)
    tree = page_tree(browser.get(TASK_1))
    assert not list(find_all(tree, "button", attrs={"name": "send"}))
    send(browser, {"t01_costs": "Time."})
    work = TaskWork.objects.get(client=nina)
    assert work.status == TaskStatus.IN_PROGRESS  # saved, not sent
    with pytest.raises(workbook_actions.WorkbookError, match="no clinician on your care team"):
        workbook_actions.submit_task(work=work)


@pytest.mark.parametrize("person", ["mallory", "eve", "carol"])
def test_mallory_eve_and_carol_get_404_and_nothing_is_logged(person, sent_task, request, signed_in):
    alice = sent_task.client
    browser = signed_in(request.getfixturevalue(person))
    events = AccessEvent.objects.for_client(alice.pk)
    before = events.count()
    for url in (f"/recovery/workbook/clients/{alice.pk}/", review_url(alice.pk)):
        assert browser.get(url).status_code == 404, url
        assert browser.post(url, {"comment": "Let me in"}).status_code == 404, url
    sent_task.refresh_from_db()
    assert (sent_task.status, sent_task.comment) == (TaskStatus.SUBMITTED, "")
    assert events.count() == before


def test_mallory_opens_her_own_workbook_never_alices(mallory, sent_task, signed_in):
    page = signed_in(mallory).get(TASK_1)
    assert "Alice's own words." not in page.content.decode()
    assert page.status_code == 200


def test_an_unknown_task_is_not_found_and_not_logged(alice, signed_in):
    before = AccessEvent.objects.for_client(alice.pk).count()
    browser = signed_in(alice)
    assert browser.get("/recovery/workbook/thirty_tasks/task_99/").status_code == 404
    assert browser.get("/recovery/workbook/no_such_pack/task_01/").status_code == 404
    assert AccessEvent.objects.for_client(alice.pk).count() == before


# --- licensed wording -------------------------------------------------------------------------


@pytest.fixture
def licensed_pack(tmp_path, monkeypatch):
    """The shipped pack, and a licensed one beside it (titles and exercise ids only)."""
    shutil.copy(workbook.PACKS_DIR / "thirty_tasks.yaml", tmp_path / "thirty_tasks.yaml")
    data = licensed(VALID) | {"code": "licensed_tasks", "title": "A licensed workbook"}
    (tmp_path / "licensed_tasks.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(workbook, "PACKS_DIR", tmp_path)
    return tmp_path


def import_wording(tmp_path, texts: dict[str, str], *options: str) -> None:
    path = tmp_path / "wording.json"
    path.write_text(json.dumps(texts), encoding="utf-8")
    call_command(
        "import_licensed_workbook", "licensed_tasks", str(path), "--license-holder", "Harbor",
        *options,
    )  # fmt: skip


def test_a_practice_imports_licensed_wording_and_its_clients_read_it(
    licensed_pack, alice, mallory, practice, signed_in
):
    titles = [text_of(h) for h in find_all(page_tree(signed_in(alice).get(INDEX)), "h2")]
    assert "A licensed workbook" not in titles  # no wording yet: nothing to show

    import_wording(licensed_pack, {"a": "Licensed A", "b": "Licensed B", "c": "Licensed C"},
                   "--practice", str(practice.pk))  # fmt: skip
    stored = LicensedWorkbookText.objects.get()
    assert (stored.pack, stored.practice, stored.license_holder) == (
        "licensed_tasks",
        practice,
        "Harbor",
    )
    titles = [text_of(h) for h in find_all(page_tree(signed_in(alice).get(INDEX)), "h2")]
    assert "A licensed workbook" in titles
    task = page_tree(signed_in(alice).get("/recovery/workbook/licensed_tasks/one/"))
    labels = [text_of(label) for label in find_all(task, "label")]
    assert labels[0] == "Licensed A:"
    # Mallory's practice holds no license: the pack is not there for her.
    browser = signed_in(mallory)
    assert browser.get("/recovery/workbook/licensed_tasks/one/").status_code == 404


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ({"a": "A", "b": "B"}, "licensed text is missing for c"),
        ({"a": "A", "b": "B", "c": "C", "d": "D"}, "unknown exercises d"),
        ({"a": "A", "b": "", "c": "C"}, "licensed text is empty for b"),
        (["A", "B", "C"], "one JSON object"),
    ],
)
def test_a_failed_import_changes_nothing(licensed_pack, practice, texts, message):
    import_wording(licensed_pack, {"a": "First A", "b": "First B", "c": "First C"})
    before = list(LicensedWorkbookText.objects.values_list("practice", "texts"))
    with pytest.raises(CommandError, match=message):
        import_wording(licensed_pack, texts)
    with pytest.raises(CommandError, match=message):
        import_wording(licensed_pack, texts, "--practice", str(practice.pk))
    assert list(LicensedWorkbookText.objects.values_list("practice", "texts")) == before


def test_a_pack_that_ships_its_wording_takes_no_import(db, tmp_path):
    path = tmp_path / "wording.json"
    path.write_text(json.dumps({"t01_costs": "Other words"}), encoding="utf-8")
    with pytest.raises(CommandError, match="already ships its own wording"):
        call_command(
            "import_licensed_workbook", "thirty_tasks", str(path), "--license-holder", "Harbor"
        )
    with pytest.raises(CommandError, match="No workbook pack called 'nope'"):
        call_command("import_licensed_workbook", "nope", str(path), "--license-holder", "Harbor")
    assert not LicensedWorkbookText.objects.exists()


def test_a_long_comment_is_turned_back_with_the_text_kept(sent_task, bob, signed_in):
    url = review_url(sent_task.client_id)
    page = signed_in(bob).post(url, {"comment": "y" * (COMMENT_MAX + 1)})
    tree = turned_back(page)
    (comment,) = find_all(tree, "textarea", attrs={"name": "comment"})
    assert len(text_of(comment)) == COMMENT_MAX + 1
    assert f"a comment can hold {COMMENT_MAX}" in text_of(tree)
    sent_task.refresh_from_db()
    assert sent_task.status == TaskStatus.SUBMITTED
