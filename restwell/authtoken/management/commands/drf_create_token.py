"""``manage.py drf_create_token <username> [--reset]``: create a user's token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from restwell.authtoken.models import Token, TokenDigest

UserModel = get_user_model()


class Command(BaseCommand):
    help = "Create an API token for a user (the key is shown once)"

    def create_user_token(self, username: str, reset_token: bool) -> Token:
        """Return the user's unnamed token, creating it (or replacing it with ``reset_token``)."""
        user = UserModel._default_manager.get_by_natural_key(username)  # type: ignore[attr-defined]
        if reset_token:
            Token.objects.filter(user=user, name="").delete()
        token = Token.objects.filter(user=user, name="").order_by("-created").first()
        if token is None:
            token = Token.objects.create(user=user)
        return token

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username", type=str)
        parser.add_argument(
            "-r",
            "--reset",
            action="store_true",
            dest="reset_token",
            default=False,
            help="Replace the user's existing token with a new one",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        try:
            token = self.create_user_token(username, options["reset_token"])
        except UserModel.DoesNotExist:
            raise CommandError("Cannot create the Token: user {} does not exist".format(username))
        if isinstance(token.key, TokenDigest):
            raise CommandError(
                "User {} already has a token. Only its digest is stored, so it cannot be "
                "shown; use --reset to replace it with a new one.".format(username)
            )
        self.stdout.write(f"Generated token {token.key} for user {username}")
