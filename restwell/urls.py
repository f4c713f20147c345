"""Login and logout views for the browsable API.

Include them in the root URLconf when the API needs authentication and
``SessionAuthentication`` is enabled::

    urlpatterns = [
        ...,
        path("api-auth/", include("restwell.urls")),
    ]

The namespace is ``rest_framework`` (as in Django REST framework), so templates
reverse ``rest_framework:login`` and ``rest_framework:logout``. The login page is
the template ``rest_framework/login.html``. Logging out takes a POST, as Django's
``LogoutView`` requires.
"""

from __future__ import annotations

from django.contrib.auth import views
from django.urls import path

__all__ = ["app_name", "urlpatterns"]

app_name = "rest_framework"

urlpatterns = [
    path(
        "login/",
        views.LoginView.as_view(template_name="rest_framework/login.html"),
        name="login",
    ),
    path("logout/", views.LogoutView.as_view(), name="logout"),
]
