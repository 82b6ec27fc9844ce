from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from threecircles.privacy.keys import keys_cached_for_request


class RequestKeyCacheMiddleware:
    """Unwrap each client's data key at most once per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with keys_cached_for_request():
            return self.get_response(request)
