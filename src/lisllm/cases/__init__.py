"""Cases as data: the template of a new case (`new_case`, behind `lisllm new-case`, filling in
templates/case.ttl.j2; its YAML form in `yaml_template`) and synthetic cases that follow the
ontology, for scale tests and benchmarks (`synth`).

May import: base, graph.
"""
