"""Run the S1/S2 scenarios for one implementation and print JSON results.

Usage: python benchmarks/_worker.py restwell|drf [repeats]
The same serializer classes (written against DRF's API) run on restwell
(through ``install_as_rest_framework``) and on Django REST framework.
"""

from __future__ import annotations

import datetime
import decimal
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
IMPL = sys.argv[1]
REPEATS = int(sys.argv[2]) if len(sys.argv) > 2 else 7
N = 1000

if IMPL == "restwell":
    sys.path.insert(0, os.path.dirname(HERE))
    import restwell

    restwell.install_as_rest_framework()

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench",
    USE_TZ=True,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework", "benchapp"],
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

call_command("migrate", run_syncdb=True, verbosity=0)

from benchapp.models import Author, Book  # noqa: E402

authors = Author.objects.bulk_create([Author(name=f"Author {i}", email=f"a{i}@x.test") for i in range(50)])
Book.objects.bulk_create(
    [
        Book(
            title=f"Book {i}",
            isbn=f"978-{i:010d}",
            price=decimal.Decimal("12.50") + i,
            pages=100 + i,
            published=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            author=authors[i % 50],
        )
        for i in range(N)
    ]
)
BOOKS = list(Book.objects.select_related("author").order_by("id"))
PAYLOADS = [
    {
        "title": f"New {i}",
        "isbn": f"979-{i:010d}",
        "price": "19.99",
        "pages": 321,
        "published": "2024-05-01",
        "in_print": True,
    }
    for i in range(N)
]
AUTHOR_IDS = [a.pk for a in authors]
PAYLOADS_REL = [{**p, "author": AUTHOR_IDS[i % 50]} for i, p in enumerate(PAYLOADS)]


def measure(named):  # type: ignore[no-untyped-def]
    """Time several implementations of one scenario, interleaved so load noise hits all alike."""
    out = {}
    for name, func in named.items():
        func()  # warm up
        with CaptureQueriesContext(connection) as ctx:
            func()
        out[name] = {"times": [], "queries": len(ctx.captured_queries)}
    for _ in range(REPEATS):
        for name, func in named.items():
            start = time.perf_counter()
            func()
            out[name]["times"].append(time.perf_counter() - start)
    return {
        name: {"median_ms": statistics.median(v["times"]) * 1000, "queries": v["queries"]}
        for name, v in out.items()
    }


def framework_scenarios():  # type: ignore[no-untyped-def]
    from rest_framework import serializers
    from rest_framework.renderers import JSONRenderer

    class AuthorSerializer(serializers.ModelSerializer):
        class Meta:
            model = Author
            fields = ["id", "name", "email"]

    class BookSerializer(serializers.ModelSerializer):
        author = AuthorSerializer(read_only=True)

        class Meta:
            model = Book
            fields = ["id", "title", "isbn", "price", "pages", "published", "in_print", "author"]

    class BookCreateSerializer(serializers.ModelSerializer):
        class Meta:
            model = Book
            fields = ["title", "isbn", "price", "pages", "published", "in_print"]

    class BookCreateRelSerializer(serializers.ModelSerializer):
        class Meta:
            model = Book
            fields = ["title", "isbn", "price", "pages", "published", "in_print", "author"]

    renderer = JSONRenderer()

    def s1():  # type: ignore[no-untyped-def]
        return renderer.render(BookSerializer(BOOKS, many=True).data)

    def s2():  # type: ignore[no-untyped-def]
        for payload in PAYLOADS:
            ser = BookCreateSerializer(data=payload)
            if not ser.is_valid():
                raise SystemExit(ser.errors)

    def s2_rel():  # type: ignore[no-untyped-def]
        for payload in PAYLOADS_REL:
            ser = BookCreateRelSerializer(data=payload)
            if not ser.is_valid():
                raise SystemExit(ser.errors)

    def s2_rel_many():  # type: ignore[no-untyped-def]
        ser = BookCreateRelSerializer(data=PAYLOADS_REL, many=True)
        if not ser.is_valid():
            raise SystemExit(ser.errors)

    return {"S1": s1, "S2": s2, "S2-rel": s2_rel, "S2-rel-many": s2_rel_many}


def hand_scenarios():  # type: ignore[no-untyped-def]
    try:
        import orjson

        dumps = orjson.dumps
    except ImportError:  # the DRF bench venv may lack orjson
        import json as _json

        def dumps(data):  # type: ignore[no-untyped-def]
            return _json.dumps(data, separators=(",", ":")).encode()

    def s1():  # type: ignore[no-untyped-def]
        return dumps(
            [
                {
                    "id": b.id,
                    "title": b.title,
                    "isbn": b.isbn,
                    "price": str(b.price),
                    "pages": b.pages,
                    "published": b.published.isoformat(),
                    "in_print": b.in_print,
                    "author": {"id": b.author.id, "name": b.author.name, "email": b.author.email},
                }
                for b in BOOKS
            ]
        )

    def check(payload):  # type: ignore[no-untyped-def]
        out = {}
        title = payload.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > 200:
            raise ValueError("title")
        out["title"] = title.strip()
        isbn = payload.get("isbn")
        if not isinstance(isbn, str) or len(isbn) > 20:
            raise ValueError("isbn")
        out["isbn"] = isbn
        price = decimal.Decimal(str(payload["price"]))
        if price.as_tuple().exponent < -2 or len(price.as_tuple().digits) > 8:
            raise ValueError("price")
        out["price"] = price
        pages = payload["pages"]
        if isinstance(pages, bool) or int(pages) != pages:
            raise ValueError("pages")
        out["pages"] = int(pages)
        out["published"] = datetime.date.fromisoformat(payload["published"])
        out["in_print"] = bool(payload.get("in_print", True))
        return out

    def s2():  # type: ignore[no-untyped-def]
        for payload in PAYLOADS:
            check(payload)

    def s2_rel():  # type: ignore[no-untyped-def]
        for payload in PAYLOADS_REL:
            out = check(payload)
            out["author"] = Author.objects.get(pk=payload["author"])

    def s2_rel_many():  # type: ignore[no-untyped-def]
        found = Author.objects.in_bulk({p["author"] for p in PAYLOADS_REL})
        for payload in PAYLOADS_REL:
            out = check(payload)
            out["author"] = found[payload["author"]]

    return {"S1": s1, "S2": s2, "S2-rel": s2_rel, "S2-rel-many": s2_rel_many}


hand = hand_scenarios()
framework = framework_scenarios()
result = {name: measure({IMPL: framework[name], "hand": hand[name]}) for name in framework}
import json  # noqa: E402  (benchmark script, not library code)

print(json.dumps({"impl": IMPL, "results": result}))
