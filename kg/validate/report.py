"""Format a `ValidationOutcome` as text, Turtle, JSON, JUnit XML or GitHub workflow commands.

Every format lists results in the outcome's sorted order, so the same data gives the same bytes.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict

from kg.errors import FormatError
from kg.validate.outcome import ValidationOutcome

FORMATS = ("text", "turtle", "json", "junit", "github")
_GITHUB_COMMAND = {"Violation": "error", "Warning": "warning", "Info": "notice"}
_BRACKETED = re.compile(r"<([^<>\s]+)>")


def render(outcome: ValidationOutcome, fmt: str) -> str:
    """The outcome in format `fmt` (one of FORMATS); FormatError for an unknown one."""
    writers = {"text": to_text, "turtle": to_turtle, "json": to_json, "junit": to_junit, "github": to_github}
    if fmt not in writers:
        raise FormatError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](outcome)


def compact(text: str | None, prefixes: dict[str, str]) -> str:
    """Shorten IRIs with the outcome's prefixes: a bare IRI, or each <IRI> inside a path or term."""
    if text is None:
        return ""

    def short(iri: str, bare: bool) -> str:
        for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri if bare else f"<{iri}>"

    if "://" in text and not any(c in text for c in ' <>"'):
        return short(text, bare=False)
    if text.startswith('"'):  # a literal: only its datatype IRI, after the closing quote
        end = text.rfind('"')
        return text[: end + 1] + _BRACKETED.sub(lambda m: short(m.group(1), False), text[end + 1:])
    return _BRACKETED.sub(lambda m: short(m.group(1), False), text)


def summary(outcome: ValidationOutcome) -> str:
    """One line: counts per severity and whether the data passes at the threshold (and what --min-severity left out)."""
    counts = outcome.counts()
    for severity, n in outcome.hidden.items():
        counts[severity] = counts.get(severity, 0) + n
    total = sum(counts.values())
    text = ", ".join(f"{n} {severity}" for severity, n in counts.items())
    verdict = "conforms" if outcome.conforms else f"FAILS ({len(outcome.failures())} at or above)"
    line = f"{total} results: {text}; {verdict} at --fail-on {outcome.fail_on}"
    if outcome.hidden:
        line += f"; {sum(outcome.hidden.values())} below --min-severity {outcome.min_severity} not shown"
    return line


def _describe(result, prefixes) -> list[tuple[str, str]]:
    """The fields of a result a person needs, as (name, compacted value) rows."""
    focus = compact(result.focus, prefixes)
    rows = [("focus", f"{result.focus_label} ({focus})" if result.focus_label else focus)]
    if result.path:
        rows.append(("path", compact(result.path, prefixes)))
    if result.value is not None:
        rows.append(("value", compact(result.value, prefixes)))
    rows.append(("message", result.message))
    rows.append(("source", ", ".join(result.sources) if result.sources else "(no source article)"))
    rows.append(("constraint", compact(result.constraint, prefixes)))
    return rows


def _by_shape(outcome: ValidationOutcome) -> dict[str, list]:
    """Results grouped by source shape, shapes in sorted order."""
    groups: dict[str, list] = defaultdict(list)
    for result in outcome.results:
        groups[result.source_shape].append(result)
    return dict(sorted(groups.items()))


def to_text(outcome: ValidationOutcome) -> str:
    """A readable report grouped by shape, ending with a summary line."""
    lines = []
    for shape, results in _by_shape(outcome).items():
        lines.append(f"{compact(shape, outcome.prefixes)} ({len(results)})")
        for result in results:
            lines.append(f"  {result.severity}")
            lines.extend(f"    {name + ':':<12}{value}" for name, value in _describe(result, outcome.prefixes))
        lines.append("")
    lines.append(summary(outcome))
    return "\n".join(lines) + "\n"


def to_json(outcome: ValidationOutcome) -> str:
    """A JSON object: conforms, fail_on, engine, counts, and the results as objects (and those not shown)."""
    doc = {
        "conforms": outcome.conforms,
        "fail_on": outcome.fail_on,
        "engine": outcome.engine,
        "counts": outcome.counts(),
        "results": [r.as_dict() for r in outcome.results],
    }
    if outcome.hidden:
        doc["not_shown"] = {"min_severity": outcome.min_severity, "counts": dict(outcome.hidden)}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_turtle(outcome: ValidationOutcome) -> str:
    """The standard sh:ValidationReport graph in Turtle (blank nodes labelled in result order)."""
    graph = outcome.report_graph
    if graph is None:
        raise FormatError("this outcome has no report graph to write as Turtle")
    for prefix, ns in sorted(outcome.prefixes.items()):
        graph.bind(prefix, ns, override=True, replace=True)
    return graph.serialize(format="turtle")


def to_junit(outcome: ValidationOutcome) -> str:
    """JUnit XML: one testcase per shape; results at or above the threshold are <failure>s."""
    import xml.etree.ElementTree as ET

    groups = _by_shape(outcome)
    shapes = sorted(set(outcome.shapes) | set(groups))
    failed = sum(1 for s in shapes if any(r.fails_at(outcome.fail_on) for r in groups.get(s, [])))
    suites = ET.Element("testsuites", name="kg validate", tests=str(len(shapes)), failures=str(failed))
    suite = ET.SubElement(
        suites, "testsuite", name="shacl", tests=str(len(shapes)), failures=str(failed), errors="0", skipped="0"
    )
    for shape in shapes:
        case = ET.SubElement(suite, "testcase", classname="shacl", name=compact(shape, outcome.prefixes))
        passed_notes = []
        for result in groups.get(shape, []):
            body = "\n".join(f"{name}: {value}" for name, value in _describe(result, outcome.prefixes))
            if result.fails_at(outcome.fail_on):
                failure = ET.SubElement(case, "failure", type=result.severity, message=result.message)
                failure.text = body
            else:
                passed_notes.append(f"{result.severity}\n{body}")
        if passed_notes:
            ET.SubElement(case, "system-out").text = "\n\n".join(passed_notes)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _escape_data(text: str) -> str:
    """Escape a GitHub workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape a GitHub workflow command's property value."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(outcome: ValidationOutcome) -> str:
    """GitHub Actions workflow commands (::error/::warning/::notice) per result, then a summary."""
    lines = []
    for result in outcome.results:
        command = _GITHUB_COMMAND.get(result.severity, "error")
        rows = dict(_describe(result, outcome.prefixes))
        title = f"{compact(result.source_shape, outcome.prefixes)} ({result.severity})"
        detail = ", ".join(f"{k} {rows[k]}" for k in ("path", "value", "source") if k in rows)
        message = f"{rows['focus']}: {result.message} [{detail}]"
        lines.append(f"::{command} title={_escape_property(title)}::{_escape_data(message)}")
    lines.append(summary(outcome))
    return "\n".join(lines) + "\n"

