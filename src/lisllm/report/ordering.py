"""The order of a report table's rows, and the sentence under its title that states it.

Each table is sorted by keys chosen for what it shows (ORDER), not by the query's ORDER BY, which
sorts IRIs so that large graphs stay fast. Names sort by their English form in both languages: code
points give Chinese no order a reader would recognise, and this way the English and Chinese reports
list their rows alike. Items that the sources number (the recommendations R1–R4) sort by their
number (`dcterms:identifier`), numbers as numbers, and a key written "-name" from most to fewest.
Unbound cells come last. The columns that are not keys break ties from left to right, so the order
is total; a query without an entry is ordered by its columns from left to right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..sparql.endpoint import Endpoint
from ..sparql.labels import BATCH, fetch_labels
from .columns import heading, term_words

ORDER: dict[str, tuple[str, ...]] = {
    "rq1-motivations-by-case": ("group", "motivation", "case"),
    "rq1-motivations-shared-or-distinctive": ("-cases", "motivation"),
    "logic-model-comparison": ("order", "element", "study"),
    "rq2-mechanisms-by-case": ("case", "topMechanism", "mechanism"),
    "rq2-compute-by-case": ("case",),
    "rq2-staff-involvement": ("case",),
    "rq2-rnd-management": ("case", "mode", "jointMode"),
    "rq3-outputs-by-case": ("case", "topKind", "outputKind", "output"),
    "rq3-outcomes-by-case": ("group", "outcome", "case"),
    "rq4-case-model": ("country", "institution", "role"),
    "rq4-role-explanations": ("country", "institution", "role"),
    "cases-per-role": ("study", "-institutions", "role"),
    "unclassified-institutions": ("study", "institution", "role", "property"),
    "logic-model-chains": ("case", "order", "element"),
    "recommendations-gaps": ("recommendation", "case", "realisedAs"),
    "participations-by-year": ("year", "institution", "claim", "object"),
}

IDENTIFIERS_QUERY = "SELECT ?item ?identifier WHERE { VALUES ?item { %s } ?item dcterms:identifier ?identifier }"
TEXT_TYPES = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}

WORDS = {
    "en": {"by": "Rows are ordered by {keys}.", "then": ", then ", "most": "{key} (most first)",
           "names": " Names are in English alphabetical order.",
           "numbered": " Names are in English alphabetical order, numbered items (such as {example}) by number."},
    "zh": {"by": "各行按{keys}排序。", "then": "、", "most": "{key}（从多到少）",
           "names": "名称按英文字母顺序排列。",
           "numbered": "名称按英文字母顺序排列，带编号的条目（如 {example}）按编号排列。"},
}


@dataclass(frozen=True)
class SortNames:
    """What IRIs sort by: English labels, and the identifiers the sources number items with."""

    labels: dict[str, str]
    identifiers: dict[str, str]

    @classmethod
    def fetch(cls, endpoint: Endpoint, iris: set[str]) -> SortNames:
        identifiers: dict[str, str] = {}
        wanted = sorted(iris)
        for start in range(0, len(wanted), BATCH):
            values = " ".join(f"<{iri}>" for iri in wanted[start:start + BATCH])
            for row in endpoint.query(IDENTIFIERS_QUERY % values):
                identifiers.setdefault(row["item"].value, row["identifier"].value)
        return cls(term_words("en") | fetch_labels(endpoint, iris, "en"), identifiers)


def keys_of(query_id: str, variables: list[str]) -> list[tuple[str, bool]]:
    """(variable, descending) pairs: the stated keys of the query's table."""
    stated = ORDER.get(query_id) or tuple(variables)
    return [(key.lstrip("-"), key.startswith("-")) for key in stated if key.lstrip("-") in variables]


def _natural(text: str) -> tuple:
    # R2 before R10: digit runs compare as numbers.
    return tuple(int(part) if i % 2 else part.casefold() for i, part in enumerate(re.split(r"(\d+)", text)))


def sort_key(term, names: SortNames) -> tuple:
    if term is None:
        return (1, 0, 0.0, ())
    if isinstance(term, ox.NamedNode):
        if term.value in names.identifiers:
            return (0, 1, 0.0, _natural(names.identifiers[term.value]))
        return (0, 2, 0.0, _natural(names.labels.get(term.value, term.value)))
    if isinstance(term, ox.Literal) and term.datatype.value not in TEXT_TYPES:
        try:
            return (0, 0, float(term.value), ())
        except ValueError:
            pass
    return (0, 2, 0.0, _natural(getattr(term, "value", str(term))))


def sort_rows(rows: list[tuple], variables: list[str], keys: list[tuple[str, bool]], names: SortNames) -> list[tuple]:
    """The rows in the table's order."""
    stated = [name for name, _ in keys]
    order = keys + [(name, False) for name in variables if name not in stated]
    ordered = list(rows)
    # Stable sorts from the last key to the first give each key its own direction.
    for name, descending in reversed(order):
        column = variables.index(name)
        if descending:
            ordered.sort(key=lambda row, c=column: (row[c] is not None, sort_key(row[c], names)), reverse=True)
        else:
            ordered.sort(key=lambda row, c=column: sort_key(row[c], names))
    return ordered


def order_sentence(query_id: str, keys: list[tuple[str, bool]], variables: list[str], rows: list[tuple],
                   names: SortNames, lang: str) -> str:
    words = WORDS[lang]
    parts = [words["most"].format(key=heading(name, lang, query_id)) if descending else heading(name, lang, query_id)
             for name, descending in keys]
    sentence = words["by"].format(keys=words["then"].join(parts))
    kinds = {sort_key(row[variables.index(name)], names)[1] for name, _ in keys for row in rows}
    if 1 in kinds:
        example = min((names.identifiers[t.value] for name, _ in keys for row in rows
                       if isinstance(t := row[variables.index(name)], ox.NamedNode) and t.value in names.identifiers),
                      key=_natural)
        return sentence + words["numbered"].format(example=example)
    return sentence + words["names"] if 2 in kinds else sentence
