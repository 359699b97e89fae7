"""`lisllm query`: run a catalogue query or a query file on the embedded store or a SPARQL endpoint."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

FORMAT_NAMES = ["table", "json", "csv", "tsv", "xml", "turtle", "jsonld"]
QUERY_SUFFIXES = (".rq", ".sparql", ".txt")


@click.command("query")
@click.argument("name", required=False, metavar="NAME|FILE")
@click.option("--list", "list_catalogue", is_flag=True,
              help="List the catalogue of queries (with --format turtle or jsonld: the catalogue as RDF).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="table", show_default=True,
              help="table (labels, aligned); json, xml, csv, tsv for SELECT/ASK; "
                   "turtle, jsonld for CONSTRUCT/DESCRIBE.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of labels in tables, and of the query's 'lang' parameter if it has one.")
@click.option("--endpoint", metavar="URL",
              help="Query this SPARQL 1.1 endpoint instead of the embedded store of the last build.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Set a query parameter (a 'VALUES ?NAME { … }' block): <iri>, prefix:name or a literal. Repeatable.")
@click.option("--service", "services", multiple=True, metavar="NAME=URL",
              help="Send a federated catalogue query's SERVICE NAME (its '# service:' header) to URL instead. "
                   "Repeatable.")
@click.pass_obj
def query_command(project_ref, name: str | None, list_catalogue: bool, fmt: str, lang: str,
                  endpoint: str | None, params: tuple[str, ...], services: tuple[str, ...]) -> None:
    """Run the catalogue query NAME (see --list) or the query in FILE.

    Runs on the embedded store of the last `lisllm build` (its default graph is the union of the
    ontology, asserted and inferred graphs), or with --endpoint on any SPARQL 1.1 endpoint; the
    prefixes of the project (lisllm:, case:, mechanism:, …) may be used without declaring them.

    \b
    Examples:
      lisllm query --list
      lisllm query rq4-case-model --lang zh
      lisllm query provenance-of-resource --param resource=organization:nii
      lisllm query my-question.rq --format csv --endpoint http://127.0.0.1:7878/query
      lisllm query cases-enriched-from-wikidata --service wikidata=http://127.0.0.1:7878/query
    """
    from ..errors import LisllmError
    from ..sparql.catalogue import bind_services, find_query, load_catalogue
    from ..sparql.output import render
    from ..sparql.text import bind_language, bind_parameters

    if list_catalogue:
        _list(project_ref, fmt, lang, endpoint)
        return
    if not name:
        raise click.UsageError("give a query NAME or FILE, or --list")
    bindings = dict(_split_param(p, "--param") for p in params)
    endpoints = dict(_split_param(s, "--service") for s in services)

    path = Path(name)
    if path.suffix in QUERY_SUFFIXES or path.is_file():
        if not path.is_file():
            raise LisllmError(f"no such query file: {path}")
        if endpoints:
            raise LisllmError("--service applies to catalogue queries, whose '# service:' header names them")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LisllmError(f"cannot read the query file: {exc}") from exc
    else:
        catalogue = load_catalogue(project_ref.get().queries)
        query = find_query(catalogue, name)
        if query is None:
            close = difflib.get_close_matches(name, [q.id for q in catalogue], n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise LisllmError(f"no query named '{name}' in the catalogue{hint}; 'lisllm query --list' lists them, "
                              "or give the path of a query file")
        text, path = bind_services(query, endpoints), query.path
    text = bind_parameters(text, bindings, path)
    if "lang" not in bindings:   # an explicit --param lang=… wins over --lang
        text = bind_language(text, lang, path)

    target = _endpoint(project_ref, endpoint)
    click.echo(render(target.query(text, path), fmt, target, lang), nl=False)


def _endpoint(project_ref, url: str | None):
    from ..errors import LisllmError
    from ..graph.store import open_store
    from ..sparql.endpoint import LocalEndpoint, RemoteEndpoint

    if url:
        if not url.startswith(("http://", "https://")):
            raise LisllmError(f"--endpoint must be an http:// or https:// URL, not '{url}'")
        return RemoteEndpoint(url)
    project = project_ref.get()
    return LocalEndpoint(open_store(project.dist), name=str(project.dist))


def _list(project_ref, fmt: str, lang: str, url: str | None) -> None:
    import pyoxigraph as ox

    from ..errors import LisllmError
    from ..sparql.catalogue import load_catalogue
    from ..sparql.catalogue_rdf import catalogue_triples, research_questions
    from ..sparql.output import used_prefixes
    from ..text_table import text_table

    catalogue = load_catalogue(project_ref.get().queries)
    if fmt in ("turtle", "jsonld"):
        triples = catalogue_triples(catalogue, research_questions(_endpoint(project_ref, url)))
        rdf_format = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.JSON_LD
        click.echo(ox.serialize(triples, format=rdf_format, prefixes=used_prefixes(triples)), nl=False)
        return
    if fmt != "table":
        raise LisllmError("--list writes a table, or the catalogue as RDF with --format turtle or jsonld")
    rows = [(q.id, ", ".join(q.questions), q.title(lang), ", ".join(q.params)) for q in catalogue]
    for line in text_table(("query", "rq", "title", "parameters"), rows):
        click.echo(line)


def _split_param(text: str, option: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise click.BadParameter(f"'{text}' is not NAME=VALUE", param_hint=option)
    return name.strip().lstrip("?"), value


COMMANDS = [query_command]
