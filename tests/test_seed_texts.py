"""The seed texts stay outside the repository: without them the tests that quote them are skipped,
saying which variable to set; with LISLLM_REQUIRE_SEEDS=1 (CI) their absence stops the run."""

import os
import subprocess
import sys

from conftest import REPO

QUOTING_TEST = "tests/data/seed004/test_seed004_data.py::test_headings_are_the_seeds"


def pytest_run(tmp_path, *args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LISLLM_")}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", *args],
                          cwd=REPO, env=environment, capture_output=True, text=True, timeout=300)


def test_without_seed_texts_the_quoting_tests_are_skipped_naming_the_variable(tmp_path):
    done = pytest_run(tmp_path, QUOTING_TEST, LISLLM_SEEDS=str(tmp_path / "absent"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout
    assert f"the seed texts are not at {tmp_path / 'absent'}: set LISLLM_SEEDS" in done.stdout


def test_ci_requires_the_seed_texts(tmp_path):
    done = pytest_run(tmp_path, QUOTING_TEST, LISLLM_SEEDS=str(tmp_path / "absent"), LISLLM_REQUIRE_SEEDS="1")
    assert done.returncode == 4  # pytest's usage error
    assert "LISLLM_REQUIRE_SEEDS=1 but the seed texts are not at" in done.stderr


def test_with_the_seed_texts_the_quoting_tests_run(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "004_x.txt").write_text("一、资源分散与重复建设 评价体系单一化 产学研协同机制缺失 "
                                      "长周期投入与短期回报矛盾 "
                                      "构建跨机构协作网络 建立多元化评价体系 深化产学研融合机制 强化长期投入与容错机制",
                                      encoding="utf-8")
    done = pytest_run(tmp_path, QUOTING_TEST, LISLLM_SEEDS=str(folder))
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr
    (folder / "004_x.txt").write_text("其他文字", encoding="utf-8")
    done = pytest_run(tmp_path, QUOTING_TEST, LISLLM_SEEDS=str(folder))
    assert done.returncode == 1 and "1 failed" in done.stdout
