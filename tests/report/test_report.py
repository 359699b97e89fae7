"""`lisllm report`: the research questions answered from the graph, with citations and figures.

The sentences and citations expected below were written by hand from seed 000 (§3.1–§3.3, §4.5,
§4.6) and the instance files.
"""

from __future__ import annotations

import html.parser
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import needs_dot
from lisllm.report.output import write_report

from .conftest import table

FIXTURE = Path(__file__).resolve().parents[1] / "sparql" / "fixtures" / "test-fixture-fictional-case.ttl"


def lisllm(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "lisllm", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@needs_dot
def test_sections_follow_the_research_questions(report_en):
    assert [s.key for s in report_en.sections] == ["RQ1", "RQ2", "RQ3", "RQ4", "logic-model", "recommendations",
                                                         "timeline"]
    assert report_en.sections[0].heading == "RQ1: Why do LIS institutions take part in LLM R&D?"
    shown = {t.query.id for s in report_en.sections for t in s.tables}
    assert "rq4-case-model" in shown and "recommendations-gaps" in shown
    assert not shown & {"provenance-of-resource", "provenance-of-statement"}   # look-up tools, not findings
    assert [s.figure for s in report_en.sections if s.figure] == ["case-model", "logic-model", "timeline"]


@needs_dot
def test_sentences_restate_the_seed_findings(report_en):
    assert ("The data attribute “breaking the language-technology bottleneck” to 3 cases: Japan, Norway and Sweden."
            in table(report_en, "rq1-motivations-by-case").sentences)
    assert table(report_en, "rq1-motivations-shared-or-distinctive").sentences[0] == (
        "Motivations shared by all 4 cases: none. Motivations distinctive to one country: none.")
    assert table(report_en, "rq2-staff-involvement").sentences == [
        "Staff involvement differs: auxiliary data-annotation staff (China); national R&D centre uniting experts from "
        "industry, academia, research and government (Japan); professional team of data scientists and researchers "
        "(Norway and Sweden)."]
    assert sorted(table(report_en, "rq2-rnd-management").sentences) == [
        "Internal R&D: Norway and Sweden.",
        "Joint R&D: China (long-term partnership with an enterprise), Japan (national joint platform and mechanism) "
        "and Sweden (per-project negotiation of resources)."]
    assert table(report_en, "rq3-outcomes-by-case").sentences[0] == (
        "Technology push: LLM technology breakthrough (Japan); low-resource language technology innovation "
        "(Norway and Sweden); optimisation of vertical-domain LLMs (China).")
    assert table(report_en, "rq4-case-model").sentences == [
        "The reasoner infers: secondary participant: China; primary participant: Norway and Sweden; leader: Japan."]
    assert table(report_en, "recommendations-gaps").sentences[-1] == (
        "“Build a cooperation network” concerns “national joint platform and mechanism”. "
        "China does not realise it yet — a gap; realised by: Japan (national joint platform and mechanism).")


@needs_dot
def test_chinese_report(report_zh):
    assert report_zh.sections[3].heading == "RQ4：不同国家间存在何种差异？"
    assert table(report_zh, "rq4-case-model").sentences == [
        "推理机推断的角色：次要参与者——中国；主要参与者——挪威、瑞典；引领者——日本。"]
    assert ("中国科学院文献情报中心（次要参与者）：这与国内企业主导、较为分散的研发环境有关。"
            in table(report_zh, "rq4-role-explanations").sentences)
    assert table(report_zh, "rq4-case-model").cells[0][:3] == ("中国", "中国科学院文献情报中心", "次要参与者")


@needs_dot
def test_rows_cite_the_sources_behind_them(report_en):
    def cited(query_id, row_number):
        return [report_en.sources[n - 1] for n in table(report_en, query_id).sources[row_number]]

    section_4_5 = "seed 000 §4.5 (paper §4) case differences and the logic model (Figures 1 and 2)"
    explanations = table(report_en, "rq4-role-explanations")
    assert all([s.label for s in cited("rq4-role-explanations", i)] == [section_4_5]
               for i in range(len(explanations.cells)))
    # A motivation no case has is cited to the section that names it (§3.1).
    assert [s.label for s in cited("rq1-motivations-by-case", 0)] == [
        "seed 000 §3.1 motivations for taking part in LLM R&D"]
    outputs = table(report_en, "rq3-outputs-by-case")
    nb_bert = next(i for i, cells in enumerate(outputs.cells) if cells[3] == "NB-BERT (nb-bert-base)")
    assert outputs.cells[nb_bert][4] == "https://creativecommons.org/licenses/by/4.0/"
    card = next(s for s in cited("rq3-outputs-by-case", nb_bert) if s.url)
    assert card.label == "NbAiLab/nb-bert-base model card" and card.url.startswith("https://huggingface.co/NbAiLab/")
    # The gap row cites the recommendation (§4.6) and the finding about Japan (§3.2).
    gap = [s.label for s in cited("recommendations-gaps", len(table(report_en, "recommendations-gaps").cells) - 1)]
    assert gap == ["seed 000 §3.2 mechanisms of taking part in LLM R&D",
                   "seed 000 §4.6 (paper §5) conclusion and recommendations"]


@needs_dot
def test_markdown_with_figure_files_and_html(report_en, tmp_path):
    out = tmp_path / "out" / "findings.md"
    assert write_report(report_en, "md", out) is None
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "findings.case-model.svg", "findings.logic-model.svg", "findings.md", "findings.timeline.svg"]
    text = out.read_text(encoding="utf-8")
    assert "![Figure 1. Case model](findings.case-model.svg)" in text
    assert "| China | National Science Library, Chinese Academy of Sciences | secondary participant |" in text
    assert "data:image/svg+xml;base64," in write_report(report_en, "md", None)

    page = tmp_path / "findings.html"
    write_report(report_en, "html", page)
    content = page.read_text(encoding="utf-8")
    parser = html.parser.HTMLParser()
    parser.feed(content)
    assert content.count("<svg") == 3 and "<?xml" not in content
    assert "<td>R&amp;D management as the coordinator</td>" in content
    assert '<a href="#source-1">[1]</a>' in content and '<li id="source-1">' in content


@needs_dot
def test_a_new_case_reaches_the_report_and_the_figures(project_copy):
    """TEST FIXTURE: adds the fictional case of tests/sparql/fixtures to a temporary copy only."""
    shutil.copy(FIXTURE, project_copy.instances / "cases" / FIXTURE.name)
    root = project_copy.root
    assert lisllm("build", cwd=root).returncode == 0
    page = lisllm("report", "--format", "html", "--out", "out/report.html", cwd=root)
    assert page.returncode == 0, page.stderr
    content = (root / "out" / "report.html").read_text(encoding="utf-8")
    # The name "Fixture <Library> & Archive" is literal text everywhere, in tables and figures alike.
    assert "<Library>" not in content and "Fixture &lt;Library&gt; &amp; Archive" in content
    assert "primary participant: Atlantis (test fixture), Norway and Sweden;" in content
    assert ("The data attribute “preserving low-resource languages and cultures” to 1 case: "
            "Atlantis (test fixture).") in content
    assert "Test fixture note (fictional)" in content and 'href="https://example.org/lisllm-test-fixture"' in content
    zh = lisllm("report", "--lang", "zh", "--out", "out/report.md", cwd=root)
    assert zh.returncode == 0, zh.stderr
    assert "亚特兰蒂斯（测试虚构）" in (root / "out" / "report.md").read_text(encoding="utf-8")
    case_model = (root / "out" / "report.case-model.svg").read_text(encoding="utf-8")
    logic_model = (root / "out" / "report.logic-model.svg").read_text(encoding="utf-8")
    assert "亚特兰蒂斯（测试虚构） · 测试&lt;图书馆&gt;&amp;档案馆" in case_model
    assert "亚特兰蒂斯（测试虚构）、" in logic_model   # listed among the countries realising an element


def test_report_before_a_build_says_what_to_do(project_copy):
    result = lisllm("report", cwd=project_copy.root)
    assert result.returncode == 1 and "run 'lisllm build' first" in result.stderr
