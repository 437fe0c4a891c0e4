"""The Turtle, N-Triples, TriG and JSON-LD that `kg dump` and `kg query` write parse with Apache Jena's riot.

Needs java and Debian's libapache-jena-java plus the class-path fix built by tests/jena_setup.sh, which
these tests run when something is missing. They skip, saying why, where it cannot work; as root with
apt-get (as CI runs) they must run.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

REPO = Path(__file__).resolve().parents[2]
JARS = Path("/usr/share/java")
FIX = REPO / ".venv" / "jena-fix"
SETUP = REPO / "tests" / "jena_setup.sh"
DEPENDENCIES = ["commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
                "dexx.collection", "gson", "guava", "httpclient", "httpcore", "jackson-core", "jackson-databind",
                "jackson-annotations", "jsonld-java", "jakarta.json-api", "protobuf", "thrift", "titanium-json-ld",
                "slf4j-api", "slf4j-nop",
                # Jena's JSON-LD 1.0 reader (jsonld-java) needs these too; Debian's Jena does not pull them in
                "httpclient-cache", "commons-logging"]


def classpath() -> str:
    """The fix folder first, then Jena's unversioned jars and the libraries they need."""
    jena = sorted(p for p in JARS.glob("jena-*.jar") if not p.stem[-1].isdigit())
    deps = [JARS / f"{name}.jar" for name in DEPENDENCIES if (JARS / f"{name}.jar").exists()]
    return ":".join(str(p) for p in [FIX, *jena, *deps])


def missing() -> str | None:
    """What Jena lacks to run here, or None."""
    if shutil.which("java") is None:
        return "java is not installed"
    if not (JARS / "jena-cmds.jar").exists():
        return "Apache Jena is not installed (Debian's libapache-jena-java)"
    if not (FIX / "xerces" / "impl" / "msg" / "XMLMessages.properties").exists():
        return f"Jena's class-path fix {FIX} is missing"
    return None


def could_install() -> bool:
    """Whether tests/jena_setup.sh can install Jena here: as root, with apt-get (as CI runs)."""
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


@functools.cache
def problem() -> str | None:
    """Why Jena cannot run, after tests/jena_setup.sh (idempotent) has tried to set it up, or None."""
    if missing() is None:
        return None
    done = subprocess.run(["sh", str(SETUP)], capture_output=True, text=True, timeout=1800)
    still = missing()
    if still is None:
        return None
    said = [line for line in done.stderr.splitlines() if line.strip()]
    return f"{still}; tests/jena_setup.sh exited {done.returncode}: {said[-1] if said else '(said nothing)'}"


@pytest.fixture(scope="module", autouse=True)
def jena():
    """Skip with the exact reason where Jena cannot be set up; fail where it could have been."""
    reason = problem()
    if reason is None:
        return
    if could_install():
        pytest.fail(f"Jena must run on this machine (root, with apt-get) but cannot: {reason}")
    pytest.skip(reason)


def riot(path: Path, *syntax: str) -> list[str]:
    """Parse `path` with riot and return its triples or quads as N-Quads lines; fail on any error."""
    done = subprocess.run(["java", "-cp", classpath(), "riotcmd.riot", *syntax, "--strict", "--output=nquads",
                           str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The sample dataset written by kg in Turtle, N-Triples, TriG and as a CONSTRUCT result."""
    tmp = tmp_path_factory.mktemp("jena")
    db = str(tmp / "db")
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(REPO / "tests/fixtures/sample.trig"), "-l", db]).exit_code == 0
    for name in ("all.ttl", "all.nt", "all.trig", "all.jsonld"):
        assert runner.invoke(cli, ["dump", "-l", db, "-o", str(tmp / name)]).exit_code == 0
    result = runner.invoke(cli, ["query", "CONSTRUCT WHERE { ?s ?p ?o }", "-l", db, "-f", "ttl",
                                 "-o", str(tmp / "construct.ttl")])
    assert result.exit_code == 0, result.output
    return tmp


@pytest.mark.parametrize("name,count", [("all.ttl", 130), ("all.nt", 130), ("all.trig", 136), ("construct.ttl", 130)])
def test_jena_reads_what_kg_writes(written, name, count):
    assert len(riot(written / name)) == count


def test_jena_reads_the_json_ld_kg_writes(written):
    """Read with Jena's JSON-LD 1.0 reader (jsonld-java): the 1.1 reader of Debian's Jena finds no JSON-P
    implementation on the class path and fails on any document."""
    lines = riot(written / "all.jsonld", "--syntax=jsonld10")
    assert sorted(lines) == sorted(line for line in (written / "all.nt").read_text().splitlines() if line)


def test_jena_rejects_broken_turtle(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> .\n")
    done = subprocess.run(["java", "-cp", classpath(), "riotcmd.riot", "--validate", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
