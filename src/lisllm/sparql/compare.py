"""Institutions side by side across the logic model's stages, every cell with its sources.

`compare` reads, from a store or endpoint, the findings about each chosen institution and sorts
their claims into rows: motivations, mechanisms, the compute route, organisations, the use of
language models in library work, outputs, outcomes, the inferred role, years and stated plans.
A cell lists values; each value names the sources of the findings behind it, numbered once for the
whole comparison. The role is inferred, so its sources are those of the findings about the
properties that role definitions restrict. `render` writes text, Markdown, CSV or HTML.
"""

from __future__ import annotations

import csv
import difflib
import html
import io
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import LisllmError
from ..namespaces import ID, LISLLM, ORG
from ..text_table import display_width, pad
from .endpoint import Endpoint
from .labels import fetch_labels

FORMATS = ("text", "md", "csv", "html")

# Row key -> the claim predicates it gathers (mechanisms are split by their concept below).
ROW_PREDICATES = {
    "motivations": (LISLLM + "hasMotivation",),
    "mechanisms": (LISLLM + "hasMechanism",),
    "compute": (LISLLM + "computeProvider",),
    "organisations": (LISLLM + "partner", LISLLM + "rndLedBy", LISLLM + "dataUsedBy", LISLLM + "supportedBy",
                      LISLLM + "coordinates", ORG + "hasUnit"),
    "library-work": (LISLLM + "appliesLanguageModelsTo",),
    "outputs": (LISLLM + "hasOutputKind", LISLLM + "produced"),
    "outcomes": (LISLLM + "hasOutcome",),
}
ROWS = ("motivations", "mechanisms", "compute", "organisations", "library-work", "outputs", "outcomes",
        "role", "years", "plans")
COMPUTE = ID + "mechanism/compute-resources"

WORDS = {
    "en": {"stage": "stage", "sources": "Sources", "none": "—", "no-role": "no role",
           "value": "value", "institution": "institution", "stated": "stated",
           "rows": {"motivations": "Motivations", "mechanisms": "Mechanisms", "compute": "Compute route",
                    "organisations": "Organisations", "library-work": "LLMs in library work",
                    "outputs": "Outputs", "outcomes": "Outcomes", "role": "Role (inferred)",
                    "years": "Years", "plans": "Stated plans"},
           "title": "Institutions compared across the logic model"},
    "zh": {"stage": "环节", "sources": "来源", "none": "—", "no-role": "无角色",
           "value": "取值", "institution": "机构", "stated": "宣布于",
           "rows": {"motivations": "动机", "mechanisms": "机制", "compute": "算力途径",
                    "organisations": "相关组织", "library-work": "本馆业务中的大模型应用",
                    "outputs": "产出", "outcomes": "成效", "role": "角色（推理所得）",
                    "years": "年份", "plans": "已宣布的计划"},
           "title": "各机构在逻辑模型各环节上的比较"},
}

INSTITUTIONS_QUERY = """
SELECT DISTINCT ?institution ?case WHERE {
  ?case a lisllm:Case ; lisllm:institution ?institution .
}"""

FINDINGS_QUERY = """
SELECT ?institution ?p ?o ?source ?year ?plan ?stated WHERE {
  VALUES ?institution { %s }
  ?f a lisllm:Finding ; rdf:subject ?institution ; rdf:predicate ?p ; rdf:object ?o ;
     prov:wasDerivedFrom ?source .
  OPTIONAL { ?f lisllm:year ?year }
  OPTIONAL { ?f lisllm:statedOn ?stated }
  BIND(EXISTS { ?f a lisllm:StatedPlan } AS ?plan)
}"""

CONTEXT_QUERY = """
SELECT ?institution ?role ?compute ?restricted ?url WHERE {
  { VALUES ?institution { %s }
    ?institution a ?role . ?role rdfs:subClassOf+ lisllm:LLMRnDParticipant . }
  UNION { ?compute skos:broader+ <%s> }
  UNION { ?defined rdfs:subClassOf lisllm:LLMRnDParticipant ;
              owl:equivalentClass/owl:intersectionOf/rdf:rest*/rdf:first/owl:onProperty ?restricted . }
  UNION { ?source schema:url ?url . BIND(?source AS ?institution) }
}"""


@dataclass
class Value:
    text: str
    sources: list[int] = field(default_factory=list)   # numbers into Comparison.sources (1-based)


@dataclass
class Comparison:
    lang: str
    institutions: list[tuple[str, str]]                 # (IRI, label)
    rows: dict[str, list[list[Value]]]                  # row key -> one cell (a list of values) per institution
    sources: list[tuple[str, str, str | None]] = field(default_factory=list)   # (IRI, label, URL)


def known_names(endpoint: Endpoint) -> dict[str, str]:
    """Every name an institution can be given by: its case's slug and its own slug -> its IRI."""
    names = {}
    for row in endpoint.query(INSTITUTIONS_QUERY):
        institution = row["institution"].value
        names[row["case"].value.rsplit("/", 1)[-1]] = institution
        names[institution.rsplit("/", 1)[-1]] = institution
    return names


class UnknownInstitution(LisllmError):
    """A name that is neither a case's nor an institution's slug (a usage error: exit 2)."""


def resolve(endpoint: Endpoint, names: list[str]) -> list[str]:
    known = known_names(endpoint)
    unknown = [n for n in names if n not in known]
    if unknown:
        parts = []
        for name in unknown:
            close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.4)
            hint = f" (did you mean: {', '.join(close)}?)" if close else ""
            parts.append(f"'{name}'{hint}")
        raise UnknownInstitution(f"no case or institution named {', '.join(parts)}; "
                                 f"`lisllm compare --list` lists the {len(set(known.values()))} institutions")
    return list(dict.fromkeys(known[n] for n in names))


def compare(endpoint: Endpoint, institutions: list[str], lang: str) -> Comparison:
    values = " ".join(f"<{iri}>" for iri in institutions)
    roles, compute, restricted, urls = {}, set(), set(), {}
    for row in endpoint.query(CONTEXT_QUERY % (values, COMPUTE)):
        if row["role"] is not None and row["role"].value != LISLLM + "LLMRnDParticipant":
            roles.setdefault(row["institution"].value, set()).add(row["role"].value)
        if row["compute"] is not None:
            compute.add(row["compute"].value)
        if row["restricted"] is not None:
            restricted.add(row["restricted"].value)
        if row["url"] is not None:
            urls[row["institution"].value] = row["url"].value
    findings = list(endpoint.query(FINDINGS_QUERY % values))
    iris = set(institutions) | {r for rs in roles.values() for r in rs}
    iris |= {t.value for row in findings for t in (row["o"], row["source"]) if isinstance(t, ox.NamedNode)}
    labels = fetch_labels(endpoint, iris, lang)

    def label(iri: str) -> str:
        return labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]

    comparison = Comparison(lang, [(i, label(i)) for i in institutions],
                            {key: [[] for _ in institutions] for key in ROWS})
    numbers: dict[str, int] = {}

    def number(source: str) -> int:
        if source not in numbers:
            comparison.sources.append((source, label(source), urls.get(source)))
            numbers[source] = len(comparison.sources)
        return numbers[source]

    def add(key: str, column: int, text: str, source: str) -> None:
        cell = comparison.rows[key][column]
        found = next((v for v in cell if v.text == text), None)
        if found is None:
            found = Value(text)
            cell.append(found)
        n = number(source)
        if n not in found.sources:
            found.sources.append(n)

    column_of = {iri: n for n, iri in enumerate(institutions)}
    role_sources: dict[int, set[str]] = {}
    for row in sorted(findings, key=lambda r: (r["p"].value, label(r["o"].value))):
        column = column_of[row["institution"].value]
        predicate, obj, source = row["p"].value, row["o"].value, row["source"].value
        if row["plan"].value == "true":
            stated = row["stated"].value if row["stated"] is not None else "?"
            add("plans", column, f"{label(obj)} ({WORDS[lang]['stated']} {stated})", source)
            continue
        key = next((k for k, ps in ROW_PREDICATES.items() if predicate in ps), None)
        if key == "mechanisms" and obj in compute | {COMPUTE}:
            key = "compute"
        if key is not None:
            add(key, column, label(obj), source)
        if row["year"] is not None:
            add("years", column, f"{row['year'].value}: {label(obj)}", source)
        if predicate in restricted:
            role_sources.setdefault(column, set()).add(source)
    for iri, column in column_of.items():
        for role in sorted(roles.get(iri, ()), key=label):
            for source in sorted(role_sources.get(column, ())) or [None]:
                if source is None:
                    comparison.rows["role"][column].append(Value(label(role)))
                else:
                    add("role", column, label(role), source)
        if not roles.get(iri):
            comparison.rows["role"][column].append(Value(WORDS[lang]["no-role"]))
    comparison.rows["years"] = [sorted(cell, key=lambda v: v.text) for cell in comparison.rows["years"]]
    return _numbered_in_reading_order(comparison)


def _numbered_in_reading_order(comparison: Comparison) -> Comparison:
    """Renumber the sources in the order a reader meets them: row by row, institution by institution."""
    order: dict[int, int] = {}
    for key in ROWS:
        for cell in comparison.rows[key]:
            for value in cell:
                for n in value.sources:
                    order.setdefault(n, len(order) + 1)
    for key in ROWS:
        for cell in comparison.rows[key]:
            for value in cell:
                value.sources = sorted(order[n] for n in value.sources)
    comparison.sources = [source for _, source in sorted(
        (order[n], source) for n, source in enumerate(comparison.sources, start=1) if n in order)]
    return comparison


def render(comparison: Comparison, fmt: str) -> str:
    if fmt not in FORMATS:
        raise LisllmError(f"unknown comparison format '{fmt}' (known: {', '.join(FORMATS)})")
    return {"text": _text, "md": _markdown, "csv": _csv, "html": render_html}[fmt](comparison)


def _cell(values: list[Value], words: dict, brackets: str = "[{}]") -> str:
    if not values:
        return words["none"]
    return "; ".join(v.text + (" " + "".join(brackets.format(n) for n in v.sources) if v.sources else "")
                     for v in values)


def _source_lines(comparison: Comparison) -> list[str]:
    return [f"[{n}] {label}" + (f" <{url}>" if url else "")
            for n, (_, label, url) in enumerate(comparison.sources, start=1)]


def _text(comparison: Comparison) -> str:
    words = WORDS[comparison.lang]
    names = [name for _, name in comparison.institutions]
    width = max(display_width(n) for n in names)
    lines = [words["title"], ""]
    for key in ROWS:
        lines.append(words["rows"][key])
        for name, cell in zip(names, comparison.rows[key], strict=True):
            lines.append(f"  {pad(name, width)}  {_cell(cell, words)}")
        lines.append("")
    lines.append(words["sources"])
    lines += ["  " + line for line in _source_lines(comparison)]
    return "\n".join(lines) + "\n"


def _markdown(comparison: Comparison) -> str:
    words = WORDS[comparison.lang]

    def escape(text: str) -> str:
        return text.replace("|", "\\|")

    header = [words["stage"]] + [name for _, name in comparison.institutions]
    lines = [f"# {words['title']}", "", "| " + " | ".join(map(escape, header)) + " |",
             "|" + "---|" * len(header)]
    for key in ROWS:
        cells = [words["rows"][key]] + [_cell(cell, words) for cell in comparison.rows[key]]
        lines.append("| " + " | ".join(map(escape, cells)) + " |")
    lines += ["", f"## {words['sources']}", ""]
    lines += [f"{n}. {label}" + (f" <{url}>" if url else "")
              for n, (_, label, url) in enumerate(comparison.sources, start=1)]
    return "\n".join(lines) + "\n"


def _csv(comparison: Comparison) -> str:
    """One row per value: a long table that spreadsheets and pandas read without parsing cells."""
    words = WORDS[comparison.lang]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([words["stage"], words["institution"], words["value"], words["sources"]])
    for key in ROWS:
        for (_, name), cell in zip(comparison.institutions, comparison.rows[key], strict=True):
            for value in cell:
                cited = " ".join(comparison.sources[n - 1][2] or comparison.sources[n - 1][0] for n in value.sources)
                writer.writerow([words["rows"][key], name, value.text, cited])
    return buffer.getvalue()


def render_html(comparison: Comparison, *, fragment: bool = False, link=None) -> str:
    """The comparison as an HTML table (`fragment`: without the page around it, for the server's and
    the release's own pages; `link(iri)` gives the address of a resource's page)."""
    words = WORDS[comparison.lang]
    esc = html.escape

    def cite(n: int) -> str:
        return f'<a href="#source-{n}">[{n}]</a>'

    def cell(values: list[Value]) -> str:
        if not values:
            return esc(words["none"])
        return "<br>".join(esc(v.text) + (" " + "".join(cite(n) for n in v.sources) if v.sources else "")
                           for v in values)

    def name(iri: str, label: str) -> str:
        return f'<a href="{esc(link(iri))}">{esc(label)}</a>' if link else esc(label)

    head = "".join(f"<th scope=\"col\">{name(iri, label)}</th>" for iri, label in comparison.institutions)
    rows = "".join(f"<tr><th scope=\"row\">{esc(words['rows'][key])}</th>"
                   + "".join(f"<td>{cell(c)}</td>" for c in comparison.rows[key]) + "</tr>" for key in ROWS)
    sources = "".join(
        f'<li id="source-{n}">{esc(label)}'
        + (f' <a href="{esc(url)}">{esc(url)}</a>' if url else "") + "</li>"
        for n, (_, label, url) in enumerate(comparison.sources, start=1))
    body = (f'<div class="compare-wrap"><table class="compare"><thead><tr><th scope="col">{esc(words["stage"])}</th>'
            f"{head}</tr></thead><tbody>{rows}</tbody></table></div>"
            f"<h2>{esc(words['sources'])}</h2><ol class=\"sources\">{sources}</ol>")
    if fragment:
        return body
    return (f'<!DOCTYPE html><html lang="{comparison.lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(words['title'])}</title><style>{STYLE}</style></head>"
            f"<body><h1>{esc(words['title'])}</h1>{body}</body></html>\n")


STYLE = ("body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:1rem;line-height:1.45}"
         ".compare-wrap{overflow-x:auto}table.compare{border-collapse:collapse;font-size:.9rem}"
         ".compare th,.compare td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}"
         ".compare thead th{background:#f3f3f3}")
