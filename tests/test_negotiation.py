"""restwell.negotiation and restwell.utils.mediatypes (case C25, negotiation part)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.http import Http404
from django.urls import path

from restwell import exceptions
from restwell.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from restwell.parsers import FormParser, JSONParser, MultiPartParser
from restwell.renderers import BaseRenderer, JSONRenderer
from restwell.request import Request
from restwell.response import Response
from restwell.test import APIRequestFactory
from restwell.utils import mediatypes
from restwell.utils.mediatypes import (
    _MediaType,
    media_type_matches,
    order_by_precedence,
    order_parsed_by_precedence,
)
from restwell.views import APIView

pytestmark = pytest.mark.urls(__name__)
factory = APIRequestFactory()


class NegJSON(BaseRenderer):
    media_type = "application/json"
    format = "json"


class NegHTML(BaseRenderer):
    media_type = "text/html"
    format = "html"


class NegVersioned(BaseRenderer):
    media_type = "application/vnd.x+json;version=2.0"
    format = "x"


RENDERERS = [NegJSON(), NegHTML(), NegVersioned()]


def _select(accept: str | None = None, query: str = "", suffix: str | None = None):
    extra = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(factory.get("/" + query, **extra))
    return DefaultContentNegotiation().select_renderer(request, RENDERERS, suffix)


# -- mediatypes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lhs", "rhs", "expected"),
    [
        ("application/json", "application/json", True),
        ("application/json", "application/*", True),
        ("application/json", "*/*", True),
        ("application/json", "text/html", False),
        ("application/json; indent=4", "application/json", False),
        ("application/json", "application/json; indent=4", True),
        ("application/json; q=0.5", "application/json", True),
        ("*/*", "text/plain", True),
        ("", "application/json", False),
        (None, "application/json", False),
    ],
)
def test_media_type_matches(lhs, rhs, expected) -> None:
    assert media_type_matches(lhs, rhs) is expected


@pytest.mark.parametrize(
    ("media_type", "precedence"),
    [("*/*", 0), ("text/*", 1), ("text/html", 2), ("text/html; q=0.3", 2), ("a/b; x=1", 3)],
)
def test_precedence(media_type: str, precedence: int) -> None:
    assert _MediaType(media_type).precedence == precedence


def test_order_by_precedence() -> None:
    assert order_by_precedence(["*/*", "a/b", "a/*", "a/b;x=1", "c/d"]) == [
        {"a/b;x=1"},
        {"a/b", "c/d"},
        {"a/*"},
        {"*/*"},
    ]
    parsed = [_MediaType("*/*"), _MediaType("a/b")]
    assert order_parsed_by_precedence(parsed) == [{parsed[1]}, {parsed[0]}]


def test_media_type_str_and_equality() -> None:
    assert str(_MediaType("test/*; foo=bar")) == "test/*; foo=bar"
    assert _MediaType("a/b") == _MediaType("a/b")
    assert hash(_MediaType("a/b")) == hash(_MediaType("a/b"))
    assert _MediaType("a/b") != _MediaType("a/b; x=1")


def test_overlong_media_type_matches_nothing() -> None:
    with mock.patch.object(mediatypes, "parse_header_parameters", side_effect=ValueError):
        media_type = _MediaType("application/json")
    assert (media_type.full_type, media_type.params) == ("", {})


# -- select_renderer -----------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "renderer", "media_type"),
    [
        (None, NegJSON, "application/json"),
        ("*/*", NegJSON, "application/json"),
        ("*/*;q=0.8", NegJSON, "application/json;q=0.8"),
        ("text/*", NegHTML, "text/html"),
        ("text/html", NegHTML, "text/html"),
        ("application/json; indent=8", NegJSON, "application/json; indent=8"),
        ("text/html, application/json; indent=2", NegJSON, "application/json; indent=2"),
        ("application/vnd.x+json;version=2.0", NegVersioned, "application/vnd.x+json;version=2.0"),
    ],
)
def test_select_renderer(accept, renderer, media_type) -> None:
    selected, accepted = _select(accept)
    assert type(selected) is renderer
    assert accepted == media_type


@pytest.mark.parametrize(
    "accept", ["application/xml", "application", "foo", ";;;", "x" * 9000, "\x00/\x01"]
)
def test_unsatisfiable_or_malformed_accept_is_406(accept: str) -> None:
    with pytest.raises(exceptions.NotAcceptable) as excinfo:
        _select(accept)
    assert excinfo.value.detail == "Could not satisfy the request Accept header."
    assert excinfo.value.available_renderers == RENDERERS


def test_format_query_and_suffix() -> None:
    assert type(_select(None, "?format=html")[0]) is NegHTML
    with pytest.raises(exceptions.NotAcceptable):  # the format filters, Accept still applies
        _select("application/json", "?format=html")
    assert type(_select(None, suffix="html")[0]) is NegHTML
    with pytest.raises(Http404):
        _select(None, "?format=yaml")


def test_accept_limits() -> None:
    negotiator = DefaultContentNegotiation()
    request = Request(factory.get("/", HTTP_ACCEPT=", ".join(["a/b"] * 100)))
    assert len(negotiator.get_accept_list(request)) == negotiator.max_accept_tokens
    token = "text/html; p=" + "x" * 300
    request = Request(factory.get("/", HTTP_ACCEPT=token + ", application/json"))
    assert negotiator.get_accept_list(request) == ["application/json"]


def test_accept_header_parsed_once_per_request() -> None:
    token = "application/json; indent=8"
    request = Request(factory.get("/", HTTP_ACCEPT=token))
    with mock.patch.object(
        mediatypes, "parse_header_parameters", wraps=mediatypes.parse_header_parameters
    ) as parse:
        _ = DefaultContentNegotiation().select_renderer(request, RENDERERS)
        _ = DefaultContentNegotiation().select_renderer(request, RENDERERS)
    assert parse.call_args_list.count(mock.call(token)) == 1


# -- select_parser -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "parser"),
    [
        ("application/json", JSONParser),
        ("application/json; charset=utf-8", JSONParser),
        ("application/x-www-form-urlencoded", FormParser),
        ("multipart/form-data; boundary=x", MultiPartParser),
        ("text/plain", None),
        ("application/json" + " " * 300, None),
    ],
)
def test_select_parser(content_type: str, parser) -> None:
    request = Request(factory.post("/", b"", content_type=content_type))
    parsers = [JSONParser(), FormParser(), MultiPartParser()]
    selected = DefaultContentNegotiation().select_parser(request, parsers)
    assert (type(selected) if selected else None) is parser


def test_base_negotiation_is_abstract() -> None:
    with pytest.raises(NotImplementedError):
        BaseContentNegotiation().select_parser(None, None)
    with pytest.raises(NotImplementedError):
        BaseContentNegotiation().select_renderer(None, None)


# -- through a JSON-only view, on both stacks (C25) ------------------------------


class NegotiationJSONOnly(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    renderer_classes = [JSONRenderer]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("json-only/", NegotiationJSONOnly.as_view())]


@pytest.mark.parametrize("accept", ["application/xml", "application"])
def test_view_406(api_client, accept: str) -> None:
    response = api_client.get("/json-only/", headers={"accept": accept})
    assert response.status_code == 406
    assert response.json() == {"detail": "Could not satisfy the request Accept header."}


def test_view_unknown_format_is_404(api_client) -> None:
    response = api_client.get("/json-only/?format=yaml")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_view_indent_capped(api_client) -> None:
    response = api_client.get("/json-only/", headers={"accept": "application/json; indent=100"})
    assert response.status_code == 200
    assert response.content == b'{\n        "ok": true\n}'
