from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from restwell.decorators import (
    action,
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
    renderer_classes,
    throttle_classes,
)
from restwell.parsers import JSONParser
from restwell.permissions import IsAuthenticated
from restwell.renderers import JSONRenderer
from restwell.response import Response
from restwell.test import APIRequestFactory
from restwell.throttling import BaseThrottle

factory = APIRequestFactory()


def test_api_view_answers_listed_methods_only():
    @api_view(["GET", "POST"])
    def view(request):
        return Response({"method": request.method})

    assert view(factory.get("/")).data == {"method": "GET"}
    assert view(factory.post("/")).data == {"method": "POST"}
    response = view(factory.put("/"))
    assert response.status_code == 405
    assert response.data == {"detail": 'Method "PUT" not allowed.'}
    assert view.cls.__name__ == "view"


def test_api_view_allow_header_keeps_the_given_order():
    @api_view(["PUT", "GET", "post"])
    def view(request):
        return Response()

    response = view(factory.delete("/"))
    assert response.status_code == 405
    assert response["Allow"] == "PUT, GET, POST, OPTIONS"
    assert view.cls.http_method_names == ["put", "get", "post", "options"]


def test_api_view_async_function_is_an_async_view():
    import asyncio

    @api_view(["GET"])
    async def view(request):
        return Response({"async": True})

    assert asyncio.iscoroutinefunction(view)
    response = asyncio.run(view(factory.get("/")))
    assert response.data == {"async": True}


def test_api_view_misuse_is_reported():
    with pytest.raises(
        ImproperlyConfigured, match="@api_view missing list of allowed HTTP methods"
    ):

        @api_view
        def view(request):
            return Response()

        view(factory.get("/"))
    with pytest.raises(AssertionError, match="@api_view expected a list of strings, received str"):

        @api_view("GET")
        def view2(request):
            return Response()


def test_policy_decorators_set_the_view_attributes():
    class Never(BaseThrottle):
        def allow_request(self, request, view):
            return False

    @api_view(["GET", "POST"])
    @renderer_classes([JSONRenderer])
    @parser_classes([JSONParser])
    @authentication_classes([])
    @permission_classes([IsAuthenticated])
    @throttle_classes([Never])
    def view(request):
        return Response({})

    cls = view.cls
    assert cls.renderer_classes == [JSONRenderer]
    assert cls.parser_classes == [JSONParser]
    assert cls.authentication_classes == []
    assert cls.permission_classes == [IsAuthenticated]
    assert view(factory.get("/")).status_code == 403


def test_policy_decorator_above_api_view_is_a_clear_error():
    with pytest.raises(TypeError, match="@permission_classes must come after"):

        @permission_classes([IsAuthenticated])
        @api_view(["GET"])
        def view(request):
            return Response()


def test_action_attributes():
    @action(detail=True, methods=["GET", "post"], url_path="do-it")
    def do_thing(self, request):
        """Does a thing."""

    assert do_thing.mapping == {"get": "do_thing", "post": "do_thing"}
    assert (do_thing.detail, do_thing.url_path, do_thing.url_name) == (True, "do-it", "do-thing")
    assert do_thing.kwargs == {"name": "Do thing", "description": "Does a thing."}


def test_action_requires_detail():
    with pytest.raises(
        ImproperlyConfigured, match=r"@action\(\) missing required argument: 'detail'"
    ):
        action()


def test_action_name_and_suffix_conflict():
    with pytest.raises(TypeError, match="`name` and `suffix` are mutually exclusive arguments."):
        action(detail=True, name="x", suffix="y")


def test_action_extra_method_mapping():
    @action(detail=False)
    def items(self, request):
        pass

    @items.mapping.post
    def create_item(self, request):
        pass

    assert items.mapping == {"get": "items", "post": "create_item"}
    with pytest.raises(
        ImproperlyConfigured, match="Method 'post' has already been mapped to '.create_item'."
    ):
        items.mapping.post(create_item)
