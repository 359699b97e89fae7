"""The `lisllm` command as a user runs it: real processes, real files."""

import json
from pathlib import Path

from conftest import REPO
from support import lisllm


def test_help_lists_the_commands():
    result = lisllm("--help", cwd=REPO)
    assert result.returncode == 0
    assert "build" in result.stdout and "stats" in result.stdout
    for command in ("build", "stats"):
        sub = lisllm(command, "--help", cwd=REPO)
        assert sub.returncode == 0 and "Usage:" in sub.stdout


def test_build_prints_figure_1_and_writes_dist(project_copy):
    result = lisllm("build", cwd=project_copy.root)
    assert result.returncode == 0, result.stderr
    for line in ("National Science Library, Chinese Academy of Sciences  China    secondary participant",
                 "National Institute of Informatics                      Japan    leader",
                 "National Library of Norway                             Norway   primary participant",
                 "National Library of Sweden                             Sweden   primary participant"):
        assert line in result.stdout
    dist = project_copy.root / "dist"
    assert {p.name for p in dist.iterdir()} == {"lisllm.trig", "lisllm.ttl", "build.json", "store"}
    info = json.loads((dist / "build.json").read_text())
    assert info["triples"]["inferred"] > 0 and len(info["graph_version"]) == 64
    stats = lisllm("stats", "--lang", "zh", cwd=project_copy.root)
    assert stats.returncode == 0 and "中国科学院文献情报中心  中国     次要参与者" in stats.stdout


def test_build_json_names_the_inputs_relative_to_the_project(project_copy):
    # build.json is served (/dumps/build.json) and published, so it must not reveal the builder's folders.
    assert lisllm("build", cwd=project_copy.root).returncode == 0
    text = (project_copy.root / "dist" / "build.json").read_text(encoding="utf-8")
    assert str(project_copy.root) not in text and "file:" not in text
    info = json.loads(text)
    strings = [v for v in info.values() if isinstance(v, str)] + info["files"]
    assert not [v for v in strings if Path(v).is_absolute()]
    files = info["files"]
    assert "instances/cases/japan-nii.ttl" in files
    for name in files:
        assert not Path(name).is_absolute() and "\\" not in name
        assert (project_copy.root / name).is_file(), name
    expected = project_copy.ontology_files() + project_copy.instance_files()
    assert sorted(files) == sorted(p.relative_to(project_copy.root).as_posix() for p in expected)


def test_dumps_parse_and_keep_named_graphs(project_copy):
    import pyoxigraph as ox

    assert lisllm("build", cwd=project_copy.root).returncode == 0
    dist = project_copy.root / "dist"
    quads = list(ox.parse(path=dist / "lisllm.trig"))
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {f"https://w3id.org/lisllm/graph/{g}" for g in ("ontology", "asserted", "inferred")}
    merged = list(ox.parse(path=dist / "lisllm.ttl"))
    assert len(merged) == len({(q.subject, q.predicate, q.object) for q in quads})


def test_stats_before_build_says_what_to_do(project_copy):
    result = lisllm("stats", cwd=project_copy.root)
    assert result.returncode == 1
    assert "run 'lisllm build' first" in result.stderr
    assert "Traceback" not in result.stderr


def test_truncated_turtle_names_file_line_and_column_and_keeps_dist(project_copy):
    assert lisllm("build", cwd=project_copy.root).returncode == 0
    before = (project_copy.root / "dist" / "lisllm.trig").read_bytes()
    broken = project_copy.instances / "countries.ttl"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text[: text.index("country:japan")] + "country:japan a ", encoding="utf-8")
    result = lisllm("build", cwd=project_copy.root)
    assert result.returncode == 1
    lines = broken.read_text(encoding="utf-8").count("\n") + 1
    assert f"countries.ttl:{lines}:" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project_copy.root / "dist" / "lisllm.trig").read_bytes() == before
    assert not [p for p in (project_copy.root).iterdir() if p.name.startswith(".dist.")]


def test_all_broken_files_are_reported_at_once(project_copy):
    for name in ("countries.ttl", "partners.ttl"):
        path = project_copy.instances / name
        path.write_text(path.read_text(encoding="utf-8") + "\nthis is not turtle\n", encoding="utf-8")
    result = lisllm("build", cwd=project_copy.root)
    assert result.returncode == 1
    assert "countries.ttl:" in result.stderr and "partners.ttl:" in result.stderr


def test_finding_without_object_is_located(project_copy):
    case = project_copy.instances / "cases" / "japan-nii.ttl"
    text = case.read_text(encoding="utf-8")
    text = text.replace("rdf:predicate lisllm:hasOutcome ; rdf:object outcome:llm-technology-breakthrough ;",
                        "rdf:predicate lisllm:hasOutcome ;")
    case.write_text(text, encoding="utf-8")
    result = lisllm("build", cwd=project_copy.root)
    assert result.returncode == 1
    line = next(i for i, text_line in enumerate(text.splitlines(), 1)
                if text_line.startswith("finding:japan-nii-outcome "))
    assert f"japan-nii.ttl:{line}: finding finding:japan-nii-outcome has no rdf:object" in result.stderr


def test_outside_a_project_the_error_is_clear(tmp_path):
    result = lisllm("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "no lisllm project found" in result.stderr


def test_project_folders_from_pyproject(tmp_path, project):
    import shutil

    root = tmp_path / "other"
    shutil.copytree(project.ontology, root / "vocab")
    shutil.copytree(project.instances, root / "data")
    (root / "pyproject.toml").write_text('[tool.lisllm]\nontology = "vocab"\ninstances = "data"\ndist = "out"\n')
    result = lisllm("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "out" / "lisllm.trig").is_file()
