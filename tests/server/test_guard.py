"""What the query guard sees: SERVICE targets and dataset clauses, whatever hides them."""

import pytest

from lisllm.server.guard import QueryFacts, UncheckableQuery, inspect_query, refused_services

ALLOWED = frozenset({"http://127.0.0.1:7000/sparql"})


@pytest.mark.parametrize("query, services", [
    ("SELECT * { ?s ?p ?o }", []),
    ('SELECT * { ?s ?p "SERVICE <http://x/> {}" }', []),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://x/> { }", []),
    ("SELECT ?service { ?service ex:SERVICE ?o }", []),
    ("SELECT * { ?s ?p 'it''s' } ", []),
    ('SELECT * { ?s ?p """multi\nline SERVICE""" }', []),
    ('SELECT * { ?s ?p "x"@service }', []),
    ("SELECT * { SERVICE <http://a/> { ?s ?p ?o } }", ["http://a/"]),
    ("SELECT * { # } \n SeRvIcE SILENT <http://a/> { ?s ?p ?o } }", ["http://a/"]),
    ("PREFIX e: <http://e/>\nSELECT * { SERVICE e:x { ?s ?p ?o } }", ["http://e/x"]),
    ("BASE <http://b/>\nSELECT * { SERVICE <rel> { ?s ?p ?o } }", ["http://b/rel"]),
    ("SELECT * { ?a ?b ?c OPTIONAL { SERVICE ?where { ?s ?p ?o } } }", [None]),
    ("SELECT * { { SELECT * { SERVICE <http://a/> { ?s ?p ?o } } } }", ["http://a/"]),
    ("SELECT * { \\u0053ERVICE <http://a/> { ?s ?p ?o } }", ["http://a/"]),
])
def test_service_targets(query, services):
    try:
        facts = inspect_query(query)
    except UncheckableQuery:
        # Acceptable only where SERVICE is really there; the endpoint then refuses the query.
        assert services
        return
    assert facts.services == services


@pytest.mark.parametrize("query, has_from", [
    ("SELECT * FROM <http://g> { ?s ?p ?o }", True),
    ("SELECT * FROM NAMED <http://g> { GRAPH ?g { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p ?o } # FROM <http://g>", False),
    ('SELECT * { ?s ?p "FROM" }', False),
    ("SELECT ?from { ?from ex:from ?o }", False),
])
def test_dataset_clause(query, has_from):
    assert inspect_query(query).has_dataset_clause is has_from


def test_unparsable_service_query_is_uncheckable():
    with pytest.raises(UncheckableQuery):
        inspect_query("SELECT * { SERVICE <http://a/> { ?s ?p } }")


def test_refused_services():
    facts = QueryFacts(False, ["http://127.0.0.1:7000/sparql", "http://10.0.0.1/", None])
    assert refused_services(facts, ALLOWED) == ["http://10.0.0.1/", "?variable"]
