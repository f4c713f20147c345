"""The field cases (C01, C03-C07) end to end: request body in, status and JSON body out."""

from __future__ import annotations

from decimal import ROUND_HALF_UP

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import path
from django.utils import translation

from restwell import serializers
from restwell.response import Response
from restwell.test import APIClient
from restwell.views import APIView


class CaseSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=5, decimal_places=2, rounding=ROUND_HALF_UP, required=False
    )
    strict_amount = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    small = serializers.DecimalField(max_digits=3, decimal_places=1, required=False)
    count = serializers.IntegerField(required=False)
    ratio = serializers.FloatField(required=False)
    active = serializers.BooleanField(required=False)
    level = serializers.ChoiceField(choices=[(1, "Low"), (2, "High")], required=False)
    attrs = serializers.DictField(child=serializers.CharField(), required=False)
    nums = serializers.ListField(child=serializers.IntegerField(), required=False)
    config = serializers.JSONField(required=False)
    name = serializers.CharField(required=False)
    password = serializers.CharField(
        write_only=True, required=False, style={"input_type": "password"}
    )
    email = serializers.EmailField(required=False)
    site = serializers.URLField(required=False)
    avatar = serializers.FileField(required=False, max_length=100)


class CaseView(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def post(self, request):
        serializer = CaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "avatar" in data:
            data["avatar"] = data["avatar"].name
        # Echo the output representation of what was accepted.
        out = CaseSerializer(data).data
        return Response({"validated": {k: out[k] for k in data if k in out}})


urlpatterns = [path("cases/", CaseView.as_view())]

pytestmark = pytest.mark.urls(__name__)


def post(payload, fmt="json"):
    response = APIClient().post("/cases/", payload, format=fmt)
    return response.status_code, response.json()


def test_c01_decimal_over_http():
    """C01: rounding on input, precision errors, NaN, floats."""
    assert post({"amount": "12.345"}) == (200, {"validated": {"amount": "12.35"}})
    assert post({"strict_amount": "12.345"}) == (
        400,
        {"strict_amount": ["Ensure that there are no more than 2 decimal places."]},
    )
    assert post({"small": 200000000000.0}) == (
        400,
        {"small": ["Ensure that there are no more than 3 digits in total."]},
    )
    for text in ("NaN", "Infinity"):
        assert post({"small": text}) == (400, {"small": ["A valid number is required."]})
    assert post({"amount": 0.1}) == (200, {"validated": {"amount": "0.10"}})


def test_c03_numbers_over_http():
    """C03: integer coercion and non-finite floats."""
    assert post({"count": "1.0"}) == (200, {"validated": {"count": 1}})
    assert post({"count": True}) == (400, {"count": ["A valid integer is required."]})
    assert post({"count": "1" * 1001}) == (400, {"count": ["String value too large."]})
    assert post({"ratio": "nan"}) == (400, {"ratio": ["A valid number is required."]})


def test_c04_boolean_and_choice_over_http():
    """C04: boolean strings and typed choices."""
    assert post({"active": "Yes"}) == (200, {"validated": {"active": True}})
    assert post({"active": "off"}) == (200, {"validated": {"active": False}})
    assert post({"active": "maybe"}) == (400, {"active": ["Must be a valid boolean."]})
    assert post({"level": "1"}) == (200, {"validated": {"level": 1}})
    assert post({"level": 3}) == (400, {"level": ['"3" is not a valid choice.']})
    assert post({"level": "Low"}) == (400, {"level": ['"Low" is not a valid choice.']})


def test_c05_containers_with_nulls_over_http():
    """C05: per-key and per-index errors, JSON null."""
    assert post({"attrs": {"a": "x", "b": None}}) == (
        400,
        {"attrs": {"b": ["This field may not be null."]}},
    )
    assert post({"nums": [1, None, "x"]}) == (
        400,
        {"nums": {"1": ["This field may not be null."], "2": ["A valid integer is required."]}},
    )
    assert post({"config": None}) == (400, {"config": ["This field may not be null."]})


def test_c06_strings_over_http():
    """C06: NUL, trimming, password spaces, floats as text, email, URL."""
    assert post({"name": "a\u0000b"}) == (400, {"name": ["Null characters are not allowed."]})
    assert post({"name": "  bob  "}) == (200, {"validated": {"name": "bob"}})
    assert post({"name": "   "}) == (400, {"name": ["This field may not be blank."]})
    assert post({"name": True}) == (400, {"name": ["Not a valid string."]})
    assert post({"name": 0.00001}) == (200, {"validated": {"name": "0.00001"}})
    assert post({"email": " a+b@x.test "}) == (200, {"validated": {"email": "a+b@x.test"}})
    assert post({"site": "javascript:alert(1)"}) == (400, {"site": ["Enter a valid URL."]})
    assert post({"site": "http://testserver/p"}) == (400, {"site": ["Enter a valid URL."]})
    status, body = post({"password": "  s3cret ", "name": "x"})
    assert (status, body) == (200, {"validated": {"name": "x"}})


def test_c06_password_is_not_trimmed():
    """C06: the validated password keeps its spaces."""
    serializer = CaseSerializer(data={"password": "  s3cret "})
    assert serializer.is_valid()
    assert serializer.validated_data == {"password": "  s3cret "}


def test_c07_files_over_http():
    """C07: empty string, URL string, empty file, long name."""
    not_a_file = ["The submitted data was not a file. Check the encoding type on the form."]
    assert post({"avatar": ""}, fmt="multipart") == (400, {"avatar": not_a_file})
    assert post({"avatar": "https://cdn.x.test/a.png"}) == (400, {"avatar": not_a_file})
    empty = SimpleUploadedFile("a.png", b"")
    assert post({"avatar": empty}, fmt="multipart") == (
        400,
        {"avatar": ["The submitted file is empty."]},
    )
    long_name = SimpleUploadedFile("a" * 146 + ".png", b"x")
    assert post({"avatar": long_name}, fmt="multipart") == (
        400,
        {"avatar": ["Ensure this filename has at most 100 characters (it has 150)."]},
    )
    ok = SimpleUploadedFile("a.png", b"x")
    assert post({"avatar": ok, "name": "n"}, fmt="multipart")[0] == 200
    # Omitting the file is fine. (A plain BooleanField keeps DRF's HTML-checkbox
    # reading: absent from a form means False.)
    assert post({"name": "n"}, fmt="multipart") == (
        200,
        {"validated": {"name": "n", "active": False}},
    )


def test_c01_localized_decimal():
    """C01: with localize=True and German active, "12,30" is 12.30 and renders "12,30"."""

    class Localized(serializers.Serializer):
        amount = serializers.DecimalField(max_digits=5, decimal_places=2, localize=True)

    with translation.override("de"):
        serializer = Localized(data={"amount": "12,30"})
        assert serializer.is_valid(), serializer.errors
        assert str(serializer.validated_data["amount"]) == "12.30"
        assert Localized(serializer.validated_data).data == {"amount": "12,30"}
