"""Talking to a remote SPARQL 1.1 endpoint: prefixes, authentication, SELECT results as catalogue rows.

The catalogue's queries may rely on the lisllm prefixes that the embedded store preloads; a
standard endpoint needs them declared, so `with_prefixes` adds the missing declarations.
"""

from __future__ import annotations

from typing import Iterator

import httpx
import pyoxigraph as ox

from ..errors import LisllmError
from .catalogue import Row, _row
from .text import with_prefixes  # noqa: F401  (the server imports it from here)

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"


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


def remote_select(endpoint: str, text: str, *, auth: httpx.Auth | None = None,
                  timeout: float = 60.0) -> tuple[list[str], list[Row]]:
    """Run a SELECT on a remote endpoint; variables and rows in the form catalogue.run_select gives."""
    response = httpx.post(endpoint, data={"query": with_prefixes(text)}, auth=auth, timeout=timeout,
                          headers={"Accept": RESULTS_ACCEPT})
    if response.status_code != 200:
        raise LisllmError(f"{endpoint} answered {response.status_code}: {response.text[:500]}")
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    fmt = ox.QueryResultsFormat.XML if "xml" in media_type else ox.QueryResultsFormat.JSON
    solutions = ox.parse_query_results(response.content, format=fmt)
    if not isinstance(solutions, ox.QuerySolutions):
        raise LisllmError("only SELECT queries can be compared with expected results")
    variables = [v.value for v in solutions.variables]
    return variables, [_row(variables, solution) for solution in solutions]
