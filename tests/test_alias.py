"""``install_as_rest_framework()``: the DRF import names map to restwell's modules."""

import importlib
import subprocess
import sys


def test_alias_gives_the_same_module_objects():
    import restwell
    import restwell.exceptions

    restwell.install_as_rest_framework()
    rest_framework = importlib.import_module("rest_framework")
    rf_exceptions = importlib.import_module("rest_framework.exceptions")
    assert rest_framework is restwell
    assert rf_exceptions is restwell.exceptions
    assert rf_exceptions.__name__ == "restwell.exceptions"
    assert rest_framework.VERSION == "3.18.3"
    assert rest_framework.HTTP_HEADER_ENCODING == "iso-8859-1"


def test_installed_apps_may_name_rest_framework(tmp_path):
    # A fresh interpreter: settings call install_as_rest_framework() first.
    (tmp_path / "aliassettings.py").write_text(
        "import restwell\n"
        "restwell.install_as_rest_framework()\n"
        "SECRET_KEY = 'x'\n"
        "INSTALLED_APPS = ['django.contrib.auth', 'django.contrib.contenttypes', 'rest_framework']\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}}\n"
    )
    code = (
        "import django; django.setup()\n"
        "from django.apps import apps\n"
        "cfg = apps.get_app_config('rest_framework')\n"
        "import rest_framework.status, restwell.status\n"
        "print(cfg.name, rest_framework.status is restwell.status)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"DJANGO_SETTINGS_MODULE": "aliassettings", "PYTHONPATH": str(tmp_path), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "restwell True"
