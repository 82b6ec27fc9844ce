"""Error reports (e-mails to ADMINS, DEBUG pages) never carry what people typed: notes,
answers and reasons arrive as POST data."""

from typing import Any

from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter


class NoPostDataFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}
