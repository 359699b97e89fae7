"""SPARQL query text: syntax checks with located errors, prefix declarations, and parameters.

Queries in this project may use the prefixes of `lisllm.namespaces.PREFIXES` without declaring
them (the embedded store preloads them). A remote endpoint does not know them, so
`with_prefixes` adds the declarations a query needs before it leaves the process.

A query parameter is a variable bound by a one-line `VALUES ?name { term }` block: the file stays
a complete, runnable query with an example value (the block may be repeated, e.g. in each branch of
a UNION), and `bind_parameters` replaces the term of every copy with one the user gives (checked to
be a single RDF term, so a value cannot change the query's shape).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from ..errors import LisllmError, Location
from ..namespaces import PREFIXES

SELECT, ASK, CONSTRUCT, DESCRIBE = "SELECT", "ASK", "CONSTRUCT", "DESCRIBE"

_ERROR_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_PREFIXED_END = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*$")
_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)
# IRIs, strings and comments are removed before looking for prefixed names or the query form.
_IRIS_STRINGS = re.compile(r"<[^<>\"{}|^`\\\s]*>|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"",
                           re.DOTALL)
_COMMENT = re.compile(r"#[^\n]*")
_USED_PREFIX = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w-]*):")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
MAX_MESSAGE = 300
# Brackets ({…}, (…), […]) open at once in a query. Oxigraph's SPARQL parser recurses once per
# level and overflows its stack (a segmentation fault, no message) between 2,000 and 3,000 levels;
# hand-written and generated queries stay far below this.
MAX_NESTING = 256
# Comments, strings and IRIs (whose brackets do not nest, see nesting_problem), and brackets.
_NESTING_TOKEN = re.compile(
    r"""\#[^\n\r]*
      | '''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\n\r]|\\.)*' | "(?:[^"\\\n\r]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>
      | [({\[)}\]]""",
    re.VERBOSE | re.DOTALL)
_OPENING = "({["
_CLOSING = ")}]"


def _code(text: str) -> str:
    """The query without IRIs, string literals and comments (for scanning keywords and prefixes)."""
    return _COMMENT.sub(" ", _IRIS_STRINGS.sub(" ", text))


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a (syntactically valid) query."""
    match = _FORM.search(_code(text))
    return match.group(1).upper() if match else SELECT


class TooDeep(LisllmError):
    """A query nested deeper than MAX_NESTING: refused before any parser sees it."""

    def __init__(self, message: str, location: Location | None, line: int, column: int):
        super().__init__(message, location)
        self.line, self.column = line, column


def nesting_problem(text: str, limit: int = MAX_NESTING) -> tuple[int, int] | None:
    """(line, column) of the first bracket that opens level `limit` + 1, or None within the limit.

    Brackets in comments and strings do not count. Those inside what looks like an IRI do: a `<`
    that is really less-than must not hide the brackets after it, so the count errs on the safe
    side (an IRI's brackets are balanced in practice). Linear in the text and without recursion;
    a query with few brackets costs three character counts."""
    if text.count("{") + text.count("(") + text.count("[") <= limit:
        return None
    depth = 0
    for match in _NESTING_TOKEN.finditer(text):
        token = match.group()
        if len(token) == 1:
            if token in _OPENING:
                depth += 1
                if depth > limit:
                    return _line_column(text, match.start())
            else:
                depth = max(0, depth - 1)
        elif token[0] == "<":
            for offset, char in enumerate(token):
                if char in _OPENING:
                    depth += 1
                    if depth > limit:
                        return _line_column(text, match.start() + offset)
                elif char in _CLOSING:
                    depth = max(0, depth - 1)
    return None


def nesting_message(limit: int = MAX_NESTING) -> str:
    return (f"the query nests brackets ({{…}}, (…), […]) more than {limit} levels deep, "
            f"the limit for queries (deeper nesting would overflow the parser)")


def check_nesting(text: str, path: Path | None = None, limit: int = MAX_NESTING) -> None:
    """Refuse a query nested deeper than `limit` brackets before a recursive parser overflows on it."""
    found = nesting_problem(text, limit)
    if found is None:
        return
    line, column = found
    if path is None:
        raise TooDeep(f"{nesting_message(limit)} (line {line}, column {column})", None, line, column)
    raise TooDeep(nesting_message(limit), Location(path, line, column), line, column)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_syntax(text: str, path: Path | None = None) -> str:
    """Parse the query with Oxigraph (known prefixes preloaded); return its form.

    Errors carry the line and column of the text as given, so for a query file they point into
    the file itself.
    """
    check_nesting(text, path)
    try:
        # Query evaluation is lazy: on an empty store this only parses and plans the query.
        ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise syntax_error(exc, text, path) from exc
    return query_form(text)


def syntax_error(exc: SyntaxError, text: str, path: Path | None) -> LisllmError:
    """A located, readable error from Oxigraph's `error at L:C: …` message."""
    message = exc.msg or str(exc)
    match = _ERROR_AT.match(message)
    line = column = None
    if match:
        line, column, message = int(match.group(1)), int(match.group(2)), match.group(3)
    if "Prefix not found" in message and line is not None:
        # Oxigraph reports where the prefixed name ends; name the prefix and point at its start.
        source_line = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
        found = _PREFIXED_END.search(source_line[: column - 1])
        if found:
            prefix = found.group(1) or ""
            column = found.start() + 1
            message = (f"unknown prefix '{prefix}:' (declare it with PREFIX, or use one of the known "
                       f"prefixes: {', '.join(sorted(PREFIXES))})")
    elif len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE].rstrip() + " …"
    message = "SPARQL syntax error: " + " ".join(message.split())
    if path is None:
        where = f" (line {line}, column {column})" if line is not None else ""
        return LisllmError(message + where)
    return LisllmError(message, Location(path, line, column))


def with_prefixes(text: str) -> str:
    """The query preceded by PREFIX declarations for the known prefixes it uses but does not declare."""
    declared = {name or "" for name in _DECLARED.findall(text)}
    used = dict.fromkeys(_USED_PREFIX.findall(_code(text)))
    missing = [name for name in used if name in PREFIXES and name not in declared]
    if not missing:
        return text
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in missing) + text


def strip_header(text: str) -> str:
    """The query without its header: the leading `#` lines up to the first other line (as
    `lisllm.sparql.catalogue` reads it), and the blank lines after it; later comments stay."""
    lines = text.splitlines()
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    return "\n".join(lines[start:]) + "\n"


# --- parameters ------------------------------------------------------------------------------

def _values_block(name: str) -> re.Pattern:
    return re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^{}]*\}", re.IGNORECASE)


def has_parameter(text: str, name: str) -> bool:
    return _values_block(name).search(text) is not None


def parse_term(value: str) -> ox.NamedNode | ox.Literal:
    """One RDF term from user input: `<iri>`, an absolute IRI, `prefix:local`, or a Turtle literal."""
    value = value.strip()
    if _ABSOLUTE_IRI.match(value) and not value.startswith("<"):
        value = f"<{value}>"
    declarations = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items())
    try:
        triples = list(ox.parse(input=f"{declarations}<urn:x:s> <urn:x:p> {value} .", format=ox.RdfFormat.TURTLE))
    except SyntaxError:
        triples = []
    if len(triples) != 1 or isinstance(triples[0].object, ox.BlankNode):
        raise LisllmError(f"'{value}' is not one RDF term (write <iri>, prefix:name or a literal such as \"text\"@en)")
    return triples[0].object


def bind_parameters(text: str, values: dict[str, str], path: Path | None = None) -> str:
    """Replace the term of the `VALUES ?name { … }` blocks named in `values`: every copy, since a
    query may repeat a block where the store needs the value (e.g. in each branch of a UNION)."""
    for name, value in values.items():
        block = _values_block(name)
        if not block.search(text):
            where = Location(path) if path else None
            raise LisllmError(f"the query has no parameter '{name}' (no 'VALUES ?{name} {{ … }}' block)", where)
        term = str(parse_term(value))
        text = block.sub(lambda _m, n=name, t=term: f"VALUES ?{n} {{ {t} }}", text)
    return text


def bind_language(text: str, lang: str, path: Path | None = None) -> str:
    """Bind the query's `lang` parameter, if it has one, to the language tag `lang`."""
    return bind_parameters(text, {"lang": f'"{lang}"'}, path) if has_parameter(text, "lang") else text
