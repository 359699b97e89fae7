"""The validation report as text (for people), JSON (for programs) and JUnit XML (for CI systems).

The JSON schema is documented in docs/validate.md; `FORMAT_VERSION` changes when it does.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict

import click

from .. import __version__
from ..errors import Location
from ..namespaces import shorten
from ..text_table import text_table
from .report import FAILED, INFO, PASSED, SEVERITIES, SKIPPED, VIOLATION, WARNING, Issue, Report, counts_text, plural

FORMAT_VERSION = 1
COLOURS = {VIOLATION: "red", WARNING: "yellow", INFO: "cyan", PASSED: "green", FAILED: "red", SKIPPED: "yellow"}


def location(issue: Issue, show) -> str:
    if issue.file is None:
        return ""
    return str(Location(show(issue.file), issue.line, issue.column))


# --- text -------------------------------------------------------------------------------------

def text(report: Report, show, *, with_timings: bool = False, colour: bool = False) -> str:
    def style(value: str, key: str, bold: bool = False) -> str:
        return click.style(value, fg=COLOURS.get(key), bold=bold) if colour else value

    lines = [f"lisllm validate: {show(report.root) or '.'}", ""]
    for step in report.steps:
        status = step.status(report.strict)
        counts = {s: step.count(s) for s in SEVERITIES}
        head = f"{step.title} [{step.id}]: " + style(status, status, bold=True)
        if step.skipped:
            head += f" ({step.skipped})"
        else:
            detail = ", ".join(x for x in (counts_text(counts) if step.issues else "", step.note or "") if x)
            head += f" ({detail}, {step.seconds:.2f} s)" if detail else f" ({step.seconds:.2f} s)"
        lines.append(style(head, "", bold=True) if colour else head)
        if step.id == "shacl":
            lines += _shacl_lines(step.issues, show, style)
        else:
            for issue in step.issues:
                lines += _issue_lines(issue, show, style)
        for item, why in step.skipped_items.items():
            lines.append(f"  {style('skipped', SKIPPED)}  {item}: {why}")
    lines.append("")
    if with_timings:
        lines += [timings(report)]
    lines.append(summary(report, style))
    return "\n".join(lines) + "\n"


def timings(report: Report) -> str:
    """Seconds per step, as a small table."""
    rows = [(s.id, f"{s.seconds:.2f}" + (" (skipped)" if s.skipped else "")) for s in report.steps]
    rows.append(("total", f"{report.seconds:.2f}"))
    return "\n".join(["Timings (seconds)"] + ["  " + line for line in text_table(("step", "seconds"), rows)]) + "\n"


def summary(report: Report, style=lambda value, key, bold=False: value) -> str:
    counts = {s: report.count(s) for s in SEVERITIES}
    verdict = "passed" if report.passed else "failed"
    parts = [plural(counts[s], s) for s in SEVERITIES]
    tail = " (--strict: warnings fail)" if report.strict and counts[WARNING] else ""
    return (f"lisllm validate {style(verdict.upper(), PASSED if report.passed else FAILED, bold=True)}: "
            f"{', '.join(parts)}{tail} in {report.seconds:.1f} s")


def _issue_lines(issue: Issue, show, style) -> list[str]:
    where = location(issue, show)
    severity = style(f"{issue.severity:<9}", issue.severity)
    head = f"  {severity} {where + '  ' if where else ''}[{issue.rule}] {issue.message}"
    return [head] + [f"      {line}" for line in issue.details]


def _shacl_lines(issues: list[Issue], show, style) -> list[str]:
    """Grouped by severity, then by focus node; each result with its shape's message."""
    lines = []
    by_severity: dict[str, dict[str, list[Issue]]] = defaultdict(lambda: defaultdict(list))
    for issue in issues:
        by_severity[issue.severity][issue.focus or ""].append(issue)
    for severity in SEVERITIES:
        groups = by_severity.get(severity)
        if not groups:
            continue
        total = sum(len(g) for g in groups.values())
        lines.append("  " + style(f"{severity}s" if severity != INFO else "info", severity) + f" ({total})")
        for focus, group in groups.items():
            where = location(group[0], show)
            lines.append("    " + "  ".join(x for x in (_short(focus), where) if x))
            for issue in group:
                what = " ".join(x for x in (issue.rule, issue.path or "", _component(issue.component)) if x)
                value = f" (value {issue.value})" if issue.value and issue.value != issue.focus else ""
                lines.append(f"      {what}: {issue.message}{value}")
    return lines


def _short(term: str) -> str:
    return shorten(term) if term.startswith(("http://", "https://", "urn:")) else term


def _component(component: str | None) -> str:
    if not component:
        return ""
    return component.removeprefix("sh:").removesuffix("ConstraintComponent")


# --- JSON -------------------------------------------------------------------------------------

def to_json(report: Report, show) -> str:
    counts = {s: report.count(s) for s in SEVERITIES}
    document = {
        "format_version": FORMAT_VERSION,
        "lisllm_version": __version__,
        "root": str(report.root),
        "passed": report.passed,
        "exit_code": report.exit_code,
        "strict": report.strict,
        "reasoner": report.reasoner,
        "seconds": round(report.seconds, 3),
        "summary": counts,
        "steps": [
            {
                "id": step.id,
                "title": step.title,
                "status": step.status(report.strict),
                "skipped": step.skipped,
                "note": step.note,
                "seconds": round(step.seconds, 3),
                "items": step.items,
                "not_run": step.skipped_items,
                "summary": {s: step.count(s) for s in SEVERITIES},
            }
            for step in report.steps
        ],
        "results": [_issue_json(issue, show) for issue in report.issues],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _issue_json(issue: Issue, show) -> dict:
    return {
        "step": issue.step,
        "severity": issue.severity,
        "rule": issue.rule,
        "message": issue.message,
        "messages": issue.messages,
        "item": issue.item,
        "file": show(issue.file) if issue.file else None,
        "line": issue.line,
        "column": issue.column,
        "focus": issue.focus,
        "path": issue.path,
        "value": issue.value,
        "component": issue.component,
        "shape": issue.shape,
        "details": issue.details,
    }


# --- JUnit XML --------------------------------------------------------------------------------

def to_junit(report: Report, show) -> str:
    """One testsuite per step, one testcase per item (file, shape, query or check). Violations
    (and warnings under --strict) are failures; other results go to the test case's output."""
    suites = ET.Element("testsuites", name="lisllm validate")
    totals = defaultdict(int)
    for step in report.steps:
        by_item: dict[str, list[Issue]] = defaultdict(list)
        for issue in step.issues:
            by_item[issue.item].append(issue)
        items = list(dict.fromkeys(step.items + list(by_item)))
        suite = ET.SubElement(suites, "testsuite", name=step.id)
        counts = defaultdict(int)
        if step.skipped:
            case = ET.SubElement(suite, "testcase", classname=f"lisllm.validate.{step.id}", name=step.title, time="0")
            ET.SubElement(case, "skipped", message=step.skipped)
            counts["tests"] += 1
            counts["skipped"] += 1
        for item in items:
            case = ET.SubElement(suite, "testcase", classname=f"lisllm.validate.{step.id}", name=item,
                                 time="0")
            counts["tests"] += 1
            issues = by_item.get(item, [])
            failing = [i for i in issues if report.failing(i)]
            others = [i for i in issues if not report.failing(i)]
            if failing:
                counts["failures"] += 1
                failure = ET.SubElement(case, "failure", message=_one_line(failing[0], show),
                                        type=failing[0].rule)
                failure.text = "\n".join(_one_line(i, show, details=True) for i in failing)
            elif item in step.skipped_items:
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=step.skipped_items[item])
            if others:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(_one_line(i, show, details=True) for i in others)
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
        suite.set("time", f"{step.seconds:.3f}")
        for key in ("tests", "failures", "skipped"):
            totals[key] += counts[key]
    for key in ("tests", "failures", "skipped"):
        suites.set(key, str(totals[key]))
    suites.set("errors", "0")
    suites.set("time", f"{report.seconds:.3f}")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _one_line(issue: Issue, show, details: bool = False) -> str:
    where = location(issue, show)
    parts = [issue.severity, where, f"[{issue.rule}]"]
    if issue.focus and issue.step == "shacl":
        parts.append(_short(issue.focus))
    if issue.path and issue.step == "shacl":
        parts.append(issue.path)
    text = " ".join(p for p in parts if p) + f": {issue.message}"
    if details and issue.details:
        text += "\n" + "\n".join(f"    {line}" for line in issue.details)
    return text
