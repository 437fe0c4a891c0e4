"""Validate: takes RDF data (files, an rdflib Graph or a pyoxigraph Store) and SHACL shapes, gives a
`ValidationOutcome` (sorted results with focus labels and source articles) and reports of it.

`engine` picks pyshacl-turbo or pyshacl and runs it; `outcome` reads an engine's report into
results; `chunks`, `partition` and `parallel` validate big files chunk by chunk with the same
results; `report` renders text, Turtle, JSON, JUnit and GitHub formats; `ontology_check` checks
the ontology against its contract.

May import: the base modules (kg.resources for the default shapes and ontology) and kg.rdf.
"""
