"""AdminRenderer: tables, redirects, and the 400 page (case C28)."""

from __future__ import annotations

import pytest
from django.db import models
from django.urls import include, path

from restwell import permissions, serializers, status, viewsets
from restwell.exceptions import ValidationError
from restwell.renderers import AdminRenderer
from restwell.request import Request
from restwell.response import Response
from restwell.routers import SimpleRouter
from restwell.test import APIClient, APIRequestFactory
from restwell.views import APIView

factory = APIRequestFactory()


class PostOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method == "POST"


class SecretView(APIView):
    renderer_classes = [AdminRenderer]
    permission_classes = [PostOnly]

    def get(self, request):
        return Response({"content": "secret"})

    def post(self, request):
        raise ValidationError("post-is-invalid")


class OpenView(SecretView):
    permission_classes = [permissions.AllowAny]


def render(view: type[APIView], request) -> tuple[int, str]:
    response = view.as_view()(request)
    response.render()
    return response.status_code, response.content.decode()


def test_c28_error_page_does_not_leak_get_only_data() -> None:
    code, html = render(SecretView, factory.post("/", {"name": "x"}, HTTP_ACCEPT="text/html"))
    assert code == status.HTTP_400_BAD_REQUEST
    assert "secret" not in html
    assert "post-is-invalid" in html


def test_error_page_shows_current_state_when_get_is_allowed() -> None:
    code, html = render(OpenView, factory.post("/", {"name": "x"}, HTTP_ACCEPT="text/html"))
    assert code == 400
    assert "secret" in html
    assert "post-is-invalid" in html


def test_detail_table_escapes_values() -> None:
    class View(APIView):
        renderer_classes = [AdminRenderer]

        def get(self, request):
            return Response({"items": "<b>x</b>", "flag": True})

    code, html = render(View, factory.get("/"))
    assert code == 200
    assert "<tr><th>Items</th><td >&lt;b&gt;x&lt;/b&gt;</td></tr>" in html
    assert "<tr><th>Flag</th><td ><code>true</code></td></tr>" in html


def test_list_table_columns_and_result_urls() -> None:
    class View(APIView):
        renderer_classes = [AdminRenderer]
        lookup_field = "id"

        def reverse_action(self, url_name, args=None, kwargs=None):
            return "/things/%d/" % kwargs["id"]

        def get(self, request):
            return Response([{"id": 1, "name": "a"}, {"id": 2, "name": "b", "url": "/x/"}])

    code, html = render(View, factory.get("/"))
    assert code == 200
    assert "<th>Id</th><th>Name</th>" in html
    assert 'href="/things/1/"' in html
    assert 'href="/x/"' in html


def test_created_redirects_with_303() -> None:
    class View(APIView):
        renderer_classes = [AdminRenderer]

    request = Request(factory.get("/"))
    request.build_absolute_uri = lambda: "http://testserver/things/"
    response = Response(status=201, headers={"Location": "/things/1/"})
    result = AdminRenderer().render(
        {"a": 1}, renderer_context={"view": View(), "request": request, "response": response}
    )
    assert result == ""
    assert response.status_code == status.HTTP_303_SEE_OTHER
    assert response["Location"] == "http://testserver/things/"


def test_get_result_url_without_viewset() -> None:
    assert AdminRenderer().get_result_url({"id": 1}, APIView()) is None


# --- with a model viewset -----------------------------------------------------


class AdminGadget(models.Model):
    name = models.CharField(max_length=10)

    class Meta:
        app_label = "tests"
        ordering = ["id"]


class GadgetSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdminGadget
        fields = ["id", "name"]


class GadgetViewSet(viewsets.ModelViewSet):
    queryset = AdminGadget.objects.all()
    serializer_class = GadgetSerializer
    renderer_classes = [AdminRenderer]
    lookup_field = "id"  # rows link to their detail page when the lookup field is in the data


router = SimpleRouter()
router.register("gadgets", GadgetViewSet, basename="gadget")
urlpatterns = [path("", include(router.urls))]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_viewset_list_detail_create_delete() -> None:
    gadget = AdminGadget.objects.create(name="<i>g</i>")
    client = APIClient()
    html = client.get("/gadgets/").content.decode()
    assert "<th>Id</th><th>Name</th>" in html
    assert f'href="http://testserver/gadgets/{gadget.pk}/"' in html
    assert "&lt;i&gt;g&lt;/i&gt;" in html and "<i>g</i>" not in html
    assert 'id="create-form"' in html

    html = client.get(f"/gadgets/{gadget.pk}/").content.decode()
    assert "<tr><th>Name</th><td >&lt;i&gt;g&lt;/i&gt;</td></tr>" in html
    assert 'id="edit-form"' in html

    # No "url" field in the data, so no Location header: the created object is shown.
    response = client.post("/gadgets/", {"name": "new"})
    assert response.status_code == 201
    assert "<tr><th>Name</th><td >new</td></tr>" in response.content.decode()

    response = client.post("/gadgets/", {"name": "far too long"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ensure this field has no more than 10 characters." in html
    assert 'id="error-form"' in html

    response = client.delete(f"/gadgets/{gadget.pk}/")
    assert response.status_code == 303


class AsyncSecretView(APIView):
    renderer_classes = [AdminRenderer]

    async def get(self, request):
        return Response({"content": "visible-state"})

    async def post(self, request):
        raise ValidationError("post-is-invalid")


urlpatterns.append(path("async-secret/", AsyncSecretView.as_view()))


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls(__name__)
async def test_error_page_of_async_view_under_asgi() -> None:
    from django.test import AsyncClient

    response = await AsyncClient().post("/async-secret/", {"name": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "visible-state" in html
    assert "post-is-invalid" in html
