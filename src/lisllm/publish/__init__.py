"""`lisllm publish`: a static release (`release`) with a page per resource rendered by the server's
page code (`pages`), the VoID/DCAT description (`description`), ontology documentation
(`ontology_docs`) and the release's home page (templates/).

May import: base, graph, sparql, report, server.
"""
