"""Answers, not only scores: a result page shows each question with its answer in words.

Alice answers; Bob, her clinician, reads the result page with every item, its answer, the
subscale it belongs to and the flags it raised. Alice's own page says "Your answers"; Bob's
says "Answers". Instruments without a meaningful total say so instead of printing one, and a
licensed instrument whose wording is not imported shows a placeholder, never made-up text.
"""

import pytest
from django.test import Client
from django.test.html import Element
from django.urls import reverse

from threecircles.accounts.models import Practice, User
from threecircles.screening import actions
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import Administration, LicensedText
from threecircles.tests.html import find_all, page_tree, text_of


def answered(client: User, code: str, sent_by: User, **given: int) -> Administration:
    """Send `code` and complete it: every item at its lowest option except those named."""
    pack = get_pack(code)
    if pack.requires_consent and not actions.consent_on_record(client):
        consent = actions.send_instrument(
            client=client, instrument=actions.CONSENT, sent_by=sent_by
        )
        items = get_pack(actions.CONSENT).items
        actions.complete_administration(
            administration=consent, answers=[1] * len(items), actor=client
        )
    administration = actions.send_instrument(client=client, instrument=code, sent_by=sent_by)
    assert not set(given) - {item.id for item in pack.items}
    answers: list[int | None] = [given.get(item.id, min(item.scores)) for item in pack.items]
    actions.complete_administration(administration=administration, answers=answers, actor=client)
    return administration


def result_page(browser: Client, administration: Administration) -> Element:
    url = reverse("screening:result", kwargs={"administration_id": administration.pk})
    return page_tree(browser.get(url))


def rows(page: Element) -> list[tuple[str, str, str]]:
    """(number, question, answer) of every answer row, in order."""
    found = []
    for table in find_all(page, "table", "responsive"):
        for row in find_all(table, "tr"):
            cells = [text_of(cell) for cell in find_all(row, "td")]
            if cells:
                found.append((cells[0], cells[1], cells[2]))
    return found


def headings(page: Element) -> list[str]:
    return [text_of(h) for h in find_all(page, "h2")]


def captions(page: Element) -> list[str]:
    return [text_of(c) for c in find_all(page, "caption")]


def terms(page: Element) -> dict[str, str]:
    """The result's <dl>: Completed, Total, Band."""
    [summary] = find_all(page, "dl")
    names = [text_of(dt) for dt in find_all(summary, "dt")]
    return dict(zip(names, [text_of(dd) for dd in find_all(summary, "dd")], strict=True))


PHQ9_LABELS = ["Not at all", "Several days", "More than half the days", "Nearly every day"]


@pytest.fixture
def phq9(alice: User, bob: User) -> Administration:
    scores = [0, 1, 2, 3, 0, 1, 2, 3, 1]
    given = {f"phq9_{n}": score for n, score in enumerate(scores, start=1)}
    return answered(alice, "phq9", bob, **given)


def test_the_clinician_reads_every_phq9_item_with_its_answer_in_words(phq9, bob, signed_in):
    page = result_page(signed_in(bob), phq9)
    pack = get_pack("phq9")

    shown = rows(page)
    assert [(number, question) for number, question, _ in shown] == [
        (str(n), item.text) for n, item in enumerate(pack.items, start=1)
    ]
    assert [answer for *_, answer in shown[:8]] == [
        PHQ9_LABELS[score] for score in (0, 1, 2, 3, 0, 1, 2, 3)
    ]
    assert shown[8][2] == (
        "Several days Flagged Thoughts of being better off dead or of self-harm reported "
        "(item 9); review today"
    )
    assert not any("Flagged" in answer for *_, answer in shown[:8])
    # The total, band and flags are still there, above the answers.
    assert terms(page)["Total"] == "13 (range 0–27)"
    assert terms(page)["Band"] == "Moderate depression"


def test_only_the_clients_own_page_says_your_answers(phq9, alice, bob, signed_in):
    clients = result_page(signed_in(alice), phq9)
    clinicians = result_page(signed_in(bob), phq9)

    assert "Your answers" in headings(clients)
    assert "Answers" in headings(clinicians)
    assert "Your answers" not in text_of(clinicians)
    assert [text_of(th) for th in find_all(clients, "th")][-1] == "Your answer"
    # The same questions and answers, in her words; the clinical flag stays on Bob's page.
    assert [row[:2] for row in rows(clients)] == [row[:2] for row in rows(clinicians)]
    assert rows(clients)[8][2] == "Several days"
    assert "Flagged" not in text_of(clients)


def test_the_behavior_inventory_shows_answers_in_words_and_no_raw_codes(alice, bob, signed_in):
    inventory = answered(
        alice,
        "behavior_inventory",
        bob,
        anonymous_sex_frequency=3,
        anonymous_sex_duration=2,
        anonymous_sex_consequences=3,
    )
    page = result_page(signed_in(bob), inventory)
    everything = text_of(page)

    for code in ("anonymous_sex", "pornography:", "consequences:"):
        assert code not in everything
    assert terms(page)["Total"].startswith("Not scored")
    assert "range" not in terms(page)["Total"]
    assert "Anonymous sex: 8" in [text_of(li) for li in find_all(page, "li")]
    # Each behaviour's three questions under its name, answered in words.
    assert captions(page)[:2] == ["Pornography and compulsive masturbation", "Anonymous sex"]
    frequency, duration, consequences = rows(page)[3:6]
    assert frequency[1].startswith("In the past 12 months, how often did you have sex with")
    assert frequency[2] == "About once a week"
    assert duration[2] == "6 to 12 months"
    assert consequences[2] == ("A lot Flagged Anonymous sex has affected the person's life a lot")
    assert "Also counts toward: Consequences across behaviours (mean, 0–3)" in consequences[1]
    assert rows(page)[0][2] == "Not at all"


def test_the_safety_and_legal_screen_shows_no_meaningless_total(alice, bob, signed_in):
    screen = answered(alice, "offending_screen", bob, exhibitionism=1)
    page = result_page(signed_in(bob), screen)

    assert terms(page)["Total"] == (
        "Not scored: this questionnaire has no total to compare; read the answers below."
    )
    assert "range 0–11" not in text_of(page)
    answers = {question: answer for _, question, answer in rows(page)}
    exposure = next(q for q in answers if q.startswith("Have you ever exposed your genitals"))
    assert answers.pop(exposure) == "Yes Flagged Exposure without agreement reported"
    assert set(answers.values()) == {"No"}


def test_the_icd11_checklist_groups_the_manifestations_and_prints_no_total(alice, bob, signed_in):
    checklist = actions.send_instrument(
        client=alice, instrument="icd11_6c72", sent_by=bob, in_session=True
    )
    actions.complete_administration(
        administration=checklist, answers=[1, 1, 0, 1, 0, 1, 1, 0, 1], actor=bob
    )
    page = result_page(signed_in(bob), checklist)

    assert terms(page)["Total"].startswith("Not scored")
    assert captions(page) == ["Manifestations present (0–4; at least one is required)"]
    assert [number for number, *_ in rows(page)] == [str(n) for n in range(1, 10)]
    # Every requirement marked as met is part of the raised "criteria" flag.
    assert rows(page)[0][2].startswith("Yes Flagged Every ICD-11 6C72 requirement is marked")
    assert rows(page)[7][2].startswith("No Flagged")


@pytest.fixture
def csbd19(alice: User, bob: User, practice: Practice, sam: User) -> Administration:
    """A CSBD-19 answered while Harbor held the licensed wording."""
    actions.import_licensed_text(
        instrument="csbd19",
        texts={
            item.id: f"Licensed CSBD wording {n}"
            for n, item in enumerate(get_pack("csbd19").items, start=1)
        },
        practice=practice,
        license_holder="Harbor Counseling",
        imported_by=sam,
    )
    return answered(alice, "csbd19", bob, csbd19_1=3, csbd19_2=4)


def test_a_licensed_instrument_shows_its_imported_wording(csbd19, bob, signed_in):
    shown = rows(result_page(signed_in(bob), csbd19))

    assert shown[0][1:] == ("Licensed CSBD wording 1", "Agree")
    assert shown[1][1:] == ("Licensed CSBD wording 2", "Totally agree")


def test_without_imported_text_a_licensed_item_shows_a_placeholder_not_wording(
    csbd19, alice, bob, signed_in
):
    LicensedText.objects.all().delete()  # e.g. the licence was not renewed
    for person in (bob, alice):
        page = result_page(signed_in(person), csbd19)
        shown = rows(page)
        assert [question for _, question, _ in shown] == [
            f"Item {n} (text not licensed here)" for n in range(1, 20)
        ]
        assert shown[0][2] == "3 — Agree"
        assert shown[1][2] == "4 — Totally agree"
        assert shown[2][2] == "1 — Totally disagree"
        assert "Licensed CSBD wording" not in text_of(page)


def test_another_clinician_and_an_outsider_cannot_read_the_answers(phq9, eve, mallory, signed_in):
    url = reverse("screening:result", kwargs={"administration_id": phq9.pk})
    for person in (eve, mallory):
        assert signed_in(person).get(url).status_code == 404
