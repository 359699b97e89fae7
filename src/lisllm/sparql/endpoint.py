"""Where queries run: the embedded store of the last build, or any SPARQL 1.1 endpoint.

Both give the same Python objects back (pyoxigraph `QuerySolutions`, `QueryBoolean`, or a list of
`Triple`s), so formatting, labelling and comparison do not care where an answer came from. The
remote endpoint is reached through SPARQLWrapper; its results are parsed with Oxigraph's parsers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, Union

import pyoxigraph as ox

from ..errors import LisllmError
from ..namespaces import PREFIXES
from .text import ASK, SELECT, check_nesting, check_syntax, strip_header, syntax_error, with_prefixes

Result = Union[ox.QuerySolutions, ox.QueryBoolean, list]
REMOTE_TIMEOUT_S = 60


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


class RemoteEndpoint:
    """A SPARQL 1.1 endpoint over HTTP (POST, so that long queries fit)."""

    def __init__(self, url: str, timeout_s: int = REMOTE_TIMEOUT_S):
        self.url = url
        self.name = url
        self.timeout_s = timeout_s

    def query(self, text: str, path: Path | None = None) -> Result:
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

        # Check the syntax here first: the error then points into the user's file, and a
        # malformed query never leaves the process.
        form = check_syntax(text, path)
        wrapper = SPARQLWrapper(self.url)
        wrapper.setMethod(POST)
        wrapper.setTimeout(self.timeout_s)
        # SPARQLWrapper guesses the query form from keywords; a word such as "address" in the
        # catalogue's comment header would read as ADD, so only the query itself is sent.
        wrapper.setQuery(with_prefixes(strip_header(text)))
        wrapper.setReturnFormat(JSON if form in (SELECT, ASK) else TURTLE)
        body, media_type = self._fetch(wrapper)
        try:
            if form in (SELECT, ASK):
                fmt = ox.QueryResultsFormat.from_media_type(media_type) or ox.QueryResultsFormat.JSON
                return ox.parse_query_results(body, format=fmt)
            fmt = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.TURTLE
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]
        except (SyntaxError, ValueError) as exc:
            raise LisllmError(f"{self.url} answered with results that cannot be read ({media_type}): {exc}") from exc

    def _fetch(self, wrapper) -> tuple[bytes, str]:
        import urllib.error

        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        try:
            response = wrapper.query().response
            return response.read(), response.headers.get("Content-Type", "")
        except SPARQLWrapperException as exc:
            # SPARQLWrapper puts the server's answer after its own explanation.
            message = " ".join(str(exc).split())
            raise LisllmError(f"the endpoint {self.url} refused the query: {message}") from exc
        except urllib.error.HTTPError as exc:
            raise LisllmError(f"the endpoint {self.url} answered HTTP {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise LisllmError(f"cannot reach the endpoint {self.url}: {reason}") from exc
