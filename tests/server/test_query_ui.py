"""The query UI end to end: Debian's headless Chromium, driven by Playwright, against a real server.

No browser is downloaded: Playwright drives /usr/bin/chromium (`apt-get install chromium`, which
.ci/run does). Without it the test is skipped, saying why.
"""

from __future__ import annotations

import pytest

from browsers import launched_browser, needs_chromium, offline_page
from lisllm.sparql.catalogue import load_catalogue

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser():
    yield from launched_browser()


@pytest.fixture
def page(browser, server):
    # The UI must work offline: any request that leaves this server fails the test.
    errors = []
    with offline_page(browser, server.url) as page:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page
    assert not errors, errors


def test_running_an_example_query_shows_its_rows(page, server, served_project):
    assert "fixture-roles" in {q.id for q in load_catalogue(served_project.queries)}
    page.goto(server.url + "/query")
    page.click('button[data-example="fixture-roles"]')
    table = page.locator(".yasr table tbody tr")
    table.first.wait_for(timeout=20_000)
    text = page.locator(".yasr").inner_text()
    # Figure 1 of seed 000, as the results table shows it.
    assert table.count() == 4
    for name in ("nii", "nsl-cas", "national-library-of-sweden", "national-library-of-norway", "Leader"):
        assert name in text
    assert not page.locator("#truncation-notice").is_visible()


def test_truncation_is_shown(page, server):
    page.goto(server.url + "/query")
    yasqe = "document.querySelector('.yasqe .CodeMirror').CodeMirror"
    page.evaluate(f"{yasqe}.setValue('SELECT * WHERE {{ ?s ?p ?o }}')")
    page.evaluate(f"{yasqe}.query ? {yasqe}.query() : null")
    page.locator(".yasr table tbody tr").first.wait_for(timeout=20_000)
    notice = page.locator("#truncation-notice")
    notice.wait_for(state="visible", timeout=10_000)
    assert "50" in notice.inner_text()


def test_download_links_follow_the_query(page, server):
    page.goto(server.url + "/query")
    yasqe = "document.querySelector('.yasqe .CodeMirror').CodeMirror"
    page.evaluate(f"{yasqe}.setValue('ASK {{ ?s ?p ?o }}')")
    href = page.get_attribute('#downloads a[data-format="csv"]', "href")
    assert href.startswith("/sparql?") and "format=csv" in href and "ASK" in href


def test_the_editor_opens_on_a_short_query_and_shows_its_answer(page, server):
    """A reader sees an answer first (issue 25): a short query of which role each institution plays,
    run without a click, with no notes about the engine."""
    page.goto(server.url + "/query")
    yasqe = "document.querySelector('.yasqe .CodeMirror').CodeMirror"
    page.wait_for_function(f"{yasqe} && {yasqe}.getValue().length > 0", timeout=20_000)
    value = page.evaluate(f"{yasqe}.getValue()")
    assert value.startswith("PREFIX lisllm: <https://w3id.org/lisllm/ontology/>")
    body = [line for line in value.splitlines() if line.strip() and not line.startswith("PREFIX")]
    assert len(body) <= 15 and "Which role does each institution play?" in body[0]
    assert "Oxigraph" not in value and "SUBSTR" not in value
    # Its answer is on the page already: the four institutions of the served seed study, with roles.
    page.wait_for_selector(".yasr table", timeout=20_000)
    table = page.text_content(".yasr table")
    for words in ("National Library of Sweden", "National Institute of Informatics", "primary participant", "leader"):
        assert words in table, words
