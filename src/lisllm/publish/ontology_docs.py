"""Human-readable ontology documentation, generated with pyLODE."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import PREFIXES


def ontology_html(ontology: list[ox.Triple]) -> str:
    """One HTML page documenting every class, property and their labels, definitions and axioms."""
    from pylode import OntPub  # imported here: it loads background ontologies on import

    # pyLODE logs its progress at INFO; the CLI prints its own summary.
    logging.getLogger().setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="lisllm-pylode-") as tmp:
        source = Path(tmp) / "ontology.ttl"
        ox.serialize(ontology, str(source), ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return OntPub(ontology=str(source)).make_html()
