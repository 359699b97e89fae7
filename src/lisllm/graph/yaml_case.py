"""A case written in YAML, read straight into the triples its Turtle form would hold.

The YAML file is the case's only source: the build parses it like a Turtle file, so there is no
generated Turtle to drift from it. Every mistake is reported with the YAML file and the line of the
offending key (PyYAML's composed nodes keep their marks), and the whole file is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import yaml

from ..errors import InputErrors, LisllmError, Location
from ..namespaces import DCAT, DCTERMS, ID, LISLLM, ORG, PROV, RDF, RDF_TYPE, RDFS_LABEL, SCHEMA, XSD
from ..naming import INSTITUTION_TYPES, SLUG
from .rdf_files import ParsedFile

YAML_SUFFIXES = (".yaml", ".yml")

ORGANIZATION_TYPES = {**INSTITUTION_TYPES, "llm-rnd-unit": "LLMRnDUnit", "company": "Company",
                      "international-programme": "InternationalProgramme",
                      "national-computing-facility": "NationalComputingFacility",
                      "government-body": "GovernmentBody", "research-network": "ResearchNetwork",
                      "national-rnd-network": "NationalRnDNetwork",
                      # the generic W3C ORG classes, for what none of the above describes
                      "organization": ORG + "Organization", "organizational-unit": ORG + "OrganizationalUnit"}
OUTPUT_TYPES = {"open-language-model": "OpenLanguageModel", "open-dataset": "OpenDataset",
                "application-product": "ApplicationProduct"}
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
SOURCE_KEYS = ("key", "url", "mirror-of", "title", "language", "label", "date", "accessed")
# A finding states what happened, or a plan a source announces (asserted as nothing: see StatedPlan).
STATUSES = ("happened", "planned")
# The precisions a source may date something with, and their XSD types.
DATE_FORMS = ((re.compile(r"\d{4}-\d{2}-\d{2}"), "date"), (re.compile(r"\d{4}-\d{2}"), "gYearMonth"),
              (re.compile(r"\d{4}"), "gYear"))
EVIDENCE_KINDS = ("stated", "stated-for-all-cases", "attributed-example", "external", "implied-by-structure")
SOURCE_TYPES = ("interview", "lecture", "official-news", "official-website", "academic-paper")


@dataclass
class YamlParsedFile(ParsedFile):
    """A parsed YAML case; `references` are the IRIs its findings point to, with their lines, so that
    the build can say where a slug that names nothing was written."""

    references: list[tuple[ox.NamedNode, str, int]] = field(default_factory=list)


def parse_yaml_case(path: Path) -> YamlParsedFile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LisllmError(f"cannot read: {exc.strerror or exc}", Location(path)) from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise LisllmError(f"YAML syntax: {problem}",
                          Location(path, mark.line + 1 if mark else None, mark.column + 1 if mark else None)) from exc
    reader = _Reader(path)
    triples: list[ox.Triple] = []
    references: list[tuple[ox.NamedNode, str, int]] = []
    try:
        _case(reader, reader.mapping(root, "the file"), triples, references)
    except _Stop:
        pass
    if reader.errors:
        raise InputErrors(reader.errors)
    return YamlParsedFile(path, triples, {}, references)


def check_references(files: list[ParsedFile], triples: list[ox.Triple]) -> None:
    """Refuse a YAML finding whose object slug names no resource of the graph (a typo, usually)."""
    typed = {t.subject for t in triples if t.predicate.value == RDF_TYPE}
    errors = [LisllmError(f"{claim} '{iri.value.rsplit('/', 1)[-1]}' is not described anywhere in the data "
                          f"(no {iri.value.rsplit('/', 2)[-2]}: resource with that slug)", Location(f.path, line))
              for f in files for iri, claim, line in getattr(f, "references", ()) if iri not in typed]
    if errors:
        raise InputErrors(errors)


class _Stop(Exception):
    """The file's shape is too wrong to go on (the errors so far are reported)."""


class _Reader:
    def __init__(self, path: Path):
        self.path, self.errors = path, []

    def error(self, node, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.errors.append(LisllmError(message, Location(self.path, line)))

    def mapping(self, node, what: str) -> dict:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            raise _Stop
        return {k.value: (k, v) for k, v in node.value}

    def only(self, found: dict, what: str | None, known) -> None:
        """Report the keys of a mapping that are none of `known` (a misspelt key would be lost)."""
        prefix = f"{what}: " if what else ""
        for key, (knode, _) in found.items():
            if key not in known:
                self.error(knode, f"{prefix}unknown key '{key}' (known: {', '.join(sorted(known))})")

    def address(self, spec: dict, owner, key: str, what: str, *, required: bool = True) -> str | None:
        """An http(s) address under `key`, or None (reported when it is no such address)."""
        value = self.text(self.get(spec, owner, key, what, required=required), f"{what}: {key}")
        if value is not None and not re.match(r"^https?://\S+$", value):
            self.error(spec[key][1], f"{what}: {key} '{value}' is not an http(s) address")
            return None
        return value

    def get(self, parent: dict, owner, key: str, what: str, *, required: bool = True):
        if key not in parent:
            if required:
                self.error(owner, f"{what}: missing '{key}'")
            return None
        return parent[key][1]

    def text(self, node, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.error(node, f"{what} must be a non-empty text")
            return None
        value = str(node.value).strip()
        if value.startswith("TODO"):
            self.error(node, f"{what} is still a TODO placeholder")
        return value

    def slug(self, node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not SLUG.match(value):
            self.error(node, f"{what} '{value}' is not a slug (lowercase letters and digits joined by hyphens)")
            return None
        return value

    def choice(self, node, what: str, choices) -> str | None:
        value = self.text(node, what)
        if value is not None and value not in choices:
            self.error(node, f"{what} '{value}' is not one of: {', '.join(choices)}")
            return None
        return value

    def items(self, node, what: str) -> list:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list")
            return []
        return node.value

    def labels(self, parent: dict, owner, what: str) -> dict[str, str]:
        node = self.get(parent, owner, "label", what)
        if node is None:
            return {}
        found = self.mapping(node, f"{what}: label")
        out = {}
        for lang in ("en", "zh"):
            value = self.text(self.get(found, node, lang, f"{what}: label"), f"{what}: label {lang}")
            if value:
                out[lang] = value
        return out

    def day(self, node, what: str) -> str | None:
        if node is None:
            return None
        value = str(node.value).strip()
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            self.error(node, f"{what} '{value}' is not a date (YYYY-MM-DD)")
            return None

    def when(self, node, what: str) -> ox.Literal | None:
        """A date as precise as its source: YYYY-MM-DD, YYYY-MM or YYYY, typed accordingly."""
        if node is None:
            return None
        value = str(node.value).strip()
        for form, datatype in DATE_FORMS:
            if form.fullmatch(value):
                if datatype == "date" and self.day(node, what) is None:
                    return None
                if datatype == "gYearMonth" and not 1 <= int(value[5:]) <= 12:
                    break
                return ox.Literal(value, datatype=_node(XSD + datatype))
        self.error(node, f"{what} '{value}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        return None

    def year(self, node, what: str) -> str | None:
        if node is None:
            return None
        value = str(node.value).strip()
        if not re.fullmatch(r"\d{4}", value):
            self.error(node, f"{what} '{value}' is not a year (YYYY)")
            return None
        return value


def _iri(kind: str, slug: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID}{kind}/{slug}")


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _case(r: _Reader, top: dict, out: list, references: list) -> None:
    known = {"case", "study", "period", "source-types", "institution", "country", "units", "organizations",
             "outputs", "sources", "findings", "links"}
    r.only(top, None, known)
    root = None
    case_slug = r.slug(r.get(top, root, "case", "the case"), "case")
    study = r.slug(r.get(top, root, "study", "the case"), "study")
    sources = _sources(r, r.get(top, root, "sources", "the case"), out)

    def source_refs(parent: dict, owner, what: str) -> list[ox.NamedNode]:
        node = r.get(parent, owner, "source", what)
        if node is None:
            return []
        names = [node] if isinstance(node, yaml.ScalarNode) else r.items(node, f"{what}: source")
        refs = []
        for name in names:
            key = r.text(name, f"{what}: source")
            if key is not None and key not in sources:
                r.error(name, f"{what}: source '{key}' is not one of the file's sources "
                              f"({', '.join(sources) or 'none'})")
            elif key is not None:
                refs.append(sources[key])
        return refs

    described: dict[str, ox.NamedNode] = {}     # slug -> IRI of the units, organisations, outputs: link subjects

    def describe(node, kinds: dict, namespace: str, what: str, default: str | None = None,
                 linkable: bool = False) -> ox.NamedNode | None:
        spec = r.mapping(node, what)
        slug = r.slug(r.get(spec, node, "slug", what), f"{what}: slug")
        type_node = r.get(spec, node, "type", what, required=default is None)
        kind = default if type_node is None else r.choice(type_node, f"{what}: type", kinds)
        labels = r.labels(spec, node, what)
        refs = source_refs(spec, node, what)
        if slug is None:
            return None
        subject = _iri(namespace, slug)
        if linkable:
            described[slug] = subject
        if kind:
            cls = kinds[kind]
            out.append(ox.Triple(subject, _node(RDF_TYPE), _node(cls if ":" in cls else LISLLM + cls)))
        for lang, value in labels.items():
            out.append(ox.Triple(subject, _node(RDFS_LABEL), ox.Literal(value, language=lang)))
        for ref in refs:
            out.append(ox.Triple(subject, _node(PROV + "wasDerivedFrom"), ref))
        description = r.text(r.get(spec, node, "description", what, required=False), f"{what}: description")
        if description:
            out.append(ox.Triple(subject, _node(DCTERMS + "description"), ox.Literal(description, language="en")))
        return subject

    inst_node = r.get(top, root, "institution", "the case")
    institution = describe(inst_node, INSTITUTION_TYPES, "organization", "institution") if inst_node else None
    country_node = r.get(top, root, "country", "the case")
    country = None
    if country_node is not None:
        if isinstance(country_node, yaml.ScalarNode):      # a country the data already describe
            slug = r.slug(country_node, "country")
            country = _iri("country", slug) if slug else None
        else:
            country = describe(country_node, {"country": "Country"}, "country", "country", default="country")
    for node in r.items(r.get(top, root, "units", "the case", required=False), "units"):
        describe(node, ORGANIZATION_TYPES, "organization", "unit", default="llm-rnd-unit", linkable=True)
    for node in r.items(r.get(top, root, "organizations", "the case", required=False), "organizations"):
        describe(node, ORGANIZATION_TYPES, "organization", "organization", linkable=True)
    for node in r.items(r.get(top, root, "outputs", "the case", required=False), "outputs"):
        output = describe(node, OUTPUT_TYPES, "output", "output", linkable=True)
        spec = r.mapping(node, "output")
        kind = r.choice(r.get(spec, node, "type", "output"), "output: type", OUTPUT_TYPES)
        if output is not None and kind:
            out.append(ox.Triple(output, _node(LISLLM + "kindOfOutput"), _iri("output-kind", kind)))
        page = r.text(r.get(spec, node, "landing-page", "output", required=False), "output: landing-page")
        if output is not None and page:
            out.append(ox.Triple(output, _node(DCAT + "landingPage"), _node(page)))
    if None in (case_slug, study, institution, country):
        raise _Stop
    case = _iri("case", case_slug)
    add = out.append
    add(ox.Triple(case, _node(RDF_TYPE), _node(LISLLM + "Case")))
    add(ox.Triple(case, _node(LISLLM + "partOfStudy"), _iri("study", study)))
    add(ox.Triple(case, _node(LISLLM + "institution"), institution))
    add(ox.Triple(case, _node(LISLLM + "inCountry"), country))
    add(ox.Triple(institution, _node(LISLLM + "inCountry"), country))
    inst_labels = r.labels(r.mapping(inst_node, "institution"), inst_node, "institution")
    if inst_labels:
        add(ox.Triple(case, _node(RDFS_LABEL), ox.Literal(f"Case: {inst_labels.get('en', '')}", language="en")))
        add(ox.Triple(case, _node(RDFS_LABEL), ox.Literal(f"案例：{inst_labels.get('zh', '')}", language="zh")))
    for source in sources.values():
        add(ox.Triple(case, _node(PROV + "wasDerivedFrom"), source))
    period_node = r.get(top, root, "period", "the case")
    if period_node is not None:
        period = r.mapping(period_node, "period")
        start = r.year(r.get(period, period_node, "start", "period"), "period: start")
        end = r.year(r.get(period, period_node, "end", "period"), "period: end")
        if start and end:
            span = ox.BlankNode()
            add(ox.Triple(case, _node(DCTERMS + "temporal"), span))
            add(ox.Triple(span, _node(RDF_TYPE), _node(DCTERMS + "PeriodOfTime")))
            add(ox.Triple(span, _node(DCAT + "startDate"), ox.Literal(start, datatype=_node(XSD + "gYear"))))
            add(ox.Triple(span, _node(DCAT + "endDate"), ox.Literal(end, datatype=_node(XSD + "gYear"))))
    for node in r.items(r.get(top, root, "source-types", "the case"), "source-types"):
        kind = r.choice(node, "source type", SOURCE_TYPES)
        if kind:
            add(ox.Triple(case, _node(LISLLM + "dataSourceType"), _iri("source-type", kind)))
    findings = r.items(r.get(top, root, "findings", "the case"), "findings")
    if not findings:
        r.error(period_node, "the case has no findings: every fact is a finding with its quote and source")
    seen: set[str] = set()
    for node in findings:
        _finding(r, node, case, case_slug, institution, source_refs, seen, out, references)
    subjects = {**described, "institution": institution, "country": country}
    for node in r.items(r.get(top, root, "links", "the case", required=False), "links"):
        _link(r, node, case, case_slug, study, subjects, source_refs, seen, out)


def _sources(r: _Reader, node, out: list) -> dict[str, ox.NamedNode]:
    sources: dict[str, ox.NamedNode] = {}
    for item in r.items(node, "sources"):
        spec = r.mapping(item, "source")
        r.only(spec, "source", SOURCE_KEYS)
        key = r.slug(r.get(spec, item, "key", "source"), "source: key")
        url = r.address(spec, item, "url", "source")
        title = r.text(r.get(spec, item, "title", "source"), "source: title")
        accessed = r.day(r.get(spec, item, "accessed", "source"), "source: accessed")
        issued = r.when(r.get(spec, item, "date", "source", required=False), "source: date")
        language = _language(r, r.get(spec, item, "language", "source", required=False), "source: language")
        mirror = r.address(spec, item, "mirror-of", "source", required=False)
        labels = r.labels(spec, item, "source")
        if key is None:
            continue
        subject = _iri("source", key)
        sources[key] = subject
        out.append(ox.Triple(subject, _node(RDF_TYPE), _node(LISLLM + "ExternalSource")))
        for lang, value in labels.items():
            out.append(ox.Triple(subject, _node(RDFS_LABEL), ox.Literal(value, language=lang)))
        if url:
            out.append(ox.Triple(subject, _node(SCHEMA + "url"), _node(url)))
        if title:
            out.append(ox.Triple(subject, _node(DCTERMS + "title"), ox.Literal(title)))
        if accessed:
            out.append(ox.Triple(subject, _node(LISLLM + "accessed"),
                                 ox.Literal(accessed, datatype=_node(XSD + "date"))))
        if issued:
            out.append(ox.Triple(subject, _node(DCTERMS + "issued"), issued))
        if language:
            out.append(ox.Triple(subject, _node(DCTERMS + "language"),
                                 ox.Literal(language, datatype=_node(XSD + "language"))))
        if mirror:
            out.append(ox.Triple(subject, _node(LISLLM + "mirrorOf"), _node(mirror)))
    return sources


def _finding(r: _Reader, node, case, case_slug, institution, source_refs, seen, out, references) -> None:
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
    refs = source_refs(spec, node, "finding")
    if not refs and "source" in spec:
        return
    if ident in seen:
        r.error(node, f"finding: id '{ident}' is used twice in this file")
        return
    if None in (ident, claim, obj, quote, lang, description, evidence, dated):
        return
    seen.add(ident)
    predicate, namespace = CLAIMS[claim]
    finding = _iri("finding", f"{case_slug}-{ident}")
    target = _node(namespace + obj)
    references.append((target, claim, object_node.start_mark.line + 1))
    _add_finding(out, finding, (LISLLM + "inCase", case), institution, _node(predicate), target, evidence,
                 quote, lang, description, refs, dated=dated)


def _dates(r: _Reader, spec: dict, node) -> tuple | None:
    """The finding's year, and for a plan its type and the date the source states it (None: an error)."""
    out = []
    year_node = r.get(spec, node, "year", "finding", required=False)
    year = r.year(year_node, "finding: year")
    if year_node is not None and year is None:
        return None
    if year:
        out.append((LISLLM + "year", ox.Literal(year, datatype=_node(XSD + "gYear"))))
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
        out += [(RDF_TYPE, _node(LISLLM + "StatedPlan")), (LISLLM + "statedOn", stated)]
    elif stated_node is not None:
        r.error(stated_node, "finding: 'stated' dates a plan; this finding has no 'status: planned'")
        return None
    return tuple(out)


def _link(r: _Reader, node, case, case_slug, study, subjects, source_refs, seen, out) -> None:
    """An identifier in another dataset (schema:sameAs), a claim like any other: a finding with its
    quote and source. Its form (Wikidata, ROR, Hugging Face) is checked by shape S45, in one place."""
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
    refs = source_refs(spec, node, "link")
    if ident in seen:
        r.error(node, f"link: id '{ident}' is used twice in this file (findings and links share ids)")
        return
    if None in (ident, subject_name, target, quote, lang, description) or not refs:
        return
    seen.add(ident)
    subject = subjects[subject_name]
    finding = _iri("finding", f"{case_slug}-{ident}")
    # Like the findings of the Turtle cases: one about the case's institution names its case; one
    # about anything else belongs to the study only.
    context = ((LISLLM + "inCase", case) if subject == subjects["institution"]
               else (LISLLM + "partOfStudy", _iri("study", study)))
    _add_finding(out, finding, context, subject, _node(SCHEMA + "sameAs"), _node(target), "external",
                 quote, lang, description, refs)


def _words(r: _Reader, spec: dict, node, what: str) -> tuple[str | None, str | None, dict | None]:
    """The quote, its language tag and the description every claim carries: one English sentence,
    or a mapping of an English sentence and its Chinese gloss."""
    quote = r.text(r.get(spec, node, "quote", what), f"{what}: quote")
    lang = _language(r, r.get(spec, node, "quote-language", what), f"{what}: quote-language")
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


def _language(r: _Reader, node, what: str) -> str | None:
    lang = r.text(node, what)
    if lang is not None and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", lang):
        r.error(node, f"{what} '{lang}' is not a language tag (en, zh, ja, nl, fr, …)")
        return None
    return lang


def _add_finding(out: list, finding, context: tuple, subject, predicate, target, evidence: str,
                 quote: str, lang: str, description: dict, refs: list, *, dated: tuple = ()) -> None:
    for p, o in ((RDF_TYPE, _node(LISLLM + "Finding")), context,
                 (RDF + "subject", subject), (RDF + "predicate", predicate), (RDF + "object", target),
                 (LISLLM + "evidenceKind", _iri("evidence-kind", evidence)),
                 (LISLLM + "quote", ox.Literal(quote, language=lang)), *dated):
        out.append(ox.Triple(finding, _node(p), o))
    for gloss_lang, gloss in description.items():
        out.append(ox.Triple(finding, _node(DCTERMS + "description"), ox.Literal(gloss, language=gloss_lang)))
    for ref in refs:
        out.append(ox.Triple(finding, _node(PROV + "wasDerivedFrom"), ref))
