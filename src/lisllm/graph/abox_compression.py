"""Exact ABox compression for HermiT: classify one representative of each group of identical parts.

The reasoner input is the ontology (TBox) plus an ABox module A (lisllm.graph.reasoning). Many parts of
A are copies of each other up to renaming: two institutions with the same kinds of facts about
different partners. HermiT's work grows with the individuals, so it gets only one copy of each.

**Construction.** F (fixed individuals) = every term the ontology mentions (the nominals of
owl:hasValue/owl:oneOf among them), every blank node, and "hubs", individuals that are the object of at least
HUB_IN_DEGREE facts (shared concepts such as a mechanism). Removing F splits A's other
individuals into connected components; every assertion that mentions a non-fixed individual
belongs to exactly one component, the rest (A_F) mentions only fixed ones. Two components are
copies when a bijection σ between their individuals maps one's assertions exactly onto the
other's (σ found by colour refinement, then *checked* triple by triple). HermiT gets
K' = (T, A_F ∪ one representative of each group).

**Why the result is exact** (for any OWL 2 DL TBox; HermiT does not assume unique names).
Let h map every individual of a copy to its representative (σ) and fix everything else, so that
h(A) ⊆ A' ⊆ A.
- A model I' of K' gives a model I of K with the same class and property extensions: interpret
  each individual a as h(a)^I'. Every assertion α of A holds in I because h(α) ∈ A' holds in I';
  TBox axioms hold because extensions and the fixed individuals (all nominals) are unchanged.
  Hence K is consistent iff K' is, a class is unsatisfiable w.r.t. K iff w.r.t. K', and for an
  individual a of K', K ⊨ C(a) iff K' ⊨ C(a) (the "if" is monotonicity).
- For a copy y with h(y) = x: g = σ⁻¹ on the representative's individuals (identity elsewhere)
  maps A into A, so every model I of K gives a model of K interpreting a as g(a)^I; thus
  K ⊨ C(x) implies K ⊨ C(y). The model built from I' above gives the converse. So y's types are
  exactly x's.

**Condition checked in code** (`applicable`), else HermiT gets the whole module: the ABox has only
class assertions (rdf:type to a class the ontology declares), object property assertions with
properties the ontology declares, and owl:sameAs; no owl:differentFrom, owl:AllDifferent or
negative property assertion (a homomorphism that merges individuals does not preserve them);
and the ontology has no SWRL rules (their built-ins are outside this argument).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import OWL, RDF, RDF_TYPE, SWRL

HUB_IN_DEGREE = 8        # a heuristic: any choice keeps the result exact, it only changes the savings
REFINEMENT_ROUNDS = 6
OWL_SAME_AS = OWL + "sameAs"
FORBIDDEN_TYPES = {OWL + "AllDifferent", OWL + "NegativePropertyAssertion", OWL + "AllDisjointClasses"}


@dataclass
class Compression:
    kept: list[ox.Triple]                                    # A_F and the representatives' assertions
    representative: dict[ox.Term, ox.Term] = field(default_factory=dict)   # copy individual -> its image
    components: int = 0
    groups: int = 0

    def images(self, individual) -> ox.Term:
        return self.representative.get(individual, individual)


def applicable(ontology: list[ox.Triple], abox: list[ox.Triple]) -> str | None:
    """Why the compression would not be exact for this input (None: it is exact)."""
    declared = {t.subject for t in ontology if t.predicate.value == RDF_TYPE}
    if any(t.predicate.value.startswith(SWRL) or t.object.value.startswith(SWRL) for t in ontology
           if isinstance(t.object, ox.NamedNode)):
        return "the ontology has SWRL rules"
    for t in abox:
        p = t.predicate.value
        if p == RDF_TYPE:
            if t.object.value in FORBIDDEN_TYPES or t.object not in declared:
                return f"the data asserts {t.object} (not a class of the ontology)"
        elif p == OWL_SAME_AS:
            continue
        elif p.startswith((OWL, RDF)) or t.predicate not in declared:
            return f"the data uses {t.predicate}, which is not a property of the ontology"
        if isinstance(t.object, ox.Literal):
            return "the data module has a literal value"
    return None


def compress(ontology: list[ox.Triple], abox: list[ox.Triple]) -> Compression:
    """One representative per group of copies (see the module doc); the whole ABox when no copies."""
    fixed = _fixed(ontology, abox)
    component_of = _components(abox, fixed)
    assertions: dict[int, list[ox.Triple]] = defaultdict(list)
    kept: list[ox.Triple] = []
    for t in abox:
        owner = component_of.get(t.subject, component_of.get(t.object))
        if owner is None:
            kept.append(t)
        else:
            assertions[owner].append(t)
    colours = _refine(abox, fixed, component_of)
    groups: dict[tuple, list[tuple[list, set]]] = defaultdict(list)   # signature -> [(ordered nodes, triples)]
    result = Compression(kept, components=len(assertions))
    for _owner, triples in assertions.items():
        nodes = _ordered_nodes(triples, fixed, colours)
        signature = (len(triples), tuple(colours[n] for n in nodes))
        for rep_nodes, rep_triples in groups[signature]:
            sigma = dict(zip(nodes, rep_nodes, strict=True))
            if {_rename(t, sigma) for t in triples} == rep_triples:
                result.representative.update(sigma)
                break
        else:
            groups[signature].append((nodes, set(triples)))
            kept.extend(triples)
            result.groups += 1
    return result


def _fixed(ontology: list[ox.Triple], abox: list[ox.Triple]) -> set:
    fixed = set()
    for t in ontology:
        fixed.update((t.subject, t.predicate, t.object))
    in_degree: dict[object, int] = defaultdict(int)
    for t in abox:
        if t.predicate.value != RDF_TYPE:
            in_degree[t.object] += 1
    fixed |= {node for node, degree in in_degree.items() if degree >= HUB_IN_DEGREE}
    # Blank nodes stay themselves: only IRIs are renamed, so every copy can be named in the output.
    fixed |= {n for t in abox for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)}
    return fixed


def _components(abox: list[ox.Triple], fixed: set) -> dict:
    """Union-find over the non-fixed individuals linked by an assertion."""
    parent: dict = {}

    def find(x):
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for t in abox:
        nodes = [t.subject] if t.predicate.value == RDF_TYPE else [t.subject, t.object]
        nodes = [n for n in nodes if n not in fixed]
        for n in nodes:
            parent.setdefault(n, n)
        if len(nodes) == 2:
            a, b = find(nodes[0]), find(nodes[1])
            if a != b:
                parent[a] = b
    roots: dict = {}
    return {n: roots.setdefault(find(n), len(roots)) for n in parent}


def _refine(abox: list[ox.Triple], fixed: set, component_of: dict) -> dict:
    """Colour refinement: a node's colour sums up its types and, round by round, its neighbours'."""
    types: dict = defaultdict(list)
    out: dict = defaultdict(list)
    into: dict = defaultdict(list)
    for t in abox:
        if t.predicate.value == RDF_TYPE:
            types[t.subject].append(str(t.object))
        else:
            out[t.subject].append((str(t.predicate), t.object))
            into[t.object].append((str(t.predicate), t.subject))
    colour = {n: hash(tuple(sorted(types[n]))) for n in component_of}

    def label(node):
        return colour[node] if node in colour else str(node)     # fixed nodes keep their name

    for _ in range(REFINEMENT_ROUNDS):
        new = {n: hash((colour[n], tuple(sorted((p, hash(label(o))) for p, o in out[n])),
                        tuple(sorted((p, hash(label(s))) for p, s in into[n])))) for n in colour}
        if len(set(new.values())) == len(set(colour.values())):
            colour = new
            break
        colour = new
    return colour


def _ordered_nodes(triples: list[ox.Triple], fixed: set, colours: dict) -> list:
    nodes = {n for t in triples for n in (t.subject, t.object) if n not in fixed and n in colours}
    return sorted(nodes, key=lambda n: (colours[n], str(n)))


def _rename(t: ox.Triple, sigma: dict) -> ox.Triple:
    return ox.Triple(sigma.get(t.subject, t.subject), t.predicate, sigma.get(t.object, t.object))
