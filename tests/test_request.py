"""Request: lazy parsing, authentication, proxying, and bad bodies that must never 500."""

from __future__ import annotations

import copy
import io

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import RequestDataTooBig
from django.http import QueryDict
from django.test import override_settings

from restwell import exceptions
from restwell.parsers import FormParser, JSONParser, MultiPartParser
from restwell.request import Request, WrappedAttributeError, clone_request, is_form_media_type
from restwell.test import APIRequestFactory

factory = APIRequestFactory()


def make(http_request, *parsers):
    return Request(http_request, parsers=parsers or (JSONParser(), FormParser(), MultiPartParser()))


def test_wrapping_a_request_twice_is_a_type_error():
    request = Request(factory.get("/"))
    with pytest.raises(TypeError, match="must be an instance of `django.http.HttpRequest`"):
        Request(request)


def test_get_has_no_data():
    request = make(factory.get("/?a=1&a=2"))
    assert request.data == {}
    assert request.query_params.getlist("a") == ["1", "2"]


def test_json_body():
    request = make(factory.post("/", b'{"a": [1, 2]}', content_type="application/json"))
    assert request.data == {"a": [1, 2]}
    assert QueryDict("") == request.POST


def test_form_body_fills_post_and_underlying_request():
    http_request = factory.post("/", "a=1&b=2", content_type="application/x-www-form-urlencoded")
    request = make(http_request)
    assert dict(request.data.lists()) == {"a": ["1"], "b": ["2"]}
    assert request.POST["a"] == "1"
    assert http_request.POST["b"] == "2"


def test_empty_body_with_json_content_type():
    request = make(factory.post("/", b"", content_type="application/json"))
    assert request.data == {}


def test_unsupported_media_type():
    request = make(factory.post("/", b"hello", content_type="text/plain"))
    with pytest.raises(exceptions.UnsupportedMediaType) as info:
        request.data  # noqa: B018
    assert str(info.value.detail) == 'Unsupported media type "text/plain" in request.'


def test_parse_error_leaves_empty_data_behind():
    request = make(factory.post("/", b"{oops", content_type="application/json"))
    with pytest.raises(exceptions.ParseError):
        request.data  # noqa: B018
    # A second access (e.g. while rendering the error) does not raise again.
    assert request.data == QueryDict("")


@override_settings(RESTWELL={"MAX_BODY_SIZE": 10})
def test_body_over_restwell_limit_is_413():
    request = make(factory.post("/", b'{"qwerty": "uiop"}', content_type="application/json"))
    with pytest.raises(exceptions.RequestEntityTooLarge) as info:
        request.data  # noqa: B018
    assert info.value.status_code == 413
    assert str(info.value.detail) == "Request body too large: 18 bytes, the limit is 10."


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
def test_body_over_django_limit_raises_django_error():
    request = make(factory.post("/", b'{"qwerty": "uiop"}', content_type="application/json"))
    with pytest.raises(RequestDataTooBig):
        request.data  # noqa: B018


def _chunked_wsgi(body: bytes, *, terminated: bool = True):
    # What gunicorn hands over for `Transfer-Encoding: chunked`: no
    # CONTENT_LENGTH, the de-chunked body on wsgi.input, which ends with it.
    extra = {"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": terminated}
    http_request = factory.post("/", body, content_type="application/json", **extra)
    del http_request.META["CONTENT_LENGTH"]
    http_request.META["wsgi.input"] = io.BytesIO(body)
    return make(http_request)


def _chunked_asgi(body: bytes):
    from django.core.handlers.asgi import ASGIRequest

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")],
    }
    return Request(ASGIRequest(scope, io.BytesIO(body)), parsers=[JSONParser()])


def test_chunked_body_is_read_when_the_wsgi_server_terminates_it():
    assert _chunked_wsgi(b'{"a": 1}').data == {"a": 1}


def test_chunked_body_is_read_under_asgi():
    assert _chunked_asgi(b'{"a": [1, 2]}').data == {"a": [1, 2]}


def test_chunked_body_without_a_terminated_input_stays_unread():
    # Reading could block until the client gives up: treated as no body, as before.
    assert _chunked_wsgi(b'{"a": 1}', terminated=False).data == {}


@override_settings(RESTWELL={"MAX_BODY_SIZE": 10})
@pytest.mark.parametrize("build", [_chunked_wsgi, _chunked_asgi])
def test_chunked_body_over_the_limit_is_413(build):
    request = build(b'{"qwerty": "uiop"}')
    with pytest.raises(exceptions.RequestEntityTooLarge) as info:
        request.data  # noqa: B018
    assert str(info.value.detail) == "Request body too large: more than 10 bytes, the limit is 10."


def test_attribute_error_inside_parser_is_wrapped():
    class BrokenParser:
        media_type = "application/json"

        def parse(self, *args, **kwargs):
            raise AttributeError("Internal error")

    request = Request(
        factory.post("/", b"{}", content_type="application/json"), parsers=(BrokenParser(),)
    )
    with pytest.raises(WrappedAttributeError, match="Internal error"):
        request.data  # noqa: B018


def test_form_media_type_detection():
    assert is_form_media_type("application/x-www-form-urlencoded; charset=utf-8")
    assert is_form_media_type("multipart/form-data; boundary=x")
    assert not is_form_media_type("application/json")
    assert not is_form_media_type("multipart/form-data; boundary=" + "x" * 300)


@pytest.mark.django_db
def test_user_defaults_to_anonymous_and_can_be_set():
    http_request = factory.get("/")
    request = Request(http_request)
    assert isinstance(request.user, AnonymousUser)
    assert request.auth is None
    assert request.successful_authenticator is None
    user = User.objects.create_user("ringo")
    request.user = user
    assert request.user == user
    assert http_request.user == user


def test_attribute_proxy_and_error_message():
    http_request = factory.get("/path/")
    request = Request(http_request)
    http_request.inner = 1
    assert request.inner == 1
    assert request.path == "/path/"
    with pytest.raises(AttributeError, match="'Request' object has no attribute 'missing'"):
        request.missing  # noqa: B018


def test_repr_and_copy():
    request = Request(factory.get("/path"))
    assert repr(request) == "<restwell.request.Request: GET '/path'>"
    copy.deepcopy(request)
    assert Request["anything"] is Request


def test_clone_request_shares_parsed_data_and_auth():
    request = make(factory.post("/", b'{"a": 1}', content_type="application/json"))
    assert request.data == {"a": 1}
    request.user = AnonymousUser()
    clone = clone_request(request, "PUT")
    assert clone.method == "PUT"
    assert clone.data == {"a": 1}
    assert clone.user is request.user


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json; charset=bz2_codec", b"BZh91AY"),
        ("application/json; charset=nope", b"{}"),
        ("multipart/form-data", b"--x\r\n"),
        ("multipart/form-data; boundary=", b"--x\r\n"),
        ("application/x-www-form-urlencoded", b"\xff\xfe=%ZZ"),
        ("application/json", b"\x00\x01"),
        ("application/json", b'"\\ud800"'),
    ],
)
def test_malformed_bodies_raise_client_errors(content_type, body):
    """No malformed body leads to anything but an APIException (a 4xx)."""
    request = make(factory.post("/", body, content_type=content_type))
    try:
        request.data  # noqa: B018
    except exceptions.APIException as exc:
        assert 400 <= exc.status_code < 500


def test_unauthenticated_user_goes_through_a_subclass_setter():
    from django.contrib.auth.models import AnonymousUser

    from restwell.request import Request
    from restwell.test import APIRequestFactory

    seen = []

    class Recording(Request):
        @Request.user.setter
        def user(self, value):
            seen.append(type(value).__name__)
            Request.user.fset(self, value)

    plain = Request(APIRequestFactory().get("/"))
    recording = Recording(APIRequestFactory().get("/"))
    assert type(plain.user) is AnonymousUser and plain._request.user is plain.user
    assert plain.auth is None and plain._request.auth is None
    assert type(recording.user) is AnonymousUser and recording._request.user is recording.user
    assert seen == ["AnonymousUser"]
