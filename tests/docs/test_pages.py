"""The examples of ``docs/`` run, and give the responses the pages show.

Pages listed in ``RUNNABLE`` are executed (see ``tests/docs/_pages.py`` for
how a page is read) at import time, so their models exist when the test
database is created; then each page's commands are replayed on the WSGI and
the ASGI stacks. Every other page's Python blocks must at least compile.
"""

from __future__ import annotations

import ast
import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from restwell.settings import RESTWELL_DEFAULTS
from tests.docs._pages import DOCS, Page, Replay

RUNNABLE = [
    "quickstart",
    "migrating",
    "security",
    "views",
    "serializers",
    "auth",
    "pagination-filtering",
    "parsers-renderers",
    "async",
    "browsable-api",
]

PAGES = {name: Page.read(name).load() for name in RUNNABLE}
ALL_PAGES = sorted(path.stem for path in DOCS.glob("*.md"))
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("name", ALL_PAGES)
def test_python_blocks_compile(name: str) -> None:
    Page.read(name).compile_all()


@pytest.mark.parametrize("name", RUNNABLE)
def test_runnable_pages_have_code(name: str) -> None:
    assert PAGES[name].python_blocks()


@pytest.mark.django_db(transaction=True, reset_sequences=True)
@pytest.mark.parametrize("name", RUNNABLE)
def test_page_commands_give_the_documented_output(name: str, api_client) -> None:
    page = PAGES[name]
    cache.clear()  # throttle and lockout counts from other tests
    with override_settings(**page.settings()):
        Replay(page, api_client).run_all()


@pytest.mark.parametrize("name", ALL_PAGES)
def test_relative_links_name_existing_files(name: str) -> None:
    text = (DOCS / f"{name}.md").read_text()
    targets = [t for t in LINK.findall(text) if not re.match(r"^[a-z]+:", t)]
    missing = [t for t in targets if not (DOCS / t).exists()]
    assert missing == []


def test_migrating_page_lists_every_restwell_setting_with_its_default() -> None:
    text = (DOCS / "migrating.md").read_text()
    rows = re.findall(r"^\| `([A-Z_0-9]+)` \| `([^`]+)` \|", text, re.M)
    documented = {key: ast.literal_eval(default) for key, default in rows}
    assert documented == RESTWELL_DEFAULTS


def test_every_page_is_in_the_site_navigation() -> None:
    import yaml  # pyyaml is a dev dependency
    config = yaml.safe_load((DOCS.parent / "mkdocs.yml").read_text())

    def pages(nav: list) -> list[str]:
        found = []
        for entry in nav:
            for target in entry.values():
                found.extend(pages(target) if isinstance(target, list) else [target])
        return found

    assert sorted(pages(config["nav"])) == [f"{name}.md" for name in ALL_PAGES]


def test_readme_python_blocks_compile() -> None:
    readme = Page.read("../README")
    assert readme.python_blocks()
    readme.compile_all()
