"""restwell.fields._files: FileField and ImageField."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ImageField as DjangoImageField
from django.http import QueryDict
from django.test import RequestFactory, override_settings

from restwell.exceptions import ValidationError
from restwell.fields import FileField, ImageField
from tests.fields._tables import assert_invalid

NOT_A_FILE = ["The submitted data was not a file. Check the encoding type on the form."]
NOT_AN_IMAGE = (
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
)


def upload(name: str, content: bytes = b"data") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("data", ["", "https://cdn.x.test/a.png", 1, {"name": "a.png"}])
def test_file_not_a_file(data):
    """C07: an empty string or a URL string is not a file."""
    assert_invalid(FileField(), data, NOT_A_FILE, ["invalid"])


def test_file_blank_form_value():
    """C07: ``avatar=`` in a form is refused (null with allow_null); absence is not an error."""
    from django.utils.datastructures import MultiValueDict

    from restwell.fields import empty

    for kwargs in ({}, {"required": False}):
        field = FileField(**kwargs)
        field.bind("avatar", None)
        data = field.get_value(QueryDict("avatar="))
        assert_invalid(field, data, NOT_A_FILE)
        assert field.get_value(QueryDict("other=1")) is empty
    nullable = FileField(allow_null=True)
    nullable.bind("avatar", None)
    assert nullable.get_value(QueryDict("avatar=")) is None
    upload_ = upload("a.png")
    assert nullable.get_value(MultiValueDict({"avatar": [upload_]})) is upload_


def test_file_required_and_null():
    assert_invalid(FileField(), None, ["This field may not be null."])
    from restwell.fields import empty

    assert_invalid(FileField(), empty, ["No file was submitted."], ["required"])
    assert FileField(allow_null=True).run_validation(None) is None


def test_file_empty():
    """C07: a 0-byte upload is refused unless allow_empty_file."""
    assert_invalid(FileField(), upload("a.png", b""), ["The submitted file is empty."], ["empty"])
    f = upload("a.png", b"")
    assert FileField(allow_empty_file=True).run_validation(f) is f


def test_file_name_too_long():
    """C07: a 150-character name with max_length=100."""
    name = "a" * 146 + ".png"
    assert_invalid(
        FileField(max_length=100),
        upload(name),
        ["Ensure this filename has at most 100 characters (it has 150)."],
        ["max_length"],
    )


def test_file_no_name():
    class Nameless:
        name = ""
        size = 3

    assert_invalid(FileField(), Nameless(), ["No filename could be determined."], ["no_name"])


def test_file_valid():
    f = upload("a.txt")
    assert FileField().run_validation(f) is f


class Stored:
    def __init__(self, name: str, url: str | None = None) -> None:
        self.name = name
        if url is not None:
            self.url = url

    def __bool__(self) -> bool:
        return bool(self.name)


class Parent:
    def __init__(self, context):
        self._context = context
        self.parent = None


def test_file_outputs():
    field = FileField()
    assert field.to_representation(None) is None
    assert field.to_representation(Stored("")) is None
    assert field.to_representation(Stored("a.png", "/media/a.png")) == "/media/a.png"
    assert field.to_representation(Stored("a.png")) is None
    assert FileField(use_url=False).to_representation(Stored("dir/a.png", "/m")) == "dir/a.png"
    with override_settings(REST_FRAMEWORK={"UPLOADED_FILES_USE_URL": False}):
        assert field.to_representation(Stored("dir/a.png", "/m")) == "dir/a.png"
    bound = FileField()
    bound.bind("f", Parent({"request": RequestFactory().get("/")}))
    assert bound.to_representation(Stored("a", "/media/a")) == "http://testserver/media/a"


class AcceptAll(DjangoImageField):
    default_validators: list = []

    def to_python(self, data):
        return data


class RejectAll(AcceptAll):
    def to_python(self, data):
        raise DjangoValidationError(self.error_messages["invalid_image"], code="invalid_image")


def test_image_delegates_to_django():
    f = upload("a.png")
    assert ImageField(_DjangoImageField=AcceptAll).run_validation(f) is f
    assert_invalid(
        ImageField(_DjangoImageField=RejectAll), upload("a.png"), [NOT_AN_IMAGE], ["invalid_image"]
    )


def test_image_without_pillow_is_a_configuration_error():
    try:
        import PIL  # noqa: F401
    except ImportError:
        with pytest.raises(ImproperlyConfigured, match="pip install Pillow"):
            ImageField().run_validation(upload("a.png"))
    else:
        pytest.skip("Pillow is installed")


def test_image_field_keeps_file_checks():
    """C07: file-level checks run before the image check."""
    field = ImageField(_DjangoImageField=AcceptAll, max_length=5)
    assert_invalid(field, "", NOT_A_FILE)
    assert_invalid(field, upload("a.png", b""), ["The submitted file is empty."])
    assert_invalid(
        field, upload("abcdef.png"), ["Ensure this filename has at most 5 characters (it has 10)."]
    )


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_image_real_validation():
    """C07: with Pillow installed, text named .png and a PNG named .txt are both refused."""
    pytest.importorskip("PIL")
    png = png_bytes()
    field = ImageField()
    assert_invalid(field, upload("a.png", b"not an image at all"), [NOT_AN_IMAGE])
    with pytest.raises(ValidationError) as info:
        field.run_validation(upload("a.txt", png))
    assert info.value.get_codes() == ["invalid_extension"]
    assert str(info.value.detail[0]).startswith("File extension “txt” is not allowed.")
    assert field.run_validation(upload("a.png", png)).name == "a.png"
