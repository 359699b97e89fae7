"""Parsing a project's source files, each by its suffix: RDF with Oxigraph (`rdf_parse`), a case
written in YAML by `yaml_case`; every error is reported with its location.

Relative IRIs (`<>`, `<other>`) resolve against a base IRI, as Turtle, TriG, JSON-LD and RDF/XML
specify: the project's base for a project's files (`Project.base`), else the file's own IRI
(`file:///…`, what a Turtle document retrieved from disk has). `file_iris` finds the `file:` IRIs a
file produced, which a build refuses.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import InputErrors, LisllmError, Location
from .project import CASE_SUFFIXES
from .rdf_parse import ParsedFile, parse_rdf
from .yaml_case import parse_yaml_case


def document_iri(path: Path) -> str:
    """The IRI of a file on disk: the base of its relative IRIs when no other is configured."""
    return path.resolve().as_uri()


def parse_file(path: Path, base_iri: str | None = None) -> ParsedFile:
    """Parse one RDF file (or YAML case); blank nodes are renamed so that files can be merged safely.
    Relative IRIs resolve against `base_iri`, else against the file's own IRI."""
    if path.suffix in CASE_SUFFIXES:
        return parse_yaml_case(path)
    return parse_rdf(path, base_iri or document_iri(path))


def parse_files(paths: list[Path], base_iri: str | None = None) -> list[ParsedFile]:
    """Parse all files and raise one error listing every file that failed."""
    parsed, errors = [], []
    for path in paths:
        try:
            parsed.append(parse_file(path, base_iri))
        except LisllmError as exc:
            errors.append(exc)
    if errors:
        raise InputErrors(errors)
    return parsed


def file_iris(parsed: ParsedFile) -> list[str]:
    """The `file:` IRIs among a parsed file's terms (sorted, each once). Only a file whose text
    mentions `file:` or uses `\\u` escapes can hold one, so most files cost a byte search."""
    try:
        raw = parsed.path.read_bytes()
    except OSError:
        return []
    if b"file:" not in raw.lower() and b"\\u" not in raw and b"\\U" not in raw:
        return []
    found = set()
    for triple in parsed.triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.Literal):
                term = term.datatype
            if isinstance(term, ox.NamedNode) and term.value[:5].lower() == "file:":
                found.add(term.value)
    return sorted(found)


def refuse_file_iris(files: list[ParsedFile]) -> None:
    """Raise one error naming each file that holds `file:` IRIs: a build must not publish them."""
    errors = []
    for parsed in files:
        iris = file_iris(parsed)
        if iris:
            shown = ", ".join(f"<{iri}>" for iri in iris[:3]) + (f" and {len(iris) - 3} more" if len(iris) > 3 else "")
            errors.append(LisllmError(f"file: IRIs name this machine's files and must not be built or published: "
                                      f"{shown}", Location(parsed.path, line_of(parsed.path, iris[0]))))
    if errors:
        raise InputErrors(errors)


def line_of(path: Path, iri: str) -> int | None:
    """The first line of `path` that writes `iri` (or any file: IRI), best effort."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for needle in (f"<{iri}>", "file:"):
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return None

