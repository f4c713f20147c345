"""The browsable API as a person sees it, in headless Chromium.

A small API (a router, a ``ModelViewSet`` with page-number pagination and
session login) is served by pytest-django's ``live_server``; Chromium loads its
pages, submits forms, follows links and reports console errors, dialogs and
Content-Security-Policy violations. See ``conftest.py`` for the browser set-up.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import include, path
from django.utils.safestring import mark_safe

from restwell import pagination, serializers, viewsets
from restwell.authentication import SessionAuthentication
from restwell.permissions import AllowAny, IsAuthenticatedOrReadOnly
from restwell.renderers import BrowsableAPIRenderer, JSONRenderer
from restwell.response import Response
from restwell.routers import DefaultRouter
from restwell.views import APIView

pytestmark = [pytest.mark.urls(__name__)]

# Builds a DOM element only if the page lets markup through; the handler
# would also open a dialog if it ever ran.
PROBE = '<img id="xss-probe" src="x" onerror="alert(1)">'
SCRIPT_PROBE = "<script>window.__xss = 1; alert(1)</script>"


class BrowserItem(models.Model):
    title = models.CharField(max_length=200)
    done = models.BooleanField(default=False)

    class Meta:
        app_label = "tests"
        ordering = ["id"]


class BrowserItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = BrowserItem
        fields = ["id", "title", "done"]


class BrowserPages(pagination.PageNumberPagination):
    page_size = 2


class BrowserItemViewSet(viewsets.ModelViewSet):
    """Things to do, two to a page."""

    queryset = BrowserItem.objects.all()
    serializer_class = BrowserItemSerializer
    pagination_class = BrowserPages
    renderer_classes = [BrowsableAPIRenderer, JSONRenderer]
    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]


class BrowserPrivateViewSet(BrowserItemViewSet):
    """The same items, writable only when logged in."""

    permission_classes = [IsAuthenticatedOrReadOnly]


class BrowserEchoHeader(APIView):
    """Copies ``?name=`` into a response header (C27)."""

    renderer_classes = [BrowsableAPIRenderer, JSONRenderer]
    permission_classes = [AllowAny]

    def get(self, request: Any) -> Response:
        return Response({"ok": True}, headers={"X-Name": request.query_params.get("name", "")})


class BrowserInjectingRenderer(BrowsableAPIRenderer):
    """Simulates a faulty customisation that lets an inline script into the page."""

    def get_description(self, view: Any, status_code: int) -> str:
        return mark_safe('<script id="injected">document.title = "injected";</script>')


class BrowserInjected(APIView):
    renderer_classes = [BrowserInjectingRenderer]
    permission_classes = [AllowAny]

    def get(self, request: Any) -> Response:
        return Response({"ok": True})


router = DefaultRouter()
router.register("items", BrowserItemViewSet, basename="browseritem")
router.register("private", BrowserPrivateViewSet, basename="browserprivate")
urlpatterns = [
    path("", include(router.urls)),
    path("echo-header/", BrowserEchoHeader.as_view()),
    path("injected/", BrowserInjected.as_view()),
    path("api-auth/", include("restwell.urls")),
]


def response_panel(tab: Any) -> str:
    return tab.inner_text(".rw-response-info")


def assert_inert(tab: Any, log: Any) -> None:
    """No markup from the payload became an element, and no script ran."""
    assert tab.query_selector("#xss-probe") is None
    assert tab.evaluate("window.__xss") is None
    assert log.dialogs == []


def test_list_page_loads_with_its_assets_and_no_console_errors(page, live_server) -> None:
    tab, log = page
    BrowserItem.objects.create(title="Water the plants")
    response = tab.goto(live_server.url + "/items/")
    assert response.status == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    tab.wait_for_load_state("networkidle")
    assert tab.title() == "Browser Item List – restwell"
    assert tab.inner_text("h1") == "Browser Item List"
    assert "Things to do, two to a page." in tab.inner_text(".rw-description")
    assert "HTTP 200 OK" in response_panel(tab)
    assert '"title": "Water the plants"' in response_panel(tab)
    # The stylesheet was applied and the script loaded from our own static files.
    assert tab.evaluate("document.styleSheets.length") == 1
    assert tab.evaluate("getComputedStyle(document.body).margin") == "0px"
    assert tab.evaluate("!!document.querySelector('script[src$=\"restwell/js/restwell.js\"]')")
    assert log.errors() == []
    assert log.dialogs == []


def test_html_post_form_creates_an_item(page, live_server) -> None:
    tab, log = page
    tab.goto(live_server.url + "/items/")
    form = tab.locator("form.rw-form[method=POST]:not([data-raw])")
    form.locator("input[name=title]").fill("Buy milk")
    form.locator("input[name=done]").check()
    with tab.expect_navigation():
        form.locator("button", has_text="POST").click()
    panel = response_panel(tab)
    assert "HTTP 201 Created" in panel
    assert '"title": "Buy milk"' in panel
    assert '"done": true' in panel
    assert list(BrowserItem.objects.values_list("title", "done")) == [("Buy milk", True)]
    assert log.errors() == []


def test_html_post_form_shows_validation_errors(page, live_server) -> None:
    tab, log = page
    tab.goto(live_server.url + "/items/")
    form = tab.locator("form.rw-form[method=POST]:not([data-raw])")
    with tab.expect_navigation():
        form.locator("button", has_text="POST").click()
    assert "HTTP 400 Bad Request" in response_panel(tab)
    assert '"title": [\n        "This field may not be blank."' in response_panel(tab)
    assert BrowserItem.objects.count() == 0
    # The document itself answered 400; nothing else went wrong.
    assert [e for e in log.errors() if "status of 400" not in e] == []


def test_raw_data_put_form_updates_through_the_script(page, live_server) -> None:
    tab, log = page
    item = BrowserItem.objects.create(title="Old")
    tab.goto(live_server.url + "/items/%d/" % item.pk)
    tab.click("#put-generic-content-form > summary")
    raw = tab.locator("#put-generic-content-form form")
    raw.locator("textarea").fill('{"title": "New", "done": true}')
    raw.locator("button", has_text="PUT").click()
    # The GET already showed "HTTP 200 OK": wait for the PUT's answer itself.
    # (A selector wait, not wait_for_function: the page's CSP forbids eval.)
    tab.locator(".rw-response-info", has_text='"title": "New"').wait_for()
    item.refresh_from_db()
    assert (item.title, item.done) == ("New", True)
    assert '"title": "New"' in response_panel(tab)
    assert log.errors() == []


def test_pagination_links_are_followed(page, live_server) -> None:
    tab, log = page
    for n in range(1, 6):
        BrowserItem.objects.create(title="Item %d" % n)
    tab.goto(live_server.url + "/items/")
    assert '"count": 5' in response_panel(tab)
    assert "Item 1" in response_panel(tab) and "Item 3" not in response_panel(tab)
    with tab.expect_navigation():
        tab.click(".rw-pagination-wrap a[rel=next]")
    assert tab.url == live_server.url + "/items/?page=2"
    assert "Item 3" in response_panel(tab) and "Item 4" in response_panel(tab)
    assert tab.inner_text(".rw-pages li.active") == "2"
    with tab.expect_navigation():
        tab.locator(".rw-pages a", has_text="3").click()
    assert tab.url == live_server.url + "/items/?page=3"
    assert "Item 5" in response_panel(tab)
    assert tab.locator(".rw-pages a[rel=next]").count() == 0
    with tab.expect_navigation():
        tab.click(".rw-pagination-wrap a[rel=prev]")
    assert tab.url == live_server.url + "/items/?page=2"
    assert log.errors() == []


def test_xss_in_response_data_is_inert(page, live_server) -> None:
    tab, log = page
    BrowserItem.objects.create(title=PROBE)
    BrowserItem.objects.create(title=SCRIPT_PROBE)
    tab.goto(live_server.url + "/items/")
    tab.wait_for_load_state("networkidle")
    assert_inert(tab, log)
    panel = response_panel(tab)
    assert '<img id=\\"xss-probe\\" src=\\"x\\" onerror=\\"alert(1)\\">' in panel
    assert "<script>window.__xss = 1; alert(1)</script>" in panel
    assert log.errors() == []


def test_xss_in_url_path_is_inert(page, live_server) -> None:
    tab, log = page
    tab.goto(live_server.url + "/items/" + quote(PROBE, safe="") + "/?q=" + quote(SCRIPT_PROBE))
    tab.wait_for_load_state("networkidle")
    assert "HTTP 404 Not Found" in response_panel(tab)
    assert_inert(tab, log)
    assert tab.query_selector("script:not([src]):not([type='application/json'])") is None
    assert [e for e in log.errors() if "status of 404" not in e] == []


def test_xss_in_username_is_inert(page, live_server) -> None:
    tab, log = page
    user = get_user_model().objects.create_user(username=PROBE, password="pw")
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    tab.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    tab.goto(live_server.url + "/private/")
    tab.wait_for_load_state("networkidle")
    assert_inert(tab, log)
    assert tab.inner_text(".rw-user summary") == PROBE
    # Logged in, so the write forms are offered.
    assert tab.locator("form.rw-form[method=POST]").count() == 2
    assert log.errors() == []


def test_xss_in_response_header_is_inert(page, live_server) -> None:
    tab, log = page
    tab.goto(live_server.url + "/echo-header/?name=" + quote(PROBE + "x" * 300))
    tab.wait_for_load_state("networkidle")
    assert_inert(tab, log)
    assert PROBE in tab.inner_text(".rw-response-info")
    assert log.errors() == []


def test_csp_blocks_an_injected_inline_script(page, live_server) -> None:
    tab, log = page
    tab.goto(live_server.url + "/injected/")
    tab.wait_for_load_state("networkidle")
    # The script element is in the page, but the policy kept it from running.
    assert tab.query_selector("script#injected") is not None
    assert tab.title() != "injected"
    violations = [e for e in log.errors() if "Content Security Policy" in e]
    assert len(violations) == 1
    assert re.search(r"inline script", violations[0])
    assert "script-src 'self'" in violations[0]


def test_logged_out_user_sees_the_login_link_and_no_write_forms(page, live_server) -> None:
    tab, log = page
    tab.goto(live_server.url + "/private/")
    login = tab.locator(".rw-userlinks a", has_text="Log in")
    assert login.get_attribute("href") == "/api-auth/login/?next=/private/"
    assert tab.locator("form.rw-form[method=POST]").count() == 0
    assert log.errors() == []
