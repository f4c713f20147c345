"""restwell.parsers, unit level and through views on both stacks (case C23)."""

from __future__ import annotations

import io
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.test import override_settings
from django.urls import path

from restwell.exceptions import ParseError, RequestEntityTooLarge
from restwell.parsers import (
    BaseParser,
    DataAndFiles,
    FileUploadParser,
    FormParser,
    JSONParser,
    MultiPartParser,
    get_encoding,
)
from restwell.request import Request
from restwell.response import Response
from restwell.test import APIRequestFactory
from restwell.views import APIView

pytestmark = pytest.mark.urls(__name__)


def _stream(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


# -- JSONParser ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"a": [1, "x", null]}', {"a": [1, "x", None]}),
        ('{"s": "é"}'.encode(), {"s": "é"}),
        (b"[]", []),
        (b'"\\ud83d"', "\ud83d"),  # accepted here; CharField rejects surrogates
        (b"99999999999999999999999", 99999999999999999999999),
    ],
)
def test_json_parser_valid(body: bytes, expected: object) -> None:
    assert JSONParser().parse(_stream(body)) == expected


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"a":', "JSON parse error - Expecting value: line 1 column 6 (char 5)"),
        (
            b'{"x": NaN}',
            "JSON parse error - Out of range float values are not JSON compliant: 'NaN'",
        ),
        (
            b'{"x": Infinity}',
            "JSON parse error - Out of range float values are not JSON compliant: 'Infinity'",
        ),
        (
            b'{"a":"\xff"}',
            "JSON parse error - 'utf-8' codec can't decode byte 0xff in position 6: "
            "invalid start byte",
        ),
        (b"f00bar", "JSON parse error - Expecting value: line 1 column 1 (char 0)"),
        (b"[" * 100 + b"]" * 100, "JSON parse error - Nesting depth exceeds the limit of 64."),
    ],
)
def test_json_parser_errors(body: bytes, detail: str) -> None:
    with pytest.raises(ParseError) as excinfo:
        JSONParser().parse(_stream(body))
    assert excinfo.value.detail == detail
    assert excinfo.value.status_code == 400


def test_json_parser_non_strict() -> None:
    parser = JSONParser()
    parser.strict = False
    assert parser.parse(_stream(b"Infinity")) == float("inf")


def test_json_parser_honours_charset() -> None:
    body = '{"k": "ÀĥƦ"}'.encode("utf-16")
    assert JSONParser().parse(_stream(body), parser_context={"encoding": "utf-16"}) == {"k": "ÀĥƦ"}


@pytest.mark.parametrize("charset", ["zlib_codec", "bz2", "base64", "rot13", "no-such"])
def test_byte_transform_charsets_rejected(charset: str) -> None:
    with pytest.raises(ParseError) as excinfo:
        JSONParser().parse(_stream(b"{}"), parser_context={"encoding": charset})
    assert (
        str(excinfo.value) == 'Unsupported charset "%s" in request Content-Type header.' % charset
    )


def test_get_encoding_default() -> None:
    assert get_encoding({}) == "utf-8"
    assert get_encoding({"encoding": "latin-1"}) == "latin-1"


@override_settings(RESTWELL={"MAX_BODY_SIZE": 10})
def test_body_over_limit_is_413() -> None:
    with pytest.raises(RequestEntityTooLarge) as excinfo:
        JSONParser().parse(_stream(b'{"a": "0123456789"}'))
    assert excinfo.value.status_code == 413
    assert str(excinfo.value) == "Request body too large: the limit is 10 bytes."


def test_base_parser_is_abstract() -> None:
    with pytest.raises(NotImplementedError):
        BaseParser().parse(_stream(b""))


# -- FormParser / MultiPartParser ------------------------------------------------


def test_form_parser() -> None:
    data = FormParser().parse(_stream(b"a=1&a=2&b=%C3%A9"))
    assert data.getlist("a") == ["1", "2"]
    assert data["b"] == "é"


def test_form_parser_latin1() -> None:
    data = FormParser().parse(
        _stream("f=À".encode("latin-1")), parser_context={"encoding": "latin-1"}
    )
    assert data["f"] == "À"


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=2)
def test_form_parser_too_many_fields_is_400() -> None:
    with pytest.raises(ParseError) as excinfo:
        FormParser().parse(_stream(b"a=1&b=2&c=3"))
    assert str(excinfo.value).startswith("Form parse error - The number of GET/POST parameters")


def test_multipart_parser() -> None:
    request = APIRequestFactory().post("/", {"name": "x"})
    result = MultiPartParser().parse(
        io.BytesIO(request.body),
        request.META["CONTENT_TYPE"],
        {"request": request, "encoding": "utf-8"},
    )
    assert isinstance(result, DataAndFiles)
    assert result.data["name"] == "x"


def test_multipart_parser_error() -> None:
    request = APIRequestFactory().post("/", {"name": "x"})
    with pytest.raises(ParseError) as excinfo:
        MultiPartParser().parse(
            io.BytesIO(request.body), "multipart/form-data", {"request": request}
        )
    assert str(excinfo.value) == "Multipart form parse error - Invalid boundary in multipart: None"


# -- FileUploadParser ----------------------------------------------------------


def _upload_context(disposition: str, **kwargs: str) -> dict:
    request = SimpleNamespace(
        upload_handlers=(MemoryFileUploadHandler(),),
        META={"HTTP_CONTENT_DISPOSITION": disposition, "HTTP_CONTENT_LENGTH": 5},
    )
    return {"request": request, "kwargs": kwargs}


@pytest.mark.parametrize(
    ("disposition", "name"),
    [
        ("attachment; filename=a.txt", "a.txt"),
        ("attachment; filename*=utf-8''%s" % quote("ÀĥƦ.txt"), "ÀĥƦ.txt"),
        ("attachment; filename=fb.txt; filename*=utf-8''%s" % quote("é.txt"), "é.txt"),
        ("attachment; filename*=utf-8''%s; filename=fb.txt" % quote("é.txt"), "é.txt"),
    ],
)
def test_file_upload_filename(disposition: str, name: str) -> None:
    assert FileUploadParser().get_filename(None, None, _upload_context(disposition)) == name


def test_file_upload_filename_from_url_kwarg() -> None:
    context = _upload_context("attachment; filename=a.txt", filename="kw.bin")
    assert FileUploadParser().get_filename(None, None, context) == "kw.bin"


def test_file_upload_parse_strips_directories() -> None:
    result = FileUploadParser().parse(
        _stream(b"hello"), None, _upload_context("attachment; filename=../../etc/passwd")
    )
    assert result.files["file"].name == "passwd"
    assert result.files["file"].read() == b"hello"
    assert result.data == {}


def test_file_upload_missing_filename() -> None:
    with pytest.raises(ParseError) as excinfo:
        FileUploadParser().parse(_stream(b"hello"), None, _upload_context(""))
    assert str(excinfo.value) == (
        "Missing filename. Request should include a Content-Disposition header "
        "with a filename parameter."
    )


# -- through a view, on the WSGI and ASGI stacks (C23) -------------------------


class ParsersEcho(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def post(self, request):
        return Response({"data": request.data})


class ParsersAsyncEcho(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    async def post(self, request):
        return Response({"data": request.data})


urlpatterns = [path("echo/", ParsersEcho.as_view()), path("aecho/", ParsersAsyncEcho.as_view())]


@pytest.mark.parametrize("url", ["/echo/", "/aecho/"])
@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"a":', "JSON parse error - Expecting value: line 1 column 6 (char 5)"),
        (
            b'{"x": NaN}',
            "JSON parse error - Out of range float values are not JSON compliant: 'NaN'",
        ),
        (
            b'{"x": Infinity}',
            "JSON parse error - Out of range float values are not JSON compliant: 'Infinity'",
        ),
        (
            b'{"a":"\xff"}',
            "JSON parse error - 'utf-8' codec can't decode byte 0xff in position 6: "
            "invalid start byte",
        ),
    ],
)
def test_bad_json_bodies_are_400(api_client, url: str, body: bytes, detail: str) -> None:
    response = api_client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize("url", ["/echo/", "/aecho/"])
def test_empty_json_body_is_empty_dict(api_client, url: str) -> None:
    response = api_client.post(url, b"", content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"data": {}}


@pytest.mark.parametrize("url", ["/echo/", "/aecho/"])
def test_text_plain_is_415_and_not_parsed(api_client, url: str) -> None:
    response = api_client.post(url, b'{"a": 1}', content_type="text/plain")
    assert response.status_code == 415
    assert response.json() == {"detail": 'Unsupported media type "text/plain" in request.'}


@pytest.mark.parametrize("url", ["/echo/", "/aecho/"])
@override_settings(RESTWELL={"MAX_BODY_SIZE": 16})
def test_large_body_is_413(api_client, url: str) -> None:
    response = api_client.post(url, b'{"a": "' + b"x" * 50 + b'"}', content_type="application/json")
    assert response.status_code == 413


def test_request_data_uses_json_parser() -> None:
    request = Request(
        APIRequestFactory().post("/", b'{"a": 1}', content_type="application/json"),
        parsers=[JSONParser()],
    )
    assert request.data == {"a": 1}


@pytest.mark.parametrize("url", ["/echo/", "/aecho/"])
@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=2)
def test_too_many_form_fields_is_400(api_client, url: str) -> None:
    response = api_client.post(
        url, b"a=1&b=2&c=3", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Form parse error - The number of GET/POST")


@pytest.mark.parametrize("url", ["/echo/", "/aecho/"])
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
def test_body_over_django_memory_limit(api_client, url: str) -> None:
    response = api_client.post(url, b'{"a": "' + b"x" * 50 + b'"}', content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "detail": "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."
    }
