"""`kg eval`: score a built graph against gold annotations (precision, recall, F1 per slot)."""
from __future__ import annotations

import json

import click

from kg.cli._common import EXIT_INVALID, library_errors


def figures_table(evaluation, *, details: bool = False) -> str:
    """The figures as an aligned table, a slot a row (with what it got wrong under it), the average last."""
    lines = [f"{'slot':<18}{'P':>6}{'R':>6}{'F1':>6}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for name, s in evaluation.slots.items():
        lines.append(f"{name:<18}{s.precision:6.2f}{s.recall:6.2f}{s.f1:6.2f}{s.tp:5d}{s.fp:5d}{s.fn:5d}")
        if details:
            lines += [f"    - {note}" for note in s.notes]
    lines.append(f"average F1 {evaluation.average_f1:.3f}")
    return "\n".join(lines)


@click.command(name="eval")
@click.argument("graph", type=click.Path(dir_okay=False))
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", metavar="FMT", help="RDF format of GRAPH (default: from its extension).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--details", is_flag=True, help="Print what each slot got wrong.")
@click.option("--min", "minimum", type=click.FloatRange(0, 1), metavar="F",
              help="Exit 1 when the average F1 is below F.")
def eval_(graph, gold, fmt, as_json, details, minimum):
    """Score GRAPH (built by `kg build`) against GOLD annotations: precision, recall and F1 per slot.

    The gold format is in docs/evaluation.md. Exit codes: 0 ok, 1 the average F1 is below --min,
    2 a file is missing or malformed.

    \b
    Examples:
      kg eval graph.ttl gold.json --details
      kg eval graph.ttl gold.json --json --min 0.9
    """
    from kg.evaluate import evaluate

    with library_errors():
        evaluation = evaluate(graph, gold, fmt=fmt)
    if as_json:
        click.echo(json.dumps(evaluation.as_dict(), indent=2))
    else:
        click.echo(figures_table(evaluation, details=details))
    if minimum is not None and evaluation.average_f1 < minimum:
        click.echo(f"kg: average F1 {evaluation.average_f1:.3f} is below {minimum}", err=True)
        raise SystemExit(EXIT_INVALID)
