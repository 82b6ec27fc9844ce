"""`manage.py score CODE --answers ...` prints the result as JSON, or fails saying why."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_scoring_phq9_prints_the_result_as_json(capsys):
    call_command("score", "phq9", "--answers", "3,3,2,2,1,1,0,0,1")
    printed = json.loads(capsys.readouterr().out)
    assert printed == {
        "instrument": "phq9",
        "total": 13,
        "band": "Moderate depression",
        "subscales": {},
        "flags": [
            {
                "code": "safety",
                "label": "Thoughts of being better off dead or of self-harm reported (item 9); "
                "review today",
                "category": "self_harm",
            },
            {
                "code": "major_depression_screen",
                "label": "Score of 10 or more; assess for major depression "
                "(sensitivity 88%, specificity 88%)",
                "category": "cutoff",
            },
        ],
    }


def test_empty_entries_are_unanswered_items(capsys):
    call_command("score", "auditc", "--answers", "0,,")
    assert json.loads(capsys.readouterr().out)["total"] == 0


def test_subscales_are_printed(capsys):
    call_command("score", "icd11_6c72", "--answers", "1,1,1,0,0,1,1,0,1")
    assert json.loads(capsys.readouterr().out)["subscales"] == {"manifestations": 2}


@pytest.mark.parametrize(
    ("code", "answers", "message"),
    [
        ("phq9", "0,1,2", "has 9 items, but 3 answers were given"),
        ("phq9", "0,0,0,0,0,0,0,0,4", r"item 9 \(phq9_9\): 4 is not an answer it offers"),
        ("phq9", "0,0,0,0,0,0,0,0,", r"item 9 \(phq9_9\) is unanswered"),
        ("gad7", "0,1,x,1,1,1,1", r"Answer 3 \('x'\) is not a whole number"),
        ("phq10", "0", "No instrument pack called 'phq10'"),
    ],
)
def test_bad_input_fails_with_a_clear_message_and_prints_nothing(capsys, code, answers, message):
    with pytest.raises(CommandError, match=message):
        call_command("score", code, "--answers", answers)
    assert capsys.readouterr().out == ""
