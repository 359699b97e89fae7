"""Outputs are written whole, and readable like any file the user writes (not mkstemp's private 0600)."""

from __future__ import annotations

import os
import stat

import pytest

from lisllm.atomic import atomic_create_text, atomic_directory, atomic_write_text


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_written_files_and_folders_follow_the_umask(tmp_path, umask_022):
    atomic_write_text(tmp_path / "report.md", "x")
    atomic_create_text(tmp_path / "case.ttl", "x")
    with atomic_directory(tmp_path / "site") as staging:
        (staging / "index.html").write_text("x")
    assert stat.S_IMODE((tmp_path / "report.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "case.ttl").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "site").stat().st_mode) == 0o755


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("old")

    def refuse(*args):
        raise OSError("disk full")

    # The rename is the last step: failing there, the new text was written to the temporary file only.
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["report.md"]
