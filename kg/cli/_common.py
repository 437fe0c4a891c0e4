"""Helpers shared by the CLI commands: error reporting and exit codes."""
from __future__ import annotations

import contextlib
import logging

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


class OneLineHandler(logging.Handler):
    """Writes each log record as one `kg: level: message` line on stderr, never a traceback."""

    def emit(self, record):
        try:
            click.echo(f"kg: {record.levelname.lower()}: {record.getMessage()}", err=True)
        except Exception:   # a handler must not raise
            pass


def plain_logging() -> None:
    """Send the libraries' log records (rdflib, pyshacl ...) to stderr as single lines, without tracebacks.

    rdflib warns, with a traceback, about every literal whose text does not fit its datatype
    ("yesterday"^^xsd:date); SHACL reports those as results with the node and article, so that
    logger only speaks for errors.
    """
    root = logging.getLogger()
    if not any(isinstance(h, OneLineHandler) for h in root.handlers):
        root.addHandler(OneLineHandler(logging.WARNING))
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
