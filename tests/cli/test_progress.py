"""Progress bars: drawn on a terminal's standard error for long work, never in pipes or with --quiet."""
from __future__ import annotations

import io

from click.testing import CliRunner

import kg.cli._progress as progress
from kg.build.pipeline import build
from kg.cli import cli


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_bar_is_drawn_on_a_terminal(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    monkeypatch.setattr(progress, "SHOW_AFTER", 0)
    with progress.progress_bar("extracting", unit="articles") as advance:
        advance(0, total=4)
        for _ in range(4):
            advance(1)
    assert "extracting" in screen.getvalue() and "0/4 [" in screen.getvalue()


def test_no_bar_with_quiet_or_off_a_terminal(monkeypatch):
    monkeypatch.setattr(progress, "SHOW_AFTER", 0)
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with progress.progress_bar("x", unit="y", quiet=True) as advance:
        advance(1, total=1)
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    with progress.progress_bar("x", unit="y") as advance:
        advance(1, total=1)
    assert screen.getvalue() == pipe.getvalue() == ""


def test_the_build_reports_every_article_to_its_callback(seeds_dir):
    seen = []
    build([seeds_dir], progress=lambda n=1, total=None: seen.append((n, total)))
    articles = len(list(seeds_dir.glob("*.txt")))
    assert seen[0] == (0, articles) and sum(n for n, _ in seen) == articles


def test_commands_in_a_pipe_write_no_bar(tmp_path, seeds_dir):
    result = CliRunner().invoke(cli, ["build", str(seeds_dir), "-o", str(tmp_path / "g.nq"), "--no-cache"])
    assert result.exit_code == 0 and "\r" not in result.stderr and "it/s" not in result.stderr
