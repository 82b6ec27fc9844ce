import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from fhir.resources.R4B.questionnaire import Questionnaire

from threecircles.screening.fhir import from_fhir
from threecircles.screening.instruments import get_pack, score


def test_exported_questionnaire_validates_and_reads_back_scoring_the_same(tmp_path):
    target = tmp_path / "phq9.json"
    call_command("fhir_questionnaire", "export", "phq9", output=target, stdout=StringIO())
    data = json.loads(target.read_text())
    Questionnaire.model_validate(data)
    answers = [0, 1, 2, 3, 0, 1, 2, 3, 1]
    assert score(from_fhir(data), answers) == score(get_pack("phq9"), answers)

    out = StringIO()
    call_command("fhir_questionnaire", "read", str(target), stdout=out)
    assert "PHQ-9" in out.getvalue()
    assert "9 items, total 0–27" in out.getvalue()


def test_an_unknown_pack_or_a_broken_file_is_refused_plainly(tmp_path):
    with pytest.raises(CommandError, match="No instrument pack called 'nope'"):
        call_command("fhir_questionnaire", "export", "nope", stdout=StringIO())
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("fhir_questionnaire", "read", str(broken), stdout=StringIO())
