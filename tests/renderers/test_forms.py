"""HTMLFormRenderer: field type → template mapping, template packs, escaping."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils.safestring import SafeString

from restwell import serializers
from restwell.renderers import HTMLFormRenderer

XSS = '"><script>alert(1)</script>'


def packed(html: str) -> str:
    return "".join(html.split())


class Everything(serializers.Serializer):
    text = serializers.CharField(help_text="Some <b>help</b>")
    email = serializers.EmailField()
    url = serializers.URLField()
    count = serializers.IntegerField()
    ratio = serializers.FloatField()
    when = serializers.DateTimeField()
    day = serializers.DateField()
    at = serializers.TimeField()
    upload = serializers.FileField()
    flag = serializers.BooleanField()
    choice = serializers.ChoiceField(choices=[("a", "A"), ("b", "B")])
    choices = serializers.MultipleChoiceField(choices=[("a", "A"), ("b", "B")])
    tags = serializers.ListField(child=serializers.CharField())
    extra = serializers.DictField()
    payload = serializers.JSONField()
    hidden = serializers.HiddenField(default="x")
    readonly = serializers.CharField(read_only=True)


@pytest.mark.parametrize(
    ("field", "fragment"),
    [
        ("text", 'type="text"'),
        ("email", 'type="email"'),
        ("url", 'type="url"'),
        ("count", 'type="number"'),
        ("ratio", 'type="number"'),
        ("when", 'type="datetime-local"'),
        ("day", 'type="date"'),
        ("at", 'type="time"'),
        ("upload", 'type="file"'),
        ("flag", 'type="checkbox"'),
        ("choice", '<select class="form-control" name="choice">'),
        ("choices", '<select multiple  class="form-control" name="choices">'),
        ("tags", "Lists are not currently supported in HTML input."),
        ("extra", "Dictionaries are not currently supported in HTML input."),
        ("payload", '<textarea name="payload" class="form-control"'),
    ],
)
def test_field_type_to_template(field: str, fragment: str) -> None:
    html = HTMLFormRenderer().render_field(Everything()[field], {})
    assert fragment in html


def test_hidden_and_read_only_fields_are_not_rendered() -> None:
    html = HTMLFormRenderer().render(Everything().data)
    assert isinstance(html, SafeString)
    assert 'name="hidden"' not in html
    assert 'name="readonly"' not in html
    assert HTMLFormRenderer().render_field(Everything()["hidden"], {}) == ""


def test_vertical_input_markup() -> None:
    class S(serializers.Serializer):
        name = serializers.CharField()

    serializer = S(data={"name": "bob"})
    assert serializer.is_valid()
    html = HTMLFormRenderer().render_field(serializer["name"], {})
    assert packed(html) == (
        '<divclass="form-group"><label>Name</label>'
        '<inputname="name"class="form-control"type="text"value="bob"></div>'
    )


def test_values_labels_and_help_text_are_escaped() -> None:
    class S(serializers.Serializer):
        name = serializers.CharField(label=XSS, help_text=XSS)
        kind = serializers.ChoiceField(choices=[(XSS, XSS)])

    serializer = S(data={"name": XSS, "kind": XSS})
    serializer.is_valid()
    html = HTMLFormRenderer().render(serializer.data)
    assert "<script>" not in html
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_errors_are_shown() -> None:
    class S(serializers.Serializer):
        name = serializers.CharField(max_length=2)

    serializer = S(data={"name": "long"})
    assert not serializer.is_valid()
    html = HTMLFormRenderer().render(
        serializer.data, None, {"style": {"template_pack": "rest_framework/horizontal"}}
    )
    assert '<div class="form-group has-error">' in html
    assert (
        '<span class="help-block">Ensure this field has no more than 2 characters.</span>' in html
    )
    assert 'class="rw-col-label"' in html


@pytest.mark.parametrize(
    "pack", ["rest_framework/vertical", "rest_framework/horizontal", "rest_framework/inline"]
)
def test_template_packs(pack: str) -> None:
    html = HTMLFormRenderer().render(Everything().data, None, {"style": {"template_pack": pack}})
    assert 'name="text"' in html
    assert 'name="flag"' in html
    if pack.endswith("inline"):
        assert '<label class="sr-only">Text</label>' in html


def test_field_style_overrides_template() -> None:
    class S(serializers.Serializer):
        notes = serializers.CharField(style={"base_template": "textarea.html", "rows": 3})
        colour = serializers.ChoiceField(
            choices=["red", "blue"], style={"base_template": "radio.html"}
        )
        secret = serializers.CharField(style={"input_type": "password", "placeholder": "pw"})

    html = HTMLFormRenderer().render(S().data)
    assert '<textarea name="notes" class="form-control"  rows="3">' in html
    assert '<input type="radio" name="colour" value="red" >' in html
    assert 'type="password" placeholder="pw"' in html


def test_choice_selected_and_initial() -> None:
    class S(serializers.Serializer):
        pick = serializers.ChoiceField(choices=((1, "One"), (2, "Two")), initial=2)

    html = HTMLFormRenderer().render(S().data)
    assert '<option value="2" selected >Two</option>' in html
    assert '<option value="1"  >One</option>' in html


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (datetime.datetime(2024, 12, 24, 0, 55, 30, 345678), {}, "2024-12-24T00:55:30.345"),
        (
            datetime.datetime(2024, 12, 24, 0, 55),
            {"format": "%d %b %Y %H:%M"},
            "2024-12-24T00:55:00.000",
        ),
        (datetime.datetime(2024, 12, 24, 0, 55, 30), {"format": None}, "2024-12-24T00:55:30.000"),
        ("", {}, ""),
        (None, {}, ""),
    ],
)
@override_settings(TIME_ZONE="UTC")
def test_datetime_local_value(value: object, kwargs: dict, expected: str) -> None:
    class S(serializers.Serializer):
        when = serializers.DateTimeField(**kwargs)

    serializer = S(data={"when": value})
    serializer.is_valid()
    html = HTMLFormRenderer().render_field(serializer["when"], {})
    assert 'type="datetime-local"' in html
    assert f'value="{expected}"' in html


def test_nested_serializer_fieldset() -> None:
    class Inner(serializers.Serializer):
        one = serializers.IntegerField()

    class Outer(serializers.Serializer):
        inner = Inner()
        many = Inner(many=True)

    html = HTMLFormRenderer().render(Outer().data)
    assert "<legend>Inner</legend>" in html
    assert '<input name="inner.one"' in html
    assert "<legend>Many</legend>" in html
    assert "Lists are not currently supported in HTML input." in html


def test_default_style_lookup_is_extensible() -> None:
    class Colour(serializers.CharField):
        pass

    renderer = HTMLFormRenderer()
    assert renderer.default_style[Colour()] == {"base_template": "input.html", "input_type": "text"}
    assert HTMLFormRenderer.default_style[serializers.BooleanField] == {
        "base_template": "checkbox.html"
    }
