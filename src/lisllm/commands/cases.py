"""`lisllm new-case`: start a new case as data, from a commented template."""

from __future__ import annotations

import click

from ..errors import LisllmError
from ..graph.institution_kinds import GENERIC, institution_types_of

SLUG_HELP = "lowercase letters and digits separated by hyphens"


class InstitutionType(click.Choice):
    """A choice among the kinds of institution of the project's ontology. They are known once the
    project is (after `--project`), so they are read when first asked for; outside a project there
    are none, and the value is left to the command, which then says that no project was found."""

    name = "kind"

    def __init__(self) -> None:
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        ctx = click.get_current_context(silent=True)
        try:
            return tuple(institution_types_of(ctx.obj.get())) if ctx is not None and ctx.obj is not None else ()
        except LisllmError:
            return ()

    def convert(self, value, param, ctx):
        return super().convert(value, param, ctx) if self.choices else value

    def get_metavar(self, param, ctx) -> str | None:
        return super().get_metavar(param, ctx) if self.choices else None


@click.command("new-case")
@click.option("--slug", required=True, help=f"Case slug, usually <country>-<institution> ({SLUG_HELP}); "
                                            "the file is instances/cases/<slug>.ttl.")
@click.option("--country", required=True, help="Country slug, e.g. 'japan'. A country new to the graph gets "
                                               "its own resource in the template.")
@click.option("--institution", default=None, help="Institution slug (default: the case slug without the "
                                                  "'<country>-' prefix).")
@click.option("--institution-type", type=InstitutionType(), default=GENERIC, show_default=True,
              help="Class of the institution.")
@click.option("--institution-label-en", default=None, help="Name of the institution in English.")
@click.option("--institution-label-zh", default=None, help="Name of the institution in Chinese.")
@click.option("--country-label-en", default=None, help="Name of a new country in English.")
@click.option("--country-label-zh", default=None, help="Name of a new country in Chinese.")
@click.option("--study", default=None, help="Slug of an existing lisllm:Study the case belongs to "
                                            "(default: the template describes a study of your own).")
@click.option("--format", "fmt", type=click.Choice(["turtle", "yaml"]), default="turtle", show_default=True,
              help="turtle: instances/cases/<slug>.ttl; yaml: instances/cases/<slug>.yaml, the whole case in "
                   "YAML, read directly by the build (needs --study).")
@click.pass_obj
def new_case_command(project_ref, slug, country, institution, institution_type, institution_label_en,
                     institution_label_zh, country_label_en, country_label_zh, study, fmt) -> None:
    """Write a commented template for a new case to instances/cases/<slug>.ttl.

    Every value still to be supplied is a TODO; the example findings (motivation, mechanisms,
    compute provider, R&D management, output, outcome, role-relevant facts) are commented out.
    Validation reports each TODO left, so a fresh template never passes. An existing file is
    never overwritten. See docs/add-a-case.md.
    """
    from ..cases.new_case import CaseRequest, create_case, slug_problem

    for value, name in ((slug, "--slug"), (country, "--country"), (institution, "--institution"), (study, "--study")):
        problem = slug_problem(value) if value is not None else None
        if problem:
            raise click.BadParameter(problem, param_hint=f"'{name}'")
    project = project_ref.get()
    if fmt == "yaml":
        from ..cases.new_case import read_known
        from ..cases.yaml_template import create_yaml_case

        if study is None:
            raise click.UsageError("a YAML case belongs to an existing study: pass --study "
                                   "(for example lis-llm-external-evidence)")
        labels = {"institution_en": institution_label_en, "institution_zh": institution_label_zh,
                  "country_en": country_label_en, "country_zh": country_label_zh}
        path = create_yaml_case(project, slug, country, institution or slug.removeprefix(f"{country}-"),
                                institution_type, study, labels, read_known(project).types)
        click.echo(f"Wrote {path.relative_to(project.root) if path.is_relative_to(project.root) else path}")
        click.echo("Next: replace every TODO, add one finding per claim your sources state, then run "
                   "`lisllm build` (and `lisllm validate`). See docs/add-a-case.md.")
        return
    request = CaseRequest(slug=slug, country=country, institution=institution, institution_type=institution_type,
                          institution_label_en=institution_label_en, institution_label_zh=institution_label_zh,
                          country_label_en=country_label_en, country_label_zh=country_label_zh, study=study)
    created = create_case(project, request)
    try:
        shown = created.path.relative_to(project.root)
    except ValueError:
        shown = created.path
    click.echo(f"Wrote {shown}")
    if created.new_country:
        click.echo(f"  with a new country, country:{country}")
    if created.institution_exists:
        click.echo(f"  for the existing institution organization:{request.institution_slug}")
    click.echo("Next: replace every TODO, uncomment the findings your sources support, then run "
               "`lisllm build` (and `lisllm validate`). See docs/add-a-case.md.")


COMMANDS = [new_case_command]
