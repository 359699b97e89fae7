"""The one client of remote SPARQL 1.1 endpoints (over httpx): requests, authentication, answers.

`lisllm query`, `compare` and `load`, and the server's proxy and pages, all reach a remote endpoint
through what this module defines, and read its answers with Oxigraph's parsers, so that an answer
is the same Python object (`QuerySolutions`, `QueryBoolean`, a list of `Triple`s) wherever it came
from. The catalogue's queries may rely on the lisllm prefixes that the embedded store preloads; a
standard endpoint needs them declared, so `with_prefixes` adds the missing declarations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Union

import httpx
import pyoxigraph as ox

from ..errors import LisllmError
from .formats import accept
from .text import ASK, SELECT, check_syntax, with_prefixes

Result = Union[ox.QuerySolutions, ox.QueryBoolean, list]
REMOTE_TIMEOUT_S = 60
# What is asked of an endpoint: the formats read fastest first.
RESULTS_ACCEPT = accept(ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)
GRAPH_ACCEPT = accept(ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE)
# For a query whose form the client does not know (the server's proxy forwards any query).
ANY_ACCEPT = accept(ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.RdfFormat.N_TRIPLES,
                    ox.RdfFormat.TURTLE)


class AnyAuth(httpx.Auth):
    """HTTP Basic or Digest, whichever the server's challenge asks for (Virtuoso uses Digest)."""

    def __init__(self, user: str, password: str):
        self.basic = httpx.BasicAuth(user, password)
        self.digest = httpx.DigestAuth(user, password)

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        flow = self.digest if challenge.startswith("digest") else self.basic
        if flow is self.digest:
            # Let the digest flow read the challenge it needs from this same response.
            inner = flow.auth_flow(request)
            next(inner)
            try:
                yield inner.send(response)
            except StopIteration:
                return
        else:
            yield from flow.auth_flow(request)


def parse_auth(value: str | None) -> AnyAuth | None:
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user:
        raise LisllmError("--auth must be user:password")
    return AnyAuth(user, password)


def media_type_of(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def parse_answer(body: bytes, media_type: str) -> Result:
    """An endpoint's answer as Oxigraph objects: results for the SPARQL results types (and plain
    JSON), triples for the RDF types. Raises SyntaxError or ValueError on an unreadable body."""
    if "sparql-results" in media_type or media_type == "application/json":
        fmt = ox.QueryResultsFormat.XML if "xml" in media_type else ox.QueryResultsFormat.JSON
        return ox.parse_query_results(body, format=fmt)
    fmt = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.N_TRIPLES
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]


class RemoteEndpoint:
    """A SPARQL 1.1 endpoint over HTTP (POST, so that long queries fit)."""

    def __init__(self, url: str, timeout_s: float = REMOTE_TIMEOUT_S, auth: httpx.Auth | None = None):
        self.url = url
        self.name = url
        self.timeout_s = timeout_s
        self.auth = auth

    def query(self, text: str, path: Path | None = None) -> Result:
        # Check the syntax here first: the error then points into the user's file, and a
        # malformed query never leaves the process.
        form = check_syntax(text, path)
        accept = RESULTS_ACCEPT if form in (SELECT, ASK) else GRAPH_ACCEPT
        try:
            response = httpx.post(self.url, data={"query": with_prefixes(text)}, auth=self.auth,
                                  timeout=self.timeout_s, headers={"Accept": accept})
        except httpx.TimeoutException as exc:
            raise LisllmError(f"the endpoint {self.url} did not answer within {self.timeout_s:g} s") from exc
        except httpx.HTTPError as exc:
            raise LisllmError(f"cannot reach the endpoint {self.url}: {exc}") from exc
        if response.status_code == 400:
            message = " ".join(response.text.split())[:2000]
            raise LisllmError(f"the endpoint {self.url} refused the query: {message}")
        if response.status_code != 200:
            raise LisllmError(f"the endpoint {self.url} answered HTTP {response.status_code} "
                              f"{response.reason_phrase}: {response.text[:500]}")
        media_type = media_type_of(response)
        try:
            return parse_answer(response.content, media_type)
        except (SyntaxError, ValueError) as exc:
            raise LisllmError(f"{self.url} answered with results that cannot be read ({media_type}): {exc}") from exc
