"""Where a resource or a literal is written in a source file, for messages like `file:line:col`.

Parsers do not keep positions of triples, so positions are found in the text: a resource at the
line where it starts a description (its first use as a subject), else its first mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ..graph.rdf_files import ParsedFile

Position = tuple[int, int]   # 1-based line and column

IRI_TOKEN = re.compile(r"<[^<>]*>")
NAME_RUN = re.compile(r"[\w\-.%:]+")          # the characters a prefixed name can have
NAME_CHARS = re.compile(r"[\w\-.%:]+")
INDEX_AFTER = 2          # look-ups of one file answered by scanning before its index is built


@dataclass
class SourceText:
    path: Path
    prefixes: dict[str, str] = field(default_factory=dict)

    @cached_property
    def lines(self) -> list[str]:
        try:
            return self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return []

    def spellings(self, iri: str) -> list[str]:
        """The ways the file can write `iri`: <iri> and prefix:local for each matching prefix."""
        out = [f"<{iri}>"]
        for prefix, namespace in sorted(self.prefixes.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(namespace) and namespace:
                local = iri[len(namespace):]
                if re.fullmatch(r"[\w\-.%]*", local) and not local.endswith("."):
                    out.append(f"{prefix}:{local}")
        return out

    def find_resource(self, iri: str) -> Position | None:
        """The line where `iri` starts a description, else its first mention.

        The first look-ups scan the text; later ones use an index of every spelled term built in
        one pass (validating a large file looks up thousands of resources). Both give the same
        answer: the index records, for each spelling, the first line where it starts a line and
        its first place, under the same rules as the patterns of `_scan`.
        """
        spellings = self.spellings(iri)
        self._lookups += 1
        if self._lookups <= INDEX_AFTER or not all(NAME_CHARS.fullmatch(s) for s in spellings[1:]):
            return self._scan(spellings)
        index = self._index
        starts = [index[s][0] for s in spellings if s in index and index[s][0] is not None]
        if starts:
            return min(starts), 1
        found = [(index[s][1], order, index[s][2]) for order, s in enumerate(spellings) if s in index]
        if not found:
            return None
        line, _, column = min(found)
        return line, column

    _lookups = 0

    @cached_property
    def _index(self) -> dict[str, list]:
        """spelling -> [first line where it is at column 1 or None, first line, column there]."""
        index: dict[str, list] = {}

        def seen(spelling: str, number: int, start: int) -> None:
            entry = index.get(spelling)
            if entry is None:
                index[spelling] = [number if start == 0 else None, number, start + 1]
            elif start == 0 and entry[0] is None:
                entry[0] = number

        names = bool(self.prefixes)
        for number, line in enumerate(self.lines, start=1):
            if line.lstrip().lower().startswith(("@prefix", "prefix", "#")):
                continue
            for match in IRI_TOKEN.finditer(line):
                seen(match.group(0), number, match.start())
            if not names:
                continue
            for run in NAME_RUN.finditer(line):
                text, offset = run.group(0), run.start()
                if ":" not in text:
                    continue
                # A name may start where the run starts (not right after "<") or after "." or "%",
                # and end where the run ends or before "." or "%": the look-arounds of `_scan`.
                starts = [i for i in range(1, len(text)) if text[i - 1] in ".%"]
                if offset == 0 or line[offset - 1] != "<":
                    starts.insert(0, 0)
                ends = [j for j in range(1, len(text)) if text[j] in ".%"] + [len(text)]
                for i in starts:
                    for j in ends:
                        if j > i and ":" in text[i:j]:
                            seen(text[i:j], number, offset + i)
        return index

    def _scan(self, spellings: list[str]) -> Position | None:
        patterns = [re.compile(r"(?<![\w:<\-])" + re.escape(s) + r"(?![\w\-:])") if not s.startswith("<")
                    else re.compile(re.escape(s)) for s in spellings]
        first = None
        for number, line in enumerate(self.lines, start=1):
            if line.lstrip().lower().startswith(("@prefix", "prefix", "#")):
                continue
            for pattern in patterns:
                match = pattern.search(line)
                if match is None:
                    continue
                if match.start() == 0:      # at the start of a line: the subject of a description
                    return number, 1
                if first is None:
                    first = (number, match.start() + 1)
        return first

    def find_text(self, pattern: re.Pattern) -> list[Position]:
        found = []
        for number, line in enumerate(self.lines, start=1):
            for match in pattern.finditer(line):
                found.append((number, match.start() + 1))
        return found

    def find_literal(self, value: str, datatype_spellings: list[str]) -> list[Position]:
        """Every place where the quoted form `"value"^^datatype` is written."""
        quoted = "|".join(re.escape(q + value + q) for q in ('"""', "'''", '"', "'"))
        types = "|".join(re.escape(s) for s in datatype_spellings)
        found = self.find_text(re.compile(rf"(?:{quoted})\s*\^\^\s*(?:{types})"))
        if not found:   # JSON-LD, escapes or a multi-line string: fall back to the bare value
            found = self.find_text(re.compile(re.escape(f'"{value}"')))[:1]
        return found


class Locator:
    """Finds where resources are described across a set of parsed files."""

    def __init__(self, files: list[ParsedFile]):
        self.texts = {f.path: SourceText(f.path, f.prefixes) for f in files}
        self.subjects: dict[object, list[Path]] = {}
        self.parents: dict[object, object] = {}
        for parsed in files:
            for t in parsed.triples:
                paths = self.subjects.setdefault(t.subject, [])
                if not paths or paths[-1] != parsed.path:
                    paths.append(parsed.path)
                if isinstance(t.object, ox.BlankNode):
                    self.parents.setdefault(t.object, t.subject)

    def text(self, path: Path) -> SourceText:
        if path not in self.texts:
            self.texts[path] = SourceText(path)
        return self.texts[path]

    def resource(self, node) -> tuple[Path | None, int | None, int | None]:
        """The file, line and column where `node` is described (a blank node: where its parent is)."""
        seen = set()
        while isinstance(node, ox.BlankNode) and node in self.parents and node not in seen:
            seen.add(node)
            node = self.parents[node]
        paths = self.subjects.get(node, [])
        if not paths:
            return None, None, None
        if not isinstance(node, ox.NamedNode):
            return paths[0], None, None
        for path in paths:
            position = self.text(path).find_resource(node.value)
            if position:
                return path, position[0], position[1]
        return paths[0], None, None
