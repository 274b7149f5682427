"""The installable app: manifest, service worker, offline page, and a sign-out that empties the browser.

What the phone does with them is in tests/browser/test_pwa.py.
"""

# ruff: noqa: F811 - the `lan` fixture is imported from test_sign_in_links and taken by name
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse

from quizsite.pwa import views as pwa
from tests.accounts.test_sign_in_links import lan, make_imported, open_link, sheet_links  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_worker():
    # The worker is built once per process; each test's settings build their own.
    pwa._built_worker.cache_clear()
    yield
    pwa._built_worker.cache_clear()


def manifest(client: Client, query: str = "") -> dict:
    response = client.get(reverse("pwa:manifest") + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return json.loads(response.content)


def worker(client: Client) -> str:
    response = client.get(reverse("pwa:service_worker"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_manifest_names_the_app_in_vietnamese_with_a_short_name_a_phone_can_show(client):
    data = manifest(client)

    assert data["name"] == "Thi kỹ năng số — Tổ chuyển đổi số cộng đồng"
    assert data["short_name"] == "Kỹ năng số" and len(data["short_name"]) <= 12
    assert data["lang"] == "vi"
    assert data["display"] == "standalone" and data["scope"] == "/"
    assert resolve(data["start_url"].split("?")[0]).url_name == "home"
    assert (data["theme_color"], data["background_color"]) == ("#0b5cad", "#f6f7f9")


def test_the_manifest_is_in_english_for_a_page_in_english_and_in_vietnamese_for_any_other_language(client):
    english = manifest(client, "?lang=en")
    assert english["name"] == "Digital skills quiz — Community Digital Transformation Team"
    assert english["short_name"] == "Digital quiz" and len(english["short_name"]) <= 12
    assert english["lang"] == "en"
    # One app whatever its language: Chrome tells apps apart by id.
    assert english["id"] == manifest(client)["id"]
    assert manifest(client, "?lang=fr%22%3E")["lang"] == "vi"


def test_the_manifest_gives_android_its_192_and_512_icons_and_a_maskable_one_that_exist(client):
    icons = manifest(client)["icons"]

    by_purpose = {(icon["sizes"], icon["purpose"]) for icon in icons}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= by_purpose
    for icon in icons:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert path, icon["src"]
        from PIL import Image

        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_links_the_manifest_theme_colour_icon_and_worker(client, member_a, signed_in):
    if signed_in:
        client.force_login(member_a)
    for name in ("home", "accounts:profile") if signed_in else ("home", "account_login"):
        html = client.get(reverse(name)).content.decode()
        assert f'<link rel="manifest" href="{reverse("pwa:manifest")}?lang=vi">' in html, name
        assert '<meta name="theme-color" content="#0b5cad">' in html
        assert '<meta name="description" content="Thi kỹ năng số hằng tuần' in html  # Lighthouse asked for it
        assert 'rel="apple-touch-icon" href="/static/pwa/apple-touch-icon.png"' in html
        assert f'src="/static/pwa/pwa.js" defer data-sw="{reverse("pwa:service_worker")}"' in html


def test_a_page_in_english_links_the_english_manifest(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("home")).content.decode()
    assert f'<link rel="manifest" href="{reverse("pwa:manifest")}?lang=en">' in html


def test_the_worker_is_served_at_the_root_as_javascript_and_checked_at_every_visit(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    # On 2G the check costs a 304, not the worker again.
    again = client.get("/sw.js", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_the_worker_never_keeps_a_page_or_anything_but_static_files(client):
    source = worker(client)

    # One place puts into the cache: the static files' two strategies; pages go to the network.
    assert source.count("cache.put(") == 2
    assert "url.pathname.startsWith(STATIC_URL) && !url.search" in source
    assert 'const STATIC_URL = "/static/";' in source
    assert re.search(r"async function page\(event\) \{\s+try \{[^}]*fetch\(event\.request\)", source)
    assert 'const OFFLINE = {"vi": "/offline/vi/", "en": "/offline/en/"};' in source
    assert f"const SIGN_OUT = {json.dumps(reverse('account_logout'))};" in source


def test_a_deploy_that_changes_a_static_file_gets_a_new_cache_and_the_worker_names_the_hashed_files(
    client, settings, tmp_path
):
    """Production's manifest storage: the names carry a hash, and a new hash means a new cache."""
    source = tmp_path / "static"
    shutil.copytree(Path(settings.BASE_DIR) / "static", source)
    versions = []
    for deploy in ("one", "two"):
        (source / "css" / "site.css").write_text(f"/* deploy {deploy} */ body{{margin:0}}")
        settings.STATICFILES_DIRS = [source]
        settings.STATIC_ROOT = tmp_path / f"collected-{deploy}"
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
        }
        call_command("collectstatic", "--noinput", verbosity=0)
        pwa._built_worker.cache_clear()
        text = worker(client)
        versions.append(re.search(r'const VERSION = "([0-9a-f]{12})";', text).group(1))
        precache = json.loads(re.search(r"const PRECACHE = (\[.*\]);", text).group(1))
        assert all(re.search(r"\.[0-9a-f]{12}\.(css|png)$", url) for url in precache), precache
        icons = [icon["src"] for icon in manifest(client)["icons"]]
        assert all(re.search(r"\.[0-9a-f]{12}\.png$", url) for url in icons), icons
    assert versions[0] != versions[1]


@pytest.mark.parametrize(("language", "title"), [("vi", "Không có mạng"), ("en", "No connection")])
def test_the_offline_page_holds_nobody_s_name_menu_or_token_even_fetched_signed_in(client, member_a, language, title):
    client.force_login(member_a)
    response = client.get(reverse("pwa:offline", args=[language]))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html and f"<h1>{title}</h1>" in html
    assert member_a.full_name not in html
    assert "csrfmiddlewaretoken" not in html and "menu" not in html
    assert "csrftoken" not in response.cookies


def test_an_offline_page_in_another_language_is_not_found(client):
    assert client.get("/offline/fr/").status_code == 404


def test_signing_out_tells_the_browser_to_clear_the_sites_caches_and_storage_but_not_its_cookies(client, member_a):
    client.force_login(member_a)

    asked = client.get(reverse("account_logout"))  # the "are you sure" page changes nothing
    assert asked.status_code == 200 and "Clear-Site-Data" not in asked
    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_sign_in_link_that_replaces_someone_on_a_shared_phone_clears_the_last_persons_data(
    client, leader_a, member_a, lan, team_a
):
    token, second = sheet_links(leader_a, team_a)["Lê Thị Lan"], Client()
    client.force_login(member_a)

    replaced = open_link(client, token)
    assert replaced.status_code == 302 and replaced["Clear-Site-Data"] == '"cache", "storage"'

    # Nobody was signed in on this one: nothing to clear.
    fresh = open_link(second, sheet_links(leader_a, team_a)["Lê Thị Lan"])
    assert fresh.status_code == 302 and "Clear-Site-Data" not in fresh
