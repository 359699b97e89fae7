"""Periods and dates in the words of a page's language (server/labels.py)."""

import pyoxigraph as ox
import pytest

from lisllm.server.labels import period_words

XSD = "http://www.w3.org/2001/XMLSchema#"


def literal(text: str, kind: str = "gYear") -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + kind))


@pytest.mark.parametrize(("start", "end", "lang", "words"), [
    (literal("2021"), literal("2024"), "en", "2021–2024"),
    (literal("2021"), literal("2024"), "zh", "2021年–2024年"),
    (literal("2023"), literal("2023"), "zh", "2023年"),
    (literal("2021-03", "gYearMonth"), None, "zh", "2021年3月起"),
    (literal("2021-03", "gYearMonth"), None, "en", "from 2021-03"),
    (None, literal("2024-11-05", "date"), "zh", "至2024年11月5日"),
    (None, literal("2024-11-05", "date"), "en", "until 2024-11-05"),
])
def test_a_period_in_words(start, end, lang, words):
    assert period_words(start, end, lang) == words
