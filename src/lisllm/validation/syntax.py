"""Step 1, syntax: parse every RDF file and query once, and check the lexical form of typed literals.

Every file is parsed even when an earlier one fails, so that all syntax errors are reported in one
run. The parsed files are kept and reused by all later steps.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from ..errors import LisllmError
from ..graph.rdf_files import ParsedFile, parse_file
from ..namespaces import PREFIXES, XSD
from ..sparql.text import TooDeep, check_nesting
from .lexical import lexical_problem
from .locate import SourceText
from .report import VIOLATION, Issue, StepReport

STEP = "syntax"
SPARQL_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


def parse_rdf(paths: list[Path], step: StepReport, show, base: str | None = None) -> dict[Path, ParsedFile]:
    """Parse each file; a file that fails gives one issue with the parser's location and message.

    Relative IRIs resolve against `base` (a project's), else against each file's own IRI (the lint
    step then warns about them: those IRIs name this machine's files)."""
    parsed: dict[Path, ParsedFile] = {}
    for path in paths:
        step.items.append(show(path))
        try:
            parsed[path] = parse_file(path, base)
        except LisllmError as exc:
            location = exc.location
            step.issues.append(Issue(
                STEP, VIOLATION, "parse-error", exc.message, show(path), file=path,
                line=location.line if location else None, column=location.column if location else None,
            ))
            continue
        step.issues.extend(ill_typed_literals(parsed[path], show))
    return parsed


def ill_typed_literals(parsed: ParsedFile, show) -> list[Issue]:
    """Literals whose lexical form is not valid for their XSD datatype, one issue per place written."""
    text = SourceText(parsed.path, parsed.prefixes)
    found: dict[tuple[str, str], tuple[str, ox.Triple]] = {}
    for t in parsed.triples:
        if isinstance(t.object, ox.Literal) and t.object.datatype.value.startswith(XSD):
            key = (t.object.value, t.object.datatype.value)
            if key not in found:
                problem = lexical_problem(*key)
                if problem:
                    found[key] = (problem, t)
    issues = []
    for (value, datatype), (problem, triple) in found.items():
        spellings = [s for s in text.spellings(datatype)] + [f"xsd:{datatype[len(XSD):]}"]
        positions = text.find_literal(value, spellings) or [(None, None)]
        short = f"xsd:{datatype[len(XSD):]}"
        for line, column in positions:
            issues.append(Issue(
                STEP, VIOLATION, "ill-typed-literal",
                f'"{value}"^^{short} is not a valid {short}: {problem}', show(parsed.path),
                file=parsed.path, line=line, column=column, focus=_term(triple.subject),
                path=triple.predicate.value, value=str(triple.object),
            ))
    return issues


def parse_queries(paths: list[Path], step: StepReport, show) -> dict[Path, str]:
    """Parse each SPARQL query (against an empty store); return the texts of those that parse."""
    empty = ox.Store()
    good: dict[Path, str] = {}
    for path in paths:
        step.items.append(show(path))
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            step.issues.append(Issue(STEP, VIOLATION, "unreadable", f"cannot read: {exc}", show(path), file=path))
            continue
        try:
            check_nesting(text, path)
        except TooDeep as exc:
            # Refused before parsing: Oxigraph's parser would overflow its stack on it.
            step.issues.append(Issue(STEP, VIOLATION, "sparql-nesting", exc.message, show(path),
                                     file=path, line=exc.line, column=exc.column))
            continue
        try:
            empty.query(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            line, column, message = _sparql_position(exc.msg or str(exc), text)
            step.issues.append(Issue(STEP, VIOLATION, "sparql-syntax", message, show(path),
                                     file=path, line=line, column=column))
            continue
        except Exception:   # parsed, but could not run on an empty store (e.g. SERVICE): fine here
            pass
        good[path] = text
    return good


def _sparql_position(message: str, text: str) -> tuple[int | None, int | None, str]:
    match = SPARQL_POSITION.match(message)
    if not match:
        return None, None, f"SPARQL syntax error: {message}"
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    if "Prefix not found" in detail:
        # The parser lists every character it could accept; name the undeclared prefix instead.
        source = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
        name = re.search(r"([A-Za-z][\w\-.]*)?:[\w\-.%]*$", source[: column - 1])
        if name:
            prefix = name.group(1) or ""
            message = f"SPARQL syntax error: the prefix {prefix}: is not declared (add a PREFIX line)"
            return line, name.start() + 1, message
        return line, column, "SPARQL syntax error: undeclared prefix (add a PREFIX line)"
    if _at_end(text, line, column):
        # Oxigraph's parser sometimes reports the end of the query for an error further up; rdflib's
        # parser then usually points at the clause that fails.
        earlier = _rdflib_position(text)
        if earlier and earlier[:2] < (line, column):
            return earlier
    detail = " ".join(detail.split())
    if len(detail) > 200:
        detail = detail[:199] + "…"
    return line, column, f"SPARQL syntax error: {detail}"


def _at_end(text: str, line: int, column: int) -> bool:
    lines = text.splitlines()
    rest = "\n".join([lines[line - 1][column - 1:]] + lines[line:]) if line <= len(lines) else ""
    return not rest.strip()


def _rdflib_position(text: str) -> tuple[int, int, str] | None:
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(text, initNs=PREFIXES)
    except ParseException as exc:
        found = re.search(r"found (.+?)\s+\(at char", str(exc))
        what = f" (found {found.group(1)})" if found else ""
        return exc.lineno, exc.col, f"SPARQL syntax error in the clause that starts here{what}"
    except Exception:
        return None
    return None


def _term(node) -> str:
    return node.value if isinstance(node, ox.NamedNode) else str(node)
