"""No malformed body, header or query string produces a 500, on either stack."""

from __future__ import annotations

import base64

import pytest
from django.urls import path

from restwell.authentication import BasicAuthentication, SessionAuthentication
from restwell.parsers import FileUploadParser
from restwell.response import Response
from restwell.views import APIView

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class Echo(APIView):
    authentication_classes = [SessionAuthentication, BasicAuthentication]

    def get(self, request):
        return Response({"q": request.query_params.dict()})

    def post(self, request):
        return Response({"data": request.data})


class AsyncEcho(Echo):
    async def get(self, request):
        return Response({"q": request.query_params.dict()})

    async def post(self, request):
        return Response({"data": request.data})


class Upload(APIView):
    parser_classes = [FileUploadParser]

    def put(self, request, filename=None):
        upload = request.data["file"]
        return Response({"name": upload.name, "size": upload.size})


class AsyncUpload(Upload):
    async def put(self, request, filename=None):
        upload = request.data["file"]
        return Response({"name": upload.name, "size": upload.size})


urlpatterns = [
    path("echo/", Echo.as_view()),
    path("aecho/", AsyncEcho.as_view()),
    path("upload/", Upload.as_view()),
    path("aupload/", AsyncUpload.as_view()),
    path("upload/<str:filename>", Upload.as_view()),
    path("aupload/<str:filename>", AsyncUpload.as_view()),
]

URLS = ["/echo/", "/aecho/"]

BAD_HEADERS = [
    {"Accept": "*/*;q=abc"},
    {"Accept": "application/json; indent=-3"},
    {"Accept": "application/json; indent=abc"},
    {"Accept": ";;;,,,/"},
    {"Accept": "\x7f\x00"},
    {"Accept": "text/html; q=0.5, application/json; version=" + "9" * 5000},
    {"Authorization": "Basic !!!"},
    {"Authorization": "Basic"},
    {"Authorization": "Basic YQ== extra"},
    {"Authorization": "Basic " + "A" * 10000},
    {"Authorization": "Basic w6k="},
    {"Cookie": "sessionid=" + "\x00" * 10},
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("headers", BAD_HEADERS)
def test_bad_headers_never_500(api_client, url, headers):
    response = api_client.get(url, headers=headers)
    assert response.status_code < 500, response.content


@pytest.mark.parametrize("url", URLS)
@pytest.mark.django_db
def test_basic_credentials_with_nul_bytes_are_wrong_credentials(api_client, url):
    # PostgreSQL refuses NUL in a query: this was a 500 there.
    header = "Basic " + base64.b64encode(b"\x00:\x00").decode()
    response = api_client.get(url, headers={"Authorization": header, "Accept": "application/json"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Invalid username/password."}


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    "query",
    ["a=%ZZ", "a=%00", "format=", "format=%00", "a=" + "%FF" * 50, "&&&==&", "a[]=1&a[]=2"],
)
def test_bad_query_strings_never_500(api_client, url, query):
    response = api_client.get(url + "?" + query, headers={"Accept": "application/json"})
    assert response.status_code < 500, response.content


BAD_BODIES = [
    ("application/json", b"{"),
    ("application/json", b"\xff\xfe\x00"),
    ("application/json", b"1e999999"),
    ("application/json", b'"\\ud83d"'),
    ("application/json", b"[" * 5000),
    ("application/json; charset=utf-16", b"\xff"),
    ("application/json; charset=x-nonexistent", b"{}"),
    ("application/json; charset=bz2_codec", b"BZh9"),
    ("application/x-www-form-urlencoded", b"a=%ZZ&%%%=1"),
    ("application/x-www-form-urlencoded; charset=nope", b"a=1"),
    ("multipart/form-data", b"--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--"),
    ("multipart/form-data; boundary=x", b"garbage"),
    ("multipart/form-data; boundary=" + "x" * 300, b"--x"),
    ("text/plain", b"hello"),
    ("", b"hello"),
    ("application/octet-stream", b"\x00"),
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(("content_type", "body"), BAD_BODIES)
def test_bad_bodies_never_500(api_client, url, content_type, body):
    # generic() sends the bytes as they are (post() would re-encode them).
    response = api_client.generic(
        "POST", url, body, content_type=content_type, headers={"Accept": "application/json"}
    )
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    ("content_type", "body", "status_code"),
    [
        ("application/json", b"{", 400),
        ("application/json", b"1e999999", 400),
        ("application/json", b"[" * 5000, 400),
        ("application/json; charset=utf-16", b"\xff", 400),
        ("application/json; charset=bz2_codec", b"BZh9", 400),
        ("text/plain", b"hello", 415),
    ],
)
def test_bad_bodies_are_rejected(api_client, url, content_type, body, status_code):
    response = api_client.generic(
        "POST", url, body, content_type=content_type, headers={"Accept": "application/json"}
    )
    assert response.status_code == status_code, response.content


@pytest.mark.parametrize("url", URLS)
def test_non_numeric_content_length_is_not_a_500(api_client, url):
    response = api_client.post(url, b"{}", content_type="application/json", headers={"Content-Length": "abc"})
    assert response.status_code < 500


UPLOADS = ["/upload/", "/aupload/"]


@pytest.mark.parametrize("url", UPLOADS)
@pytest.mark.parametrize(
    ("disposition", "name"),
    [
        ("attachment; filename*=utf-8''a%00b.txt", "ab.txt"),
        ("attachment; filename*=utf-8''%1B%5B31mred.txt", "[31mred.txt"),
        ('attachment; filename="../../etc/passwd"', "passwd"),
        ('attachment; filename="&#47;etc&#47;passwd"', "passwd"),
        ('attachment; filename="..\\\\..\\\\x.txt"', "x.txt"),
    ],
)
def test_upload_file_names_are_sanitised(api_client, url, disposition, name):
    response = api_client.generic(
        "PUT", url, b"hello", content_type="application/octet-stream",
        headers={"Content-Disposition": disposition, "Accept": "application/json"},
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"name": name, "size": 5}


@pytest.mark.parametrize("url", UPLOADS)
@pytest.mark.parametrize(
    "disposition",
    ["attachment", 'attachment; filename=""', 'attachment; filename=".."', "attachment; filename*=utf-8''%00"],
)
def test_upload_without_a_usable_file_name_is_a_400(api_client, url, disposition):
    response = api_client.generic(
        "PUT", url, b"hello", content_type="application/octet-stream",
        headers={"Content-Disposition": disposition, "Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Missing filename. Request should include a Content-Disposition header "
        "with a filename parameter."
    }


@pytest.mark.parametrize("url", UPLOADS)
def test_upload_file_name_from_the_url_is_sanitised(api_client, url):
    response = api_client.generic(
        "PUT", url + "a%00b.txt", b"hello", content_type="application/octet-stream",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json() == {"name": "ab.txt", "size": 5}
