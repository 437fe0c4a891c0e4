"""The ontology, installed with diplomacy-kg as the package `kg.resources.ontology` (see kg/resources)."""
