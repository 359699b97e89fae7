"""The validate section of the suite: `lisllm validate` beside `lisllm build`, with the issue's targets."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from lisllm.graph.dist import Dist

from .common import LONG_RUN, ROOT, median, run_measured, size_name
from .suite import Context, Section, _lisllm, _s

STEP_KEYS = ("syntax", "lint", "reasoner", "shacl", "queries")
REPOSITORY_FOLDERS = ("ontology", "instances", "shapes", "queries")
# The targets (docs/validate.md, "Speed"): validate within these multiples of build.
VALIDATE_OVER_BUILD = {"repository": 1.5, 100_000: 2.0}
VALIDATE_1M_SECONDS = 45.0


@dataclass
class _Pair:
    """One build and the validate after it, in one state of the reasoner cache."""

    build: list[float] = field(default_factory=list)
    validate: list[float] = field(default_factory=list)

    def ratio(self) -> float:
        return median(self.validate) / median(self.build)


def validate(ctx: Context) -> Section:
    section = Section("validate", "`lisllm validate` beside `lisllm build` (whole commands, `--engine auto`)",
                      "Both commands as a user runs them, each in its own process, on a copy of the repository's "
                      "data folders (with its competency questions) and on each synthetic project (no questions: "
                      "the catalogue's expected answers are the repository's), taken in turn in three states of "
                      "the reasoner cache (.cache/lisllm/reasoner/ in the project): **build then validate** with the "
                      "cache emptied before the build (validate reuses the build's HermiT run; the columns the "
                      "targets use), **no cache** (`--no-cache` on both: every HermiT run happens), and **cached** "
                      "(both again, HermiT's results all cached: a commit that changes nothing HermiT reads). "
                      "Wall time with start-up; validate's peak memory and the seconds of each step (from its JSON "
                      "report) are those of the build-then-validate run; every graph must pass (no violation).",
                      ("project", "triples", "build s", "validate s", "× build", "build s, no cache",
                       "validate s, no cache", "× build, no cache", "build s, cached", "validate s, cached",
                       "× build, cached", "validate peak MiB", *STEP_KEYS, "engine", "violations"))
    projects = [("repository", _repository_copy(ctx.tmp / "repository"))]
    projects += [(size, ctx.projects[size]) for size in ctx.sizes]
    for name, (root, triples) in projects:
        pairs, step_seconds, peak, steps = _validate_beside_build(root, ctx.repeats)
        after, cold, cached = pairs
        engine = (steps[3].get("note") or "").rsplit(", ", 1)[-1]
        label = name if name == "repository" else f"synthetic {size_name(name)}"
        section.rows.append((label, f"{triples:,}", *(x for pair in pairs for x in (
            _s(median(pair.build)), _s(median(pair.validate)), f"{pair.ratio():.2f}×")),
            f"{peak:,.0f}", *(_s(s) for s in step_seconds), engine, str(_violations(steps))))
        if name != "repository":
            ctx.point("lisllm validate (after build)", name, median(after.validate))
        limit = VALIDATE_OVER_BUILD.get(name)
        if limit is not None:
            ctx.target(f"validate ÷ build, {label} (build then validate)",
                       f"{after.ratio():.2f}× ({_s(median(after.validate))} s ÷ {_s(median(after.build))} s; "
                       f"no cache {cold.ratio():.2f}×, cached {cached.ratio():.2f}×)", f"≤ {limit:g}×",
                       after.ratio() <= limit)
        if name == 100_000:
            ctx.target("validate 100k", f"{median(after.validate):.1f} s", "< 5 s", median(after.validate) < 5)
        if name == 1_000_000:
            seconds = median(after.validate)
            ctx.target("validate 1M: time (after its build)",
                       f"{seconds:.1f} s (no cache {median(cold.validate):.1f} s)", f"≤ {VALIDATE_1M_SECONDS:g} s",
                       seconds <= VALIDATE_1M_SECONDS)
            ctx.target("validate 1M: peak memory", f"{peak / 1024:.2f} GiB", "< 8 GiB", peak < 8192)
    if 1_000_000 not in ctx.sizes:
        ctx.target("validate 1M: time (after its build)", "not measured in this run", f"≤ {VALIDATE_1M_SECONDS:g} s",
                   None)
    section.notes.append("× build: validate's seconds over build's, in the same state of the cache (medians).")
    return section


def _violations(steps: list[dict]) -> int:
    return sum(s["summary"]["violation"] for s in steps)


def _validate_beside_build(root: Path, repeats: int) -> tuple[tuple[_Pair, _Pair, _Pair], list[float], float, list]:
    """Build then validate, in the three states of the cache (section intro), `repeats` times in turn
    (once when a run is longer than a minute); the step seconds (medians), validate's peak memory
    and the JSON report's steps, of the build-then-validate runs."""
    after, cold, cached = _Pair(), _Pair(), _Pair()
    reports, peaks = [], []
    for _ in range(repeats):
        shutil.rmtree(root / ".cache" / "lisllm" / "reasoner", ignore_errors=True)
        after.build.append(run_measured(_lisllm(root, "build", "--quiet")).seconds)
        run = run_measured(_lisllm(root, "validate", "--format", "json", "--quiet"))
        after.validate.append(run.seconds)
        reports.append(json.loads(run.stdout)["steps"])
        peaks.append(run.peak_mib)
        for pair, flags in ((cold, ("--no-cache",)), (cached, ())):
            pair.build.append(run_measured(_lisllm(root, "build", "--quiet", *flags)).seconds)
            pair.validate.append(run_measured(_lisllm(root, "validate", "--quiet", *flags)).seconds)
        if max(after.validate + cold.validate) > LONG_RUN:
            break
    steps = [median(r[i]["seconds"] for r in reports) for i in range(len(STEP_KEYS))]
    return (after, cold, cached), steps, median(peaks), reports[-1]


def _repository_copy(target: Path) -> tuple[Path, int]:
    """The repository's data folders, copied (a build writes dist/ and the cache into the project);
    its triples: ontology and asserted, as its build counts them."""
    for name in REPOSITORY_FOLDERS:
        shutil.copytree(ROOT / name, target / name)
    run_measured(_lisllm(target, "build", "--quiet"))
    counts = json.loads(Dist(target / "dist").info_file.read_text(encoding="utf-8"))["triples"]
    return target, counts["ontology"] + counts["asserted"]
