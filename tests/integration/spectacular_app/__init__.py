"""A sample API served through ``rest_framework`` imports, for drf-spectacular.

Used only by ``tests/integration/test_spectacular.py`` in a subprocess whose
settings module (``settings.py`` here) calls ``install_as_rest_framework()``.
"""
