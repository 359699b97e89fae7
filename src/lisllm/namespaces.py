"""IRIs and prefixes of the lisllm graph and the vocabularies it reuses."""

BASE = "https://w3id.org/lisllm/"
ONTOLOGY_IRI = BASE + "ontology"
LISLLM = BASE + "ontology/"
ID = BASE + "id/"

# Named graphs of a build: what the sources say, what the build derived, and the TBox.
GRAPH_ONTOLOGY = BASE + "graph/ontology"
GRAPH_ASSERTED = BASE + "graph/asserted"
GRAPH_INFERRED = BASE + "graph/inferred"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
VANN = "http://purl.org/vocab/vann/"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
SPDX = "http://spdx.org/rdf/terms#"
SWRL = "http://www.w3.org/2003/11/swrl#"
FORMATS = "http://www.w3.org/ns/formats/"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
# The lisllm shapes' own namespace (shapes/*.ttl): rule ids are the local names of its shapes.
SHAPES = BASE + "shapes/"

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
SKOS_PREF_LABEL = SKOS + "prefLabel"

# Prefixes for serialisations and for shortening IRIs in terminal output. The instance prefixes
# mirror the kinds of …/id/<kind>/<slug> IRIs.
PREFIXES: dict[str, str] = {
    "lisllm": LISLLM,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "org": ORG,
    "foaf": FOAF,
    "schema": SCHEMA,
    "sh": SH,
    "mls": "http://www.w3.org/ns/mls#",
    "vann": VANN,
    "case": ID + "case/",
    "country": ID + "country/",
    "organization": ID + "organization/",
    "platform": ID + "platform/",
    "output": ID + "output/",
    "finding": ID + "finding/",
    "source": ID + "source/",
    "study": ID + "study/",
    "question": ID + "question/",
    "recommendation": ID + "recommendation/",
    "scheme": ID + "scheme/",
    "stage": ID + "stage/",
    "motivation": ID + "motivation/",
    "mechanism": ID + "mechanism/",
    "outputkind": ID + "output-kind/",
    "outcome": ID + "outcome/",
    "sourcetype": ID + "source-type/",
    "evidence": ID + "evidence-kind/",
    "function": ID + "library-function/",
    "query": ID + "query/",
    # research-organisation module (seed 004) and interpretations
    "painpoint": ID + "pain-point/",
    "path": ID + "path/",
    "measure": ID + "measure/",
    "initiative": ID + "initiative/",
    "advice": ID + "advice/",
    "practice": ID + "practice/",
    "actorkind": ID + "actor-kind/",
    "person": ID + "person/",
    "interpretation": ID + "interpretation/",
    "agent": ID + "agent/",
}


def shorten(iri: str) -> str:
    """Return `prefix:local` for an IRI under a known namespace, else `<iri>`."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{iri[len(PREFIXES[best]):]}"
    return f"<{iri}>"
