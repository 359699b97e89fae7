"""The graph: where a project keeps its files (`project`), parsing them (`rdf_files`; cases written in
YAML by `yaml_case`), findings and the claims they make (`findings`), HermiT's inferences
(`reasoning`, on the Java of `java`, over a module compressed by `abox_compression`) and why an
institution has no role (`role_conditions`), the build into dist/ (`build`) and what dist/ holds
(`dist`), the embedded Oxigraph store (`store`) and its counts (`stats`), JSON-LD with the
project's context (`jsonld`), and what the dataset is, said once (`about`).

May import: base.
"""
