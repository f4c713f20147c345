"""Run the S1/S2 scenarios for one implementation and print JSON results.

Usage: python -m benchmarks._worker restwell|drf|ninja [repeats]   (from the project root)

The same serializer classes (written against DRF's API) run on restwell
(through ``install_as_rest_framework``) and on Django REST framework;
django-ninja runs S1 with a ``Schema`` of the same nested shape. Importing
this module with ``setup(impl)`` gives the scenario functions to a profiler.
"""

import datetime
import decimal
import gc
import json
import os
import statistics
import sys
import time
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
N = 1000

BOOKS: list[Any] = []
PAYLOADS: list[dict[str, Any]] = []
PAYLOADS_REL: list[dict[str, Any]] = []


def setup(impl: str) -> None:
    """Configure Django for ``impl`` and create the benchmark data in SQLite (in memory)."""
    # Run as ``python -m benchmarks._worker`` from the project root: the
    # benchmarks directory itself must not be on sys.path (its ``http``
    # package would hide the standard library's).
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    if impl == "restwell":
        import restwell

        restwell.install_as_rest_framework()

    import django
    from django.conf import settings

    apps = ["django.contrib.contenttypes", "django.contrib.auth", "benchmarks.benchapp"]
    if impl != "ninja":
        apps.insert(2, "rest_framework")
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench",
        USE_TZ=True,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=apps,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    django.setup()

    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)

    from benchmarks.benchapp.models import Author, Book

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
    BOOKS[:] = Book.objects.select_related("author").order_by("id")
    PAYLOADS[:] = [
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
    author_ids = [a.pk for a in authors]
    PAYLOADS_REL[:] = [{**p, "author": author_ids[i % 50]} for i, p in enumerate(PAYLOADS)]


def measure(named: dict[str, Any], repeats: int) -> dict[str, Any]:
    """Time several implementations of one scenario, interleaved so load noise hits all alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out: dict[str, Any] = {}
    for name, func in named.items():
        func()  # warm up
        with CaptureQueriesContext(connection) as ctx:
            func()
        out[name] = {"times": [], "queries": len(ctx.captured_queries)}
    # As timeit does, the cyclic garbage collector is off while timing (and
    # run between timings): otherwise a collection triggered by one
    # implementation's allocations lands in whichever runs next.
    for _ in range(repeats):
        for name, func in named.items():
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                func()
                out[name]["times"].append(time.perf_counter() - start)
            finally:
                gc.enable()
    return {
        name: {"median_ms": statistics.median(v["times"]) * 1000, "queries": v["queries"]}
        for name, v in out.items()
    }


def framework_scenarios() -> dict[str, Any]:
    """S1/S2 with DRF's API: restwell through the alias, or Django REST framework itself."""
    from rest_framework import serializers
    from rest_framework.renderers import JSONRenderer

    from benchmarks.benchapp.models import Author, Book

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

    def s1() -> Any:
        return renderer.render(BookSerializer(BOOKS, many=True).data)

    def s2() -> None:
        for payload in PAYLOADS:
            ser = BookCreateSerializer(data=payload)
            if not ser.is_valid():
                raise SystemExit(ser.errors)

    def s2_rel() -> None:
        for payload in PAYLOADS_REL:
            ser = BookCreateRelSerializer(data=payload)
            if not ser.is_valid():
                raise SystemExit(ser.errors)

    def s2_rel_many() -> None:
        ser = BookCreateRelSerializer(data=PAYLOADS_REL, many=True)
        if not ser.is_valid():
            raise SystemExit(ser.errors)

    return {"S1": s1, "S2": s2, "S2-rel": s2_rel, "S2-rel-many": s2_rel_many}


def ninja_scenarios() -> dict[str, Any]:
    """S1 with django-ninja: what an operation with ``response=list[BookOut]`` does per response."""
    from ninja import Schema
    from ninja.operation import ResponseObject
    from ninja.renderers import JSONRenderer

    class AuthorOut(Schema):
        id: int
        name: str
        email: str

    class BookOut(Schema):
        id: int
        title: str
        isbn: str
        price: decimal.Decimal
        pages: int
        published: datetime.date
        in_print: bool
        author: AuthorOut

    class BookListResponse(Schema):
        response: list[BookOut]

    renderer = JSONRenderer()

    def s1() -> Any:
        context = {"request": None, "response_status": 200}
        validated = BookListResponse.model_validate(ResponseObject(BOOKS), context=context)
        data = validated.model_dump(by_alias=False, context=context)["response"]
        return renderer.render(None, data, response_status=200)

    return {"S1": s1}


def hand_scenarios() -> dict[str, Any]:
    """The baseline: dicts + orjson for S1, plain checks for S2."""
    from benchmarks.benchapp.models import Author

    try:
        import orjson

        dumps = orjson.dumps
    except ImportError:  # a venv without orjson

        def dumps(data: Any) -> bytes:
            return json.dumps(data, separators=(",", ":")).encode()

    def s1() -> Any:
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

    def check(payload: dict[str, Any]) -> dict[str, Any]:
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

    def s2() -> None:
        for payload in PAYLOADS:
            check(payload)

    def s2_rel() -> None:
        for payload in PAYLOADS_REL:
            out = check(payload)
            out["author"] = Author.objects.get(pk=payload["author"])

    def s2_rel_many() -> None:
        found = Author.objects.in_bulk({p["author"] for p in PAYLOADS_REL})
        for payload in PAYLOADS_REL:
            out = check(payload)
            out["author"] = found[payload["author"]]

    return {"S1": s1, "S2": s2, "S2-rel": s2_rel, "S2-rel-many": s2_rel_many}


def main() -> None:
    impl = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    setup(impl)
    hand = hand_scenarios()
    framework = ninja_scenarios() if impl == "ninja" else framework_scenarios()
    # Compare like with like: the framework's S1 bytes must decode to the
    # same data as the hand-written ones.
    if json.loads(framework["S1"]()) != json.loads(hand["S1"]()):
        raise SystemExit(f"{impl}: S1 output differs from the hand-written output")
    result = {name: measure({impl: framework[name], "hand": hand[name]}, repeats) for name in framework}
    print(json.dumps({"impl": impl, "results": result}))


if __name__ == "__main__":
    main()
