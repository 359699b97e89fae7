"""One RDF file parsed with Oxigraph, and what every parser of the graph returns (`ParsedFile`).

Both the RDF parser here and the YAML case parser (`yaml_case`) build on `ParsedFile`; the choice
between them by file suffix is `rdf_files`'s, which imports both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import LisllmError, Location


@dataclass
class ParsedFile:
    path: Path
    triples: list[ox.Triple]
    prefixes: dict[str, str] = field(default_factory=dict)


def parse_rdf(path: Path, base_iri: str) -> ParsedFile:
    """Parse one RDF file; blank nodes are renamed so that files can be merged safely."""
    try:
        parser = ox.parse(path=path, rename_blank_nodes=True, base_iri=base_iri)
        triples = [q.triple for q in parser]   # built in Rust: faster than Triple(s, p, o)
    except SyntaxError as exc:
        raise LisllmError(_syntax_message(exc), Location(path, exc.lineno, exc.offset)) from exc
    except ValueError as exc:
        raise LisllmError(str(exc), Location(path)) from exc
    except OSError as exc:
        raise LisllmError(f"cannot read: {exc.strerror or exc}", Location(path)) from exc
    return ParsedFile(path, triples, dict(parser.prefixes))


def _syntax_message(exc: SyntaxError) -> str:
    # Oxigraph puts "Parser error at line L column C: " in front of the message; the location is
    # reported separately, so keep only the parser's explanation.
    message = exc.msg or str(exc)
    head, sep, rest = message.partition(": ")
    return rest if sep and head.startswith("Parser error") else message
