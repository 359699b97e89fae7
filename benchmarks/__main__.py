"""Run the whole suite: `python -m benchmarks [--sizes 10k,100k,1m] [--repeats 3]` (or `make bench`).

Writes benchmarks/RESULTS.md and benchmarks/scaling.png, and prints every table as it is measured.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from . import suite, validate
from .common import ROOT, machine_info, parse_sizes, size_name, synthetic_project
from .report import markdown, plot, print_section

SECTIONS = ("build", "queries", "shacl", "hermit", "validate", "endpoint", "soak")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="synthetic graph sizes (default: 10k,100k,1m)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure; the median is shown (default 3)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"sections to run (default: {','.join(SECTIONS)})")
    parser.add_argument("--pyshacl-max", default="100k", help="largest size pyshacl runs at (default 100k)")
    parser.add_argument("--seconds", type=float, default=2.0, help="longest endpoint measurement (default 2 s)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md",
                        help="where to write the results (default benchmarks/RESULTS.md)")
    args = parser.parse_args()
    sizes = sorted(parse_sizes(args.sizes))
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")

    started_at = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    started = time.perf_counter()
    machine = machine_info()
    print("\n".join(f"{k}: {v}" for k, v in machine.items()))
    with tempfile.TemporaryDirectory(prefix="lisllm-bench-") as tmp:
        ctx = suite.Context(Path(tmp), sizes, args.repeats, {})
        for size in sizes:
            ctx.projects[size] = synthetic_project(Path(tmp), size)
            print(f"synthetic {size_name(size)}: {ctx.projects[size][1]:,} triples", flush=True)
        runners = {
            "build": lambda: suite.build(ctx),
            "queries": lambda: suite.queries(ctx),
            "shacl": lambda: suite.shacl(ctx, parse_sizes(args.pyshacl_max)[0]),
            "hermit": lambda: suite.hermit(ctx),
            "validate": lambda: validate.validate(ctx),
            "endpoint": lambda: suite.endpoint(ctx, args.seconds, [1, 4, 16]),
            "soak": lambda: suite.soak(ctx),
        }
        sections = []
        for key in SECTIONS:
            if key in only:
                section_started = time.perf_counter()
                sections.append(runners[key]())
                sections[-1].notes.append(f"Section time: {time.perf_counter() - section_started:.0f} s.")
                print_section(sections[-1])
                sys.stdout.flush()
        minutes = (time.perf_counter() - started) / 60
        picture = plot(ctx, args.out.with_name("scaling.png"))
        command = "python -m benchmarks" + ("" if len(sys.argv) == 1 else " " + " ".join(sys.argv[1:]))
        args.out.write_text(markdown(sections, ctx, machine, started_at, minutes, command, picture), encoding="utf-8")
    print(f"\nWrote {args.out} in {minutes:.1f} minutes")


if __name__ == "__main__":
    main()
