import pickle

from django.utils import translation
from django.utils.functional import Promise

from restwell import exceptions
from restwell.exceptions import ErrorDetail, ValidationError


def test_error_detail_equality_uses_code():
    assert ErrorDetail("x", code="a") == ErrorDetail("x", code="a")
    assert ErrorDetail("x", code="a") != ErrorDetail("x", code="b")
    assert ErrorDetail("x", code="a") == "x"
    assert repr(ErrorDetail("x", code="a")) == "ErrorDetail(string='x', code='a')"
    assert hash(ErrorDetail("x", code="a")) == hash("x")


def test_validation_error_wraps_a_bare_message_in_a_list():
    assert ValidationError("bad").detail == [ErrorDetail("bad", code="invalid")]
    assert ValidationError(("a", "b")).detail == ["a", "b"]
    assert ValidationError().detail == [ErrorDetail("Invalid input.", code="invalid")]
    assert ValidationError(1).detail == [ErrorDetail("1", code="invalid")]


def test_validation_error_nested_details_and_codes():
    exc = ValidationError({"f": "bad", "g": {"h": ["x"]}}, code="custom")
    assert exc.detail == {
        "f": ErrorDetail("bad", "custom"),
        "g": {"h": [ErrorDetail("x", "custom")]},
    }
    assert exc.get_codes() == {"f": "custom", "g": {"h": ["custom"]}}
    assert exc.get_full_details() == {
        "f": {"message": "bad", "code": "custom"},
        "g": {"h": [{"message": "x", "code": "custom"}]},
    }


def test_message_keeps_its_own_code():
    exc = ValidationError([ErrorDetail("m", code="mine")])
    assert exc.get_codes() == ["mine"]


def test_defaults_of_each_exception():
    cases = [
        (exceptions.APIException(), 500, "A server error occurred.", "error"),
        (exceptions.ParseError(), 400, "Malformed request.", "parse_error"),
        (
            exceptions.AuthenticationFailed(),
            401,
            "Incorrect authentication credentials.",
            "authentication_failed",
        ),
        (
            exceptions.NotAuthenticated(),
            401,
            "Authentication credentials were not provided.",
            "not_authenticated",
        ),
        (
            exceptions.PermissionDenied(),
            403,
            "You do not have permission to perform this action.",
            "permission_denied",
        ),
        (exceptions.NotFound(), 404, "Not found.", "not_found"),
        (
            exceptions.MethodNotAllowed("PATCH"),
            405,
            'Method "PATCH" not allowed.',
            "method_not_allowed",
        ),
        (
            exceptions.NotAcceptable(),
            406,
            "Could not satisfy the request Accept header.",
            "not_acceptable",
        ),
        (
            exceptions.UnsupportedMediaType("text/plain"),
            415,
            'Unsupported media type "text/plain" in request.',
            "unsupported_media_type",
        ),
        (exceptions.Throttled(), 429, "Request was throttled.", "throttled"),
    ]
    for exc, status_code, message, code in cases:
        assert (exc.status_code, exc.detail, exc.detail.code) == (status_code, message, code)
        assert str(exc) == message


def test_throttled_rounds_wait_up_and_pluralises():
    assert (
        exceptions.Throttled(3.2).detail
        == "Request was throttled. Expected available in 4 seconds."
    )
    assert (
        exceptions.Throttled(1).detail == "Request was throttled. Expected available in 1 second."
    )
    assert exceptions.Throttled(3.2).wait == 4


def test_messages_are_lazily_translatable():
    # Resolved when rendered, in the language active then.
    assert isinstance(exceptions.NotFound.default_detail, Promise)
    with translation.override("en"):
        assert str(exceptions.NotFound().detail) == "Not found."


def test_server_error_and_bad_request_handlers():
    assert exceptions.server_error(None).content == b'{"error": "Server Error (500)"}'
    assert exceptions.bad_request(None, None).status_code == 400


def test_error_detail_pickles():
    value = pickle.loads(pickle.dumps(ErrorDetail("x", code="c")))
    assert value == "x"
