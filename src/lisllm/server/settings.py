"""What `lisllm serve` can be told, and each default, stated once: the command's options, their
help and the dataclasses the server is built from all read them here.

Kept free of heavy imports: the command line reads it as it starts, for every command.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT = 5.0                   # seconds a query may run before its worker is killed
MAX_ROWS = 10_000               # rows (or triples) in a result; longer ones are cut
MAX_BODY = 1 << 20              # bytes of a request body or query string
WORKERS = max(2, os.cpu_count() or 2)
MEMORY_LIMIT = 200_000          # quads: larger stores stay on disk (docs/serve.md, "Bounds")
INLINE_ROWS = 1_000             # rows of a look-up answered in the server process; past them a worker
                                # runs it again, so that the event loop is never held for more than ~1 ms
CACHE_MIB = 64                  # the response cache
MAX_AGE = 60                    # seconds, Cache-Control max-age of results and pages


@dataclass(frozen=True)
class Limits:
    timeout: float = TIMEOUT
    max_rows: int = MAX_ROWS
    max_body: int = MAX_BODY
    allow_service: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Settings:
    dist: Path
    queries: Path
    limits: Limits = field(default_factory=Limits)
    endpoint: str | None = None                 # proxy to this remote SPARQL endpoint instead
    workers: int = WORKERS
    memory_store: int = MEMORY_LIMIT            # copy a store of at most this many quads into memory
    access_log: Path | None = None              # JSON lines; stderr when None
    inline_rows: int = INLINE_ROWS              # look-ups answered in the server up to this many rows; 0: never
    cache_bytes: int = CACHE_MIB << 20          # response cache; 0 turns it off
    max_age: int = MAX_AGE                      # Cache-Control max-age of results and pages, seconds
