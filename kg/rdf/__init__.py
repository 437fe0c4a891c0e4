"""RDF: takes a `Resolution` (kg.resolve), gives sorted quads in named graphs; reads and writes RDF files.

`emit` turns the resolved facts into quads (one graph per article, plus the resolved graph) and
serializes them byte-stably; `files` names the formats and parses files into rdflib or pyoxigraph.
IRIs are minted by kg.ids, a base module, because resolution needs them too.

May import: the base modules, kg.read, kg.extract, kg.resolve.
"""
