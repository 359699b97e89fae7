"""The nesting limit for queries: a linear scan that refuses what Oxigraph's recursive parser would
crash on (a segmentation fault from about 2,000 levels), before any parser sees it."""

from __future__ import annotations

import pytest

from lisllm.errors import LisllmError
from lisllm.sparql.text import MAX_NESTING, check_nesting, check_syntax, nesting_problem


def groups(levels: int) -> str:
    return "SELECT * WHERE " + "{ " * levels + "?s ?p ?o" + " }" * levels


def test_within_the_limit_passes_and_one_more_level_does_not():
    assert nesting_problem(groups(MAX_NESTING)) is None
    assert nesting_problem(groups(MAX_NESTING + 1)) == (1, len("SELECT * WHERE ") + 2 * MAX_NESTING + 1)


@pytest.mark.parametrize("levels", [5_000, 100_000])
def test_deep_queries_are_refused_with_a_location(levels):
    with pytest.raises(LisllmError, match=r"more than 256 levels deep.*\(line 1, column 528\)"):
        check_syntax(groups(levels))


def test_every_kind_of_bracket_counts():
    assert nesting_problem("ASK { FILTER(" + "(" * 300 + "1" + ")" * 300 + ") }") is not None
    # the 256th `[` opens level 257
    assert nesting_problem("SELECT * {\n" + "[ <urn:p> " * 300 + "] " * 300 + "}") == (2, 255 * 10 + 1)


def test_brackets_in_strings_and_comments_do_not_count():
    assert nesting_problem('ASK { ?s ?p "' + "(" * 1000 + '" } # ' + "{" * 1000) is None
    assert nesting_problem("ASK { ?s ?p '''\n" + "{" * 1000 + "''' }") is None


def test_a_less_than_cannot_hide_brackets_behind_an_iri_like_token():
    # `<(((…1>` looks like an IRI to a lexer that does not know the grammar; to Oxigraph, after
    # `?x` it is less-than followed by brackets. Brackets in IRI-like tokens count.
    hidden = "ASK { FILTER(?x<" + "(" * 300 + "1>2" + ")" * 300 + ") }"
    assert nesting_problem(hidden) is not None
    assert nesting_problem("ASK { <http://example.org/a(b)> ?p ?o }" + " {}" * 1000) is None


def test_check_nesting_names_the_file(tmp_path):
    path = tmp_path / "deep.rq"
    with pytest.raises(LisllmError) as caught:
        check_nesting(groups(5_000), path)
    assert caught.value.location.path == path and caught.value.location.column == 528
