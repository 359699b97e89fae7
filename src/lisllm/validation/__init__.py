"""`lisllm validate`: the quality gate for an RDF/OWL repository.

Steps run in order over files parsed once (which files: `inputs`): syntax (`syntax`, with the
lexical forms of XSD literals checked by `lexical`), lint (`lint`), HermiT (`reasoner`), SHACL
(`shacl`, with pyrudof in `shacl_rudof`, on exact parts of large graphs in `shacl_partition`,
and in child processes in `rudof_child`)
and competency questions (`queries`); `runner` ties them together, `report` holds what they find,
`locate` places it at a file's line and column, and `output` writes it as text, JSON or JUnit XML.

May import: base, graph, sparql.
"""
