"""The graph as it stands for a set of studies: without the files that define other studies' cases.

Expected answers of competency queries are written for a study (the seed's four cases). A user who
adds a case of their own study, as data, must not have to rewrite them; the check runs such a query
on the graph built without files that define cases of other studies. One case file holds one case
with its findings, institution and outputs, so leaving the file out leaves the case out whole.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..graph.rdf_files import ParsedFile
from ..namespaces import LISLLM, RDF_TYPE

CASE = ox.NamedNode(LISLLM + "Case")
PART_OF_STUDY = ox.NamedNode(LISLLM + "partOfStudy")


def case_studies(parsed: ParsedFile) -> set[str]:
    """The studies of the cases a file defines (empty for a file that defines no case)."""
    cases = {t.subject for t in parsed.triples if t.predicate.value == RDF_TYPE and t.object == CASE}
    return {t.object.value for t in parsed.triples if t.subject in cases and t.predicate == PART_OF_STUDY}


def files_in_scope(instance_files: list[ParsedFile], studies: set[str]) -> list[ParsedFile]:
    """Instance files except those defining a case of a study outside `studies`."""
    return [f for f in instance_files if case_studies(f) <= studies]
