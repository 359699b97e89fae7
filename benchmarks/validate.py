"""How long `lisllm validate` takes, per step, on the repository and on copies with more cases.

Run on demand (never in the test suite):

    .venv/bin/python benchmarks/validate.py [--runs 3] [--scale 1 5 20]

The reference is `lisllm build`'s own assembly (parse, expand findings, HermiT), timed in the same
process, so the ratios compare validation with the work a build does anyway, on the same machine.
Scale k copies each case's own resources (case, institution, units, outputs, findings) k times under
new IRIs, as N-Triples, in a temporary project; shared resources (concepts, sources) stay single.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lisllm.build import assemble  # noqa: E402
from lisllm.project import load_project  # noqa: E402
from lisllm.rdf_files import parse_file  # noqa: E402
from lisllm.validation.inputs import from_project  # noqa: E402
from lisllm.validation.runner import STEPS, run  # noqa: E402

ID = "https://w3id.org/lisllm/id/"


def scaled_project(scale: int, folder: Path) -> Path:
    """A copy of the repository's project in which every case appears `scale` times."""
    root = folder / f"scale-{scale}"
    for name in ("ontology", "instances", "shapes"):
        shutil.copytree(ROOT / name, root / name)
    cases = root / "instances" / "cases"
    for path in sorted(cases.glob("*.ttl")):
        triples = parse_file(path).triples
        own = {t.subject.value for t in triples
               if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(ID)}
        own -= {t.subject.value for p in (root / "instances").glob("*.ttl") for t in parse_file(p).triples
                if isinstance(t.subject, ox.NamedNode)}
        for copy in range(1, scale):
            def rename(term):
                if isinstance(term, ox.NamedNode) and term.value in own:
                    return ox.NamedNode(f"{term.value}-copy{copy}")
                return term
            renamed = [ox.Triple(rename(t.subject), t.predicate, rename(t.object)) for t in triples]
            ox.serialize(renamed, str(cases / f"{path.stem}-copy{copy}.nt"), ox.RdfFormat.N_TRIPLES)
    return root


def measure(root: Path, runs: int) -> tuple[dict[str, float], float, int]:
    project = load_project(root)
    reference, steps = [], {key: [] for key, _ in STEPS}
    triples = 0
    for _ in range(runs):
        started = time.perf_counter()
        graphs = assemble(project)
        reference.append(time.perf_counter() - started)
        triples = len(graphs.asserted) + len(graphs.inferred)
        report = run(from_project(project), cwd=root)
        assert report.count("violation") == 0, [i.message for i in report.issues if i.severity == "violation"]
        for step in report.steps:
            steps[step.id].append(step.seconds)
    return {k: statistics.median(v) for k, v in steps.items()}, statistics.median(reference), triples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 5, 20])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lisllm-bench-") as tmp:
        for scale in args.scale:
            root = ROOT if scale == 1 else scaled_project(scale, Path(tmp))
            steps, reference, triples = measure(root, args.runs)
            total = sum(steps.values())
            print(f"\nscale {scale}: {4 * scale} cases, {triples} data triples; median of {args.runs} runs")
            print(f"  {'step':<10} {'seconds':>8} {'× build':>8}")
            for key, seconds in steps.items():
                print(f"  {key:<10} {seconds:>8.2f} {seconds / reference:>8.2f}")
            print(f"  {'total':<10} {total:>8.2f} {total / reference:>8.2f}")
            print(f"  {'build ref':<10} {reference:>8.2f} {1:>8.2f}")


if __name__ == "__main__":
    main()
