"""Take screenshots of the browsable API for the docs (docs/screenshots/*.png).

Usage (after ``make browser``)::

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

It configures Django in-process with a small sample API (a router, a
``ModelViewSet`` with pagination, filters and session login), serves it on a
free local port and drives Debian's Chromium through Playwright:

* ``list.png``   - a paginated list page with its POST form;
* ``detail.png`` - a detail page with its PUT/PATCH form, logged in;
* ``error.png``  - the 400 page after posting an invalid form.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def configure(db_path: str) -> None:
    """Configure Django for the sample API."""
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="screenshots-only",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        USE_TZ=True,
        STATIC_URL="/static/",
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": db_path}},
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.staticfiles",
            "restwell",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                    ]
                },
            }
        ],
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        REST_FRAMEWORK={
            "DEFAULT_PERMISSION_CLASSES": ["restwell.permissions.IsAuthenticatedOrReadOnly"],
            "DEFAULT_AUTHENTICATION_CLASSES": ["restwell.authentication.SessionAuthentication"],
        },
    )
    django.setup()


urlpatterns: list[Any] = []


def build_api() -> type:
    """Declare the sample models and views and fill ``urlpatterns``; return the model."""
    from django.db import connection, models
    from django.urls import include, path

    from restwell import filters, pagination, serializers, viewsets
    from restwell.routers import DefaultRouter

    class Book(models.Model):
        title = models.CharField(max_length=120, help_text="The title on the cover.")
        author = models.CharField(max_length=80)
        genre = models.CharField(
            max_length=20,
            choices=[("novel", "Novel"), ("essay", "Essay"), ("poetry", "Poetry")],
        )
        published = models.DateField()
        in_print = models.BooleanField(default=True)

        class Meta:
            app_label = "screens"
            ordering = ["id"]

    class BookSerializer(serializers.ModelSerializer):
        class Meta:
            model = Book
            fields = ["id", "title", "author", "genre", "published", "in_print"]

    class BookPages(pagination.PageNumberPagination):
        page_size = 3

    class BookViewSet(viewsets.ModelViewSet):
        """The books in the library.

        Anyone may read them; log in to add, change or remove one.
        """

        queryset = Book.objects.all()
        serializer_class = BookSerializer
        pagination_class = BookPages
        filter_backends = [filters.SearchFilter, filters.OrderingFilter]
        search_fields = ["title", "author"]
        ordering_fields = ["title", "published"]

    router = DefaultRouter()
    router.register("books", BookViewSet, basename="book")
    urlpatterns[:] = [
        path("", include(router.urls)),
        path("api-auth/", include("restwell.urls")),
    ]
    with connection.schema_editor() as editor:
        editor.create_model(Book)
    return Book


def seed(book_model: Any) -> None:
    """A few rows and a user."""
    import datetime

    from django.contrib.auth import get_user_model

    rows = [
        ("The Left Hand of Darkness", "Ursula K. Le Guin", "novel", 1969),
        ("A Room of One's Own", "Virginia Woolf", "essay", 1929),
        ("Ariel", "Sylvia Plath", "poetry", 1965),
        ("Invisible Cities", "Italo Calvino", "novel", 1972),
        ("Notes of a Native Son", "James Baldwin", "essay", 1955),
        ("Beloved", "Toni Morrison", "novel", 1987),
        ("The Waste Land", "T. S. Eliot", "poetry", 1922),
    ]
    for title, author, genre, year in rows:
        book_model.objects.create(
            title=title, author=author, genre=genre, published=datetime.date(year, 1, 1)
        )
    get_user_model().objects.create_user("ada", password="screenshots")


def serve() -> tuple[Any, str]:
    """Serve the app (and its static files) on a free port in a thread."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1]


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("No Chromium found: run `make browser` first.")


def shoot(base: str, out: Path, width: int) -> list[Path]:
    """Drive Chromium over the sample API and save the screenshots."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=find_chromium(),
            headless=True,
            args=LAUNCH_ARGS,
            viewport={"width": width, "height": 900},
            device_scale_factor=1,
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        # Log in through the login page, as a person would.
        page.goto(base + "/api-auth/login/?next=/books/")
        page.fill("input[name=username]", "ada")
        page.fill("input[name=password]", "screenshots")
        with page.expect_navigation():
            page.click("form button[type=submit], form input[type=submit]")

        page.goto(base + "/books/?page=2")
        saved.append(out / "list.png")
        page.screenshot(path=str(saved[-1]), full_page=True)

        page.goto(base + "/books/4/")
        saved.append(out / "detail.png")
        page.screenshot(path=str(saved[-1]), full_page=True)

        page.goto(base + "/books/")
        form = page.locator("form.rw-form[method=POST]:not([data-raw])")
        form.locator("input[name=title]").fill("")
        form.locator("input[name=published]").fill("someday")
        with page.expect_navigation():
            form.locator("button", has_text="POST").click()
        saved.append(out / "error.png")
        page.screenshot(path=str(saved[-1]), full_page=True)
        context.close()
    unexpected = [e for e in errors if "status of 400" not in e]
    if unexpected:
        print("console errors:", *unexpected, sep="\n  ", file=sys.stderr)
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--width", type=int, default=1200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        configure(str(Path(tmp) / "screens.sqlite3"))
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        seed(build_api())
        server, base = serve()
        try:
            for png in shoot(base, Path(args.out), args.width):
                print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
