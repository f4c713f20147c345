from demoapi import views
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", views.api_root, name="api-root"),
    path("hello/", views.hello, name="hello"),
    path("ahello/", views.AsyncHello.as_view(), name="async-hello"),
    path("echo/", views.Echo.as_view(), name="echo"),
    path("api-auth/", include("restwell.urls")),
    path("admin/", admin.site.urls),
]
