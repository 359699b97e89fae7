"""`lisllm new-case`: the template it writes, and how it refuses bad input."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from lisllm.atomic import atomic_create_text
from lisllm.cases.new_case import CaseRequest, create_case
from lisllm.errors import LisllmError
from support import lisllm


def parse(path):
    return list(ox.parse(path=path))


def test_help_describes_the_command(project):
    result = lisllm("new-case", "--help", cwd=project.root)
    assert result.returncode == 0 and "instances/cases/<slug>.ttl" in result.stdout


@pytest.mark.parametrize("args,hint", [
    (("--slug", "Finland NLF", "--country", "finland"), "--slug"),
    (("--slug", "finland-nlf", "--country", "Finland"), "--country"),
    (("--slug", "finland--nlf", "--country", "finland"), "--slug"),
    (("--slug", "finland-nlf", "--country", "finland", "--institution", "nlf_"), "--institution"),
])
def test_a_bad_slug_is_a_usage_error_and_writes_nothing(project_copy, args, hint):
    result = lisllm("new-case", *args, cwd=project_copy.root)
    assert result.returncode == 2
    assert f"Invalid value for '{hint}'" in result.stderr and "is not a slug" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project_copy.instances / "cases").iterdir()) == [
        "china-nsl-cas.ttl", "japan-nii.ttl", "norway-nb.ttl", "sweden-kb.ttl"]


def test_an_existing_file_is_never_overwritten(project_copy):
    args = ("new-case", "--slug", "finland-nlf", "--country", "finland")
    assert lisllm(*args, cwd=project_copy.root).returncode == 0
    path = project_copy.instances / "cases" / "finland-nlf.ttl"
    path.write_text(path.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    before = path.read_bytes()
    again = lisllm(*args, cwd=project_copy.root)
    assert again.returncode == 1
    assert f"{path}: already exists; refusing to overwrite" in again.stderr
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_a_case_already_described_elsewhere_is_refused(project_copy):
    cases = project_copy.instances / "cases"
    (cases / "japan-nii.ttl").rename(cases / "japan.ttl")
    result = lisllm("new-case", "--slug", "japan-nii", "--country", "japan", cwd=project_copy.root)
    assert result.returncode == 1
    assert "japan.ttl: case:japan-nii is already described here" in result.stderr
    assert not (cases / "japan-nii.ttl").exists()


def test_an_existing_country_is_reused_not_repeated(project_copy):
    result = lisllm("new-case", "--slug", "japan-ndl", "--country", "japan", "--institution-type", "national-library",
                    "--institution-label-en", "National Diet Library", "--institution-label-zh", "日本国立国会图书馆",
                    cwd=project_copy.root)
    assert result.returncode == 0, result.stderr
    assert "new country" not in result.stdout
    text = (project_copy.instances / "cases" / "japan-ndl.ttl").read_text(encoding="utf-8")
    assert "country:japan a lisllm:Country" not in text
    assert "# The country country:japan is already described in countries.ttl." in text
    # Known labels complete the case's label; the institution slug drops the country prefix.
    assert 'rdfs:label "Case: Japan, National Diet Library"@en , "案例：日本，日本国立国会图书馆"@zh' in text
    assert "organization:ndl a lisllm:NationalLibrary ;" in text


def test_a_case_of_an_existing_study_and_institution(project_copy):
    created = create_case(project_copy, CaseRequest(slug="japan-nii-2", country="japan", institution="nii",
                                                    study="lis-llm-multicase-2025"))
    text = created.path.read_text(encoding="utf-8")
    assert created.institution_exists and not created.new_country and not created.own_study
    assert "lisllm:partOfStudy study:lis-llm-multicase-2025 ;" in text
    assert "a lisllm:Study" not in text and "organization:nii a " not in text
    assert "# The institution organization:nii is already described in japan-nii.ttl." in text


def test_an_unknown_study_is_refused(project_copy):
    with pytest.raises(LisllmError, match="no lisllm:Study study:nope"):
        create_case(project_copy, CaseRequest(slug="finland-nlf", country="finland", study="nope"))
    assert not (project_copy.instances / "cases" / "finland-nlf.ttl").exists()


def test_labels_are_escaped_and_the_template_parses(project_copy):
    label = 'The "Quoted" Library \\ of Line\nBreaks'
    created = create_case(project_copy, CaseRequest(slug="x-y", country="x", institution_label_en=label,
                                                    country_label_en="X", country_label_zh="艾克斯"))
    triples = parse(created.path)
    labels = {t.object.value for t in triples if t.predicate.value.endswith("#label") and t.object.language == "en"}
    assert label in labels and f"Case: X, {label}" in labels


def test_the_template_names_every_kind_of_claim(project_copy):
    created = create_case(project_copy, CaseRequest(slug="finland-nlf", country="finland"))
    text = created.path.read_text(encoding="utf-8")
    for predicate in ("hasMotivation", "hasMechanism", "computeProvider", "hasOutputKind", "produced", "hasOutcome",
                      "rndLedBy", "coordinates", "partner", "roleExplanation"):
        # an example finding, commented out
        assert re.search(rf"^#     rdf:subject organization:nlf ; rdf:predicate lisllm:{predicate} ;", text,
                         re.M), predicate
    # The concept lists come from the data: every mechanism sub-kind of seed 000 is offered.
    for concept in ("mechanism:professional-team", "mechanism:compute-via-international-programme",
                    "mechanism:per-project-negotiation", "mechanism:rule-making-and-oversight",
                    "motivation:open-collections", "outcome:multi-domain-empowerment", "sourcetype:lecture"):
        assert f"#   {concept} — " in text, concept
    # Only the case, institution, country, study and source are live statements: the findings are
    # commented out, so the fresh template claims nothing.
    subjects = {t.subject.value.rsplit("/", 2)[-2] for t in parse(created.path) if isinstance(t.subject, ox.NamedNode)}
    assert subjects == {"case", "organization", "country", "study", "source"}


def test_atomic_create_never_replaces_a_file(tmp_path):
    target = tmp_path / "case.ttl"
    atomic_create_text(target, "first\n")
    with pytest.raises(FileExistsError):
        atomic_create_text(target, "second\n")
    assert target.read_text() == "first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["case.ttl"]
