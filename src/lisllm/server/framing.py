"""The frames a query worker and the server exchange, and the server's end of a worker's socket.

The framing is multiprocessing's (a 4-byte big-endian length, then a pickle), read here by hand
rather than through `multiprocessing.Connection`, so that the event loop can watch the socket:
`Channel` is an asyncio protocol, and a reply completes a future; no thread waits for a worker.
"""

from __future__ import annotations

import asyncio
import struct
from typing import Callable

_LENGTH = struct.Struct("!i")
_LONG_LENGTH = struct.Struct("!Q")


def frame(payload: bytes) -> bytes:
    """multiprocessing's framing: a 4-byte big-endian length (-1, then 8 bytes, past 2 GiB), the payload."""
    size = len(payload)
    return (_LENGTH.pack(size) if size < 0x7FFFFFFF else _LENGTH.pack(-1) + _LONG_LENGTH.pack(size)) + payload


def frame_bounds(buffer) -> tuple[int, int] | None:
    """Where the first whole frame's payload starts and ends in `buffer`; None if it is not all there."""
    if len(buffer) < 4:
        return None
    size, start = _LENGTH.unpack_from(buffer)[0], 4
    if size == -1:
        if len(buffer) < 12:
            return None
        size, start = _LONG_LENGTH.unpack_from(buffer, 4)[0], 12
    return (start, start + size) if len(buffer) >= start + size else None


class WorkerGone(Exception):
    """The worker's end of the channel closed: the process died."""


class Channel(asyncio.Protocol):
    """The server's end of one worker's socket: frames out, one reply frame in per job."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future | None = None
        self.closed = False
        self.on_lost: Callable[[], None] = lambda: None
        self.on_reply: Callable[[], None] = lambda: None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        bounds = frame_bounds(buffer)
        if bounds is None:
            return
        payload = bytes(buffer[bounds[0]:bounds[1]])
        del buffer[:bounds[1]]
        if not buffer:
            self.buffer = bytearray()           # do not keep the room a large reply took
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(payload)
            self.on_reply()                     # the worker is free: it may be given the next job now

    def connection_lost(self, exc) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(WorkerGone())
        self.on_lost()

    def send(self, payload: bytes) -> asyncio.Future:
        self.waiter = asyncio.get_running_loop().create_future()
        if self.closed:
            self.waiter.set_exception(WorkerGone())
            return self.waiter
        self.transport.write(frame(payload))
        return self.waiter

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
