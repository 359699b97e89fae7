"""Plain-text tables for terminals, aligned by display width so that Chinese text lines up."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def text_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Lines of a table with a header row; columns are separated by two spaces."""
    widths = [max(display_width(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]
    return ["  ".join(pad(str(cell), w) for cell, w in zip(row, widths, strict=False)).rstrip()
            for row in (header, *rows)]
