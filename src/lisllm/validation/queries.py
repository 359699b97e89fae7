"""Step 5, competency questions: every catalogue query runs and answers what its expected-results
file (written by hand, beside it) says; a changed answer is shown as a diff (lisllm.sparql.catalogue).
A query with a `# scope:` header runs on the graph of the studies it names (lisllm.sparql.scoping);
a federated one (`# service:`) is listed as not run, since validation never calls the network."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..errors import LisllmError
from ..namespaces import LISLLM
from ..sparql.catalogue import compare, parse_query_file, read_expected, run_select
from .report import VIOLATION, WARNING, Issue

STEP = "queries"


def check_queries(store_for: Callable[[tuple[str, ...]], ox.Store], paths: list[Path], parsed: dict[Path, str],
                  show, *, reasoner: bool = True) -> tuple[list[Issue], list[str], dict[str, str]]:
    """Run the queries whose SPARQL parsed, each on `store_for(query.scope)`; return issues, items
    (query ids) and items not run."""
    issues: list[Issue] = []
    items: list[str] = []
    not_run: dict[str, str] = {}
    ids: dict[str, Path] = {}
    # Without the reasoner the inferred graph is missing, so a different answer may be expected.
    changed = VIOLATION if reasoner else WARNING
    for path in paths:
        name = show(path)
        items.append(name)
        if path not in parsed:
            not_run[name] = "not run: the query has a syntax error (see the syntax step)"
            continue
        try:
            query = parse_query_file(path)
        except LisllmError as exc:
            issues.append(_issue(exc, name, path, "query-header"))
            continue
        if query.id in ids:
            issues.append(Issue(STEP, VIOLATION, "duplicate-id", f"query id '{query.id}' is also used by "
                                f"{show(ids[query.id])}", name, file=path, line=1))
            continue
        ids[query.id] = path
        if query.services:
            endpoints = ", ".join(f"<{iri}>" for iri in query.services.values())
            not_run[name] = (f"not run: federated with {endpoints}, which checks made offline do not call "
                             f"(lisllm query {query.id} --service NAME=URL runs it)")
            continue
        if query.expected is None:
            issues.append(Issue(STEP, WARNING, "no-expected-results",
                                f"query {query.id} has no expected-results file (add '# expected: {query.id}.srj')",
                                name, file=path, line=1, focus=query.id))
            continue
        absent = _absent_studies(store_for(()), query.scope)
        if absent:
            # Answers written for a study the project does not hold cannot be checked here.
            not_run[name] = f"not run: its scope names {', '.join(absent)}, which the data do not describe"
            continue
        try:
            actual = run_select(store_for(query.scope), query.text, path)
            expected = read_expected(query.expected)
        except LisllmError as exc:
            issues.append(_issue(exc, name, path, "query-error"))
            continue
        diff = compare(query, actual, expected)
        if diff:
            order = "in order" if query.ordered else "as a multiset"
            note = "" if reasoner else " (run without the reasoner: inferred facts are missing)"
            issues.append(Issue(
                STEP, changed, "answer-changed",
                f"query {query.id} ({query.title()}) does not give the expected results of "
                f"{show(query.expected)}, compared {order}{note}", name,
                file=path, line=1, focus=query.id, details=diff))
    return issues, items, not_run


def scopes(paths: list[Path], parsed: dict[Path, str]) -> list[tuple[str, ...]]:
    """The `# scope:` of each query that parsed and has a readable header (none: the full graph)."""
    found = []
    for path in paths:
        if path in parsed:
            try:
                found.append(parse_query_file(path).scope)
            except LisllmError:
                continue            # reported by check_queries
    return found


def _absent_studies(store: ox.Store, scope: tuple[str, ...]) -> list[str]:
    return [study for study in scope
            if not store.query(f"ASK {{ <{study}> a <{LISLLM}Study> }}", use_default_graph_as_union=True)]


def _issue(exc: LisllmError, name: str, path: Path, rule: str) -> Issue:
    location = exc.location
    return Issue(STEP, VIOLATION, rule, exc.message, name,
                 file=location.path if location else path,
                 line=location.line if location else None, column=location.column if location else None)
