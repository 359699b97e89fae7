"""The findings and links of a YAML case, each read into the triples of a lisllm:Finding.

A finding states one claim about the case's institution; a link states the institution's (or a
unit's, organisation's, output's, country's) identifier in another dataset. Both carry the same
evidence: a quote in its language, a description, the kind of evidence and the sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
import yaml

from ..namespaces import DCTERMS, ID, LISLLM, ORG, PROV, RDF, RDF_TYPE, SCHEMA, XSD
from .yaml_reader import CaseFile, Reader, iri

# claim -> (predicate, namespace of the object's slug)
CLAIMS = {
    "motivation": (LISLLM + "hasMotivation", ID + "motivation/"),
    "mechanism": (LISLLM + "hasMechanism", ID + "mechanism/"),
    "output-kind": (LISLLM + "hasOutputKind", ID + "output-kind/"),
    "outcome": (LISLLM + "hasOutcome", ID + "outcome/"),
    "produced": (LISLLM + "produced", ID + "output/"),
    "partner": (LISLLM + "partner", ID + "organization/"),
    "rnd-led-by": (LISLLM + "rndLedBy", ID + "organization/"),
    "compute-provider": (LISLLM + "computeProvider", ID + "organization/"),
    "coordinates": (LISLLM + "coordinates", ID + "organization/"),
    "supported-by": (LISLLM + "supportedBy", ID + "organization/"),
    "unit": (ORG + "hasUnit", ID + "organization/"),
    # the facts of the project's own roles (ontology/project-roles.ttl)
    "data-used-by": (LISLLM + "dataUsedBy", ID + "organization/"),
    "applies-llm-to": (LISLLM + "appliesLanguageModelsTo", ID + "library-function/"),
}
FINDING_KEYS = ("id", "claim", "object", "quote", "quote-language", "description", "evidence", "source",
                "year", "status", "stated")
LINK_KEYS = ("id", "subject", "same-as", "quote", "quote-language", "description", "source")
# A finding states what happened, or a plan a source announces (asserted as nothing: see StatedPlan).
STATUSES = ("happened", "planned")
EVIDENCE_KINDS = ("stated", "stated-for-all-cases", "attributed-example", "external", "implied-by-structure")


@dataclass
class CaseContext:
    """The case that findings and links are read into: its IRI, slug, study and institution, what a
    link may be about (slug -> IRI), and the ids used so far (findings and links share them)."""

    file: CaseFile
    case: ox.NamedNode
    slug: str
    study: str
    institution: ox.NamedNode
    subjects: dict[str, ox.NamedNode]
    seen: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Evidence:
    """What supports a claim: the kind of evidence, the source's own words in their language, the
    description (English, and its Chinese gloss if given) and the sources cited."""

    kind: str
    quote: str
    lang: str
    description: dict[str, str]
    refs: list[ox.NamedNode]


def read_finding(ctx: CaseContext, node) -> None:
    r = ctx.file.reader
    spec = r.mapping(node, "finding")
    r.only(spec, "finding", FINDING_KEYS)
    ident = r.slug(r.get(spec, node, "id", "finding"), "finding: id")
    claim_node = r.get(spec, node, "claim", "finding")
    claim = r.choice(claim_node, "finding: claim", CLAIMS)
    object_node = r.get(spec, node, "object", "finding")
    obj = r.slug(object_node, "finding: object")
    quote, lang, description = _words(r, spec, node, "finding")
    evidence = r.choice(r.get(spec, node, "evidence", "finding"), "finding: evidence", EVIDENCE_KINDS)
    dated = _dates(r, spec, node)
    refs = ctx.file.source_refs(spec, node, "finding")
    if not refs and "source" in spec:
        return
    if ident in ctx.seen:
        r.error(node, f"finding: id '{ident}' is used twice in this file")
        return
    if None in (ident, claim, obj, quote, lang, description, evidence, dated):
        return
    ctx.seen.add(ident)
    predicate, namespace = CLAIMS[claim]
    target = ox.NamedNode(namespace + obj)
    ctx.file.references.append((target, claim, object_node.start_mark.line + 1))
    _add_finding(ctx, ident, (LISLLM + "inCase", ctx.case),
                 ox.Triple(ctx.institution, ox.NamedNode(predicate), target),
                 Evidence(evidence, quote, lang, description, refs), dated)


def read_link(ctx: CaseContext, node) -> None:
    """An identifier in another dataset (schema:sameAs), a claim like any other: a finding with its
    quote and source. Its form (Wikidata, ROR, Hugging Face) is checked by shape S45, in one place."""
    r, subjects = ctx.file.reader, ctx.subjects
    spec = r.mapping(node, "link")
    r.only(spec, "link", LINK_KEYS)
    ident = r.slug(r.get(spec, node, "id", "link"), "link: id")
    subject_node = r.get(spec, node, "subject", "link")
    subject_name = r.slug(subject_node, "link: subject")
    if subject_name is not None and subject_name not in subjects:
        others = ", ".join(sorted(k for k in subjects if k not in ("institution", "country")))
        r.error(subject_node, f"link: subject '{subject_name}' is not institution, country or the slug of a unit, "
                              f"organisation or output this file describes ({others or 'none'})")
        subject_name = None
    target_node = r.get(spec, node, "same-as", "link")
    target = r.text(target_node, "link: same-as")
    if target is not None and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", target):
        r.error(target_node, f"link: same-as '{target}' is not an http(s) IRI")
        target = None
    quote, lang, description = _words(r, spec, node, "link")
    refs = ctx.file.source_refs(spec, node, "link")
    if ident in ctx.seen:
        r.error(node, f"link: id '{ident}' is used twice in this file (findings and links share ids)")
        return
    if None in (ident, subject_name, target, quote, lang, description) or not refs:
        return
    ctx.seen.add(ident)
    subject = subjects[subject_name]
    # Like the findings of the Turtle cases: one about the case's institution names its case; one
    # about anything else belongs to the study only.
    context = ((LISLLM + "inCase", ctx.case) if subject == subjects["institution"]
               else (LISLLM + "partOfStudy", iri("study", ctx.study)))
    _add_finding(ctx, ident, context, ox.Triple(subject, ox.NamedNode(SCHEMA + "sameAs"), ox.NamedNode(target)),
                 Evidence("external", quote, lang, description, refs))


def _dates(r: Reader, spec: dict, node) -> tuple | None:
    """The finding's year, and for a plan its type and the date the source states it (None: an error)."""
    out = []
    year_node = r.get(spec, node, "year", "finding", required=False)
    year = r.year(year_node, "finding: year")
    if year_node is not None and year is None:
        return None
    if year:
        out.append((LISLLM + "year", ox.Literal(year, datatype=ox.NamedNode(XSD + "gYear"))))
    status_node = r.get(spec, node, "status", "finding", required=False)
    status = r.choice(status_node, "finding: status", STATUSES) if status_node is not None else "happened"
    stated_node = r.get(spec, node, "stated", "finding", required=False)
    if status is None:
        return None
    if status == "planned":
        if stated_node is None:
            r.error(node, "finding: a plan (status: planned) needs 'stated', the date its source states it")
            return None
        stated = r.when(stated_node, "finding: stated")
        if stated is None:
            return None
        out += [(RDF_TYPE, ox.NamedNode(LISLLM + "StatedPlan")), (LISLLM + "statedOn", stated)]
    elif stated_node is not None:
        r.error(stated_node, "finding: 'stated' dates a plan; this finding has no 'status: planned'")
        return None
    return tuple(out)


def _words(r: Reader, spec: dict, node, what: str) -> tuple[str | None, str | None, dict | None]:
    """The quote, its language tag and the description every claim carries: one English sentence,
    or a mapping of an English sentence and its Chinese gloss."""
    quote = r.text(r.get(spec, node, "quote", what), f"{what}: quote")
    lang = r.language(r.get(spec, node, "quote-language", what), f"{what}: quote-language")
    described = r.get(spec, node, "description", what)
    if isinstance(described, yaml.MappingNode):
        glosses = r.mapping(described, f"{what}: description")
        for key, (knode, _) in glosses.items():
            if key not in ("en", "zh"):
                r.error(knode, f"{what}: description has an unknown language '{key}' (known: en, zh)")
        description = {lang: r.text(r.get(glosses, described, lang, f"{what}: description"),
                                    f"{what}: description {lang}") for lang in ("en", "zh")}
        description = description if None not in description.values() else None
    else:
        english = r.text(described, f"{what}: description")
        description = {"en": english} if english is not None else None
    return quote, lang, description


def _add_finding(ctx: CaseContext, ident: str, context: tuple, statement: ox.Triple, evidence: Evidence,
                 dated: tuple = ()) -> None:
    """The finding `<case slug>-<ident>`, which reifies `statement` in `context` (its case, or its study)."""
    finding = iri("finding", f"{ctx.slug}-{ident}")
    add = ctx.file.add
    for p, o in ((RDF_TYPE, ox.NamedNode(LISLLM + "Finding")), context,
                 (RDF + "subject", statement.subject), (RDF + "predicate", statement.predicate),
                 (RDF + "object", statement.object),
                 (LISLLM + "evidenceKind", iri("evidence-kind", evidence.kind)),
                 (LISLLM + "quote", ox.Literal(evidence.quote, language=evidence.lang)), *dated):
        add(finding, p, o)
    for gloss_lang, gloss in evidence.description.items():
        add(finding, DCTERMS + "description", ox.Literal(gloss, language=gloss_lang))
    for ref in evidence.refs:
        add(finding, PROV + "wasDerivedFrom", ref)
