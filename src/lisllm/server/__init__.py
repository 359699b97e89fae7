"""`lisllm serve`: a SPARQL 1.1 Protocol endpoint, a linked-data server and a query UI.

Modules, one job each: `media` (media types and content negotiation), `guard` (what a query
may do: SERVICE, dataset clauses), `bounded` (queries whose cost their answer bounds, answered in
the server process), `results` (capped serialisation), `workers` (query processes that can be
killed on timeout), `backends` (embedded pool or remote proxy), `protocol` (the /sparql endpoint),
`source` (trusted look-ups for pages), `labels` (labels in a language, links to this server's
pages), `linked_data`, `pages`, `description` (service description and VoID), `observability`
(metrics), `caching` (validators and the response cache), `front` (the outermost ASGI layer:
timing, access log, /sparql answered directly), `app`.

May import: base, graph, sparql.
"""
