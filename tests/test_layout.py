"""The package layout: no import cycles in kg/, each stage imports only the stages below it, and
pyproject.toml installs every package (the stage order is the one kg/__init__.py states)."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
KG = REPO / "kg"

# lowest first; a module may import its own stage and the stages before it, never one after or beside it
BASE = {"kg", "kg.errors", "kg.namespaces", "kg.model", "kg.normalize", "kg.ids", "kg.fsutil", "kg.host", "kg.resources",
        "kg.data"}
STAGES = [BASE, {"kg.read"}, {"kg.extract"}, {"kg.resolve"}, {"kg.rdf"}, {"kg.build"}, {"kg.validate", "kg.store"},
          {"kg.explain", "kg.evaluate"}, {"kg.web"}, {"kg.cli"}]


def _modules() -> dict[str, Path]:
    """Every module of kg/ by dotted name (a package by its own name)."""
    found = {}
    for path in KG.rglob("*.py"):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _module_of(name: str) -> str:
    """The kg module a dotted name is or lives in (`kg.read.text.split_sentences` -> `kg.read.text`)."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _with_packages(name: str) -> set[str]:
    """A module and the packages above it: importing it runs each of their __init__ modules too."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


def _imports(name: str, path: Path) -> set[str]:
    """The kg modules `name` imports anywhere in its source (module level or inside functions)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            if target == "kg" or target.startswith("kg."):
                found |= _with_packages(_module_of(target))
    return found - {name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _stage(name: str) -> str:
    """The stage a module belongs to: `kg.read.text` -> `kg.read`, `kg.resolve` -> `kg.resolve`."""
    return ".".join(name.split(".")[:2])


def _rank(stage: str) -> int:
    return next(i for i, members in enumerate(STAGES) if stage in members)


def test_the_import_graph_is_read_from_the_sources():
    """The graph sees lazy imports inside functions and the packages an import runs."""
    assert "kg.rdf.emit" in GRAPH["kg.build.pipeline"]   # imported inside a method
    assert "kg.store" in GRAPH["kg.cli.query_cmd"]       # the package of kg.store.embedded
    assert "kg.extract.lexicon" in GRAPH["kg.extract.document"]


def test_no_import_cycle_between_modules_of_kg():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:   # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in GRAPH[node]:
                cycles.append(sorted(component))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    assert cycles == []


def test_every_module_belongs_to_a_stage():
    known = set().union(*STAGES)
    assert sorted(name for name in MODULES if _stage(name) not in known) == []


def test_no_stage_imports_a_later_or_sibling_stage():
    wrong = []
    for name, targets in sorted(GRAPH.items()):
        stage = _stage(name)
        for target in sorted(targets):
            other = _stage(target)
            allowed = other == stage or _rank(other) < _rank(stage) or {stage, other} <= BASE
            if not allowed:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_each_stage_package_says_what_it_takes_gives_and_may_import():
    for name, path in sorted(MODULES.items()):
        if path.name == "__init__.py" and name.count(".") == 1 and name not in ("kg.data", "kg.resources"):
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            assert "May import" in doc and "give" in doc, name


def test_stage_packages_run_no_code_on_import():
    """Importing one module of a stage loads only what it needs (the CLI's lazy group excepted)."""
    for name, path in sorted(MODULES.items()):
        if path.name == "__init__.py" and name not in ("kg", "kg.cli"):
            assert GRAPH[name] == set(), name


@pytest.fixture(scope="module")
def setuptools_table() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_pyproject_installs_every_package_and_the_resource_folders(setuptools_table):
    packages = {name for name, path in MODULES.items() if path.name == "__init__.py"}
    mapped = setuptools_table["package-dir"]
    assert set(setuptools_table["packages"]) == packages | set(mapped)
    assert mapped == {"kg.resources.ontology": "ontology", "kg.resources.queries": "queries",
                      "kg.resources.shapes": "shapes"}
    for folder in mapped.values():
        assert (REPO / folder / "__init__.py").is_file(), folder


def test_the_resources_are_found_through_the_installed_package():
    from kg import resources

    assert resources.path(resources.SHAPES, "diplomacy.shapes.ttl").is_file()
    assert resources.path(resources.ONTOLOGY, "diplomacy.ttl").is_file()
    assert sorted(p.name for p in resources.folder(resources.QUERIES).glob("*.rq")) == sorted(
        p.name for p in (REPO / "queries").glob("*.rq"))
