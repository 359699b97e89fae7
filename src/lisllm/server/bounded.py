"""Queries whose cost is bounded by their answer, recognised by their tokens.

A SELECT whose whole pattern is one triple pattern of one constant and two distinct variables —
what a linked-data client sends to describe a resource, `SELECT ?p ?o WHERE { <iri> ?p ?o }`, or to
find what points at it — reads the quads that have that term in that place, and every quad it
reads is a row of its answer: there is no join, filter, path, repeated variable, OFFSET or ordering
that could make the engine read without answering. Both of Oxigraph's stores read exactly those
quads: RocksDB a range of the index that starts with that position, the in-memory store the term's
own list (measured: 20–30 µs for a term with one quad in a store of 600,000). With two or three
constants the in-memory store walks one term's list and filters it (measured: about 4 ms for one
row when that term has 200,000 quads), so such patterns, and those without a constant, are not
accepted. The built store holds no quads in its default graph, so the union default graph adds
nothing to read. With a row cap the work has a ceiling, whatever the graph holds: such a query
cannot overrun a time limit and needs no process that can be killed (Triple Pattern Fragments
servers rest on the same property). It is answered by the server itself
(`backends.EmbeddedBackend`), which saves the round trip through a worker; anything else, including
every query this module cannot read, goes to a worker.

The grammar accepted, in tokens of `guard`'s SPARQL lexer (comments skipped, keywords in any case):

    (BASE <iri> | PREFIX name: <iri>)*  SELECT (?var+ | *)  [WHERE]  { term term term [.] }  [LIMIT n]

where a term is an IRI, a prefixed name, a variable, `a` (predicate only) or a string literal
(object only) with an optional language tag or datatype; exactly one of the three is not a
variable, and the two variables differ. Blank nodes, numbers, collections, `\\u` escapes (SPARQL
decodes them before parsing, so they could hide structure) and anything else are refused; so,
without lexing, is a text longer than MAX_TEXT or with more than one `{` (in a string or comment too).
"""

from __future__ import annotations

from . import guard

_LIMIT_DIGITS = 9
# Longer texts are not lexed here (the lexing runs on the event loop); a look-up is far shorter.
MAX_TEXT = 4096


def _keyword(token: tuple[str, str], word: str) -> bool:
    return token[0] == "name" and token[1].upper() == word


def _term(tokens: list[tuple[str, str]], at: int, position: int) -> tuple[int, str | None] | None:
    """The end of the term starting at `at` and its variable name (None for a constant), or None
    when the tokens there are not a term this grammar accepts."""
    if at >= len(tokens):
        return None
    kind, value = tokens[at]
    if kind == "var":
        return at + 1, value[1:]
    if kind == "iri":
        return at + 1, None
    if kind == "name":
        if ":" in value:
            return (at + 1, None) if not value.startswith("_:") else None
        return (at + 1, None) if value == "a" and position == 1 else None
    if kind == "string" and position == 2:
        at += 1
        if at < len(tokens) and tokens[at][0] == "lang":
            return at + 1, None
        if at + 2 < len(tokens) and tokens[at] == ("other", "^") and tokens[at + 1] == ("other", "^"):
            kind = tokens[at + 2][0]
            if kind == "iri" or (kind == "name" and ":" in tokens[at + 2][1]):
                return at + 3, None
            return None
        return at, None
    return None


def is_single_pattern(text: str) -> bool:
    """Whether `text` is a SELECT of one triple pattern — one constant, two distinct variables — and at
    most a LIMIT."""
    if len(text) > MAX_TEXT or "\\u" in text or "\\U" in text or text.count("{") != 1:
        return False
    tokens = guard.tokens(text)
    at = 0
    while at < len(tokens) and tokens[at][0] == "name" and tokens[at][1].upper() in ("BASE", "PREFIX"):
        if tokens[at][1].upper() == "PREFIX":
            if at + 1 >= len(tokens) or tokens[at + 1][0] != "name" or not tokens[at + 1][1].endswith(":"):
                return False
            at += 1
        if at + 1 >= len(tokens) or tokens[at + 1][0] != "iri":
            return False
        at += 2
    if at >= len(tokens) or not _keyword(tokens[at], "SELECT"):
        return False
    at += 1
    projected = at
    if at < len(tokens) and tokens[at] == ("other", "*"):
        at += 1
    else:
        while at < len(tokens) and tokens[at][0] == "var":
            at += 1
        if at == projected:
            return False
    if at < len(tokens) and _keyword(tokens[at], "WHERE"):
        at += 1
    if at >= len(tokens) or tokens[at] != ("other", "{"):
        return False
    at += 1
    variables = []
    for position in range(3):
        found = _term(tokens, at, position)
        if found is None:
            return False
        at, variable = found
        if variable is not None:
            variables.append(variable)
    if len(variables) != 2 or variables[0] == variables[1]:
        return False
    if at < len(tokens) and tokens[at] == ("other", "."):
        at += 1
    if at >= len(tokens) or tokens[at] != ("other", "}"):
        return False
    at += 1
    if at < len(tokens) and _keyword(tokens[at], "LIMIT"):
        # The lexer reads digits one character at a time ("other" tokens).
        digits = at + 1
        while digits < len(tokens) and tokens[digits][0] == "other" and tokens[digits][1].isdigit():
            digits += 1
        if digits == at + 1 or digits - at - 1 > _LIMIT_DIGITS:
            return False
        at = digits
    return at == len(tokens)
