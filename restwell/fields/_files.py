"""Uploaded file fields: FileField and ImageField."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.forms import ImageField as DjangoImageField
from django.utils.translation import gettext_lazy as _

from restwell.exceptions import ValidationError
from restwell.fields._base import Field, get_error_detail
from restwell.settings import api_settings
from restwell.utils import html

_unset = object()


class FileField(Field):
    """An uploaded file; output is its URL (absolute with a request) or its name.

    ``use_url`` (default ``UPLOADED_FILES_USE_URL``) picks URL or name output;
    ``max_length`` limits the file name; ``allow_empty_file`` admits 0 bytes.
    """

    default_error_messages = {
        "required": _("No file was submitted."),
        "invalid": _("The submitted data was not a file. Check the encoding type on the form."),
        "no_name": _("No filename could be determined."),
        "empty": _("The submitted file is empty."),
        "max_length": _(
            "Ensure this filename has at most {max_length} characters (it has {length})."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        self.max_length = kwargs.pop("max_length", None)
        self.allow_empty_file = kwargs.pop("allow_empty_file", False)
        if "use_url" in kwargs:
            self.use_url = kwargs.pop("use_url")
        super().__init__(**kwargs)

    def get_value(self, dictionary: Any) -> Any:
        """Return the upload for this field.

        In form input a blank value is not "no file": it means null with
        ``allow_null`` and is otherwise refused as not a file, where Django REST
        framework silently skips it for optional fields (case C07). A missing
        key is still "not provided".
        """
        if html.is_html_input(dictionary) and dictionary.get(self.field_name, None) == "":
            return None if self.allow_null else ""
        return super().get_value(dictionary)

    def to_internal_value(self, data: Any) -> Any:
        """Return the uploaded file after checking its name and size."""
        try:
            file_name = data.name
            file_size = data.size
        except AttributeError:
            self.fail("invalid")
        if not file_name:
            self.fail("no_name")
        if not self.allow_empty_file and not file_size:
            self.fail("empty")
        if self.max_length and len(file_name) > self.max_length:
            self.fail("max_length", max_length=self.max_length, length=len(file_name))
        return data

    def to_representation(self, value: Any) -> Any:
        """Return the file's URL (absolute when a request is in the context) or its name."""
        if not value:
            return None
        use_url = getattr(self, "use_url", _unset)
        if use_url is _unset:
            use_url = api_settings.UPLOADED_FILES_USE_URL
        if not use_url:
            return value.name
        try:
            url = value.url
        except AttributeError:
            return None
        request = self.context.get("request", None)
        if request is not None:
            return request.build_absolute_uri(url)
        return url


class ImageField(FileField):
    """An uploaded image, checked by Django's ``forms.ImageField`` (needs Pillow)."""

    default_error_messages = {
        "invalid_image": _(
            "Upload a valid image. The file you uploaded was either not an image or a "
            "corrupted image."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        self._DjangoImageField = kwargs.pop("_DjangoImageField", DjangoImageField)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        """Return the uploaded file once Django's image field accepts it."""
        file_object = super().to_internal_value(data)
        django_field = self._DjangoImageField()
        django_field.error_messages = self.error_messages
        try:
            return django_field.clean(file_object)
        except DjangoValidationError as exc:
            # Reported as the field's own error, so a standalone field (or a
            # list child) never lets Django's exception escape as a 500.
            raise ValidationError(get_error_detail(exc))
        except ImportError as exc:
            raise ImproperlyConfigured(
                "ImageField needs Pillow to check uploaded images. Install it "
                "(pip install Pillow) or use FileField instead."
            ) from exc


__all__ = ["FileField", "ImageField"]
