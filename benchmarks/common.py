"""Shared pieces: child processes timed with their peak memory, medians, synthetic projects, machine info."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PYTHON = sys.executable
BIN = Path(sys.executable).parent
SUPPORT_FILES = ("concepts.ttl", "sources.ttl", "study.ttl", "countries.ttl")
LONG_RUN = 60.0          # a run longer than this is not repeated (the 30-minute budget of the suite)
SEED = 1


@dataclass
class Run:
    seconds: float
    peak_mib: float       # peak resident memory of the child process and its descendants
    stdout: str
    returncode: int


def run_measured(args: list[str], *, cwd: Path | None = None, timeout: float = 3600) -> Run:
    """Run a command; its wall time and its peak memory: the larger of its own peak RSS, as GNU
    time reports it (`%M`, KiB), and the peak of the summed RSS of its whole process tree, sampled
    every 50 ms (`lisllm validate` runs SHACL parts in child processes, two at a time; `%M` alone
    would report the largest single process)."""
    marker = "@@peak-kib="
    started = time.perf_counter()
    process = subprocess.Popen(["/usr/bin/time", "-f", marker + "%M", *map(str, args)], cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, NO_COLOR="1"))
    sampled = {"kib": 0}
    sampler = threading.Thread(target=_sample_tree, args=(process, sampled), daemon=True)
    sampler.start()
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    seconds = time.perf_counter() - started
    sampler.join()
    stderr = err.decode()
    peak = next((int(line.split("=", 1)[1]) for line in stderr.splitlines()[::-1] if line.startswith(marker)), 0)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({process.returncode}):\n{stderr[-3000:]}")
    return Run(seconds, max(peak, sampled["kib"]) / 1024, out.decode(), process.returncode)


def _sample_tree(process: subprocess.Popen, sampled: dict) -> None:
    while process.poll() is None:
        sampled["kib"] = max(sampled["kib"], _tree_rss_kib(process.pid))
        time.sleep(0.05)


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), KiB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue            # the process ended meanwhile
    return total


def measure(args: list[str], repeats: int, *, cwd: Path | None = None) -> tuple[float, float, list[Run]]:
    """Median seconds and median peak MiB of `repeats` runs (one run when it is long)."""
    runs = []
    for _ in range(repeats):
        runs.append(run_measured(args, cwd=cwd))
        if runs[-1].seconds > LONG_RUN:
            break
    return median(r.seconds for r in runs), median(r.peak_mib for r in runs), runs


def child_json(task: str, *args) -> tuple[dict, Run]:
    """Run a task of benchmarks.child in its own process; the JSON it prints, and the run."""
    run = run_measured([PYTHON, "-m", "benchmarks.child", task, *args], cwd=ROOT)
    return json.loads(run.stdout.strip().splitlines()[-1]), run


def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower()
        factor = {"k": 1_000, "m": 1_000_000}.get(part[-1:], 1)
        sizes.append(int(float(part.rstrip("km")) * factor))
    return sizes


def size_name(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 and size % 1_000_000 == 0 else f"{size // 1000}k"


def synthetic_project(folder: Path, size: int) -> tuple[Path, int]:
    """A project with the repository's ontology and shapes, its support files and `size` synthetic
    triples (lisllm synth, seed 1); no queries folder (their expected answers are the repository's)."""
    from lisllm.cases.synth import write_synthetic

    root = folder / f"synth-{size_name(size)}"
    for name in ("ontology", "shapes"):
        shutil.copytree(ROOT / name, root / name)
    (root / "instances").mkdir(parents=True)
    for name in SUPPORT_FILES:
        shutil.copy(ROOT / "instances" / name, root / "instances" / name)
    written = write_synthetic(root / "instances" / "synth.nt", size, SEED)
    return root, written


def machine_info() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")))
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    from lisllm.graph.java import java_executable

    java = subprocess.run([java_executable(), "-version"], capture_output=True, text=True)   # HermiT's Java
    versions = {}
    for name in ("pyoxigraph", "oxigraph", "pyrudof", "pyshacl", "rdflib", "owlready2", "matplotlib", "uvicorn",
                 "starlette"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    try:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return {
        "CPU": cpu, "cores": str(os.cpu_count()), "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Java": (java.stderr.splitlines() or ["?"])[0],
        "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "load average at start (1/5/15 min)": load,
    }
