"""diplomacy-kg: news about diplomatic meetings in, a validated RDF knowledge graph out.

The stages are packages, each importing only the ones before it (no cycles, tests/test_layout.py):
base modules (errors, namespaces, model, normalize, ids, fsutil, host, resources, data) -> read ->
extract -> resolve -> rdf -> build -> validate, store -> explain, evaluate -> cli.
"""

__version__ = "0.1.0"
