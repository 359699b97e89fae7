"""The graph: where a project keeps its files (`project`), parsing them (`rdf_files`), findings
and the claims they make (`findings`), HermiT's inferences (`reasoning`, on the Java of `java`,
over a module compressed by `abox_compression`), the build into dist/ (`build`), the embedded
Oxigraph store (`store`) and its counts (`stats`).

May import: base.
"""
