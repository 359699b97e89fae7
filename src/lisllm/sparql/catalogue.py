"""The catalogue of competency queries: `.rq` files with a metadata header, and their expected results.

A query file starts with comment lines `# key: value`:

    # id: rq1-motivations-by-case
    # title@en: Motivations per case
    # title@zh: 各案例的动机
    # rq: RQ1
    # description: One line saying what the query answers.
    # expected: rq1-motivations-by-case.srj

`rq` may list several questions separated by commas. `expected` names a file beside the query,
in SPARQL 1.1 Query Results JSON (`.srj`), written by hand from the seeds. Results are compared
as multisets, or as sequences when the query has ORDER BY.

An optional `# scope: study:a, study:b` names the studies the expected results were written for.
The competency-question check then runs the query on the graph without the files that define
cases of other studies, so a case a user adds as data (with its own study) shows up in every
query, the report and the site, but does not change the answers written for the seed's study.

An optional `# param: name, …` line lists the query's parameters: variables bound by a
`VALUES ?name { term }` block in the query, whose term is an example value (the expected results
are written for it) that `lisllm query --param name=VALUE` replaces. A parameter called `lang`
holds a language tag literal such as "en" and follows `--lang`.

An optional `# service: name <IRI>` line (repeatable as `name <IRI>, name2 <IRI2>`) says that the
query federates with the SPARQL endpoint IRI through `SERVICE <IRI>`. Such a query needs the
network, so the checks that run offline (validation, the test suite, benchmarks) leave it out
(`offline`); its expected-results file is optional, and `lisllm query --service name=URL` points
it at another endpoint, such as a local copy.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputErrors, LisllmError, Location
from ..namespaces import PREFIXES
from ..naming import SLUG
from .text import has_parameter, syntax_error

HEADER = re.compile(r"^#\s*([A-Za-z]+(?:@[a-z]{2})?)\s*:\s*(.*?)\s*$")
REQUIRED = ("id", "title@en", "title@zh", "rq", "description")
ID_PATTERN = SLUG     # a query id is a slug


@dataclass(frozen=True)
class CatalogueQuery:
    id: str
    path: Path
    text: str
    titles: dict[str, str]
    questions: tuple[str, ...]
    description: str
    expected: Path | None
    extra: dict[str, str] = field(default_factory=dict)
    params: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()          # IRIs of the studies the expected results describe
    services: dict[str, str] = field(default_factory=dict)   # name → endpoint IRI used in SERVICE

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or self.titles.get("en", self.id)

    @property
    def ordered(self) -> bool:
        return re.search(r"\bORDER\s+BY\b", _strip_comments(self.text), re.IGNORECASE) is not None


def parse_query_file(path: Path) -> CatalogueQuery:
    """Read a query file's header; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LisllmError(f"cannot read: {exc.strerror or exc}", Location(path)) from exc
    header: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = HEADER.match(line)
        if match:
            key, value = match.groups()
            if key in header:
                raise LisllmError(f"header key '{key}' given twice", Location(path, number))
            header[key] = value
    missing = [key for key in REQUIRED if not header.get(key)]
    if missing:
        raise LisllmError(f"query header lacks {', '.join(missing)} (see lisllm.sparql.catalogue)", Location(path, 1))
    if not ID_PATTERN.match(header["id"]):
        raise LisllmError(f"query id '{header['id']}' is not lowercase-with-hyphens", Location(path, 1))
    if header["id"] != path.stem:
        raise LisllmError(f"query id '{header['id']}' differs from the file name '{path.stem}'", Location(path, 1))
    expected = path.parent / header["expected"] if header.get("expected") else None
    if expected is not None and not expected.is_file():
        raise LisllmError(f"expected-results file {header['expected']} not found beside the query", Location(path, 1))
    params = tuple(p.strip().lstrip("?") for p in header.get("param", "").split(",") if p.strip())
    for name in params:
        if not has_parameter(text, name):
            raise LisllmError(f"parameter '{name}' has no 'VALUES ?{name} {{ … }}' block in the query",
                              Location(path, 1))
    services = _services(header.get("service", ""), text, path)
    known = set(REQUIRED) | {"expected", "param", "scope", "service"}
    scope = tuple(_expand(name.strip(), path) for name in header.get("scope", "").split(",") if name.strip())
    return CatalogueQuery(
        id=header["id"],
        path=path,
        text=text,
        titles={key.split("@")[1]: value for key, value in header.items() if key.startswith("title@")},
        questions=tuple(q.strip() for q in header["rq"].split(",") if q.strip()),
        description=header["description"],
        expected=expected,
        extra={k: v for k, v in header.items() if k not in known and not k.startswith("title@")},
        params=params,
        scope=scope,
        services=services,
    )


SERVICE_HEADER = re.compile(r"^([a-z][a-z0-9-]*)\s+<([^<>\s]+)>$")


def _services(value: str, text: str, path: Path) -> dict[str, str]:
    services = {}
    for item in (part.strip() for part in value.split(",") if part.strip()):
        match = SERVICE_HEADER.match(item)
        if match is None:
            raise LisllmError(f"service '{item}' is not 'name <IRI>'", Location(path, 1))
        name, iri = match.groups()
        if not service_pattern(iri).search(text):
            raise LisllmError(f"service {name} <{iri}> is declared but the query has no 'SERVICE <{iri}>'",
                              Location(path, 1))
        services[name] = iri
    return services


def service_pattern(iri: str) -> re.Pattern:
    """`SERVICE [SILENT] <iri>` in a query's text."""
    return re.compile(r"(\bSERVICE\s+(?:SILENT\s+)?)<" + re.escape(iri) + ">", re.IGNORECASE)


def offline(catalogue: list[CatalogueQuery]) -> list[CatalogueQuery]:
    """The queries that need no other endpoint: those the offline checks run."""
    return [query for query in catalogue if not query.services]


def bind_services(query: CatalogueQuery, endpoints: dict[str, str]) -> str:
    """The query's text with each named service's IRI replaced by the endpoint given for it."""
    text = query.text
    for name, url in endpoints.items():
        if name not in query.services:
            known = ", ".join(query.services) or "none"
            raise LisllmError(f"the query has no service '{name}' (its services: {known})", Location(query.path))
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
            raise LisllmError(f"'{url}' is not an http(s) endpoint URL")
        text = service_pattern(query.services[name]).sub(lambda m, u=url: f"{m.group(1)}<{u}>", text)
    return text


def _expand(name: str, path: Path) -> str:
    """A prefixed name (with the project's prefixes) or <IRI> as a full IRI."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    raise LisllmError(f"scope '{name}' is neither <IRI> nor a prefixed name with a known prefix", Location(path, 1))


def load_catalogue(folder: Path) -> list[CatalogueQuery]:
    """Every `.rq` file below `folder`, sorted by id; all header errors are reported together."""
    if not folder.is_dir():
        return []
    queries, errors = [], []
    for path in sorted(folder.rglob("*.rq")):
        try:
            queries.append(parse_query_file(path))
        except LisllmError as exc:
            errors.append(exc)
    seen: dict[str, Path] = {}
    for query in queries:
        if query.id in seen:
            errors.append(LisllmError(f"query id '{query.id}' also used by {seen[query.id]}", Location(query.path, 1)))
        seen[query.id] = query.path
    if errors:
        raise InputErrors(errors)
    return sorted(queries, key=lambda q: q.id)


def find_query(catalogue: list[CatalogueQuery], name: str) -> CatalogueQuery | None:
    return next((q for q in catalogue if q.id == name), None)


# --- running and comparing -------------------------------------------------------------------

Row = tuple[tuple[str, str], ...]   # ((variable, N-Triples term), …) sorted by variable


def run_select(store: ox.Store, text: str, path: Path | None = None) -> tuple[list[str], list[Row]]:
    """Run a SELECT over the union of the graphs; return its variables and rows."""
    try:
        solutions = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise syntax_error(exc, text, path) from exc
    if not isinstance(solutions, ox.QuerySolutions):
        raise LisllmError("only SELECT queries can be compared with expected results", Location(path) if path else None)
    return solution_rows(solutions)


def solution_rows(solutions: ox.QuerySolutions) -> tuple[list[str], list[Row]]:
    """The variables and comparable rows of a SELECT result (from any store or endpoint)."""
    variables = [v.value for v in solutions.variables]
    return variables, [_row(variables, solution) for solution in solutions]


def read_expected(path: Path) -> tuple[list[str], list[Row]]:
    """Read a SPARQL JSON (.srj/.json) or XML (.srx) results file."""
    formats = {".srj": ox.QueryResultsFormat.JSON, ".json": ox.QueryResultsFormat.JSON,
               ".srx": ox.QueryResultsFormat.XML}
    fmt = formats.get(path.suffix)
    if fmt is None:
        raise LisllmError("expected results must be SPARQL JSON (.srj) or XML (.srx)", Location(path))
    try:
        solutions = ox.parse_query_results(path=path, format=fmt)
    except SyntaxError as exc:
        raise LisllmError(f"invalid results file: {exc.msg or exc}", Location(path, exc.lineno, exc.offset)) from exc
    return solution_rows(solutions)


def compare(query: CatalogueQuery, actual: tuple[list[str], list[Row]],
            expected: tuple[list[str], list[Row]]) -> list[str]:
    """Differences between actual and expected results, as readable lines (empty when equal)."""
    (actual_vars, actual_rows), (expected_vars, expected_rows) = actual, expected
    problems = []
    if set(actual_vars) != set(expected_vars):
        problems.append(f"variables differ: query has {sorted(actual_vars)}, expected {sorted(expected_vars)}")
        return problems
    if query.ordered:
        if actual_rows != expected_rows:
            for index, (a, e) in enumerate(zip(actual_rows, expected_rows, strict=False), start=1):
                if a != e:
                    problems.append(f"row {index}: got {_show(a)}, expected {_show(e)}")
            if len(actual_rows) != len(expected_rows):
                problems.append(f"{len(actual_rows)} rows, expected {len(expected_rows)}")
        return problems
    missing = Counter(expected_rows) - Counter(actual_rows)
    unexpected = Counter(actual_rows) - Counter(expected_rows)
    problems += [f"- missing: {_show(row)}" for row in sorted(missing.elements())]
    problems += [f"+ unexpected: {_show(row)}" for row in sorted(unexpected.elements())]
    return problems


def _row(variables: list[str], solution) -> Row:
    cells = []
    for name in sorted(variables):
        term = solution[name]
        if term is not None:
            cells.append((name, str(term)))
    return tuple(cells)


def _show(row: Row) -> str:
    return "{" + ", ".join(f"{name}={term}" for name, term in row) + "}"


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
