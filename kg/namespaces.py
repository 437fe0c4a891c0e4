"""IRIs of the ontology and of instance data, as plain strings (no RDF library needed to import)."""

DIP = "https://w3id.org/diplomacy-kg/ontology#"
ID = "https://w3id.org/diplomacy-kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
SH = "http://www.w3.org/ns/shacl#"
GEONAMES = "https://sws.geonames.org/"

PREFIXES = {
    "dip": DIP,
    "article": ID + "article/",
    "person": ID + "person/",
    "meeting": ID + "meeting/",
    "statement": ID + "statement/",
    "country": ID + "country/",
    "city": ID + "city/",
    "evidence": ID + "evidence/",
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "prov": PROV,
    "schema": SCHEMA,
    "org": ORG,
    "oa": OA,
}
