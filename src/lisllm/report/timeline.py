"""Figure 3, the timeline: what the sources date, institution by institution and year by year.

One Graphviz table, drawn from the findings that carry `lisllm:year`: a row per institution (in
the order of its first dated fact), a column per year, and in each cell the dated claims, each as
"claim: object". A stated plan is set apart in grey italics with its mark, so what happened and
what is announced never read alike. Everything comes from the graph; nothing is drawn when no
finding is dated.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ..sparql.endpoint import Endpoint
from ..sparql.labels import fetch_labels
from .columns import heading, term_words
from .figures import FONT, _endpoint, _html, _rows, _text, render_svg

TIMELINE_QUERY = """
SELECT DISTINCT ?year ?institution ?claim ?object ?plan WHERE {
  ?finding a lisllm:Finding ; lisllm:year ?year ;
      rdf:subject ?institution ; rdf:predicate ?claim ; rdf:object ?object .
  ?case a lisllm:Case ; lisllm:institution ?institution .
  BIND(EXISTS { ?finding a lisllm:StatedPlan } AS ?plan)
}"""

WORDS = {"en": {"caption": "Figure 3. Timeline: the activities, outputs and partnerships the sources date, by year "
                           "(grey italics: a stated plan)", "plan": " (plan)"},
         "zh": {"caption": "图3 时间线：来源标注年份的活动、产出与合作（灰色斜体为已宣布的计划）",
                "plan": "（计划）"}}


def timeline_dot(source: ox.Store | Endpoint, lang: str = "en", font: str = FONT) -> str:
    endpoint = _endpoint(source)
    words = WORDS[lang]
    rows = _rows(endpoint, TIMELINE_QUERY)
    iris = {t.value for row in rows for t in row.values() if isinstance(t, ox.NamedNode)}
    labels = term_words(lang) | fetch_labels(endpoint, iris, lang)
    cells: dict[tuple[str, str], list[tuple[bool, str]]] = defaultdict(list)
    first: dict[str, str] = {}
    for row in rows:
        year, institution = row["year"].value, row["institution"].value
        first[institution] = min(first.get(institution, year), year)
        text = f"{_text(labels, row['claim'].value)}: {_text(labels, row['object'].value)}"
        cells[(institution, year)].append((row["plan"].value == "true", text))
    years = sorted({year for _, year in cells})
    institutions = sorted(first, key=lambda i: (first[i], _text(labels, i).casefold()))
    header = "".join(f'<td bgcolor="#eef3f8"><b>{_html(year)}</b></td>' for year in years)
    body = []
    for institution in institutions:
        row_cells = []
        for year in years:
            items = sorted(cells.get((institution, year), []))
            lines = [f'<font color="#6b7688"><i>{_html(text + words["plan"])}</i></font>' if plan
                     else _html(text) for plan, text in items]
            row_cells.append(f'<td align="left" balign="left">{"<br/>".join(lines) or " "}</td>')
        body.append(f'<tr><td align="left"><b>{_html(_text(labels, institution))}</b></td>{"".join(row_cells)}</tr>')
    corner = f'<td bgcolor="#eef3f8"><b>{_html(heading("institution", lang))}</b></td>'
    table = (f'<table border="0" cellborder="1" cellspacing="0" cellpadding="4">'
             f'<tr>{corner}{header}</tr>{"".join(body)}</table>')
    return "\n".join([
        "digraph timeline {",
        f'  graph [fontname="{font}", fontsize=12, labelloc=t, label=<{_html(words["caption"])}>];',
        f'  node [shape=plaintext, fontname="{font}", fontsize=9];',
        f"  timeline [label=<{table}>];" if body else "",
        "}",
    ]) + "\n"


def timeline_svg(source: ox.Store | Endpoint, lang: str = "en", font: str = FONT) -> str:
    return render_svg(timeline_dot(source, lang, font))
