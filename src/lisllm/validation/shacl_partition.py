"""Split one SHACL Core validation into independent parts, each holding only the data its focus
nodes can reach, so that pyrudof validates a large graph in pieces, one per core, with exactly
the results of one run over the whole graph.

pyrudof's time and memory grow faster than the graph (measured on this machine: 3 s for 128,000
data triples, 55 s and 11 GiB for 1.28 million, on one core), so small parts are cheaper even on
one core, and two parts run at once on two.

Why the parts are exact. `reach` checks, conservatively and with an allow-list of SHACL Core
parameters, that every constraint of the shapes reads only (1) triples whose subject is the focus
node, or whose object is, for a path's first step backwards (sh:inversePath), (2) the triples that
the further steps of its paths follow, (3) the rdf:type triples of the nodes reached, and (4)
rdfs:subClassOf triples. By where a shape is applied:

- to the focus node itself (a shape with targets, or a member of its sh:or / sh:and / sh:xone /
  sh:not / sh:node): a property shape's path must be a sequence of steps, each a predicate, its
  sh:inversePath or an sh:alternativePath of those (`Reach.beyond` keeps the steps after the
  first); counts, sh:uniqueLang and the property pairs (sh:equals, sh:disjoint, sh:lessThan,
  sh:lessThanOrEquals) read the value nodes and the focus node's own triples; sh:closed, in a
  node shape, reads the focus node's triples;
- to value nodes (sh:node, sh:qualifiedValueShape and the logical members inside a property
  shape): only parameters about the node's own term (sh:datatype, sh:nodeKind, sh:in,
  sh:hasValue, ranges, lengths, sh:pattern, sh:languageIn) and sh:class, which reads the node's
  rdf:type and rdfs:subClassOf triples. A path, a property shape or sh:closed there would read
  beyond the part.
Anything else (other paths, an unknown sh: parameter, an implicit class target, a custom target,
a blank-node focus node, which a second file cannot name) leaves the caller to validate the whole
graph at once.

A part holds the triples of its focus nodes (as subject; as object for the predicates that
paths follow backwards from them), the triples that the paths' further steps follow from the
nodes next to them, the types of every node reached and every
rdfs:subClassOf triple: every triple of the whole graph that the validation of its focus nodes
reads (sometimes more, which changes no answer, since they are triples of the same graph). So
each focus node has the same results as in the whole graph. The focus nodes are the shapes'
targets evaluated once on the whole graph (SPARQL on Oxigraph, `?this rdf:type/rdfs:subClassOf*
C` for sh:targetClass, …), and each part's shapes graph names its own with sh:targetNode, so
every (shape, focus node) is validated in exactly one part. tests/validation/test_shacl_partition.py
compares the parts with one run on every fixture, on the repository and on synthetic data with
violations.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import RDF, RDFS, SH
from . import rudof_child

RDF_TYPE = ox.NamedNode(RDF + "type")
RDFS_SUB_CLASS_OF = ox.NamedNode(RDFS + "subClassOf")

TARGETS = {SH + n for n in ("target", "targetNode", "targetClass", "targetSubjectsOf", "targetObjectsOf")}
# Parameters that constrain nothing, or that lisllm.validation.shacl_rudof evaluates outside pyrudof.
NOT_CONSTRAINTS = {SH + n for n in ("message", "severity", "name", "description", "deactivated", "order",
                                    "group", "defaultValue", "sparql", "prefixes", "declare")} | {RDF + "type"}
# About one node's own term (and, for sh:class, its types).
TERM = {SH + n for n in ("class", "datatype", "nodeKind", "in", "hasValue", "minExclusive", "minInclusive",
                         "maxExclusive", "maxInclusive", "minLength", "maxLength", "pattern", "flags",
                         "languageIn")}
LOGICAL_LISTS = {SH + n for n in ("or", "and", "xone")}
LOGICAL_ONE = {SH + n for n in ("not", "node")}
# Read the focus node's triples when the shape applies to the focus node: the property pairs compare
# the value nodes with the focus node's values of another predicate; sh:closed reads the triples of
# the value node, which is the focus node only in a node shape.
PAIRS = {SH + n for n in ("equals", "disjoint", "lessThan", "lessThanOrEquals")}
CLOSED = {SH + n for n in ("closed", "ignoredProperties")}
CLASSES = {RDFS + "Class", "http://www.w3.org/2002/07/owl#Class"}
PROPERTY_ONLY = {SH + n for n in ("minCount", "maxCount", "uniqueLang", "qualifiedMinCount",
                                  "qualifiedMaxCount", "qualifiedValueShapesDisjoint")}

# Data triples per part, and the size from which parts pay. Measured on this machine (2 cores):
# one pyrudof run takes about 4 s for 130,000 triples and 70 s for 1.3 million, while parts of
# 50,000 take about 1.4 s each; below a few hundred thousand triples the parts' own costs (the
# triples two parts both need, a process and the shapes per part) outweigh what they save.
PART_TRIPLES = 50_000
PARTS_FROM = 250_000


@dataclass
class Part:
    triples: list = field(default_factory=list)
    focus: dict = field(default_factory=dict)        # shape with SPARQL targets -> its focus nodes here


@dataclass
class Plan:
    """Parts, and the part that owns each node (the one whose results count for it)."""
    parts: list[Part]
    part_of: dict

    def owns(self, number: int, node) -> bool:
        """Whether a result for focus node `node` from part `number` counts: an IRI counts in the
        part that owns it; a blank node is selected only in its own part (`plan` checks it)."""
        return not isinstance(node, ox.NamedNode) or self.part_of.get(node) == number


@dataclass
class Reach:
    """What the shapes read around a focus node besides its own triples (as subject): the
    predicates that first steps follow backwards (`inverse`), and in `beyond[i]` the (predicate,
    inverse) steps that paths take from the nodes i + 1 triples away; `reason` says why parts
    would not be exact (None: they are)."""
    reason: str | None = None
    inverse: set = field(default_factory=set)
    beyond: list = field(default_factory=list)


def reach(by_subject: dict, roots: list) -> Reach:
    """How far the shapes reachable from `roots` read from each focus node (module docstring)."""
    out = Reach()
    for shape, po in by_subject.items():
        if {c.value for c in po.get(RDF_TYPE, [])} & CLASSES and any(p.value.startswith(SH) for p in po):
            return Reach(f"{_name(shape)} is a class as well as a shape (implicit class target)")
    seen: set = set()
    todo = [(root, "focus") for root in roots]
    while todo:
        shape, applied_to = todo.pop()
        if (shape, applied_to) in seen:
            continue
        seen.add((shape, applied_to))
        po = by_subject.get(shape, {})
        path = po.get(ox.NamedNode(SH + "path"))
        if path:
            if applied_to != "focus":
                return Reach(f"{_name(shape)} follows a path from a value node")
            steps = _steps(by_subject, path[0])
            if steps is None:
                return Reach(f"{_name(shape)} has a path other than a sequence of predicates, inverse "
                             f"predicates and alternatives of those")
            out.inverse |= {predicate for predicate, inverse in steps[0] if inverse}
            for number, step in enumerate(steps[1:]):
                if len(out.beyond) <= number:
                    out.beyond.append(set())
                out.beyond[number] |= step
        for predicate, objects in po.items():
            p = predicate.value
            if p in NOT_CONSTRAINTS or p in TERM or not p.startswith(SH):
                continue                            # other vocabularies annotate; SHACL ignores them
            if p in TARGETS:
                continue                            # the parts' shapes name their focus nodes instead
            elif p in LOGICAL_LISTS:
                todo += [(member, applied_to if not path else "value")
                         for lst in objects for member in _list(by_subject, lst)]
            elif p in LOGICAL_ONE:
                todo += [(member, applied_to if not path else "value") for member in objects]
            elif p == SH + "property":
                if path or applied_to != "focus":
                    return Reach(f"{_name(shape)} has a property shape of a value node")
                todo += [(member, "focus") for member in objects]
            elif p == SH + "qualifiedValueShape" and path:
                todo += [(member, "value") for member in objects]
            elif p in PROPERTY_ONLY and path:
                continue
            elif p in PAIRS and applied_to == "focus":
                continue
            elif p in CLOSED and applied_to == "focus" and not path:
                continue
            elif p == SH + "path":
                continue
            else:
                return Reach(f"{_name(shape)} uses {p.replace(SH, 'sh:')} where a part may not hold what it reads")
    return out


def _steps(by_subject: dict, path) -> list[set] | None:
    """A path as its steps, each a set of (predicate, inverse); None for other kinds of path."""
    if isinstance(path, ox.BlankNode) and ox.NamedNode(RDF + "first") in by_subject.get(path, {}):
        steps = [_one_step(by_subject, member) for member in _list(by_subject, path)]
        return steps if steps and all(steps) else None
    step = _one_step(by_subject, path)
    return [step] if step else None


def _one_step(by_subject: dict, path) -> set | None:
    if isinstance(path, ox.NamedNode):
        return {(path, False)}
    po = by_subject.get(path, {})
    inverse = po.get(ox.NamedNode(SH + "inversePath"), [])
    if set(po) == {ox.NamedNode(SH + "inversePath")} and len(inverse) == 1 and isinstance(inverse[0], ox.NamedNode):
        return {(inverse[0], True)}
    if set(po) == {ox.NamedNode(SH + "alternativePath")}:
        members = [_one_step(by_subject, m) for m in _list(by_subject, po[ox.NamedNode(SH + "alternativePath")][0])]
        return set().union(*members) if members and all(members) else None
    return None


def _list(by_subject: dict, node) -> list:
    items = []
    while node != ox.NamedNode(RDF + "nil"):
        po = by_subject.get(node, {})
        first, rest = po.get(ox.NamedNode(RDF + "first")), po.get(ox.NamedNode(RDF + "rest"))
        if not first or not rest:
            break
        items.append(first[0])
        node = rest[0]
    return items


def _name(shape) -> str:
    return f"<{shape.value}>" if isinstance(shape, ox.NamedNode) else "a blank-node shape"


@dataclass
class Targets:
    """The shapes' own targets (not SPARQL-based): nodes, classes with their subclasses,
    predicates whose subjects are targets."""
    nodes: set = field(default_factory=set)
    classes: set = field(default_factory=set)
    subjects_of: set = field(default_factory=set)


def plan(triples: list, reached: Reach, targets: Targets, sparql_focus: dict,
         part_triples: int = PART_TRIPLES) -> Plan | None:
    """Parts of about `part_triples` triples, or None when one run is needed (a small graph, or
    parts that would not be exact).

    Every subject of the data is owned by one part, in the order of the data (a finding next to
    its case; a blank node with the node before it, which names it). A part keeps the shapes' own
    targets: pyrudof selects the owned focus nodes exactly as in the whole graph (their types and
    their triples as subject are in the part), and also some nodes owned by other parts, whose
    types are there for sh:class; their results do not count (`Plan.owns`). Such a node must be
    an IRI, to be told apart in pyrudof's report, which renames blank nodes: checked here. A
    shape with SPARQL targets (`sparql_focus`: shape -> nodes) names its focus nodes in each part.
    """
    if any(isinstance(n, (ox.BlankNode, ox.Literal)) for n in targets.nodes) or any(
            isinstance(n, (ox.BlankNode, ox.Literal)) for nodes in sparql_focus.values() for n in nodes):
        return None
    subjects = dict.fromkeys(t.subject for t in triples)
    count = math.ceil(len(triples) / part_triples)
    if count <= 1:
        return None
    size = math.ceil(len(subjects) / count)
    parts, part_of, current = [Part()], {}, 0
    for node in subjects:
        if current >= size and not isinstance(node, ox.BlankNode):
            parts.append(Part())
            current = 0
        part_of[node] = len(parts) - 1
        current += 1
    for node in list(targets.nodes) + [n for nodes in sparql_focus.values() for n in nodes]:
        part_of.setdefault(node, 0)             # named focus nodes without triples of their own
    for shape, nodes in sparql_focus.items():
        for node in nodes:
            parts[part_of[node]].focus.setdefault(shape, []).append(node)
    foreign = _fill(parts, part_of, triples, reached)
    if foreign and _selects_foreign(parts, foreign, targets):
        return None
    return Plan(parts, part_of)


def _selects_foreign(parts: list[Part], foreign: list[set], targets: Targets) -> bool:
    """Whether the targets select, in some part, a blank node that another part owns."""
    for part, blanks in zip(parts, foreign, strict=True):
        if not blanks:
            continue
        for t in part.triples:
            if t.subject in blanks and (t.predicate in targets.subjects_of or
                                        (t.predicate == RDF_TYPE and t.object in targets.classes)):
                return True
    return False


def _fill(parts: list[Part], part_of: dict, triples: list, reached: Reach) -> list[set]:
    """The triples of a part's nodes (as subject; as object for the predicates that paths follow
    backwards), the triples that longer paths follow from there, the types of every node reached,
    and every rdfs:subClassOf triple. Not every triple naming a node: a class or a concept is the
    object of a hundred thousand triples that no shape reads from it. Returns, for each part, the
    blank nodes it holds that another part owns."""
    beyond, inverse = reached.beyond, reached.inverse
    followed = {predicate for step in beyond for predicate, _ in step}
    types: dict = {}
    along: dict = {}                 # (node, predicate, inverse) -> triples a path step follows from node
    classes = []
    neighbours = [set() for _ in parts]
    for t in triples:
        s, p, o = t.subject, t.predicate, t.object
        ps = part_of[s]
        parts[ps].triples.append(t)
        neighbours[ps].add(o)
        po = part_of.get(o) if p in inverse else None
        if po is not None and po != ps:
            parts[po].triples.append(t)
            neighbours[po].add(s)
        if p == RDF_TYPE:
            types.setdefault(s, []).append(t)
        elif p == RDFS_SUB_CLASS_OF:
            classes.append(t)
        if p in followed:
            along.setdefault((s, p, False), []).append(t)
            along.setdefault((o, p, True), []).append(t)
    foreign = []
    for number, (part, near) in enumerate(zip(parts, neighbours, strict=True)):
        reached_nodes, frontier = set(near), near
        for step in beyond:
            ahead = set()
            for node in frontier:
                for predicate, backwards in step:
                    for t in along.get((node, predicate, backwards), ()):
                        part.triples.append(t)
                        ahead.add(t.subject if backwards else t.object)
            reached_nodes |= ahead
            frontier = ahead
        part.triples += [t for node in reached_nodes for t in types.get(node, ())] + classes
        foreign.append({n for n in reached_nodes if isinstance(n, ox.BlankNode) and part_of.get(n) != number})
    return foreign


def validate_parts(parts: list[Part], shapes: list, workers: int | None = None,
                   launched: Callable[[], None] = lambda: None) -> list[str]:
    """pyrudof's report (N-Triples) for each part, `workers` parts at a time; `shapes` with their
    own targets, to which each part adds the focus nodes of SPARQL targets that it owns."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(parts)))
    with tempfile.TemporaryDirectory(prefix="lisllm-shacl-parts-") as tmp:
        jobs = []
        for number, part in enumerate(parts):
            data, shapes_file = Path(tmp) / f"part-{number}.nt", Path(tmp) / f"shapes-{number}.nt"
            ox.serialize(part.triples, str(data), ox.RdfFormat.N_TRIPLES)
            named = shapes + [ox.Triple(shape, ox.NamedNode(SH + "targetNode"), node)
                      for shape, nodes in part.focus.items() for node in nodes]
            ox.serialize(named, str(shapes_file), ox.RdfFormat.N_TRIPLES)
            jobs.append((data, shapes_file, Path(tmp) / f"report-{number}.nt"))
        return rudof_child.run_jobs(jobs, workers, launched=launched)
