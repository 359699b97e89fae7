"""Step 4 with pyrudof, the Rust SHACL engine: the same results as pyshacl, faster on large graphs.

pyrudof implements SHACL Core, not the SPARQL-based features (SHACL-SPARQL and the advanced
features) that some lisllm shapes use, so those parts run on Oxigraph here, following the spec:
- a SPARQL-based target (sh:target [ a sh:SPARQLTarget ; sh:select … ]) is evaluated on Oxigraph
  and replaced, for pyrudof, by sh:targetNode of each node it selects;
- a SPARQL-based constraint (sh:sparql) of a node shape is evaluated on Oxigraph for each focus
  node of the shape, with $this pre-bound (SEP-0007 substitution) and $currentShape and
  $shapesGraph left unbound; each solution is a result with ?path, ?value (else $this) and the
  shape's messages with {?var} filled in as pyshacl fills them in.
A shape that uses SHACL-SPARQL any other way (sh:sparql on a property shape, or on a shape without
targets of its own) is run with pyshacl instead (`PYSHACL_ONLY` tells why); lisllm's shapes need none.

pyrudof also reports the failures inside sh:or / sh:and / sh:xone / sh:not / sh:qualifiedValueShape
members as results of their own; SHACL reports only the constraint of the shape that has them
(sh:OrConstraintComponent …), so those are left out. tests/validation/test_shacl_engines.py checks that
both engines give the same (focus node, path, component, severity, shape) on every fixture and on
the repository.
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from . import rudof_child, shacl, shacl_partition
from .shacl import SH, ShaclResult

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_SUB_CLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
T = {name: ox.NamedNode(SH + name) for name in (
    "target", "targetNode", "targetClass", "targetSubjectsOf", "targetObjectsOf", "select", "sparql",
    "prefixes", "declare", "prefix", "namespace", "deactivated", "message", "severity", "property",
    "path", "NodeShape", "PropertyShape", "SPARQLTarget", "Violation")}


def validate(data: list[ox.Triple], shapes: list[ox.Triple], ontology: list[ox.Triple], *,
             reasoner: bool = True, store: ox.Store | Callable[[], ox.Store] | None = None,
             part_triples: int = shacl_partition.PART_TRIPLES,
             parts_from: int = shacl_partition.PARTS_FROM, child_from: int = rudof_child.CHILD_FROM,
             launched: Callable[[], None] = lambda: None) -> tuple[list[ShaclResult], list[str]]:
    """Validate `data` + `ontology` against `shapes`; `store` may already hold that union (or be a
    function that returns it). A graph of `parts_from` triples or more is validated in parts of
    about `part_triples` when the shapes allow it (lisllm.validation.shacl_partition), with the
    results of one run; from `child_from` triples, one run is a child process, started at once so
    that it reads the data while the focus nodes of SPARQL targets are computed here. `launched`
    is called when pyrudof has the work (lisllm.validation.rudof_child.run_jobs)."""
    size = len(data) + len(ontology)
    with (rudof_child.EarlyRun(data + ontology) if child_from <= size < parts_from
          else contextlib.nullcontext()) as early:
        return _validate(data, shapes, ontology, reasoner, store, part_triples if size >= parts_from else None,
                         early, child_from, launched)


def _validate(data: list, shapes: list, ontology: list, reasoner: bool, store, part_triples: int | None,
              early: rudof_child.EarlyRun | None, child_from: int,
              launched: Callable[[], None]) -> tuple[list[ShaclResult], list[str]]:
    import rdflib

    shacl.quiet_rdflib()        # the report's values are read with rdflib
    shapes = list(shapes)
    if not reasoner:
        shapes += [ox.Triple(s.subject, T["deactivated"], ox.Literal(True)) for s in shapes
                   if s.predicate.value == shacl.REQUIRES_REASONER and s.object == ox.Literal(True)]
    shapes_graph = _rdflib_graph(shapes)      # blank-node labels kept: pyrudof reports them
    rules = [str(r) for r in shacl.rule_shapes(shapes_graph)]
    if callable(store):
        store = store()
    elif store is None:
        store = ox.Store()
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in data + ontology)
    index = _ShapesIndex(shapes)
    results: list[ShaclResult] = []

    core = [t for t in shapes if t.predicate != T["sparql"] and
            not (t.predicate == T["target"] and t.object in index.sparql_targets)]
    focus_cache: dict = {}
    for shape, target in index.sparql_target_of:
        focus_cache.setdefault(shape, []).extend(_select_this(store, index.query(target)))
    pyshacl_roots = index.pyshacl_roots()
    if pyshacl_roots is None:           # SHACL-SPARQL in a shape that no named shape holds: all in pyshacl
        launched()
        return shacl.validate(data, shapes, ontology, reasoner=reasoner)
    core += [ox.Triple(root, T["deactivated"], ox.Literal(True)) for root in pyshacl_roots]
    reports = _rudof_reports(data + ontology, core, index, store, focus_cache, pyshacl_roots,
                             part_triples, early, child_from, launched)
    # While an early child validates (else after pyrudof), the SPARQL-based constraints.
    for shape, constraint in index.sparql_constraints:
        if index.root_in(shape, pyshacl_roots) or index.deactivated(shape) or index.deactivated(constraint):
            continue
        results += _sparql_constraint(store, index, shapes_graph, shape, constraint,
                                      _focus_nodes(store, index, shape, focus_cache))

    reportable = index.reportable()
    for report_text, counts in reports:
        report = _unname_blank_shapes(rdflib.Graph().parse(data=report_text(), format="nt"))
        for node in report.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationResult")):
            source = report.value(node, rdflib.URIRef(SH + "sourceShape"))
            focus = _ox_term(report.value(node, rdflib.URIRef(SH + "focusNode")))
            if _ox_term(source) not in reportable or not counts(focus):
                continue
            result = shacl._result(report, shapes_graph, node, {})
            result.focus_node = focus
            result.messages = _own_messages(result.messages, index, _ox_term(source))
            results.append(result)

    if pyshacl_roots:
        extra, _ = shacl.validate(data, shapes, ontology, reasoner=reasoner,
                                  use_shapes=[s.value for s in sorted(pyshacl_roots, key=str)])
        results += extra
    return results, rules


def _rudof_reports(triples: list, core: list, index: "_ShapesIndex", store: ox.Store, focus_cache: dict,
                   pyshacl_roots: set, part_triples: int | None, early: rudof_child.EarlyRun | None,
                   child_from: int, launched: Callable[[], None]) -> list[tuple[Callable[[], str], Callable]]:
    """pyrudof's reports, each a function that returns it, with a test of which focus nodes'
    results count in it: one per part when the shapes allow parts
    (lisllm.validation.shacl_partition), else one for the whole graph, from the `early` child when
    there is one (its report is waited for when asked for), else from a child of its own from
    `child_from` triples."""
    roots = [s for s, po in index.by_subject.items()
             if (s in focus_cache or any(p.value in shacl_partition.TARGETS for p in po))
             and not index.deactivated(s) and s not in pyshacl_roots]
    plan = None
    # Targets other than SPARQL-based ones (SHACL-AF custom targets) and sh:targetObjectsOf (a
    # literal could be selected in several parts) are not planned for.
    unplanned = any(o not in index.sparql_targets
                    for po in index.by_subject.values() for o in po.get(T["target"], [])) \
        or any(index.values(s, "targetObjectsOf") for s in roots)
    reached = shacl_partition.reach(index.by_subject, roots)
    if part_triples and not unplanned and reached.reason is None:
        plan = shacl_partition.plan(triples, reached, _own_targets(store, index, roots), focus_cache, part_triples)
    # From here on the shapes are pyrudof's: blank-node shapes named (see BLANK_SHAPE).
    core, names = _name_blank_shapes(core, index)
    focus_cache = {names.get(shape, shape): nodes for shape, nodes in focus_cache.items()}
    if plan is not None:
        for part in plan.parts:
            part.focus = {names.get(shape, shape): nodes for shape, nodes in part.focus.items()}
        reports = shacl_partition.validate_parts(plan.parts, core, launched=launched)
        return [(_given(text), functools.partial(plan.owns, number)) for number, text in enumerate(reports)]
    core = core + [ox.Triple(shape, T["targetNode"], n) for shape, nodes in focus_cache.items() for n in nodes]
    if early is not None:
        early.send(core)
        launched()
        return [(early.report, lambda node: True)]
    if len(triples) >= child_from:          # a graph that parts could not split: its child starts now
        with rudof_child.EarlyRun(triples) as run:
            run.send(core)
            launched()
            return [(_given(run.report()), lambda node: True)]
    launched()
    with tempfile.TemporaryDirectory(prefix="lisllm-rudof-") as tmp:
        data_file = Path(tmp) / "data.nt"
        # pyrudof reads the data graph from a file (repeated triples are one triple there).
        ox.serialize(triples, str(data_file), ox.RdfFormat.N_TRIPLES)
        report = rudof_child.validate_file(str(data_file), ox.serialize(core, format=ox.RdfFormat.N_TRIPLES)
                                           .decode("utf-8"))
    return [(_given(report), lambda node: True)]


def _given(text: str) -> Callable[[], str]:
    return lambda: text


class _ShapesIndex:
    """What the shapes graph says, looked up by subject."""

    def __init__(self, shapes: list[ox.Triple]):
        self.by_subject: dict = {}
        for t in shapes:
            self.by_subject.setdefault(t.subject, {}).setdefault(t.predicate, []).append(t.object)
        self.sparql_targets = {o for s, po in self.by_subject.items() for o in po.get(T["target"], [])
                               if T["select"] in self.by_subject.get(o, {})}
        self.sparql_target_of = [(s, o) for s, po in self.by_subject.items() for o in po.get(T["target"], [])
                                 if o in self.sparql_targets]
        self.sparql_constraints = [(s, o) for s, po in self.by_subject.items() for o in po.get(T["sparql"], [])]

    def values(self, node, name: str) -> list:
        return self.by_subject.get(node, {}).get(T[name], [])

    def deactivated(self, node) -> bool:
        return ox.Literal(True) in self.values(node, "deactivated")

    def query(self, node) -> str:
        """The SELECT of a SPARQL target or constraint, with the PREFIX lines its sh:prefixes declare."""
        lines = []
        for ontology in self.values(node, "prefixes"):
            for declaration in self.values(ontology, "declare"):
                prefix = self.values(declaration, "prefix")
                namespace = self.values(declaration, "namespace")
                if prefix and namespace:
                    lines.append(f"PREFIX {prefix[0].value}: <{namespace[0].value}>")
        return "\n".join(lines + [self.values(node, "select")[0].value])

    def pyshacl_only(self) -> set:
        """Shapes with SHACL-SPARQL that is not handled here: property shapes, shapes without targets."""
        out = set()
        for shape, _ in self.sparql_constraints:
            targets = any(self.values(shape, n) for n in ("target", "targetNode", "targetClass",
                                                          "targetSubjectsOf", "targetObjectsOf"))
            if self.values(shape, "path") or not targets or not isinstance(shape, ox.NamedNode):
                out.add(shape)
        return out

    def parents(self, node) -> list:
        if not hasattr(self, "_parents"):
            self._parents: dict = {}
            for subject, po in self.by_subject.items():
                for objects in po.values():
                    for o in objects:
                        self._parents.setdefault(o, []).append(subject)
        return self._parents.get(node, [])

    def named_roots(self, shape) -> set:
        """The named shapes that hold `shape` (itself if named), through any chain of shapes and lists."""
        roots, todo, seen = set(), [shape], set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if isinstance(node, ox.NamedNode):
                roots.add(node)
            else:
                todo += self.parents(node)
        return roots

    def pyshacl_roots(self) -> set | None:
        """Named shapes that pyshacl runs whole (they hold SHACL-SPARQL not handled here), or None."""
        roots = set()
        for shape in self.pyshacl_only():
            found = self.named_roots(shape)
            if not found:
                return None
            roots |= found
        return roots

    def root_in(self, shape, roots: set) -> bool:
        return bool(self.named_roots(shape) & roots)

    def reportable(self) -> set:
        """Shapes whose failures SHACL reports: named shapes, shapes with targets (blank ones too),
        and the property shapes they hold."""
        out = {s for s, po in self.by_subject.items()
               if isinstance(s, ox.NamedNode) or any(p.value in shacl_partition.TARGETS for p in po)}
        todo = list(out)
        while todo:
            for child in self.values(todo.pop(), "property"):
                if child not in out:
                    out.add(child)
                    todo.append(child)
        return out


def _focus_nodes(store: ox.Store, index: _ShapesIndex, shape, cache: dict) -> list:
    """The focus nodes of a shape's targets (SPARQL targets were evaluated already)."""
    nodes = list(cache.get(shape, []))
    nodes += index.values(shape, "targetNode")
    for cls in index.values(shape, "targetClass"):
        nodes += _select_this(
            store, f"SELECT DISTINCT ?this WHERE {{ ?this <{RDF_TYPE}>/<{RDFS_SUB_CLASS_OF}>* {cls} }}")
    for p in index.values(shape, "targetSubjectsOf"):
        nodes += _select_this(store, f"SELECT DISTINCT ?this WHERE {{ ?this {p} ?o }}")
    for p in index.values(shape, "targetObjectsOf"):
        nodes += _select_this(store, f"SELECT DISTINCT ?this WHERE {{ ?s {p} ?this }}")
    return list(dict.fromkeys(nodes))


# pyrudof's report renames blank nodes, shapes included, so that a result of an anonymous property
# shape could not be told from another's: such shapes get an IRI for pyrudof, and back afterwards.
# Only shapes: a blank path or list node must stay blank (an IRI path is a predicate).
BLANK_SHAPE = "urn:lisllm:blank-shape:"


def _name_blank_shapes(core: list, index: "_ShapesIndex") -> tuple[list, dict]:
    shapes = {o for po in index.by_subject.values()
              for p in ("property", "node", "not", "qualifiedValueShape") for o in po.get(ox.NamedNode(SH + p), [])}
    for po in index.by_subject.values():
        for p in ("or", "and", "xone"):
            for head in po.get(ox.NamedNode(SH + p), []):
                shapes |= set(shacl_partition._list(index.by_subject, head))
    shapes |= {s for s, po in index.by_subject.items() if any(p.value in shacl_partition.TARGETS for p in po)}
    named = {b: ox.NamedNode(BLANK_SHAPE + b.value) for b in shapes if isinstance(b, ox.BlankNode)}
    return [ox.Triple(named.get(t.subject, t.subject), t.predicate, named.get(t.object, t.object)) for t in core], named


def _unname_blank_shapes(report):
    import rdflib

    def back(term):
        if isinstance(term, rdflib.URIRef) and term.startswith(BLANK_SHAPE):
            return rdflib.BNode(term[len(BLANK_SHAPE):])
        return term

    out = rdflib.Graph()
    for s, p, o in report:
        out.add((back(s), p, back(o)))
    return out


def _own_targets(store: ox.Store, index: _ShapesIndex, shapes: list) -> shacl_partition.Targets:
    """What the shapes' own targets name: nodes, classes with their subclasses, predicates."""
    out = shacl_partition.Targets()
    for shape in shapes:
        out.nodes |= set(index.values(shape, "targetNode"))
        out.subjects_of |= set(index.values(shape, "targetSubjectsOf"))
        for cls in index.values(shape, "targetClass"):
            out.classes |= {cls, *_select_this(
                store, f"SELECT DISTINCT ?this WHERE {{ ?this <{RDFS_SUB_CLASS_OF}>* {cls} }}")}
    return out


def _select_this(store: ox.Store, query: str) -> list:
    return [row["this"] for row in store.query(query, use_default_graph_as_union=True) if row["this"] is not None]


def _sparql_constraint(store, index: _ShapesIndex, shapes_graph, shape, constraint, focus: list) -> list[ShaclResult]:
    query = index.query(constraint)
    messages = index.values(constraint, "message") or index.values(shape, "message")
    severity = (index.values(shape, "severity") or [T["Violation"]])[0]
    this = ox.Variable("this")
    results = []
    for node in focus:
        solutions = store.query(query, substitutions={this: node}, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            bound = {name: row[name] for name in names if row[name] is not None}
            bound["this"] = node
            path = bound.get("path")
            value = bound.get("value", node)
            texts = {}
            for message in messages:
                text = message.value
                for name, term in bound.items():
                    text = text.replace("{?" + name + "}", term.value).replace("{$" + name + "}", term.value)
                texts.setdefault(message.language or "", shacl._shorten_iris(text))
            results.append(ShaclResult(
                focus=_string(node), focus_node=node,
                path=shacl.shorten_sh(path.value) if isinstance(path, ox.NamedNode) else None,
                value=_string(value), component="sh:SPARQLConstraintComponent",
                severity=shacl.SEVERITY.get(severity.value, shacl.VIOLATION),
                shape=_string(shape), rule_shape=shape.value if isinstance(shape, ox.NamedNode) else None,
                messages=texts))
    return results


def _own_messages(messages: dict[str, str], index: _ShapesIndex, shape) -> dict[str, str]:
    """The shape's sh:message, one per language, as pyshacl reports it; pyrudof leaves it out for
    some components and adds its own text ("OR not satisfied"), kept only for shapes without one."""
    own: dict[str, str] = {}
    for message in index.values(shape, "message"):
        own.setdefault(message.language or "", shacl._shorten_iris(message.value))
    return own or messages


def _string(term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def _ox_term(node):
    import rdflib

    if isinstance(node, rdflib.URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, rdflib.Literal):
        return None
    return None


def _rdflib_graph(triples: list[ox.Triple]):
    import rdflib

    def term(t):
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))

    graph = rdflib.Graph()
    for t in triples:
        graph.add((term(t.subject), term(t.predicate), term(t.object)))
    return graph
