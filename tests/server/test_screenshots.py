"""scripts/screenshots.py takes its pictures from a real server in real Chromium."""

from __future__ import annotations

import importlib.util
import struct

import pytest

from browsers import launched_browser, needs_chromium
from conftest import REPO

pytestmark = needs_chromium

_spec = importlib.util.spec_from_file_location("screenshots", REPO / "scripts" / "screenshots.py")
screenshots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screenshots)


@pytest.fixture(scope="module")
def browser():
    yield from launched_browser()


def test_a_page_is_written_as_a_png_one_window_in_size(browser, server, tmp_path):
    (case,) = [shot for shot in screenshots.SHOTS if shot.name == "case-zh"]
    (written,) = screenshots.take(browser, server.url, [case], tmp_path / "images")
    assert written == tmp_path / "images" / "case-zh.png"
    data = written.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    # One window's worth (the committed files stay small), not the whole page.
    assert (width, height) == (screenshots.WINDOW["width"], screenshots.WINDOW["height"])
    assert 10_000 < len(data) < 300_000
