"""URLs of the demo: the API under the router's root, auth, schema and docs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView, DefaultRouter

from geodata.views import (
    CountryViewSet,
    CurrencyViewSet,
    DatasetSummaryView,
    LanguageViewSet,
    SubdivisionViewSet,
)
from travel.views import TravelNoteViewSet, WatchListViewSet


class DemoRootView(APIRootView):
    """The restwell demo API: ISO reference data from pycountry, and travel notes and
    watch-lists owned by users.

    Sign in with the demo user (`demo` / `demo-password`) through "Log in", or send
    `Authorization: Token <key>` with a key from `POST /api/token/`.
    """

    name = "restwell demo API"

    # Links to views outside the router, shown after the collections.
    extra_links = {
        "summary": "dataset-summary",
        "schema": "schema",
        "docs": "swagger-ui",
        "redoc": "redoc",
    }

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for key, url_name in self.extra_links.items():
            response.data[key] = reverse(url_name, request=request)
        return response


router = DefaultRouter()
router.APIRootView = DemoRootView
router.register("countries", CountryViewSet, basename="country")
router.register("subdivisions", SubdivisionViewSet, basename="subdivision")
router.register("currencies", CurrencyViewSet, basename="currency")
router.register("languages", LanguageViewSet, basename="language")
router.register("notes", TravelNoteViewSet, basename="note")
router.register("watch-lists", WatchListViewSet, basename="watchlist")

urlpatterns = [
    path("", include(router.urls)),
    path("summary/", DatasetSummaryView.as_view(), name="dataset-summary"),
    path("api/token/", obtain_auth_token, name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="demo/redoc.html"),
        name="redoc",
    ),
    path("api-auth/", include("rest_framework.urls")),
    path("admin/", admin.site.urls),
]
