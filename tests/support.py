"""Helpers shared by tests in several folders (a plain module, not a conftest, so that it cannot
shadow the top-level conftest that test files import): running the real command, seed quotes,
rdflib copies of pyoxigraph triples, SHACL results."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import rdflib

ID = "https://w3id.org/lisllm/id/"
SHAPES = "https://w3id.org/lisllm/shapes/"


def pieces(quote: str) -> list[str]:
    """The verbatim pieces of a quote; `……` marks an elision."""
    return [piece.strip() for piece in re.split("……", quote) if piece.strip()]


def to_rdflib(triples) -> rdflib.Graph:
    """An rdflib graph holding pyoxigraph triples, converted through N-Triples."""
    graph = rdflib.Graph()
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def lisllm(*args, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the lisllm command as a user would, in a separate process; NO_COLOR keeps the text plain."""
    env = dict(os.environ, NO_COLOR="1")
    env.pop("LISLLM_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "lisllm", *args], cwd=cwd, env=env, input=input,
                          capture_output=True, text=True, timeout=300)


def shacl_results(project, graphs=None) -> list[tuple[str, str, str, str]]:
    """(shape, focus, path, value) of every SHACL result of the project's shapes on its built data,
    run as `lisllm validate` runs pyshacl (asserted + inferred data, advanced features on)."""
    import pyshacl

    from lisllm.graph.build import assemble

    graphs = graphs or assemble(project)
    shapes = rdflib.Graph()
    for path in project.shape_files():
        shapes.parse(path)
    _, report, _ = pyshacl.validate(to_rdflib(graphs.asserted + graphs.inferred), shacl_graph=shapes,
                                    ont_graph=to_rdflib(graphs.ontology), inference="none", advanced=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    found = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        found.append((
            str(report.value(result, sh.sourceShape)).removeprefix(SHAPES),
            str(focus).removeprefix(ID) if isinstance(focus, rdflib.URIRef) else "_:blank",
            str(report.value(result, sh.resultPath) or ""),
            str(report.value(result, sh.value) or ""),
        ))
    return found
