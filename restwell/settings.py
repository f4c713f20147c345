"""Settings for restwell, read from Django's ``REST_FRAMEWORK`` dict.

The keys and defaults are Django REST framework's, so a project's existing
``REST_FRAMEWORK`` dict works unchanged::

    REST_FRAMEWORK = {
        "DEFAULT_RENDERER_CLASSES": ["restwell.renderers.JSONRenderer"],
        "PAGE_SIZE": 20,
    }

    from restwell.settings import api_settings
    api_settings.PAGE_SIZE  # 20

Values named in ``IMPORT_STRINGS`` may be dotted paths; they are imported on
first access. Every value is re-read when Django's ``setting_changed`` signal
fires (``override_settings``). restwell-only options live in a separate
``RESTWELL`` dict, read through ``restwell_settings``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

DEFAULTS: dict[str, Any] = {
    # Base API policies
    "DEFAULT_RENDERER_CLASSES": [
        "restwell.renderers.JSONRenderer",
        "restwell.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "restwell.parsers.JSONParser",
        "restwell.parsers.FormParser",
        "restwell.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "restwell.authentication.SessionAuthentication",
        "restwell.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["restwell.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "restwell.negotiation.DefaultContentNegotiation",
    "DEFAULT_METADATA_CLASS": "restwell.metadata.SimpleMetadata",
    "DEFAULT_VERSIONING_CLASS": None,
    # Generic view behavior
    "DEFAULT_PAGINATION_CLASS": None,
    "DEFAULT_FILTER_BACKENDS": [],
    # Schema
    "DEFAULT_SCHEMA_CLASS": "restwell.schemas.openapi.AutoSchema",
    # Throttling
    "DEFAULT_THROTTLE_RATES": {"user": None, "anon": None},
    "NUM_PROXIES": None,
    # Pagination
    "PAGE_SIZE": None,
    # Filtering
    "SEARCH_PARAM": "search",
    "ORDERING_PARAM": "ordering",
    # Versioning
    "DEFAULT_VERSION": None,
    "ALLOWED_VERSIONS": None,
    "VERSION_PARAM": "version",
    # Authentication
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "UNAUTHENTICATED_TOKEN": None,
    # View configuration
    "VIEW_NAME_FUNCTION": "restwell.views.get_view_name",
    "VIEW_DESCRIPTION_FUNCTION": "restwell.views.get_view_description",
    # Exception handling
    "EXCEPTION_HANDLER": "restwell.views.exception_handler",
    "NON_FIELD_ERRORS_KEY": "non_field_errors",
    # Testing
    "TEST_REQUEST_RENDERER_CLASSES": [
        "restwell.renderers.MultiPartRenderer",
        "restwell.renderers.JSONRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "multipart",
    # Hyperlink settings
    "URL_FORMAT_OVERRIDE": "format",
    "FORMAT_SUFFIX_KWARG": "format",
    "URL_FIELD_NAME": "url",
    # Input and output formats
    "DATE_FORMAT": "iso-8601",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "DATETIME_FORMAT": "iso-8601",
    "DATETIME_INPUT_FORMATS": ["iso-8601"],
    "TIME_FORMAT": "iso-8601",
    "TIME_INPUT_FORMATS": ["iso-8601"],
    "DURATION_FORMAT": "django",
    # Encoding
    "UNICODE_JSON": True,
    "COMPACT_JSON": True,
    "STRICT_JSON": True,
    "COERCE_DECIMAL_TO_STRING": True,
    "COERCE_BIGINT_TO_STRING": False,
    "UPLOADED_FILES_USE_URL": True,
    # Browsable API
    "HTML_SELECT_CUTOFF": 1000,
    "HTML_SELECT_CUTOFF_TEXT": "More than {count} items...",
    # Schemas
    "SCHEMA_COERCE_PATH_PK": True,
    "SCHEMA_COERCE_METHOD_NAMES": {"retrieve": "read", "destroy": "delete"},
    # Serializers
    "LIST_SERIALIZER_ERRORS_AS_DICT": True,
}

# Settings that may be given as dotted import strings.
IMPORT_STRINGS: list[str] = [
    "DEFAULT_RENDERER_CLASSES",
    "DEFAULT_PARSER_CLASSES",
    "DEFAULT_AUTHENTICATION_CLASSES",
    "DEFAULT_PERMISSION_CLASSES",
    "DEFAULT_THROTTLE_CLASSES",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS",
    "DEFAULT_METADATA_CLASS",
    "DEFAULT_VERSIONING_CLASS",
    "DEFAULT_PAGINATION_CLASS",
    "DEFAULT_FILTER_BACKENDS",
    "DEFAULT_SCHEMA_CLASS",
    "EXCEPTION_HANDLER",
    "TEST_REQUEST_RENDERER_CLASSES",
    "UNAUTHENTICATED_USER",
    "UNAUTHENTICATED_TOKEN",
    "VIEW_NAME_FUNCTION",
    "VIEW_DESCRIPTION_FUNCTION",
]

# Settings that were removed from Django REST framework; using one is an error.
REMOVED_SETTINGS: list[str] = ["PAGINATE_BY", "PAGINATE_BY_PARAM", "MAX_PAGINATE_BY"]

# restwell-only options, from the ``RESTWELL`` dict.
RESTWELL_DEFAULTS: dict[str, Any] = {
    # Largest request body the parsers accept, in bytes (None: Django's
    # DATA_UPLOAD_MAX_MEMORY_SIZE alone). Larger bodies get a 413.
    "MAX_BODY_SIZE": 10 * 1024 * 1024,
    # Deepest nesting of arrays/objects a JSON body may have; deeper → 400.
    "MAX_JSON_DEPTH": 64,
    # Rendering float('nan') / inf: "null" renders JSON null, "error" raises.
    "JSON_NONFINITE_FLOATS": "null",
    # Largest ``indent`` a client may ask for in its Accept header.
    "MAX_JSON_INDENT": 8,
    # Turn a Django ValidationError raised while handling a request into a 400.
    "DJANGO_VALIDATION_ERROR_AS_400": True,
    # Unhandled exceptions under DEBUG=False render as a generic JSON 500.
    "JSON_SERVER_ERRORS": True,
    # Tokens (restwell.authtoken): lifetime in seconds of new tokens (None: no
    # expiry), and how many unnamed tokens obtain_auth_token keeps per user.
    "TOKEN_TTL": None,
    "TOKEN_LIMIT_PER_USER": 10,
    # Login/token views: failures per account and per client address before a
    # lockout, and the lockout period in seconds.
    "LOCKOUT_ACCOUNT_FAILURES": 5,
    "LOCKOUT_IP_FAILURES": 20,
    "LOCKOUT_PERIOD": 900,
    # Serializers (C08): with partial=True, nested items that are sent are
    # validated in full; True restores DRF's partial validation of nested items.
    "PARTIAL_NESTED_ITEMS": False,
}
RESTWELL_IMPORT_STRINGS: list[str] = []


def perform_import(val: Any, setting_name: str) -> Any:
    """Import ``val`` if it is a dotted path, or each item if it is a list or tuple."""
    if val is None:
        return None
    if isinstance(val, str):
        return import_from_string(val, setting_name)
    if isinstance(val, (list, tuple)):
        return [import_from_string(item, setting_name) for item in val]
    return val


def import_from_string(val: Any, setting_name: str) -> Any:
    """Import a class or callable from a dotted module path (strings only)."""
    if not isinstance(val, str):
        return val
    try:
        return import_string(val)
    except ImportError as e:
        msg = "Could not import '{}' for API setting '{}'. {}: {}.".format(
            val, setting_name, e.__class__.__name__, e
        )
        raise ImportError(msg)


class APISettings:
    """Attribute access to a settings dict, with defaults and lazy imports.

    ``APISettings(None, DEFAULTS, IMPORT_STRINGS)`` reads ``settings.REST_FRAMEWORK``;
    companion packages build their own with ``APISettings(user_settings, defaults,
    import_strings)``. Values are cached on first access; ``reload()`` clears them.
    """

    _django_setting = "REST_FRAMEWORK"

    def __init__(
        self,
        user_settings: dict[str, Any] | None = None,
        defaults: dict[str, Any] | None = None,
        import_strings: list[str] | tuple[str, ...] | None = None,
    ) -> None:
        if user_settings:
            self._user_settings = self._check_user_settings(user_settings)
        self.defaults = DEFAULTS if defaults is None else defaults
        self.import_strings = IMPORT_STRINGS if import_strings is None else import_strings
        self._cached_attrs: set[str] = set()

    @property
    def user_settings(self) -> dict[str, Any]:
        if not hasattr(self, "_user_settings"):
            self._user_settings = self._check_user_settings(
                getattr(settings, self._django_setting, {}) or {}
            )
        return self._user_settings

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_") or attr not in self.defaults:
            raise AttributeError("Invalid API setting: '%s'" % attr)
        try:
            val = self.user_settings[attr]
        except KeyError:
            val = self.defaults[attr]
        if attr in self.import_strings:
            val = perform_import(val, attr)
        # Cache the result; reload() removes it again.
        self._cached_attrs.add(attr)
        setattr(self, attr, val)
        return val

    def _check_user_settings(self, user_settings: dict[str, Any]) -> dict[str, Any]:
        for setting in REMOVED_SETTINGS:
            if setting in user_settings:
                raise RuntimeError(
                    "The '%s' setting has been removed. Please refer to the "
                    "Django REST framework release notes for the replacement." % setting
                )
        return user_settings

    def reload(self) -> None:
        for attr in self._cached_attrs:
            self.__dict__.pop(attr, None)
        self._cached_attrs.clear()
        self.__dict__.pop("_user_settings", None)


class _RestwellSettings(APISettings):
    _django_setting = "RESTWELL"

    def _check_user_settings(self, user_settings: dict[str, Any]) -> dict[str, Any]:
        return user_settings


api_settings = APISettings(None, DEFAULTS, IMPORT_STRINGS)
restwell_settings = _RestwellSettings(None, RESTWELL_DEFAULTS, RESTWELL_IMPORT_STRINGS)


class api_setting:
    """A class attribute whose value is read from ``api_settings`` on access.

    Django REST framework binds ``api_settings.DEFAULT_*`` into view class
    attributes at import time, so ``override_settings`` cannot reach them.
    restwell's views declare ``renderer_classes = api_setting("DEFAULT_RENDERER_CLASSES")``
    instead: reading the attribute returns the current setting, and assigning
    it on a subclass or an instance replaces it as usual.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        return getattr(api_settings, self.name)

    def __repr__(self) -> str:
        return "api_setting(%r)" % self.name


# settings.DEFAULT_CHARSET through Django's LazySettings proxy costs several
# times a dict lookup, and the request cycle reads it for every request.
_default_charset: list[str] = []


def default_charset() -> str:
    """Return Django's ``DEFAULT_CHARSET``, read once until the setting changes."""
    if not _default_charset:
        _default_charset.append(settings.DEFAULT_CHARSET)
    return _default_charset[0]


def reload_api_settings(*args: Any, **kwargs: Any) -> None:
    setting = kwargs["setting"]
    if setting == "REST_FRAMEWORK":
        api_settings.reload()
    elif setting == "RESTWELL":
        restwell_settings.reload()
    elif setting == "DEFAULT_CHARSET":
        _default_charset.clear()


setting_changed.connect(reload_api_settings)

__all__ = [
    "APISettings",
    "DEFAULTS",
    "IMPORT_STRINGS",
    "REMOVED_SETTINGS",
    "api_setting",
    "api_settings",
    "import_from_string",
    "perform_import",
    "restwell_settings",
]
