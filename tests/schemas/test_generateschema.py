"""The ``generateschema`` management command."""

from __future__ import annotations

import io

import pytest
import yaml
from django.core.management import call_command
from django.test import override_settings

from restwell import _json

URLCONF = "tests.schemas.test_generators"


@override_settings(ROOT_URLCONF=URLCONF)
def test_yaml_output() -> None:
    out = io.StringIO()
    call_command("generateschema", "--title=Things", "--api_version=3", stdout=out)
    document = yaml.safe_load(out.getvalue())
    assert document["openapi"] == "3.0.2"
    assert document["info"] == {"title": "Things", "version": "3"}
    assert "/things/" in document["paths"]


@override_settings(ROOT_URLCONF=URLCONF)
def test_json_output_to_file(tmp_path) -> None:
    target = tmp_path / "schema.json"
    out = io.StringIO()
    call_command("generateschema", "--format=openapi-json", f"--file={target}", stdout=out)
    assert out.getvalue() == ""
    document = _json.loads(target.read_bytes())
    assert document["paths"]["/things/"]["get"]["operationId"] == "listThings"


def test_bad_generator_class_is_a_command_error() -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Could not import --generator_class"):
        call_command("generateschema", "--generator_class=nope.Nothing", stdout=io.StringIO())
