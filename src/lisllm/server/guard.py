"""What a query asks the server to do, found by lexing and parsing, never by a plain regex.

Two facts matter before a query runs: the SERVICE endpoints it would call (refused unless
allow-listed) and whether it names its own dataset with FROM / FROM NAMED (then the default graph
must not be replaced by the union of the named graphs).

A lexer that knows SPARQL's comments, strings and IRIs finds the keywords cheaply, so the common
query without SERVICE or FROM costs microseconds. When SERVICE appears, rdflib's SPARQL parser
builds the algebra and every ServiceGraphPattern is read from it, with prefixes and BASE resolved.
If rdflib cannot parse a query that mentions SERVICE, the query is refused: it cannot be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..namespaces import PREFIXES

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    | (?P<name>[^\W\d][\w.\-]*:[\w.\-:%\\]*|:[\w.\-:%\\]*|[^\W\d][\w\-]*)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def tokens(text: str) -> list[tuple[str, str]]:
    """The query's tokens as (kind, text), kind one of the lexer's groups; comments left out."""
    return [(match.lastgroup, match.group()) for match in _TOKEN.finditer(text) if match.lastgroup != "comment"]


def keywords(text: str) -> set[str]:
    """Upper-cased bare words outside comments, strings and IRIs (keywords and function names)."""
    found = set()
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "name" and ":" not in match.group():
            found.add(match.group().upper())
    return found


def prefixes_used(text: str) -> set[str]:
    """The prefixes of the prefixed names in a query (outside comments, strings and IRIs)."""
    return {match.group().split(":", 1)[0] for match in _TOKEN.finditer(text)
            if match.lastgroup == "name" and ":" in match.group() and not match.group().startswith("_:")}


def keywords_fast(text: str) -> set[str]:
    """The keywords as inspect_query sees them (escapes decoded too), without parsing."""
    words = keywords(text)
    if _ESCAPE.search(text):
        words |= keywords(_unescape(text))
    return words


def _unescape(text: str) -> str:
    # SPARQL allows \uXXXX code point escapes anywhere in a query, processed before parsing.
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


@dataclass(frozen=True)
class QueryFacts:
    has_dataset_clause: bool
    services: list[str | None] = field(default_factory=list)   # None: SERVICE on a variable
    volatile: bool = False       # NOW(), RAND(), UUID(), STRUUID(): answers differ between runs

    @property
    def cacheable(self) -> bool:
        """Whether the answer depends on the graph alone, so that it may be kept for the next request."""
        return not self.services and not self.volatile


VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID"})
# A query whose upper-cased text holds none of these needs no lexing: it has no SERVICE, FROM or
# volatile function, and no \u escape that could spell one.
_WORTH_LEXING = ("SERVICE", "FROM", "NOW", "RAND", "UUID", "\\U")
PLAIN = QueryFacts(False)


def mentions_service(text: str) -> bool:
    """Cheap and conservative: False only when the query cannot use SERVICE."""
    upper = text.upper()
    return ("SERVICE" in upper or "\\U" in upper) and "SERVICE" in keywords_fast(text)


class UncheckableQuery(Exception):
    """The query mentions SERVICE but could not be parsed to see which endpoints it calls."""


def inspect_query(text: str) -> QueryFacts:
    upper = text.upper()
    if not any(word in upper for word in _WORTH_LEXING):
        return PLAIN
    words = keywords_fast(text)
    services: list[str | None] = []
    if "SERVICE" in words:
        services = _service_targets(text)
    return QueryFacts("FROM" in words, services, bool(words & VOLATILE))


def _service_targets(text: str) -> list[str | None]:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    try:
        query = translateQuery(parseQuery(text), initNs=PREFIXES)
    except Exception as exc:  # rdflib raises many types; any failure means "cannot check"
        raise UncheckableQuery(str(exc)) from exc
    found: list[str | None] = []

    def walk(node) -> None:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                found.append(str(term) if isinstance(term, URIRef) else None)
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(query.algebra)
    if not found:
        # The lexer saw the keyword but rdflib found no service pattern: be safe, not permissive.
        raise UncheckableQuery("SERVICE keyword without a service pattern")
    return found


def refused_services(facts: QueryFacts, allowed: frozenset[str]) -> list[str]:
    """The SERVICE targets that are not allow-listed ('?variable' for a variable endpoint)."""
    return [target or "?variable" for target in facts.services if target is None or target not in allowed]
