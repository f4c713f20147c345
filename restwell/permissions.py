"""Permission policies: may this request (and this object) go ahead?

A permission class answers ``has_permission(request, view)`` for every request
and ``has_object_permission(request, view, obj)`` when a view checks an
object (``get_object()``). A refusal becomes a 403, or a 401 when the request
was not authenticated and the first authenticator names a scheme. ``message``
and ``code`` on the class set the error body.

Classes combine with ``&``, ``|`` and ``~``. For an object, a permission grants
access only if it grants both the request and the object, and the operators
keep that meaning: ``A | B`` grants an object when ``A`` grants request and
object, or ``B`` does; ``~A`` grants an object when ``A`` does not grant both.

The async request path calls ``ahas_permission`` / ``ahas_object_permission``.
For restwell's I/O-free classes they run inline; a subclass that overrides the
sync method gets its override called (in a thread, since it may use the
database), or awaited if it is an ``async def``.
"""

from __future__ import annotations

import inspect
import logging
from typing import Any

from asgiref.sync import sync_to_async
from django.http import Http404

from restwell import exceptions
from restwell._async import call_policy
from restwell._errors import ConfigurationError

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

security_logger = logging.getLogger("restwell.security")

# Sync methods known to do no I/O: the async twins call these inline.
_PURE: set[Any] = set()


def _pure(func: Any) -> Any:
    _PURE.add(func)
    return func


def _dispatcher(name: str) -> Any:
    async def twin(self: Any, *args: Any) -> Any:
        return await _call_sync(self, name, *args)

    twin._restwell_dispatcher = True  # type: ignore[attr-defined]
    twin.__name__ = "a" + name
    twin.__doc__ = "The async twin of ``%s``; override ``%s`` instead." % (name, name)
    return twin


async def _call_sync(obj: Any, name: str, *args: Any) -> Any:
    bound = getattr(obj, name)
    if inspect.iscoroutinefunction(bound):
        return await bound(*args)
    if getattr(type(obj), name) in _PURE:
        return bound(*args)
    return await sync_to_async(bound)(*args)


def log_permission_denied(request: Any, view: Any, permission: Any, obj: Any = None) -> None:
    """Write one ``restwell.security`` line for a refused request (no secrets)."""
    user = getattr(request, "_user", None)
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    meta = getattr(request, "META", None) or {}
    security_logger.warning(
        "permission denied: permission=%s view=%s method=%s path=%s user=%s addr=%s%s",
        getattr(permission, "__class__", type(permission)).__name__,
        type(view).__name__,
        getattr(request, "method", "-"),
        getattr(request, "path", "-"),
        user_id if user_id is not None else "anonymous",
        meta.get("REMOTE_ADDR") or "-",
        " object=%s" % type(obj).__name__ if obj is not None else "",
    )


class OperationHolderMixin:
    """Lets permission classes (and their combinations) be combined with ``&``, ``|``, ``~``."""

    def __and__(self, other: Any) -> OperandHolder:
        return OperandHolder(AND, self, other)

    def __or__(self, other: Any) -> OperandHolder:
        return OperandHolder(OR, self, other)

    def __rand__(self, other: Any) -> OperandHolder:
        return OperandHolder(AND, other, self)

    def __ror__(self, other: Any) -> OperandHolder:
        return OperandHolder(OR, other, self)

    def __invert__(self) -> SingleOperandHolder:
        return SingleOperandHolder(NOT, self)


class SingleOperandHolder(OperationHolderMixin):
    """A not-yet-instantiated ``~Permission``; calling it builds the instance."""

    def __init__(self, operator_class: type, op1_class: Any) -> None:
        self.operator_class = operator_class
        self.op1_class = op1_class

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.operator_class(self.op1_class(*args, **kwargs))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, SingleOperandHolder)
            and self.operator_class == other.operator_class
            and self.op1_class == other.op1_class
        )

    def __hash__(self) -> int:
        return hash((self.operator_class, self.op1_class))


class OperandHolder(OperationHolderMixin):
    """A not-yet-instantiated ``A & B`` or ``A | B``; calling it builds the instance."""

    def __init__(self, operator_class: type, op1_class: Any, op2_class: Any) -> None:
        self.operator_class = operator_class
        self.op1_class = op1_class
        self.op2_class = op2_class

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        op1 = self.op1_class(*args, **kwargs)
        op2 = self.op2_class(*args, **kwargs)
        return self.operator_class(op1, op2)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, OperandHolder)
            and self.operator_class == other.operator_class
            and self.op1_class == other.op1_class
            and self.op2_class == other.op2_class
        )

    def __hash__(self) -> int:
        return hash((self.operator_class, self.op1_class, self.op2_class))


def _copy_message(target: Any, source: Any) -> None:
    # Report the refusing operand's message and code, if it has them.
    for attr in ("message", "code"):
        value = getattr(source, attr, None)
        if value is not None:
            setattr(target, attr, value)
        else:
            target.__dict__.pop(attr, None)


class AND:
    """Both permissions must grant; the second is not asked if the first refuses."""

    def __init__(self, op1: Any, op2: Any) -> None:
        self.op1 = op1
        self.op2 = op2

    def has_permission(self, request: Any, view: Any) -> bool:
        for op in (self.op1, self.op2):
            if not op.has_permission(request, view):
                _copy_message(self, op)
                return False
        return True

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        for op in (self.op1, self.op2):
            if not op.has_object_permission(request, view, obj):
                _copy_message(self, op)
                return False
        return True

    async def ahas_permission(self, request: Any, view: Any) -> bool:
        for op in (self.op1, self.op2):
            if not await call_policy(op, "has_permission", request, view):
                _copy_message(self, op)
                return False
        return True

    async def ahas_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        for op in (self.op1, self.op2):
            if not await call_policy(op, "has_object_permission", request, view, obj):
                _copy_message(self, op)
                return False
        return True


class OR:
    """Either permission may grant; for an object, the same operand must grant both checks."""

    def __init__(self, op1: Any, op2: Any) -> None:
        self.op1 = op1
        self.op2 = op2

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(
            self.op1.has_permission(request, view) or self.op2.has_permission(request, view)
        )

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        for op in (self.op1, self.op2):
            if op.has_permission(request, view) and op.has_object_permission(request, view, obj):
                return True
        return False

    async def ahas_permission(self, request: Any, view: Any) -> bool:
        for op in (self.op1, self.op2):
            if await call_policy(op, "has_permission", request, view):
                return True
        return False

    async def ahas_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        for op in (self.op1, self.op2):
            if await call_policy(op, "has_permission", request, view) and await call_policy(
                op, "has_object_permission", request, view, obj
            ):
                return True
        return False


class NOT:
    """Grants what the wrapped permission refuses.

    For an object, ``~A`` grants unless ``A`` grants both the request and the
    object (so ``~IsAdminUser`` does not refuse every object for non-admins).
    """

    def __init__(self, op1: Any) -> None:
        self.op1 = op1

    def has_permission(self, request: Any, view: Any) -> bool:
        return not self.op1.has_permission(request, view)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return not (
            self.op1.has_permission(request, view)
            and self.op1.has_object_permission(request, view, obj)
        )

    async def ahas_permission(self, request: Any, view: Any) -> bool:
        return not await call_policy(self.op1, "has_permission", request, view)

    async def ahas_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return not (
            await call_policy(self.op1, "has_permission", request, view)
            and await call_policy(self.op1, "has_object_permission", request, view, obj)
        )


class BasePermissionMetaclass(OperationHolderMixin, type):  # type: ignore[misc]
    """Metaclass that makes permission classes combinable with ``&``, ``|``, ``~``."""


class BasePermission(metaclass=BasePermissionMetaclass):
    """The base class of permission policies; grants everything unless overridden.

    Override ``has_permission`` for request-level checks and
    ``has_object_permission`` for checks on one object. Set ``message`` and
    ``code`` to change the 403 body.
    """

    @_pure
    def has_permission(self, request: Any, view: Any) -> bool:
        """Return ``True`` if the request may proceed."""
        return True

    @_pure
    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        """Return ``True`` if the request may act on ``obj``."""
        return True

    ahas_permission = _dispatcher("has_permission")
    ahas_object_permission = _dispatcher("has_object_permission")


class AllowAny(BasePermission):
    """Allow every request. The same as an empty ``permission_classes``, but explicit."""

    @_pure
    def has_permission(self, request: Any, view: Any) -> bool:
        return True


class IsAuthenticated(BasePermission):
    """Allow only authenticated users."""

    @_pure
    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated)


class IsAdminUser(BasePermission):
    """Allow only staff users (``user.is_staff``)."""

    @_pure
    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_staff)


class IsAuthenticatedOrReadOnly(BasePermission):
    """Allow safe methods (GET, HEAD, OPTIONS) to anyone, others to authenticated users."""

    @_pure
    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(
            request.method in SAFE_METHODS or (request.user and request.user.is_authenticated)
        )


_MODEL_PERMS_MAP = {
    "GET": [],
    "OPTIONS": [],
    "HEAD": [],
    "POST": ["%(app_label)s.add_%(model_name)s"],
    "PUT": ["%(app_label)s.change_%(model_name)s"],
    "PATCH": ["%(app_label)s.change_%(model_name)s"],
    "DELETE": ["%(app_label)s.delete_%(model_name)s"],
}


class DjangoModelPermissions(BasePermission):
    """Require Django's model permissions (``add``/``change``/``delete``) for writes.

    The view must have a ``queryset`` or ``get_queryset()``; its model names
    the permissions. Authenticated users only, unless ``authenticated_users_only``
    is false. Change ``perms_map`` to also require ``view`` permissions.
    """

    perms_map: dict[str, list[str]] = {k: list(v) for k, v in _MODEL_PERMS_MAP.items()}
    authenticated_users_only = True

    def get_required_permissions(self, method: str, model_cls: Any) -> list[str]:
        """Return the permission codes needed for ``method`` on ``model_cls``."""
        kwargs = {"app_label": model_cls._meta.app_label, "model_name": model_cls._meta.model_name}
        if method not in self.perms_map:
            raise exceptions.MethodNotAllowed(method)
        return [perm % kwargs for perm in self.perms_map[method]]

    def _queryset(self, view: Any) -> Any:
        if not hasattr(view, "get_queryset") and getattr(view, "queryset", None) is None:
            raise ConfigurationError(
                "Cannot apply {} on a view that does not set `.queryset` or have a "
                "`.get_queryset()` method.".format(self.__class__.__name__)
            )
        if hasattr(view, "get_queryset"):
            queryset = view.get_queryset()
            if queryset is None:
                raise ConfigurationError(
                    "{}.get_queryset() returned None".format(view.__class__.__name__)
                )
            return queryset
        return view.queryset

    def has_permission(self, request: Any, view: Any) -> bool:
        if not request.user or (
            not request.user.is_authenticated and self.authenticated_users_only
        ):
            return False
        # The API root view of DefaultRouter has no model.
        if getattr(view, "_ignore_model_permissions", False):
            return True
        queryset = self._queryset(view)
        perms = self.get_required_permissions(request.method, queryset.model)
        return bool(request.user.has_perms(perms))


class DjangoModelPermissionsOrAnonReadOnly(DjangoModelPermissions):
    """``DjangoModelPermissions``, but anonymous users may read."""

    authenticated_users_only = False


class DjangoObjectPermissions(DjangoModelPermissions):
    """Require object-level permissions from a backend such as django-guardian.

    A user who may not even read the object gets a 404, so its existence is
    not revealed; one who may read it but not change it gets a 403.
    """

    perms_map: dict[str, list[str]] = {k: list(v) for k, v in _MODEL_PERMS_MAP.items()}

    def get_required_object_permissions(self, method: str, model_cls: Any) -> list[str]:
        """Return the object permission codes needed for ``method`` on ``model_cls``."""
        kwargs = {"app_label": model_cls._meta.app_label, "model_name": model_cls._meta.model_name}
        if method not in self.perms_map:
            raise exceptions.MethodNotAllowed(method)
        return [perm % kwargs for perm in self.perms_map[method]]

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        queryset = self._queryset(view)
        model_cls = queryset.model
        user = request.user
        perms = self.get_required_object_permissions(request.method, model_cls)
        if user.has_perms(perms, obj):
            return True
        # Without read access the object must look absent (404), not forbidden.
        if request.method in SAFE_METHODS:
            raise Http404
        read_perms = self.get_required_object_permissions("GET", model_cls)
        if not user.has_perms(read_perms, obj):
            raise Http404
        return False


__all__ = [
    "AND",
    "NOT",
    "OR",
    "SAFE_METHODS",
    "AllowAny",
    "BasePermission",
    "BasePermissionMetaclass",
    "DjangoModelPermissions",
    "DjangoModelPermissionsOrAnonReadOnly",
    "DjangoObjectPermissions",
    "IsAdminUser",
    "IsAuthenticated",
    "IsAuthenticatedOrReadOnly",
    "OperandHolder",
    "OperationHolderMixin",
    "SingleOperandHolder",
    "log_permission_denied",
]
