"""Screenshots of what a reader sees, for the docs, taken from the running server.

`python scripts/screenshots.py` starts `lisllm serve` on a free port of 127.0.0.1 (which builds the
graph first when dist/ is missing or older than the sources), opens each page in headless Chromium
(driven by Playwright; no browser is downloaded) in a window 1280 px wide and writes
docs/images/<name>.png: the home page, the query UI once its first answer shows, a case page in
English and in Chinese, and the findings report (`lisllm report --format html`, opened from a
temporary file). `python scripts/screenshots.py home query` takes only those. Each is one screen,
not the whole page, so that the committed files stay small.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import httpx

from lisllm.report.pdf import find_browser

REPO = Path(__file__).resolve().parents[1]
IMAGES = REPO / "docs" / "images"
WINDOW = {"width": 1280, "height": 800}
REPORT = "report"                 # a shot of the report file, not of a server path
START_S = 600                     # a first build of the graph takes a while
SERVING = re.compile(r"Serving .* on (http://\S+?)/?\s")


class Shot(NamedTuple):
    name: str                     # the file is <name>.png
    path: str                     # on the server, or REPORT
    ready: str | None = None      # a selector to wait for before the picture is taken


SHOTS = (
    Shot("home", "/?lang=en"),
    Shot("query", "/query?lang=en", ready=".yasr table"),
    Shot("case-en", "/id/case/japan-nii?lang=en"),
    Shot("case-zh", "/id/case/japan-nii?lang=zh"),
    Shot("report", REPORT),
)


@contextmanager
def serving(project: Path) -> Iterator[str]:
    """`lisllm serve` of `project` on a port the system picks; yields its URL once it answers."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([sys.executable, "-m", "lisllm", "--project", str(project), "serve", "--port", "0"],
                                   stdout=log, stderr=log)
        try:
            yield _wait_until_ready(process, log)
        finally:
            # Ctrl-C, as a person would stop it: the server stops its query workers too.
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(process: subprocess.Popen, log) -> str:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        log.seek(0)
        said = log.read().decode("utf-8", "replace")
        if process.poll() is not None:
            raise RuntimeError(f"lisllm serve exited:\n{said}")
        found = SERVING.search(said)
        if found:
            try:
                if httpx.get(found.group(1) + "/health", timeout=2).status_code == 200:
                    return found.group(1)
            except httpx.HTTPError:
                pass
        time.sleep(0.2)
    raise RuntimeError(f"lisllm serve did not answer within {START_S} s")


def write_report(project: Path, folder: Path) -> Path:
    """The findings report as one self-contained HTML page in `folder`."""
    out = folder / "report.html"
    subprocess.run([sys.executable, "-m", "lisllm", "--project", str(project), "report", "--format", "html",
                    "--out", str(out)], check=True)
    return out


def take(browser, base_url: str, shots, out: Path, report: Path | None = None) -> list[Path]:
    """Screenshot each shot's page into out/<name>.png; `report` is the file a REPORT shot opens."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    page = browser.new_page(viewport=WINDOW, device_scale_factor=1)
    try:
        for shot in shots:
            page.goto(report.as_uri() if shot.path == REPORT else base_url + shot.path)
            if shot.ready:
                page.wait_for_selector(shot.ready, timeout=30_000)
            # Web fonts and the editor's last layout have settled once the network is idle.
            page.wait_for_load_state("networkidle")
            target = out / f"{shot.name}.png"
            page.screenshot(path=str(target))
            written.append(target)
    finally:
        page.close()
    return written


def main(names: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    unknown = set(names) - {shot.name for shot in SHOTS}
    if unknown:
        raise SystemExit(f"no shot named {', '.join(sorted(unknown))}; the shots: {', '.join(s.name for s in SHOTS)}")
    shots = [shot for shot in SHOTS if not names or shot.name in names]
    with tempfile.TemporaryDirectory(prefix="lisllm-shots-") as work, serving(REPO) as url, \
            sync_playwright() as playwright:
        report = write_report(REPO, Path(work)) if any(s.path == REPORT for s in shots) else None
        browser = playwright.chromium.launch(executable_path=find_browser(), args=["--no-sandbox"])
        try:
            for path in take(browser, url, shots, IMAGES, report):
                print(f"{path.relative_to(REPO)}  {path.stat().st_size // 1024} KiB")
        finally:
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
