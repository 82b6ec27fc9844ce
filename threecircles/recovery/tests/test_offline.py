"""The offline check-in on the server's side: the manifest and the service worker it serves,
what the pages give their scripts, and a check-in sent from the phone saved once.

The browser's side (the worker, the kept check-in, drafts, the kept safety plan) is in
test_browser_recovery.py.
"""

import json
import uuid
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from threecircles.recovery import actions, daily
from threecircles.recovery.models import CheckIn
from threecircles.tests.html import find_all, page_tree, text_of

SYNC = {"X-Offline-Sync": "1"}


def attrs(element) -> dict[str, str]:
    return {name: str(value) for name, value in element.attributes}


# --- manifest and worker -------------------------------------------------------------------


def test_the_manifest_installs_the_check_in_page_within_the_workers_scope(client):
    response = client.get(reverse("recovery:manifest"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    check_in = reverse("recovery:check_in")
    assert manifest["start_url"] == check_in
    assert manifest["display"] == "standalone"
    worker_folder = reverse("recovery:service_worker").rpartition("/")[0] + "/"
    assert manifest["scope"] == worker_folder
    assert check_in.startswith(manifest["scope"])
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


def test_every_icon_the_manifest_names_is_a_static_file(client):
    manifest = json.loads(client.get(reverse("recovery:manifest")).content)

    for icon in manifest["icons"]:
        path = icon["src"].removeprefix("/static/")
        assert finders.find(path), icon["src"]


def test_the_worker_is_javascript_never_cached_and_lists_the_files_it_keeps(client):
    response = client.get(reverse("recovery:service_worker"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert '"checkIn": "/recovery/check-in/"' in body
    for path in ("/static/js/check-in-offline.js", "/static/css/site.css"):
        assert f'"{path}"' in body


@pytest.mark.parametrize("name", ["recovery:manifest", "recovery:service_worker"])
def test_manifest_and_worker_are_the_same_for_everyone_and_name_no_one(
    client, signed_in, alice, name
):
    anonymous = client.get(reverse(name)).content
    hers = signed_in(alice).get(reverse(name)).content

    assert hers == anonymous
    assert b"Alice" not in hers and alice.email.encode() not in hers


# --- what the pages give their scripts -----------------------------------------------------


def test_the_check_in_page_links_the_manifest_and_its_offline_script(signed_in, alice):
    tree = page_tree(signed_in(alice).get(reverse("recovery:check_in")))

    [manifest] = find_all(tree, "link", attrs={"rel": "manifest"})
    assert attrs(manifest)["href"] == reverse("recovery:manifest")
    sources = [attrs(script)["src"] for script in find_all(tree, "script")]
    assert "/static/js/check-in-offline.js" in sources
    [form] = find_all(tree, "form", attrs={"data-draft": "check-in"})
    assert attrs(form)["data-service-worker"] == reverse("recovery:service_worker")
    # The id is made on the phone, not by the server.
    [device_id] = find_all(form, "input", attrs={"name": "device_id"})
    assert attrs(device_id)["type"] == "hidden"
    assert not attrs(device_id).get("value")


def test_only_the_check_in_page_offers_to_install(signed_in, alice):
    tree = page_tree(signed_in(alice).get(reverse("recovery:today")))

    assert not list(find_all(tree, "link", attrs={"rel": "manifest"}))


def test_the_check_in_page_tags_its_owner_without_naming_them(signed_in, alice, mallory):
    def owner(person) -> str:
        tree = page_tree(signed_in(person).get(reverse("recovery:check_in")))
        [form] = find_all(tree, "form", attrs={"data-draft": "check-in"})
        return attrs(form)["data-owner"]

    hers, again, other = owner(alice), owner(alice), owner(mallory)
    assert hers == again
    assert hers != other
    assert str(alice.pk) != hers and "alice" not in hers.lower()


def test_every_page_loads_the_drafts_and_sign_out_scripts(client):
    tree = page_tree(client.get(reverse("content:crisis")))

    scripts = {attrs(script)["src"]: attrs(script) for script in find_all(tree, "script")}
    assert scripts["/static/js/drafts.js"]["data-sign-in"] == reverse("account_login")
    assert scripts["/static/js/sign-out.js"]["data-sign-out"] == reverse("account_logout")


def test_the_crisis_page_has_a_place_for_a_safety_plan_kept_on_the_phone(client):
    tree = page_tree(client.get(reverse("content:crisis")))

    [place] = find_all(tree, "section", attrs={"data-kept-safety-plan": ""})
    assert text_of(place) == ""  # filled in on the phone, from the phone's own copy
    assert "/static/js/safety-plan-copy.js" in [attrs(s)["src"] for s in find_all(tree, "script")]


def test_the_safety_plan_page_offers_a_copy_only_once_there_is_a_plan(signed_in, alice):
    browser = signed_in(alice)
    before = page_tree(browser.get(reverse("recovery:safety_plan")))
    daily.save_safety_plan(client=alice, sections={"what_helps": ["A walk"]})
    after = page_tree(browser.get(reverse("recovery:safety_plan")))

    assert not list(find_all(before, "section", attrs={"data-keep-copy": ""}))
    [offer] = find_all(after, "section", attrs={"data-keep-copy": ""})
    assert "Keep a copy on this phone" in text_of(offer)
    assert len(list(find_all(after, "section", attrs={"data-keep-section": ""}))) == 6


# --- a check-in sent from the phone --------------------------------------------------------


def kept_check_in(day, device_id) -> dict[str, str]:
    return {
        "day": day.isoformat(),
        "inner_kept": "yes",
        "urge": "3",
        "new_trigger_kind": "other",
        "device_id": str(device_id),
    }


def test_a_check_in_sent_twice_from_the_phone_is_saved_once(signed_in, alice):
    browser: Client = signed_in(alice)
    day = actions.today_for(alice) - timedelta(days=2)
    data = kept_check_in(day, uuid.uuid4())
    url = f"{reverse('recovery:check_in')}?day={day.isoformat()}"

    first = browser.post(url, data, headers=SYNC)
    again = browser.post(url, data, headers=SYNC)

    assert (first.status_code, again.status_code) == (204, 204)
    [saved] = CheckIn.objects.filter(client=alice)
    assert saved.day == day and saved.late
    assert str(saved.device_id) == data["device_id"]


def test_a_check_in_the_server_cannot_take_is_turned_back_for_the_phone_to_keep(signed_in, alice):
    tomorrow = actions.today_for(alice) + timedelta(days=1)

    response = signed_in(alice).post(
        reverse("recovery:check_in"), kept_check_in(tomorrow, uuid.uuid4()), headers=SYNC
    )

    assert response.status_code == 400
    assert response.content == b""  # an answer for the script, not a page
    assert not CheckIn.objects.exists()
