"""restwell: Django REST framework's public API, faster, async-native and secure by default.

``__version__`` and ``VERSION`` report the Django REST framework release whose
API restwell emulates, because companion packages read them through the
``rest_framework`` alias to decide which features to use. restwell's own
release is ``restwell.RESTWELL_VERSION``.
"""

from __future__ import annotations

from restwell._alias import install_as_rest_framework

__title__ = "restwell"
RESTWELL_VERSION = "0.1.0"
__version__ = "3.18.3"
VERSION = __version__
__license__ = "BSD 3-Clause"

# Header encoding (see RFC 5987 / RFC 7230): headers are latin-1.
HTTP_HEADER_ENCODING = "iso-8859-1"

# Default datetime input and output formats.
ISO_8601 = "iso-8601"
DJANGO_DURATION_FORMAT = "django"

__all__ = [
    "DJANGO_DURATION_FORMAT",
    "HTTP_HEADER_ENCODING",
    "ISO_8601",
    "RESTWELL_VERSION",
    "VERSION",
    "install_as_rest_framework",
]
