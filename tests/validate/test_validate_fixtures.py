"""`kg validate` on every shape fixture: the invalid half fails (exit 1) with its message, the valid half passes."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from test_shapes import CASES, MESSAGES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "shapes"
FAIL_ON = {"Violation": "violation", "Warning": "warning", "Info": "info"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_invalid_fixture_exits_1_with_the_expected_message(case):
    shape, _, severity = CASES[case]
    result = CliRunner().invoke(cli, ["validate", str(FIXTURES / f"{case}.invalid.ttl"),
                                      "--fail-on", FAIL_ON[severity]])
    assert result.exit_code == 1, result.output
    assert MESSAGES[shape] in result.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_valid_fixture_exits_0_even_at_info(case):
    result = CliRunner().invoke(cli, ["validate", str(FIXTURES / f"{case}.valid.ttl"), "--fail-on", "info"])
    assert result.exit_code == 0, result.output
