"""How the graph names things: the slug rule of every `…/id/<kind>/<slug>` IRI (and of query ids),
and the kinds of LIS institution a case may name, each with its class."""

from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The subclasses of lisllm:LISInstitution (ontology/lisllm.ttl), by the names cases use for them.
INSTITUTION_TYPES = {
    "lis-institution": "LISInstitution",
    "national-library": "NationalLibrary",
    "research-information-institute": "ResearchInformationInstitute",
}
