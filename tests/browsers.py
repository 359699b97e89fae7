"""Debian's headless Chromium, driven by Playwright, for tests that look at pages as a reader does.

No browser is downloaded: Playwright drives /usr/bin/chromium (`apt-get install chromium`, which
.ci/run does). Tests using it are skipped, saying why, where it is missing.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Without the background-networking flags Chromium keeps trying to reach Google's hosts.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

needs_chromium = pytest.mark.skipif(CHROMIUM is None,
                                    reason="Debian chromium is not installed (apt-get install chromium)")


def launched_browser():
    """Yield a running headless Chromium (use from a fixture)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield instance
        instance.close()


@contextmanager
def offline_page(browser, origin: str):
    """A page in a new browser context that may fetch only from `origin`: any other request is
    refused, and fails the test when the page is closed."""
    context = browser.new_context()
    outside: list[str] = []
    context.route("**/*", lambda route: (route.continue_() if route.request.url.startswith(origin)
                                         else (outside.append(route.request.url), route.abort())))
    yield context.new_page()
    context.close()
    assert not outside, f"the page fetched something from elsewhere: {outside}"
