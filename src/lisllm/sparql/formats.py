"""The RDF and SPARQL results formats lisllm writes, as pyoxigraph's format types.

Media types and file extensions come from the format objects (`RdfFormat.media_type`,
`.file_extension`, `.supports_datasets`); this module states only which formats each output
offers and in what order, the generic media types some clients still send for them, and their
names in the W3C format registry (http://www.w3.org/ns/formats/).
"""

from __future__ import annotations

import pyoxigraph as ox

Format = ox.RdfFormat | ox.QueryResultsFormat

# The SPARQL endpoint's formats, in the server's order of preference (the first is the default).
RESULTS_FORMATS = (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV,
                   ox.QueryResultsFormat.TSV)
GRAPH_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML, ox.RdfFormat.N_TRIPLES,
                 ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
# A resource's own description: a file of each in a release, an extension of each on the server.
RESOURCE_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML, ox.RdfFormat.N_TRIPLES)
# Generic media types that clients send for these formats (text/plain: N-Triples' historical type).
RESULTS_ALIASES = {"application/json": ox.QueryResultsFormat.JSON, "application/xml": ox.QueryResultsFormat.XML,
                   "text/xml": ox.QueryResultsFormat.XML}
GRAPH_ALIASES = {"application/json": ox.RdfFormat.JSON_LD, "application/xml": ox.RdfFormat.RDF_XML,
                 "text/xml": ox.RdfFormat.RDF_XML, "text/plain": ox.RdfFormat.N_TRIPLES}
W3C_FORMAT_NAMES = {
    ox.QueryResultsFormat.JSON: "SPARQL_Results_JSON", ox.QueryResultsFormat.XML: "SPARQL_Results_XML",
    ox.QueryResultsFormat.CSV: "SPARQL_Results_CSV", ox.QueryResultsFormat.TSV: "SPARQL_Results_TSV",
    ox.RdfFormat.TURTLE: "Turtle", ox.RdfFormat.JSON_LD: "JSON-LD", ox.RdfFormat.RDF_XML: "RDF_XML",
    ox.RdfFormat.N_TRIPLES: "N-Triples", ox.RdfFormat.TRIG: "TriG", ox.RdfFormat.N_QUADS: "N-Quads",
}


def media_type(fmt: Format) -> str:
    """The format's media type without parameters (pyoxigraph gives `text/csv; charset=utf-8`)."""
    return fmt.media_type.split(";")[0]


def accept(*formats: Format) -> str:
    """An Accept header asking for `formats` in this order of preference."""
    return ", ".join(media_type(f) + (f";q={1 - i / 10:.1f}" if i else "") for i, f in enumerate(formats))
