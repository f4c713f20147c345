import pytest

from restwell import status


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (99, ""),
        (100, "informational"),
        (199, "informational"),
        (200, "success"),
        (299, "success"),
        (300, "redirect"),
        (399, "redirect"),
        (400, "client_error"),
        (499, "client_error"),
        (500, "server_error"),
        (599, "server_error"),
        (600, ""),
    ],
)
def test_classifiers(code, expected):
    kinds = {
        "informational": status.is_informational(code),
        "success": status.is_success(code),
        "redirect": status.is_redirect(code),
        "client_error": status.is_client_error(code),
        "server_error": status.is_server_error(code),
    }
    assert [k for k, v in kinds.items() if v] == ([expected] if expected else [])


def test_every_constant_is_named_after_its_code():
    names = [n for n in dir(status) if n.startswith("HTTP_")]
    assert len(names) == 64
    for name in names:
        assert getattr(status, name) == int(name.split("_")[1])
    assert status.HTTP_418_IM_A_TEAPOT == 418
    assert status.HTTP_429_TOO_MANY_REQUESTS == 429
