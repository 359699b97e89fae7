"""`lisllm new-case`: write a commented Turtle template for a new case, to be filled in as data.

The template is valid Turtle from the start, so the rest of the graph keeps building, but every
value the author must supply is a `TODO` placeholder and the example findings are commented out.
The shapes in shapes/new-case.ttl report each placeholder left (NC01) and a case without findings
(NC02), so a fresh template never passes validation silently. The lists of concepts to choose from
are read from the project's own concept schemes, and the kinds of institution from its ontology, so
the template follows the data. The text is templates/case.ttl.j2; this module fills it in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..atomic import atomic_create_text
from ..errors import LisllmError, Location
from ..graph.institution_kinds import GENERIC, institution_types_of
from ..namespaces import ID, LISLLM, PREFIXES, RDF_TYPE, shorten
from ..naming import SLUG

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
    institution_type: str = GENERIC
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
    """What the project's data already hold: typed resources (with the file), labels, concepts, and
    the kinds of institution its ontology defines (kind name -> class)."""

    files: dict[str, Path] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # scheme → (iri, label, broader)
    concepts: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    institution_types: dict[str, str] = field(default_factory=dict)

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

    known = Known(institution_types=institution_types_of(project))
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
    kinds = institution_types_of(project)
    if request.institution_type not in kinds:
        raise LisllmError(f"unknown institution type '{request.institution_type}' (known: {', '.join(kinds)})")
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


def _choice_lines(lines: list[str], indent: str = "#   ") -> str:
    return "\n".join(f"{indent}{line}" for line in lines) if lines else f"{indent}(none found in the data)"


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    # Turtle, not HTML: no autoescaping; the labels an author gives go through the `turtle` filter.
    env = Environment(loader=PackageLoader("lisllm.cases", "templates"), autoescape=False, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True, undefined=StrictUndefined)
    env.filters.update(turtle=turtle_string, commented=_commented, choice_lines=_choice_lines)
    return env.get_template("case.ttl.j2")


def render(request: CaseRequest, known: Known, today: dt.date) -> str:
    slug, inst = request.slug, request.institution_slug
    country_iri = ID + "country/" + request.country
    inst_iri = ID + "organization/" + inst
    country_en = request.country_label_en or known.labels.get(country_iri, {}).get("en")
    country_zh = request.country_label_zh or known.labels.get(country_iri, {}).get("zh")
    inst_en = request.institution_label_en or known.labels.get(inst_iri, {}).get("en")
    inst_zh = request.institution_label_zh or known.labels.get(inst_iri, {}).get("zh")
    inst_exists = inst_iri in known.files
    output_kinds = [c for c in known.choices("output-kinds") if not c.startswith("outputkind:open-model-and-dataset")]
    return _template().render(
        slug=slug, inst=inst, country=request.country, today=today.isoformat(), known=known,
        heading=" ".join(f"{country_en or request.country} — {inst_en or inst}".split()),  # one comment line
        prefixes=[(name, PREFIXES[name]) for name in CASE_PREFIXES],
        study=f"study:{request.study}" if request.study else f"study:{slug}-study", own_study=not request.study,
        source=f"source:{slug}-source",
        case_en=f"Case: {country_en}, {inst_en}" if country_en and inst_en else "TODO: Case: <country>, <institution>",
        case_zh=f"案例：{country_zh}，{inst_zh}" if country_zh and inst_zh else "TODO: 案例：<国家>，<机构>",
        inst_en=inst_en, inst_zh=inst_zh, country_en=country_en, country_zh=country_zh,
        inst_file=known.files[inst_iri].name if inst_exists else None,
        inst_class=None if inst_exists else known.institution_types[request.institution_type],
        country_file=known.files[country_iri].name if country_iri in known.files else None,
        mechanism=ID + "mechanism/",
        output_kinds=output_kinds)
