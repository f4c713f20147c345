"""ModelSerializer and HyperlinkedModelSerializer.

Fields are built from the model once per serializer class and cached; each
instance receives cheap copies. Overriding a field-building hook turns the
cache off for that class, so the hook runs per instance as in DRF.
"""

from __future__ import annotations

import traceback
from contextlib import nullcontext
from typing import Any

from django.core.signals import setting_changed
from django.db import models, router, transaction

from restwell.fields import (
    BigIntegerField,
    BooleanField,
    CharField,
    ChoiceField,
    DateField,
    DateTimeField,
    DecimalField,
    DurationField,
    EmailField,
    FileField,
    FilePathField,
    FloatField,
    HStoreField,
    ImageField,
    IntegerField,
    IPAddressField,
    JSONField,
    ListField,
    ModelField,
    SlugField,
    TimeField,
    URLField,
    UUIDField,
)
from restwell.relations import (
    HyperlinkedIdentityField,
    HyperlinkedRelatedField,
    PrimaryKeyRelatedField,
    SlugRelatedField,
)
from restwell.serializers._base import ClassKeyed, clone_field
from restwell.serializers._model_build import ModelFieldBuilder, _pg_fields
from restwell.serializers._nested import (
    raise_errors_on_nested_writes,
    save_deferred,
    save_forward,
    split_nested,
)
from restwell.serializers._serializer import NO_CLASS_VALIDATORS, Serializer, _templates_for
from restwell.settings import api_settings
from restwell.utils import model_meta

_BUILDER_HOOKS = (
    "get_field_names",
    "get_default_field_names",
    "build_field",
    "build_standard_field",
    "build_relational_field",
    "build_nested_field",
    "build_property_field",
    "build_url_field",
    "build_unknown_field",
    "include_extra_kwargs",
    "get_extra_kwargs",
    "get_uniqueness_extra_kwargs",
    "get_unique_together_constraints",
    "_get_model_fields",
)
_VALIDATOR_HOOKS = (*_BUILDER_HOOKS, "get_unique_together_validators", "get_unique_for_date_validators")

# Per serializer class: the built prototype fields and the default validators.
_FIELD_CACHE = ClassKeyed("model_fields")
_VALIDATOR_CACHE = ClassKeyed("validators")


def _clear_caches(**kwargs: Any) -> None:
    if kwargs.get("setting") in (None, "REST_FRAMEWORK", "INSTALLED_APPS"):
        _FIELD_CACHE.clear()
        _VALIDATOR_CACHE.clear()


setting_changed.connect(_clear_caches)

_HOOK_CACHES = {_BUILDER_HOOKS: ClassKeyed("builder_hooks"), _VALIDATOR_HOOKS: ClassKeyed("validator_hooks")}


def _hooks_are_ours(cls: type, hooks: tuple[str, ...]) -> bool:
    cache = _HOOK_CACHES[hooks]
    ours = cache.get(cls)
    if ours is None:
        ours = all((getattr(getattr(cls, hook), "__module__", "") or "").startswith("restwell.") for hook in hooks)
        cache[cls] = ours
    return ours


class ModelSerializer(ModelFieldBuilder, Serializer):
    """A ``Serializer`` whose fields, validators and ``create()``/``update()`` come from a model.

    Configure it with ``Meta.model`` and ``Meta.fields`` (or ``exclude``), plus
    optionally ``read_only_fields``, ``extra_kwargs``, ``depth`` and
    ``validators``. Declare a field on the class to override a generated one.
    """

    serializer_field_mapping: dict[type, Any] = {
        models.AutoField: IntegerField,
        models.BigAutoField: BigIntegerField,
        models.BigIntegerField: BigIntegerField,
        models.BooleanField: BooleanField,
        models.CharField: CharField,
        models.CommaSeparatedIntegerField: CharField,
        models.DateField: DateField,
        models.DateTimeField: DateTimeField,
        models.DecimalField: DecimalField,
        models.DurationField: DurationField,
        models.EmailField: EmailField,
        models.Field: ModelField,
        models.FileField: FileField,
        models.FloatField: FloatField,
        models.ImageField: ImageField,
        models.IntegerField: IntegerField,
        models.PositiveIntegerField: IntegerField,
        models.PositiveSmallIntegerField: IntegerField,
        models.SlugField: SlugField,
        models.SmallIntegerField: IntegerField,
        models.TextField: CharField,
        models.TimeField: TimeField,
        models.URLField: URLField,
        models.UUIDField: UUIDField,
        models.GenericIPAddressField: IPAddressField,
        models.FilePathField: FilePathField,
        models.JSONField: JSONField,
    }
    if hasattr(models, "NullBooleanField"):  # pragma: no cover - removed from Django
        serializer_field_mapping[models.NullBooleanField] = BooleanField
    if _pg_fields is not None:
        serializer_field_mapping[_pg_fields.HStoreField] = HStoreField
        serializer_field_mapping[_pg_fields.ArrayField] = ListField
        serializer_field_mapping[_pg_fields.JSONField] = JSONField
    serializer_related_field: Any = PrimaryKeyRelatedField
    serializer_related_to_field: Any = SlugRelatedField
    serializer_url_field: Any = HyperlinkedIdentityField
    serializer_choice_field: Any = ChoiceField

    # Name of the hyperlinked identity field; None means the URL_FIELD_NAME setting.
    url_field_name: Any = None

    # -- fields ---------------------------------------------------------

    def get_fields(self) -> dict[str, Any]:
        """Return ``{name: field}``: the declared fields plus those built from the model.

        The built fields are cached per class; each call returns fresh copies.
        """
        if self.url_field_name is None:
            self.url_field_name = api_settings.URL_FIELD_NAME
        cls = type(self)
        if not _hooks_are_ours(cls, _BUILDER_HOOKS):
            declared = {name: clone_field(field) for name, field in self._declared_fields.items()}
            return self._build_model_fields(declared)
        protos = _FIELD_CACHE.get(cls)
        if protos is None:
            protos = self._build_model_fields(dict(self._declared_fields))
            _FIELD_CACHE[cls] = protos
        return {name: clone_field(field) for name, field in protos.items()}

    def _field_templates(self) -> dict[str, Any] | None:
        cls = type(self)
        if cls.get_fields is not ModelSerializer.get_fields or not _hooks_are_ours(cls, _BUILDER_HOOKS):
            return None
        if self.url_field_name is None:
            self.url_field_name = api_settings.URL_FIELD_NAME
        return _templates_for(self)

    def get_validators(self) -> list[Any]:
        """Return ``Meta.validators`` if set, else validators for the model's uniqueness rules."""
        cls = type(self)
        state = self.__dict__
        if "fields" not in state or state.get("_rw_pristine", False):
            # Only classes whose validators depend on nothing but the class
            # (and with no Meta.validators) are cached, so an instance with
            # the class's own fields may reuse them. Checked first: a failed
            # getattr on the Meta class costs a formatted AttributeError.
            cached = _VALIDATOR_CACHE.get(cls)
            if cached is not None:
                return list(cached)
        validators = getattr(getattr(self, "Meta", None), "validators", None)
        if validators is not None:
            return list(validators)
        default_fields = (
            state.get("_rw_pristine", False) if "fields" in state else self._field_templates() is not None
        )
        cacheable = default_fields and _hooks_are_ours(cls, _VALIDATOR_HOOKS)
        result = self.get_unique_together_validators() + self.get_unique_for_date_validators()
        if cacheable:
            _VALIDATOR_CACHE[cls] = result
            if not result:
                NO_CLASS_VALIDATORS[cls] = ModelSerializer.get_validators
        return list(result)

    # -- saving -----------------------------------------------------------

    def _integrity_error_detail(self, exc: Exception, validated_data: Any) -> Any:
        # The other writer has committed by now, so re-running the uniqueness
        # checks usually names the conflicting fields (C09).
        from restwell.exceptions import ValidationError
        from restwell.serializers._base import as_serializer_error

        model = getattr(getattr(self, "Meta", None), "model", None)
        using = router.db_for_write(model) if model is not None else None
        if transaction.get_connection(using).in_atomic_block:
            # No savepoint was paid for on the happy path, so the enclosing
            # transaction is broken: roll it back and report without querying.
            transaction.set_rollback(True, using=using)
            return super()._integrity_error_detail(exc, validated_data)
        attrs = dict(validated_data) if isinstance(validated_data, dict) else {}
        errors: dict[str, Any] = {}
        for field in self._writable_fields:
            if field.source in attrs:
                try:
                    field.run_validators(attrs[field.source])
                except ValidationError as field_exc:
                    errors[field.field_name] = field_exc.detail
        if errors:
            return errors
        try:
            self.run_validators(attrs)
        except ValidationError as recheck:
            return as_serializer_error(recheck)
        return super()._integrity_error_detail(exc, validated_data)

    def create(self, validated_data: dict[str, Any]) -> Any:
        """Create the model instance: ``Model._default_manager.create(**validated_data)``.

        Many-to-many values are set after the instance exists. Simple nested
        data (see ``restwell.serializers._nested``) is saved too.
        """
        model_class = self.Meta.model
        info = model_meta.get_field_info(model_class)
        forward, deferred, supported = split_nested(self, validated_data, info)
        if not supported:
            raise_errors_on_nested_writes("create", self, validated_data)
        many_to_many = {
            name: validated_data.pop(name)
            for name, relation in info.relations.items()
            if relation.to_many and name in validated_data
        }
        manager = model_class._default_manager
        with _atomic_when(bool(forward or many_to_many or deferred), model_class):
            save_forward(None, model_class, forward, info, validated_data)
            try:
                instance = manager.create(**validated_data)
            except TypeError as exc:
                raise TypeError(self._create_type_error(model_class, manager)) from exc
            for name, value in many_to_many.items():
                getattr(instance, name).set(value)
            save_deferred(instance, deferred, info, replace=False)
        return instance

    def _create_type_error(self, model_class: Any, manager: Any) -> str:
        return (
            f"Got a `TypeError` when calling `{model_class.__name__}.{manager.name}.create()`. "
            "This may be because you have a writable field on the "
            "serializer class that is not a valid argument to "
            f"`{model_class.__name__}.{manager.name}.create()`. You may need to make the field "
            f"read-only, or override the {type(self).__name__}.create() method to handle "
            f"this correctly.\nOriginal exception was:\n {traceback.format_exc()}"
        )

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        """Set each validated attribute on ``instance`` and save it; then set many-to-many values."""
        info = model_meta.get_field_info(instance)
        forward, deferred, supported = split_nested(self, validated_data, info)
        if not supported:
            raise_errors_on_nested_writes("update", self, validated_data)
        m2m = []
        for attr, value in validated_data.items():
            relation = info.relations.get(attr)
            if relation is not None and relation.to_many:
                m2m.append((attr, value))
        with _atomic_when(bool(forward or m2m or deferred), type(instance)):
            save_forward(instance, type(instance), forward, info, validated_data)
            for attr, value in validated_data.items():
                relation = info.relations.get(attr)
                if relation is None or not relation.to_many:
                    setattr(instance, attr, value)
            instance.save()
            for attr, value in m2m:
                getattr(instance, attr).set(value)
            save_deferred(instance, deferred, info, replace=True)
        return instance

    async def acreate(self, validated_data: dict[str, Any]) -> Any:
        """Async twin of :meth:`create` over Django's async ORM.

        A subclass that overrides only ``create()`` gets it called in a thread.
        """
        cls = type(self)
        info = model_meta.get_field_info(self.Meta.model)
        if (
            cls.create is not ModelSerializer.create
            or _has_nested(validated_data, info)
            or _has_to_many(validated_data, info)
        ):
            # Django's async ORM has no transactions: writes of several rows
            # run as create() in a thread, inside one.
            return await super().acreate(validated_data)
        many_to_many = {
            name: validated_data.pop(name)
            for name, relation in info.relations.items()
            if relation.to_many and name in validated_data
        }
        manager = self.Meta.model._default_manager
        try:
            instance = await manager.acreate(**validated_data)
        except TypeError as exc:
            raise TypeError(self._create_type_error(self.Meta.model, manager)) from exc
        for name, value in many_to_many.items():
            await getattr(instance, name).aset(value)
        return instance

    async def aupdate(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        """Async twin of :meth:`update` over Django's async ORM."""
        cls = type(self)
        info = model_meta.get_field_info(instance)
        if (
            cls.update is not ModelSerializer.update
            or _has_nested(validated_data, info)
            or _has_to_many(validated_data, info)
        ):
            return await super().aupdate(instance, validated_data)
        m2m = []
        for attr, value in validated_data.items():
            relation = info.relations.get(attr)
            if relation is not None and relation.to_many:
                m2m.append((attr, value))
            else:
                setattr(instance, attr, value)
        await instance.asave()
        for attr, value in m2m:
            await getattr(instance, attr).aset(value)
        return instance


def _atomic_when(several_writes: bool, model: Any) -> Any:
    """One transaction around create()/update() when they write more than one row.

    Without it a failure after the first write (a related row deleted
    meanwhile, a constraint checked at commit) would leave the object
    half-written while the client gets a 400. A single write is atomic on
    its own, so the common case pays for no savepoint.
    """
    if not several_writes:
        return nullcontext()
    return transaction.atomic(using=router.db_for_write(model))


def _has_to_many(validated_data: dict[str, Any], info: Any) -> bool:
    return any(
        name in validated_data and relation.to_many for name, relation in info.relations.items()
    )


def _has_nested(validated_data: dict[str, Any], info: Any) -> bool:
    return any(
        name in info.relations and isinstance(value, (dict, list)) and value and isinstance(
            value if isinstance(value, dict) else value[0], dict
        )
        for name, value in validated_data.items()
    )


class HyperlinkedModelSerializer(ModelSerializer):
    """A ModelSerializer that links related objects by URL and has a ``url`` field instead of ``id``."""

    serializer_related_field: Any = HyperlinkedRelatedField

    def get_default_field_names(self, declared_fields: dict[str, Any], model_info: Any) -> list[str]:
        return [self.url_field_name, *declared_fields, *model_info.fields, *model_info.forward_relations]

    def _nested_base(self) -> type:
        return HyperlinkedModelSerializer


__all__ = ["HyperlinkedModelSerializer", "ModelSerializer", "raise_errors_on_nested_writes"]
