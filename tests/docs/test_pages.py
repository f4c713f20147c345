"""The examples of ``docs/`` run, and give the responses the pages show.

Pages listed in ``RUNNABLE`` are executed (see ``tests/docs/_pages.py`` for
how a page is read) at import time, so their models exist when the test
database is created; then each page's commands are replayed on the WSGI and
the ASGI stacks. Every other page's Python blocks must at least compile.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.docs._pages import DOCS, Page, Replay

RUNNABLE = ["quickstart"]

PAGES = {name: Page.read(name).load() for name in RUNNABLE}


@pytest.mark.parametrize("name", sorted(path.stem for path in DOCS.glob("*.md")))
def test_python_blocks_compile(name: str) -> None:
    Page.read(name).compile_all()


@pytest.mark.django_db(transaction=True, reset_sequences=True)
@pytest.mark.parametrize("name", RUNNABLE)
def test_page_commands_give_the_documented_output(name: str, api_client) -> None:
    page = PAGES[name]
    cache.clear()  # throttle and lockout counts from other tests
    with override_settings(**page.settings()):
        replayed = Replay(page, api_client).run_all()
    assert replayed > 0
