"""`lisllm publish`: a static linked-data release that needs no server.

Layout of a release (paths mirror the IRIs under https://w3id.org/lisllm/):
  index.html                 home page
  ontology/index.html        ontology documentation (pyLODE); ontology.{ttl,rdf,jsonld,nt}
  id/<kind>/<slug>.{html,zh.html,ttl,jsonld,rdf,nt}   pages in en and zh and four serialisations
                             per resource; ontology terms likewise under ontology/<Term>.*
  dumps/lisllm-<version>.{ttl,trig,nq,jsonld} and SHA256SUMS
  context.jsonld             the JSON-LD context of every .jsonld file (also inline in each)
  compare/index{,.zh}.html   every institution compared across the logic model's stages
  void.ttl                   VoID + DCAT description with statistics computed from the data
  .htaccess, nginx.conf      content-negotiation rules for serving under the persistent base IRI
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..atomic import atomic_directory
from ..graph.about import coverage, schema_dataset, script_tag
from ..graph.build import Graphs, built_graphs
from ..graph.jsonld import compact_quads, compact_triples, context_document
from ..graph.project import Project
from ..graph.stats import graph_stats
from ..graph.store import create_store, select
from ..namespaces import BASE, ID, LISLLM, ONTOLOGY_IRI, OWL, PREFIXES, SPDX, VOID
from ..progress import SILENT, Progress, count
from ..sparql.formats import RESOURCE_FORMATS, media_type
from .description import Distribution, describe_dataset, statistics

# The dumps, each with its title in the dataset description; the formats that hold datasets get the
# three named graphs, the others the merged graph.
DUMP_FORMATS = {
    ox.RdfFormat.TURTLE: "whole graph, merged (Turtle)",
    ox.RdfFormat.TRIG: "named graphs: ontology, asserted, inferred (TriG)",
    ox.RdfFormat.N_QUADS: "named graphs: ontology, asserted, inferred (N-Quads)",
    ox.RdfFormat.JSON_LD: "named graphs (JSON-LD)",
}


@dataclass
class Release:
    out: Path
    version: str
    triples: int
    resources: int
    dumps: list[Distribution]


def ontology_version(ontology: list[ox.Triple]) -> str:
    for t in ontology:
        if t.subject.value == ONTOLOGY_IRI and t.predicate.value == OWL + "versionInfo":
            return t.object.value
    return "0.0.0"


def stamp_version(ontology: list[ox.Triple], version: str) -> list[ox.Triple]:
    """The ontology with owl:versionInfo and owl:versionIRI set to `version`."""
    subject = ox.NamedNode(ONTOLOGY_IRI)
    kept = [t for t in ontology if not (t.subject == subject and t.predicate.value in
                                        (OWL + "versionInfo", OWL + "versionIRI"))]
    return kept + [
        ox.Triple(subject, ox.NamedNode(OWL + "versionInfo"), ox.Literal(version)),
        ox.Triple(subject, ox.NamedNode(OWL + "versionIRI"), ox.NamedNode(f"{ONTOLOGY_IRI}/{version}")),
    ]


def publish(project: Project, out: Path, *, base_url: str = BASE, version: str | None = None,
            sparql_endpoint: str | None = None, issued: dt.date | None = None,
            progress: Progress = SILENT) -> Release:
    graphs, graph_version = built_graphs(project, progress=progress)
    version = version or ontology_version(graphs.ontology)
    graphs = Graphs(stamp_version(graphs.ontology, version), graphs.asserted, graphs.inferred, None, [], graphs.base)
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    content = graphs.quads()
    progress.step(f"loading {count(len(content))} quads into an in-memory store…")
    store = create_store(None, content)
    with atomic_directory(out) as site:
        progress.step(f"writing dumps in {len(DUMP_FORMATS)} formats…")
        dumps = _write_dumps(site, graphs, version)
        progress.step("writing the ontology documentation…")
        _write_ontology(site, graphs.ontology)
        (site / "context.jsonld").write_text(context_document(), encoding="utf-8")
        resources = _write_resources(site, store, progress)
        progress.step("writing the dataset description, figures, report and home page…")
        stats = statistics(store)
        examples = [row["c"].value for row in select(store, "SELECT ?c WHERE { ?c a lisllm:Case } ORDER BY ?c")]
        period, countries = coverage(store)
        description = describe_dataset(
            stats, version=version, issued=(issued or dt.date.today()).isoformat(), base_url=base_url,
            distributions=dumps, sparql_endpoint=sparql_endpoint, examples=examples,
            period=period, countries=countries)
        ox.serialize(description, str(site / "void.ttl"), ox.RdfFormat.TURTLE,
                     prefixes={**PREFIXES, "void": VOID, "spdx": SPDX})
        _write_redirects(site)
        figures, sections = _write_figures_and_report(site, store, project, graph_version)
        dataset = schema_dataset(url=base_url, version=version, period=period, countries=countries,
                                 distributions=[(base_url + d.path, d.media_type) for d in dumps],
                                 sparql_endpoint=sparql_endpoint)
        _write_home(site, store, version, dumps, stats["triples"], figures, sections, script_tag(dataset))
    return Release(out, version, stats["triples"], resources, dumps)


def _write_dumps(site: Path, graphs: Graphs, version: str) -> list[Distribution]:
    folder = site / "dumps"
    folder.mkdir()
    quads = graphs.quads()
    merged = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    dumps, sums = [], []
    for fmt, title in DUMP_FORMATS.items():
        path = folder / f"lisllm-{version}.{fmt.file_extension}"
        _serialize(quads if fmt.supports_datasets else merged, path, fmt)
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        rel = f"dumps/{path.name}"
        dumps.append(Distribution(rel, media_type(fmt), len(data), digest, title))
        sums.append(f"{digest}  {rel}\n")
    (site / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")
    return dumps


def _serialize(terms: list, path: Path, fmt: ox.RdfFormat) -> None:
    """One file of the release; JSON-LD is compacted with the project's context (context.jsonld)."""
    if fmt == ox.RdfFormat.JSON_LD:
        quads = bool(terms) and isinstance(terms[0], ox.Quad)
        path.write_text(compact_quads(terms) if quads else compact_triples(terms), encoding="utf-8")
    else:
        prefixed = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
        ox.serialize(terms, str(path), fmt, **({"prefixes": PREFIXES} if prefixed else {}))


def _write_ontology(site: Path, ontology: list[ox.Triple]) -> None:
    from .ontology_docs import ontology_html

    for fmt in RESOURCE_FORMATS:
        _serialize(ontology, site / f"ontology.{fmt.file_extension}", fmt)
    (site / "ontology").mkdir()
    (site / "ontology" / "index.html").write_text(ontology_html(ontology), encoding="utf-8")


def resource_iris(store: ox.Store) -> list[str]:
    """Every instance (…/id/…) and ontology term (…/ontology/…) that is the subject of a triple:
    each gets its own pages and serialisations."""
    rows = select(store, f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{ID}") '
                         f'|| STRSTARTS(STR(?s), "{LISLLM}")) }} ORDER BY ?s')
    return [row["s"].value for row in rows]


def resource_triples(store: ox.Store, iri: str) -> list[ox.Triple]:
    """The resource's description: its triples, and those of blank nodes it points to (one level)."""
    node = ox.NamedNode(iri)
    triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object)
                                 for q in store.quads_for_pattern(node, None, None)))
    for t in list(triples):
        if isinstance(t.object, ox.BlankNode):
            triples += [ox.Triple(q.subject, q.predicate, q.object)
                        for q in store.quads_for_pattern(t.object, None, None)]
    return triples


def _write_resources(site: Path, store: ox.Store, progress: Progress = SILENT) -> int:
    from .pages import LANGUAGE_SUFFIX, write_resource_pages

    iris = resource_iris(store)
    with progress.bar("resource pages", len(iris) * len(LANGUAGE_SUFFIX)) as bar:
        write_resource_pages(store, site, iris, {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()},
                             on_page=bar.update)
    with progress.bar("resource files", len(iris)) as bar:
        for iri in iris:
            stem = site / iri.removeprefix(BASE)
            stem.parent.mkdir(parents=True, exist_ok=True)
            triples = resource_triples(store, iri)
            for fmt in RESOURCE_FORMATS:
                _serialize(triples, Path(f"{stem}.{fmt.file_extension}"), fmt)
            bar.update()
    return len(iris)


HTACCESS = """# Content negotiation for a lisllm release served at the root of the persistent base IRI
# (https://w3id.org/lisllm/ redirects here). /id/<kind>/<slug> and /ontology/<Term> have no file
# extension; the Accept header picks the document.
Options -MultiViews
RewriteEngine on
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/rdf+xml .rdf
AddType application/n-triples .nt
AddType application/trig .trig
AddType application/n-quads .nq

RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteRule ^(id/.+)$ $1.ttl [L,R=303]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteRule ^(id/.+)$ $1.jsonld [L,R=303]
RewriteCond %{HTTP_ACCEPT} application/rdf\\+xml
RewriteRule ^(id/.+)$ $1.rdf [L,R=303]
RewriteCond %{HTTP_ACCEPT} application/n-triples
RewriteRule ^(id/.+)$ $1.nt [L,R=303]
RewriteCond %{REQUEST_URI} !\\.(html|ttl|jsonld|rdf|nt)$
RewriteRule ^(id/.+)$ $1.html [L,R=303]

RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteRule ^ontology(/[A-Za-z]+)?$ ontology.ttl [L,R=303]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteRule ^ontology(/[A-Za-z]+)?$ ontology.jsonld [L,R=303]
RewriteCond %{HTTP_ACCEPT} application/rdf\\+xml
RewriteRule ^ontology(/[A-Za-z]+)?$ ontology.rdf [L,R=303]
RewriteRule ^ontology/([A-Za-z]+)$ ontology/index.html#$1 [L,R=303,NE]
"""

NGINX = """# Content negotiation for a lisllm release (include inside the server block that serves it).
map $http_accept $lisllm_ext {
    default                   html;
    "~text/turtle"            ttl;
    "~application/ld\\+json"   jsonld;
    "~application/rdf\\+xml"   rdf;
    "~application/n-triples"  nt;
}
types { text/turtle ttl; application/ld+json jsonld; application/rdf+xml rdf;
        application/n-triples nt; application/trig trig; application/n-quads nq; text/html html; }
location ~ ^(?<lisllm_path>/id/[^.]+)$ {
    add_header Vary Accept;
    return 303 $lisllm_path.$lisllm_ext;
}
"""


def _write_redirects(site: Path) -> None:
    (site / ".htaccess").write_text(HTACCESS, encoding="utf-8")
    (site / "nginx.conf").write_text(NGINX, encoding="utf-8")


def _write_figures_and_report(site: Path, store: ox.Store, project: Project, digest: str):
    """Figures 1 to 3 as SVG, the findings report and the comparison, in English and Chinese."""
    from ..report.document import collect, render_html
    from ..report.figures import case_model_svg, logic_model_svg
    from ..report.timeline import timeline_svg
    from ..sparql.catalogue import load_catalogue

    figures, sections = [], []
    (site / "figures").mkdir()
    (site / "report").mkdir()
    catalogue = load_catalogue(project.queries)
    for lang, suffix in (("en", ""), ("zh", ".zh")):
        for key, draw, title in (("case-model", case_model_svg, "Figure 1: case model"),
                                 ("logic-model", logic_model_svg, "Figure 2: logic model"),
                                 ("timeline", timeline_svg, "Figure 3: timeline")):
            path = f"figures/{key}{suffix}.svg"
            (site / path).write_text(draw(store, lang), encoding="utf-8")
            figures.append({"href": path, "title": f"{title} ({lang})"})
        if catalogue:
            path = f"report/index{suffix}.html"
            (site / path).write_text(render_html(collect(catalogue, store, lang, digest)), encoding="utf-8")
            sections.append({"href": path, "title": f"Findings report: answers to the research questions ({lang})"})
        path = f"compare/index{suffix}.html"
        (site / "compare").mkdir(exist_ok=True)
        (site / path).write_text(_comparison_page(store, lang, suffix), encoding="utf-8")
        sections.append({"href": path, "title": f"All institutions compared across the logic model ({lang})"})
    return figures, sections


def _comparison_page(store: ox.Store, lang: str, suffix: str) -> str:
    """Every institution side by side, each linked to its page in the release (compare/ is one level down)."""
    from ..sparql.compare import compare, known_names, render_html
    from ..sparql.endpoint import LocalEndpoint

    endpoint = LocalEndpoint(store)

    def link(iri: str) -> str:
        return "../" + iri[len(BASE):] + f"{suffix}.html" if iri.startswith(BASE) else iri

    return render_html(compare(endpoint, sorted(set(known_names(endpoint).values())), lang), link=link)


def _write_home(site: Path, store: ox.Store, version: str, dumps: list[Distribution], triples: int,
                figures: list[dict], sections: list[dict], dataset_jsonld: str) -> None:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("lisllm.publish", "templates"), autoescape=select_autoescape(default=True))
    institutions = {row["i"].value: row["c"].value for row in select(
        store, "SELECT ?i ?c WHERE { ?case lisllm:institution ?i ; lisllm:country ?country . "
               "?country rdfs:label ?c FILTER(lang(?c) = 'en') }")}
    stats = graph_stats(store, "en")
    roles = []
    for iri, (institution, country, role) in zip(_role_iris(store), stats.roles, strict=True):
        roles.append({"institution": institution, "country": country, "role": role,
                      "href": iri.removeprefix(BASE) + ".html" if iri in institutions else "#"})
    html = env.get_template("release_home.html").render(
        dataset_jsonld=dataset_jsonld,
        version=version, license="https://creativecommons.org/licenses/by/4.0/", roles=roles,
        dumps=dumps, triples=triples, figures=figures, sections=sections)
    (site / "index.html").write_text(html, encoding="utf-8")


def _role_iris(store: ox.Store) -> list[str]:
    from ..graph.stats import ROLES_QUERY
    from ..namespaces import GRAPH_INFERRED

    return [row["institution"].value for row in select(store, ROLES_QUERY % (GRAPH_INFERRED, "en", "en", "en"))]
