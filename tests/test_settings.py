import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from restwell.settings import APISettings, api_settings, restwell_settings


def test_defaults():
    assert api_settings.PAGE_SIZE is None
    assert api_settings.NON_FIELD_ERRORS_KEY == "non_field_errors"
    from restwell.renderers import BrowsableAPIRenderer, JSONRenderer

    assert [JSONRenderer, BrowsableAPIRenderer] == api_settings.DEFAULT_RENDERER_CLASSES


def test_override_settings_reloads():
    with override_settings(REST_FRAMEWORK={"PAGE_SIZE": 10}):
        assert api_settings.PAGE_SIZE == 10
    assert api_settings.PAGE_SIZE is None


def test_restwell_dict_reloads():
    assert restwell_settings.MAX_JSON_DEPTH == 64
    with override_settings(RESTWELL={"MAX_JSON_DEPTH": 5}):
        assert restwell_settings.MAX_JSON_DEPTH == 5
    assert restwell_settings.MAX_JSON_DEPTH == 64


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="Invalid API setting: 'NOPE'"):
        api_settings.NOPE  # noqa: B018


def test_import_error_names_the_setting():
    settings = APISettings({"DEFAULT_RENDERER_CLASSES": ["no.such.Renderer"]})
    with pytest.raises(
        ImportError,
        match="Could not import 'no.such.Renderer' for API setting 'DEFAULT_RENDERER_CLASSES'",
    ):
        settings.DEFAULT_RENDERER_CLASSES  # noqa: B018


def test_removed_setting_is_an_error():
    with pytest.raises(RuntimeError, match="The 'MAX_PAGINATE_BY' setting has been removed"):
        APISettings({"MAX_PAGINATE_BY": 100})


def test_companion_package_settings_object():
    settings = APISettings(
        {"B": 2}, defaults={"A": 1, "B": 0, "C": "math.floor"}, import_strings=["C"]
    )
    import math

    assert (1, 2, math.floor) == (settings.A, settings.B, settings.C)


def test_view_defaults_follow_override_settings():
    from restwell.permissions import AllowAny, IsAuthenticated
    from restwell.views import APIView

    assert APIView.permission_classes == [AllowAny]
    with override_settings(
        REST_FRAMEWORK={"DEFAULT_PERMISSION_CLASSES": ["restwell.permissions.IsAuthenticated"]}
    ):
        assert APIView.permission_classes == [IsAuthenticated]
        assert APIView().permission_classes == [IsAuthenticated]


def test_improperly_configured_is_importable_alongside():
    assert issubclass(ImproperlyConfigured, Exception)
