"""HTTP validators from the graph version, and the response cache of the immutable graph.

The graph version is `graph_version` in dist/build.json (a hash of every input file), so a
response stays valid exactly as long as the build it came from. ETags are weak (W/"…"): the
same representation may be sent gzip-compressed or not, which is semantically equivalent.

`ResponseCache` keeps finished responses (SPARQL results, linked-data pages, the home page) in
memory, keyed by the graph version and the normalised request, bounded in bytes and evicting the
least recently used. Only complete successful answers go in: errors, timeouts, refusals and
answers that depend on something other than the graph (SERVICE, NOW(), RAND()…) never do.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Callable, Hashable

from ..graph.dist import Dist

GZIP_MIN_SIZE = 512                 # smaller bodies are sent as they are
GZIP_LEVEL = 6
ENTRY_OVERHEAD = 512                # bytes counted per entry besides its bodies (key, headers, objects)


@dataclass(frozen=True)
class GraphVersion:
    version: str | None          # None: unknown (a remote endpoint), so nothing is cacheable
    modified: float | None       # seconds since the epoch
    max_age: int = 0             # Cache-Control max-age for cacheable answers; 0: revalidate each time

    @classmethod
    def of_dist(cls, dist: Path, max_age: int = 0) -> GraphVersion:
        built = Dist(dist)
        version = built.graph_version()
        return cls(version, built.modified() if version else None, max_age)

    def etag(self, *parts: object) -> str | None:
        if self.version is None:
            return None
        digest = hashlib.sha256("\x00".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
        return f'W/"{self.version[:16]}-{digest}"'

    def cache_control(self) -> str:
        return f"public, max-age={self.max_age}" if self.max_age > 0 else "no-cache"

    def headers(self, etag: str | None) -> dict[str, str]:
        if etag is None:
            return {"Cache-Control": "no-store"}
        headers = {"ETag": etag, "Cache-Control": self.cache_control()}
        if self.modified is not None:
            headers["Last-Modified"] = self.last_modified
        return headers

    @property
    def last_modified(self) -> str:
        return _http_date(self.modified)

    def not_modified(self, request, etag: str | None) -> bool:
        """True when the client's cached copy is current (RFC 9110 §13.1: If-None-Match first)."""
        if etag is None or request.method not in ("GET", "HEAD"):
            return False
        return self.fresh(request.headers.get("if-none-match"), request.headers.get("if-modified-since"), etag)

    def fresh(self, if_none_match: str | None, if_modified_since: str | None, etag: str) -> bool:
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or etag.removeprefix("W/") in tags
        if if_modified_since and self.modified is not None:
            try:
                return int(parsedate_to_datetime(if_modified_since).timestamp()) >= int(self.modified)
            except (TypeError, ValueError):
                return False
        return False


@functools.lru_cache(maxsize=8)
def _http_date(seconds: float | None) -> str:
    return formatdate(seconds, usegmt=True) if seconds is not None else ""


@dataclass
class Cached:
    """A finished 200 answer: its body, Content-Type, other headers and ETag; gzip made on first use."""

    body: bytes
    content_type: str
    headers: list[tuple[bytes, bytes]]          # besides Content-Type, -Length, -Encoding and CORS
    etag: str | None
    form: str = ""                              # for SPARQL answers: select, ask or graph
    rows: int = 0
    truncated: bool = False
    _gzipped: bytes | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        return len(self.body) + len(self._gzipped or b"") + ENTRY_OVERHEAD

    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, GZIP_LEVEL, mtime=0)
        return self._gzipped


class ResponseCache:
    """Least-recently-used responses, at most `capacity` bytes in all (bodies and their gzip forms).

    An answer larger than an eighth of the capacity is not kept, so that one large result cannot
    empty the cache. `capacity` 0 turns caching off. Hits and misses are reported through
    `on_lookup(kind, hit)`; the size is read when the metrics are (`len`, `bytes`).
    """

    def __init__(self, capacity: int, on_lookup: Callable[[str, bool], None] = lambda kind, hit: None):
        self.capacity = max(0, capacity)
        self.largest = self.capacity // 8
        self.on_lookup = on_lookup
        self._entries: OrderedDict[Hashable, Cached] = OrderedDict()
        self._sizes: dict[Hashable, int] = {}
        self._aliases: OrderedDict[Hashable, tuple[Hashable, str | None, int]] = OrderedDict()
        self.bytes = 0

    @property
    def enabled(self) -> bool:
        return self.capacity > 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, kind: str) -> Cached | None:
        if not self.capacity:
            return None
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        self.on_lookup(kind, entry is not None)
        return entry

    def recall(self, alias: Hashable) -> tuple[Hashable, str | None, int] | None:
        """The normalised key (and ETag) that a request spelt exactly as `alias` had last time, so
        that a repeated request skips parsing its parameters; None if unknown or no longer held."""
        found = self._aliases.get(alias)
        if found is None:
            return None
        if found[0] not in self._entries:
            self._drop_alias(alias)
            return None
        self._aliases.move_to_end(alias)
        return found

    def remember(self, alias: Hashable, key: Hashable, etag: str | None, size: int) -> None:
        """Note that requests spelt as `alias` (about `size` bytes) mean `key`; counted in the capacity."""
        if not self.capacity or key not in self._entries or alias in self._aliases:
            return
        self._aliases[alias] = (key, etag, size + ENTRY_OVERHEAD)
        self.bytes += size + ENTRY_OVERHEAD
        self._shrink()

    def put(self, key: Hashable, entry: Cached) -> None:
        if not self.capacity or entry.size > self.largest:
            return
        self._forget(key)
        self._entries[key] = entry
        self._sizes[key] = entry.size
        self.bytes += entry.size
        self._shrink()

    def grew(self, key: Hashable) -> None:
        """Account for an entry's gzip form, made after it was stored."""
        entry = self._entries.get(key)
        if entry is None:
            return
        self.bytes += entry.size - self._sizes[key]
        self._sizes[key] = entry.size
        self._shrink()

    def _forget(self, key: Hashable) -> None:
        if key in self._entries:
            del self._entries[key]
            self.bytes -= self._sizes.pop(key)

    def _drop_alias(self, alias: Hashable) -> None:
        self.bytes -= self._aliases.pop(alias)[2]

    def _shrink(self) -> None:
        while self.bytes > self.capacity and (self._entries or self._aliases):
            if self._aliases and (len(self._aliases) >= len(self._entries) or not self._entries):
                self._drop_alias(next(iter(self._aliases)))
            else:
                key, _ = self._entries.popitem(last=False)
                self.bytes -= self._sizes.pop(key)
