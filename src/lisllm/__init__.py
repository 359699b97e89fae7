"""lisllm: a knowledge graph of LIS institutions in LLM research and development.

The package reads as its pipeline (docs/architecture.md): `graph` parses, reasons and builds;
`cases` writes new and synthetic cases; `sparql` runs the query catalogue on the store or any
endpoint; `report` turns answers into the findings report and figures; `validation` is the quality
gate; `server` serves the graph; `publish` writes a static release; `commands` is the `lisllm`
command. The modules at this level are the base every package may use: `errors`, `atomic`,
`namespaces`, `progress`, `text_table`.

May import: base.
"""

__version__ = "0.1.0"
