from __future__ import annotations

import pickle

import pytest

from restwell.renderers import JSONRenderer
from restwell.response import Response
from restwell.test import APIRequestFactory
from restwell.views import APIView


def render(response, renderer=None):
    renderer = renderer or JSONRenderer()
    response.accepted_renderer = renderer
    response.accepted_media_type = renderer.media_type
    response.renderer_context = {}
    response.render()
    return response


def test_renders_data_with_the_accepted_renderer():
    response = render(Response({"a": 1}, status=201, headers={"X-Thing": "1"}))
    assert response.status_code == 201
    assert response.content == b'{"a":1}'
    assert response["Content-Type"] == "application/json"
    assert response["X-Thing"] == "1"
    assert response.status_text == "Created"


def test_no_content_drops_content_type():
    response = render(Response(status=204))
    assert response.content == b""
    assert "Content-Type" not in response


def test_explicit_content_type_wins():
    response = render(Response({"a": 1}, content_type="application/vnd.api+json"))
    assert response["Content-Type"] == "application/vnd.api+json"


def test_charset_is_appended_when_the_renderer_has_one():
    class Latin1(JSONRenderer):
        charset = "iso-8859-1"

        def render(self, data, accepted_media_type=None, renderer_context=None):
            return "é"

    response = render(Response({}), Latin1())
    assert response["Content-Type"] == "application/json; charset=iso-8859-1"
    assert response.content == "é".encode("iso-8859-1")


def test_unrendered_response_explains_what_is_missing():
    with pytest.raises(RuntimeError, match=".accepted_renderer not set on Response"):
        Response({}).render()


def test_passing_a_serializer_instead_of_its_data_is_refused():
    from restwell import serializers

    class S(serializers.Serializer):
        pass

    with pytest.raises(TypeError, match="You passed a Serializer instance as data"):
        Response(S())


def test_pickle_drops_renderer_and_request():
    class View(APIView):
        authentication_classes = []

        def get(self, request):
            return Response({"a": 1})

    response = View.as_view()(APIRequestFactory().get("/", HTTP_ACCEPT="application/json"))
    response.render()
    clone = pickle.loads(pickle.dumps(response))
    assert clone.content == b'{"a":1}'
    assert not hasattr(clone, "accepted_renderer")


def test_subscriptable():
    assert Response["x"] is Response


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_unrenderable_data_is_a_generic_json_500(mode, settings):
    """C23: with JSON_NONFINITE_FLOATS="error" a NaN never produces invalid JSON."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient, Client
    from django.urls import path

    class NaNView(APIView):
        authentication_classes = []

        def get(self, request):
            return Response({"x": float("nan")})

    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("nan/", NaNView.as_view())]})
    settings.RESTWELL = {"JSON_NONFINITE_FLOATS": "error"}
    if mode == "sync":
        response = Client(raise_request_exception=False).get("/nan/", headers={"Accept": "application/json"})
    else:
        response = async_to_sync(AsyncClient(raise_request_exception=False).get)(
            "/nan/", headers={"Accept": "application/json"}
        )
    assert response.status_code == 500
    assert response.content == b'{"detail":"A server error occurred."}'


@pytest.mark.django_db
def test_nan_renders_null_by_default(client, settings):
    """C23: the default renders a non-finite float as null."""
    from django.urls import path

    class NaNView(APIView):
        authentication_classes = []

        def get(self, request):
            return Response({"x": float("nan"), "s": "é\u2028"})

    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("nan/", NaNView.as_view())]})
    response = client.get("/nan/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.content == '{"x":null,"s":"é\\u2028"}'.encode()


@pytest.mark.parametrize(
    ("name", "value", "stored"),
    [
        ("Allow", "GET, HEAD, OPTIONS", "GET, HEAD, OPTIONS"),
        ("Vary", "Accept", "Accept"),
        # Django MIME-encodes a value that latin-1 cannot hold; the cached
        # entry must be that encoded value, not the raw text.
        ("X-Name", "Łódź", "=?utf-8?b?xYHDs2TFug==?="),
    ],
)
def test_set_header_stores_what_django_stores_first_and_second_time(name, value, stored):
    from django.http import HttpResponse

    from restwell.response import set_header

    for _ in range(2):  # the second call takes the remembered entry
        response = HttpResponse()
        set_header(response, name, value)
        assert response[name] == stored
        assert response.headers._store[name.lower()] == (name, stored)


def test_set_header_refuses_a_newline_every_time():
    from django.http import BadHeaderError, HttpResponse

    from restwell.response import set_header

    for _ in range(2):
        with pytest.raises(BadHeaderError):
            set_header(HttpResponse(), "X-Bad", "a\nb")


def test_set_header_respects_an_overridden_setitem():
    from django.http import HttpResponse

    from restwell.response import set_header

    class Upper(HttpResponse):
        def __setitem__(self, header, value):
            super().__setitem__(header, value.upper())

    response = Upper()
    set_header(response, "Vary", "accept")
    assert response["Vary"] == "ACCEPT"


class _Between:
    """A class after Response in the MRO: Response then runs Django's constructors."""


class _ThroughDjango(Response, _Between):
    pass


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"status": 201, "headers": {"X-Extra": "1"}}, {"status": "204", "content_type": "text/plain"}],
)
def test_constructor_sets_what_djangos_constructors_set(kwargs):
    fast = Response({"a": 1}, **kwargs)
    slow = _ThroughDjango({"a": 1}, **kwargs)
    fast_attrs, slow_attrs = dict(vars(fast)), dict(vars(slow))
    assert fast_attrs.pop("headers")._store == slow_attrs.pop("headers")._store
    fast_cookies, slow_cookies = fast_attrs.pop("cookies"), slow_attrs.pop("cookies")
    assert type(fast_cookies) is type(slow_cookies) and dict(fast_cookies) == dict(slow_cookies) == {}
    assert fast_attrs == slow_attrs
    assert fast["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(("status", "error"), [("x", TypeError), (99, ValueError), (600, ValueError)])
def test_a_bad_status_is_refused_as_django_refuses_it(status, error):
    with pytest.raises(error) as fast:
        Response(status=status)
    with pytest.raises(error) as slow:
        _ThroughDjango(status=status)
    assert str(fast.value) == str(slow.value)


def test_default_charset_change_reaches_the_placeholder_content_type(settings):
    settings.DEFAULT_CHARSET = "latin-1"
    assert Response()["Content-Type"] == "text/html; charset=latin-1"
    settings.DEFAULT_CHARSET = "utf-8"
    assert Response()["Content-Type"] == "text/html; charset=utf-8"


def test_render_runs_post_render_callbacks_once():
    response = Response({"a": 1})
    response.accepted_renderer = JSONRenderer()
    response.accepted_media_type = "application/json"
    response.renderer_context = {}
    replacement = Response({"b": 2})
    seen = []
    response.add_post_render_callback(lambda r: seen.append(r.content))
    response.add_post_render_callback(lambda r: replacement)
    assert response.render() is replacement
    assert response.render() is response  # rendered already: no second pass
    assert seen == [b'{"a":1}']
    assert response.is_rendered is True
    assert list(response) == [b'{"a":1}']
