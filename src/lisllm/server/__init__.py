"""`lisllm serve`: a SPARQL 1.1 Protocol endpoint, a linked-data server and a query UI.

Modules, one job each: `settings` (what `serve` can be told, and every default), `media` (media
types and content negotiation), `guard` (what a query may do: SERVICE, dataset clauses), `bounded`
(queries whose cost their answer bounds, answered in the server process), `results` (capped
serialisation), the query processes that can be killed on timeout: `workers` (the pool),
`zygote` (the server's end of the process that forks them), `worker_child` (what runs in those
processes), `forked` (a worker's pid handle), `framing` (jobs and replies over a worker's socket);
`backends` (embedded pool or remote proxy), `protocol` (the /sparql endpoint), `source` (trusted
look-ups for pages), `labels` (labels in a language, links to this server's pages),
`linked_data`, `pages`, `description` (service description and VoID), `observability`
(metrics), `caching` (validators and the response cache), `sending` (finished answers onto the
wire: gzip, CORS headers), `access_log`, `front` (the outermost ASGI layer: timing, the access
log, /sparql answered directly), `app` (the application put together), `listen` (the socket
and the HTTP server on it).

May import: base, graph, sparql.
"""
