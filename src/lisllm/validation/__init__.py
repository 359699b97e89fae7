"""`lisllm validate`: the quality gate for an RDF/OWL repository.

Steps run in order over files parsed once: syntax (`syntax`), lint (`lint`), HermiT (`reasoner`),
SHACL (`shacl`) and competency questions (`queries`); `runner` ties them together and `output`
writes the report as text, JSON or JUnit XML.

May import: base, graph, sparql.
"""
