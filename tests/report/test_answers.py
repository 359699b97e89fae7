"""Each research question opens with a short answer in prose that says what seed 000 answers.

Written by hand from seed 000: RQ1 §3.1 (two internal and four external motivations; Sweden, Norway
and Japan see the language-technology bottleneck), RQ2 §3.2 and §4.5 (five mechanisms; internal R&D
in Sweden and Norway, joint R&D in China, Sweden and Japan), RQ3 §3.3 (application products in China,
free open models and datasets in Sweden, Norway and Japan; the outcomes, one stated for all), RQ4
§4.5 (secondary participant China, primary participants Sweden and Norway, leader Japan).
"""

from __future__ import annotations

from conftest import needs_dot
from lisllm.report.document import render_html
from lisllm.report.output import render_markdown


def answer(report, key):
    return next(s.answer for s in report.sections if s.key == key)


@needs_dot
def test_chinese_answers(report_zh):
    assert answer(report_zh, "RQ1") == [
        "研究归纳出 6 项动机，分为 2 组：外部动力（突破语言技术瓶颈、赋能多行业发展、提升模型可信度与安全性、"
        "维护低资源语言文化）；内部动力（履行研究职能、开放馆藏资源）。",
        "其中 1 项由数据归于具体案例：“突破语言技术瓶颈”（挪威、日本、瑞典）。"]
    assert answer(report_zh, "RQ2") == [
        "图书情报机构通过 5 项机制参与研发：以算力资源为支撑、以版权法规为界线、以知识经验为操手、以研发管理为协调、"
        "以研究数据为基底。",
        "全部 4 个案例都具备这 5 项机制。",
        "研发管理分 2 种方式：内部研发（挪威、瑞典）、联合研发（中国、日本、瑞典）。"]
    assert answer(report_zh, "RQ3") == [
        "研发产出分 2 类：应用产品——中国；语言模型与数据集（免费开放资源）——挪威、日本、瑞典。",
        "成效共 4 项：大语言模型技术突破（日本）、创新低资源语言技术（挪威、瑞典）、垂直领域大模型的优化（中国），"
        "以及针对全部机构总体陈述的多领域增能。"]
    assert answer(report_zh, "RQ4") == [
        "推理机把 4 个机构归入 3 种角色：次要参与者（中国）、主要参与者（挪威、瑞典）、引领者（日本）。"]


@needs_dot
def test_english_answers(report_en):
    assert answer(report_en, "RQ1") == [
        "The study finds 6 motivations in 2 groups: external motivations (breaking the language-technology "
        "bottleneck, empowering many sectors, more trustworthy and safer models, preserving low-resource languages "
        "and cultures) and internal motivations (fulfilling the research mission, opening up collections).",
        "The data attribute one of them to particular cases: “breaking the language-technology bottleneck” "
        "(Japan, Norway and Sweden)."]
    assert answer(report_en, "RQ2")[1:] == [
        "All 4 cases realise all 5.",
        "R&D is managed in 2 ways: internal R&D (Norway and Sweden) and joint R&D (China, Japan and Sweden)."]
    assert answer(report_en, "RQ4") == [
        "The reasoner places the 4 institutions in 3 roles: secondary participant (China), primary participant "
        "(Norway and Sweden) and leader (Japan)."]
    # Only the research questions get an answer; it opens the section, before its figure and tables.
    assert [s.key for s in report_en.sections if s.answer] == ["RQ1", "RQ2", "RQ3", "RQ4"]
    markdown = render_markdown(report_en, {key: key for key in report_en.figures})
    rq4 = markdown.split("## RQ4: How do countries differ?\n\n")[1]
    assert rq4.startswith("**In short:** The reasoner places the 4 institutions in 3 roles:")
    assert rq4.index("**In short:**") < rq4.index("![Figure 1. Case model]")
    assert ('<p class="answer"><strong>In short:</strong> The study finds 6 motivations in 2 groups:'
            in render_html(report_en))
