"""Resource pages for a static release, rendered by the same code and templates as `lisllm serve`.

The server builds a page from SPARQL over a `Source`; here the source's endpoint is an in-memory store. Links
the server writes as paths on its own origin (`/id/case/x?lang=zh`) become relative links to the
release's files (`../case/x.zh.html`), so the release works under any base path and from disk.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import BASE
from ..server.source import Source
from ..sparql.endpoint import LocalEndpoint
from ..sparql.formats import GRAPH_FORMATS, RESOURCE_FORMATS

LANGUAGE_SUFFIX = {"en": "", "zh": ".zh"}
FILE_EXTENSIONS = (".html", ".svg", *("." + fmt.file_extension for fmt in GRAPH_FORMATS))
LOCAL_LINK = re.compile(r'(href|src)="(/[^"#?]*)(?:\?lang=(en|zh))?(#[^"]*)?"')


def page_file(iri: str, lang: str) -> str:
    """Where the HTML page of an IRI lives in the release, relative to its root."""
    return iri.removeprefix(BASE) + LANGUAGE_SUFFIX[lang] + ".html"


def static_href(path: str, lang: str | None, fragment: str | None) -> str:
    """The release file for a server path such as `/id/case/x`, `/ontology` or `/`."""
    if path == "/":
        target = "index.html"
    elif path in ("/ontology", "/ontology/"):
        target = "ontology/index.html"
    elif path.endswith(FILE_EXTENSIONS):
        target = path.lstrip("/")
    else:
        target = path.lstrip("/") + LANGUAGE_SUFFIX[lang or "en"] + ".html"
    return target + (fragment or "")


def relativise(html: str, page: str, published: set[str]) -> str:
    """Rewrite origin-relative links in `html` to links relative to the file `page`.

    A link to a path the release does not contain (say, an ontology's version IRI) keeps its
    persistent IRI rather than becoming a dead relative link.
    """
    folder = os.path.dirname(page) or "."

    def replace(match: re.Match) -> str:
        attribute, path, lang, fragment = match.groups()
        target = static_href(path, lang, fragment)
        if target.partition("#")[0] not in published:
            return f'{attribute}="{BASE}{path.lstrip("/")}{fragment or ""}"'

        file_part, _, anchor = target.partition("#")
        relative = os.path.relpath(file_part, folder)
        return f'{attribute}="{relative}{"#" + anchor if anchor else ""}"'

    return LOCAL_LINK.sub(replace, html)


def write_resource_pages(store: ox.Store, site: Path, iris: list[str], other_files: set[str],
                         on_page=lambda pages: None) -> int:
    """Write an English and a Chinese page for every IRI; return the number of files written.

    `other_files` are the release's other files (relative paths) that pages may link to;
    `on_page(1)` is called after each page (a progress bar's update).
    """
    from ..server.app import templates
    from ..server.linked_data import LinkedData

    environment = templates()
    linked_data = LinkedData(Source(LocalEndpoint(store)), None, environment)
    template = environment.get_template("resource.html")
    published = set(other_files) | {"index.html", "ontology/index.html"}
    for iri in iris:
        stem = iri.removeprefix(BASE)
        published |= {page_file(iri, lang) for lang in LANGUAGE_SUFFIX}
        published |= {f"{stem}.{fmt.file_extension}" for fmt in RESOURCE_FORMATS}

    async def render_all() -> int:
        count = 0
        for iri in iris:
            for lang in LANGUAGE_SUFFIX:
                page = await linked_data.page(iri, lang)
                target = page_file(iri, lang)
                html = template.render(page=page, lang=lang, path="/" + iri.removeprefix(BASE), static=True)
                path = site / target
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(relativise(html, target, published), encoding="utf-8")
                count += 1
                on_page(1)
        return count

    return asyncio.run(render_all())
