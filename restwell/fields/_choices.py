"""Choice fields (ChoiceField, MultipleChoiceField, FilePathField) and choice helpers."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Any

from django.forms import FilePathField as DjangoFilePathField
from django.utils.translation import gettext_lazy as _

from restwell.fields._base import Field, empty
from restwell.utils import html


def to_choices_dict(choices: Any) -> dict[Any, Any]:
    """Turn flat, paired or grouped choices into an ordered dict.

    ``[1, 2]`` gives ``{1: 1, 2: 2}``; ``[(1, 'One')]`` gives ``{1: 'One'}``;
    ``[('Group', [(1, 'One')])]`` gives ``{'Group': {1: 'One'}}``.
    """
    result: dict[Any, Any] = {}
    for choice in choices:
        if isinstance(choice, (list, tuple)):
            key, value = choice
            result[key] = to_choices_dict(value) if isinstance(value, (list, tuple)) else value
        else:
            result[choice] = choice
    return result


def flatten_choices_dict(choices: dict[Any, Any]) -> dict[Any, Any]:
    """Merge the groups of a ``to_choices_dict()`` result into one flat dict."""
    result: dict[Any, Any] = {}
    for key, value in choices.items():
        if isinstance(value, dict):
            result.update(value)
        else:
            result[key] = value
    return result


class StartOptionGroup:
    """Marks the start of an ``<optgroup>`` in ``iter_options()`` output."""

    start_option_group = True
    end_option_group = False

    def __init__(self, label: Any) -> None:
        self.label = label


class EndOptionGroup:
    """Marks the end of an ``<optgroup>`` in ``iter_options()`` output."""

    start_option_group = False
    end_option_group = True


class Option:
    """One ``<option>`` in ``iter_options()`` output."""

    start_option_group = False
    end_option_group = False

    def __init__(self, value: Any, display_text: Any, disabled: bool = False) -> None:
        self.value = value
        self.display_text = display_text
        self.disabled = disabled


def iter_options(
    grouped_choices: dict[Any, Any], cutoff: int | None = None, cutoff_text: Any = None
) -> Iterator[Any]:
    """Yield the options and option-group markers a ``<select>`` template renders.

    At most ``cutoff`` options are yielded, then a disabled option showing
    ``cutoff_text`` (formatted with ``count``).
    """
    count = 0
    for key, value in grouped_choices.items():
        if cutoff and count >= cutoff:
            break
        if isinstance(value, dict):
            yield StartOptionGroup(label=key)
            for sub_key, sub_value in value.items():
                if cutoff and count >= cutoff:
                    break
                yield Option(value=sub_key, display_text=sub_value)
                count += 1
            yield EndOptionGroup()
        else:
            yield Option(value=key, display_text=value)
            count += 1
    if cutoff and count >= cutoff and cutoff_text:
        yield Option(value="n/a", display_text=cutoff_text.format(count=cutoff), disabled=True)


def _choice_key(value: Any) -> str:
    # Enum members match on their value's string, so IntEnum 1 and "1" agree.
    if isinstance(value, Enum) and str(value) != str(value.value):
        return str(value.value)
    return str(value)


class ChoiceField(Field):
    """One value out of ``choices``; input matches a choice key by its string form.

    ``ChoiceField(choices=[(1, 'Low')])`` accepts ``1`` and ``"1"`` and returns
    ``1``. Labels are not accepted as input.
    """

    default_error_messages = {"invalid_choice": _('"{input}" is not a valid choice.')}
    html_cutoff: int | None = None
    html_cutoff_text: Any = _("More than {count} items...")

    def __init__(self, choices: Any, **kwargs: Any) -> None:
        self.choices = choices
        self.html_cutoff = kwargs.pop("html_cutoff", self.html_cutoff)
        self.html_cutoff_text = kwargs.pop("html_cutoff_text", self.html_cutoff_text)
        self.allow_blank = kwargs.pop("allow_blank", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        """Return the choice key matching ``data``."""
        if type(data) is str:
            if data == "" and self.allow_blank:
                return ""
            key = data
        elif data == "" and self.allow_blank:
            return ""
        else:
            key = _choice_key(data)
        try:
            return self.choice_strings_to_values[key]
        except KeyError:
            self.fail("invalid_choice", input=data)

    def to_representation(self, value: Any) -> Any:
        """Return the choice key matching ``value`` (``value`` itself if none matches)."""
        if value in ("", None):
            return value
        return self.choice_strings_to_values.get(_choice_key(value), value)

    def iter_options(self) -> Iterator[Any]:
        """Yield the options for a ``<select>`` widget (see ``iter_options()``)."""
        return iter_options(
            self.grouped_choices, cutoff=self.html_cutoff, cutoff_text=self.html_cutoff_text
        )

    def _get_choices(self) -> dict[Any, Any]:
        return self._choices

    def _set_choices(self, choices: Any) -> None:
        self.grouped_choices = to_choices_dict(choices)
        self._choices = flatten_choices_dict(self.grouped_choices)
        self.choice_strings_to_values = {_choice_key(key): key for key in self._choices}

    choices = property(_get_choices, _set_choices)


class MultipleChoiceField(ChoiceField):
    """A list of values out of ``choices``, returned without duplicates in input order."""

    default_error_messages = {
        "invalid_choice": _('"{input}" is not a valid choice.'),
        "not_a_list": _('Expected a list of items but got type "{input_type}".'),
        "empty": _("This selection may not be empty."),
    }
    default_empty_html: Any = []

    def __init__(self, **kwargs: Any) -> None:
        self.allow_empty = kwargs.pop("allow_empty", True)
        super().__init__(**kwargs)

    def get_value(self, dictionary: Any) -> Any:
        """Return the list for this field; HTML forms send it as repeated keys."""
        if self.field_name not in dictionary and getattr(self.root, "partial", False):
            return empty
        if html.is_html_input(dictionary):
            return dictionary.getlist(self.field_name)
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data: Any) -> Any:
        """Return the list of matching choice keys."""
        if isinstance(data, str) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        to_value = super().to_internal_value
        return list(dict.fromkeys(to_value(item) for item in data))

    def to_representation(self, value: Any) -> Any:
        """Return the list of matching choice keys, without duplicates."""
        lookup = self.choice_strings_to_values
        return list(dict.fromkeys(lookup.get(str(item), item) for item in value))


class FilePathField(ChoiceField):
    """A choice among the file system paths under ``path`` (as Django's ``FilePathField``)."""

    default_error_messages = {"invalid_choice": _('"{input}" is not a valid path choice.')}

    def __init__(
        self,
        path: str,
        match: str | None = None,
        recursive: bool = False,
        allow_files: bool = True,
        allow_folders: bool = False,
        required: bool | None = None,
        **kwargs: Any,
    ) -> None:
        # Django's form field walks the directory and builds the choices.
        django_field = DjangoFilePathField(
            path,
            match=match,
            recursive=recursive,
            allow_files=allow_files,
            allow_folders=allow_folders,
            # Django only tests it for truth: None, like False, adds the blank choice.
            required=bool(required),
        )
        kwargs["choices"] = django_field.choices
        kwargs["required"] = required
        super().__init__(**kwargs)


__all__ = [
    "ChoiceField",
    "FilePathField",
    "MultipleChoiceField",
    "flatten_choices_dict",
    "iter_options",
    "to_choices_dict",
]
