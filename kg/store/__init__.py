"""Store: takes RDF files or quads and SPARQL text, gives stores, dumps and query `Results`.

`embedded` is the Oxigraph store on disk (atomic loads, dumps, queries, updates); `endpoint` talks
to a remote SPARQL/Graph Store server; `sparql` handles query text (saved queries from
kg.resources, read-only checks); `results` renders answers; `ordering` runs ORDER BY in Python.

May import: the base modules and kg.rdf.
"""
