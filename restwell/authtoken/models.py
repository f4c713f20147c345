"""The ``Token`` model: API keys stored as digests.

Only a SHA-256 digest of each key is stored. The plaintext ``key`` is
readable on the instance that created the token (show it to the user once);
tokens loaded from the database carry a :class:`TokenDigest` instead, which
compares equal to the plaintext key it was made from, in constant time.
Lookups hash plaintext values, so ``Token.objects.get(key=submitted_key)``
and ``Token.objects.create(user=u, key="abc")`` work as in Django REST
framework. A user may hold several tokens (``user.auth_tokens``), each with
an optional ``name`` and ``expires`` time; ``user.auth_token`` is the newest
unnamed one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DIGEST_PREFIX = "sha256$"

_APP_NAMES = (
    "restwell.authtoken",
    "rest_framework.authtoken",
    "restwell.authtoken.apps.AuthTokenConfig",
    "rest_framework.authtoken.apps.AuthTokenConfig",
)


def _installed() -> bool:
    return any(name in settings.INSTALLED_APPS for name in _APP_NAMES)


def make_key_digest(key: str) -> str:
    """Return the stored form of a plaintext token key."""
    return DIGEST_PREFIX + hashlib.sha256(str(key).encode("utf-8", "surrogatepass")).hexdigest()


class TokenDigest(str):
    """A stored key digest, as loaded from the database.

    It equals the plaintext key it was made from (checked in constant time)
    and other ``TokenDigest`` objects with the same text. A plain string that
    merely holds the digest text is *not* equal, so a leaked digest cannot be
    passed off as a key through ``token.key == submitted``.
    """

    __slots__ = ()

    def matches(self, key: str) -> bool:
        """Return ``True`` if ``key`` is the plaintext this digest was made from."""
        if isinstance(key, TokenDigest):
            return hmac.compare_digest(str(self).encode(), str(key).encode())
        return hmac.compare_digest(str(self).encode(), make_key_digest(key).encode())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return self.matches(other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = str.__hash__


class TokenKeyField(models.CharField):
    """A ``CharField`` that stores (and looks up by) the digest of a plaintext key."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or isinstance(value, TokenDigest):
            return value
        # A TokenDigest, so preparing twice (related lookups do) hashes once.
        return TokenDigest(make_key_digest(value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        value = super().get_db_prep_value(value, connection, prepared)
        return str.__str__(value) if isinstance(value, TokenDigest) else value

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return None if value is None else TokenDigest(value)


class _UserAuthTokenAccessor:
    # ``user.auth_token``, kept for code written for Django REST framework's
    # one-token-per-user model: the user's newest unnamed token.
    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        token = (
            Token.objects.filter(user=instance, name="").order_by("-created").first()
            if instance.pk is not None
            else None
        )
        if token is None:
            raise _related_does_not_exist()("%s has no auth_token." % type(instance).__name__)
        return token


def install_user_auth_token_accessor() -> None:
    """Give the user model an ``auth_token`` attribute (see the module docstring)."""
    from django.contrib.auth import get_user_model

    if Token._meta.abstract:
        return
    user_model = get_user_model()
    if not hasattr(user_model, "auth_token"):
        user_model.auth_token = _UserAuthTokenAccessor()  # type: ignore[attr-defined]


class TokenQuerySet(models.QuerySet):
    """Token queries; ``get_or_create(user=...)`` keeps working with several tokens per user."""

    def get_or_create(self, defaults: Any = None, **kwargs: Any) -> tuple[Any, bool]:
        """As Django's, except that a lookup by user alone picks the user's newest unnamed token.

        Code written for one token per user (``Token.objects.get_or_create(user=u)``)
        would otherwise raise ``MultipleObjectsReturned`` once ``obtain_auth_token``
        has issued a second token. A token read back carries the key's digest,
        not the key: see ``issue_token()`` for handing a key to a client.
        """
        if kwargs and set(kwargs) <= {"user", "user_id"}:
            existing = self.filter(name="", **kwargs).order_by("-created").first()
            if existing is not None:
                return existing, False
        return super().get_or_create(defaults=defaults, **kwargs)


class Token(models.Model):
    """An API key for ``TokenAuthentication``; several per user are allowed."""

    key = TokenKeyField(_("Key"), max_length=128, primary_key=True)
    user: Any = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="auth_tokens",
        on_delete=models.CASCADE,
        verbose_name=_("User"),
    )
    name: Any = models.CharField(_("Name"), max_length=100, blank=True, default="")
    created: Any = models.DateTimeField(_("Created"), auto_now_add=True)
    expires: Any = models.DateTimeField(_("Expires"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        abstract = not _installed()
        verbose_name = _("Token")
        verbose_name_plural = _("Tokens")

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save the token, generating a key for a new token that has none.

        A saved token's key cannot be changed to empty: delete it and create
        a new one instead.
        """
        if not self.key:
            if not self._state.adding:
                raise ValueError(
                    "A saved token's key cannot be cleared; delete the token and create a new one."
                )
            self.key = self.generate_key()
        if self._state.adding:
            # Never overwrite an existing token that happens to have this key.
            kwargs.setdefault("force_insert", True)
            if self.expires is None:
                ttl = _token_ttl()
                if ttl:
                    self.expires = timezone.now() + timedelta(seconds=ttl)
        super().save(*args, **kwargs)

    @classmethod
    def generate_key(cls) -> str:
        """Return a new random key: 40 hexadecimal characters (160 bits)."""
        return secrets.token_hex(20)

    def is_expired(self) -> bool:
        """Return ``True`` once the token's ``expires`` time has passed."""
        return self.expires is not None and self.expires <= timezone.now()

    def __str__(self) -> str:
        return str(self.key)


def _related_does_not_exist() -> type[Exception]:
    # ``user.auth_token`` with no token: a Token.DoesNotExist that is also an
    # AttributeError, like Django's reverse one-to-one accessor raises.
    global RelatedTokenDoesNotExist
    if RelatedTokenDoesNotExist is None:
        base = Token.DoesNotExist if not Token._meta.abstract else ObjectDoesNotExist
        RelatedTokenDoesNotExist = type(
            "RelatedObjectDoesNotExist", (base, AttributeError), {"__module__": __name__}
        )
    return RelatedTokenDoesNotExist


RelatedTokenDoesNotExist: Any = None


def _token_ttl() -> Any:
    from restwell.settings import restwell_settings

    try:
        return restwell_settings.TOKEN_TTL
    except AttributeError:
        return None


class TokenProxyQuerySet(TokenQuerySet):
    """Deletes go through ``Token``, whose primary key the proxy hides."""

    def delete(self) -> tuple[int, dict[str, int]]:
        self._not_support_combined_queries("delete")  # type: ignore[attr-defined]
        if self.query.is_sliced:
            raise TypeError("Cannot use 'limit' or 'offset' with delete().")
        if self.query.distinct or self.query.distinct_fields:
            raise TypeError("Cannot call delete() after .distinct().")
        if self._fields is not None:  # type: ignore[attr-defined]
            raise TypeError("Cannot call delete() after .values() or .values_list()")
        self._for_write = True  # route like QuerySet.delete()
        keys = list(self.values_list("key", flat=True))
        return Token.objects.using(self.db).filter(key__in=keys).delete()

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class TokenProxy(Token):
    """``Token`` for the admin, addressed by the user's id instead of the key."""

    objects = TokenProxyQuerySet.as_manager()

    @property
    def pk(self) -> Any:  # type: ignore[override]
        return self.user_id  # type: ignore[attr-defined]

    def __str__(self) -> str:
        # The admin logs and displays str(obj): never the key.
        user = getattr(self, "user", None) if self.user_id is not None else None  # type: ignore[attr-defined]
        label = _("Token of %(user)s") % {"user": user}
        return "%s (%s)" % (label, self.name) if self.name else str(label)

    def delete(self, using: Any = None, keep_parents: bool = False) -> tuple[int, dict[str, int]]:
        """Delete the token (by its key: ``pk`` here is the user id)."""
        if self.key is None:
            raise ValueError(
                "%s object can't be deleted because its %s attribute is set to None."
                % (self._meta.object_name, self._meta.pk.attname)
            )
        using = using or router.db_for_write(self.__class__, instance=self)
        deleted = Token.objects.using(using).filter(key=self.key).delete()
        self.key = None
        return deleted

    class Meta:
        proxy = _installed()
        abstract = not _installed()
        verbose_name = _("Token")
        verbose_name_plural = _("Tokens")


__all__ = [
    "DIGEST_PREFIX",
    "Token",
    "TokenDigest",
    "TokenKeyField",
    "TokenProxy",
    "make_key_digest",
]
