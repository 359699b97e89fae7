"""HermiT's results kept in the project, under the exact input HermiT got.

A run of `lisllm build` or `validate` that gives HermiT an input it has seen reads the result
instead of starting Java. The key is a SHA-256 of that input, made canonical (RDF Dataset
Canonicalization, so that blank-node labels, which change at every parse, do not count) and
sorted, and of what reads it: the versions of owlready2 (which ships HermiT) and of pyoxigraph, and
the source of lisllm's code that reads HermiT's output. Any change to the ontology or to the data
HermiT reads is a new key; data it does not read (lisllm.graph.reasoning) cannot change its result.

Entries are JSON files `<project>/.cache/lisllm/reasoner/<key>.json`, written atomically, each
naming its own format and key. An entry that cannot be read, or that is not what its name says
(corrupt, foreign, from another format), is never trusted: a warning on stderr, HermiT runs, and
its result replaces the entry. Only consistent results are kept; the newest MAX_ENTRIES stay.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

from ..atomic import atomic_write_text
from . import hermit
from .hermit import HermitResult

FORMAT = "lisllm-reasoner-cache/1"
FOLDER = Path(".cache") / "lisllm" / "reasoner"
MAX_ENTRIES = 64


def _warn_on_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


class ReasonerCache:
    def __init__(self, folder: Path, warn: Callable[[str], None] = _warn_on_stderr):
        self.folder, self.warn = folder, warn

    @classmethod
    def in_project(cls, root: Path, **kwargs) -> ReasonerCache:
        return cls(root / FOLDER, **kwargs)

    def get(self, module: list[ox.Triple]) -> HermitResult | None:
        key = input_key(module)
        path = self._path(key)
        if not path.exists():
            return None
        try:
            return _entry_result(json.loads(path.read_text(encoding="utf-8")), key)
        except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
            self.warn(f"ignoring the reasoner cache entry {path} ({exc}); HermiT runs again")
            return None

    def put(self, module: list[ox.Triple], result: HermitResult) -> None:
        key = input_key(module)
        entry = {"format": FORMAT, "key": key,
                 "memberships": sorted(map(list, result.memberships)), "unsatisfiable": list(result.unsatisfiable)}
        try:
            atomic_write_text(self._path(key), json.dumps(entry, ensure_ascii=False) + "\n")
            self._prune()
        except OSError as exc:
            self.warn(f"cannot write the reasoner cache in {self.folder} ({exc.strerror or exc})")

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[MAX_ENTRIES:]:
            old.unlink(missing_ok=True)


def input_key(module: list[ox.Triple]) -> str:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in module)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted(ox.serialize(dataset, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())
    digest = hashlib.sha256(_readers().encode())
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _readers() -> str:
    """What a result depends on besides its input (module doc)."""
    versions = [f"{name} {metadata.version(name)}" for name in ("owlready2", "pyoxigraph")]
    code = hashlib.sha256(Path(hermit.__file__).read_bytes()).hexdigest()
    return "\n".join([FORMAT, *versions, f"lisllm.graph.hermit {code}", ""])


def _entry_result(entry, key: str) -> HermitResult:
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} entry")
    if entry.get("key") != key:
        raise ValueError("it was written for another input")
    memberships = entry["memberships"]
    unsatisfiable = entry["unsatisfiable"]
    if not all(isinstance(m, list) and len(m) == 2 and all(isinstance(x, str) for x in m) for m in memberships) \
            or not all(isinstance(c, str) for c in unsatisfiable):
        raise ValueError("its memberships or unsatisfiable classes are malformed")
    return HermitResult(frozenset(map(tuple, memberships)), tuple(unsatisfiable))
