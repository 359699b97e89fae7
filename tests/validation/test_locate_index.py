"""The locator's index gives the same file positions as scanning the text, for every term."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from lisllm.graph.rdf_files import parse_file
from lisllm.validation.locate import SourceText

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _compare(path, prefixes, iris) -> int:
    text = SourceText(path, prefixes)
    text._lookups = 10 ** 9     # past the scanning look-ups: always answer from the index
    for iri in sorted(iris):
        spellings = text.spellings(iri)
        assert text.find_resource(iri) == text._scan(spellings), (path, iri)
    return len(iris)


def test_index_and_scan_agree_on_every_term_of_every_file(project, tmp_path):
    files = project.ontology_files() + project.instance_files() + project.shape_files() + sorted(FIXTURES.glob("*.ttl"))
    checked = 0
    for path in files:
        parsed = parse_file(path)
        # The file's own terms, and some it does not mention (which must not be found).
        own = {term.value for t in parsed.triples for term in t if isinstance(term, ox.NamedNode)}
        checked += _compare(path, parsed.prefixes, own | {iri + "x" for iri in sorted(own)[:20]})
    assert checked > 2_000
    # Tricky spellings: names glued to a full stop, after "<", inside a literal, percent escapes.
    tricky = tmp_path / "tricky.ttl"
    tricky.write_text(
        "@prefix ex: <https://example.org/> .\n"
        "ex:a ex:p ex:b.\n"
        "  ex:c ex:p <https://example.org/d> , \"ex:e in text\" .\n"
        "<ex:f> ex:p ex:g%20h , ex:i.j , x.ex:k .\n"
        "ex:b ex:p ex:a ; ex:q ex:c-d , ex:c .\n", encoding="utf-8")
    names = {f"https://example.org/{n}"
             for n in ("a", "b", "c", "d", "e", "f", "g%20h", "i", "i.j", "k", "c-d", "p", "q")}
    _compare(tricky, {"ex": "https://example.org/"}, names)
