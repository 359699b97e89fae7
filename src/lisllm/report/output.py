"""Writing the findings report: as Markdown (`render_markdown`), and to files or standard output in
any of its formats (`write_report`: Markdown with its figures beside it, one HTML page, or a PDF
printed from that page by lisllm.report.pdf).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from ..atomic import atomic_write_text
from ..errors import LisllmError
from .document import WORDS, Report, render_html, source_text, table_notes

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
_ENTITY_START = re.compile(r"&(?=#?\w+;)")


def _md(text: str) -> str:
    """Literal text for Markdown: no markup, no raw HTML, no character references, one line."""
    text = " ".join(text.split())
    text = _ENTITY_START.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(report: Report, figure_links: dict[str, str]) -> str:
    """Markdown; `figure_links` maps each figure key to the address of its SVG."""
    words = WORDS[report.lang]

    def refs(numbers: list[int]) -> str:
        return " ".join(f"[{n}](#source-{n})" for n in numbers)

    out = [f"# {_md(report.title)}", "", _md(report.subtitle), "", words["intro"], ""]
    for section in report.sections:
        out += [f"## {_md(section.heading)}", ""]
        if section.answer:
            out += [f"**{_md(words['answer'])}**{words['gap']}{_md(words['gap'].join(section.answer))}", ""]
        if section.figure:
            caption = words["figures"][section.figure]
            out += [f"![{_md(caption)}]({figure_links[section.figure]})", "", f"*{_md(caption)}*", ""]
        for table in section.tables:
            out += [f"### {_md(table.title)}", "", f"`lisllm query {table.query.id}`", ""]
            out += [_md(sentence) for sentence in table.sentences]
            if table.sentences:
                out.append("")
            if not table.cells:
                out += [_md(words["empty"]), ""]
                continue
            cited = any(table.citations)
            headings = table.columns + ([words["sources"]] if cited else [])
            out += [f"*{_md(table.order)}*", "", "| " + " | ".join(_md(h) for h in headings) + " |",
                    "|" + "---|" * len(headings)]
            for cells, numbers in zip(table.cells, table.citations, strict=True):
                out.append("| " + " | ".join([*(_md(c) for c in cells), *([refs(numbers)] if cited else [])]) + " |")
            out.append("")
            for lead, items in table_notes(table, words):
                out += [_md(lead) + words["gap"] + words["list"].join(f"{_md(value)} {refs(numbers)}".strip()
                                                       for value, numbers in items), ""]
    out += [f"## {_md(words['references'])}", ""]
    for number, source in enumerate(report.sources, start=1):
        out.append(f'{number}. <a id="source-{number}"></a>{_md(source_text(source, words))}')
    return "\n".join(out) + "\n"


def graph_version(dist: Path) -> str | None:
    from ..graph.dist import Dist

    return Dist(dist).graph_version()


def write_report(report: Report, fmt: str, out: Path | None, browser: str | None = None) -> str | None:
    """Write the report to `out` (figures beside it for Markdown), or return it when `out` is None.

    A PDF is printed by `browser` (found when not given; lisllm.report.pdf) and needs `out`. Every
    file is written through a temporary file and a rename, so readers never see half a file.
    """
    if fmt == "pdf":
        from .pdf import PRINT_STYLE, print_pdf, require

        if out is None:
            raise LisllmError("a PDF is not written to standard output: give --out FILE")
        print_pdf(browser or require(), render_html(report, PRINT_STYLE), out)
        return None
    if fmt == "html":
        text = render_html(report)
    else:
        links = {}
        for key, svg in report.figures.items():
            if out is None:
                links[key] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
            else:
                figure = out.with_name(f"{out.stem}.{key}.svg")
                atomic_write_text(figure, svg)
                links[key] = figure.name
        text = render_markdown(report, links)
    if out is None:
        return text
    atomic_write_text(out, text)
    return None
