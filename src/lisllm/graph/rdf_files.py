"""Parsing RDF source files with Oxigraph, reporting every syntax error with its location."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputErrors, LisllmError, Location


@dataclass
class ParsedFile:
    path: Path
    triples: list[ox.Triple]
    prefixes: dict[str, str] = field(default_factory=dict)


def parse_file(path: Path) -> ParsedFile:
    """Parse one RDF file (or YAML case); blank nodes are renamed so that files can be merged safely."""
    if path.suffix in (".yaml", ".yml"):
        from .yaml_case import parse_yaml_case   # lazy: yaml_case builds on ParsedFile
        return parse_yaml_case(path)
    try:
        parser = ox.parse(path=path, rename_blank_nodes=True)
        triples = [q.triple for q in parser]   # built in Rust: faster than Triple(s, p, o)
    except SyntaxError as exc:
        raise LisllmError(_syntax_message(exc), Location(path, exc.lineno, exc.offset)) from exc
    except ValueError as exc:
        raise LisllmError(str(exc), Location(path)) from exc
    except OSError as exc:
        raise LisllmError(f"cannot read: {exc.strerror or exc}", Location(path)) from exc
    return ParsedFile(path, triples, dict(parser.prefixes))


def parse_files(paths: list[Path]) -> list[ParsedFile]:
    """Parse all files and raise one error listing every file that failed."""
    parsed, errors = [], []
    for path in paths:
        try:
            parsed.append(parse_file(path))
        except LisllmError as exc:
            errors.append(exc)
    if errors:
        raise InputErrors(errors)
    return parsed


def _syntax_message(exc: SyntaxError) -> str:
    # Oxigraph puts "Parser error at line L column C: " in front of the message; the location is
    # reported separately, so keep only the parser's explanation.
    message = exc.msg or str(exc)
    head, sep, rest = message.partition(": ")
    return rest if sep and head.startswith("Parser error") else message
