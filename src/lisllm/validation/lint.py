"""Step 2, lint: mistakes that parse and may even reason, but that a careful maintainer would fix.

Rules (ids as reported):
- undeclared-term (violation): a term in the ontology's namespace that the ontology does not declare,
  used in the ontology, the data, the shapes or the queries; usually a typo.
- undefined-resource (violation): a data IRI that is referenced but described nowhere, in a
  namespace where other resources are described; usually a typo too.
- missing-label / missing-definition (violation): an ontology term without rdfs:label in both en
  and zh, or without a definition in English.
- unused-term (warning): a declared term that nothing uses.
- prefix-conflict (violation): one prefix bound to different namespaces in different files.
- non-https-iri (warning; violation in the project's own namespace) and malformed-iri (violation).
- tbox-in-data (warning): class or property axioms in a data file, where the reasoner ignores them.
- case-collision (violation): two declared terms whose IRIs differ only in letter case; their
  documents collide on case-insensitive file systems and in `lisllm publish` releases.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from ..graph.rdf_files import ParsedFile, document_iri
from ..namespaces import DCTERMS, LISLLM, OWL, PREFIXES, RDF, RDF_TYPE, RDFS, RDFS_LABEL, SH, SKOS, shorten
from .locate import Locator, SourceText
from .report import VIOLATION, WARNING, Issue

STEP = "lint"
VANN_NAMESPACE = "http://purl.org/vocab/vann/preferredNamespaceUri"
DECLARATION_TYPES = {OWL + "Class", RDFS + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty",
                     OWL + "AnnotationProperty", RDF + "Property"}
TBOX_TYPES = DECLARATION_TYPES | {OWL + t for t in (
    "Restriction", "AllDisjointClasses", "FunctionalProperty", "InverseFunctionalProperty",
    "TransitiveProperty", "SymmetricProperty", "AsymmetricProperty", "ReflexiveProperty",
    "IrreflexiveProperty", "Ontology")}
TBOX_PREDICATES = {RDFS + "subClassOf", RDFS + "subPropertyOf", RDFS + "domain", RDFS + "range"} | {
    OWL + p for p in ("equivalentClass", "equivalentProperty", "disjointWith", "propertyDisjointWith",
                      "inverseOf", "onProperty", "intersectionOf", "unionOf", "complementOf",
                      "disjointUnionOf", "propertyChainAxiom")}
VERSION_PREDICATES = {OWL + "versionIRI", OWL + "priorVersion", OWL + "imports", OWL + "backwardCompatibleWith",
                      OWL + "incompatibleWith"}
DEFINITION_PREDICATES = {SKOS + "definition", RDFS + "comment", DCTERMS + "description"}
LABEL_PREDICATES = {RDFS_LABEL, SKOS + "prefLabel"}
LANGUAGES = ("en", "zh")
SPARQL_PREDICATES = {SH + "select", SH + "ask", SH + "construct"}
QUERY_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w\-.]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


@dataclass
class LintInput:
    ontology: list[ParsedFile]
    instances: list[ParsedFile]
    shapes: list[ParsedFile]
    queries: dict[Path, str]
    report_unused: bool = True     # false when only some data files are checked


def lint(data: LintInput, locator: Locator, show) -> tuple[list[Issue], list[str]]:
    """All lint issues, and the items (files) that were checked."""
    files = data.ontology + data.instances + data.shapes
    ontology_triples = [t for f in data.ontology for t in f.triples]
    namespaces = term_namespaces(ontology_triples)
    declared = declared_terms(ontology_triples, namespaces)
    issues: list[Issue] = []
    issues += _undeclared_and_unused(data, namespaces, declared, locator, show)
    issues += _labels_and_definitions(ontology_triples, declared, locator, show)
    issues += _undefined_resources(data, namespaces, locator, show)
    issues += _prefix_conflicts(files, data.queries, show)
    issues += _iris(files, namespaces, show)
    issues += _tbox_in_data(data.instances, locator, show)
    issues += _case_collisions(declared, locator, show)
    items = [show(f.path) for f in files] + [show(p) for p in data.queries]
    return issues, items


def term_namespaces(ontology: list[ox.Triple]) -> set[str]:
    """The namespaces of the project's own terms: the ontology's vann:preferredNamespaceUri, else
    the ontology IRI followed by / or #, else lisllm's."""
    found = {t.object.value for t in ontology if t.predicate.value == VANN_NAMESPACE}
    if found:
        return found
    ontologies = {t.subject.value for t in ontology
                  if t.predicate.value == RDF_TYPE and t.object.value == OWL + "Ontology"
                  and isinstance(t.subject, ox.NamedNode)}
    subjects = {t.subject.value for t in ontology if isinstance(t.subject, ox.NamedNode)}
    for iri in ontologies:
        for sep in ("/", "#"):
            if iri.endswith(sep):
                found.add(iri)
            elif any(s.startswith(iri + sep) for s in subjects):
                found.add(iri + sep)
    return found or {LISLLM}


def declared_terms(ontology: list[ox.Triple], namespaces: set[str]) -> set[str]:
    return {t.subject.value for t in ontology
            if t.predicate.value == RDF_TYPE and t.object.value in DECLARATION_TYPES
            and isinstance(t.subject, ox.NamedNode) and _in(t.subject.value, namespaces)}


def _undeclared_and_unused(data: LintInput, namespaces, declared, locator: Locator, show) -> list[Issue]:
    ontology_triples = [t for f in data.ontology for t in f.triples]
    exempt = {t.object.value for t in ontology_triples if t.predicate.value in VERSION_PREDICATES}
    exempt |= {t.subject.value for t in ontology_triples
               if t.predicate.value == RDF_TYPE and t.object.value == OWL + "Ontology"}
    exempt |= namespaces
    issues = []
    # Uses in RDF files: every position; in the ontology, mentions outside a term's own description.
    # A defined class counts as used: its members are inferred, never asserted.
    used: set[str] = {t.subject.value for t in ontology_triples if t.predicate.value == OWL + "equivalentClass"}
    inside: dict[str, bool] = {}        # IRI -> in the project's namespaces (an IRI recurs thousands of times)
    for parsed in data.ontology + data.instances + data.shapes:
        in_ontology = parsed in data.ontology
        mentions: dict[str, None] = {}
        for t in parsed.triples:
            for position, node in (("s", t.subject), ("p", t.predicate), ("o", t.object)):
                if not isinstance(node, ox.NamedNode):
                    continue
                iri = node.value
                known = inside.get(iri)
                if known is None:
                    known = inside[iri] = _in(iri, namespaces)
                if not known:
                    continue
                mentions.setdefault(iri)
                if not (in_ontology and position == "s"):
                    used.add(iri)
        text = locator.text(parsed.path)
        for iri in mentions:
            if iri not in declared and iri not in exempt:
                issues.append(_undeclared(iri, declared, parsed.path, text.find_resource(iri), show))
    for path, query in data.queries.items():
        for iri, position in _query_terms(query, namespaces):
            used.add(iri)
            if iri not in declared and iri not in exempt:
                issues.append(_undeclared(iri, declared, path, position, show))
    # SPARQL inside shapes (sh:select, sh:ask) uses terms too; locate them in the shapes file.
    for parsed in data.shapes:
        text = locator.text(parsed.path)
        for t in parsed.triples:
            if t.predicate.value in SPARQL_PREDICATES and isinstance(t.object, ox.Literal):
                for iri, _ in _query_terms(t.object.value, namespaces, parsed.prefixes):
                    used.add(iri)
                    if iri not in declared and iri not in exempt:
                        issues.append(_undeclared(iri, declared, parsed.path, text.find_resource(iri), show))
    issues = _first_per(issues, lambda i: (i.file, i.focus))   # once per term and file
    for iri in sorted(declared - used) if data.report_unused else []:
        path, line, column = locator.resource(ox.NamedNode(iri))
        issues.append(Issue(
            STEP, WARNING, "unused-term",
            f"{_short(iri)} is declared but used nowhere (not in the data, the shapes, the queries or "
            "another term's axioms)", show(path) if path else "ontology",
            file=path, line=line, column=column, focus=iri))
    return issues


def _undeclared(iri: str, declared: set[str], path: Path, position, show) -> Issue:
    suggestion = difflib.get_close_matches(iri, sorted(declared), n=1, cutoff=0.8)
    hint = f"; did you mean {_short(suggestion[0])}?" if suggestion else ""
    line, column = position if position else (None, None)
    return Issue(STEP, VIOLATION, "undeclared-term",
                 f"{_short(iri)} is not declared in the ontology{hint}", show(path),
                 file=path, line=line, column=column, focus=iri)


def _query_terms(query: str, namespaces: set[str], extra_prefixes: dict[str, str] | None = None):
    """(IRI, (line, column)) of every term in the given namespaces that a query mentions."""
    prefixes = dict(PREFIXES)
    prefixes.update(extra_prefixes or {})
    prefixes.update({m.group(1) or "": m.group(2) for m in QUERY_PREFIX.finditer(query)})
    relevant = {p: ns for p, ns in prefixes.items() if any(ns.startswith(n) for n in namespaces)}
    patterns = [(ns, re.compile(rf"(?<![\w<:\-]){re.escape(p)}:([A-Za-z_][\w\-]*)")) for p, ns in relevant.items()]
    patterns += [("", re.compile(rf"<({'|'.join(re.escape(n) for n in namespaces)}[^>\s]*)>"))]
    for number, line in enumerate(query.splitlines(), start=1):
        if line.lstrip().startswith("#") or QUERY_PREFIX.match(line):
            continue
        for ns, pattern in patterns:
            for match in pattern.finditer(line):
                yield ns + match.group(1), (number, match.start() + 1)


def _labels_and_definitions(ontology: list[ox.Triple], declared: set[str], locator: Locator, show) -> list[Issue]:
    langs: dict[str, set[str]] = defaultdict(set)
    defined: set[str] = set()
    for t in ontology:
        if not isinstance(t.object, ox.Literal):
            continue
        lang = (t.object.language or "").split("-")[0].lower()
        if t.predicate.value in LABEL_PREDICATES:
            langs[t.subject.value].add(lang)
        elif t.predicate.value in DEFINITION_PREDICATES and lang == "en":
            defined.add(t.subject.value)
    issues = []
    for iri in sorted(declared):
        path, line, column = locator.resource(ox.NamedNode(iri))
        where = dict(file=path, line=line, column=column, focus=iri)
        item = show(path) if path else "ontology"
        missing = [lang for lang in LANGUAGES if lang not in langs[iri]]
        if missing:
            issues.append(Issue(STEP, VIOLATION, "missing-label",
                                f"{_short(iri)} has no rdfs:label in {' and '.join(missing)}", item,
                                path=RDFS_LABEL, **where))
        if iri not in defined:
            issues.append(Issue(STEP, VIOLATION, "missing-definition",
                                f"{_short(iri)} has no definition in English (skos:definition, rdfs:comment "
                                "or dcterms:description @en)", item, path=SKOS + "definition", **where))
    return issues


def _case_collisions(declared: set[str], locator: Locator, show) -> list[Issue]:
    by_folded: dict[str, list[str]] = defaultdict(list)
    for iri in declared:
        by_folded[iri.casefold()].append(iri)
    issues = []
    for iris in by_folded.values():
        if len(iris) < 2:
            continue
        first, *others = sorted(iris)
        for iri in others:
            path, line, column = locator.resource(ox.NamedNode(iri))
            issues.append(Issue(STEP, VIOLATION, "case-collision",
                                f"{_short(iri)} differs from {_short(first)} only in letter case; their pages "
                                "and files collide on case-insensitive systems: rename one",
                                show(path) if path else "ontology", file=path, line=line, column=column, focus=iri))
    return issues


def _undefined_resources(data: LintInput, namespaces: set[str], locator: Locator, show) -> list[Issue]:
    """Typos in references to data resources (terms are the undeclared-term rule's job)."""
    described = {t.subject.value for f in data.ontology + data.instances for t in f.triples
                 if isinstance(t.subject, ox.NamedNode)}
    by_namespace: dict[str, set[str]] = defaultdict(set)
    for parsed in data.instances:
        for t in parsed.triples:
            if isinstance(t.subject, ox.NamedNode):
                by_namespace[_namespace(t.subject.value)].add(t.subject.value)
    issues, seen = [], set()
    for parsed in data.instances:
        text = locator.text(parsed.path)
        for t in parsed.triples:
            node = t.object
            if (not isinstance(node, ox.NamedNode) or t.predicate.value == RDF_TYPE or node.value in described
                    or _in(node.value, namespaces) or (parsed.path, node.value) in seen):
                continue
            siblings = by_namespace.get(_namespace(node.value))
            if not siblings:
                continue
            seen.add((parsed.path, node.value))
            suggestion = difflib.get_close_matches(node.value, sorted(siblings), n=1, cutoff=0.8)
            hint = f"; did you mean {_short(suggestion[0])}?" if suggestion else ""
            line, column = text.find_resource(node.value) or (None, None)
            issues.append(Issue(
                STEP, VIOLATION, "undefined-resource",
                f"{_short(node.value)} is referenced but described nowhere{hint}", show(parsed.path),
                file=parsed.path, line=line, column=column, focus=node.value, path=t.predicate.value))
    return issues


def _prefix_conflicts(files: list[ParsedFile], queries: dict[Path, str], show) -> list[Issue]:
    bindings: dict[str, dict[str, list[Path]]] = defaultdict(lambda: defaultdict(list))
    for parsed in files:
        for prefix, namespace in parsed.prefixes.items():
            bindings[prefix][namespace].append(parsed.path)
    for path, query in queries.items():
        for match in QUERY_PREFIX.finditer(query):
            bindings[match.group(1) or ""][match.group(2)].append(path)
    issues = []
    for prefix, namespaces in sorted(bindings.items()):
        if len(namespaces) < 2:
            continue
        usual = max(namespaces, key=lambda ns: (len(namespaces[ns]), ns == PREFIXES.get(prefix)))
        for namespace, paths in sorted(namespaces.items()):
            if namespace == usual:
                continue
            for path in paths:
                pattern = re.compile(rf"(?:@prefix|PREFIX)\s+{re.escape(prefix)}:", re.IGNORECASE)
                line, column = (SourceText(path).find_text(pattern) or [(None, None)])[0]
                issues.append(Issue(
                    STEP, VIOLATION, "prefix-conflict",
                    f"prefix {prefix}: is <{namespace}> here but <{usual}> in {len(namespaces[usual])} other "
                    "file(s)", show(path), file=path, line=line, column=column, value=f"<{namespace}>"))
    return issues


def _iris(files: list[ParsedFile], namespaces: set[str], show) -> list[Issue]:
    vocabularies = set(PREFIXES.values()) | {ns for f in files for ns in f.prefixes.values()}
    # The project's namespace: its term namespaces, and their parent folder unless that is a site's root.
    bases = set(namespaces) | {_parent(ns) for ns in namespaces if urlsplit(_parent(ns)).path.strip("/")}
    first: dict[str, ParsedFile] = {}
    for parsed in files:
        for t in parsed.triples:
            for node in (t.subject, t.predicate, t.object):
                if isinstance(node, ox.NamedNode) and node.value not in first:
                    first[node.value] = parsed
    issues = []
    for iri, parsed in first.items():
        problem = _malformed(iri)
        severity, rule = VIOLATION, "malformed-iri"
        if problem is not None and iri.startswith(document_iri(parsed.path).rsplit("/", 1)[0] + "/"):
            # A relative IRI of a file validated outside a project, resolved against the file's own
            # IRI as Turtle specifies: right for this file, but it names this machine's folders.
            problem = ("is a relative IRI resolved against the file's own IRI (outside a project); give the file "
                       "an @base, or validate it in a project, whose base ([tool.lisllm] base) is used instead")
            severity, rule = WARNING, "relative-iri"
        if problem is None and iri.startswith("http://"):
            secure = "https://" + iri[len("http://"):]
            if any(secure.startswith(b) for b in bases):
                problem = f"uses http:// in the project's namespace; write {secure}"
                rule = "non-https-iri"
            elif not any(iri.startswith(v) for v in vocabularies if v.startswith("http://")):
                problem, rule = "uses http://; use https:// where the site serves it", "non-https-iri"
                severity = WARNING
        if problem is None:
            continue
        line, column = SourceText(parsed.path, parsed.prefixes).find_resource(iri) or (None, None)
        issues.append(Issue(STEP, severity, rule, f"<{iri}> {problem}", show(parsed.path),
                            file=parsed.path, line=line, column=column, focus=iri))
    return issues


def _malformed(iri: str) -> str | None:
    scheme = iri.split(":", 1)[0]
    if scheme != scheme.lower():
        return "has an upper-case scheme"
    if scheme not in ("http", "https"):
        return "is a local file IRI, which others cannot resolve" if scheme == "file" else None
    parts = urlsplit(iri)
    if not parts.hostname:
        return "has no host"
    if not re.fullmatch(r"[a-z0-9.\-]+", parts.hostname) or ".." in parts.hostname or parts.hostname.endswith("-"):
        return f"has an invalid host '{parts.hostname}'"
    if parts.netloc != parts.netloc.lower() and "@" not in parts.netloc:
        return "has an upper-case host"
    if "//" in parts.path:
        return "has an empty path segment (//)"
    return None


def _tbox_in_data(instances: list[ParsedFile], locator: Locator, show) -> list[Issue]:
    issues = []
    for parsed in instances:
        parents = {t.object: t.subject for t in parsed.triples if isinstance(t.object, ox.BlankNode)}
        flagged: dict[object, str] = {}
        for t in parsed.triples:
            if t.predicate.value in TBOX_PREDICATES:
                what = _short(t.predicate.value)
            elif t.predicate.value == RDF_TYPE and t.object.value in TBOX_TYPES:
                what = f"a {_short(t.object.value)}"
            else:
                continue
            root, seen = t.subject, set()
            while isinstance(root, ox.BlankNode) and root in parents and root not in seen:
                seen.add(root)
                root = parents[root]
            flagged.setdefault(root, what)
        for node, what in flagged.items():
            path, line, column = parsed.path, None, None
            if isinstance(node, ox.NamedNode):
                line, column = locator.text(parsed.path).find_resource(node.value) or (None, None)
            name = _short(node.value) if isinstance(node, ox.NamedNode) else str(node)
            issues.append(Issue(
                STEP, WARNING, "tbox-in-data",
                f"{name}: ontology axiom ({what}) in a data file; the reasoner reads class and property "
                "axioms only from the ontology, so move it there", show(path),
                file=path, line=line, column=column, focus=node.value if isinstance(node, ox.NamedNode) else str(node)))
    return issues


def _in(iri: str, namespaces: set[str]) -> bool:
    return any(iri.startswith(ns) and len(iri) > len(ns) for ns in namespaces)


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("/"), iri.rfind("#"))
    return iri[: cut + 1]


def _parent(namespace: str) -> str:
    return _namespace(namespace.rstrip("/#"))


def _short(iri: str) -> str:
    return shorten(iri)


def _first_per(issues: list[Issue], key) -> list[Issue]:
    seen, out = set(), []
    for issue in issues:
        if key(issue) not in seen:
            seen.add(key(issue))
            out.append(issue)
    return out
