"""HTTP validators from the graph version: ETag and Last-Modified, and 304 on revalidation.

The graph version is `graph_version` in dist/build.json (a hash of every input file), so a
response stays valid exactly as long as the build it came from. ETags are weak (W/"…"): the
same representation may be sent gzip-compressed or not, which is semantically equivalent.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from starlette.requests import Request

BUILD_INFO = "build.json"


@dataclass(frozen=True)
class GraphVersion:
    version: str | None          # None: unknown (a remote endpoint), so nothing is cacheable
    modified: float | None       # seconds since the epoch

    @classmethod
    def of_dist(cls, dist: Path) -> GraphVersion:
        info = dist / BUILD_INFO
        try:
            data = json.loads(info.read_text(encoding="utf-8"))
            return cls(str(data["graph_version"]), int(info.stat().st_mtime))
        except (OSError, ValueError, KeyError):
            return cls(None, None)

    def etag(self, *parts: str) -> str | None:
        if self.version is None:
            return None
        digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]
        return f'W/"{self.version[:16]}-{digest}"'

    def headers(self, etag: str | None) -> dict[str, str]:
        if etag is None:
            return {"Cache-Control": "no-store"}
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if self.modified is not None:
            headers["Last-Modified"] = formatdate(self.modified, usegmt=True)
        return headers

    def not_modified(self, request: Request, etag: str | None) -> bool:
        """True when the client's cached copy is current (RFC 9110 §13.1: If-None-Match first)."""
        if etag is None or request.method not in ("GET", "HEAD"):
            return False
        if_none_match = request.headers.get("if-none-match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or etag.removeprefix("W/") in tags
        if_modified_since = request.headers.get("if-modified-since")
        if if_modified_since and self.modified is not None:
            try:
                return int(parsedate_to_datetime(if_modified_since).timestamp()) >= int(self.modified)
            except (TypeError, ValueError):
                return False
        return False
