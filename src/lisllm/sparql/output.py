"""Writing query results: a readable table, or a standard serialisation.

SELECT and ASK results go through Oxigraph's SPARQL results serialisers (JSON, XML, CSV, TSV);
CONSTRUCT and DESCRIBE results are graphs, written as Turtle or JSON-LD. The table shows labels
in the chosen language instead of IRIs, short IRIs where there is no label, and aligns Chinese text.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import LisllmError
from ..namespaces import PREFIXES
from ..text_table import text_table
from .endpoint import Endpoint, Result
from .labels import fetch_labels, term_text

RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}
FORMATS = ("table", *RESULTS_FORMATS, *GRAPH_FORMATS)


def materialise(solutions: ox.QuerySolutions) -> tuple[list[str], list[tuple]]:
    """Variables and rows (tuples of terms or None) of a SELECT result."""
    variables = [v.value for v in solutions.variables]
    return variables, [tuple(solution[name] for name in variables) for solution in solutions]


def table_lines(variables: list[str], rows: list[tuple], labels: dict[str, str]) -> list[str]:
    cells = [tuple(term_text(term, labels) for term in row) for row in rows]
    return text_table(tuple(variables), cells)


def iris_in(rows: list[tuple]) -> set[str]:
    return {term.value for row in rows for term in row if isinstance(term, ox.NamedNode)}


def used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    """The known prefixes whose namespace some IRI of the graph starts with (no unused declarations)."""
    iris = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {name: ns for name, ns in PREFIXES.items() if any(iri.startswith(ns) for iri in iris)}


def render(result: Result, fmt: str, endpoint: Endpoint, lang: str) -> bytes:
    """The result written in `fmt` (one of FORMATS)."""
    if isinstance(result, list):   # a graph: CONSTRUCT or DESCRIBE
        if fmt in RESULTS_FORMATS:
            raise LisllmError(f"a CONSTRUCT or DESCRIBE query gives a graph: use --format turtle or jsonld, not {fmt}")
        return ox.serialize(result, format=GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE), prefixes=used_prefixes(result))
    if fmt in GRAPH_FORMATS:
        raise LisllmError("a SELECT or ASK query gives a table of results: use table, json, xml, csv or tsv, "
                          f"not {fmt}")
    if fmt in RESULTS_FORMATS:
        try:
            return result.serialize(format=RESULTS_FORMATS[fmt])
        except ValueError as exc:
            raise LisllmError(f"cannot write these results as {fmt}: {exc}") from exc
    if isinstance(result, ox.QueryBoolean):
        return (("true" if bool(result) else "false") + "\n").encode("utf-8")
    variables, rows = materialise(result)
    labels = fetch_labels(endpoint, iris_in(rows), lang)
    lines = table_lines(variables, rows, labels)
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return ("\n".join(lines) + "\n").encode("utf-8")
