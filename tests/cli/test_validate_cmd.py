"""`kg validate`: exit codes 0/1/2, thresholds, formats, -o files and --shapes-only."""
from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "validate"
SHAPES = str(FIXTURES / "shapes.ttl")
VALID = str(FIXTURES / "valid.ttl")


def variant(name: str) -> str:
    """Path of a one-error fixture."""
    return str(FIXTURES / "variants" / f"{name}.ttl")


def run(*args):
    """Invoke `kg validate` in-process and return the click result."""
    return CliRunner().invoke(cli, ["validate", *args])


def test_valid_data_exits_0():
    result = run(VALID, "-s", SHAPES)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_a_violation_exits_1_and_is_reported():
    result = run(variant("iso-code-lower-case"), "-s", SHAPES)
    assert result.exit_code == 1
    assert "t:CountryIsoCodeShape" in result.output and '"de"' in result.output


def test_a_warning_passes_by_default_and_fails_with_fail_on_warning():
    assert run(variant("meeting-without-attendee"), "-s", SHAPES).exit_code == 0
    assert run(variant("meeting-without-attendee"), "-s", SHAPES, "--fail-on", "warning").exit_code == 1


def test_an_info_fails_only_with_fail_on_info():
    assert run(variant("person-without-country"), "-s", SHAPES, "--fail-on", "warning").exit_code == 0
    assert run(variant("person-without-country"), "-s", SHAPES, "--fail-on", "info").exit_code == 1


def test_unparseable_data_exits_2_with_the_parser_message():
    result = run(str(FIXTURES / "not-turtle.ttl"), "-s", SHAPES)
    assert result.exit_code == 2
    assert "not-turtle.ttl" in result.output and "line 4" in result.output


def test_missing_file_exits_2(tmp_path):
    assert run(str(tmp_path / "nope.ttl"), "-s", SHAPES).exit_code == 2


def test_shapes_that_are_not_shacl_exit_2():
    assert run(VALID, "-s", str(FIXTURES / "broken-shapes.ttl")).exit_code == 2


def test_no_data_is_a_usage_error():
    result = run("-s", SHAPES)
    assert result.exit_code == 2 and "no DATA" in result.output


@pytest.mark.parametrize("args", [["--format", "csv"], ["--fail-on", "error"], ["--engine", "jena"]])
def test_bad_option_values_are_usage_errors(args):
    assert run(VALID, "-s", SHAPES, *args).exit_code == 2


@pytest.mark.parametrize("engine", ["pyshacl", "turbo", "auto"])
def test_every_engine_gives_the_same_json(engine):
    result = run(variant("location-not-a-city"), "-s", SHAPES, "-f", "json", "--engine", engine)
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["engine"] == ("turbo" if engine == "auto" else engine)
    assert [(r["focus"], r["path"], r["severity"]) for r in doc["results"]] == [
        ("https://w3id.org/diplomacy-kg/id/meeting/2024-03-05-fr-paris",
         "https://w3id.org/diplomacy-kg/ontology#location", "Violation")
    ]


def test_junit_report_to_a_file(tmp_path):
    out = tmp_path / "reports" / "report.xml"
    result = run(variant("statement-without-source"), "-s", SHAPES, "-f", "junit", "-o", str(out))
    assert result.exit_code == 1
    root = ET.parse(out).getroot()
    assert root.get("failures") == "1"
    assert "1 results" in result.output  # the summary goes to stderr
    assert not list(out.parent.glob(".*.tmp"))


def test_github_format_prints_workflow_commands():
    result = run(variant("meeting-without-source"), "-s", SHAPES, "-f", "github")
    assert result.exit_code == 1
    assert result.output.startswith("::error title=t%3AMeetingSourceShape")


def test_turtle_format_parses():
    import rdflib

    result = run(variant("two-dates"), "-s", SHAPES, "-f", "turtle")
    graph = rdflib.Graph().parse(data=result.output, format="turtle")
    assert len(list(graph.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult")))) == 1


def test_several_shapes_files_are_combined(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .\n"
        "<urn:TitleShape> a sh:NodeShape ; sh:targetClass dip:Article ;"
        " sh:property [ sh:path <urn:never> ; sh:minCount 1 ] .\n"
    )
    result = run(VALID, "-s", SHAPES, "-s", str(extra), "-f", "json")
    assert result.exit_code == 1
    assert {r["focus"].rsplit("/", 1)[-1] for r in json.loads(result.output)["results"]} == {"001_aaaa", "002_bbbb"}


def test_shapes_only_accepts_good_shapes():
    result = run("--shapes-only", "-s", SHAPES)
    assert result.exit_code == 0, result.output


def test_shapes_only_rejects_broken_shapes():
    result = run("--shapes-only", "-s", str(FIXTURES / "broken-shapes.ttl"), "-f", "json")
    assert result.exit_code == 1
    focuses = {r["focus"] for r in json.loads(result.output)["results"]}
    assert focuses == {"https://example.org/test-shapes#BrokenDateShape"}


def test_shapes_only_refuses_data():
    assert run("--shapes-only", "-s", SHAPES, VALID).exit_code == 2


def test_help_documents_exit_codes_and_an_example():
    result = run("--help")
    assert result.exit_code == 0
    assert "Exit codes" in result.output and "kg validate out/seeds.ttl" in result.output


def test_real_subprocess_default_shapes(tmp_path):
    """The installed `kg` finds the project's shapes by itself."""
    kg = Path(sys.executable).with_name("kg")
    ok = subprocess.run([str(kg), "validate", VALID], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([str(kg), "validate", variant("iso-code-lower-case"), "-f", "github"],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stdout.startswith("::error")


@pytest.mark.parametrize("fmt", ["text", "turtle", "json", "junit", "github"])
def test_chunked_runs_write_the_whole_graph_report(tmp_path, fmt):
    data = [variant("location-not-a-city"), variant("two-dates"), variant("meeting-without-attendee")]
    whole, chunked = tmp_path / "whole", tmp_path / "chunked"
    assert run(*data, "-f", fmt, "--chunk-quads", "0", "-o", str(whole)).exit_code == 1
    result = run(*data, "-f", fmt, "--jobs", "2", "--chunk-quads", "10", "--tmp-dir", str(tmp_path), "-o", str(chunked))
    assert result.exit_code == 1 and "note" not in result.output
    assert chunked.read_bytes() == whole.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chunked", "whole"]  # chunk files are removed


def test_shapes_that_need_the_whole_graph_say_so_on_stderr(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .\n"
                      "<urn:S> a sh:NodeShape ; sh:targetClass dip:Meeting ;"
                      " sh:property [ sh:path dip:location ; sh:node <urn:T> ] . <urn:T> a sh:NodeShape ; sh:class dip:City .\n")
    result = run(variant("location-not-a-city"), "-s", str(shapes), "--chunk-quads", "10")
    assert result.exit_code == 1
    assert "kg: note: validated the whole graph at once: the shapes use sh:node" in result.output


@pytest.mark.parametrize("args", [["--jobs", "-1"], ["--chunk-quads", "-3"]])
def test_negative_jobs_or_chunk_size_are_usage_errors(args):
    assert run(VALID, *args).exit_code == 2


def test_no_ontology_says_on_stderr_which_sh_class_checks_need_it(tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text("<urn:p> a <https://w3id.org/diplomacy-kg/ontology#Minister> .\n")
    result = CliRunner().invoke(cli, ["validate", str(data), "--no-ontology"])
    assert "kg: note: validated without an ontology" in result.stderr
    assert "dip:Person" in result.stderr and "dip:Minister" in result.stderr
    assert "ontology" not in CliRunner().invoke(cli, ["validate", str(data)]).stderr


ROLES = """@prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
dip:ForeignMinister a dip:Role ; rdfs:label "foreign minister" ; dip:ministerial true .
"""


def role_violations(result) -> set[str]:
    """The people whose dip:role the project's shapes refused, from a JSON report."""
    return {r["focus"].rsplit("/", 1)[-1] for r in json.loads(result.stdout)["results"]
            if r["severity"] == "Violation" and r["path"] == "https://w3id.org/diplomacy-kg/ontology#role"}


def test_the_ontology_options_choose_what_is_mixed_into_the_data(tmp_path):
    """The role individuals are defined in the ontology: the project's by default, none with
    --no-ontology, and with --ontology FILE only what FILE defines."""
    default = CliRunner().invoke(cli, ["validate", VALID, "-f", "json"])
    assert default.exit_code == 0 and role_violations(default) == set()
    bare = CliRunner().invoke(cli, ["validate", VALID, "-f", "json", "--no-ontology"])
    assert bare.exit_code == 1 and role_violations(bare) == {"alex-example", "sam-sample"}
    roles = tmp_path / "roles.ttl"
    roles.write_text(ROLES + 'dip:DefenceMinister a dip:Role ; rdfs:label "defence minister" ; dip:ministerial true .\n')
    both = CliRunner().invoke(cli, ["validate", VALID, "-f", "json", "--ontology", str(roles)])
    assert both.exit_code == 0 and role_violations(both) == set(), both.output
    roles.write_text(ROLES)   # a foreign minister only: Sam Sample's dip:DefenceMinister is no longer a role
    one = CliRunner().invoke(cli, ["validate", VALID, "-f", "json", "--ontology", str(roles)])
    assert one.exit_code == 1 and role_violations(one) == {"sam-sample"}


def test_ontology_options_refused(tmp_path):
    missing = CliRunner().invoke(cli, ["validate", VALID, "--ontology", str(tmp_path / "none.ttl")])
    assert missing.exit_code == 2 and "none.ttl" in missing.stderr
    both = CliRunner().invoke(cli, ["validate", VALID, "--ontology", SHAPES, "--no-ontology"])
    assert both.exit_code == 2 and "--no-ontology" in both.stderr


def test_an_ill_typed_literal_is_reported_without_a_traceback(tmp_path):
    """Run as a user does (a process of its own: pytest's log capture would hide what logging prints)."""
    data = tmp_path / "bad-date.ttl"
    data.write_text(
        "@prefix dip: <https://w3id.org/diplomacy-kg/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/diplomacy-kg/id/meeting/x> a dip:Meeting ; dip:status dip:Held ;\n"
        '    dip:date "yesterday"^^xsd:date .\n')
    for engine in ("auto", "pyshacl"):
        done = subprocess.run([sys.executable, "-m", "kg.cli", "validate", str(data), "--engine", engine, "-f", "turtle"],
                              capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        assert "yesterday" in done.stdout   # reported as a result ...
        assert "Traceback" not in done.stderr and "Failed to convert" not in done.stderr, done.stderr   # ... only


def test_min_severity_hides_lower_results_but_counts_them_and_keeps_the_exit_code():
    every = run(variant("person-without-country"), "-s", SHAPES, "--fail-on", "info")
    shown = run(variant("person-without-country"), "-s", SHAPES, "--fail-on", "info", "--min-severity", "warning")
    assert every.exit_code == shown.exit_code == 1
    assert "Info" in every.output and "  Info" not in shown.output
    assert "below --min-severity warning not shown" in shown.output
    assert every.output.splitlines()[-1].split(";")[0] == shown.output.splitlines()[-1].split(";")[0]
    doc = json.loads(run(variant("person-without-country"), "-s", SHAPES, "--min-severity", "warning",
                         "-f", "json").output)
    assert doc["results"] == [] and doc["not_shown"]["counts"] == {"Info": 1}


def test_validate_a_store_like_its_files(tmp_path):
    db = str(tmp_path / "db")
    assert CliRunner().invoke(cli, ["load", variant("iso-code-lower-case"), "-l", db]).exit_code == 0
    from_store = run("-l", db, "-s", SHAPES)
    from_file = run(variant("iso-code-lower-case"), "-s", SHAPES)
    assert from_store.exit_code == from_file.exit_code == 1
    assert from_store.output == from_file.output
    assert run("-l", str(tmp_path / "none"), "-s", SHAPES).exit_code == 2
    assert run(VALID, "-l", db, "-s", SHAPES).exit_code == 2
