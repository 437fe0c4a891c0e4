"""The web load test runs end to end: a short run of every phase on the sample store reports no error."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from helpers import load_module
from kg.cli import cli

REPO = Path(__file__).resolve().parents[2]


def test_a_short_run_of_every_phase_prints_its_table_without_errors(tmp_path, capsys):
    bench = load_module("bench_web", REPO / "bench" / "bench_web.py")
    store = tmp_path / "db"
    assert CliRunner().invoke(cli, ["load", str(REPO / "tests" / "fixtures" / "sample.trig"), "-l", str(store)]).exit_code == 0
    assert bench.main(["--store", str(store), "--clients", "2", "--seconds", "0.3"]) == 0
    out = capsys.readouterr().out
    for phase in bench.PHASES:
        row = next(line for line in out.splitlines() if line.startswith(f"| {phase} |"))
        assert row.endswith("| 0 |"), row
    assert "× the requests/s" in out
