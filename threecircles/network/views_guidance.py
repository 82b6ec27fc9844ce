"""Guides for supporters: general texts anyone signed in may read, clients included (they may
want to see what their supporters read). No client's record is opened here."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from threecircles.accounts.http import AuthenticatedHttpRequest
from threecircles.accounts.models import Role
from threecircles.network.guidance import GUIDES, find_guide, relationships_of


@login_required
def guide(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every guide, the reader's own (by how they stand to the people they support) first."""
    mine = relationships_of(request.user)
    return render(
        request,
        "network/guidance/index.html",
        {
            "mine": [guide for guide in GUIDES if guide.slug in mine],
            "others": [guide for guide in GUIDES if guide.slug not in mine],
            "is_client": request.user.role == Role.CLIENT,
        },
    )


@login_required
def guide_for(request: AuthenticatedHttpRequest, relationship: str) -> HttpResponse:
    found = find_guide(relationship)
    if found is None:
        raise Http404
    return render(request, found.template, {"guide": found})
