"""A case written in YAML, read straight into the triples its Turtle form would hold.

The YAML file is the case's only source: the build parses it like a Turtle file, so there is no
generated Turtle to drift from it. Every mistake is reported with the YAML file and the line of the
offending key (the nodes are read by `yaml_reader`), and the whole file is refused. This module
reads the case itself, its sources and what it describes; its findings and links are
`yaml_findings`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

from ..errors import InputErrors, LisllmError, Location
from ..namespaces import DCAT, DCTERMS, LISLLM, ORG, PROV, RDF_TYPE, RDFS_LABEL, SCHEMA, XSD
from .institution_kinds import institution_types_near
from .rdf_parse import ParsedFile
from .yaml_findings import CaseContext, read_finding, read_link
from .yaml_reader import CaseFile, Reader, Stop, iri

CASE_KEYS = ("case", "study", "period", "source-types", "institution", "country", "units", "organizations",
             "outputs", "sources", "findings", "links")
# The organisations a case may describe besides the kinds of institution (graph.institution_kinds).
OTHER_ORGANIZATION_TYPES = {"llm-rnd-unit": "LLMRnDUnit", "company": "Company",
                            "international-programme": "InternationalProgramme",
                            "national-computing-facility": "NationalComputingFacility",
                            "government-body": "GovernmentBody", "research-network": "ResearchNetwork",
                            "national-rnd-network": "NationalRnDNetwork",
                            # the generic W3C ORG classes, for what none of the above describes
                            "organization": ORG + "Organization", "organizational-unit": ORG + "OrganizationalUnit"}
OUTPUT_TYPES = {"open-language-model": "OpenLanguageModel", "open-dataset": "OpenDataset",
                "application-product": "ApplicationProduct"}
SOURCE_KEYS = ("key", "url", "mirror-of", "title", "language", "label", "date", "accessed")
SOURCE_TYPES = ("interview", "lecture", "official-news", "official-website", "academic-paper")


def organization_types(institution_types: dict[str, str]) -> dict[str, str]:
    """Every type an organisation or unit may have: the kinds of institution, then the others."""
    return {**institution_types, **OTHER_ORGANIZATION_TYPES}


@dataclass
class YamlParsedFile(ParsedFile):
    """A parsed YAML case; `references` are the IRIs its findings point to, with their lines, so that
    the build can say where a slug that names nothing was written."""

    references: list[tuple[ox.NamedNode, str, int]] = field(default_factory=list)


# libyaml's composer (PyYAML's C extension, where PyYAML was built with it): the repository's 19
# cases in 0.03 s instead of 0.48 s, with the same nodes and positions.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str):
    try:
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        # Composed again by PyYAML's own composer, whose messages the reports have always shown.
        return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_yaml_case(path: Path, institution_types: dict[str, str] | None = None) -> YamlParsedFile:
    """Read a YAML case. The kinds of institution its types name are, unless given, those of the
    ontology of the project that holds the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LisllmError(f"cannot read: {exc.strerror or exc}", Location(path)) from exc
    try:
        root = _compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise LisllmError(f"YAML syntax: {problem}",
                          Location(path, mark.line + 1 if mark else None, mark.column + 1 if mark else None)) from exc
    kinds = institution_types if institution_types is not None else institution_types_near(path)
    reader = Reader(path)
    case_file = CaseFile(reader)
    try:
        _case(case_file, reader.mapping(root, "the file"), kinds)
    except Stop:
        pass
    if reader.errors:
        raise InputErrors(reader.errors)
    return YamlParsedFile(path, case_file.out, {}, case_file.references)


def check_references(files: list[ParsedFile], triples: list[ox.Triple]) -> None:
    """Refuse a YAML finding whose object slug names no resource of the graph (a typo, usually)."""
    typed = {t.subject for t in triples if t.predicate.value == RDF_TYPE}
    errors = [LisllmError(f"{claim} '{target.value.rsplit('/', 1)[-1]}' is not described anywhere in the data "
                          f"(no {target.value.rsplit('/', 2)[-2]}: resource with that slug)", Location(f.path, line))
              for f in files for target, claim, line in getattr(f, "references", ()) if target not in typed]
    if errors:
        raise InputErrors(errors)


def _case(f: CaseFile, top: dict, institution_types: dict[str, str]) -> None:
    r = f.reader
    r.only(top, None, CASE_KEYS)
    case_slug = r.slug(r.get(top, None, "case", "the case"), "case")
    study = r.slug(r.get(top, None, "study", "the case"), "study")
    _sources(f, r.get(top, None, "sources", "the case"))
    inst_node = r.get(top, None, "institution", "the case")
    institution = _describe(f, inst_node, institution_types, "organization", "institution") if inst_node else None
    country = _country(f, r.get(top, None, "country", "the case"))
    _organizations(f, top, organization_types(institution_types))
    _outputs(f, top)
    if None in (case_slug, study, institution, country):
        raise Stop
    case = iri("case", case_slug)
    f.add(case, RDF_TYPE, ox.NamedNode(LISLLM + "Case"))
    f.add(case, LISLLM + "partOfStudy", iri("study", study))
    f.add(case, LISLLM + "institution", institution)
    f.add(case, LISLLM + "inCountry", country)
    f.add(institution, LISLLM + "inCountry", country)
    inst_labels = r.labels(r.mapping(inst_node, "institution"), inst_node, "institution")
    if inst_labels:
        f.add(case, RDFS_LABEL, ox.Literal(f"Case: {inst_labels.get('en', '')}", language="en"))
        f.add(case, RDFS_LABEL, ox.Literal(f"案例：{inst_labels.get('zh', '')}", language="zh"))
    for source in f.sources.values():
        f.add(case, PROV + "wasDerivedFrom", source)
    period_node = r.get(top, None, "period", "the case")
    _period(f, case, period_node)
    for node in r.items(r.get(top, None, "source-types", "the case"), "source-types"):
        kind = r.choice(node, "source type", SOURCE_TYPES)
        if kind:
            f.add(case, LISLLM + "dataSourceType", iri("source-type", kind))
    findings = r.items(r.get(top, None, "findings", "the case"), "findings")
    if not findings:
        r.error(period_node, "the case has no findings: every fact is a finding with its quote and source")
    ctx = CaseContext(f, case, case_slug, study, institution,
                      subjects={**f.described, "institution": institution, "country": country})
    for node in findings:
        read_finding(ctx, node)
    for node in r.items(r.get(top, None, "links", "the case", required=False), "links"):
        read_link(ctx, node)


def _describe(f: CaseFile, node, kinds: dict, namespace: str, what: str, default: str | None = None,
              linkable: bool = False) -> ox.NamedNode | None:
    """A resource the case describes (its institution, country, units, organisations, outputs):
    slug, type, labels, sources and description."""
    r = f.reader
    spec = r.mapping(node, what)
    slug = r.slug(r.get(spec, node, "slug", what), f"{what}: slug")
    type_node = r.get(spec, node, "type", what, required=default is None)
    kind = default if type_node is None else r.choice(type_node, f"{what}: type", kinds)
    labels = r.labels(spec, node, what)
    refs = f.source_refs(spec, node, what)
    if slug is None:
        return None
    subject = iri(namespace, slug)
    if linkable:
        f.described[slug] = subject
    if kind:
        cls = kinds[kind]
        f.add(subject, RDF_TYPE, ox.NamedNode(cls if ":" in cls else LISLLM + cls))
    for lang, value in labels.items():
        f.add(subject, RDFS_LABEL, ox.Literal(value, language=lang))
    for ref in refs:
        f.add(subject, PROV + "wasDerivedFrom", ref)
    description = r.text(r.get(spec, node, "description", what, required=False), f"{what}: description")
    if description:
        f.add(subject, DCTERMS + "description", ox.Literal(description, language="en"))
    return subject


def _country(f: CaseFile, node) -> ox.NamedNode | None:
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):      # a country the data already describe
        slug = f.reader.slug(node, "country")
        return iri("country", slug) if slug else None
    return _describe(f, node, {"country": "Country"}, "country", "country", default="country")


def _organizations(f: CaseFile, top: dict, kinds: dict[str, str]) -> None:
    r = f.reader
    for node in r.items(r.get(top, None, "units", "the case", required=False), "units"):
        _describe(f, node, kinds, "organization", "unit", default="llm-rnd-unit", linkable=True)
    for node in r.items(r.get(top, None, "organizations", "the case", required=False), "organizations"):
        _describe(f, node, kinds, "organization", "organization", linkable=True)


def _outputs(f: CaseFile, top: dict) -> None:
    r = f.reader
    for node in r.items(r.get(top, None, "outputs", "the case", required=False), "outputs"):
        output = _describe(f, node, OUTPUT_TYPES, "output", "output", linkable=True)
        spec = r.mapping(node, "output")
        kind = r.choice(r.get(spec, node, "type", "output"), "output: type", OUTPUT_TYPES)
        if output is not None and kind:
            f.add(output, LISLLM + "kindOfOutput", iri("output-kind", kind))
        page = r.text(r.get(spec, node, "landing-page", "output", required=False), "output: landing-page")
        if output is not None and page:
            f.add(output, DCAT + "landingPage", ox.NamedNode(page))


def _period(f: CaseFile, case: ox.NamedNode, node) -> None:
    """The years of the evidence, as a dcterms:PeriodOfTime."""
    if node is None:
        return
    r = f.reader
    period = r.mapping(node, "period")
    start = r.year(r.get(period, node, "start", "period"), "period: start")
    end = r.year(r.get(period, node, "end", "period"), "period: end")
    if start and end:
        span = ox.BlankNode()
        f.add(case, DCTERMS + "temporal", span)
        f.add(span, RDF_TYPE, ox.NamedNode(DCTERMS + "PeriodOfTime"))
        f.add(span, DCAT + "startDate", ox.Literal(start, datatype=ox.NamedNode(XSD + "gYear")))
        f.add(span, DCAT + "endDate", ox.Literal(end, datatype=ox.NamedNode(XSD + "gYear")))


def _sources(f: CaseFile, node) -> None:
    r = f.reader
    for item in r.items(node, "sources"):
        spec = r.mapping(item, "source")
        r.only(spec, "source", SOURCE_KEYS)
        key = r.slug(r.get(spec, item, "key", "source"), "source: key")
        url = r.address(spec, item, "url", "source")
        title = r.text(r.get(spec, item, "title", "source"), "source: title")
        accessed = r.day(r.get(spec, item, "accessed", "source"), "source: accessed")
        issued = r.when(r.get(spec, item, "date", "source", required=False), "source: date")
        language = r.language(r.get(spec, item, "language", "source", required=False), "source: language")
        mirror = r.address(spec, item, "mirror-of", "source", required=False)
        labels = r.labels(spec, item, "source")
        if key is None:
            continue
        subject = iri("source", key)
        f.sources[key] = subject
        f.add(subject, RDF_TYPE, ox.NamedNode(LISLLM + "ExternalSource"))
        for lang, value in labels.items():
            f.add(subject, RDFS_LABEL, ox.Literal(value, language=lang))
        if url:
            f.add(subject, SCHEMA + "url", ox.NamedNode(url))
        if title:
            f.add(subject, DCTERMS + "title", ox.Literal(title))
        if accessed:
            f.add(subject, LISLLM + "accessed", ox.Literal(accessed, datatype=ox.NamedNode(XSD + "date")))
        if issued:
            f.add(subject, DCTERMS + "issued", issued)
        if language:
            f.add(subject, DCTERMS + "language", ox.Literal(language, datatype=ox.NamedNode(XSD + "language")))
        if mirror:
            f.add(subject, LISLLM + "mirrorOf", ox.NamedNode(mirror))
