"""The access log: one JSON object per request, a line each, to a file or stderr."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

# One encoder for every log line: json.dumps(…, ensure_ascii=False) builds a new one per call (half its time).
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


_clock = [0, ""]


def log_time() -> str:
    """The local time to the second, as the access log writes it (formatted once a second)."""
    second = int(time.time())
    if second != _clock[0]:
        _clock[0], _clock[1] = second, time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(second))
    return _clock[1]


class AccessLog:
    """One JSON object per line, to a file or stderr (no logging machinery). Lines are written once
    the event loop has finished its current round, together: one write for all the requests that
    ended in it, and never later than that."""

    def __init__(self, path: Path | None):
        self.stream = open(path, "a", encoding="utf-8") if path else sys.stderr
        self.pending: list[str] = []

    def write(self, entry: dict) -> None:
        if not self.pending:
            try:
                asyncio.get_running_loop().call_soon(self.flush)
            except RuntimeError:                # no loop (a test calling the app by hand): write now
                self.pending.append(_ENCODE(entry) + "\n")
                self.flush()
                return
        self.pending.append(_ENCODE(entry) + "\n")

    def flush(self) -> None:
        lines, self.pending = self.pending, []
        if lines:
            self.stream.write("".join(lines))
            self.stream.flush()

    def close(self) -> None:
        self.flush()
        if self.stream is not sys.stderr:
            self.stream.close()
