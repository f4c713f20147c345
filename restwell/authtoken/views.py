"""``obtain_auth_token``: exchange a user name and password for a new token.

Each successful call issues a new token and returns its key once (only a
digest is stored). A user keeps at most ``TOKEN_LIMIT_PER_USER`` unnamed
tokens; the oldest are revoked beyond that. Failed attempts count towards the
per-account and per-IP lockout of :mod:`restwell.authtoken.lockout`.
"""

from __future__ import annotations

from typing import Any

from restwell import exceptions, parsers, renderers
from restwell.authtoken import lockout
from restwell.authtoken.models import Token
from restwell.authtoken.serializers import AuthTokenSerializer
from restwell.response import Response
from restwell.views import APIView


def _token_limit() -> Any:
    from restwell.settings import restwell_settings

    try:
        return restwell_settings.TOKEN_LIMIT_PER_USER
    except AttributeError:
        return 10


def issue_token(user: Any, name: str = "") -> Token:
    """Create a token for ``user`` and revoke unnamed ones beyond the per-user limit."""
    token = Token.objects.create(user=user, name=name)
    limit = _token_limit()
    if limit and not name:
        stale = list(
            Token.objects.filter(user=user, name="")
            .order_by("-created", "-key")
            .values_list("key", flat=True)[limit:]
        )
        if stale:
            Token.objects.filter(key__in=stale).delete()
    return token


def create_token(token_model: Any, user: Any, serializer: Any = None) -> Token:
    """Issue a new token: a drop-in ``TOKEN_CREATOR`` for dj-rest-auth.

    dj-rest-auth's default creator returns an existing token's key, which
    restwell no longer stores; set ``REST_AUTH = {"TOKEN_CREATOR":
    "restwell.authtoken.views.create_token"}`` to issue a fresh token per login.
    """
    return issue_token(user)


class ObtainAuthToken(APIView):
    """POST ``username`` and ``password``; the response is ``{"token": "<key>"}``."""

    throttle_classes = ()
    permission_classes = ()
    parser_classes = (parsers.FormParser, parsers.MultiPartParser, parsers.JSONParser)
    renderer_classes = (renderers.JSONRenderer,)
    serializer_class = AuthTokenSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {"request": self.request, "format": self.format_kwarg, "view": self}

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["context"] = self.get_serializer_context()
        return self.serializer_class(*args, **kwargs)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        username = request.data.get("username") if hasattr(request.data, "get") else None
        username = username if isinstance(username, str) else None
        lockout.check_lockout(request, username)
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except exceptions.ValidationError:
            if username:
                lockout.register_failure(request, username)
            raise
        user = serializer.validated_data["user"]
        lockout.register_success(request, username)
        token = issue_token(user)
        return Response({"token": token.key})


obtain_auth_token = ObtainAuthToken.as_view()

__all__ = ["ObtainAuthToken", "create_token", "issue_token", "obtain_auth_token"]
