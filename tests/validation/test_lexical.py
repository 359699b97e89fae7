"""Lexical forms of XSD literals, which Oxigraph accepts as written and the syntax step checks."""

import pytest

from lisllm.validation.lexical import lexical_problem

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize("value, datatype", [
    ("42", "integer"), ("-7", "integer"), (" 12 ", "integer"), ("0", "nonNegativeInteger"), ("255", "unsignedByte"),
    ("3.14", "decimal"), (".5", "decimal"), ("1.5e3", "double"), ("INF", "float"), ("NaN", "double"),
    ("true", "boolean"), ("0", "boolean"),
    ("2021-01-13", "date"), ("2024-02-29", "date"), ("2021-01-13Z", "date"), ("2021-01-13+08:00", "date"),
    ("2021-01-13T09:30:00", "dateTime"), ("2021-01-13T24:00:00", "dateTime"), ("09:30:00.5", "time"),
    ("2021", "gYear"), ("-0044", "gYear"), ("2023-10", "gYearMonth"), ("--02-29", "gMonthDay"),
    ("P1Y2M", "duration"), ("PT5M", "duration"), ("zh-Hans", "language"), ("https://example.org/a", "anyURI"),
    ("anything at all", "string"), ("x", "somethingUnknown"),
])
def test_valid_forms(value, datatype):
    assert lexical_problem(value, XSD + datatype) is None


@pytest.mark.parametrize("value, datatype, problem", [
    ("abc", "integer", "expected an integer such as 42"),
    ("1.5", "integer", "expected an integer such as 42"),
    ("-1", "nonNegativeInteger", "-1 is out of range (0..)"),
    ("256", "unsignedByte", "256 is out of range (0..255)"),
    ("yes", "boolean", "expected true, false, 1 or 0"),
    ("2021-13-01", "date", "expected a date YYYY-MM-DD"),
    ("2021-02-30", "date", "day 30 does not exist in month 02 of 2021"),
    ("2023-02-29", "date", "day 29 does not exist in month 02 of 2023"),
    ("21-01-13", "date", "expected a date YYYY-MM-DD"),
    ("2021-01-13 09:30", "dateTime", "expected a date and time YYYY-MM-DDThh:mm:ss"),
    ("20x1", "gYear", "expected a year YYYY"),
    ("2023-13", "gYearMonth", "expected a year and month YYYY-MM"),
    ("P", "duration", "expected a duration such as P1Y2M"),
    ("has space", "anyURI", "expected a URI without spaces"),
])
def test_invalid_forms(value, datatype, problem):
    assert lexical_problem(value, XSD + datatype) == problem


def test_other_datatypes_are_not_checked():
    assert lexical_problem("abc", "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML") is None
