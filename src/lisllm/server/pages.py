"""The home page, the query UI page and the dumps."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import anyio
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response

from ..graph.about import COUNTRIES, PERIOD, VERSION, coverage_of, schema_dataset, script_tag
from ..graph.dist import DUMPS
from ..namespaces import BASE, GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, ONTOLOGY_IRI, PREFIXES
from ..sparql.catalogue import CatalogueQuery
from ..sparql.remote import with_prefixes
from .caching import Cached, GraphVersion, ResponseCache
from .description import _body
from .labels import Term
from .linked_data import preferred_language
from .sending import entry_response, raw_headers
from .source import Source

CASES = """
SELECT ?case ?institution ?country ?role WHERE {
  GRAPH ?g1 { ?case a lisllm:Case ; lisllm:institution ?institution ; lisllm:inCountry ?country . }
  OPTIONAL { GRAPH <%s> { ?institution a ?role } GRAPH ?g2 { ?role rdfs:subClassOf lisllm:LLMRnDParticipant } }
} ORDER BY ?case
""" % GRAPH_INFERRED
CLASSES = """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  GRAPH <%s> { ?class a owl:Class FILTER(STRSTARTS(STR(?class), STR(lisllm:))) }
  OPTIONAL { GRAPH ?g { ?x a ?class } FILTER(?g != <%s>) }
} GROUP BY ?class
""" % (GRAPH_ONTOLOGY, GRAPH_ONTOLOGY)
SCHEMES = """
SELECT ?scheme (COUNT(DISTINCT ?concept) AS ?n) WHERE {
  GRAPH ?g { ?scheme a skos:ConceptScheme }
  OPTIONAL { GRAPH ?g2 { ?concept skos:inScheme ?scheme } }
} GROUP BY ?scheme ORDER BY ?scheme
"""
COUNTS = ("""
SELECT
  (SUM(IF(?g = <%s>, 1, 0)) AS ?ontology) (SUM(IF(?g = <%s>, 1, 0)) AS ?asserted) """
          """(SUM(IF(?g = <%s>, 1, 0)) AS ?inferred)
WHERE { GRAPH ?g { ?s ?p ?o } }
""" % (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED))
KINDS = """
SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?kind { lisllm:Case lisllm:LISInstitution lisllm:Finding lisllm:SourceDocument }
  GRAPH ?g { ?x a ?kind }
} GROUP BY ?kind
"""
ABOUT = ("SELECT ?p ?text WHERE { GRAPH ?g { <%s> ?p ?text } VALUES ?p { dcterms:title dcterms:description } }"
         % ONTOLOGY_IRI)


@dataclass
class Example:
    id: str
    title: str
    description: str
    questions: tuple[str, ...]
    text: str          # the query with the prefix declarations it needs, ready for any endpoint


# What the query editor opens with, and runs at once: short enough to read at a glance, written for
# a reader rather than tuned for an engine (the catalogue's forms stay in queries/).
STARTING_QUERY = """# Which role does each institution play? Roles are inferred by the reasoner from the
# findings; an empty role means the institution fits none (query unclassified-institutions).
SELECT ?institution ?country ?role WHERE {
  ?case a lisllm:Case ; lisllm:institution ?i ; lisllm:inCountry ?c .
  ?i rdfs:label ?institution FILTER(lang(?institution) = "%(lang)s")
  ?c rdfs:label ?country FILTER(lang(?country) = "%(lang)s")
  OPTIONAL {
    ?i a ?r . ?r rdfs:subClassOf lisllm:LLMRnDParticipant ; rdfs:label ?role
    FILTER(lang(?role) = "%(lang)s")
  }
}
ORDER BY ?country ?institution
"""


def starting_query(lang: str = "en") -> str:
    """The editor's first query, in the page's language, after the prefixes it uses (the editor
    checks prefixed names against the declarations)."""
    declarations = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("lisllm", "rdfs"))
    return declarations + "\n" + STARTING_QUERY % {"lang": lang}


def _local_path(iri: str) -> str:
    """A resource's page on this server: its IRI's path under the project's base."""
    return "/" + iri[len(BASE):] if iri.startswith(BASE) else iri


def examples(catalogue: list[CatalogueQuery], lang: str) -> list[Example]:
    return [Example(q.id, q.title(lang), q.description, q.questions, with_prefixes(_body(q.text))) for q in catalogue]


class Pages:
    def __init__(self, source: Source, version: GraphVersion, templates, catalogue: list[CatalogueQuery],
                 dist: Path | None, limits, cache: ResponseCache | None = None):
        self.source, self.version, self.templates = source, version, templates
        self.catalogue, self.dist, self.limits = catalogue, dist, limits
        self.cache = cache if cache is not None else ResponseCache(0)
        self._home: dict[tuple[str, str], Cached] = {}     # without a cache (a remote endpoint): kept here

    async def home(self, request: Request) -> Response:
        lang = preferred_language(request)
        base_url = str(request.base_url)
        etag = self.version.etag("home", lang, base_url)
        headers = {"Vary": "Accept-Language"} | self.version.headers(etag)
        if self.version.not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        # The page names this server's URLs (its dataset description), so they are part of the key.
        key = (self.version.version, "home", lang, base_url)
        entry = self.cache.get(key, "home") if self.cache.enabled else self._home.get((lang, base_url))
        state = (b"x-lisllm-cache", b"hit")
        if entry is None:
            html = await self._render_home(lang, base_url)
            entry = Cached(html.encode("utf-8"), "text/html; charset=utf-8",
                           raw_headers({"Vary": "Accept-Language"}), etag)
            state = (b"x-lisllm-cache", b"miss")
            if self.cache.enabled:
                self.cache.put(key, entry)
            elif len(self._home) < 16:
                self._home[(lang, base_url)] = entry
        size = entry.size
        response = await entry_response(entry, request.headers, raw_headers(self.version.headers(etag)) + [state])
        if entry.size != size:
            self.cache.grew(key)            # its gzip form was made for this client
        return response

    async def _render_home(self, lang: str, base_url: str) -> str:
        texts: dict[str, dict[str, str]] = {}
        for row in await self.source.select(ABOUT):
            texts.setdefault(row["p"].value, {})[getattr(row["text"], "language", None) or ""] = row["text"].value
        about = {p: by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()))
                 for p, by_lang in texts.items()}
        counts_row = (await self.source.select(COUNTS))[0]
        counts = {name: int(counts_row[name].value) if counts_row[name] is not None else 0
                  for name in ("ontology", "asserted", "inferred")}
        kinds = {row["kind"].value.rsplit("/", 1)[1]: int(row["n"].value) for row in await self.source.select(KINDS)}
        cases = await self.source.select(CASES)
        classes = await self.source.select(CLASSES)
        schemes = await self.source.select(SCHEMES)
        iris = {t.value for row in cases + classes + schemes for t in row.values() if isinstance(t, ox.NamedNode)}
        labels = await self.source.labels(iris, lang)

        def term(node):
            return Term.of(node, labels, lang) if node is not None else None

        return self.templates.get_template("home.html").render(
            lang=lang, path="/", dataset_jsonld=await self._dataset(lang, base_url),
            title=about.get("http://purl.org/dc/terms/title", "lisllm"),
            description=about.get("http://purl.org/dc/terms/description", ""),
            counts=counts, kinds=kinds,
            cases=[(term(r["case"]), term(r["institution"]), term(r["country"]), term(r["role"])) for r in cases],
            classes=sorted(((term(r["class"]), int(r["n"].value)) for r in classes), key=lambda c: c[0].text.lower()),
            schemes=[(term(r["scheme"]), int(r["n"].value)) for r in schemes],
            examples=examples(self.catalogue, lang),
            dumps=[name for name in DUMPS if self.dist and (self.dist / name).is_file()],
            ontology_href="/ontology" + ("?lang=zh" if lang == "zh" else ""),
            base=BASE,
        )

    async def _dataset(self, lang: str, base_url: str) -> str:
        """The schema.org Dataset of the home page, from the facts and queries VoID/DCAT use."""
        period, countries = coverage_of(await self.source.select(PERIOD), await self.source.select(COUNTRIES))
        version_rows = await self.source.select(VERSION)
        version = version_rows[0]["version"].value if version_rows else "unreleased"
        dumps = [(f"{base_url}dumps/{name}", media) for name, media in DUMPS.items()
                 if self.dist and (self.dist / name).is_file()]
        return script_tag(schema_dataset(url=base_url, version=version, period=period, countries=countries,
                                         distributions=dumps, sparql_endpoint=base_url + "sparql", lang=lang))

    async def query_ui(self, request: Request) -> Response:
        lang = preferred_language(request)
        html = self.templates.get_template("query.html").render(
            lang=lang, path="/query", examples=examples(self.catalogue, lang), max_rows=self.limits.max_rows,
            timeout=self.limits.timeout, initial=starting_query(lang))
        return HTMLResponse(html, headers={"Vary": "Accept-Language", "Cache-Control": "no-cache"})

    async def compare(self, request: Request) -> Response:
        """Institutions side by side (`?i=SLUG&i=SLUG`, all of them without `i`), as `lisllm compare` prints them."""
        from urllib.parse import urlencode

        from markupsafe import Markup

        from ..sparql.compare import WORDS, UnknownInstitution, compare, known_names, render_html, resolve

        lang = preferred_language(request)
        chosen = request.query_params.getlist("i")
        endpoint = self.source.endpoint

        def run():
            names = known_names(endpoint)
            try:
                institutions = resolve(endpoint, chosen) if chosen else sorted(set(names.values()))
            except UnknownInstitution as exc:
                return names, None, str(exc)
            return names, compare(endpoint, institutions, lang), None

        names, comparison, error = await anyio.to_thread.run_sync(run)
        labels = await self.source.labels(set(names.values()), lang)
        by_iri = {}
        for slug, iri in sorted(names.items()):
            if slug.count("-") and iri not in by_iri.values() and slug not in by_iri:
                by_iri.setdefault(iri, slug)
        choices = sorted(((slug, labels.get(iri, slug), slug in chosen)
                          for iri, slug in by_iri.items()), key=lambda c: c[1].lower())
        table = Markup(render_html(comparison, fragment=True, link=_local_path)) if comparison else ""
        html = self.templates.get_template("compare.html").render(
            lang=lang, path="/compare", title=WORDS[lang]["title"], error=error, choices=choices, table=table,
            query_en=urlencode([("i", i) for i in chosen] + [("lang", "en")]),
            query_zh=urlencode([("i", i) for i in chosen] + [("lang", "zh")]))
        return HTMLResponse(html, status_code=400 if error else 200,
                            headers={"Vary": "Accept-Language", "Cache-Control": "no-cache"})

    async def dump(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in DUMPS or self.dist is None or not (self.dist / name).is_file():
            return PlainTextResponse(f"no dump named {name}\n", status_code=404)
        media_type = DUMPS[name] + ("; charset=utf-8" if DUMPS[name].startswith("text/") else "")
        return FileResponse(self.dist / name, media_type=media_type,
                            headers={"Cache-Control": self.version.cache_control()})
