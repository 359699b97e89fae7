"""Cases as data: the template of a new case (`new_case`, behind `lisllm new-case`; its YAML form in
`yaml_template`) and synthetic cases that follow the ontology, for scale tests and benchmarks
(`synth`).

May import: base, graph.
"""
