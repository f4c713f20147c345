"""restwell.fields._text: CharField and its variants, UUIDField, IPAddressField."""

from __future__ import annotations

import re
import uuid

import pytest

from restwell.fields import (
    CharField,
    EmailField,
    IPAddressField,
    RegexField,
    SlugField,
    URLField,
    UUIDField,
)
from tests.fields._tables import assert_invalid, assert_output, assert_valid

BLANK = ["This field may not be blank."]

# --- CharField (C06) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,expected",
    [
        ("abc", "abc"),
        ("  bob  ", "bob"),
        (1, "1"),
        (-5, "-5"),
        (1.5, "1.5"),
        (0.00001, "0.00001"),
        (1e22, "10000000000000000000000"),
        (1.5e-7, "0.00000015"),
    ],
)
def test_char_valid(data, expected):
    """C06: strings are trimmed; numbers become their plain decimal text, never '1e-05'."""
    assert_valid(CharField(), data, expected)


@pytest.mark.parametrize(
    "data,expected,code",
    [
        ("a\x00b", ["Null characters are not allowed."], "null_characters_not_allowed"),
        (
            "\ud83d",
            ["Surrogate characters are not allowed: U+D83D."],
            "surrogate_characters_not_allowed",
        ),
        ("", BLANK, "blank"),
        ("   ", BLANK, "blank"),
        (True, ["Not a valid string."], "invalid"),
        ([], ["Not a valid string."], "invalid"),
        ({}, ["Not a valid string."], "invalid"),
        (None, ["This field may not be null."], "null"),
    ],
)
def test_char_invalid(data, expected, code):
    """C06: NUL, surrogates, blanks and non-string types are refused with DRF's messages."""
    assert_invalid(CharField(), data, expected, codes=[code])


def test_char_float_subclass():
    class MyFloat(float):
        def __repr__(self):
            return f"MyFloat({float(self)})"

        __str__ = __repr__

    assert CharField().run_validation(MyFloat(1e-05)) == "0.00001"
    assert CharField().run_validation(MyFloat(1.5)) == "1.5"


def test_char_blank_and_null_allowed():
    assert CharField(allow_blank=True).run_validation("   ") == ""
    assert CharField(allow_null=True).run_validation(None) is None
    assert CharField(trim_whitespace=False).run_validation("  ") == "  "


def test_char_password_keeps_spaces():
    """C06: a password-styled field does not trim (restwell default); explicit True still trims."""
    field = CharField(write_only=True, style={"input_type": "password"})
    assert field.trim_whitespace is False
    assert field.run_validation("  s3cret ") == "  s3cret "
    trimmed = CharField(style={"input_type": "password"}, trim_whitespace=True)
    assert trimmed.run_validation("  s3cret ") == "s3cret"
    assert CharField().trim_whitespace is True


def test_char_lengths():
    field = CharField(min_length=2, max_length=3)
    assert_invalid(field, "a", ["Ensure this field has at least 2 characters."], ["min_length"])
    assert_invalid(
        field, "abcd", ["Ensure this field has no more than 3 characters."], ["max_length"]
    )
    assert_valid(field, "abc", "abc")


def test_char_custom_error_message():
    field = CharField(error_messages={"blank": "Say something."})
    assert_invalid(field, "", ["Say something."])


def test_char_output():
    assert_output(CharField(), 12, "12")
    assert_output(CharField(), "x", "x")


# --- Email / Regex / Slug -------------------------------------------------------------


def test_email():
    """C06: the address is trimmed, then validated."""
    assert_valid(EmailField(), " a+b@x.test ", "a+b@x.test")
    assert_invalid(EmailField(), "nope", ["Enter a valid email address."], ["invalid"])


def test_regex():
    for regex in (r"^[a-z]+$", re.compile(r"^[a-z]+$")):
        field = RegexField(regex)
        assert_valid(field, "abc", "abc")
        assert_invalid(field, "AB1", ["This value does not match the required pattern."])


def test_slug():
    assert_valid(SlugField(), "a-b_1", "a-b_1")
    assert_invalid(
        SlugField(),
        "a b",
        ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'],
    )
    assert_valid(SlugField(allow_unicode=True), "ñandú", "ñandú")
    assert_invalid(
        SlugField(allow_unicode=True),
        "a b",
        ['Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'],
    )


# --- URLField (C06) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", ["https://x.test/ok", "http://localhost:8000/", "http://10.0.0.1/"]
)
def test_url_valid(data):
    assert_valid(URLField(), data, data)


@pytest.mark.parametrize(
    "data", ["javascript:alert(1)", "http://testserver/p", "x.test", "http:///a", "ftp//x.test"]
)
def test_url_invalid(data):
    """C06: scripts and (by default, as Django) single-label hosts are refused."""
    assert_invalid(URLField(), data, ["Enter a valid URL."], ["invalid"])


def test_url_single_label_opt_in():
    """C06: ``require_tld=False`` accepts internal single-label hosts, still no scripts."""
    field = URLField(require_tld=False)
    assert_valid(field, "http://testserver/p", "http://testserver/p")
    assert_valid(field, "http://api:8000/v1/", "http://api:8000/v1/")
    assert_valid(field, "https://x.test/ok", "https://x.test/ok")
    assert_invalid(field, "javascript:alert(1)", ["Enter a valid URL."])
    assert_invalid(field, "http://-bad-/", ["Enter a valid URL."])
    assert_valid(field, "http://u:p@api:8000/x?y=1#z", "http://u:p@api:8000/x?y=1#z")
    for data in ("http://api:123456/", "http://a b/", "http:///x", "api:8000", "file://api/x"):
        assert_invalid(field, data, ["Enter a valid URL."])


# --- UUIDField ------------------------------------------------------------------------

UID = uuid.UUID("825d7aeb-05a9-45b5-a5b7-05df87923cda")


@pytest.mark.parametrize(
    "data",
    [
        "825d7aeb-05a9-45b5-a5b7-05df87923cda",
        "825d7aeb05a945b5a5b705df87923cda",
        "urn:uuid:825d7aeb-05a9-45b5-a5b7-05df87923cda",
        UID.int,
        UID,
    ],
)
def test_uuid_valid(data):
    assert_valid(UUIDField(), data, UID)


@pytest.mark.parametrize("data", ["825d7aeb-05a9-45b5-a5b7", (1, 2), True, 1.5, -1])
def test_uuid_invalid(data):
    assert_invalid(UUIDField(), data, ["Must be a valid UUID."], ["invalid"])


def test_uuid_formats():
    assert_output(UUIDField(), UID, "825d7aeb-05a9-45b5-a5b7-05df87923cda")
    assert_output(UUIDField(format="hex"), UID, "825d7aeb05a945b5a5b705df87923cda")
    assert_output(UUIDField(format="int"), UID, UID.int)
    assert_output(UUIDField(format="urn"), UID, "urn:uuid:825d7aeb-05a9-45b5-a5b7-05df87923cda")
    with pytest.raises(ValueError, match='Must be one of "hex_verbose", "hex", "int", "urn"'):
        UUIDField(format="nope")


# --- IPAddressField -------------------------------------------------------------------


def test_ip_address():
    field = IPAddressField()
    assert_valid(field, "127.0.0.1", "127.0.0.1")
    assert_valid(field, "::ffff:192.0.2.1", "192.0.2.1")
    assert_valid(field, "2001:0db8:0000::0001", "2001:db8::1")
    for data in ("127.122.111.2231", "2001:::9652", 1):
        assert_invalid(field, data, ["Enter a valid IPv4 or IPv6 address."])
    v4 = IPAddressField(protocol="IPv4")
    assert_invalid(v4, "2001:db8::1", ["Enter a valid IPv4 address."])
    v6 = IPAddressField(protocol="IPv6")
    assert_valid(v6, "2001:db8::1", "2001:db8::1")
    assert_invalid(v6, "127.0.0.1", ["Enter a valid IPv6 address."])
