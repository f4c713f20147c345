"""URLs of the benchmark servers: the same paths for every implementation."""

from django.conf import settings
from django.urls import path

if settings.FRAMEWORK == "plain":
    from benchmarks.http import plain_views

    urlpatterns = [
        path("s0/hello", plain_views.hello),
        path("s0/ahello", plain_views.ahello),
        path("s3/subdivisions/", plain_views.subdivisions),
        path("s3/subdivisions/<str:code>/", plain_views.subdivision_detail),
    ]
else:
    from rest_framework.routers import SimpleRouter

    from benchmarks.http import api_views

    router = SimpleRouter()
    router.register("s3/subdivisions", api_views.SubdivisionViewSet, basename="subdivision")
    # Django REST framework has no async handlers: under ASGI its sync view
    # runs in a thread, which is what a DRF project gets there.
    async_hello = api_views.AsyncHello if settings.FRAMEWORK == "restwell" else api_views.Hello
    urlpatterns = [
        path("s0/hello", api_views.Hello.as_view()),
        path("s0/ahello", async_hello.as_view()),
        *router.urls,
    ]
