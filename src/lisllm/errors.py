"""Errors that the CLI reports as `file:line:column: message` with a non-zero exit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    path: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = str(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class LisllmError(Exception):
    """A problem with the user's input or environment, reported without a traceback."""

    def __init__(self, message: str, location: Location | None = None):
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class InputErrors(LisllmError):
    """Several input problems found in one pass, so that the user sees all of them at once."""

    def __init__(self, errors: list[LisllmError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
