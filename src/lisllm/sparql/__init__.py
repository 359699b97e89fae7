"""SPARQL over the built graph or any endpoint: the query catalogue and its expected answers
(`catalogue`, described in RDF by `catalogue_rdf`), which study a query is checked against
(`scoping`), query text and parameters (`text`), the embedded or remote endpoint a query runs on
(`endpoint`; `remote` is the one client of remote endpoints), the RDF and results formats and their
media types (`formats`), labels in a language (`labels`), result tables (`output`), institutions
side by side (`compare`), and pushing the build into a triple store (`load`).

May import: base, graph.
"""
