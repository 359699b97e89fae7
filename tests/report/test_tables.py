"""The report's tables as a reader sees them: headings and values in the report's language, rows in a
stated order, and each source cited once where it belongs (on the row, or once under the table).

Expected rows, counts and words are written by hand from seed 000 (§3.1–§3.3, §4.5, §4.6) and the
labels of the instance files.
"""

from __future__ import annotations

import re

import pytest

from conftest import needs_dot
from lisllm.errors import LisllmError
from lisllm.graph.store import create_store
from lisllm.report.columns import COLUMNS
from lisllm.report.document import collect, render_html, report_plan
from lisllm.report.output import render_markdown
from lisllm.sparql.catalogue import load_catalogue
from lisllm.sparql.catalogue_rdf import research_questions
from lisllm.sparql.endpoint import LocalEndpoint
from lisllm.sparql.text import bind_language

from .conftest import table

SEED_STUDY = "A model of LIS institutions' participation in LLM R&D: an exploratory multi-case study"
EXTERNAL_STUDY = "LIS institutions in LLM work beyond the four cases: evidence from public web pages"


def test_every_variable_the_report_shows_has_a_heading_in_both_languages(catalogue, store):
    plan = report_plan(catalogue, research_questions(store))
    shown = [query for _, queries, _ in plan for query in queries]
    assert len(shown) >= 16
    missing = []
    for query in shown:
        for variable in LocalEndpoint(store).query(bind_language(query.text, "en")).variables:
            missing += [f"{query.id}: ?{variable.value} ({lang})" for lang in ("en", "zh")
                        if lang not in COLUMNS.get(variable.value, {})]
    assert not missing, "add these headings to COLUMNS in lisllm/report/columns.py: " + ", ".join(missing)


def test_a_query_without_headings_stops_the_report_saying_where_to_add_them(project, store, tmp_path):
    queries = tmp_path / "queries"
    queries.mkdir()
    for path in project.queries.glob("rq1-motivations-by-case.*"):
        (queries / path.name).write_bytes(path.read_bytes())
    (queries / "rq1-mystery.rq").write_text(
        "# id: rq1-mystery\n# title@en: Mystery\n# title@zh: 谜\n# rq: RQ1\n# description: A new query.\n\n"
        "SELECT ?case ?mysteryCount WHERE { ?case a lisllm:Case . BIND(1 AS ?mysteryCount) }\n", encoding="utf-8")
    with pytest.raises(LisllmError) as error:
        collect(load_catalogue(queries), store, "zh")
    assert str(error.value) == ("query rq1-mystery shows variable ?mysteryCount, which has no zh column heading: "
                                "add one to COLUMNS in lisllm/report/columns.py")


@needs_dot
def test_headings_and_values_are_words_of_the_report_language(report_en, report_zh):
    zh = table(report_zh, "rq1-motivations-shared-or-distinctive")
    assert zh.columns == ["动机", "案例数", "国家数", "案例总数", "全部案例共有", "某一国家独有"]
    # §3.1: Sweden, Norway and Japan see the bottleneck; no motivation is in all four cases or in one only.
    assert ("突破语言技术瓶颈", "3", "3", "4", "否", "否") in zh.cells
    en = table(report_en, "rq1-motivations-shared-or-distinctive")
    assert ("breaking the language-technology bottleneck", "3", "3", "4", "no", "no") in en.cells
    assert en.columns == ["motivation", "cases", "countries", "all cases", "shared by all cases",
                          "distinctive to one country"]
    assert table(report_zh, "rq2-mechanisms-by-case").columns == ["案例", "机制", "具体形式"]
    assert table(report_en, "rq4-case-model").columns == [
        "country", "institution", "role", "data", "expertise", "R&D led by", "coordinates", "output"]
    for report in (report_en, report_zh):
        for section in report.sections:
            for shown in section.tables:
                # No heading is a variable name (English words may spell one, as "case" does).
                assert not set(shown.columns) & {v for v in shown.variables if v != v.lower()}, shown.query.id
                if report.lang == "zh":
                    assert not [c for c in shown.columns if re.search("[A-Za-z]", c)], shown.query.id
                assert not {"true", "false"} & {cell for row in shown.cells for cell in row}, shown.query.id
        page = render_html(report) + render_markdown(report, {key: key for key in report.figures})
        assert "<td>true</td>" not in page and "| false |" not in page and "<th>topMechanism</th>" not in page


@needs_dot
def test_each_table_states_its_order_and_keeps_it(report_en, report_zh):
    comparison = table(report_zh, "logic-model-comparison")
    assert comparison.order == "各行按阶段序号、要素、研究排序。名称按英文字母顺序排列。"
    # Figure 2's elements that the four cases realise (§4.5, §3.3), stage by stage; within a stage
    # by the elements' English names (the counts: §3.1–§3.3).
    assert [(row[0], row[2], row[4]) for row in comparison.cells] == [
        ("1", "突破语言技术瓶颈", "3"),
        ("2", "以算力资源为支撑", "4"), ("2", "以版权法规为界线", "4"), ("2", "以知识经验为操手", "4"),
        ("2", "以研发管理为协调", "4"), ("2", "以研究数据为基底", "4"),
        ("3", "应用产品", "1"), ("3", "语言模型与数据集（免费开放资源）", "3"),
        ("4", "大语言模型技术突破", "1"), ("4", "创新低资源语言技术", "2"), ("4", "垂直领域大模型的优化", "1"),
    ]
    assert table(report_en, "logic-model-comparison").order == (
        "Rows are ordered by stage no., then element, then study. Names are in English alphabetical order.")
    chains = table(report_en, "logic-model-chains")
    assert [row[1:] for row in chains.cells if row[0].startswith("Case: China")] == [
        ("1", "motivation (antecedent)", "—"),
        ("2", "mechanism (inputs and activities)", "computing resources as the support"),
        ("2", "mechanism (inputs and activities)", "copyright law and regulation as the boundary"),
        ("2", "mechanism (inputs and activities)", "knowledge and expertise as the operator"),
        ("2", "mechanism (inputs and activities)", "R&D management as the coordinator"),
        ("2", "mechanism (inputs and activities)", "research data as the base"),
        ("3", "output", "application product"),
        ("4", "outcome", "optimisation of vertical-domain LLMs"),
    ]
    # The recommendations keep the seed's numbering (§4.6: R1 … R4), not the alphabet.
    gaps = table(report_zh, "recommendations-gaps")
    assert list(dict.fromkeys(row[0] for row in gaps.cells)) == [
        "发挥数据优势", "激发内部动力", "推动法规完善", "构建合作网络"]
    assert gaps.order.endswith("名称按英文字母顺序排列，带编号的条目（如 R1）按编号排列。")
    shared = table(report_en, "rq1-motivations-shared-or-distinctive")
    assert shared.order.startswith("Rows are ordered by cases (most first), then motivation.")
    assert shared.cells[0][0] == "breaking the language-technology bottleneck"
    assert [row[0] for row in table(report_en, "rq4-case-model").cells] == ["China", "Japan", "Norway", "Sweden"]
    markdown = render_markdown(report_en, {key: key for key in report_en.figures})
    assert ("*Rows are ordered by case, then R&D management, then form of joint R&D. "
            "Names are in English alphabetical order.*\n\n| case | R&D management |") in markdown


@needs_dot
def test_sources_of_every_row_are_cited_once_under_the_table(report_en):
    def labels(numbers):
        return [report_en.sources[n - 1].label for n in numbers]

    explanations = table(report_en, "rq4-role-explanations")
    assert labels(explanations.shared) == ["seed 000 §4.5 (paper §4) case differences and the logic model "
                                           "(Figures 1 and 2)"]
    assert explanations.citations == [[], [], [], []]
    markdown = render_markdown(report_en, {key: key for key in report_en.figures})
    block = markdown.split("### Why each institution plays its role")[1].split("###")[0]
    number = explanations.shared[0]
    assert "| country | institution | role | why |" in block   # no sources column: no row has its own
    assert block.count(f"[{number}](#source-{number})") == 1
    assert f"Sources of every row: [{number}](#source-{number})" in block
    # §3.2 stands behind every row of the compute table; each row cites only what is its own.
    compute = table(report_en, "rq2-compute-by-case")
    assert labels(compute.shared) == ["seed 000 §3.2 mechanisms of taking part in LLM R&D"]
    own = {row[0]: labels(numbers) for row, numbers in zip(compute.cells, compute.citations, strict=True)}
    assert own["Case: China, National Science Library of the Chinese Academy of Sciences"] == [
        "seed 000 §3.3 outputs and outcomes of R&D"]
    assert own["Case: Norway, National Library of Norway"] == []
    page = render_html(report_en)
    assert f'<p class="notes">Sources of every row: <a href="#source-{number}">[{number}]</a></p>' in page


@pytest.fixture(scope="module")
def repository_report(catalogue, repository_graphs):
    return collect(catalogue, create_store(None, repository_graphs.quads()), "en")


@needs_dot
def test_sources_a_study_gives_every_row_of_it_are_cited_once_per_study(repository_report):
    """Both studies (seed 000's and the external evidence's): each row counts the cases of one."""
    for query_id in ("logic-model-comparison", "cases-per-role"):
        counted = table(repository_report, query_id)
        assert counted.grouped_by == "study" and not any(counted.citations), query_id
        assert [value for value, _ in counted.groups] == [SEED_STUDY, EXTERNAL_STUDY], query_id
        assert all(numbers for _, numbers in counted.groups)
    comparison = table(repository_report, "logic-model-comparison")
    seed_sources = [repository_report.sources[n - 1].label for n in comparison.groups[0][1]]
    assert "seed 000 §2 research method" in seed_sources
    markdown = render_markdown(repository_report, {key: key for key in repository_report.figures})
    assert f"Sources by study: {SEED_STUDY} [" in markdown
