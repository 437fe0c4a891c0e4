"""Installed for real: the wheel and sdist carry the ontology, shapes and saved queries, and a `kg`
installed from the wheel into a fresh virtual environment works from any folder, as does the
pre-commit hook that pre-commit installs from the repository.

The wheel is built once per session from a copy of the checkout's files (as a clone has them) and
installed once, with its dependencies from the package index (pip's cache makes later runs quick).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

REPO = Path(__file__).resolve().parents[1]
QUERIES = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))
BIN = "Scripts" if os.name == "nt" else "bin"


def _env(**extra) -> dict[str, str]:
    """The environment of a new shell: nothing pointing at the checkout or at this test's venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return {**env, **extra}


def _run(cmd, *, cwd, check=True, **env) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=_env(**env), capture_output=True, text=True)
    if check and proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


def _checkout_files() -> list[str]:
    """The files a clone of the repository has (tracked, plus new ones not ignored)."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                         capture_output=True, check=True).stdout
    return [name for name in out.decode().split("\0") if name and (REPO / name).is_file()]


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> dict[str, Path]:
    """An sdist and the wheel built from it (`python -m build`), from a copy of the checkout."""
    if not (REPO / ".git").exists():
        pytest.skip("needs a git checkout of the repository")
    root = tmp_path_factory.mktemp("dist")
    source = root / "source"
    for name in _checkout_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    _run([sys.executable, "-m", "build", "--outdir", root / "out", source], cwd=root)
    (wheel,) = (root / "out").glob("*.whl")
    (sdist,) = (root / "out").glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


@pytest.fixture(scope="session")
def installed(dist, tmp_path_factory) -> Path:
    """The bin folder of a fresh venv (no site packages) with only the wheel and its dependencies."""
    env_dir = tmp_path_factory.mktemp("venv") / "kg-venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    _run([env_dir / BIN / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check", dist["wheel"]],
         cwd=env_dir)
    return env_dir / BIN


@pytest.fixture(scope="session")
def elsewhere(tmp_path_factory) -> Path:
    """A working folder outside the checkout, holding a copy of the seed articles."""
    folder = tmp_path_factory.mktemp("elsewhere")
    shutil.copytree(REPO / "seeds", folder / "seeds")
    return folder


@pytest.fixture(scope="session")
def built_graph(installed, elsewhere) -> Path:
    """The seeds built by the installed `kg`."""
    _run([installed / "kg", "build", "seeds", "-o", "seeds.ttl", "-q"], cwd=elsewhere)
    return elsewhere / "seeds.ttl"


def test_the_wheel_carries_the_ontology_shapes_and_every_saved_query(dist):
    names = set(zipfile.ZipFile(dist["wheel"]).namelist())
    assert {"kg/resources/ontology/diplomacy.ttl", "kg/resources/ontology/contract.tsv"} <= names
    assert "kg/resources/shapes/diplomacy.shapes.ttl" in names
    assert {f"kg/resources/queries/{q}.rq" for q in QUERIES} <= names
    assert "kg/data/titles.tsv" in names


def test_the_sdist_carries_the_top_level_resource_folders(dist):
    with tarfile.open(dist["sdist"]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"ontology/diplomacy.ttl", "shapes/diplomacy.shapes.ttl"} <= names
    assert {f"queries/{q}.rq" for q in QUERIES} <= names


def test_the_installed_package_is_the_venv_s_own(installed, elsewhere):
    code = "import kg, kg.resources as r; print(kg.__file__); print(r.folder(r.SHAPES))"
    out = _run([installed / "python", "-c", code], cwd=elsewhere).stdout.split()
    venv_dir = installed.parent.resolve()
    for path in map(Path, out):
        assert path.resolve().is_relative_to(venv_dir) and not path.resolve().is_relative_to(REPO)


def test_installed_kg_validates_a_graph_it_built(installed, built_graph):
    proc = _run([installed / "kg", "validate", built_graph.name], cwd=built_graph.parent, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "conforms" in proc.stdout and "ontology" not in proc.stderr


def test_installed_kg_lists_every_saved_query(installed, elsewhere):
    proc = _run([installed / "kg", "query", "--list"], cwd=elsewhere)
    listed = sorted(line.split()[0] for line in proc.stdout.splitlines() if line and not line[0].isspace())
    assert listed == QUERIES


def test_installed_kg_runs_a_saved_query_as_the_checkout_does(installed, built_graph):
    args = ["query", "--name", "meetings", "--data", str(built_graph)]
    proc = _run([installed / "kg", *args], cwd=built_graph.parent)
    here = CliRunner().invoke(cli, args)
    assert here.exit_code == 0, here.output
    assert proc.stdout == here.stdout and proc.stdout.count("\n") > 2


def test_the_pre_commit_hook_passes_a_valid_file_and_fails_an_invalid_one(built_graph, tmp_path_factory):
    """`pre-commit try-repo` installs the hook from the repository as pre-commit does (not editable)."""
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    assert pre_commit, "pre-commit is not installed (it is in the test extra)"
    project = tmp_path_factory.mktemp("hook-user")
    shutil.copy(built_graph, project / "graph.ttl")
    (project / "broken.ttl").write_text(
        "@prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .\n"
        "<https://w3id.org/diplomacy-kg/id/meeting/orphan> a dip:Meeting .\n", encoding="utf-8")
    _run(["git", "init", "-q"], cwd=project)
    _run(["git", "add", "graph.ttl", "broken.ttl"], cwd=project)
    home = str(tmp_path_factory.getbasetemp() / "pre-commit-home")

    def hook(name: str) -> subprocess.CompletedProcess:
        return _run([pre_commit, "try-repo", REPO, "kg-validate", "--files", name], cwd=project, check=False,
                    PRE_COMMIT_HOME=home)

    passed = hook("graph.ttl")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    failed = hook("broken.ttl")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout and "Violation" in failed.stdout and "dip:source" in failed.stdout
