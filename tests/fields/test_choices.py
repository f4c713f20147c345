"""restwell.fields._choices: ChoiceField, MultipleChoiceField, FilePathField and helpers."""

from __future__ import annotations

import enum
import os

import pytest
from django.db.models import IntegerChoices, TextChoices
from django.http import QueryDict

from restwell.fields import (
    ChoiceField,
    FilePathField,
    MultipleChoiceField,
    empty,
    flatten_choices_dict,
    iter_options,
    to_choices_dict,
)
from tests.fields._tables import assert_invalid, assert_output, assert_valid


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


LEVELS = [(1, "Low"), (2, "High")]


@pytest.mark.parametrize("data", [1, "1", Level.LOW])
def test_choice_typed_keys(data):
    """C04: ``1``, ``"1"`` and an IntEnum member with value 1 all give the int 1."""
    assert_valid(ChoiceField(choices=LEVELS), data, 1)


@pytest.mark.parametrize(
    "data,shown", [(3, "3"), ("Low", "Low"), ("", ""), ("1.0", "1.0"), (True, "True")]
)
def test_choice_invalid(data, shown):
    """C04: unknown keys and labels are refused, quoting the input."""
    assert_invalid(
        ChoiceField(choices=LEVELS), data, [f'"{shown}" is not a valid choice.'], ["invalid_choice"]
    )


def test_choice_blank_and_outputs():
    field = ChoiceField(choices=LEVELS, allow_blank=True)
    assert field.run_validation("") == ""
    assert_output(field, "2", 2)
    assert_output(field, 2, 2)
    assert_output(field, "", "")
    assert_output(field, None, None)
    assert_output(field, 9, 9)
    assert_output(field, Level.HIGH, 2)


def test_choice_django_enums():
    class Fruit(TextChoices):
        APPLE = "apple", "Apple"

    class Size(IntegerChoices):
        BIG = 10, "Big"

    assert ChoiceField(choices=Fruit.choices).run_validation(Fruit.APPLE) == "apple"
    assert ChoiceField(choices=Size.choices).run_validation("10") == 10
    assert ChoiceField(choices=Size.choices).to_representation(Size.BIG) == 10


def test_grouped_choices():
    choices = [("Group", [(1, "One"), (2, "Two")]), (3, "Three"), 4]
    field = ChoiceField(choices=choices)
    assert field.grouped_choices == {"Group": {1: "One", 2: "Two"}, 3: "Three", 4: 4}
    assert field.choices == {1: "One", 2: "Two", 3: "Three", 4: 4}
    assert field.run_validation("2") == 2
    assert field.run_validation(4) == 4
    options = list(field.iter_options())
    assert [type(o).__name__ for o in options] == [
        "StartOptionGroup",
        "Option",
        "Option",
        "EndOptionGroup",
        "Option",
        "Option",
    ]
    assert options[0].label == "Group"
    assert (options[1].value, options[1].display_text) == (1, "One")


def test_choice_helpers():
    assert to_choices_dict([1, (2, "two")]) == {1: 1, 2: "two"}
    assert flatten_choices_dict({"G": {1: "a"}, 2: "b"}) == {1: "a", 2: "b"}
    opts = list(iter_options({1: "a", 2: "b", 3: "c"}, cutoff=2, cutoff_text="More than {count}"))
    assert [(o.value, o.display_text, o.disabled) for o in opts] == [
        (1, "a", False),
        (2, "b", False),
        ("n/a", "More than 2", True),
    ]


def test_choices_can_be_reassigned():
    field = ChoiceField(choices=LEVELS)
    field.choices = [(5, "Five")]
    assert field.run_validation("5") == 5
    assert_invalid(field, 1, ['"1" is not a valid choice.'])


def test_multiple_choice():
    field = MultipleChoiceField(choices=LEVELS)
    assert field.run_validation(["1", 2, "1"]) == [1, 2]
    assert field.run_validation([]) == []
    assert_invalid(field, "1", ['Expected a list of items but got type "str".'], ["not_a_list"])
    assert_invalid(field, 5, ['Expected a list of items but got type "int".'])
    assert_invalid(field, ["1", "x"], ['"x" is not a valid choice.'])
    assert_output(field, ["1", 2, 2], [1, 2])
    not_empty = MultipleChoiceField(choices=LEVELS, allow_empty=False)
    assert_invalid(not_empty, [], ["This selection may not be empty."], ["empty"])


def test_multiple_choice_html_input():
    field = MultipleChoiceField(choices=LEVELS)
    field.bind("levels", None)
    assert field.get_value(QueryDict("levels=1&levels=2")) == ["1", "2"]
    assert field.get_value(QueryDict("")) == []
    assert field.get_value({"other": 1}) is empty


def test_file_path_field(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.py").write_text("x")
    field = FilePathField(path=str(tmp_path), match=r".*\.txt$")
    target = os.path.join(str(tmp_path), "a.txt")
    assert field.run_validation(target) == target
    assert_invalid(field, "/etc/passwd", ['"/etc/passwd" is not a valid path choice.'])
    assert FilePathField(path=str(tmp_path), required=False).required is False
