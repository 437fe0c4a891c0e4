"""Start-up cost: importing the CLI must not pull in the heavy RDF libraries (`kg --help` stays fast)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("rdflib", "pyshacl", "pyoxigraph", "pyshacl_turbo")


def _run(code: str) -> tuple[set[str], str]:
    """Top-level module names loaded by a fresh interpreter after running `code`, and what `code` printed."""
    script = f"{code}\nimport sys, json\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    *printed, modules = out.stdout.strip().splitlines()
    return set(json.loads(modules)), "\n".join(printed)


def _modules_after(code: str) -> set[str]:
    """Top-level module names loaded by a fresh interpreter after running `code`."""
    return _run(code)[0]


def test_importing_the_cli_loads_no_rdf_library():
    loaded = _modules_after("import kg.cli")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_kg_help_loads_no_rdf_library():
    code = ("import kg.cli\n"
            "try:\n    kg.cli.cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass")
    loaded = _modules_after(code)
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_build_help_loads_no_rdf_library():
    code = ("import kg.cli\n"
            "try:\n    kg.cli.cli.main(['build', '--help'], standalone_mode=False)\nexcept SystemExit:\n    pass")
    loaded = _modules_after(code)
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_query_list_loads_no_rdf_library():
    """`kg query --list` only reads the saved queries' headers: no RDF library is needed."""
    code = ("import kg.cli\n"
            "try:\n    kg.cli.cli.main(['query', '--list'], standalone_mode=False)\nexcept SystemExit:\n    pass")
    loaded, printed = _run(code)
    assert [line.split()[0] for line in printed.splitlines() if line[:1].strip()] == \
        sorted(p.stem for p in (REPO / "queries").glob("*.rq"))   # the listing was printed
    assert not loaded & {"rdflib", "pyshacl"}, loaded & {"rdflib", "pyshacl"}
