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

Unlike Django REST framework, the login view is protected against password
guessing: it shares the per-account and per-address lockout of the token view
(``LOCKOUT_*`` in the ``RESTWELL`` settings, see ``restwell.authtoken.lockout``).
A locked-out attempt gets the login page back with status 429, a
``Retry-After`` header and "Too many failed login attempts.", even with the
right password. Failures are logged on the ``restwell.security`` logger.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views
from django.http import HttpRequest, HttpResponse
from django.urls import path

__all__ = ["LoginView", "app_name", "urlpatterns"]


class LoginView(views.LoginView):
    """Django's ``LoginView`` with the ``rest_framework/login.html`` template and lockout."""

    template_name = "rest_framework/login.html"

    def _username(self) -> str | None:
        username = self.request.POST.get("username")
        return username if isinstance(username, str) and username else None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Refuse the attempt with a 429 while the account or address is locked out."""
        from restwell import exceptions
        from restwell.authtoken import lockout

        try:
            lockout.check_lockout(request, self._username())
        except exceptions.Throttled as exc:
            # An unbound form: validating it would check the password.
            form = self.get_form_class()(request, initial={"username": self._username() or ""})
            form.cleaned_data = {}  # add_error() expects a validated form
            form.add_error(None, str(exc.detail))
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            if exc.wait is not None:
                response["Retry-After"] = str(int(exc.wait))
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        """Log the user in and clear the account's failure count."""
        from restwell.authtoken import lockout

        lockout.register_success(self.request, self._username())
        return super().form_valid(form)

    def form_invalid(self, form: Any) -> HttpResponse:
        """Count the failure towards the lockout, then show the form again."""
        from restwell.authtoken import lockout

        lockout.register_failure(self.request, self._username())
        return super().form_invalid(form)


app_name = "rest_framework"

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
]
