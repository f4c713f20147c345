"""URLs of the demo: the API under the router's root, auth, schema and docs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from geodata.views import CountryViewSet, CurrencyViewSet, LanguageViewSet, SubdivisionViewSet
from travel.views import TravelNoteViewSet, WatchListViewSet

router = DefaultRouter()
router.register("countries", CountryViewSet, basename="country")
router.register("subdivisions", SubdivisionViewSet, basename="subdivision")
router.register("currencies", CurrencyViewSet, basename="currency")
router.register("languages", LanguageViewSet, basename="language")
router.register("notes", TravelNoteViewSet, basename="note")
router.register("watch-lists", WatchListViewSet, basename="watchlist")

urlpatterns = [
    path("", include(router.urls)),
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
