"""The seed articles, built and scored against the gold annotations, stay above 0.90 average F1."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = ROOT.parent / "shared" / "eval" / "gold" / "seeds.json"


@pytest.mark.skipif(not SCORER.exists() or not GOLD.exists(), reason="the scorer is not beside the repository")
def test_seeds_average_f1_at_least_0_90(tmp_path):
    out = tmp_path / "seeds.ttl"
    result = CliRunner().invoke(cli, ["build", "--no-cache", "-q", str(ROOT / "seeds"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    run = subprocess.run([sys.executable, str(SCORER), str(out), str(GOLD), "--min", "0.90"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.skipif(not SCORER.exists() or not GOLD.exists(), reason="the scorer is not beside the repository")
def test_seed_statements_f1_at_least_0_90(tmp_path):
    import json

    out = tmp_path / "seeds.ttl"
    result = CliRunner().invoke(cli, ["build", "--no-cache", "-q", str(ROOT / "seeds"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    run = subprocess.run([sys.executable, str(SCORER), str(out), str(GOLD), "--json"], capture_output=True, text=True)
    figures = json.loads(run.stdout)
    assert figures["statements"]["f1"] >= 0.90, figures["statements"]
    assert figures["statement_meeting"]["f1"] >= 0.85, figures["statement_meeting"]
