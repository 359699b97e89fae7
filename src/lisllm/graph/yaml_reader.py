"""Reading the nodes of a YAML case, each mistake reported with the file and the line of its key
(PyYAML's composed nodes keep their marks), and what the readers of a case's parts share
(`CaseFile`): the triples written so far, the file's sources and what a link may be about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import yaml

from ..errors import LisllmError, Location
from ..namespaces import ID, XSD
from ..naming import SLUG

# The precisions a source may date something with, and their XSD types.
DATE_FORMS = ((re.compile(r"\d{4}-\d{2}-\d{2}"), "date"), (re.compile(r"\d{4}-\d{2}"), "gYearMonth"),
              (re.compile(r"\d{4}"), "gYear"))


class Stop(Exception):
    """The file's shape is too wrong to go on (the errors so far are reported)."""


class Reader:
    """Reads the composed nodes of one YAML file. A mistake is kept with its line (`errors`) and
    reading goes on, so that one run reports every mistake of the file."""

    def __init__(self, path: Path):
        self.path, self.errors = path, []

    def error(self, node, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.errors.append(LisllmError(message, Location(self.path, line)))

    def mapping(self, node, what: str) -> dict:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            raise Stop
        return {k.value: (k, v) for k, v in node.value}

    def only(self, found: dict, what: str | None, known) -> None:
        """Report the keys of a mapping that are none of `known` (a misspelt key would be lost)."""
        prefix = f"{what}: " if what else ""
        for key, (knode, _) in found.items():
            if key not in known:
                self.error(knode, f"{prefix}unknown key '{key}' (known: {', '.join(sorted(known))})")

    def address(self, spec: dict, owner, key: str, what: str, *, required: bool = True) -> str | None:
        """An http(s) address under `key`, or None (reported when it is no such address)."""
        value = self.text(self.get(spec, owner, key, what, required=required), f"{what}: {key}")
        if value is not None and not re.match(r"^https?://\S+$", value):
            self.error(spec[key][1], f"{what}: {key} '{value}' is not an http(s) address")
            return None
        return value

    def get(self, parent: dict, owner, key: str, what: str, *, required: bool = True):
        if key not in parent:
            if required:
                self.error(owner, f"{what}: missing '{key}'")
            return None
        return parent[key][1]

    def text(self, node, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.error(node, f"{what} must be a non-empty text")
            return None
        value = str(node.value).strip()
        if value.startswith("TODO"):
            self.error(node, f"{what} is still a TODO placeholder")
        return value

    def slug(self, node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not SLUG.match(value):
            self.error(node, f"{what} '{value}' is not a slug (lowercase letters and digits joined by hyphens)")
            return None
        return value

    def choice(self, node, what: str, choices) -> str | None:
        value = self.text(node, what)
        if value is not None and value not in choices:
            self.error(node, f"{what} '{value}' is not one of: {', '.join(choices)}")
            return None
        return value

    def items(self, node, what: str) -> list:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list")
            return []
        return node.value

    def labels(self, parent: dict, owner, what: str) -> dict[str, str]:
        node = self.get(parent, owner, "label", what)
        if node is None:
            return {}
        found = self.mapping(node, f"{what}: label")
        out = {}
        for lang in ("en", "zh"):
            value = self.text(self.get(found, node, lang, f"{what}: label"), f"{what}: label {lang}")
            if value:
                out[lang] = value
        return out

    def day(self, node, what: str) -> str | None:
        if node is None:
            return None
        value = str(node.value).strip()
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            self.error(node, f"{what} '{value}' is not a date (YYYY-MM-DD)")
            return None

    def when(self, node, what: str) -> ox.Literal | None:
        """A date as precise as its source: YYYY-MM-DD, YYYY-MM or YYYY, typed accordingly."""
        if node is None:
            return None
        value = str(node.value).strip()
        for form, datatype in DATE_FORMS:
            if form.fullmatch(value):
                if datatype == "date" and self.day(node, what) is None:
                    return None
                if datatype == "gYearMonth" and not 1 <= int(value[5:]) <= 12:
                    break
                return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))
        self.error(node, f"{what} '{value}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        return None

    def year(self, node, what: str) -> str | None:
        if node is None:
            return None
        value = str(node.value).strip()
        if not re.fullmatch(r"\d{4}", value):
            self.error(node, f"{what} '{value}' is not a year (YYYY)")
            return None
        return value

    def language(self, node, what: str) -> str | None:
        lang = self.text(node, what)
        if lang is not None and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", lang):
            self.error(node, f"{what} '{lang}' is not a language tag (en, zh, ja, nl, fr, …)")
            return None
        return lang


def iri(kind: str, slug: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID}{kind}/{slug}")


@dataclass
class CaseFile:
    """One YAML case being read: its reader, the triples and finding references written so far, its
    sources by key, and the units, organisations and outputs it describes (slug -> IRI: what a link
    may be about)."""

    reader: Reader
    out: list[ox.Triple] = field(default_factory=list)
    references: list[tuple[ox.NamedNode, str, int]] = field(default_factory=list)
    sources: dict[str, ox.NamedNode] = field(default_factory=dict)
    described: dict[str, ox.NamedNode] = field(default_factory=dict)

    def add(self, subject, predicate: str, obj) -> None:
        self.out.append(ox.Triple(subject, ox.NamedNode(predicate), obj))

    def source_refs(self, parent: dict, owner, what: str) -> list[ox.NamedNode]:
        """The sources a part of the case cites under `source`: one key or a list of keys."""
        r = self.reader
        node = r.get(parent, owner, "source", what)
        if node is None:
            return []
        names = [node] if isinstance(node, yaml.ScalarNode) else r.items(node, f"{what}: source")
        refs = []
        for name in names:
            key = r.text(name, f"{what}: source")
            if key is not None and key not in self.sources:
                r.error(name, f"{what}: source '{key}' is not one of the file's sources "
                              f"({', '.join(self.sources) or 'none'})")
            elif key is not None:
                refs.append(self.sources[key])
        return refs
