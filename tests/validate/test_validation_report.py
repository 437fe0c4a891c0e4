"""kg.validate.report: every format carries exactly the injected results, deterministically."""
from __future__ import annotations

import functools
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.errors import FormatError
from kg.validate.engine import validate
from kg.validate.report import compact, render

FIXTURES = Path(__file__).parents[1] / "fixtures" / "validate"
SHAPES = FIXTURES / "shapes.ttl"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
VARIANTS = sorted(EXPECTED)
SH = "http://www.w3.org/ns/shacl#"
PREFIXES = {"t": "https://example.org/test-shapes#", "dip": "https://w3id.org/diplomacy-kg/ontology#",
            "id": "https://w3id.org/diplomacy-kg/id/", "country": "https://w3id.org/diplomacy-kg/id/country/"}


@functools.lru_cache(maxsize=None)
def outcome(variant: str, fail_on: str = "violation"):
    """Validate one fixture with the test shapes (cached)."""
    path = FIXTURES / "valid.ttl" if variant == "valid" else FIXTURES / "variants" / f"{variant}.ttl"
    return validate(path, shapes=SHAPES, fail_on=fail_on)


@pytest.mark.parametrize("variant", VARIANTS)
def test_text_lists_the_result_grouped_by_shape_with_a_summary(variant):
    want = EXPECTED[variant]
    o = outcome(variant)
    text = render(o, "text")
    lines = text.splitlines()
    assert lines[0] == f"{compact(want['source_shape'], o.prefixes)} (1)"
    assert lines[1].strip() == want["severity"]
    assert compact(want["focus"], o.prefixes) in lines[2]
    assert f"path:       {compact(want['path'], o.prefixes)}" in text
    assert o.results[0].message in text
    if want["value"]:
        assert f"value:      {compact(want['value'], o.prefixes)}" in text
    counts = {"Violation": 0, "Warning": 0, "Info": 0, want["severity"]: 1}
    assert lines[-1].startswith(f"1 results: {counts['Violation']} Violation, {counts['Warning']} Warning, {counts['Info']} Info")


def test_text_names_the_focus_label_and_source_article():
    text = render(outcome("person-without-country"), "text")
    assert "focus:      Sam Sample (person:sam-sample)" in text
    assert "source:     001_aaaa" in text


def test_text_of_conforming_data_is_just_the_summary():
    assert render(outcome("valid"), "text") == "0 results: 0 Violation, 0 Warning, 0 Info; conforms at --fail-on violation\n"


@pytest.mark.parametrize("variant", VARIANTS)
def test_turtle_is_a_standard_validation_report(variant):
    import rdflib

    want = EXPECTED[variant]
    graph = rdflib.Graph().parse(data=render(outcome(variant), "turtle"), format="turtle")
    sh = rdflib.Namespace(SH)
    (report,) = graph.subjects(rdflib.RDF.type, sh.ValidationReport)
    assert graph.value(report, sh.conforms).toPython() is False
    (result,) = graph.objects(report, sh.result)
    assert str(graph.value(result, sh.focusNode)) == want["focus"]
    assert str(graph.value(result, sh.resultPath)) == want["path"]
    assert str(graph.value(result, sh.resultSeverity)) == SH + want["severity"]
    assert str(graph.value(result, sh.sourceConstraintComponent)) == want["constraint"]
    if not want["source_shape"].startswith("<"):  # a named shape, not a blank one
        assert str(graph.value(result, sh.sourceShape)) == want["source_shape"]
    assert (graph.value(result, sh.value) is None) == (want["value"] is None)


@pytest.mark.parametrize("variant", VARIANTS)
def test_json_holds_exactly_the_result(variant):
    doc = json.loads(render(outcome(variant), "json"))
    want = EXPECTED[variant]
    assert doc["conforms"] == (want["severity"] != "Violation")
    assert doc["counts"][want["severity"]] == 1 and sum(doc["counts"].values()) == 1
    (result,) = doc["results"]
    assert {k: result[k] for k in want} == want
    assert set(result) >= {"focus_label", "message", "sources"}


@pytest.mark.parametrize("fail_on", ["violation", "info"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_junit_has_a_testcase_per_shape_and_fails_only_the_offending_one(variant, fail_on):
    o = outcome(variant, fail_on)
    want = EXPECTED[variant]
    root = ET.fromstring(render(o, "junit"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(o.shapes) == 13
    failing = {c.get("name"): c for c in cases if c.find("failure") is not None}
    shape = compact(want["source_shape"], o.prefixes)
    fails = want["severity"] == "Violation" or fail_on == "info"
    assert set(failing) == ({shape} if fails else set())
    assert root.get("failures") == root.find("testsuite").get("failures") == str(len(failing))
    (case,) = [c for c in cases if c.get("name") == shape]
    if fails:
        (failure,) = case.findall("failure")
        assert failure.get("type") == want["severity"]
        assert compact(want["focus"], o.prefixes) in failure.text
    else:
        assert want["severity"] in case.find("system-out").text


@pytest.mark.parametrize("variant", VARIANTS)
def test_github_writes_one_workflow_command_per_result(variant):
    want = EXPECTED[variant]
    o = outcome(variant)
    lines = render(o, "github").splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 1
    level = {"Violation": "error", "Warning": "warning", "Info": "notice"}[want["severity"]]
    assert commands[0].startswith(f"::{level} title=")
    title, message = commands[0][len(f"::{level} title="):].split("::", 1)
    assert compact(want["source_shape"], o.prefixes).replace(":", "%3A").replace(",", "%2C") in title
    assert o.results[0].message in message
    assert lines[-1].startswith("1 results:")


def test_github_escapes_newlines_and_percent(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        '<urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ;'
        ' sh:message "100% wrong\\nsecond line" ] .\n'
    )
    data = tmp_path / "data.nt"
    data.write_text("<urn:x> <urn:q> <urn:y> .\n")
    line = render(validate(data, shapes=shapes, ontology=None), "github").splitlines()[0]
    assert "100%25 wrong%0Asecond line" in line
    assert line.count("::") == 2


def test_every_format_is_byte_identical_across_runs():
    paths = sorted((FIXTURES / "variants").glob("*.ttl"))
    first, second = validate(paths, shapes=SHAPES), validate(list(reversed(paths)), shapes=SHAPES)
    for fmt in ("text", "turtle", "json", "junit", "github"):
        assert render(first, fmt) == render(second, fmt), fmt


def test_unknown_format_is_refused():
    with pytest.raises(FormatError):
        render(outcome("valid"), "csv")


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("https://w3id.org/diplomacy-kg/ontology#date", "dip:date"),
        ("https://w3id.org/diplomacy-kg/id/country/DE", "country:DE"),
        ("urn:x", "urn:x"),
        ("http://unknown.example/x", "<http://unknown.example/x>"),
        ('"2024"^^<http://www.w3.org/2001/XMLSchema#date>', '"2024"^^<http://www.w3.org/2001/XMLSchema#date>'),
        ('"a <https://w3id.org/diplomacy-kg/ontology#x> b"', '"a <https://w3id.org/diplomacy-kg/ontology#x> b"'),
        ("^<https://w3id.org/diplomacy-kg/ontology#source>", "^dip:source"),
    ],
)
def test_compact_shortens_iris_but_not_literal_text(text, short):
    assert compact(text, PREFIXES) == short
