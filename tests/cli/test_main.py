"""The `kg` group: help lists every command, the version prints, unknown commands exit 2."""
from __future__ import annotations

from click.testing import CliRunner

from kg.cli import COMMANDS, cli


def test_help_lists_every_command_with_a_summary():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
    assert "Exit codes" in result.output


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Example" in result.output, name


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and "kg" in result.output
