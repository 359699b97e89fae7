"""Relative IRIs in a project's RDF files resolve against its base, never against where the files
lie: the build never writes a machine's `file:` IRIs into dist/ (and refuses files that hold them)."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from lisllm.errors import LisllmError
from lisllm.graph.build import build
from lisllm.graph.dist import input_digest
from lisllm.graph.project import load_project
from lisllm.graph.rdf_files import parse_file

RELATIVE = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<id/concept/relative-thing> rdfs:label "relative thing"@en , "相对的事物"@zh ; rdfs:seeAlso <> , <#part> .
"""


def test_a_file_outside_a_project_resolves_against_its_own_iri(tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text(RELATIVE, encoding="utf-8")
    subjects = {t.subject.value for t in parse_file(path).triples}
    assert subjects == {path.resolve().parent.as_uri() + "/id/concept/relative-thing"}


def test_the_build_resolves_against_the_default_base_and_writes_no_file_iri(project_copy):
    (project_copy.instances / "relative.ttl").write_text(RELATIVE, encoding="utf-8")
    build(project_copy)
    store = ox.Store.read_only(str(project_copy.dist / "store"))
    found = {t.object.value for t in store.quads_for_pattern(
        ox.NamedNode("https://w3id.org/lisllm/id/concept/relative-thing"), None, None)
        if isinstance(t.object, ox.NamedNode)}
    assert found == {"https://w3id.org/lisllm/", "https://w3id.org/lisllm/#part"}
    assert not bool(store.query('ASK { GRAPH ?g { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "file:") '
                                '|| STRSTARTS(STR(?p), "file:") || STRSTARTS(STR(?o), "file:")) } }'))
    for path in project_copy.dist.iterdir():      # the dumps and build.json (store/ is RocksDB's own)
        if path.is_file():
            assert b"file:" not in path.read_bytes(), path


def test_a_configured_base(project_copy):
    (project_copy.instances / "relative.ttl").write_text(RELATIVE, encoding="utf-8")
    (project_copy.root / "pyproject.toml").write_text('[tool.lisllm]\nbase = "https://example.org/kb/"\n',
                                                      encoding="utf-8")
    project = dataclasses.replace(load_project(project_copy.root), dist=project_copy.dist)
    assert project.base == "https://example.org/kb/"
    graphs = build(project)
    assert any(t.subject.value == "https://example.org/kb/id/concept/relative-thing" for t in graphs.asserted)
    # The base is part of the graph version: changing it makes the build stale.
    paths = project.ontology_files() + project.instance_files()
    assert graphs.digest() == input_digest(paths, project.base) != input_digest(paths)


@pytest.mark.parametrize("value, message", [("kb/", "must be an absolute IRI"),
                                            ("file:///home/me/kb/", "must not be a file: IRI")])
def test_a_bad_base_is_refused(tmp_path, value, message):
    (tmp_path / "ontology").mkdir()
    (tmp_path / "pyproject.toml").write_text(f'[tool.lisllm]\nbase = "{value}"\n', encoding="utf-8")
    with pytest.raises(LisllmError, match=message):
        load_project(tmp_path)


def test_a_file_iri_written_in_a_file_is_refused_by_the_build(project_copy):
    bad = project_copy.instances / "bad.ttl"
    bad.write_text('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n'
                   '<file:///home/me/notes.ttl> rdfs:label "notes"@en .\n', encoding="utf-8")
    with pytest.raises(LisllmError) as caught:
        build(project_copy)
    assert "file:///home/me/notes.ttl" in str(caught.value) and f"{bad}:3" in str(caught.value)
    assert not project_copy.dist.exists()


def test_a_release_of_a_project_with_its_own_base_names_the_built_graph_version(project_copy, tmp_path):
    """`publish` releases the built graph itself, so its report names build.json's graph version,
    which hashes the configured base too (issue 24: publish used to re-run the build without it)."""
    from lisllm.graph.dist import Dist
    from lisllm.publish.release import publish

    (project_copy.root / "pyproject.toml").write_text('[tool.lisllm]\nbase = "https://example.org/kb/"\n',
                                                      encoding="utf-8")
    project = dataclasses.replace(load_project(project_copy.root), dist=project_copy.dist)
    build(project)
    version = Dist(project.dist).graph_version()
    paths = project.ontology_files() + project.instance_files()
    assert version == input_digest(paths, project.base) != input_digest(paths)
    publish(project, tmp_path / "site", version="1.0.0")
    report = (tmp_path / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert f"graph version {version[:12]}" in report and input_digest(paths)[:12] not in report


def test_publish_builds_first_when_the_graph_is_stale(project_copy, tmp_path):
    from lisllm.graph.dist import Dist
    from lisllm.publish.release import publish

    assert not Dist(project_copy.dist).is_current(project_copy)
    publish(project_copy, tmp_path / "site", version="1.0.0")
    assert Dist(project_copy.dist).is_current(project_copy)
