"""HermiT's command line, run directly: one Java process classifies every input it is given.

The HermiT that owlready2 ships prints its results as functional-syntax lines, for each input in
turn: the class hierarchy (`SubClassOf( <A> <B> )`, `EquivalentClasses( <A> <B> … )`, owl:Nothing
among the classes of an unsatisfiable one), a blank line, the object properties, a blank line, the
data properties, a blank line, and each named individual's direct types (`Type( <i> <C> )`), with
no blank line before the next input's classes. One process for several inputs pays Java's and
HermiT's start once (validate's scoped graphs, lisllm.validation.runner).

A membership is read as owlready2 reads it after its own HermiT run (`Class.instances()`): an
individual is a member of a class when one of its types, asserted in the input or printed by
HermiT, reaches the class along rdfs:subClassOf and owl:equivalentClass (either way), asserted or
printed. tests/graph/test_hermit.py checks that it gives what owlready2 gives.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import LisllmError
from ..namespaces import LISLLM, OWL, RDF_TYPE, RDFS
from .hermit_jvm import hermit_command

LINE = re.compile(r"^([A-Za-z]+)\( ((?:<[^>]+>\s*)+)\)$")
IRI = re.compile(r"<([^>]+)>")
OWL_NOTHING = OWL + "Nothing"
CLASS_EDGES = (RDFS + "subClassOf", OWL + "equivalentClass")


class InconsistentOntology(LisllmError):
    pass


@dataclass(frozen=True)
class HermitResult:
    memberships: frozenset[tuple[str, str]]    # (individual IRI, lisllm class IRI)
    unsatisfiable: tuple[str, ...]             # lisllm classes equivalent to owl:Nothing, sorted


def run_hermit(inputs: list[list[ox.Triple]]) -> list[HermitResult]:
    """Classify each input (an ontology with its data) in one HermiT process; results in order.

    Raises InconsistentOntology when an input is inconsistent (HermiT stops at the first such)."""
    with tempfile.TemporaryDirectory(prefix="lisllm-reasoner-") as tmp:
        files = []
        for number, triples in enumerate(inputs):
            files.append(Path(tmp) / f"input-{number}.nt")
            ox.serialize(triples, str(files[-1]), ox.RdfFormat.N_TRIPLES)
        command = hermit_command(["-c", "-O", "-D", "-I", *(f.as_uri() for f in files)])
        try:
            done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
        except OSError as exc:
            raise LisllmError(f"the HermiT reasoner could not start: {exc}") from exc
    if "InconsistentOntologyException" in done.stderr:
        raise InconsistentOntology(
            "the ontology and data are inconsistent (HermiT found a contradiction, for example an "
            "individual in two disjoint classes)")
    # HermiT reports an input it cannot read on stderr and goes on with exit status 0.
    if done.returncode != 0 or "pear-shaped" in done.stderr:
        raise LisllmError(f"the HermiT reasoner failed: {_last_lines(done.stderr)}")
    outputs = split_outputs(done.stdout)
    if len(outputs) != len(inputs):
        raise LisllmError(f"the HermiT reasoner printed results for {len(outputs)} of {len(inputs)} inputs: "
                          f"{_last_lines(done.stderr)}")
    return [read_result(triples, lines) for triples, lines in zip(inputs, outputs, strict=True)]


def split_outputs(stdout: str) -> list[list[tuple[str, list[str]]]]:
    """The parsed lines of each input's results: (relation, IRIs) in the order HermiT printed them."""
    outputs: list[list[tuple[str, list[str]]]] = []
    blanks = 3          # as after a previous input's data properties: the next line starts an input
    for line in stdout.splitlines():
        line = line.strip()
        parsed = LINE.match(line)
        relation = parsed.group(1) if parsed else None
        starts_input = blanks == 3 and (not line or relation != "Type")
        if starts_input:
            outputs.append([])
            blanks = 0
        if not line:
            blanks += 1
        elif parsed:
            outputs[-1].append((relation, IRI.findall(parsed.group(2))))
    return outputs


def read_result(triples: list[ox.Triple], lines: list[tuple[str, list[str]]]) -> HermitResult:
    """Memberships and unsatisfiable classes from one input and HermiT's lines for it (module doc)."""
    edges: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    classes = set()
    for t in triples:
        if not isinstance(t.subject, ox.NamedNode) or not isinstance(t.object, ox.NamedNode):
            continue
        predicate = t.predicate.value
        if predicate == RDF_TYPE:
            types[t.subject.value].add(t.object.value)
            if t.object.value == OWL + "Class":
                classes.add(t.subject.value)
        elif predicate in CLASS_EDGES:
            edges[t.subject.value].add(t.object.value)
            if predicate != CLASS_EDGES[0]:
                edges[t.object.value].add(t.subject.value)
    unsatisfiable = set()
    for relation, iris in lines:
        if relation == "Type":
            types[iris[0]].add(iris[1])
        elif relation == "SubClassOf":
            edges[iris[0]].add(iris[1])
        elif relation == "EquivalentClasses":
            if OWL_NOTHING in iris:
                unsatisfiable.update(iris)
            for a in iris:
                edges[a].update(b for b in iris if b != a)
    wanted = {c for c in classes if c.startswith(LISLLM)}
    reach: dict[str, set[str]] = {}
    memberships = {(individual, cls) for individual, asserted in types.items()
                   for start in asserted for cls in _reachable(start, edges, reach) & wanted}
    return HermitResult(frozenset(memberships), tuple(sorted(c for c in unsatisfiable if c.startswith(LISLLM))))


def _reachable(start: str, edges: dict[str, set[str]], memo: dict[str, set[str]]) -> set[str]:
    if start not in memo:
        seen, todo = {start}, [start]
        while todo:
            for following in edges.get(todo.pop(), ()):
                if following not in seen:
                    seen.add(following)
                    todo.append(following)
        memo[start] = seen
    return memo[start]


def _last_lines(text: str, count: int = 5) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines()[-count:]) or "no message"
