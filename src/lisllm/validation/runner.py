"""Runs the five steps in order over files parsed once, timing each, and collects one report.

A later step that needs the whole graph is skipped (and says why) when an RDF file does not parse
or the graph is inconsistent, since its results would be noise; every other step still reports.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputErrors, LisllmError
from ..graph.build import Graphs, assemble_parsed, derived
from ..graph.reasoner_cache import ReasonerCache
from ..graph.reasoning import Reasoning, classify_all
from ..graph.store import create_store, quads
from ..namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY
from ..progress import SILENT, Progress, count
from ..sparql.scoping import files_in_scope
from . import lint as lint_step
from . import queries as queries_step
from . import reasoner as reasoner_step
from . import shacl as shacl_step
from . import syntax as syntax_step
from .inputs import Inputs, sort_by_content
from .locate import Locator
from .report import SEVERITIES, VIOLATION, Issue, Report, StepReport, counts_text

STEPS = (
    ("syntax", "Syntax"),
    ("lint", "Lint"),
    ("reasoner", "Reasoner (HermiT)"),
    ("shacl", "SHACL shapes"),
    ("queries", "Competency questions"),
)


ENGINES = ("pyshacl", "rudof", "auto")
# What `auto` runs: pyrudof was faster than pyshacl, the reference, at every size measured, so the
# crossover lies below the smallest graph validate sees (best of 3, same run, docs/validate.md):
# one shape fixture with the ontology 0.23 s vs 0.81 s, 1,264 data triples 0.38 vs 1.56 s,
# the repository's 6,761 0.65 vs 5.10 s; 100k and 1M in benchmarks/RESULTS.md.
AUTO_ENGINE = "rudof"


def run(inputs: Inputs, *, reasoner: bool = True, strict: bool = False, cwd: Path | None = None,
        engine: str = "auto", cache: bool = True, progress: Progress = SILENT) -> Report:
    """Validate `inputs`; with `cache`, HermiT's results come from the project's reasoner cache
    (lisllm.graph.reasoner_cache) when its input is unchanged."""
    show = displayer(cwd or Path.cwd())
    started = time.perf_counter()
    steps = {key: StepReport(key, title) for key, title in STEPS}
    report = Report(root=inputs.root, steps=list(steps.values()), strict=strict, reasoner=reasoner)

    def timed(key: str, doing: str | None) -> _timed:
        return _timed(steps[key], progress, doing, strict)

    # 1. Syntax: parse each file once; expand findings into the claims they make (as the build does).
    with timed("syntax", f"parsing {len(inputs.rdf_files)} RDF files and {len(inputs.queries)} queries") as step:
        parsed = syntax_step.parse_rdf(inputs.rdf_files, step, show, inputs.base)
        query_texts = syntax_step.parse_queries(inputs.queries, step, show)
        sort_by_content(inputs, parsed)
        graphs = None
        if not any(i.rule == "parse-error" for i in step.issues):
            try:
                graphs = assemble_parsed([parsed[p] for p in inputs.ontology],
                                         [parsed[p] for p in inputs.instances], reason=False)
            except InputErrors as exc:
                step.issues += [_structure_issue(e, show) for e in exc.errors]
        step.note = f"{len(inputs.rdf_files)} RDF files, {len(inputs.queries)} queries"
    if graphs is None:
        for key in ("lint", "reasoner", "shacl", "queries"):
            steps[key].skipped = "not run: fix the syntax errors first"
        return _finish(report, started)

    ontology_files = [parsed[p] for p in inputs.ontology]
    instance_files = [parsed[p] for p in inputs.instances]
    shape_files = [parsed[p] for p in inputs.shapes]
    locator = Locator(ontology_files + instance_files + shape_files)

    # 3. Reasoner, over the full graph (and, in the background, over each scope's graph). It runs
    # before lint: SHACL needs its inferences, and runs in the background while the reasoner's
    # memberships are located and lint checks (docs/validate.md, "Speed"); the report keeps the
    # steps' order.
    inferred = list(graphs.inferred)          # the finding labels the build adds
    consistent = True
    reasoning = None
    shacl_run: Future | None = None
    # One store of the three graphs (built when first needed, after the reasoner step) serves the
    # SPARQL parts of SHACL (pyrudof) and the questions.
    stores: list[ox.Store] = []

    def store() -> ox.Store:
        if not stores:
            stores.append(create_store(None, quads(GRAPH_ONTOLOGY, graphs.ontology)
                                       + quads(GRAPH_ASSERTED, graphs.asserted) + quads(GRAPH_INFERRED, inferred)))
        return stores[0]

    launched = threading.Event()

    def shacl() -> None:
        try:
            with timed("shacl", f"checking {count(len(graphs.asserted) + len(inferred))} data triples against "
                                f"{len(shape_files)} shape files") as step:
                if not shape_files:
                    step.skipped = "no SHACL shapes found"
                else:
                    _shacl_step(step, graphs.asserted + inferred, [t for f in shape_files for t in f.triples],
                                graphs.ontology, locator, show, reasoner, shape_files, engine, store, launched.set)
        finally:
            launched.set()

    reasoner_cache = ReasonerCache.in_project(inputs.project.root) if cache and inputs.project else None
    with timed("reasoner", f"reasoning over {count(len(graphs.ontology) + len(graphs.asserted))} triples (HermiT)"
               if reasoner else None) as step:
        scoped = ScopedStores(store, ontology_files, instance_files, queries_step.scopes(inputs.queries, query_texts))
        step.items += list(reasoner_step.ITEMS)
        if not reasoner:
            step.skipped = "not run (--no-reasoner): shapes that need inferred classes are switched off"
        else:
            reasoning, issues = reasoner_step.reason(graphs.ontology, graphs.asserted, locator, show,
                                                     scoped.reasoner(reasoner_cache))
            step.issues += issues
            if reasoning is None:
                consistent = False
            else:
                inferred = derived(graphs.ontology, graphs.asserted, reasoning, labels=graphs.inferred)
        if consistent:
            shacl_run = _in_background(shacl)
            # Python's lock is the SHACL step's until pyrudof has its work (its preparation would
            # otherwise share the lock with what follows and start pyrudof late).
            launched.wait()
        if reasoning is not None:
            roles = reasoner_step.inferred_class_issues(graphs.ontology, reasoning, locator)
            step.issues += roles
            step.note = (f"consistent, {len(reasoning.unsatisfiable)} unsatisfiable classes, "
                         f"{len(reasoning.inferred)} inferred types, {len(roles)} individuals in defined classes")

    # 2. Lint.
    files = ontology_files + instance_files + shape_files
    with timed("lint", f"checking {count(sum(len(f.triples) for f in files))} triples in {len(files)} files "
                       f"and {len(query_texts)} queries") as step:
        issues, items = lint_step.lint(
            lint_step.LintInput(ontology_files, instance_files, shape_files, query_texts,
                                not inputs.ontology_is_context), locator, show)
        step.issues += issues
        step.items += items
        step.note = f"{len(items)} files"

    if shacl_run is None:
        for key in ("shacl", "queries"):
            steps[key].skipped = "not run: the graph is inconsistent (see the reasoner step)"
        return _finish(report, started)
    # 4. SHACL: its report, once its engine is done.
    shacl_run.result()

    # 5. Competency questions.
    with timed("queries", f"running {len(inputs.queries)} competency questions") as step:
        if not inputs.queries:
            step.skipped = "no queries found" + (f" in {show(inputs.queries_folder)}" if inputs.queries_folder else "")
        else:
            issues, items, not_run = queries_step.check_queries(scoped.for_scope, inputs.queries, query_texts, show,
                                                                reasoner=reasoner)
            step.issues += issues
            step.items += items
            step.skipped_items.update(not_run)
            step.note = f"{len(items)} queries"
    return _finish(report, started)


class ScopedStores:
    """The graph for each set of studies that expected answers were written for (lisllm.sparql.scoping).

    Each is assembled before the reasoner step; once HermiT has classified the full graph
    (`reasoner`), one more HermiT process classifies every scope's graph in the background, while
    the SHACL step runs on the other core, and the questions wait for it. A scope's data is a
    subset of the full graph's, so it is consistent when the full graph is.
    """

    def __init__(self, full: Callable[[], ox.Store], ontology_files, instance_files, scopes):
        self.full = full
        self._graphs: dict[frozenset, Graphs] = {}
        self._stores: dict[frozenset, ox.Store] = {}
        self._pending: Future | None = None
        for scope in scopes:
            key = frozenset(scope)
            if scope and key not in self._graphs:
                kept = files_in_scope(instance_files, set(scope))
                if len(kept) < len(instance_files):
                    self._graphs[key] = assemble_parsed(ontology_files, kept, reason=False)

    def reasoner(self, cache: ReasonerCache | None) -> Callable[[list[ox.Triple], list[ox.Triple]], Reasoning]:
        """Classifies the full graph, then starts the scopes' classification (class doc)."""

        def classify_then_scopes(ontology: list[ox.Triple], asserted: list[ox.Triple]) -> Reasoning:
            full = classify_all(ontology, [asserted], cache=cache)[0]
            if self._graphs:
                self._pending = _in_background(functools.partial(
                    classify_all, ontology, [g.asserted for g in self._graphs.values()], cache=cache))
            return full

        return classify_then_scopes

    def for_scope(self, scope: tuple[str, ...]) -> ox.Store:
        key = frozenset(scope)
        if key not in self._graphs:
            return self.full()
        if self._pending is not None:
            for graphs, reasoning in zip(self._graphs.values(), self._pending.result(), strict=True):
                graphs.reasoning = reasoning
                graphs.inferred = derived(graphs.ontology, graphs.asserted, reasoning, labels=graphs.inferred)
            self._pending = None
        if key not in self._stores:
            self._stores[key] = create_store(None, self._graphs[key].quads())
        return self._stores[key]


def _in_background(work: Callable[[], object]) -> Future:
    """`work` run on a thread of its own; its result or exception comes from the future."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lisllm-validate")
    future = pool.submit(work)
    pool.shutdown(wait=False)
    return future


def _shacl_step(step: StepReport, data, shapes, ontology, locator, show, reasoner: bool, shape_files,
                engine: str, store, launched: Callable[[], None]) -> None:
    chosen = AUTO_ENGINE if engine == "auto" else engine
    try:
        _run_shacl(step, data, shapes, ontology, locator, show, reasoner, shape_files, chosen, store, launched)
    except Exception as exc:
        # pyrudof still panics on some inputs (InternalError: "not yet implemented", seen on a new
        # case's placeholders); `auto` then gives the reference engine's report instead.
        if engine != "auto" or chosen != "rudof" or not isinstance(exc, _engine_panics()):
            raise
        _run_shacl(step, data, shapes, ontology, locator, show, reasoner, shape_files, "pyshacl")
        step.note += f" (pyrudof failed: {' '.join(str(exc).split())[:200]})"


def _run_shacl(step: StepReport, data, shapes, ontology, locator, show, reasoner: bool, shape_files,
               engine: str = "pyshacl", store=None, launched: Callable[[], None] = lambda: None) -> None:
    try:
        if engine == "rudof":
            from . import shacl_rudof

            results, rules = shacl_rudof.validate(data, shapes, ontology, reasoner=reasoner, store=store,
                                                  launched=launched)
        else:
            results, rules = shacl_step.validate(data, shapes, ontology, reasoner=reasoner)
    except Exception as exc:
        if not isinstance(exc, _shapes_errors(engine)):
            raise
        step.issues.append(Issue(shacl_step.STEP, VIOLATION, "shapes-error",
                                 f"{'pyrudof' if engine == 'rudof' else 'pyshacl'} cannot use the shapes: "
                                 f"{' '.join(str(exc).split())}",
                                 show(shape_files[0].path), file=shape_files[0].path))
        return
    step.items += rules
    step.issues += shacl_step.issues(results, locator, show)
    step.note = f"{len(rules)} shapes, {len(data)} data triples, {engine}"


def _shapes_errors(engine: str) -> tuple[type[Exception], ...]:
    """What an engine raises for shapes it cannot use. Imported only once one was raised: pyshacl
    takes 0.3 s to import, and the rudof engine calls it only for shapes that need it."""
    from pyshacl.errors import ReportableRuntimeError

    if engine != "rudof":
        return (ReportableRuntimeError,)
    import pyrudof

    from .rudof_child import PartFailed

    return ReportableRuntimeError, pyrudof.ShaclError, pyrudof.ValidationError, pyrudof.DataError, PartFailed


def _engine_panics() -> tuple[type[Exception], ...]:
    """pyrudof failing internally, in this process or in a child (lisllm.validation.rudof_child)."""
    import pyrudof

    from .rudof_child import PartPanicked

    return pyrudof.InternalError, PartPanicked


def _structure_issue(error: LisllmError, show) -> Issue:
    location = error.location
    path = location.path if location else None
    return Issue("syntax", VIOLATION, "finding-claim", error.message, show(path) if path else "data",
                 file=path, line=location.line if location else None,
                 column=location.column if location else None)


def displayer(cwd: Path):
    """Paths relative to the working folder when inside it (what editors and CI annotations expect)."""
    cwd = cwd.resolve()

    @functools.lru_cache(maxsize=None)      # a report names the same files thousands of times
    def show(path: Path | None) -> str:
        if path is None:
            return ""
        try:
            return str(Path(path).resolve().relative_to(cwd))
        except ValueError:
            return str(path)

    return show


class _timed:
    """Times a step, and reports on `progress` as it starts (what it works on) and ends (its outcome)."""

    def __init__(self, step: StepReport, progress: Progress = SILENT, doing: str | None = None,
                 strict: bool = False):
        self.step, self.progress, self.doing, self.strict = step, progress, doing, strict
        self.number = f"{[key for key, _ in STEPS].index(step.id) + 1}/{len(STEPS)} {step.id}"

    def __enter__(self) -> StepReport:
        if self.doing:
            self.progress.step(f"{self.number}: {self.doing}…")
        self.started = time.perf_counter()
        return self.step

    def __exit__(self, exc_type, *exc) -> None:
        self.step.seconds = time.perf_counter() - self.started
        if exc_type is None:
            step = self.step
            outcome = (f"skipped ({step.skipped})" if step.skipped is not None else
                       f"{step.status(self.strict)}: {counts_text({s: step.count(s) for s in SEVERITIES})}")
            note = f" ({step.note})" if step.note and step.skipped is None else ""
            self.progress.step(f"{self.number} {outcome}, {step.seconds:.1f} s{note}")


def _finish(report: Report, started: float) -> Report:
    report.seconds = time.perf_counter() - started
    for step in report.steps:
        step.issues.sort(key=lambda i: i.sort_key())
    return report
