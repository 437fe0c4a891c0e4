"""The saved SPARQL queries, installed with diplomacy-kg as the package `kg.resources.queries` (see kg/resources)."""
