"""BrowsableAPIRenderer on generic views and viewsets: forms, filters, pagination."""

from __future__ import annotations

import pytest
from django.db import models
from django.urls import include, path

from restwell import filters, pagination, serializers, viewsets
from restwell.decorators import action
from restwell.renderers import BrowsableAPIRenderer, JSONRenderer
from restwell.response import Response
from restwell.routers import SimpleRouter
from restwell.test import APIClient


class BrowsableNote(models.Model):
    title = models.CharField(max_length=20)
    done = models.BooleanField(default=False)

    class Meta:
        app_label = "tests"
        ordering = ["id"]


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = BrowsableNote
        fields = ["id", "title", "done"]


class Pages(pagination.PageNumberPagination):
    page_size = 2


class NoteViewSet(viewsets.ModelViewSet):
    """Notes to self."""

    queryset = BrowsableNote.objects.all()
    serializer_class = NoteSerializer
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    pagination_class = Pages
    filter_backends = [filters.SearchFilter, filters.OrderingFilter]
    search_fields = ["title"]
    ordering_fields = ["title"]

    @action(detail=False, name="Done notes")
    def finished(self, request):
        return Response([])


router = SimpleRouter()
router.register("notes", NoteViewSet, basename="note")
urlpatterns = [path("", include(router.urls))]


def page(client: APIClient, url: str, **kwargs) -> str:
    response = client.get(url, HTTP_ACCEPT="text/html", **kwargs)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_list_page_has_forms_filters_pagination_and_actions() -> None:
    for title in ["a", "b", "<c>"]:
        BrowsableNote.objects.create(title=title)
    html = page(APIClient(), "/notes/")
    assert "<h1>Note List</h1>" in html
    assert "Notes to self." in html
    # HTML form built from the serializer (read-only id left out) and raw form.
    assert '<input name="title" class="form-control" aria-label="Title" type="text"' in html
    assert '<input type="checkbox" name="done" value="true"' in html
    assert 'name="id"' not in html
    assert 'id="id_post__content"' in html
    assert "&quot;title&quot;: &quot;&quot;" in html
    # Filters, pagination and extra actions.
    assert 'id="filters-menu"' in html
    assert 'name="search"' in html
    assert 'href="/notes/?ordering=title"' in html
    assert 'href="http://testserver/notes/?page=2"' in html
    assert 'id="extra-actions-menu"' in html
    assert ">Done notes<" in html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_detail_page_has_put_patch_delete() -> None:
    note = BrowsableNote.objects.create(title="<b>x</b>")
    html = page(APIClient(), f"/notes/{note.pk}/")
    assert ">PUT<" in html and ">PATCH<" in html and ">DELETE<" in html
    assert 'value="&lt;b&gt;x&lt;/b&gt;"' in html
    assert "<b>x</b>" not in html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_invalid_post_shows_errors_in_form() -> None:
    response = APIClient().post("/notes/", {"title": "x" * 30}, HTTP_ACCEPT="text/html")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<span class="help-block">Ensure this field has no more than 20 characters.</span>' in html
