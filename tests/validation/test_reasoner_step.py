"""The reasoner step in-process: unsatisfiable classes and inconsistencies are results, located."""

from __future__ import annotations

from lisllm.validation.inputs import from_project
from lisllm.validation.runner import run

AXIOMS = """
lisllm:Company owl:disjointWith lisllm:LISInstitution .
lisllm:LibraryCompany a owl:Class ;
    rdfs:subClassOf lisllm:Company , lisllm:LISInstitution ;
    rdfs:label "library company"@en , "图书馆企业"@zh ;
    skos:definition "A class that cannot have members."@en .
"""


def reasoner_issues(project_copy):
    report = run(from_project(project_copy), cwd=project_copy.root)
    step = next(s for s in report.steps if s.id == "reasoner")
    return report, [(i.severity, i.rule, i.file.name if i.file else None, i.line, i.message) for i in step.issues]


def ontology_line(project_copy, start: str) -> int:
    lines = (project_copy.ontology / "lisllm.ttl").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def test_unsatisfiable_class_is_named_and_located(project_copy):
    ontology = project_copy.ontology / "lisllm.ttl"
    ontology.write_text(ontology.read_text(encoding="utf-8") + AXIOMS, encoding="utf-8")
    report, issues = reasoner_issues(project_copy)
    assert ("violation", "unsatisfiable-class", "lisllm.ttl", ontology_line(project_copy, "lisllm:LibraryCompany a"),
            "lisllm:LibraryCompany is unsatisfiable: no individual can be a member of it") in issues
    assert report.exit_code == 1


def test_inconsistency_without_a_disjointness_to_blame(project_copy):
    ontology = project_copy.ontology / "lisllm.ttl"
    ontology.write_text(ontology.read_text(encoding="utf-8") + """
lisllm:NotALibrary a owl:Class ; owl:complementOf lisllm:NationalLibrary ;
    rdfs:label "not a library"@en , "非图书馆"@zh ; skos:definition "Anything but a national library."@en .
""", encoding="utf-8")
    case = project_copy.instances / "cases" / "japan-nii.ttl"
    text = case.read_text(encoding="utf-8")
    start = "organization:nii a lisllm:ResearchInformationInstitute ;"
    assert start in text
    case.write_text(text.replace(start, start + "\n    a lisllm:NotALibrary , lisllm:NationalLibrary ;"),
                    encoding="utf-8")
    report, issues = reasoner_issues(project_copy)
    assert issues == [("violation", "inconsistent", None, None,
                       "the ontology and data are inconsistent (HermiT found a contradiction, for example an "
                       "individual in two disjoint classes)")]
    assert [s.skipped for s in report.steps[3:]] == ["not run: the graph is inconsistent (see the reasoner step)"] * 2


def test_disjoint_classes_outside_the_reasoners_input(project_copy):
    """A country in two disjoint classes: found even if HermiT is given only the role-relevant data."""
    ontology = project_copy.ontology / "lisllm.ttl"
    ontology.write_text(ontology.read_text(encoding="utf-8")
                        + "\nlisllm:Country owl:disjointWith lisllm:Company .\n", encoding="utf-8")
    countries = project_copy.instances / "countries.ttl"
    text = countries.read_text(encoding="utf-8")
    old = "country:japan a lisllm:Country ;"
    countries.write_text(text.replace(old, "country:japan a lisllm:Country , lisllm:Company ;"), encoding="utf-8")
    lines = countries.read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(lines, 1) if t.startswith("country:japan"))
    report, issues = reasoner_issues(project_copy)
    assert issues == [("violation", "inconsistent", "countries.ttl", line,
                       "the graph is inconsistent: country:japan is a lisllm:Company and a lisllm:Country, which the "
                       "ontology declares disjoint")]
    assert report.exit_code == 1
