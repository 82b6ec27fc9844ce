"""Typed request and role decorators shared by every app's views."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from threecircles.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


ViewFunc = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    """Signed-in people with one of `roles`; everyone else signed in gets 404, not 403."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if getattr(request.user, "role", None) not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
