from django.test import RequestFactory
from django.views.debug import ExceptionReporter


def test_error_reports_never_show_what_was_typed(settings):
    request = RequestFactory().post("/care/clients/1/", {"text": "a very private note"})
    try:
        raise ValueError("boom")
    except ValueError as exc:
        report = ExceptionReporter(request, type(exc), exc, exc.__traceback__).get_traceback_text()
    assert "a very private note" not in report
    assert "boom" in report
