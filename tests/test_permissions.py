"""Tests for restwell.permissions: built-ins, composition, object checks, async twins."""

from __future__ import annotations

import logging

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404
from django.urls import path

from restwell import exceptions, permissions
from restwell.authentication import BasicAuthentication
from restwell.response import Response
from restwell.test import APIRequestFactory
from restwell.views import APIView

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

factory = APIRequestFactory()


class PermWidget(models.Model):
    name = models.CharField(max_length=20)

    class Meta:
        app_label = "tests"


def req(method="get", user=None):
    request = getattr(factory, method)("/")
    request.user = user or AnonymousUser()
    return request


class Deny(permissions.BasePermission):
    message = "Denied by rule."
    code = "rule_denied"

    def has_permission(self, request, view):
        return False


class OwnerOnly(permissions.BasePermission):
    """Request-level yes; object-level only for the owner."""

    def has_object_permission(self, request, view, obj):
        return obj == request.user.username


class AsyncStyle(permissions.BasePermission):
    async def has_permission(self, request, view):
        return request.method == "GET"


@pytest.fixture
def user(db):
    return User.objects.create_user("alice", password="pw")


@pytest.fixture
def admin(db):
    return User.objects.create_user("root", password="pw", is_staff=True)


def test_safe_methods():
    assert permissions.SAFE_METHODS == ("GET", "HEAD", "OPTIONS")


@pytest.mark.parametrize(
    "perm, method, who, expected",
    [
        (permissions.AllowAny, "post", "anon", True),
        (permissions.IsAuthenticated, "get", "anon", False),
        (permissions.IsAuthenticated, "get", "user", True),
        (permissions.IsAdminUser, "get", "user", False),
        (permissions.IsAdminUser, "get", "admin", True),
        (permissions.IsAuthenticatedOrReadOnly, "get", "anon", True),
        (permissions.IsAuthenticatedOrReadOnly, "post", "anon", False),
        (permissions.IsAuthenticatedOrReadOnly, "post", "user", True),
    ],
)
def test_builtin_permissions_sync_and_async(perm, method, who, expected, user, admin):
    u = {"anon": None, "user": user, "admin": admin}[who]
    request = req(method, u)
    assert perm().has_permission(request, None) is expected
    assert async_to_sync(perm().ahas_permission)(request, None) is expected


def test_composition_request_level(user):
    request = req(user=user)
    assert (permissions.IsAuthenticated & permissions.IsAdminUser)().has_permission(
        request, None
    ) is False
    assert (permissions.IsAuthenticated | permissions.IsAdminUser)().has_permission(
        request, None
    ) is True
    assert (~permissions.IsAdminUser)().has_permission(request, None) is True


def test_not_admin_does_not_refuse_every_object(user):
    """~IsAdminUser grants objects to non-admins (DRF refuses them all)."""
    perm = (~permissions.IsAdminUser)()
    request = req(user=user)
    assert perm.has_permission(request, None) is True
    assert perm.has_object_permission(request, None, "anything") is True
    assert async_to_sync(perm.ahas_object_permission)(request, None, "anything") is True


def test_or_object_check_needs_one_operand_to_grant_both(user):
    """A | B grants an object only if the same operand grants request and object."""
    perm = (permissions.IsAdminUser | OwnerOnly)()
    request = req(user=user)
    assert perm.has_object_permission(request, None, "alice") is True
    assert perm.has_object_permission(request, None, "bob") is False
    # IsAuthenticated's object check is a blanket yes, but anonymous users fail
    # its request check, so it must not grant the object either.
    perm = (permissions.IsAuthenticated | permissions.IsAdminUser)()
    assert perm.has_object_permission(req(), None, "x") is False
    assert async_to_sync(perm.ahas_object_permission)(req(), None, "x") is False


def test_and_reports_the_refusing_operand_message(user):
    perm = (permissions.IsAuthenticated & Deny)()
    assert perm.has_permission(req(user=user), None) is False
    assert perm.message == "Denied by rule."
    assert perm.code == "rule_denied"


def test_operand_holders_hash_and_compare():
    a = permissions.IsAuthenticated & permissions.IsAdminUser
    assert a == (permissions.IsAuthenticated & permissions.IsAdminUser)
    assert hash(a) == hash(permissions.IsAuthenticated & permissions.IsAdminUser)
    assert a != (permissions.IsAuthenticated | permissions.IsAdminUser)
    assert ~permissions.IsAdminUser == ~permissions.IsAdminUser
    assert len({~permissions.IsAdminUser, ~permissions.IsAdminUser}) == 1


def test_async_twin_honours_sync_override():
    class Overridden(permissions.IsAuthenticated):
        def has_permission(self, request, view):
            return True

    assert async_to_sync(Overridden().ahas_permission)(req(), None) is True


def test_async_def_permission_is_awaited():
    perm = (AsyncStyle & permissions.AllowAny)()
    assert async_to_sync(perm.ahas_permission)(req("get"), None) is True
    assert async_to_sync(perm.ahas_permission)(req("post"), None) is False


# -- Django model permissions ------------------------------------------------


class WidgetView(APIView):
    authentication_classes = [BasicAuthentication]
    permission_classes = [permissions.DjangoModelPermissions]
    queryset = PermWidget.objects.all()

    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        return Response({"ok": True}, status=201)


class NoQuerysetView(APIView):
    permission_classes = [permissions.DjangoModelPermissions]


def _basic(name):
    import base64

    return {"authorization": "Basic " + base64.b64encode(f"{name}:pw".encode()).decode()}


urlpatterns = [path("widgets/", WidgetView.as_view())]


def test_model_permissions(api_client, user):
    assert api_client.get("/widgets/", headers=_basic("alice")).status_code == 200
    response = api_client.post("/widgets/", {}, headers=_basic("alice"))
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    user.user_permissions.add(Permission.objects.get(codename="add_permwidget"))
    assert api_client.post("/widgets/", {}, headers=_basic("alice")).status_code == 201
    response = api_client.get("/widgets/")
    assert response.status_code == 401


def test_model_permissions_without_queryset_is_a_configuration_error(user):
    perm = permissions.DjangoModelPermissions()
    with pytest.raises(ImproperlyConfigured) as info:
        perm.has_permission(req(user=user), NoQuerysetView())
    assert str(info.value) == (
        "Cannot apply DjangoModelPermissions on a view that does not set `.queryset` "
        "or have a `.get_queryset()` method."
    )
    assert isinstance(info.value, AssertionError)


def test_model_permissions_unknown_method_is_405(user):
    perm = permissions.DjangoModelPermissions()
    with pytest.raises(exceptions.MethodNotAllowed):
        perm.get_required_permissions("BREW", PermWidget)


def test_object_permissions_404_without_read_access(user):
    class ReadNeedsView(permissions.DjangoObjectPermissions):
        perms_map = {
            **permissions.DjangoObjectPermissions.perms_map,
            "GET": ["tests.view_permwidget"],
        }

    view = WidgetView()
    widget = PermWidget(name="w")
    # ModelBackend grants no object permissions at all.
    with pytest.raises(Http404):
        ReadNeedsView().has_object_permission(req("get", user), view, widget)
    with pytest.raises(Http404):
        ReadNeedsView().has_object_permission(req("delete", user), view, widget)
    # Readable (no read permission needed) but not deletable: 403, not 404.
    perm = permissions.DjangoObjectPermissions()
    assert perm.has_object_permission(req("get", user), view, widget) is True
    assert perm.has_object_permission(req("delete", user), view, widget) is False


def test_log_permission_denied(caplog, user):
    caplog.set_level(logging.WARNING, logger="restwell.security")
    request = req("post", user)
    request._user = user
    permissions.log_permission_denied(request, WidgetView(), Deny())
    (line,) = [r.getMessage() for r in caplog.records if r.name == "restwell.security"]
    assert "permission=Deny view=WidgetView method=POST" in line
    assert "user=%s" % user.pk in line
