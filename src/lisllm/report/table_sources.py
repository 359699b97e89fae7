"""Where a table's citations go: on its rows, or once under it.

A row cites its own sources. Sources that every row cites are cited once under the table instead of
on each row. Then, where one column decides the rest — every row with the same value there cites
the same sources, as the rows of one study do in the tables that count cases per study — those are
cited once per value under the table, provided that the column has at most half as many values as the
table has rows. A table whose rows are left with nothing of their own has no
sources column.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class TableSources:
    rows: list[set[str]]                      # each row's own sources (IRIs)
    shared: set[str] = field(default_factory=set)
    column: int | None = None                 # the column whose value decides the grouped sources
    by_value: dict[object, set[str]] = field(default_factory=dict)


def split_sources(rows: list[tuple], cited: list[set[str]]) -> TableSources:
    """Split the sources each row cites (`cited`, parallel to `rows` of terms)."""
    if len(rows) < 2:
        return TableSources([set(c) for c in cited])
    shared = set.intersection(*cited)
    own = [c - shared for c in cited]
    for column in range(len(rows[0])):
        groups: dict[object, list[set[str]]] = defaultdict(list)
        for row, sources in zip(rows, own, strict=True):
            groups[row[column]].append(sources)
        # At most half as many values as rows: a column of near-unique values would move nearly
        # every row's own sources away from it.
        decided = (None not in groups and 2 * len(groups) <= len(rows)
                   and all(all(s == members[0] for s in members) for members in groups.values())
                   and any(members[0] for members in groups.values()))
        if decided:
            return TableSources([set() for _ in rows], shared, column,
                                {value: members[0] for value, members in groups.items()})
    return TableSources(own, shared)
