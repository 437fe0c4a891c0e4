"""Web: takes a store, gives its nodes as HTML pages and RDF descriptions, a SPARQL endpoint and static sites.

`graph` reads what a page shows from the store (the union of its graphs); `describe` gives a node's
triples in an RDF format and picks the format a request asks for; `charts` lays out the timeline and
the co-attendance network; `pages` renders the HTML (Jinja2 templates in templates/, the stylesheet in
static/); `endpoint` runs SPARQL 1.1 Protocol queries in worker processes with a timeout; `app` is
the ASGI application `kg serve` runs; `site` writes the same pages as static files.

May import: the base modules, kg.rdf and kg.store.
"""
