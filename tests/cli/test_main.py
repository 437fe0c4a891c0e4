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


def test_an_unforeseen_error_is_one_line_and_exit_2(monkeypatch, capsys):
    import pytest

    import kg.cli.stats_cmd as stats_cmd
    from kg.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr(stats_cmd, "stats_table", broken)
    monkeypatch.delenv("KG_DEBUG", raising=False)
    with pytest.raises(SystemExit) as info:
        main(["stats", "tests/fixtures/sample.ttl"])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert err.startswith("kg: internal error: RuntimeError: something unforeseen") and "Traceback" not in err
