"""Where queries run: the embedded store of the last build, or any SPARQL 1.1 endpoint.

Both give the same Python objects back (pyoxigraph `QuerySolutions`, `QueryBoolean`, or a list of
`Triple`s), so formatting, labelling and comparison do not care where an answer came from. The
remote endpoint is `remote.RemoteEndpoint`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from ..errors import LisllmError
from ..namespaces import PREFIXES
from .remote import RemoteEndpoint, Result
from .text import check_nesting, syntax_error

__all__ = ["Endpoint", "LocalEndpoint", "RemoteEndpoint", "Result"]


class Endpoint(Protocol):
    name: str

    def query(self, text: str, path: Path | None = None) -> Result:
        """Run a query; syntax errors are LisllmErrors located in `path` (or in the text)."""


class LocalEndpoint:
    """The embedded Oxigraph store; the default graph is the union of the named graphs."""

    def __init__(self, store: ox.Store, name: str = "embedded store"):
        self.store = store
        self.name = name

    def query(self, text: str, path: Path | None = None) -> Result:
        check_nesting(text, path)
        try:
            result = self.store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise syntax_error(exc, text, path) from exc
        except OSError as exc:
            raise LisllmError(f"cannot read the store: {exc}") from exc
        if isinstance(result, ox.QueryTriples):
            return list(result)
        return result
