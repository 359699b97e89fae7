"""Real `lisllm serve` processes on 127.0.0.1 for tests; whoever starts one stops it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx


def stop_process(process: subprocess.Popen, sig: int, grace: float) -> None:
    """Send `sig` to a running process, and kill it if it has not ended within `grace` seconds."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A `lisllm serve` process on 127.0.0.1; the fixture that starts it stops it."""

    def __init__(self, project, port: int, *args: str, env: dict[str, str] | None = None):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = project.root / f"access-{port}.log"
        self.stderr = project.root / f"stderr-{port}.txt"
        command = [sys.executable, "-m", "lisllm", "--project", str(project.root), "serve", "--no-build",
                   "--port", str(port), "--access-log", str(self.log), *args]
        with open(self.stderr, "wb") as err:
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err,
                                            env=dict(os.environ if env is None else env, NO_COLOR="1"))
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"lisllm serve exited: {self.stderr.read_text()}")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("lisllm serve did not start within 60 s")

    def health(self) -> dict:
        return httpx.get(self.url + "/health", timeout=5).json()

    def stop(self) -> None:
        stop_process(self.process, signal.SIGINT, 20)
