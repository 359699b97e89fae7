"""`lisllm query` as a user runs it, on the embedded store and against a real SPARQL server."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from lisllm.errors import LisllmError
from lisllm.sparql.catalogue import compare, load_catalogue, offline, read_expected, solution_rows
from lisllm.sparql.endpoint import LocalEndpoint, RemoteEndpoint
from lisllm.text_table import display_width

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = offline(load_catalogue(REPO / "queries"))  # federated queries: tests/server/test_federation.py
ID = "https://w3id.org/lisllm/id/"


def lisllm(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "lisllm", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def columns(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


# --- the embedded store -------------------------------------------------------------------------

def test_list_shows_every_query_with_its_title(built_project):
    result = lisllm("query", "--list", cwd=built_project.root)
    assert result.returncode == 0, result.stderr
    for query in CATALOGUE:
        assert query.id in result.stdout and query.title("en") in result.stdout
    zh = lisllm("query", "--list", "--lang", "zh", cwd=built_project.root)
    assert "rq4-case-model" in zh.stdout and "案例模型（图1）" in zh.stdout


def test_table_shows_chinese_labels_aligned(built_project):
    result = lisllm("query", "rq4-case-model", "--lang", "zh", cwd=built_project.root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert columns(lines[0]) == ["country", "institution", "role", "data", "expertise", "rndLedBy",
                                 "coordinates", "outputKind"]
    # Written from seed 000 §4.5 (Figure 1) and §3.2.
    assert columns(lines[1]) == ["中国", "中国科学院文献情报中心", "次要参与者", "以研究数据为基底",
                                 "辅助性数据标注人员", "科大讯飞", "应用产品"]
    assert columns(lines[2])[:3] == ["日本", "日本国立情报学研究所", "引领者"]
    assert "LLM-jp" in lines[2]
    assert columns(lines[4])[:3] == ["瑞典", "瑞典国家图书馆", "主要参与者"]
    assert lines[-1] == "(4 rows)"
    # Every row's role column starts at the same display column as the header's.
    starts = {display_width(line[: line.index(cell)]) for line, cell in
              zip(lines[:5], ["role", "次要参与者", "引领者", "主要参与者", "主要参与者"], strict=True)}
    assert len(starts) == 1


def test_english_table_uses_labels_and_short_iris(built_project):
    result = lisllm("query", "rq2-compute-by-case", cwd=built_project.root)
    assert result.returncode == 0, result.stderr
    assert "EuroHPC Joint Undertaking" in result.stdout and "international programme" in result.stdout
    assert "https://" not in result.stdout


def test_json_output_is_the_expected_answer(built_project):
    result = lisllm("query", "rq2-rnd-management", "--format", "json", cwd=built_project.root)
    assert result.returncode == 0, result.stderr
    query = next(q for q in CATALOGUE if q.id == "rq2-rnd-management")
    answer = solution_rows(ox.parse_query_results(result.stdout.encode(), format=ox.QueryResultsFormat.JSON))
    assert compare(query, answer, read_expected(query.expected)) == []


def test_csv_tsv_and_xml(built_project):
    csv = lisllm("query", "rq2-staff-involvement", "--format", "csv", cwd=built_project.root)
    assert csv.stdout.splitlines()[:2] == ["case,level", f"{ID}case/china-nsl-cas,{ID}mechanism/annotation-support"]
    tsv = lisllm("query", "rq2-staff-involvement", "--format", "tsv", cwd=built_project.root)
    assert tsv.stdout.splitlines()[0] == "?case\t?level"
    xml = lisllm("query", "rq2-staff-involvement", "--format", "xml", cwd=built_project.root)
    parsed = ox.parse_query_results(xml.stdout.encode(), format=ox.QueryResultsFormat.XML)
    assert len(list(parsed)) == 4


def test_parameters_and_construct_files(built_project, tmp_path):
    result = lisllm("query", "provenance-of-resource", "--param", "resource=organization:eurohpc-ju",
                    "--format", "csv", cwd=built_project.root)
    assert result.returncode == 0, result.stderr
    # Written from instances/partners.ttl and cases/sweden-kb.ttl: two description sources, one finding.
    assert sorted(result.stdout.splitlines()[1:]) == sorted([
        f",,,{ID}source/kb-whisper-post", f",,,{ID}source/seed-000-4-4-3-2",
        f"{ID}finding/sweden-kb-compute-provider,https://w3id.org/lisllm/ontology/computeProvider,"
        f"{ID}evidence-kind/external,{ID}source/kb-whisper-post"])
    construct = tmp_path / "names.rq"
    construct.write_text('CONSTRUCT { ?i rdfs:label ?l } WHERE {\n  ?c a lisllm:Case ; lisllm:institution ?i .\n'
                         '  ?i rdfs:label ?l FILTER(lang(?l) = "zh") }\n', encoding="utf-8")
    turtle = lisllm("query", str(construct), cwd=built_project.root)
    assert turtle.returncode == 0, turtle.stderr
    triples = list(ox.parse(turtle.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert {t.object.value for t in triples} == {"中国科学院文献情报中心", "瑞典国家图书馆", "挪威国家图书馆",
                                                 "日本国立情报学研究所"}
    jsonld = lisllm("query", str(construct), "--format", "jsonld", cwd=built_project.root)
    assert len(list(ox.parse(jsonld.stdout.encode(), format=ox.RdfFormat.JSON_LD))) == 4
    wrong = lisllm("query", str(construct), "--format", "csv", cwd=built_project.root)
    assert wrong.returncode == 1 and "use --format turtle or jsonld" in wrong.stderr


def test_malformed_query_gives_file_line_and_column(built_project, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# my question\nSELECT ?x WHERE {\n  ?x a foo:Thing .\n}\n", encoding="utf-8")
    result = lisllm("query", str(bad), cwd=built_project.root)
    assert result.returncode == 1
    assert f"{bad}:3:8: SPARQL syntax error: unknown prefix 'foo:'" in result.stderr
    unclosed = tmp_path / "unclosed.rq"
    unclosed.write_text("SELECT ?x WHERE {\n  ?x a lisllm:Case\n", encoding="utf-8")
    result = lisllm("query", str(unclosed), cwd=built_project.root)
    assert result.returncode == 1 and f"{unclosed}:3:1: SPARQL syntax error: expected" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_names_and_bad_parameters(built_project):
    result = lisllm("query", "rq4-case", cwd=built_project.root)
    assert result.returncode == 1 and "no query named 'rq4-case'" in result.stderr
    assert "rq4-case-model" in result.stderr
    result = lisllm("query", "provenance-of-resource", "--param", "resource=<a> . <b> <c> <d>",
                    cwd=built_project.root)
    assert result.returncode == 1 and "is not one RDF term" in result.stderr


def test_before_a_build_says_what_to_do(project_copy):
    result = lisllm("query", "rq4-case-model", cwd=project_copy.root)
    assert result.returncode == 1 and "run 'lisllm build' first" in result.stderr
    assert "Traceback" not in result.stderr


# --- a real SPARQL server -----------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def sparql_server(built_project, tmp_path_factory):
    """`oxigraph serve-read-only` (PyPI package `oxigraph`) on 127.0.0.1, holding dist/lisllm.trig."""
    exe = Path(sys.executable).with_name("oxigraph")
    exe = str(exe) if exe.is_file() else shutil.which("oxigraph")
    assert exe, "the oxigraph server is missing: install the test extra (pip install -e '.[test]')"
    location = tmp_path_factory.mktemp("oxigraph") / "db"
    subprocess.run([exe, "load", "--location", str(location), "--file", str(built_project.dist / "lisllm.trig")],
                   check=True, capture_output=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen([exe, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                               "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph did not start: {server.stderr.read().decode()}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("query", CATALOGUE, ids=lambda q: q.id)
def test_the_server_gives_the_same_answers(sparql_server, store, query):
    remote = solution_rows(RemoteEndpoint(sparql_server).query(query.text, query.path))
    embedded = solution_rows(LocalEndpoint(store).query(query.text, query.path))
    assert remote == embedded
    # The session store holds seed 000's study only (tests/conftest.py); answers written for the
    # external-evidence study are checked on both studies in tests/sparql/test_catalogue_queries.py.
    if "https://w3id.org/lisllm/id/study/lis-llm-external-evidence" not in query.scope:
        assert compare(query, remote, read_expected(query.expected)) == []


def test_query_command_on_the_server(sparql_server, built_project):
    local = lisllm("query", "rq4-role-explanations", "--lang", "zh", cwd=built_project.root)
    remote = lisllm("query", "rq4-role-explanations", "--lang", "zh", "--endpoint", sparql_server,
                    cwd=built_project.root)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and "这与国内企业主导、较为分散的研发环境有关。" in remote.stdout


def test_remote_graphs_and_booleans(sparql_server, store):
    remote = RemoteEndpoint(sparql_server)
    construct = "CONSTRUCT { ?i lisllm:inCountry ?c } WHERE { ?case lisllm:institution ?i ; lisllm:inCountry ?c }"
    assert set(remote.query(construct)) == set(LocalEndpoint(store).query(construct))
    assert len(remote.query("DESCRIBE organization:nii")) == len(
        LocalEndpoint(store).query("DESCRIBE organization:nii"))
    assert bool(remote.query("ASK { organization:nii a lisllm:Leader }")) is True
    assert bool(remote.query("ASK { organization:nsl-cas a lisllm:Leader }")) is False


def test_remote_errors_are_reported(sparql_server, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE { ?s ?p }\n", encoding="utf-8")
    with pytest.raises(LisllmError, match=r"bad.rq:\d+:\d+: SPARQL syntax error"):
        RemoteEndpoint(sparql_server).query(bad.read_text(), bad)
    with pytest.raises(LisllmError, match="cannot reach the endpoint"):
        RemoteEndpoint(f"http://127.0.0.1:{_free_port()}/query", timeout_s=5).query("ASK {}")


@pytest.mark.parametrize("levels", [5_000, 100_000])
def test_a_query_nested_too_deep_is_refused_not_a_crash(built_project, tmp_path, levels):
    deep = tmp_path / "deep.rq"
    deep.write_text("SELECT * WHERE " + "{ " * levels + "?s ?p ?o" + " }" * levels + "\n", encoding="utf-8")
    result = lisllm("query", str(deep), cwd=built_project.root)
    assert result.returncode == 1, result          # not 139 (a segmentation fault)
    assert f"{deep}:1:" in result.stderr and "more than 256 levels deep" in result.stderr
    assert "Traceback" not in result.stderr
