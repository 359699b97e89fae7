"""Chinese on the pages is drawn with a CJK font, not the fallback boxes (issue 25): Chromium says
which platform font it used for the glyphs of a Chinese heading."""

from __future__ import annotations

import pytest

from browsers import launched_browser, needs_chromium, offline_page

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser():
    yield from launched_browser()


def platform_fonts(page, selector: str) -> dict[str, int]:
    """The fonts Chromium drew the element's text with, and how many glyphs each drew (DevTools CSS)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def test_a_chinese_page_is_drawn_with_noto_sans_cjk(browser, server):
    with offline_page(browser, server.url) as page:
        page.goto(server.url + "/id/case/sweden-kb?lang=zh")
        heading = page.text_content("h1")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in heading), heading
        fonts = platform_fonts(page, "h1")
        cjk = {name: n for name, n in fonts.items() if "CJK" in name}
        # Every Han character of the heading is drawn by a Noto Sans CJK face, none by another font.
        han = sum(1 for ch in heading if "\u4e00" <= ch <= "\u9fff")
        assert cjk and sum(cjk.values()) >= han, fonts
