"""Run the `lisllm` command with its stderr on a pseudo-terminal, as a user at a terminal would,
while its stdout goes to a pipe (so the two streams can be told apart)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str          # as written, with carriage returns and escape sequences

    @property
    def screen(self) -> list[str]:
        """The stderr lines as a terminal would show them once the command has ended: a bar redrawn
        with carriage returns leaves only its last state."""
        lines = ESCAPE.sub("", self.stderr).split("\n")
        return [line.rsplit("\r", 1)[-1].rstrip() for line in lines if line.strip()]


def lisllm(*args: str, cwd: Path, tty: bool = True, env: dict | None = None, timeout: float = 300) -> Run:
    """Run `lisllm ARGS`; with `tty`, stderr is a pseudo-terminal, else a pipe."""
    command = [sys.executable, "-m", "lisllm", *args]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    if not tty:
        done = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=timeout)
        return Run(done.returncode, done.stdout, done.stderr)
    leader, follower = os.openpty()
    try:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=follower)
    finally:
        os.close(follower)
    chunks: list[bytes] = []
    # Read the terminal while the command runs: a full pseudo-terminal buffer would block its writes.
    reader = threading.Thread(target=_drain, args=(leader, chunks), daemon=True)
    reader.start()
    try:
        stdout, _ = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        reader.join(timeout=10)
        os.close(leader)
    # The terminal turns each "\n" into "\r\n" on output.
    stderr = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return Run(process.returncode, stdout.decode("utf-8"), stderr)


def _drain(fd: int, chunks: list[bytes]) -> None:
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:      # EIO: every writer has closed the terminal
            return
        if not data:
            return
        chunks.append(data)
