"""`lisllm new-case --format yaml`: the template of a case written in YAML (lisllm.graph.yaml_case).

The template is the whole case in one file; every value still to be supplied is a TODO, which the
build refuses with its file and line, so a template cannot pass for a finished case.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..atomic import atomic_create_text
from ..errors import LisllmError, Location
from ..graph.institution_kinds import GENERIC, institution_types_of
from ..graph.project import Project
from ..graph.yaml_case import OUTPUT_TYPES, SOURCE_TYPES, organization_types
from ..graph.yaml_findings import CLAIMS, EVIDENCE_KINDS


def _q(text: str | None, todo: str) -> str:
    return json.dumps(text if text else f"TODO: {todo}", ensure_ascii=False)


def render(slug: str, country: str, institution: str, institution_type: str, study: str,
           labels: dict[str, str | None], new_country: bool, today: dt.date, institution_types: dict[str, str]) -> str:
    narrower = ", ".join(kind for kind in institution_types if kind != GENERIC)
    organizations = ", ".join(organization_types(institution_types))
    if new_country:
        country_block = (f"country:\n  slug: {country}\n"
                         f"  label: {{en: {_q(labels.get('country_en'), 'country in English')}, "
                         f"zh: {_q(labels.get('country_zh'), '国家中文名')}}}\n  source: page-1\n")
    else:
        country_block = f"country: {country}          # described in the data already\n"
    return (f"""# Case {slug}, written in YAML: this file is the whole case (docs/add-a-case.md).
# `lisllm build` reads it directly. Replace every TODO: the build refuses a TODO, and any other
# mistake, with this file's name and line. Record only what a source you read says.
case: {slug}
study: {study}
period: {{start: TODO, end: TODO}}        # years of the evidence, e.g. {{start: 2024, end: {today.year}}}
source-types: [official-website]        # any of: {", ".join(SOURCE_TYPES)}
institution:
  slug: {institution}
  type: {institution_type}               # {narrower} or {GENERIC}
  label: {{en: {_q(labels.get('institution_en'), 'institution in English')}, """
            f"""zh: {_q(labels.get('institution_zh'), '机构中文名')}}}
  source: page-1
{country_block}units: []                                # e.g. - {{slug: x-lab, type: llm-rnd-unit, """
            f"""label: {{en: …, zh: …}}, source: page-1}}
organizations: []                        # partners etc.; type one of: {organizations}
outputs: []                              # named outputs; type one of: {", ".join(OUTPUT_TYPES)}
sources:
  - key: page-1
    url: "TODO: https://…"
    title: "TODO: the page's title"
    label: {{en: "TODO: short name of the page", zh: "TODO: 网页简称"}}
    accessed: {today.isoformat()}
findings:
  # claim: one of {", ".join(CLAIMS)}
  # object: the slug of a concept (motivation:, mechanism:, output-kind:, outcome:) or of an
  #   organisation or output described here or elsewhere in the data
  # evidence: one of {", ".join(EVIDENCE_KINDS)} (external for a public page)
  - id: research-data
    claim: mechanism
    object: research-data
    quote: "TODO: the page's own words"
    quote-language: en
    description: "TODO: the claim in one English sentence"
    evidence: external
    source: page-1
links: []                                # identifiers in other datasets, each with its evidence, e.g.
  # - {{id: institution-ror, subject: institution, same-as: "https://ror.org/0…", quote: "…",
  #    quote-language: en, description: "…", source: page-1}}
  # subject: institution, country, or the slug of a unit, organisation or output above;
  # same-as: a Wikidata item (http://www.wikidata.org/entity/Q…), a ROR ID or a Hugging Face page
""")


def create_yaml_case(project: Project, slug: str, country: str, institution: str, institution_type: str,
                     study: str | None, labels: dict[str, str | None], known_types: dict[str, set],
                     today: dt.date | None = None) -> Path:
    from ..namespaces import ID, LISLLM

    if study is None:
        raise LisllmError("a YAML case belongs to an existing study: pass --study (for example "
                          "lis-llm-external-evidence)")
    if LISLLM + "Study" not in known_types.get(ID + "study/" + study, set()):
        raise LisllmError(f"--study {study}: no lisllm:Study study:{study} in the instance files")
    if ID + "case/" + slug in known_types:
        raise LisllmError(f"case:{slug} is already described in the instance files")
    new_country = LISLLM + "Country" not in known_types.get(ID + "country/" + country, set())
    path = project.instances / "cases" / f"{slug}.yaml"
    text = render(slug, country, institution, institution_type, study, labels, new_country,
                  today or dt.date.today(), institution_types_of(project))
    try:
        atomic_create_text(path, text)
    except FileExistsError as exc:
        raise LisllmError("already exists; refusing to overwrite it", Location(path)) from exc
    return path
