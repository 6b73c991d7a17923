"""The config file: schema validation with located errors, pyproject.toml, globs, rule selection, init."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemactl.cli.main import main
from schemactl.core.config import find_config, glob_regex, load_config
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Mode, Severity
from tests.test_check import (
    EVENT_BREAKING,
    EVENT_V1,
    ORDER_BREAKING,
    ORDER_V1,
    check,
    commit,
    make_repo,
    write,
)

GOOD = """\
version: 1
mode: full
fail_on: warning
rules:
  except: [AVRO_DOC_CHANGED]
contracts:
  - name: orders
    paths: ["proto/**/*.proto"]
    import_roots: [proto/]
    rules:
      use: [WIRE]
    subject: "orders-{stem}-value"
  - paths: ["events/*.avsc"]
    format: avro
    mode: none
    history: all
registry:
  url: https://registry.example.com
  context: ".staging"
"""


def load_text(tmp_path: Path, text: str, name: str = "schemactl.yaml") -> None:
    (tmp_path / name).write_text(text)
    load_config(tmp_path)


def error_of(tmp_path: Path, text: str, name: str = "schemactl.yaml") -> str:
    with pytest.raises(SchemactlError) as info:
        load_text(tmp_path, text, name)
    return info.value.message


def test_a_full_config_loads(tmp_path: Path) -> None:
    (tmp_path / "schemactl.yaml").write_text(GOOD)
    config = load_config(tmp_path)
    orders, events = config.contracts
    assert orders.name == "orders" and orders.mode is Mode.FULL and orders.fail_on is Severity.WARNING
    assert orders.import_roots == ("proto",)
    assert orders.rules.use == ("WIRE",) and orders.rules.except_ == ("AVRO_DOC_CHANGED",)
    assert orders.subject_for("proto/acme/order.proto") == "orders-order-value"
    assert events.format == "avro" and events.mode is Mode.NONE and events.history == 0
    assert config.registry == {"url": "https://registry.example.com", "context": ".staging"}
    assert config.contract_for("proto/acme/v1/a.proto") is orders
    assert config.contract_for("events/a.avsc") is events
    assert config.contract_for("events/deep/a.avsc") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("mode: backward\n", "schemactl.yaml:1: (top level): 'version' is a required property"),
    ("version: 2\n", "schemactl.yaml:1: version: 2 is not one of 1"),
    ("version: 1\nmoed: full\n", "schemactl.yaml:2: moed: unknown key ('moed' was unexpected)"),
    ("version: 1\ncontracts:\n  - paths: [a.proto]\n    mode: sideways\n",
     "schemactl.yaml:4: contracts[0].mode: 'sideways' is not one of"),
    ("version: 1\ncontracts:\n  - name: x\n", "schemactl.yaml:3: contracts[0]: 'paths' is a required property"),
    ("version: 1\nfail_on: fatal\n", "schemactl.yaml:2: fail_on: 'fatal' is not one of error, info, warning"),
    ("version: 1\ncontracts:\n  - paths: [a.proto]\n    format: thrift\n",
     "schemactl.yaml:4: contracts[0].format: unknown format 'thrift'"),
    ("version: 1\nregistry:\n  url: ftp://x\n", "schemactl.yaml:3: registry.url:"),
    ("version: 1\nhistory: 0\n", "schemactl.yaml:2: history:"),
    ("version: [1\n", "schemactl.yaml:2:1: not valid YAML"),
    ("", "schemactl.yaml: the config is empty"),
])
def test_config_errors_name_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    message = error_of(tmp_path, text)
    assert message.startswith(str(tmp_path / expected.split(":", 1)[0])), message
    assert expected.split(":", 1)[1] in message, message


def test_pyproject_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.schemactl]\nversion = 1\n'
                                            'mode = "forward"\n\n[[tool.schemactl.contracts]]\n'
                                            'paths = ["*.avsc"]\n')
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    config = load_config(tmp_path)
    assert config.contracts[0].mode is Mode.FORWARD


def test_pyproject_errors_name_the_key_line(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[tool.schemactl]\nversion = 1\nfail_on = "loud"\n', "pyproject.toml")
    assert message.startswith(f"{tmp_path / 'pyproject.toml'}:3: fail_on:")


def test_pyproject_without_section_is_no_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None
    assert load_config(tmp_path).source is None


@pytest.mark.parametrize(("pattern", "path", "hit"), [
    ("proto/**/*.proto", "proto/a.proto", True),
    ("proto/**/*.proto", "proto/acme/v1/a.proto", True),
    ("proto/**/*.proto", "other/proto/a.proto", False),
    ("*.avsc", "deep/in/a.avsc", True),
    ("events/*.avsc", "events/sub/a.avsc", False),
    ("api/", "api/openapi.yaml", True),
    ("api/openapi.yaml", "api/openapi.yaml", True),
    ("api/open?pi.yaml", "api/openapi.yaml", True),
])
def test_globs(pattern: str, path: str, hit: bool) -> None:
    assert bool(glob_regex(pattern).match(path)) is hit


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", {"proto/acme/orders/v1/order.proto": ORDER_V1,
                                         "events/shipped.avsc": EVENT_V1})


def test_rule_selection_except_by_alias_and_fail_on(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"proto/acme/orders/v1/order.proto": ORDER_BREAKING})
    assert check(repo, monkeypatch) == 1
    write(repo, {"schemactl.yaml": "version: 1\nrules:\n  except: [buf:FIELD_NO_DELETE]\n"})
    assert check(repo, monkeypatch) == 0
    write(repo, {"schemactl.yaml": "version: 1\nrules:\n  except: [removed]\n"})  # a category
    assert check(repo, monkeypatch) == 0


def test_rule_selection_use_buf_category(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    renamed = ORDER_V1.replace("int64 total = 2", "int64 grand_total = 2")
    write(repo, {"proto/acme/orders/v1/order.proto": renamed})
    assert check(repo, monkeypatch) == 1  # FILE: a renamed field breaks generated code and JSON
    capsys.readouterr()
    write(repo, {"schemactl.yaml": "version: 1\ncontracts:\n  - paths: ['**']\n    rules: {use: [WIRE]}\n"})
    assert check(repo, monkeypatch) == 0  # WIRE: the bytes on the wire are the same
    out = capsys.readouterr().out
    assert "FIELD_SAME_NAME" not in out


def test_unknown_rule_selector_is_a_config_error(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"schemactl.yaml": "version: 1\nrules:\n  use: [NO_SUCH_RULE]\n",
                 "events/shipped.avsc": EVENT_BREAKING})
    assert check(repo, monkeypatch) == 2
    err = capsys.readouterr().err
    assert "schemactl.yaml:2: rules.use: unknown rule selector 'NO_SUCH_RULE'" in err


def test_fail_on_warning_and_mode_none(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"events/shipped.avsc": EVENT_BREAKING})
    write(repo, {"schemactl.yaml": "version: 1\nmode: none\n"})
    assert check(repo, monkeypatch) == 0
    write(repo, {"schemactl.yaml": "version: 1\ncontracts:\n  - paths: ['proto/']\n"})
    assert check(repo, monkeypatch) == 0  # events/ is no contract under this config


def test_config_contract_history(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = "proto/acme/orders/v1/order.proto"
    commit(repo, "drop", {path: ORDER_BREAKING})
    reused = ORDER_BREAKING.replace("  string id = 1;\n", "  string id = 1;\n  string coupon = 2;\n")
    write(repo, {path: reused})
    assert check(repo, monkeypatch) == 0
    write(repo, {"schemactl.yaml": "version: 1\nhistory: all\n"})
    assert check(repo, monkeypatch) == 1
    write(repo, {"schemactl.yaml": "version: 1\nmode: backward_transitive\n"})
    assert check(repo, monkeypatch) == 1


def test_config_error_from_check_exits_2(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"schemactl.yaml": "version: 1\ncontracts: {}\n"})
    assert check(repo, monkeypatch) == 2
    assert "schemactl.yaml:2: contracts:" in capsys.readouterr().err


def test_init_writes_a_config_that_finds_the_contracts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from tests.test_check import DEMO

    repo = make_repo(tmp_path / "demo")
    shutil.copytree(DEMO / "v1", repo / "contracts", dirs_exist_ok=True)
    write(repo, {".gitignore": "build/\n", "build/ignored.avsc": EVENT_V1, ".github/ci.yaml": "on: push\n"})
    monkeypatch.chdir(repo)
    assert main(["init"]) == 0
    err = capsys.readouterr().err
    assert "protobuf: 2 contracts" in err and "avro: 2 contracts" in err and "openapi: 1 contract" in err
    assert "protobuf import roots: contracts" in err
    text = (repo / "schemactl.yaml").read_text()
    assert "build/" not in text and "ci.yaml" not in text and "schemas.yaml" not in text
    config = load_config(repo)
    assert config.contract_for("contracts/acme/common/v1/money.proto") is not None
    assert config.contract_for("contracts/api/openapi.yaml") is not None
    assert config.contract_for("contracts/api/schemas.yaml") is None
    # The written config drives check: commit, then a breaking change is found.
    commit(repo, "v1 with config")
    shutil.copytree(DEMO / "v2", repo / "contracts", dirs_exist_ok=True)
    assert main(["check"]) == 1
    assert "contracts/acme/inventory/v1/inventory.proto:" in capsys.readouterr().out
    # init refuses to overwrite, unless forced.
    assert main(["init"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["init", "--force"]) == 0


def test_waiver_accepts_a_finding_until_it_expires(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"proto/acme/orders/v1/order.proto": ORDER_BREAKING})
    waiver = ("version: 1\nwaivers:\n  - rule: buf:FIELD_NO_DELETE\n    path: proto/**/order.proto\n"
              "    element: acme.orders.v1.Order*\n    reason: nobody reads total yet\n    expires: {date}\n")
    write(repo, {"schemactl.yaml": waiver.format(date="2999-12-31")})
    assert check(repo, monkeypatch) == 0
    err = capsys.readouterr().err
    assert "1 finding waived (config waivers" in err
    write(repo, {"schemactl.yaml": waiver.format(date="2001-01-31")})
    assert check(repo, monkeypatch, "--quiet") == 1
    out, err = capsys.readouterr()
    assert "FIELD_NO_DELETE" in out  # an expired waiver waives nothing
    assert "schemactl.yaml:3: the waiver of buf:FIELD_NO_DELETE expired on 2001-01-31 (nobody reads total yet)" in err


def test_waiver_that_does_not_match_is_reported_unused(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, {"proto/acme/orders/v1/order.proto": ORDER_BREAKING,
                 "schemactl.yaml": "version: 1\nwaivers:\n  - rule: FIELD_NO_DELETE\n    element: other.*\n"
                                   "    reason: r\n    expires: '2999-01-01'\n"})
    assert check(repo, monkeypatch) == 1
    assert "schemactl.yaml:3: the waiver of FIELD_NO_DELETE matched no finding" in capsys.readouterr().err


def test_waiver_errors(tmp_path: Path) -> None:
    assert "schemactl.yaml:3: waivers[0]: 'expires' is a required property" in error_of(
        tmp_path, "version: 1\nwaivers:\n  - rule: X\n    reason: r\n")
    assert "waivers[0].expires: '2026-02-31' is not a date" in error_of(
        tmp_path, "version: 1\nwaivers:\n  - {rule: X, reason: r, expires: '2026-02-31'}\n")


def test_inline_waiver_in_a_proto_comment(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = "proto/acme/orders/v1/order.proto"
    widened = ORDER_V1.replace("  int64 total = 2;", "  COMMENT\n  string total = 2;")
    write(repo, {path: widened.replace("COMMENT", "// the total becomes a decimal string")})
    assert check(repo, monkeypatch, "--format", "json") == 1
    import json

    rules = {(f["rule"], f["location"]["line"]) for f in json.loads(capsys.readouterr().out)["findings"]
             if f["breaking"]}
    assert rules == {("FIELD_SAME_TYPE", 7)}
    write(repo, {path: widened.replace("COMMENT", "// schemactl:ignore FIELD_SAME_TYPE agreed with all readers")})
    assert check(repo, monkeypatch) == 0
    assert "1 finding waived" in capsys.readouterr().err
    write(repo, {path: widened.replace("COMMENT", "// schemactl:ignore buf:FIELD_SAME_TYPE readers parse both")})
    assert check(repo, monkeypatch) == 0  # by peer alias
    # A waiver without a reason waives nothing.
    write(repo, {path: widened.replace("COMMENT", "// schemactl:ignore buf:FIELD_SAME_TYPE")})
    assert check(repo, monkeypatch) == 1
    assert "inline waiver of buf:FIELD_SAME_TYPE has no reason" in capsys.readouterr().err


def test_init_print_and_a_folder_without_contracts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "empty", {"README.md": "x\n"})
    monkeypatch.chdir(repo)
    assert main(["init", "--print"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# schemactl configuration") and "version: 1" in text
    assert not (repo / "schemactl.yaml").exists()
    assert main(["init"]) == 0
    assert "(none found yet)" in capsys.readouterr().err
    assert load_config(repo).contracts == []


def test_pyproject_config_drives_check(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"events/shipped.avsc": EVENT_BREAKING,
                 "pyproject.toml": '[tool.schemactl]\nversion = 1\nmode = "forward"\n'})
    assert check(repo, monkeypatch) == 0  # a field added without default breaks backward only


def test_subject_naming_keys(tmp_path: Path) -> None:
    (tmp_path / "schemactl.yaml").write_text(
        "version: 1\ncontracts:\n"
        "  - paths: [a/**]\n    topic: 'shop.{stem}'\n    parts: [key, value]\n"
        "  - paths: [b/**]\n    topic: '{path}'\n    strategy: TopicRecordNameStrategy\n"
        "  - paths: [c/**]\n    topic: orders\n    parts: key\n"
        "  - paths: [d/**]\n    strategy: recordnamestrategy\n"
        "  - paths: [e/**]\n")
    a, b, c, d, e = load_config(tmp_path).contracts
    assert (a.naming, a.parts, a.needs_record) == ("TopicNameStrategy", ("key", "value"), False)
    assert a.subjects_for("a/order.avsc") == ("shop.order-value", "shop.order-key")  # -value first
    assert a.subject_for("a/order.avsc") == "shop.order-value"
    assert (b.naming, b.needs_record) == ("TopicRecordNameStrategy", True)
    assert b.subjects_for("b/x.avsc", "com.acme.X") == ("b/x.avsc-com.acme.X",)
    assert c.subjects_for("c/x.avsc") == ("orders-key",)
    assert d.naming == e.naming == "RecordNameStrategy" and d.subject_for("d/x.avsc") is None
    assert e.subjects_for("e/x.avsc", "com.acme.X") == ("com.acme.X",)


@pytest.mark.parametrize(("entry", "expected"), [
    ("topic: orders\n    subject: x", "schemactl.yaml:4: contracts[0].topic: topic and subject together"),
    ("strategy: bogus", "schemactl.yaml:4: contracts[0].strategy: 'bogus' is not a subject name strategy: use "
                        "TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy (any case)"),
    ("strategy: topicnamestrategy", "schemactl.yaml:4: contracts[0].strategy: TopicNameStrategy needs a topic"),
    ("strategy: TopicRecordNameStrategy", "contracts[0].strategy: TopicRecordNameStrategy needs a topic"),
    ("topic: o\n    strategy: RecordNameStrategy",
     "schemactl.yaml:5: contracts[0].strategy: RecordNameStrategy does not use a topic"),
    ("topic: o\n    parts: keys", "schemactl.yaml:5: contracts[0].parts: 'keys' is not key, value, or a list"),
    ("topic: o\n    parts: [key, keys]", "schemactl.yaml:5: contracts[0].parts[1]: 'keys' is not one of key, value"),
    ("topic: o\n    parts: []", "schemactl.yaml:5: contracts[0].parts:"),
    ("parts: [key]", "schemactl.yaml:4: contracts[0].parts: parts applies only to TopicNameStrategy"),
    ("topic: o\n    strategy: TopicRecordNameStrategy\n    parts: key",
     "schemactl.yaml:6: contracts[0].parts: parts applies only to TopicNameStrategy"),
    ("topic: '{stem}-{record}'", "schemactl.yaml:4: contracts[0].topic: '{stem}-{record}': unknown field {record}"),
    ("subject: '{stem'", "schemactl.yaml:4: contracts[0].subject: '{stem' is not a valid template"),
    ("subject: '{topic}-value'", "contracts[0].subject: '{topic}-value': unknown field {topic}"),
])
def test_subject_naming_errors_name_file_line_and_key(tmp_path: Path, entry: str, expected: str) -> None:
    message = error_of(tmp_path, "version: 1\ncontracts:\n  - paths: [a]\n    " + entry + "\n")
    assert message.startswith(str(tmp_path)), message
    assert expected in message, message


def test_registry_context_is_validated(tmp_path: Path) -> None:
    message = error_of(tmp_path, "version: 1\nregistry:\n  context: 'a:b'\n")
    assert "schemactl.yaml:3: registry.context: 'a:b' is not a schema context name" in message
    load_text(tmp_path, "version: 1\nregistry:\n  context: .staging\n")


def test_a_full_registry_block_loads(tmp_path: Path) -> None:
    (tmp_path / "schemactl.yaml").write_text(
        "version: 1\nregistry:\n  url: https://registry.example.com/apis/ccompat/v7\n  context: staging\n"
        "  compatibility:\n    orders-value: full_transitive\n    ':.staging:orders-key': FULL\n    other: none\n"
        "  auth:\n    user_env: SHOP_USER\n    password_env: SHOP_PASSWORD\n    token_env: SHOP_TOKEN\n"
        "  tls:\n    ca_bundle: certs/ca.pem\n    cert: certs/c.pem\n    key: certs/k.pem\n    verify: true\n"
        "  timeout: 2.5\n  max_attempts: 3\n")
    registry = load_config(tmp_path).registry
    assert registry is not None and registry["tls"]["verify"] is True and registry["max_attempts"] == 3


@pytest.mark.parametrize(("block", "expected", "hint"), [
    ("  compatibilty:\n    a: FULL", "schemactl.yaml:3: registry.compatibilty: unknown key ('compatibilty' was "
                                      "unexpected)", "did you mean 'compatibility'?"),
    ("  tls: {verfy: false}", "schemactl.yaml:3: registry.tls.verfy: unknown key ('verfy' was unexpected)",
     "did you mean 'verify'?"),
    ("  urll: http://x", "schemactl.yaml:3: registry.urll: unknown key ('urll' was unexpected)", "did you mean 'url'?"),
    ("  auth:\n    user: ALICE", "schemactl.yaml:4: registry.auth.user: unknown key ('user' was unexpected)",
     "did you mean 'user_env'?"),
    ("  zzz: 1", "schemactl.yaml:3: registry.zzz: unknown key ('zzz' was unexpected)",
     "the keys here are auth, compatibility, context, max_attempts, timeout, tls, url"),
    ("  tls:\n    verify: 'no'", "schemactl.yaml:4: registry.tls.verify: 'no' is not of type 'boolean'", None),
    ("  compatibility:\n    a: FULLL", "schemactl.yaml:4: registry.compatibility.a: 'FULLL' is not a compatibility "
                                       "level: use NONE, BACKWARD", None),
    ("  max_attempts: 0", "schemactl.yaml:3: registry.max_attempts: 0 is less than the minimum of 1", None),
    ("  timeout: 0", "schemactl.yaml:3: registry.timeout: 0 is less than or equal to the minimum of 0", None),
    ("  context: staging\n  compatibility:\n    orders-value: FULL\n    ':.staging:orders-value': none",
     "schemactl.yaml:6: registry.compatibility.:.staging:orders-value: names the same subject as 'orders-value' "
     "(line 5) with another level (NONE, not FULL)",
     "keep one of the two: in context .staging the unqualified name means :.staging:orders-value too"),
    ("  compatibility:\n    ':.:a': FULL\n    a: BACKWARD",
     "schemactl.yaml:5: registry.compatibility.a: names the same subject as ':.:a' (line 4) with another level "
     "(BACKWARD, not FULL)", "keep one of the two: in the default context the unqualified name means :.:a too"),
])
def test_the_registry_block_is_strict(tmp_path: Path, block: str, expected: str, hint: str | None) -> None:
    with pytest.raises(SchemactlError) as info:
        load_text(tmp_path, "version: 1\nregistry:\n" + block + "\n")
    assert info.value.message == f"{tmp_path}/{expected}" or info.value.message.startswith(f"{tmp_path}/{expected}"), \
        info.value.message
    if hint is not None:
        assert info.value.hint == hint


def test_qualified_and_unqualified_levels_that_agree_or_name_other_contexts_are_fine(tmp_path: Path) -> None:
    load_text(tmp_path, "version: 1\nregistry:\n  context: .staging\n  compatibility:\n    a: full\n"
                        "    ':.staging:a': FULL\n    ':.other:a': NONE\n")
    load_text(tmp_path, "version: 1\nregistry:\n  compatibility:\n    a: FULL\n    ':.staging:a': NONE\n")
