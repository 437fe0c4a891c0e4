"""Helpers shared by the CLI commands: error reporting and exit codes."""
from __future__ import annotations

import contextlib

import click

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE):
    """Print `kg: error: message` on stderr and exit with `code`."""
    click.echo(f"kg: error: {message}", err=True)
    raise SystemExit(code)


@contextlib.contextmanager
def library_errors():
    """Turn the library's KgError into a clear message and its exit code."""
    from kg.errors import KgError

    try:
        yield
    except KgError as exc:
        fail(str(exc), exc.exit_code)
