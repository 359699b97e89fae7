"""Step 4, SHACL: pyshacl over the data (asserted and inferred graphs) with the ontology mixed in.

One engine end to end: the Oxigraph triples are handed to rdflib as N-Triples, and pyshacl runs on
those rdflib graphs with inference "none" (HermiT has already done the reasoning that matters).
The blank-node labels are kept so that results can be traced back to the source files.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import SH, SHAPES, shorten
from .report import INFO, VIOLATION, WARNING, Issue

STEP = "shacl"
SHAPES_NS = SHAPES
REQUIRES_REASONER = SHAPES_NS + "requiresReasoner"
SEVERITY = {SH + "Violation": VIOLATION, SH + "Warning": WARNING, SH + "Info": INFO}
RULE_ID = re.compile(r"^([A-Z]+\d+)")


@dataclass
class ShaclResult:
    """One sh:ValidationResult, with terms as strings (IRIs plain, others in N-Triples form)."""

    focus: str
    focus_node: object        # the Oxigraph term, to locate it in the source files
    path: str | None
    value: str | None
    component: str
    severity: str
    shape: str | None         # the source shape (IRI, or N-Triples blank node)
    rule_shape: str | None    # the named shape that holds it: the rule reported
    messages: dict[str, str]


def to_rdflib(triples: list[ox.Triple], bnodes: dict | None = None):
    """An rdflib Graph with the same triples; `bnodes` collects label -> rdflib BNode."""
    import rdflib

    graph = rdflib.Graph()
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=data.decode("utf-8"), format="nt", bnode_context=bnodes if bnodes is not None else {})
    return graph


def validate(data: list[ox.Triple], shapes: list[ox.Triple], ontology: list[ox.Triple], *,
             reasoner: bool = True, use_shapes: list[str] | None = None) -> tuple[list[ShaclResult], list[str]]:
    """Run pyshacl; return its results and the named shapes (rules) it ran."""
    import pyshacl
    import rdflib

    quiet_rdflib()
    data_bnodes: dict = {}
    data_graph = to_rdflib(list(dict.fromkeys(data + ontology)), data_bnodes)
    shapes_graph = to_rdflib(shapes)
    deactivate = rdflib.URIRef(REQUIRES_REASONER)
    if not reasoner:
        for shape in list(shapes_graph.subjects(deactivate, rdflib.Literal(True))):
            shapes_graph.add((shape, rdflib.URIRef(SH + "deactivated"), rdflib.Literal(True)))
    rules = rule_shapes(shapes_graph)
    # The ontology is added to the data graph whole (pyshacl's ont_graph would copy only its
    # axioms, not the ontology header that S80 checks). SPARQL targets need "advanced" mode.
    _, report, _ = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph, inference="none", advanced=True,
        abort_on_first=False, allow_infos=True, allow_warnings=True, inplace=True,
        use_shapes=use_shapes,
    )
    if isinstance(report, Exception):    # pyshacl returns, rather than raises, some failures
        raise report
    to_ox = {value: ox.BlankNode(label) for label, value in data_bnodes.items()}
    return [_result(report, shapes_graph, node, to_ox) for node in
            report.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationResult"))], [str(r) for r in rules]


def quiet_rdflib() -> None:
    """rdflib logs a traceback for each ill-typed literal it meets; the syntax step reports those."""
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)


def rule_shapes(shapes_graph) -> list:
    """Named shapes that are not parts of another named shape: each is one rule."""
    import rdflib

    sh = rdflib.Namespace(SH)
    named = set()
    for kind in (sh.NodeShape, sh.PropertyShape):
        named |= {s for s in shapes_graph.subjects(rdflib.RDF.type, kind) if isinstance(s, rdflib.URIRef)}
    parts = {o for p in (sh.property, sh.node) for o in shapes_graph.objects(None, p)}
    return sorted(named - parts)


def _result(report, shapes_graph, node, to_ox) -> ShaclResult:
    import rdflib

    sh = rdflib.Namespace(SH)
    focus = report.value(node, sh.focusNode)
    path = report.value(node, sh.resultPath)
    value = report.value(node, sh.value)
    shape = report.value(node, sh.sourceShape)
    templates = _templates(report.value(node, sh.sourceConstraint), shape, shapes_graph)
    messages: dict[str, str] = {}
    for message in report.objects(node, sh.resultMessage):
        language = getattr(message, "language", None) or _language_of(str(message), templates)
        messages.setdefault(language, _shorten_iris(str(message)))
    severity = report.value(node, sh.resultSeverity)
    return ShaclResult(
        focus=_term(focus),
        focus_node=_to_ox(focus, to_ox),
        path=render_path(path, report, shapes_graph) if path is not None else None,
        value=None if value is None else _term(value),
        component=shorten_sh(str(report.value(node, sh.sourceConstraintComponent))),
        severity=SEVERITY.get(str(severity), VIOLATION),
        shape=None if shape is None else _term(shape),
        rule_shape=_rule_shape(shape, shapes_graph),
        messages=messages,
    )


def _templates(constraint, shape, shapes_graph) -> list:
    import rdflib

    sh = rdflib.Namespace(SH)
    return [m for source in (constraint, shape) if source is not None for m in shapes_graph.objects(source, sh.message)]


def _language_of(message: str, templates) -> str:
    """The language of a message pyshacl filled in from a template (it drops the language tag)."""
    for template in templates:
        parts = [re.escape(part) for part in re.split(r"\{[?$]\w+\}", str(template))]
        if re.fullmatch("(?s)" + ".*?".join(parts), message):
            return template.language or ""
    return ""


def _shorten_iris(message: str) -> str:
    def short(match: re.Match) -> str:
        name = shorten(match.group(0))
        return match.group(0) if name.startswith("<") or name.endswith(":") else name

    return re.sub(r"https?://[^\s()（）,，;；<>\"]+", short, message)


def _rule_shape(shape, shapes_graph) -> str | None:
    import rdflib

    sh = rdflib.Namespace(SH)
    seen = set()
    while shape is not None and shape not in seen:
        seen.add(shape)
        parent = next((s for p in (sh.property, sh.node) for s in shapes_graph.subjects(p, shape)), None)
        if parent is None:
            break
        shape = parent
    if isinstance(shape, rdflib.URIRef):
        return str(shape)
    return None


def rule_id(shape_iri: str | None) -> str:
    if not shape_iri:
        return "shape"
    local = shape_iri[len(SHAPES_NS):] if shape_iri.startswith(SHAPES_NS) else shorten(shape_iri)
    match = RULE_ID.match(local)
    return match.group(1) if match else local


def render_path(node, *graphs) -> str:
    """A SHACL property path in SPARQL syntax: a/b, a|b, ^a, a*, with prefixed names."""
    import rdflib
    from rdflib.collection import Collection

    sh = rdflib.Namespace(SH)
    if isinstance(node, rdflib.URIRef):
        return shorten_sh(str(node))
    for graph in graphs:
        if graph.value(node, rdflib.RDF.first) is not None:
            return "/".join(_group(render_path(i, *graphs)) for i in Collection(graph, node))
        for predicate, template in ((sh.inversePath, "^{}"), (sh.zeroOrMorePath, "{}*"),
                                    (sh.oneOrMorePath, "{}+"), (sh.zeroOrOnePath, "{}?")):
            inner = graph.value(node, predicate)
            if inner is not None:
                return template.format(_group(render_path(inner, *graphs)))
        alternatives = graph.value(node, sh.alternativePath)
        if alternatives is not None:
            return "|".join(render_path(i, *graphs) for i in Collection(graph, alternatives))
    return str(node)


def _group(path: str) -> str:
    return f"({path})" if ("/" in path or "|" in path) and not path.startswith("(") else path


def shorten_sh(iri: str) -> str:
    if iri.startswith(SH):
        return "sh:" + iri[len(SH):]
    return shorten(iri)


def _term(node) -> str:
    import rdflib

    if isinstance(node, rdflib.URIRef):
        return str(node)
    return node.n3()


def _to_ox(node, to_ox):
    import rdflib

    if isinstance(node, rdflib.URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return to_ox.get(node)
    return None


def issues(results: list[ShaclResult], locator, show) -> list[Issue]:
    """SHACL results as issues, located at the focus node's description in the source files."""
    out = []
    for result in results:
        path, line, column = locator.resource(result.focus_node) if result.focus_node is not None else (None,) * 3
        message = result.messages.get("en") or result.messages.get("") or next(iter(result.messages.values()), "")
        out.append(Issue(
            STEP, result.severity, rule_id(result.rule_shape or result.shape), message or result.component,
            result.rule_shape or result.shape or "shapes", file=path, line=line, column=column,
            focus=result.focus, path=result.path, value=result.value, component=result.component,
            shape=result.shape, messages=dict(result.messages),
        ))
    return out
