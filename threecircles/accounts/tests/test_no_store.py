"""Every URL the resolver knows (ours, allauth's under /accounts/, the admin's under
/django-admin/) answers a signed-in person with Cache-Control: no-store, whatever the status:
a shared computer must not show the page again after sign-out, from the cache or with Back.
A public page for an anonymous visitor is not marked so: it may be cached.

Each URL is opened by a freshly signed-in person, so a URL that signs them out (a sign-out
page) cannot make the ones after it anonymous.
"""

import itertools
import uuid

import pytest
from django.urls import NoReverseMatch, reverse

from threecircles.tests.matrix import Route, all_routes

# Keywords a plain value cannot fill: the admin's per-app index takes an app's label.
NAMED_FILLS = {"app_label": "accounts"}


def _fill(route: Route, an_id: int) -> dict[str, object] | None:
    """The route's keywords filled with one plausible value (an id, a uuid, a token), or None
    if none fits."""
    candidates: list[object] = [an_id, uuid.uuid4(), "x"]
    # Each keyword on its own: a route may take an id and a uuid together.
    for values in itertools.product(candidates, repeat=len(route.kwargs)):
        kwargs = {
            keyword: NAMED_FILLS.get(keyword, value)
            for keyword, value in zip(route.kwargs, values, strict=True)
        }
        try:
            reverse(str(route.name), kwargs=kwargs)
        except NoReverseMatch:
            continue
        return kwargs
    return None


def signed_in_urls(an_id: int) -> list[str]:
    """One URL for each route: as is, or with its keywords filled (unnamed ones skipped)."""
    urls = []
    for route in all_routes():
        if route.name is None:
            if not route.kwargs:
                urls.append("/" + route.route)
            continue
        kwargs = _fill(route, an_id)
        assert kwargs is not None, f"no plausible value fills {route.name} ({route.route})"
        urls.append(reverse(route.name, kwargs=kwargs))
    return sorted(set(urls))


def test_the_list_covers_ours_allauths_and_the_admins_urls(alice):
    urls = signed_in_urls(alice.pk)
    assert len(urls) > 40
    assert "/" in urls
    assert "/accounts/login/" in urls
    assert "/django-admin/" in urls
    assert f"/care/clients/{alice.pk}/" in urls
    assert "/screening/alerts/" in " ".join(urls)


@pytest.mark.parametrize("who", ["alice", "bob", "ada"])
def test_every_url_answers_a_signed_in_person_with_no_store(request, who, alice, signed_in):
    person = request.getfixturevalue(who)
    kept = []
    checked = 0
    for url in signed_in_urls(alice.pk):
        response = signed_in(person).get(url)
        checked += 1
        if "no-store" not in response.get("Cache-Control", ""):
            kept.append(f"{url} ({response.status_code}): {response.get('Cache-Control')!r}")
    assert checked > 40
    assert kept == [], f"may be cached for {who}"


def test_the_public_home_page_may_be_cached_for_a_visitor(client, db):
    page = client.get(reverse("content:public_home"))
    assert page.status_code == 200
    assert "no-store" not in page.get("Cache-Control", "")
