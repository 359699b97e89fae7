"""The study's two figures, drawn from the graph with Graphviz: the case model and the logic model.

`case_model_dot` / `logic_model_dot` return Graphviz DOT source; `case_model_svg` / `logic_model_svg`
return SVG text (they run Graphviz's `dot`, from the Debian package `graphviz`). Everything shown
comes from the graph: a new case, role, concept or stage appears without code changes. Labels are
HTML-like Graphviz labels, so all text is escaped.

Figure 1 (case model): one box per role the reasoner inferred, holding each institution with its
country and the facts the roles are defined by (research data, staff involvement, who leads its
R&D or which national network it coordinates, kind of output).
Figure 2 (logic model): one box per logic-model stage, in stage order, joined by the stages'
`lisllm:leadsTo` arrows; inside, the scheme's top concepts (and any other top-most concept a case
realises), grouped by their SKOS collections, each with the countries whose cases realise it.
"""

from __future__ import annotations

import html
import subprocess
from collections import defaultdict

import pyoxigraph as ox

from ..errors import LisllmError
from ..namespaces import LISLLM, shorten
from ..sparql.endpoint import Endpoint, LocalEndpoint
from ..sparql.labels import fetch_labels
from .columns import heading

DOT_TIMEOUT_S = 60
# Named, not left to fontconfig's default, so that Chinese labels are measured with the glyphs they
# are drawn with (scripts/install-system-deps installs it; docs/installation.md). A caller that draws
# with other fonts (the PDF, lisllm.report.pdf) names them instead: a Graphviz font list such as
# "DejaVu Sans,WenQuanYi Zen Hei" is measured and written into the SVG as it is.
FONT = "Noto Sans CJK SC"
# Left-to-right order of the case model's roles, from least to most R&D leadership (seed 000 §4.5).
ROLE_ORDER = ("SecondaryParticipant", "PrimaryParticipant", "Leader")

CAPTIONS = {
    "en": {"figure1": "Figure 1. Case model: the role of each institution, inferred by the reasoner",
           "figure2": "Figure 2. Logic model: motivation → mechanism → output → outcome, with the countries "
                      "whose cases realise each element",
           "no_role": "no role inferred", "sep": ", "},
    "zh": {"figure1": "图1 案例模型：推理机推断的各机构角色",
           "figure2": "图2 逻辑模型：动机 → 机制 → 产出 → 成效（附实现各要素的案例所在国家）",
           "no_role": "未推断出角色", "sep": "、"},
}

CASE_MODEL_QUERY = """
SELECT ?institution ?country ?role ?data ?expertise ?rndLedBy ?coordinates ?outputKind WHERE {
  ?case a lisllm:Case ; lisllm:inCountry ?country ; lisllm:institution ?institution .
  OPTIONAL { ?institution a ?role . ?role rdfs:subClassOf lisllm:LLMRnDParticipant . }
  OPTIONAL { ?institution lisllm:hasMechanism ?data . FILTER(?data = mechanism:research-data) }
  OPTIONAL { ?institution lisllm:hasMechanism ?expertise . ?expertise skos:broader mechanism:knowledge-expertise }
  OPTIONAL { ?institution lisllm:rndLedBy ?rndLedBy }
  OPTIONAL { ?institution lisllm:coordinates ?coordinates }
  OPTIONAL { ?institution lisllm:hasOutputKind/skos:broader* ?outputKind .
             ?outputKind skos:topConceptOf scheme:output-kinds . }
}
"""

STAGES_QUERY = """
SELECT ?stage ?order ?next WHERE {
  ?stage a lisllm:LogicModelStage ; lisllm:stageOrder ?order .
  OPTIONAL { ?stage lisllm:leadsTo ?next }
}
"""

# Elements of each stage: the top concepts of the schemes about it, and any top-most concept
# (one without a broader concept) that a case realises; with the cases realising each.
ELEMENTS_QUERY = """
SELECT DISTINCT ?stage ?element ?collection ?country WHERE {
  ?scheme lisllm:aboutStage ?stage .
  {
    ?element skos:topConceptOf ?scheme .
  } UNION {
    VALUES ?link { lisllm:hasMotivation lisllm:hasMechanism lisllm:hasOutputKind lisllm:hasOutcome }
    [] ?link ?realised .
    ?realised skos:inScheme ?scheme ; skos:broader* ?element .
    ?element skos:inScheme ?scheme .
    FILTER NOT EXISTS { ?element skos:broader ?higher }
  }
  OPTIONAL { ?collection a skos:Collection ; skos:member ?element . }
  OPTIONAL {
    VALUES ?link2 { lisllm:hasMotivation lisllm:hasMechanism lisllm:hasOutputKind lisllm:hasOutcome }
    ?case a lisllm:Case ; lisllm:institution ?institution ; lisllm:inCountry ?country .
    ?institution ?link2 ?concept .
    ?concept skos:broader* ?element .
  }
}
"""


def _endpoint(source: ox.Store | Endpoint) -> Endpoint:
    return LocalEndpoint(source) if isinstance(source, ox.Store) else source


def _rows(endpoint: Endpoint, query: str) -> list[dict[str, object]]:
    solutions = endpoint.query(query)
    names = [v.value for v in solutions.variables]
    return [{name: solution[name] for name in names} for solution in solutions]


def _iri(term) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _text(labels: dict[str, str], iri: str) -> str:
    return labels.get(iri) or shorten(iri)


def _html(text: str) -> str:
    return html.escape(text, quote=True)


def _id(prefix: str, iri: str) -> str:
    # DOT identifiers must be quoted strings; IRIs contain no double quotes or backslashes,
    # but escape them anyway.
    return '"' + (prefix + iri).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _header(name: str, caption: str, font: str) -> list[str]:
    return [
        f"digraph {name} {{",
        f'  graph [rankdir=LR, compound=true, newrank=true, fontname="{font}", fontsize=12, labelloc=t, '
        f"nodesep=0.25, ranksep=0.6, label=<{_html(caption)}>];",
        f'  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="{font}", fontsize=10];',
        f'  edge [fontname="{font}", fontsize=9];',
    ]


def role_rank(role: str, labels: dict[str, str]) -> tuple:
    """Where a role ("" for none) stands: the seed's roles in ROLE_ORDER, then others by label, then none."""
    local = role.rsplit("/", 1)[-1]
    return (not role, ROLE_ORDER.index(local) if role.startswith(LISLLM) and local in ROLE_ORDER
            else len(ROLE_ORDER), _text(labels, role) if role else "")


def _same_rank(nodes) -> str:
    # One column per role or stage (graph attribute newrank lets a rank cross cluster boundaries).
    return "  { rank=same; " + " ".join(f"{node};" for node in nodes) + " }"


# --- Figure 1 ---------------------------------------------------------------------------------

def case_model_dot(source: ox.Store | Endpoint, lang: str = "en", font: str = FONT) -> str:
    endpoint = _endpoint(source)
    words = CAPTIONS.get(lang, CAPTIONS["en"])
    rows = _rows(endpoint, CASE_MODEL_QUERY)
    institutions: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        facts = institutions[row["institution"].value]
        for key, term in row.items():
            if key != "institution" and _iri(term):
                facts[key].add(term.value)
    labels = fetch_labels(endpoint, {row["institution"].value for row in rows}
                          | {iri for facts in institutions.values() for values in facts.values() for iri in values},
                          lang)

    by_role: dict[str, list[str]] = defaultdict(list)
    for institution, facts in institutions.items():
        for role in sorted(facts["role"]) or [""]:
            by_role[role].append(institution)

    def joined(values: set[str]) -> str:
        return words["sep"].join(sorted(_text(labels, v) for v in values))

    lines = _header("case_model", words["figure1"], font)
    firsts = []
    for number, role in enumerate(sorted(by_role, key=lambda role: role_rank(role, labels))):
        title = _text(labels, role) if role else words["no_role"]
        lines.append(f"  subgraph cluster_role_{number} {{")
        lines.append(f'    label=<<b>{_html(title)}</b>>; style="rounded,filled"; '
                     'fillcolor="#eef3f8"; color="#6b8db5";')
        members = sorted(by_role[role], key=lambda i: (joined(institutions[i]["country"]), _text(labels, i)))
        for institution in members:
            facts = institutions[institution]
            title = f"{joined(facts['country'])} · {_text(labels, institution)}"
            cells = [f"<b>{_html(title)}</b>"]
            # The facts are named as the case model's table names its columns.
            for key in ("data", "expertise", "rndLedBy", "coordinates", "outputKind"):
                if facts[key]:
                    fact = f"{heading(key, lang)}: {joined(facts[key])}"
                    cells.append(f'<font point-size="9">{_html(fact)}</font>')
            lines.append(f"    {_id('case-model:', institution)} [label=<{'<br/>'.join(cells)}>];")
        firsts.append(_id("case-model:", members[0]))
        lines.append("  }")
        lines.append(_same_rank(_id("case-model:", i) for i in members))
    # Invisible edges keep the role boxes in order from left to right.
    for left, right in zip(firsts, firsts[1:], strict=False):
        lines.append(f"  {left} -> {right} [style=invis];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- Figure 2 ---------------------------------------------------------------------------------

def logic_model_dot(source: ox.Store | Endpoint, lang: str = "en", font: str = FONT) -> str:
    endpoint = _endpoint(source)
    words = CAPTIONS.get(lang, CAPTIONS["en"])
    stages: dict[str, int] = {}
    arrows: set[tuple[str, str]] = set()
    for row in _rows(endpoint, STAGES_QUERY):
        stages[row["stage"].value] = int(row["order"].value)
        if _iri(row["next"]):
            arrows.add((row["stage"].value, row["next"].value))
    elements: dict[str, dict[str, dict[str, set]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for row in _rows(endpoint, ELEMENTS_QUERY):
        element = elements[row["stage"].value][row["element"].value]
        if _iri(row["collection"]):
            element["collection"].add(row["collection"].value)
        if _iri(row["country"]):
            element["country"].add(row["country"].value)
    iris = set(stages) | {iri for per_stage in elements.values() for element_iri, facts in per_stage.items()
                          for iri in (element_iri, *facts["collection"], *facts["country"])}
    labels = fetch_labels(endpoint, iris, lang)

    lines = _header("logic_model", words["figure2"], font)
    anchors: dict[str, str] = {}
    for number, stage in enumerate(sorted(stages, key=lambda s: (stages[s], s))):
        per_stage = elements.get(stage, {})
        if not per_stage:
            continue
        lines.append(f"  subgraph cluster_stage_{number} {{")
        lines.append(f'    label=<<b>{_html(_text(labels, stage))}</b>>; style="rounded,filled"; '
                     f'fillcolor="#f4f6f0"; color="#7c9a5a";')
        stage_nodes: list[str] = []
        groups: dict[str, list[str]] = defaultdict(list)
        for element, facts in per_stage.items():
            groups[min(facts["collection"]) if facts["collection"] else ""].append(element)
        for group_number, group in enumerate(sorted(groups, key=lambda g: (g == "", _text(labels, g) if g else ""))):
            indent = "    "
            if group:
                lines.append(f"    subgraph cluster_stage_{number}_group_{group_number} {{")
                lines.append(f'      label=<{_html(_text(labels, group))}>; style="rounded,dashed"; color="#9aa58a";')
                indent = "      "
            for element in sorted(groups[group], key=lambda e: _text(labels, e).casefold()):
                countries = words["sep"].join(sorted(_text(labels, c) for c in per_stage[element]["country"]))
                label = f"<b>{_html(_text(labels, element))}</b>"
                if countries:
                    label += f'<br/><font point-size="9" color="#3d5a80">{_html(countries)}</font>'
                node = _id(f"stage{number}:", element)
                anchors.setdefault(stage, node)
                stage_nodes.append(node)
                lines.append(f"{indent}{node} [label=<{label}>];")
            if group:
                lines.append("    }")
        lines.append("  }")
        lines.append(_same_rank(stage_nodes))
    numbers = {stage: n for n, stage in enumerate(sorted(stages, key=lambda s: (stages[s], s)))}
    for source_stage, target_stage in sorted(arrows, key=lambda a: (stages[a[0]], stages[a[1]])):
        if source_stage in anchors and target_stage in anchors:
            lines.append(f"  {anchors[source_stage]} -> {anchors[target_stage]} "
                         f"[ltail=cluster_stage_{numbers[source_stage]}, lhead=cluster_stage_{numbers[target_stage]}, "
                         f'penwidth=2, color="#555555"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- SVG ------------------------------------------------------------------------------------

def render_svg(dot_source: str) -> str:
    """SVG text for DOT source, drawn by Graphviz's `dot`."""
    try:
        done = subprocess.run(["dot", "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True,
                              timeout=DOT_TIMEOUT_S)
    except FileNotFoundError as exc:
        raise LisllmError("Graphviz's 'dot' program is not installed; install Graphviz (Debian: "
                          "apt-get install graphviz; others: README.md, 'System packages')") from exc
    except subprocess.TimeoutExpired as exc:
        raise LisllmError(f"Graphviz's 'dot' took longer than {DOT_TIMEOUT_S} s") from exc
    if done.returncode != 0:
        raise LisllmError(f"Graphviz's 'dot' failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8")


def case_model_svg(source: ox.Store | Endpoint, lang: str = "en", font: str = FONT) -> str:
    return render_svg(case_model_dot(source, lang, font))


def logic_model_svg(source: ox.Store | Endpoint, lang: str = "en", font: str = FONT) -> str:
    return render_svg(logic_model_dot(source, lang, font))
