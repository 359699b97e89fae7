"""Lexical forms of XSD literals.

Oxigraph keeps a literal such as "abc"^^xsd:integer as written, and rdflib checks only some
datatypes (not xsd:gYear, for example) and logs a traceback for each failure, so the forms are
checked here against the lexical spaces of XML Schema 1.1 Part 2.
"""

from __future__ import annotations

import calendar
import re

from ..namespaces import XSD

_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_YEAR = r"-?(?:[1-9]\d{3,}|0\d{3})"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12]\d|3[01])"
_TIME = r"(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?|24:00:00(?:\.0+)?)"
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_INTEGER = r"[+-]?\d+"
_FLOAT = r"(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN)"

# datatype local name -> (pattern, what a valid value looks like)
_PATTERNS: dict[str, tuple[str, str]] = {
    "boolean": (r"true|false|1|0", "true, false, 1 or 0"),
    "decimal": (_DECIMAL, "a decimal number such as 3.14"),
    "integer": (_INTEGER, "an integer such as 42"),
    "float": (_FLOAT, "a number such as 1.5e3"),
    "double": (_FLOAT, "a number such as 1.5e3"),
    "date": (f"({_YEAR})-({_MONTH})-({_DAY}){_TZ}", "a date YYYY-MM-DD"),
    "dateTime": (f"({_YEAR})-({_MONTH})-({_DAY})T{_TIME}{_TZ}", "a date and time YYYY-MM-DDThh:mm:ss"),
    "dateTimeStamp": (f"({_YEAR})-({_MONTH})-({_DAY})T{_TIME}(?:Z|[+-]\\d\\d:\\d\\d)",
                      "a date and time with a time zone"),
    "time": (f"{_TIME}{_TZ}", "a time hh:mm:ss"),
    "gYear": (f"{_YEAR}{_TZ}", "a year YYYY"),
    "gYearMonth": (f"{_YEAR}-{_MONTH}{_TZ}", "a year and month YYYY-MM"),
    "gMonth": (f"--{_MONTH}{_TZ}", "a month --MM"),
    "gDay": (f"---{_DAY}{_TZ}", "a day ---DD"),
    "gMonthDay": (f"--({_MONTH})-({_DAY}){_TZ}", "a month and day --MM-DD"),
    "duration": (r"-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?",
                 "a duration such as P1Y2M"),
    "hexBinary": (r"(?:[0-9a-fA-F]{2})*", "pairs of hexadecimal digits"),
    "language": (r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*", "a language tag such as en or zh-Hans"),
    "anyURI": (r"[^\s<>\"{}|\\^`]*", "a URI without spaces"),
}

# Integer types and their bounds (inclusive); None means unbounded.
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-2**63, 2**63 - 1),
    "int": (-2**31, 2**31 - 1),
    "short": (-2**15, 2**15 - 1),
    "byte": (-2**7, 2**7 - 1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}

_COMPILED = {name: (re.compile(pattern), hint) for name, (pattern, hint) in _PATTERNS.items()}


def lexical_problem(value: str, datatype: str) -> str | None:
    """Why `value` is not in the lexical space of `datatype`, or None if it is (or is not checked)."""
    if not datatype.startswith(XSD):
        return None
    name = datatype[len(XSD):]
    # Every checked datatype collapses whitespace before its lexical form is read.
    text = " ".join(value.split())
    if name in _INTEGER_RANGES:
        if not re.fullmatch(_INTEGER, text):
            return "expected an integer such as 42"
        low, high = _INTEGER_RANGES[name]
        number = int(text)
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"{'' if low is None else low}..{'' if high is None else high}"
            return f"{number} is out of range ({bounds})"
        return None
    if name not in _COMPILED:
        return None
    pattern, hint = _COMPILED[name]
    match = pattern.fullmatch(text)
    if match is None:
        return f"expected {hint}"
    if name in ("date", "dateTime", "dateTimeStamp"):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if day > _days_in_month(year, month):
            return f"day {day} does not exist in month {month:02d} of {year}"
    if name == "gMonthDay":
        month, day = int(match.group(1)), int(match.group(2))
        if day > _days_in_month(2000, month):   # a leap year: --02-29 is allowed
            return f"day {day} does not exist in month {month:02d}"
    return None


def _days_in_month(year: int, month: int) -> int:
    # XSD years may be 0 or negative (proleptic Gregorian); calendar handles 1..9999.
    if not 1 <= year <= 9999:
        year = 2000 if calendar.isleap(year) else 2001
    return calendar.monthrange(year, month)[1]
