"""How the graph names things: the slug rule of every `…/id/<kind>/<slug>` IRI (and of query ids),
and the name a case gives a class of the ontology (`kind_name`: lisllm:NationalLibrary is
`national-library`). Which kinds of institution there are, the ontology says (graph.institution_kinds)."""

from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A word starts at a capital after a small letter or digit, or at the last capital of a run that a
# small letter follows (LIS|Institution): the acronym stays one word.
_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def kind_name(local_name: str) -> str:
    """A class's local name as cases and the command line write it: `LISInstitution` → `lis-institution`."""
    return _WORD_START.sub("-", local_name).lower()
