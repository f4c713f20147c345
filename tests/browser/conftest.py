"""Headless Chromium for the browser tests, driven by Playwright's Python package.

The browser is Debian's ``chromium`` (``make browser`` installs it and the
``browser`` extra); Playwright's own download (``playwright install``) is never
used. Where no browser can be had, every test here is skipped with the reason.

Playwright's sync API keeps an asyncio loop running in the test thread, which
makes Django refuse ORM calls from that thread; the browser fixture therefore
sets ``DJANGO_ALLOW_ASYNC_UNSAFE`` while it is alive. The calls really are
synchronous: the loop only drives the browser connection.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

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


def find_chromium() -> str | None:
    """The Chromium binary: ``$RESTWELL_CHROMIUM``, else the first one on PATH."""
    explicit = os.environ.get("RESTWELL_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageLog:
    """What a page reported while a test drove it."""

    console: list[Any] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions, as text."""
        return [m.text + " @ " + str(m.location.get("url")) for m in self.console if m.type == "error"] + self.page_errors


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chromium context with a fresh profile, shared by one test module."""
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is not installed: run `make browser` (installs the 'browser' extra)",
    )
    executable = find_chromium()
    if executable is None:
        pytest.skip(
            "no Chromium binary found (chromium, chromium-browser, google-chrome or "
            "$RESTWELL_CHROMIUM): run `make browser`, which apt-get installs Debian's chromium"
        )
    profile = tmp_path_factory.mktemp("chromium-profile")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_api.sync_playwright().start()
        try:
            try:
                # launch_persistent_context() passes --user-data-dir itself.
                context = playwright.chromium.launch_persistent_context(
                    str(profile),
                    executable_path=executable,
                    headless=True,
                    args=LAUNCH_ARGS,
                    viewport={"width": 1280, "height": 900},
                )
            except sync_api.Error as exc:
                pytest.skip("Chromium at %s could not start: %s" % (executable, exc))
            context.set_default_timeout(15_000)
            yield context
            context.close()
        finally:
            playwright.stop()


@pytest.fixture
def page(browser_context: Any, live_server: Any) -> Iterator[tuple[Any, PageLog]]:
    """A new tab with no cookies, recording console messages, errors and dialogs."""
    browser_context.clear_cookies()
    tab = browser_context.new_page()
    log = PageLog()
    tab.on("console", lambda message: log.console.append(message))
    tab.on("pageerror", lambda exc: log.page_errors.append(str(exc)))

    def on_dialog(dialog: Any) -> None:
        log.dialogs.append("%s: %s" % (dialog.type, dialog.message))
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab, log
    tab.close()
