"""Synthetic instance data that follows the ontology, for tests and benchmarks at scale.

Each synthetic case repeats the shape of a real one: an institution with findings (claims with a
source, a quote, a description and an evidence kind) whose facts make HermiT infer one of the three
roles, partners of every kind, named outputs and bilingual labels. Output is N-Triples written line
by line, so memory stays flat however many triples are asked for; the same seed gives the same file.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import DCAT, DCTERMS, ID, LISLLM, PROV, RDF, RDF_TYPE, RDFS_LABEL, XSD
from ..progress import SILENT, Progress

SCHEMA_URL = "https://schema.org/url"

PROFILES = {
    # role → claims: (property, object kind or concept IRI); "partner:<Class>" draws from a pool.
    "secondary": [
        ("hasMotivation", "motivation/empower-sectors"),
        ("hasMechanism", "mechanism/research-data"),
        ("hasMechanism", "mechanism/annotation-support"),
        ("hasMechanism", "mechanism/compute-via-partner"),
        ("computeProvider", "partner:Company"),
        ("rndLedBy", "partner:Company"),
        ("hasOutputKind", "output-kind/application-product"),
        ("hasOutcome", "outcome/multi-domain-empowerment"),
    ],
    "primary": [
        ("hasMotivation", "motivation/preserve-low-resource-languages"),
        ("hasMechanism", "mechanism/research-data"),
        ("hasMechanism", "mechanism/professional-team"),
        ("hasMechanism", "mechanism/internal-rnd"),
        ("hasMechanism", "mechanism/compute-via-international-programme"),
        ("computeProvider", "partner:InternationalProgramme"),
        ("hasOutputKind", "output-kind/open-language-model"),
        ("hasOutputKind", "output-kind/open-dataset"),
        ("hasOutcome", "outcome/low-resource-language-technology"),
    ],
    "leader": [
        ("hasMotivation", "motivation/break-language-technology-bottleneck"),
        ("hasMechanism", "mechanism/research-data"),
        ("hasMechanism", "mechanism/national-rnd-centre"),
        ("hasMechanism", "mechanism/national-platform"),
        ("hasMechanism", "mechanism/compute-via-national-facility"),
        ("computeProvider", "partner:NationalComputingFacility"),
        ("coordinates", "partner:NationalRnDNetwork"),
        ("hasOutputKind", "output-kind/open-language-model"),
        ("hasOutcome", "outcome/llm-technology-breakthrough"),
    ],
}
PARTNER_PATHS = {
    "Company": "organization",
    "InternationalProgramme": "organization",
    "NationalRnDNetwork": "organization",
    "NationalComputingFacility": "platform",
}
SOURCE_TYPES = ["interview", "lecture", "official-news", "official-website", "academic-paper"]
CASES_PER_COUNTRY = 8
CASES_PER_PARTNER = 10


class _Writer:
    def __init__(self, handle):
        self.handle = handle
        self.count = 0

    def __call__(self, s, p, o) -> None:
        self.handle.write(f"{s} {p} {o} .\n".encode("utf-8"))
        self.count += 1


def _iri(path: str) -> ox.NamedNode:
    return ox.NamedNode(ID + path)


def _term(name: str) -> ox.NamedNode:
    return ox.NamedNode(LISLLM + name)


def _label(text: str, lang: str) -> ox.Literal:
    return ox.Literal(text, language=lang)


TYPE, LABEL, DERIVED = ox.NamedNode(RDF_TYPE), ox.NamedNode(RDFS_LABEL), ox.NamedNode(PROV + "wasDerivedFrom")


def write_synthetic(out: Path, triples: int, seed: int, *, progress: Progress = SILENT) -> int:
    """Write at least `triples` triples (whole cases only) to `out`; return how many were written.

    The file appears under its name only when complete (written beside it, then renamed).
    """
    rng = random.Random(seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with open(tmp, "wb") as handle, progress.bar("writing triples", triples) as bar:
            emit = _Writer(handle)
            index = 0
            while emit.count < triples:
                before = emit.count
                _case(emit, rng, index)
                bar.update(min(emit.count, triples) - before)   # the last case overshoots the total
                index += 1
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return emit.count


def _case(emit: _Writer, rng: random.Random, i: int) -> None:
    role = ("secondary", "primary", "leader")[i % 3]
    country_no = i // CASES_PER_COUNTRY
    country = _iri(f"country/synth-{country_no}")
    source = _iri(f"source/synth-{i}")
    case = _iri(f"case/synth-{i}")
    institution = _iri(f"organization/synth-institution-{i}")

    if i % CASES_PER_COUNTRY == 0:
        emit(country, TYPE, _term("Country"))
        emit(country, LABEL, _label(f"Synthetic country {country_no}", "en"))
        emit(country, LABEL, _label(f"合成国家 {country_no}", "zh"))
        emit(country, DERIVED, source)

    emit(source, TYPE, _term("ExternalSource"))
    emit(source, LABEL, _label(f"Synthetic source {i}", "en"))
    emit(source, LABEL, _label(f"合成来源 {i}", "zh"))
    emit(source, ox.NamedNode(SCHEMA_URL), ox.NamedNode(f"https://example.org/synth/{i}"))
    emit(source, _term("accessed"),
         ox.Literal(f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", datatype=ox.NamedNode(XSD + "date")))

    emit(case, TYPE, _term("Case"))
    emit(case, LABEL, _label(f"Case: synthetic institution {i}", "en"))
    emit(case, LABEL, _label(f"案例：合成机构 {i}", "zh"))
    emit(case, _term("partOfStudy"), _iri("study/lis-llm-multicase-2025"))
    emit(case, _term("institution"), institution)
    emit(case, _term("inCountry"), country)
    period = ox.BlankNode(f"period{i}")
    emit(case, ox.NamedNode(DCTERMS + "temporal"), period)
    emit(period, TYPE, ox.NamedNode(DCTERMS + "PeriodOfTime"))
    start = 2015 + rng.randrange(8)
    emit(period, ox.NamedNode(DCAT + "startDate"), ox.Literal(str(start), datatype=ox.NamedNode(XSD + "gYear")))
    emit(period, ox.NamedNode(DCAT + "endDate"),
         ox.Literal(str(start + 1 + rng.randrange(4)), datatype=ox.NamedNode(XSD + "gYear")))
    for kind in rng.sample(SOURCE_TYPES, 1 + rng.randrange(len(SOURCE_TYPES))):
        emit(case, _term("dataSourceType"), _iri(f"source-type/{kind}"))
    emit(case, DERIVED, source)

    emit(institution, TYPE, _term("NationalLibrary" if i % 2 else "ResearchInformationInstitute"))
    emit(institution, LABEL, _label(f"Synthetic institution {i}", "en"))
    emit(institution, LABEL, _label(f"合成机构 {i}", "zh"))
    emit(institution, _term("inCountry"), country)
    emit(institution, DERIVED, source)

    for number, (prop, target) in enumerate(PROFILES[role]):
        obj = _partner(emit, target, i, source) if target.startswith("partner:") else _iri(target)
        _finding(emit, case, institution, _term(prop), obj, source, f"synth-{i}-{number}", prop)


def _partner(emit: _Writer, target: str, i: int, source: ox.NamedNode) -> ox.NamedNode:
    cls = target.split(":", 1)[1]
    number = i // CASES_PER_PARTNER
    node = _iri(f"{PARTNER_PATHS[cls]}/synth-{cls.lower()}-{number}")
    if _first_user(i, cls):  # describe each pool member once, where it is first used
        emit(node, TYPE, _term(cls))
        emit(node, LABEL, _label(f"Synthetic {cls} {number}", "en"))
        emit(node, LABEL, _label(f"合成合作方 {cls} {number}", "zh"))
        emit(node, DERIVED, source)
    return node


def _first_user(i: int, cls: str) -> bool:
    role = {"Company": 0, "InternationalProgramme": 1, "NationalComputingFacility": 2, "NationalRnDNetwork": 2}[cls]
    start = (i // CASES_PER_PARTNER) * CASES_PER_PARTNER
    first = next(j for j in range(start, start + CASES_PER_PARTNER) if j % 3 == role)
    return i == first


def _finding(emit: _Writer, case, subject, predicate, obj, source, slug: str, prop: str) -> None:
    node = _iri(f"finding/{slug}")
    emit(node, TYPE, _term("Finding"))
    emit(node, _term("inCase"), case)
    emit(node, ox.NamedNode(RDF + "subject"), subject)
    emit(node, ox.NamedNode(RDF + "predicate"), predicate)
    emit(node, ox.NamedNode(RDF + "object"), obj)
    emit(node, _term("evidenceKind"), _iri("evidence-kind/external"))
    emit(node, _term("quote"), _label(f"Synthetic evidence for {prop}.", "en"))
    emit(node, ox.NamedNode(DCTERMS + "description"), _label(f"A synthetic claim ({prop}).", "en"))
    emit(node, DERIVED, source)

