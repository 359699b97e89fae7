"""Figures 1 and 2 drawn from the graph with Graphviz (real `dot`)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from conftest import needs_dot
from lisllm.errors import LisllmError
from lisllm.report.figures import case_model_dot, case_model_svg, logic_model_dot, logic_model_svg, render_svg

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg[svg.index("<svg"):])
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


def clusters(svg: str) -> dict[str, tuple[float, float]]:
    """Each cluster's title and the x range of its box (a rounded box is drawn as a path)."""
    root = ET.fromstring(svg[svg.index("<svg"):])
    found = {}
    for group in root.iter(SVG + "g"):
        if group.get("class") == "cluster":
            outline = group.find(SVG + "path").get("d")
            xs = [float(point.split(",")[0]) for point in re.findall(r"-?[\d.]+,-?[\d.]+", outline)]
            found["".join(group.find(SVG + "text").itertext())] = (min(xs), max(xs))
    return found


def test_case_model_puts_each_institution_under_its_inferred_role(store):
    dot = case_model_dot(store, "en")
    # Role boxes run from least to most R&D leadership (seed 000 §4.5).
    positions = [dot.index(f"<b>{role}</b>>") for role in ("secondary participant", "primary participant", "leader")]
    assert positions == sorted(positions)
    segments = dot.split("subgraph cluster_role_")[1:]
    members = {seg.split("<b>")[1].split("</b>")[0]: seg for seg in segments}
    assert "China · National Science Library, Chinese Academy of Sciences" in members["secondary participant"]
    assert "R&amp;D led by: iFlytek" in members["secondary participant"]
    assert "Norway · National Library of Norway" in members["primary participant"]
    assert "Sweden · National Library of Sweden" in members["primary participant"]
    assert "Japan · National Institute of Informatics" in members["leader"]
    assert "coordinates: LLM-jp" in members["leader"]


@needs_dot
def test_case_model_svg_in_chinese(store):
    svg = case_model_svg(store, "zh")
    assert svg.lstrip().startswith("<?xml")
    drawn = texts(svg)
    for text in ("次要参与者", "主要参与者", "引领者", "中国 · 中国科学院文献情报中心", "日本 · 日本国立情报学研究所",
                 "研发主导方: 科大讯飞", "牵头: LLM-jp", "专业知识: 辅助性数据标注人员"):
        assert text in drawn, text
    boxes = clusters(svg)
    assert boxes["次要参与者"][1] < boxes["主要参与者"][0] < boxes["主要参与者"][1] < boxes["引领者"][0]


@needs_dot
def test_logic_model_shows_the_stages_in_order_with_the_countries(store):
    dot = logic_model_dot(store, "en")
    assert dot.count("ltail=cluster_stage_") == 3   # motivation → mechanism → output → outcome
    drawn = texts(logic_model_svg(store, "en"))
    # The nodes of Figure 2 (seed 000 §4.5), and the sub-kind the seed reports only for China.
    for label in ("opening up collections", "fulfilling the research mission",
                  "breaking the language-technology bottleneck",
                  "more trustworthy and safer models", "preserving low-resource languages and cultures",
                  "empowering many sectors", "research data as the base", "knowledge and expertise as the operator",
                  "computing resources as the support", "copyright law and regulation as the boundary",
                  "R&D management as the coordinator", "application product",
                  "free open language models and datasets", "multi-domain empowerment",
                  "low-resource language technology innovation", "LLM technology breakthrough",
                  "optimisation of vertical-domain LLMs", "internal motivations", "external motivations",
                  "technology push"):
        assert label in drawn, label
    after = {label: drawn[i + 1] for i, label in enumerate(drawn[:-1])}
    assert after["breaking the language-technology bottleneck"] == "Japan, Norway, Sweden"
    assert after["research data as the base"] == "China, Japan, Norway, Sweden"
    assert after["application product"] == "China"
    assert after["LLM technology breakthrough"] == "Japan"
    boxes = clusters(logic_model_svg(store, "en"))
    order = [boxes[s] for s in ("motivation (antecedent)", "mechanism (inputs and activities)", "output", "outcome")]
    assert all(left[1] < right[0] for left, right in zip(order, order[1:], strict=False))


def test_without_graphviz_the_error_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LisllmError, match=r"install Graphviz \(Debian: apt-get install graphviz"):
        render_svg("digraph { a }")


@needs_dot
def test_the_figures_name_the_cjk_font_their_chinese_is_measured_with(store):
    """Graphviz measures a label with the font it names; a Chinese label measured with a Latin
    font's fallback comes out too narrow or as boxes (issue 25)."""
    svg = case_model_svg(store, "zh")
    families = set(re.findall(r'font-family="([^"]+)"', svg))
    assert families == {"Noto Sans CJK SC"}
