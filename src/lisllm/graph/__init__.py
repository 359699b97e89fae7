"""The graph: where a project keeps its files (`project`), parsing them by suffix (`rdf_files`: RDF
with Oxigraph in `rdf_parse`; cases written in YAML by `yaml_case`, its nodes read by `yaml_reader`,
its findings and links by `yaml_findings`), the kinds of institution its ontology defines
(`institution_kinds`), findings and the claims they make (`findings`), HermiT's inferences
(`reasoning`, over a module compressed by `abox_compression`; HermiT's command line run by `hermit`
on the Java of `java`, started as `hermit_jvm` says; its results kept by `reasoner_cache`) and why an
institution has no role (`role_conditions`), the Chinese names of standard vocabularies' terms
(`vocabulary_labels`), the build into dist/ (`build`) and what dist/ holds
(`dist`), the embedded Oxigraph store (`store`) and its counts (`stats`), JSON-LD with the
project's context (`jsonld`), and what the dataset is, said once (`about`).

May import: base.
"""
