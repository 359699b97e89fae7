"""What validation finds: issues grouped by step, and the exit code they imply."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

VIOLATION, WARNING, INFO = "violation", "warning", "info"
SEVERITIES = (VIOLATION, WARNING, INFO)

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"

# Exit codes of `lisllm validate` (documented in docs/validate.md).
EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


@dataclass
class Issue:
    """One result of one step. `item` is what it is about (a file, a shape, a query, a check):
    JUnit reports one test case per item."""

    step: str
    severity: str
    rule: str
    message: str
    item: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    focus: str | None = None          # the resource concerned: IRI or N-Triples blank node / literal
    path: str | None = None           # SHACL result path, or the property concerned
    value: str | None = None          # the offending value, N-Triples
    component: str | None = None      # SHACL constraint component, e.g. sh:MinCountConstraintComponent
    shape: str | None = None          # IRI of the SHACL shape that reported it
    messages: dict[str, str] = field(default_factory=dict)   # the message in every language given
    details: list[str] = field(default_factory=list)         # e.g. the diff of a changed query answer

    def sort_key(self):
        return (SEVERITIES.index(self.severity), str(self.file or ""), self.line or 0, self.column or 0,
                self.focus or "", self.rule, self.message)


@dataclass
class StepReport:
    id: str
    title: str
    items: list[str] = field(default_factory=list)    # every item checked, passing or not
    issues: list[Issue] = field(default_factory=list)
    seconds: float = 0.0
    skipped: str | None = None                          # why the step did not run
    note: str | None = None                             # a one-line summary of what was checked
    skipped_items: dict[str, str] = field(default_factory=dict)   # item -> why it was not checked

    def count(self, severity: str) -> int:
        return sum(1 for issue in self.issues if issue.severity == severity)

    def status(self, strict: bool = False) -> str:
        if self.skipped is not None:
            return SKIPPED
        if self.count(VIOLATION) or (strict and self.count(WARNING)):
            return FAILED
        return PASSED


@dataclass
class Report:
    root: Path
    steps: list[StepReport]
    strict: bool = False
    reasoner: bool = True
    seconds: float = 0.0

    @property
    def issues(self) -> list[Issue]:
        return [issue for step in self.steps for issue in step.issues]

    def count(self, severity: str) -> int:
        return sum(step.count(severity) for step in self.steps)

    def failing(self, issue: Issue) -> bool:
        return issue.severity == VIOLATION or (self.strict and issue.severity == WARNING)

    @property
    def passed(self) -> bool:
        return not any(self.failing(issue) for issue in self.issues)

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.passed else EXIT_VIOLATIONS


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == INFO else f"{count} {word}s"


def counts_text(counts: dict[str, int]) -> str:
    parts = [plural(counts[s], s) for s in SEVERITIES if counts.get(s)]
    return ", ".join(parts) if parts else "no issues"
