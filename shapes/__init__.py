"""The SHACL shapes, installed with diplomacy-kg as the package `kg.resources.shapes` (see kg/resources)."""
