"""The pages read on a phone (390 px wide, an iPhone's CSS width) without scrolling sideways: a
wide table may scroll inside its own box, the page itself may not. Tested in Chromium."""

from __future__ import annotations

import pytest

from browsers import launched_browser, needs_chromium, offline_page

pytestmark = needs_chromium

WIDTH = 390
PAGES = ("/", "/query", "/id/case/japan-nii", "/id/organization/nii", "/ontology", "/ontology/Leader", "/compare")


@pytest.fixture(scope="module")
def browser():
    yield from launched_browser()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PAGES)
def test_the_page_fits_a_phone_s_width(browser, server, path, lang):
    with offline_page(browser, server.url) as page:
        page.set_viewport_size({"width": WIDTH, "height": 844})
        page.goto(f"{server.url}{path}?lang={lang}")
        if path == "/query":
            # The editor runs its first query at once; the page must fit with the answer on it.
            page.wait_for_selector(".yasr table", timeout=20_000)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= WIDTH, (width, page.evaluate(OVERFLOWING))


# What sticks out past the screen and is not inside a box of its own that scrolls or clips: the
# culprits, named in the failure's message.
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
  .filter(e => { for (let a = e.parentElement; a; a = a.parentElement)
                   if (getComputedStyle(a).overflowX !== 'visible') return false;
                 return true; })
  .slice(0, 5).map(e => `${e.tagName}.${e.className}: ${(e.textContent || '').slice(0, 40)}`)"""
