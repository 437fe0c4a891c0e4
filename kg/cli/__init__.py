"""The `kg` command line: a thin click layer over the library.

Sub-commands live in their own modules and are imported only when run, so
`kg --help` starts fast. Exit codes: 0 ok, 1 data fails validation, 2 usage
or input error.

Takes command-line arguments, gives output files, reports and exit codes. May import any package.
"""
from __future__ import annotations

import importlib
import sys

import click

# command name -> "module:attribute"; each module holds one click command.
COMMANDS: dict[str, str] = {
    "build": "kg.cli.build_cmd:build",
    "stats": "kg.cli.stats_cmd:stats",
    "query": "kg.cli.query_cmd:query",
    "load": "kg.cli.store_cmd:load",
    "dump": "kg.cli.store_cmd:dump",
    "serve": "kg.cli.web_cmd:serve",
    "site": "kg.cli.web_cmd:site",
    "update": "kg.cli.store_cmd:update",
    "validate": "kg.cli.validate_cmd:validate",
    "explain": "kg.cli.explain_cmd:explain",
    "eval": "kg.cli.eval_cmd:eval_",
}

# one-line help shown by `kg --help` without importing the command modules
SUMMARIES: dict[str, str] = {
    "build": "Extract articles into an RDF knowledge graph.",
    "stats": "Count the nodes of each class in RDF files or a store.",
    "query": "Run a read-only SPARQL query on files, a store or a server.",
    "load": "Load RDF files into the embedded store or a Graph Store.",
    "dump": "Write the embedded store to a file.",
    "serve": "Serve the store on the web: node pages, RDF, SPARQL.",
    "site": "Write the web view as static files.",
    "update": "Run a SPARQL Update on the store (deliberate writes).",
    "validate": "Check RDF data against SHACL shapes (exit 1 if it fails).",
    "explain": "Show the article sentences behind a node of the graph.",
    "eval": "Score a graph against gold annotations (P, R, F1 per slot).",
}


class LazyGroup(click.Group):
    """A click group that imports a sub-command's module only when it is used."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx, formatter):
        rows = [(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diplomacy-kg", prog_name="kg")
def cli():
    """Turn news articles about diplomatic meetings into a knowledge graph.

    \b
    Example:
      kg build seeds -o graph.ttl && kg validate graph.ttl
      kg query --name meetings --data graph.ttl

    Exit codes: 0 ok, 1 the data fails validation, 2 usage or input error.
    """
    from kg.cli._common import plain_logging

    plain_logging()


def main(argv=None):
    """Console-script entry point: run the CLI; library errors and anything unforeseen become one line, exit 2.

    KG_DEBUG=1 lets an unforeseen error's traceback through, for a bug report.
    """
    import os

    from kg.errors import KgError

    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=True)
    except KgError as exc:  # pragma: no cover - commands catch their own errors
        click.echo(f"kg: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:
        if os.environ.get("KG_DEBUG"):
            raise
        click.echo(f"kg: internal error: {type(exc).__name__}: {exc}; this is a bug, please report it "
                   "(run again with KG_DEBUG=1 to see where it happened)", err=True)
        sys.exit(2)
