"""Figure 3, the timeline, drawn from the dated findings of both studies (issue 23). Expected cells
are written by hand from the case files' `year` keys and the pages they quote."""

from __future__ import annotations

import re

import pytest

from conftest import needs_dot
from lisllm.graph.store import create_store
from lisllm.report.timeline import timeline_dot, timeline_svg


@pytest.fixture(scope="module")
def both(repository_graphs):
    return create_store(None, repository_graphs.quads())


def _cells(dot: str) -> list[list[str]]:
    """The table's rows, each a list of its cells' text (markup removed)."""
    rows = re.findall(r"<tr>(.*?)</tr>", dot)
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in rows]


def test_years_are_columns_in_order_and_institutions_rows_by_first_year(both):
    rows = _cells(timeline_dot(both, "en"))
    years = rows[0][1:]
    assert years == sorted(years) and years[0] == "2017" and years[-1] == "2026"
    names = [row[0] for row in rows[1:]]
    # LC Labs (September 2017) and Annif (since 2017) open the timeline; Korea's 2026 plans close it.
    assert set(names[:2]) == {"Library of Congress", "National Library of Finland"}
    assert names[-1] == "National Library of Korea"


def test_a_plan_is_set_apart_and_a_fact_is_not(both):
    dot = timeline_dot(both, "en")
    korea = next(row for row in re.findall(r"<tr>(.*?)</tr>", dot) if "National Library of Korea" in row)
    assert korea.count("<i>") == korea.count("(plan)") >= 3
    nii = next(row for row in re.findall(r"<tr>(.*?)</tr>", dot) if "National Institute of Informatics" in row)
    assert "Research and Development Center for Large Language Models" in nii and "<i>" not in nii


def test_the_chinese_timeline_speaks_chinese(both):
    dot = timeline_dot(both, "zh")
    assert "图3 时间线" in dot and "韩国国立中央图书馆" in dot and "（计划）" in dot


@needs_dot
def test_the_timeline_draws(both):
    svg = timeline_svg(both, "en")
    assert svg.lstrip().startswith("<?xml") and "National Library of Korea" in svg
