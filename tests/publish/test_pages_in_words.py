"""Every resource page of the whole repository, in English and Chinese, as `lisllm publish` renders
it: blank nodes (unmet role conditions, periods, OWL restrictions) read in words, never as `_:` ids."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from lisllm.graph.store import create_store
from lisllm.namespaces import ID, LISLLM
from lisllm.publish.pages import page_file, write_resource_pages
from lisllm.publish.release import resource_iris
from lisllm.server.labels import UNNAMED

BNF = ID + "organization/bibliotheque-nationale-de-france"
BLANK_NODE_ID = re.compile(r"_:[0-9A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")
INBOUND = {"en": "<h2>Inbound links</h2>", "zh": "<h2>入链</h2>"}
BLOCKS = {"div", "li", "ol", "ul", "p", "tr", "td", "th", "h1", "h2", "blockquote", "br"}


class _Text(HTMLParser):
    """The text a reader sees: what lies between tags, outside <style> and <script>, with a space
    where a block (a row, a cell, a nested line) starts."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("style", "script")
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def shown_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return " ".join("".join(parser.parts).split())


def inbound_rows(markup: str, lang: str) -> list[tuple[str, str, str]]:
    """The inbound-links table as (who links, by which property, the linking cell's markup)."""
    section = markup[markup.index(INBOUND[lang]):] if INBOUND[lang] in markup else ""
    return [(shown_text(who), shown_text(by), who)
            for who, by in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", section, re.S)]


@pytest.fixture(scope="module")
def store(repository_graphs):
    return create_store(None, repository_graphs.quads())


@pytest.fixture(scope="module")
def site(store, tmp_path_factory):
    """The pages of every resource of both studies, written as a release writes them."""
    out = tmp_path_factory.mktemp("pages")
    iris = resource_iris(store)
    assert write_resource_pages(store, out, iris, set()) == 2 * len(iris)
    return out


def read(site, iri: str, lang: str) -> str:
    return (site / page_file(iri, lang)).read_text(encoding="utf-8")


def test_no_page_shows_a_blank_node_identifier(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 1000
    for path in pages:
        text = shown_text(path.read_text(encoding="utf-8"))
        assert not BLANK_NODE_ID.search(text), f"{path.relative_to(site)}: {BLANK_NODE_ID.search(text)}"
        # Nor does any blank node fall back to being called unnamed: each is described in words.
        assert UNNAMED["en"] not in text and UNNAMED["zh"] not in text, path.relative_to(site)


def test_the_bnf_page_says_which_role_conditions_it_does_not_meet(site, store):
    unmet = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?c <{LISLLM}unmetBy> <{BNF}> }} }}")
    count = int(next(iter(unmet))["n"].value)
    expected = {
        "en": ("unmet by", "Bibliothèque nationale de France does not meet “coordinates: national LLM R&D network” "
               "of leader", ["condition of role: leader", "required class: national LLM R&D network",
                             "required property: coordinates"]),
        "zh": ("未满足者", "法国国家图书馆 不满足引领者的条件“牵头: 全国性大语言模型研发网络”",
               ["所属角色: 引领者", "所需类别: 全国性大语言模型研发网络", "所需属性: 牵头"]),
    }
    for lang, (by, words, details) in expected.items():
        rows = [row for row in inbound_rows(read(site, BNF, lang), lang) if row[1] == by]
        assert len(rows) == count >= 4, lang
        (leader,) = [row for row in rows if row[0].startswith(words)]
        for detail in details:
            assert detail in leader[0], (lang, detail, leader[0])
        # The role is a link a reader can follow, to its page in the same language.
        suffix = ".zh.html" if lang == "zh" else ".html"
        assert f'href="../../ontology/Leader{suffix}"' in leader[2]
        # The link back to the BnF's own page is not repeated inside the row.
        assert "bibliotheque-nationale-de-france" not in leader[2]


def test_a_period_reads_as_its_years(site):
    case = ID + "case/japan-nii"
    assert "dcterms:temporal 2021–2024 " in shown_text(read(site, case, "en")) + " "
    assert "时间范围 2021年–2024年 " in shown_text(read(site, case, "zh")) + " "


def test_an_owl_restriction_links_from_the_class_it_defines(site):
    """Company is named in secondary participant's definition (some value of R&D led by is a company)."""
    for lang, path in (("en", "owl:equivalentClass › owl:intersectionOf › owl:someValuesFrom"),
                       ("zh", "等价类 › 交集 › 部分取值于")):
        rows = inbound_rows(read(site, LISLLM + "Company", lang), lang)
        assert ("次要参与者" if lang == "zh" else "secondary participant", path) in {row[:2] for row in rows}


def test_chinese_pages_name_inbound_links_in_chinese(site, store):
    checked = 0
    for iri in resource_iris(store):
        for _who, by, _cell in inbound_rows(read(site, iri, "zh"), "zh"):
            assert CJK.search(by), (iri, by)
            checked += 1
    assert checked > 1000
    # and English pages in English: the same property, unmet by, in its English name
    assert any(by == "unmet by" for _w, by, _c in inbound_rows(read(site, BNF, "en"), "en"))
