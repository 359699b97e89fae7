"""`lisllm new-case`: write a commented Turtle template for a new case, to be filled in as data.

The template is valid Turtle from the start, so the rest of the graph keeps building, but every
value the author must supply is a `TODO` placeholder and the example findings are commented out.
The shapes in shapes/new-case.ttl report each placeholder left (NC01) and a case without findings
(NC02), so a fresh template never passes validation silently. The lists of concepts to choose from
are read from the project's own concept schemes, so the template follows the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..atomic import atomic_create_text
from ..errors import LisllmError, Location
from ..namespaces import ID, LISLLM, PREFIXES, RDF_TYPE, shorten
from ..naming import INSTITUTION_TYPES, SLUG

TODO = "TODO"

# The prefixes a case file uses, in this order.
CASE_PREFIXES = ("lisllm", "rdf", "rdfs", "xsd", "dcterms", "dcat", "prov", "skos", "schema", "case",
                 "country", "organization", "platform", "output", "finding", "study", "motivation",
                 "mechanism", "outputkind", "outcome", "sourcetype", "evidence", "source")


@dataclass(frozen=True)
class CaseRequest:
    """What the author said on the command line; labels left out become TODO placeholders."""

    slug: str
    country: str
    institution: str | None = None
    institution_type: str = "lis-institution"
    institution_label_en: str | None = None
    institution_label_zh: str | None = None
    country_label_en: str | None = None
    country_label_zh: str | None = None
    study: str | None = None

    @property
    def institution_slug(self) -> str:
        if self.institution:
            return self.institution
        prefix = self.country + "-"
        return self.slug[len(prefix):] if self.slug.startswith(prefix) and self.slug != prefix else self.slug


@dataclass
class Known:
    """What the project's data already hold: typed resources (with the file), labels, concepts."""

    files: dict[str, Path] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # scheme → (iri, label, broader)
    concepts: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)

    def choices(self, scheme: str, under: str | None = None) -> list[str]:
        """`prefix:name — label` lines for the concepts of a scheme (optionally narrower than `under`)."""
        rows = self.concepts.get(ID + "scheme/" + scheme, [])
        picked = [(iri, label) for iri, label, broader in rows if under is None or broader == under]
        return [f"{shorten(iri)} — {label}" for iri, label in picked]


@dataclass(frozen=True)
class NewCase:
    path: Path
    new_country: bool
    institution_exists: bool
    own_study: bool


def slug_problem(value: str) -> str | None:
    """Why `value` is not a slug, or None if it is one."""
    if SLUG.match(value or ""):
        return None
    return (f"'{value}' is not a slug: use lowercase letters and digits separated by single hyphens "
            "(for example 'finland-nlf')")


def check_slug(value: str, what: str) -> str:
    problem = slug_problem(value)
    if problem:
        raise LisllmError(f"{what} {problem}")
    return value


def read_known(project) -> Known:
    """Index the instance files: which resources exist where, their labels, and the concept schemes."""
    from ..graph.rdf_files import parse_files

    known = Known()
    store = ox.Store()
    for parsed in parse_files(project.instance_files(), project.base):
        for t in parsed.triples:
            if t.predicate.value == RDF_TYPE and isinstance(t.subject, ox.NamedNode):
                known.files.setdefault(t.subject.value, parsed.path)
                known.types.setdefault(t.subject.value, set()).add(t.object.value)
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in parsed.triples)
    for row in store.query("SELECT ?r ?l WHERE { ?r rdfs:label|skos:prefLabel ?l }", prefixes=PREFIXES):
        if isinstance(row["r"], ox.NamedNode):
            known.labels.setdefault(row["r"].value, {}).setdefault(row["l"].language or "", row["l"].value)
    query = """SELECT ?scheme ?c ?label ?broader WHERE {
        ?c skos:inScheme ?scheme ; skos:prefLabel ?label FILTER(lang(?label) = "en")
        OPTIONAL { ?c skos:broader ?broader } } ORDER BY ?scheme STR(?c)"""
    for row in store.query(query, prefixes=PREFIXES):
        broader = row["broader"].value if row["broader"] is not None else None
        known.concepts.setdefault(row["scheme"].value, []).append((row["c"].value, row["label"].value, broader))
    return known


def create_case(project, request: CaseRequest, today: dt.date | None = None) -> NewCase:
    """Write instances/cases/<slug>.ttl; refuse to overwrite a file or to redefine an existing case."""
    check_slug(request.slug, "case slug")
    check_slug(request.country, "country slug")
    check_slug(request.institution_slug, "institution slug")
    if request.study is not None:
        check_slug(request.study, "study slug")
    if request.institution_type not in INSTITUTION_TYPES:
        raise LisllmError(f"unknown institution type '{request.institution_type}' "
                          f"(known: {', '.join(INSTITUTION_TYPES)})")
    if not project.instances.is_dir():
        raise LisllmError("the instances folder is not a folder: new cases go to <instances>/cases/",
                          Location(project.instances))
    path = project.instances / "cases" / f"{request.slug}.ttl"
    if path.exists():
        raise LisllmError("already exists; refusing to overwrite it (edit it, or choose another --slug)",
                          Location(path))
    known = read_known(project)
    case_iri = ID + "case/" + request.slug
    if case_iri in known.files:
        raise LisllmError(f"case:{request.slug} is already described here; choose another --slug",
                          Location(known.files[case_iri]))
    if request.study is not None and LISLLM + "Study" not in known.types.get(ID + "study/" + request.study, set()):
        raise LisllmError(f"--study {request.study}: no lisllm:Study study:{request.study} in the instance files")
    country_iri = ID + "country/" + request.country
    if country_iri in known.files and LISLLM + "Country" not in known.types[country_iri]:
        raise LisllmError(f"country:{request.country} exists but is not a lisllm:Country",
                          Location(known.files[country_iri]))
    text = render(request, known, today or dt.date.today())
    try:
        list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))   # the parser is lazy
    except SyntaxError as exc:  # a label that breaks the Turtle would be our bug, never the user's file
        raise LisllmError(f"internal error: the generated template does not parse: {exc}") from exc
    try:
        atomic_create_text(path, text)
    except FileExistsError as exc:
        raise LisllmError("already exists; refusing to overwrite it", Location(path)) from exc
    return NewCase(path, country_iri not in known.files, ID + "organization/" + request.institution_slug in known.files,
                   request.study is None)


# --- rendering ---------------------------------------------------------------------------------


def turtle_string(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def _commented(block: str) -> str:
    return "\n".join(("# " + line) if line else "#" for line in block.strip("\n").splitlines()) + "\n"


def _choices(lines: list[str], indent: str = "#   ") -> str:
    return "".join(f"{indent}{line}\n" for line in lines) if lines else f"{indent}(none found in the data)\n"


def render(request: CaseRequest, known: Known, today: dt.date) -> str:
    slug, inst = request.slug, request.institution_slug
    country_iri = ID + "country/" + request.country
    inst_iri = ID + "organization/" + inst
    new_country = country_iri not in known.files
    inst_exists = inst_iri in known.files
    country_en = request.country_label_en or known.labels.get(country_iri, {}).get("en")
    country_zh = request.country_label_zh or known.labels.get(country_iri, {}).get("zh")
    inst_en = request.institution_label_en or known.labels.get(inst_iri, {}).get("en")
    inst_zh = request.institution_label_zh or known.labels.get(inst_iri, {}).get("zh")
    study = f"study:{request.study}" if request.study else f"study:{slug}-study"
    source = f"source:{slug}-source"
    case_en = f"Case: {country_en}, {inst_en}" if country_en and inst_en else f"{TODO}: Case: <country>, <institution>"
    case_zh = f"案例：{country_zh}，{inst_zh}" if country_zh and inst_zh else f"{TODO}: 案例：<国家>，<机构>"
    mech = ID + "mechanism/"

    heading = " ".join(f"{country_en or request.country} — {inst_en or inst}".split())  # one comment line
    out = [f"""# Case: {heading}.
# Written by `lisllm new-case` on {today.isoformat()}. Fill it in, then delete these instructions.
#
#  1. Replace every {TODO}. `lisllm validate` lists each one still left (shape NC01) and every
#     field still missing; the graph keeps building meanwhile.
#  2. For every claim your source supports, uncomment the matching example finding below and adapt
#     it: one finding per claim, quoting the source's own words. Delete the examples you do not use.
#     A case needs at least one finding (shape NC02) and, for the core shapes, at least one
#     motivation, mechanism, output kind and outcome.
#  3. Never assert a role. `lisllm build` infers it from the findings (HermiT) and prints it.
#
# Conventions: instances/README.md. Walk-through: docs/add-a-case.md.

"""]
    out.append("".join(f"@prefix {name + ':':<14}<{PREFIXES[name]}> .\n" for name in CASE_PREFIXES))

    out.append(f"""
#################################################################
# The case: institution × country × study, with its period and kinds of source material
#################################################################

case:{slug} a lisllm:Case ;
    rdfs:label {turtle_string(case_en, "en")} , {turtle_string(case_zh, "zh")} ;
    lisllm:partOfStudy {study} ;
    lisllm:institution organization:{inst} ;
    lisllm:inCountry country:{request.country} ;
    # Years in which the data were collected, written like "2021"^^xsd:gYear.
    dcterms:temporal [ a dcterms:PeriodOfTime ;
        dcat:startDate "{TODO}: first year, as \\"2021\\"^^xsd:gYear" ;
        dcat:endDate "{TODO}: last year, as \\"2024\\"^^xsd:gYear" ] ;
    # The kinds of material the data come from; replace the placeholder with those that apply:
{_choices(known.choices("source-types"), "    #   ")}"""
               f"""    lisllm:dataSourceType sourcetype:{TODO}-kinds-of-source-material ;
    prov:wasDerivedFrom {source} .
""")

    if inst_exists:
        out.append(f"""
# The institution organization:{inst} is already described in {known.files[inst_iri].name}.
""")
    else:
        inst_class = INSTITUTION_TYPES[request.institution_type]
        out.append(f"""
#################################################################
# The institution
#################################################################

# Its class: lisllm:NationalLibrary, lisllm:ResearchInformationInstitute (a national research
# institute or information centre), or lisllm:LISInstitution for another LIS institution.
organization:{inst} a lisllm:{inst_class} ;
    rdfs:label {turtle_string(inst_en or f"{TODO}: name of the institution in English", "en")} ,
        {turtle_string(inst_zh or f"{TODO}: 机构的中文名称", "zh")} ;
    lisllm:inCountry country:{request.country} ;
    prov:wasDerivedFrom {source} .
""")

    if new_country:
        out.append(f"""
#################################################################
# The country (new to the graph)
#################################################################

country:{request.country} a lisllm:Country ;
    rdfs:label {turtle_string(country_en or f"{TODO}: name of the country in English", "en")} ,
        {turtle_string(country_zh or f"{TODO}: 国家的中文名称", "zh")} ;
    prov:wasDerivedFrom {source} .
""")
    else:
        out.append(f"""
# The country country:{request.country} is already described in {known.files[country_iri].name}.
""")

    if not request.study:
        out.append(f"""
#################################################################
# Your study and your source
#################################################################

{study} a lisllm:Study ;
    rdfs:label {turtle_string(f"{TODO}: title of the study in English", "en")} ,
        {turtle_string(f"{TODO}: 研究的中文题名", "zh")} ;
    dcterms:description {turtle_string(f"{TODO}: what was studied, how, and when.", "en")} ;
    prov:wasDerivedFrom {source} .
""")
    else:
        out.append(f"""
#################################################################
# Your source (the case belongs to {study})
#################################################################
""")
    out.append(f"""
# A public source, cited by URL. Add one such resource per source; a fact beyond your sources must
# not be recorded. (A document of the project itself would be a lisllm:SourceDocument with
# dcterms:isPartOf and lisllm:locator instead; see instances/sources.ttl.)
{source} a lisllm:ExternalSource ;
    rdfs:label {turtle_string(f"{TODO}: title of the source in English", "en")} ,
        {turtle_string(f"{TODO}: 来源的中文题名", "zh")} ;
    dcterms:title {turtle_string(f"{TODO}: the title as the source gives it")} ;
    schema:url <https://{TODO}.invalid/the-address-of-the-source> ;
    # The day you read it; add dcterms:date "YYYY-MM-DD"^^xsd:date if the page shows its own date.
    lisllm:accessed "{today.isoformat()}"^^xsd:date .
""")

    def finding(name: str, predicate: str, obj: str, what: str, choices: list[str] | None = None,
                note: str | None = None, extra: str = "") -> str:
        head = f"# --- {what} ---\n"
        if choices is not None:
            head += "# Choose rdf:object among:\n" + _choices(choices)
        if note:
            head += "".join(f"# {line}\n" for line in note.splitlines())
        body = f"""finding:{slug}-{name} a lisllm:Finding ;
    lisllm:inCase case:{slug} ;
    rdf:subject organization:{inst} ; rdf:predicate {predicate} ; rdf:object {obj} ;
    lisllm:evidenceKind evidence:external ;
    lisllm:quote "{TODO}: the source's own words"@en ;
    dcterms:description "{TODO}: the claim, in one English sentence."@en ;
    prov:wasDerivedFrom {source} .
"""
        return "\n" + head + _commented(body) + (_commented(extra) if extra else "")

    out.append(f"""
#################################################################
# Findings: one per claim, each with its evidence (uncomment and adapt)
#
# lisllm:evidenceKind — how directly the source supports the claim:
{_choices(known.choices("evidence-kinds"))}"""
               f"""# A seed-derived claim cites the seed section (source:seed-…) and quotes it in Chinese.
#
# Role (case model): never asserted, inferred from these findings by the definitions in
# ontology/lisllm.ttl:
#   secondary participant — hasMechanism mechanism:research-data, rndLedBy a lisllm:Company and
#                           hasOutputKind outputkind:application-product
#   primary participant   — hasMechanism mechanism:research-data and mechanism:professional-team,
#                           and hasOutputKind outputkind:open-language-model
#   leader                — coordinates a lisllm:NationalRnDNetwork
#################################################################
""")
    motivations = known.choices("motivations")
    out.append(finding("motivation", "lisllm:hasMotivation", "motivation:preserve-low-resource-languages",
                       "Motivation (why the institution takes part)", motivations))
    out.append(finding("research-data", "lisllm:hasMechanism", "mechanism:research-data",
                       "Mechanism: research data (needed for every role but leader)"))
    out.append(finding("staff", "lisllm:hasMechanism", "mechanism:professional-team",
                       "Mechanism: level of staff involvement",
                       known.choices("mechanisms", mech + "knowledge-expertise")))
    out.append(finding("compute-channel", "lisllm:hasMechanism", "mechanism:compute-via-national-facility",
                       "Mechanism: channel through which compute is obtained",
                       known.choices("mechanisms", mech + "compute-resources")))
    out.append(finding("compute-provider", "lisllm:computeProvider", f"platform:{slug}-{TODO}-provider",
                       "Compute provider, and its kind",
                       note="The provider's class says its kind: lisllm:Company, lisllm:InternationalProgramme or\n"
                            "lisllm:NationalComputingFacility. Reuse an existing one (instances/partners.ttl) "
                            "or add it:",
                       extra=f"""platform:{slug}-{TODO}-provider a lisllm:NationalComputingFacility ;
    rdfs:label "{TODO}: name of the provider"@en , "{TODO}: 算力提供方名称"@zh ;
    prov:wasDerivedFrom {source} ."""))
    out.append(finding("rnd-management", "lisllm:hasMechanism", "mechanism:internal-rnd",
                       "Mechanism: mode of R&D management",
                       known.choices("mechanisms", mech + "rnd-management")
                       + known.choices("mechanisms", mech + "joint-rnd")))
    out.append(finding("copyright", "lisllm:hasMechanism", "mechanism:copyright-compliance",
                       "Mechanism: copyright law and regulation",
                       known.choices("mechanisms", mech + "copyright-regulation")))
    out.append(finding("output-kind", "lisllm:hasOutputKind", "outputkind:open-language-model",
                       "Kind of output", [c for c in known.choices("output-kinds")
                                          if not c.startswith("outputkind:open-model-and-dataset")]))
    out.append(finding("produced", "lisllm:produced", f"output:{slug}-{TODO}-model",
                       "A named output, described as a resource",
                       note="Class: lisllm:OpenLanguageModel, lisllm:OpenDataset or lisllm:ApplicationProduct\n"
                            "(an application product also names who leads it, lisllm:ledBy).",
                       extra=f"""output:{slug}-{TODO}-model a lisllm:OpenLanguageModel ;
    rdfs:label "{TODO}: name of the model"@en , "{TODO}: 模型名称"@zh ;
    lisllm:kindOfOutput outputkind:open-language-model ;
    dcat:landingPage <https://{TODO}.invalid/where-to-get-it> ;
    dcterms:license <https://{TODO}.invalid/licence-if-the-source-states-one> ;
    prov:wasDerivedFrom {source} ."""))
    out.append(finding("outcome", "lisllm:hasOutcome", "outcome:low-resource-language-technology",
                       "Outcome", known.choices("outcomes")))
    out.append(finding("rnd-led-by", "lisllm:rndLedBy", f"organization:{slug}-{TODO}-company",
                       "Role-relevant: another organisation (a lisllm:Company for a secondary participant) "
                       "leads the R&D"))
    out.append(finding("coordinates", "lisllm:coordinates", f"organization:{slug}-{TODO}-network",
                       "Role-relevant: the institution coordinates a national R&D network (makes it a leader)",
                       extra=f"""organization:{slug}-{TODO}-network a lisllm:NationalRnDNetwork ;
    rdfs:label "{TODO}: name of the network"@en , "{TODO}: 网络名称"@zh ;
    prov:wasDerivedFrom {source} ."""))
    out.append(finding("partner", "lisllm:partner", f"organization:{slug}-{TODO}-partner",
                       "Role-relevant: a partner in LLM R&D (lisllm:supportedBy for a supporting government body)"))
    out.append(finding("role-explanation", "lisllm:roleExplanation",
                       f'"{TODO}: how the source explains the institution\'s role"@en',
                       "The source's own explanation of the institution's role, if it gives one"))
    return "".join(out)
