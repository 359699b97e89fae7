"""A release as a reader sees it: served by a plain static web server, opened in headless Chromium.

Debian's Chromium is driven by Playwright (no browser download); without it the test is skipped.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from browsers import launched_browser, needs_chromium, offline_page
from lisllm.publish.release import publish

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def site_url(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "site"
    publish(project, out)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    yield from launched_browser()


@pytest.fixture
def page(browser, site_url):
    # The release must work offline: any request that leaves its site fails the test.
    with offline_page(browser, site_url) as page:
        yield page


def test_home_page_shows_the_case_model_and_links(page, site_url, tmp_path):
    page.goto(site_url + "/index.html")
    text = page.inner_text("body")
    for expected in ("National Institute of Informatics", "leader", "secondary participant",
                     "Ontology documentation", "Figure 1: case model (en)", "lisllm-0.1.0.trig"):
        assert expected in text
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert (tmp_path / "home.png").stat().st_size > 10_000


def test_resource_page_shows_types_evidence_and_alternates(page, site_url, tmp_path):
    page.goto(site_url + "/id/organization/nii.html")
    text = page.inner_text("main")
    assert "National Institute of Informatics" in text
    assert "leader" in text.lower()                       # the inferred role, shown among the types
    assert "This is an achievement of the NII-led LLM Research Group (LLM-jp)" in text   # evidence quote
    page.click("text=中文")
    assert page.url.endswith("/id/organization/nii.zh.html")
    assert "日本国立情报学研究所" in page.inner_text("main")
    page.goto(site_url + "/id/organization/nii.ttl")
    assert "National Institute of Informatics" in page.content()
    page.screenshot(path=str(tmp_path / "resource.png"), full_page=True)
