"""The registry client against the loopback fake registry: API semantics, errors, auth, retries."""

from __future__ import annotations

import contextlib
import http.server
import json
import re
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from schemactl.core.errors import SchemactlError
from schemactl.registry.client import (
    Reference,
    RegistryClient,
    RegistryError,
    RegistrySettings,
    Schema,
    redact_url,
    settings_from,
)
from tests.fake_registry import FakeRegistry


def avro(name: str, *fields: tuple[str, object], extra: dict[str, object] | None = None) -> str:
    """An Avro record schema text."""
    body: dict[str, object] = {"type": "record", "name": name, "namespace": "com.acme",
                               "fields": [{"name": n, "type": t} for n, t in fields]}
    body.update(extra or {})
    return json.dumps(body, indent=2)


ORDER_V1 = avro("Order", ("id", "string"))
ORDER_V2 = json.dumps({"type": "record", "name": "Order", "namespace": "com.acme",
                       "fields": [{"name": "id", "type": "string"},
                                  {"name": "note", "type": ["null", "string"], "default": None}]})
ORDER_BREAKING = avro("Order", ("id", "long"))
SLEEPS: list[float] = []



def make_client(url: str, **kwargs: object) -> RegistryClient:
    """A client with fast retries whose sleeps are recorded, not slept."""
    SLEEPS.clear()
    settings = RegistrySettings(url=url, connect_timeout=1.0, read_timeout=2.0, **kwargs)  # type: ignore[arg-type]
    return RegistryClient(settings, sleep=SLEEPS.append)


@pytest.fixture
def client(registry: FakeRegistry) -> Iterator[RegistryClient]:
    """A client of the fake registry."""
    with make_client(registry.url) as c:
        yield c


def test_register_is_idempotent_and_ids_are_global(client: RegistryClient, registry: FakeRegistry) -> None:
    first = client.register("orders-value", Schema(ORDER_V1))
    again = client.register("orders-value", Schema(json.dumps(json.loads(ORDER_V1))))  # other whitespace
    other = client.register("orders-copy", Schema(ORDER_V1))
    assert first == again == other
    assert client.versions("orders-value") == [1]
    second = client.register("orders-value", Schema(ORDER_V2))
    assert second != first
    assert client.versions("orders-value") == [1, 2]
    latest = client.get_version("orders-value")
    assert (latest.id, latest.version, latest.subject, latest.schema.schema_type) == (second, 2, "orders-value", "AVRO")
    assert client.get_version("orders-value", 1).schema.text == ORDER_V1
    assert client.get_by_id(first).schema.text == ORDER_V1
    assert client.subjects() == ["orders-copy", "orders-value"]
    assert client.subjects(prefix="orders-v") == ["orders-value"]
    assert registry.new_versions == 3


def test_lookup_finds_registered_schema_or_none(client: RegistryClient) -> None:
    schema_id = client.register("orders-value", Schema(ORDER_V1))
    found = client.lookup("orders-value", Schema(ORDER_V1))
    assert found is not None and (found.id, found.version) == (schema_id, 1)
    assert client.lookup("orders-value", Schema(ORDER_V2)) is None
    assert client.lookup("missing", Schema(ORDER_V1)) is None


def test_normalize_matches_reordered_keys(client: RegistryClient) -> None:
    client.register("orders-value", Schema(ORDER_V1))
    reordered = json.dumps(dict(reversed(list(json.loads(ORDER_V1).items()))))
    assert client.lookup("orders-value", Schema(reordered)) is None
    assert client.lookup("orders-value", Schema(reordered), normalize=True) is not None


def test_incompatible_registration_names_the_rule(client: RegistryClient, registry: FakeRegistry) -> None:
    client.register("orders-value", Schema(ORDER_V1))
    with pytest.raises(RegistryError) as caught:
        client.register("orders-value", Schema(ORDER_BREAKING))
    assert caught.value.code == 409 and caught.value.status == 409
    assert "incompatible with subject 'orders-value'" in caught.value.message
    assert "AVRO_" in caught.value.message and "\n" not in caught.value.message
    assert client.versions("orders-value") == [1]
    verdict = client.check_compatibility("orders-value", Schema(ORDER_BREAKING))
    assert not verdict.is_compatible and verdict.messages and "AVRO_" in verdict.messages[0]
    assert client.check_compatibility("orders-value", Schema(ORDER_V2)).is_compatible
    assert client.check_compatibility("brand-new", Schema(ORDER_V2)).is_compatible
    client.set_level("NONE", subject="orders-value")
    client.register("orders-value", Schema(ORDER_BREAKING))
    assert client.versions("orders-value") == [1, 2]


def test_transitive_level_checks_every_version(client: RegistryClient) -> None:
    v1 = avro("Order", ("id", "string"), ("qty", "int"))
    v2 = avro("Order", ("id", "string"))
    v3 = json.dumps({"type": "record", "name": "Order", "namespace": "com.acme",
                     "fields": [{"name": "id", "type": "string"}, {"name": "qty", "type": "string", "default": "0"}]})
    client.set_level("NONE", subject="s")
    client.register("s", Schema(v1))
    client.register("s", Schema(v2))
    client.set_level("BACKWARD", subject="s")
    assert client.check_compatibility("s", Schema(v3)).is_compatible  # against v2 only
    client.set_level("BACKWARD_TRANSITIVE", subject="s")
    with pytest.raises(RegistryError, match="409"):
        client.register("s", Schema(v3))  # qty was an int in v1
    verdict = client.check_compatibility("s", Schema(v3), version=None)
    assert not verdict.is_compatible and any("qty" in m for m in verdict.messages)


def test_config_levels_and_default_to_global(client: RegistryClient) -> None:
    assert client.get_level() == "BACKWARD"
    assert client.get_level("orders-value", default_to_global=False) is None
    assert client.get_level("orders-value") == "BACKWARD"
    assert client.set_level("full_transitive", subject="orders-value") == "FULL_TRANSITIVE"
    assert client.get_level("orders-value", default_to_global=False) == "FULL_TRANSITIVE"
    assert client.set_level("FORWARD") == "FORWARD"
    assert client.get_level() == "FORWARD"
    client.delete_level("orders-value")
    assert client.get_level("orders-value", default_to_global=False) is None
    assert client.get_level("orders-value") == "FORWARD"
    client.delete_level("orders-value")  # none left: not an error
    with pytest.raises(SchemactlError, match="not a compatibility level"):
        client.set_level("SIDEWAYS")


def test_mode_readonly_refuses_writes(client: RegistryClient) -> None:
    assert client.get_mode() == "READWRITE"
    assert client.set_mode("READONLY") == "READONLY"
    with pytest.raises(RegistryError) as caught:
        client.register("orders-value", Schema(ORDER_V1))
    assert caught.value.code == 42205 and "42205" in caught.value.message


def test_soft_then_hard_delete(client: RegistryClient) -> None:
    client.register("orders-value", Schema(ORDER_V1))
    client.register("orders-value", Schema(ORDER_V2))
    with pytest.raises(RegistryError) as caught:
        client.delete_version("orders-value", 1, permanent=True)
    assert caught.value.code == 40407
    assert client.delete_version("orders-value", 1) == 1
    assert client.versions("orders-value") == [2]
    assert client.versions("orders-value", deleted=True) == [1, 2]
    assert client.delete_version("orders-value", 1, permanent=True) == 1
    with pytest.raises(RegistryError) as caught:
        client.delete_subject("orders-value", permanent=True)
    assert caught.value.code == 40405
    assert client.delete_subject("orders-value") == [2]
    assert client.subjects() == [] and client.subjects(deleted=True) == ["orders-value"]
    assert client.delete_subject("orders-value", permanent=True) == [2]
    with pytest.raises(RegistryError, match=r"subject 'orders-value' not found \(40401\)"):
        client.versions("orders-value")


def test_not_found_errors_are_one_line(client: RegistryClient) -> None:
    client.register("orders-value", Schema(ORDER_V1))
    with pytest.raises(RegistryError, match=r"version 7 of subject 'orders-value' not found \(40402\)"):
        client.get_version("orders-value", 7)
    with pytest.raises(RegistryError, match=r"schema not found \(40403\)"):
        client.get_by_id(999)
    with pytest.raises(RegistryError, match=r"invalid schema .*42201"):
        client.register("bad", Schema('{"type": "record", "name": "X"}'))
    with pytest.raises(RegistryError, match="42202"):
        client.get_version("orders-value", "first")


def test_subject_with_slash_and_path_prefix() -> None:
    with FakeRegistry(prefix="/apis/ccompat/v7") as fake, make_client(fake.url) as client:
        schema_id = client.register("team/orders value", Schema(ORDER_V1))
        assert client.subjects() == ["team/orders value"]
        assert client.get_version("team/orders value").id == schema_id
        assert ("POST", "/subjects/team/orders value/versions") in fake.requests
    with FakeRegistry(prefix="/apis/ccompat/v7") as fake:
        bare = fake.url.removesuffix("/apis/ccompat/v7")
        with make_client(bare) as c, pytest.raises(RegistryError, match="404"):
            c.subjects()


def test_references_protobuf_and_json(client: RegistryClient) -> None:
    money = 'syntax = "proto3";\npackage acme;\nmessage Money { int64 units = 1; }\n'
    order = ('syntax = "proto3";\npackage acme;\nimport "acme/money.proto";\n'
             'message Order { acme.Money total = 1; }\n')
    client.register("money", Schema(money, "PROTOBUF"))
    ref = Reference("acme/money.proto", "money", 1)
    order_id = client.register("order-value", Schema(order, "PROTOBUF", (ref,)))
    fetched = client.get_version("order-value")
    assert fetched.id == order_id and fetched.schema.references == (ref,)
    assert fetched.schema.schema_type == "PROTOBUF"
    broken = order.replace("acme.Money total = 1", "string total = 1")
    assert not client.check_compatibility("order-value", Schema(broken, "PROTOBUF", (ref,))).is_compatible
    address = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                          "properties": {"city": {"type": "string"}}})
    person = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                         "properties": {"home": {"$ref": "address.json"}}})
    client.register("address", Schema(address, "JSON"))
    client.register("person-value", Schema(person, "JSON", (Reference("address.json", "address", 1),)))
    assert client.get_version("person-value").schema.schema_type == "JSON"
    with pytest.raises(RegistryError, match="42201"):
        client.register("x", Schema(order, "PROTOBUF", (Reference("acme/money.proto", "nope", 1),)))
    with pytest.raises(RegistryError) as caught:
        client.delete_subject("money")  # order-value still references it
    assert caught.value.code == 42206 and "42206" in caught.value.message
    client.delete_subject("order-value")
    assert client.delete_subject("money") == [1]


def test_credentials_sent_and_never_shown() -> None:
    with FakeRegistry(basic=("alice", "s3cr3t-pw")) as fake:
        with make_client(fake.url, username="alice", password="s3cr3t-pw") as good:
            assert good.subjects() == []
        with make_client(fake.url, username="alice", password="wrong-pw") as bad, \
                pytest.raises(RegistryError) as caught:
            bad.subjects()
        assert caught.value.status == 401
        assert "wrong-pw" not in str(caught.value) and "wrong-pw" not in (caught.value.hint or "")
        assert "refused the credentials" in caught.value.message
        user_url = fake.url.replace("http://", "http://alice:s3cr3t-pw@")
        fake.inject(status=500, error_code=50001, message="store error for s3cr3t-pw", times=10)
        with make_client(user_url, max_attempts=2) as c, pytest.raises(RegistryError) as caught:
            c.subjects()
        assert "s3cr3t-pw" not in caught.value.message and "alice" not in caught.value.message
        assert "***" in caught.value.message
    with FakeRegistry(token="tok-123") as fake:
        with make_client(fake.url, token="tok-123") as c:
            assert c.subjects() == []
        with make_client(fake.url, token="tok-999") as c, pytest.raises(RegistryError) as caught:
            c.subjects()
        assert "tok-999" not in caught.value.message


def test_settings_precedence_and_env_names() -> None:
    env = {"SCHEMACTL_REGISTRY_URL": "http://env:8081", "SCHEMACTL_REGISTRY_USER": "u",
           "SCHEMACTL_REGISTRY_PASSWORD": "p", "MY_TOKEN": "t"}
    assert settings_from("http://flag:1", {"url": "http://cfg:2"}, env).url == "http://flag:1"
    assert settings_from(None, {"url": "http://cfg:2"}, env).url == "http://env:8081"
    assert settings_from(None, {"url": "http://cfg:2"}, {}).url == "http://cfg:2"
    s = settings_from(None, {"url": "https://cfg", "auth": {"token_env": "MY_TOKEN"},
                             "tls": {"ca_bundle": "/ca.pem", "cert": "/c.pem", "key": "/k.pem"}, "timeout": 3}, env)
    assert (s.username, s.password, s.token, s.verify, s.cert, s.read_timeout) == \
        ("u", "p", "t", "/ca.pem", ("/c.pem", "/k.pem"), 3.0)
    assert "password" not in repr(s) and "token" not in repr(s)
    assert settings_from(None, {"url": "https://cfg"}, {}).verify is True
    with pytest.raises(SchemactlError, match="no schema registry URL"):
        settings_from(None, None, {})
    with pytest.raises(SchemactlError, match="not an http"):
        settings_from("ftp://x", None, {})


def test_retries_503_and_honours_retry_after(client: RegistryClient, registry: FakeRegistry) -> None:
    registry.inject(status=503, error_code=50003, times=2)
    assert client.subjects() == []
    assert len(SLEEPS) == 2 and all(0 < s <= 8 for s in SLEEPS)
    SLEEPS.clear()
    registry.inject(status=429, retry_after="3", times=1)
    assert client.subjects() == []
    assert SLEEPS == [3.0]
    SLEEPS.clear()
    registry.inject(status=429, retry_after="3600", times=1)
    assert client.subjects() == []
    assert SLEEPS == [60.0]  # capped


def test_retries_give_up_after_max_attempts(registry: FakeRegistry) -> None:
    registry.inject(status=500, error_code=50004, times=100)
    with make_client(registry.url, max_attempts=3) as c, pytest.raises(RegistryError) as caught:
        c.subjects()
    assert caught.value.status == 500 and "after 3 attempts" in caught.value.message
    assert len(SLEEPS) == 2 and SLEEPS[0] <= SLEEPS[1] * 2
    assert len([r for r in registry.requests if r == ("GET", "/subjects")]) == 3


def test_backoff_is_capped(registry: FakeRegistry) -> None:
    registry.inject(status=502, times=100)
    with make_client(registry.url, max_attempts=8, backoff_base=1.0, backoff_cap=2.0) as c, \
            pytest.raises(RegistryError):
        c.subjects()
    assert len(SLEEPS) == 7 and max(SLEEPS) <= 2.0 and min(SLEEPS) >= 0.5


def test_client_errors_are_not_retried(client: RegistryClient, registry: FakeRegistry) -> None:
    registry.inject(status=409, error_code=409, message="conflict", times=1)
    with pytest.raises(RegistryError) as caught:
        client.register("s", Schema(ORDER_V1))
    assert caught.value.code == 409 and SLEEPS == []
    registry.inject(status=503, times=5, method="DELETE")
    with pytest.raises(RegistryError, match="HTTP 503"):
        client.delete_subject("s")
    assert SLEEPS == []  # a soft delete is not idempotent
    registry.inject(status=501, error_code=501, message="Not Implemented", times=5, method="GET")
    with pytest.raises(RegistryError, match=r"not supported by this registry.*501"):
        client.subjects()
    assert SLEEPS == []  # not implemented now, not implemented on the next attempt either


def test_dropped_connection_is_retried_without_duplicates(client: RegistryClient, registry: FakeRegistry) -> None:
    registry.inject(drop_after=True, method="POST", times=1)
    registry.inject(drop=True, method="GET", times=1)
    schema_id = client.register("orders-value", Schema(ORDER_V1))
    assert client.versions("orders-value") == [1]
    assert client.get_version("orders-value").id == schema_id
    assert registry.new_versions == 1


def test_slow_answer_times_out(registry: FakeRegistry) -> None:
    registry.inject(delay=1.5, times=1)
    settings = RegistrySettings(url=registry.url, read_timeout=0.3, max_attempts=2)
    with RegistryClient(settings, sleep=lambda s: None) as quick:
        assert quick.subjects() == []  # the first attempt times out, the retry succeeds


def test_unreachable_registry_is_one_line_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with make_client(f"http://user:pw-secret@127.0.0.1:{port}", max_attempts=2) as c, \
            pytest.raises(RegistryError) as caught:
        c.subjects()
    message = caught.value.message
    assert "unreachable" in message and "after 2 attempts" in message and "\n" not in message
    assert "pw-secret" not in message and "user" not in message
    assert isinstance(caught.value, SchemactlError) and caught.value.hint


AVRO_EVOLUTIONS = [
    # (level, old fields, new fields, compatible?)
    ("BACKWARD", [("a", "int")], [("a", "int"), ("b", {"type": "string", "default": "x"})], True),
    ("BACKWARD", [("a", "int")], [("a", "int"), ("b", "string")], False),
    ("BACKWARD", [("a", "int"), ("b", "string")], [("a", "int")], True),
    ("FORWARD", [("a", "int"), ("b", "string")], [("a", "int")], False),
    ("BACKWARD", [("a", "int")], [("a", "long")], True),
    ("FORWARD", [("a", "int")], [("a", "long")], False),
    ("FULL", [("a", "int")], [("a", "int"), ("b", {"type": ["null", "string"], "default": None})], True),
    ("BACKWARD", [("a", "string")], [("a", ["null", "string"])], True),
    ("BACKWARD", [("a", ["null", "string", "int"])], [("a", ["null", "string"])], False),
]


@pytest.mark.parametrize(("level", "old", "new", "compatible"), AVRO_EVOLUTIONS)
def test_fake_agrees_with_apache_avro(client: RegistryClient, registry: FakeRegistry, level: str,
                                      old: list[tuple[str, object]], new: list[tuple[str, object]],
                                      compatible: bool) -> None:
    pytest.importorskip("avro.compatibility")

    def schema(fields: list[tuple[str, object]]) -> Schema:
        return Schema(json.dumps({"type": "record", "name": "R",
                                  "fields": [f if isinstance(f, dict) else
                                             {"name": f[0], **(f[1] if isinstance(f[1], dict) else {"type": f[1]})}
                                             for f in fields]}))

    client.set_level(level, subject="r")
    client.register("r", schema(old))
    assert client.check_compatibility("r", schema(new)).is_compatible is compatible
    assert registry.oracle_checks == 1 and registry.oracle_disagreements == []


def test_a_percent_encoded_password_in_the_url_is_decoded() -> None:
    with FakeRegistry(basic=("svc-key", "p@ss:w/rd")) as fake:
        url = fake.url.replace("http://", "http://svc-key:p%40ss%3Aw%2Frd@")
        with RegistryClient(RegistrySettings(url=url, max_attempts=1), sleep=lambda s: None) as client:
            assert client.subjects() == []


MALFORMED_URLS = [
    ("http://[::1", "is malformed (Invalid IPv6 URL)"),
    ("http://127.0.0.1:abc", "port that is not a number"),
    ("http://127.0.0.1:abc/apis", "port that is not a number"),
    ("http://alice:pw-secret@127.0.0.1:abc/", "port that is not a number"),
    ("http://alice:pw-secret@[::1/", "is malformed"),
    ("http://h:0", "port that is not a number"),
    ("http://h:70000", "port that is not a number"),
    ("http://alice:pw/secret@h:8081", "port that is not a number"),  # unencoded '/' in the password
    ("http://alice:12/pw-secret@h:8081", "'@' after the host"),
    ("http://h:8081/subjects?x=1", "query or fragment"),
    ("http://h:8081#top", "query or fragment"),
    ("http://h:8081/apis?", "query or fragment"),
    ("http://:8081", "has no host"),
    ("ftp://h", "not an http(s) URL"),
    ("h:8081", "not an http(s) URL"),
    ("http://h:8081/a b", "white space"),
    ("\x00http://h:8081/", "control characters"),
    ("http://h:8081/a\tb", "white space"),
]


@pytest.mark.parametrize(("url", "what"), MALFORMED_URLS)
def test_malformed_urls_are_refused_when_the_settings_are_made(url: str, what: str) -> None:
    for make in (lambda: RegistryClient(RegistrySettings(url=url)),
                 lambda: settings_from(None, None, {"SCHEMACTL_REGISTRY_URL": url})):
        with pytest.raises(SchemactlError) as caught:
            make()
        error = caught.value
        assert not isinstance(error, RegistryError)
        assert error.message.startswith("registry URL ") and what in error.message, error.message
        assert "\n" not in error.message and error.hint
        for secret in ("pw-secret", "secret", "alice"):
            assert secret not in error.message and secret not in error.hint, error.message
    with pytest.raises(SchemactlError) as caught:
        settings_from(None, None, {"SCHEMACTL_REGISTRY_URL": url})
    assert "SCHEMACTL_REGISTRY_URL" in (caught.value.hint or "")  # names where the URL came from
    with pytest.raises(SchemactlError) as caught:
        settings_from(None, {"url": url}, {})
    assert "registry.url" in (caught.value.hint or "")


@pytest.mark.parametrize("url", ["http://[::1]:8081/apis/ccompat/v7", "https://registry.example.com",
                                 "HTTP://h:8081/", "http://h:", "http://a%40b:p%2Fw@h:1/x", "https://h:65535"])
def test_well_formed_urls_are_accepted(url: str) -> None:
    with RegistryClient(RegistrySettings(url=url)) as client:
        assert "%2F" not in client._base and "a%40b" not in client._base
    assert settings_from(f"  {url} ", None, {}).url == url  # surrounding blanks of a flag or variable dropped


def test_urls_are_shown_without_user_info_even_when_they_do_not_parse() -> None:
    assert redact_url("http://alice:pw@[::1") == "http://***@[::1"
    assert redact_url("http://alice:pw@h:abc/x") == "http://h:abc/x"  # no port parsing needed
    assert redact_url("https://h:8081/p") == "https://h:8081/p"


def test_short_user_names_do_not_blank_words() -> None:
    assert "u" not in RegistrySettings(url="http://x", username="u", password="secret-pass").secrets
    assert "secret-pass" in RegistrySettings(url="http://x", username="u", password="secret-pass").secrets


@pytest.mark.parametrize("body", ["{}", "[]", '"x"', "null", '{"id": "notint", "version": 1}'])
def test_answers_of_the_wrong_shape_are_one_line_errors(body: str) -> None:
    import httpx

    transport = httpx.MockTransport(lambda request: httpx.Response(
        200, content=body.encode(), headers={"Content-Type": "application/json"}))
    schema = Schema('{"type": "string"}', "AVRO", ())
    with RegistryClient(RegistrySettings(url="http://registry.test", max_attempts=1), transport=transport,
                        sleep=lambda s: None) as client:
        for call in (client.subjects, lambda: client.get_version("s"), lambda: client.register("s", schema),
                     client.get_level, client.get_mode, lambda: client.check_compatibility("s", schema)):
            try:
                call()
            except RegistryError as exc:
                assert "\n" not in exc.message


def test_subject_modes_override_the_global_mode(client: RegistryClient) -> None:
    assert client.get_mode("orders-value") is None  # no mode of its own (40409)
    assert client.get_mode("orders-value", default_to_global=True) == "READWRITE"
    assert client.set_mode("readonly", subject="orders-value") == "READONLY"
    assert client.get_mode("orders-value") == "READONLY" and client.get_mode() == "READWRITE"
    with pytest.raises(RegistryError) as caught:
        client.register("orders-value", Schema(ORDER_V1))
    assert caught.value.code == 42205
    client.register("other-value", Schema(ORDER_V1))
    client.set_mode("READONLY")
    client.set_mode("READWRITE", subject="orders-value")  # a subject's own mode wins over the global one
    assert client.register("orders-value", Schema(ORDER_V1)) > 0
    with pytest.raises(RegistryError) as caught:
        client.register("other-value", Schema(ORDER_V2))
    assert caught.value.code == 42205


def test_context_qualified_subjects_round_trip(client: RegistryClient, registry: FakeRegistry) -> None:
    subject = ":.staging:team/orders-value"
    schema_id = client.register(subject, Schema(ORDER_V1))
    assert client.subjects() == [subject] and client.versions(subject) == [1]
    assert client.get_version(subject).id == schema_id
    assert client.set_level("NONE", subject) == "NONE" and client.get_level(subject, default_to_global=False) == "NONE"
    assert client.set_mode("READONLY", subject) == "READONLY" and client.get_mode(subject) == "READONLY"
    assert ("POST", f"/subjects/{subject}/versions") in registry.requests  # one segment, decoded whole
    assert registry.state.levels == {subject: "NONE"} and registry.state.modes == {subject: "READONLY"}


def _echo_authorization(request: httpx.Request) -> httpx.Response:
    """A server that echoes the Authorization header (whole, and its credential part alone) in its error."""
    header = request.headers.get("Authorization", "")
    credential = header.split(" ", 1)[-1]
    return httpx.Response(500, json={"error_code": 50001,
                                     "message": f"bad header {header!r}; credential {credential}; end"})


@pytest.mark.parametrize(("settings", "secrets"), [
    ({"username": "alice", "password": "s3cr3t-pw"}, ["s3cr3t-pw", "YWxpY2U6czNjcjN0LXB3"]),
    ({"username": "bo", "password": "pw"}, ["Ym86cHc"]),  # short names: the base64 is still scrubbed
    ({"url": "http://carol:p%40ss@registry.test"}, ["p@ss", "Y2Fyb2w6cEBzcw"]),
    ({"token": "tok-123456"}, ["tok-123456", "Bearer"]),
])
def test_an_echoed_authorization_header_is_scrubbed(settings: dict[str, str], secrets: list[str]) -> None:
    options = {"url": "http://registry.test", "max_attempts": 1, **settings}
    with RegistryClient(RegistrySettings(**options),  # type: ignore[arg-type]
                        transport=httpx.MockTransport(_echo_authorization), sleep=lambda s: None) as c, \
            pytest.raises(RegistryError) as caught:
        c.subjects()
    message = caught.value.message
    assert "bad header '***'; credential ***; end" in message, message
    for secret in secrets:
        assert secret not in message, message


# -- TLS -----------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pem:
    """A self-signed certificate for localhost / 127.0.0.1 (it is its own CA) and its key, as PEM files."""

    cert: str
    key: str


@pytest.fixture(scope="module")
def pem(tmp_path_factory: pytest.TempPathFactory) -> Pem:
    """A fresh self-signed certificate and key (``cryptography`` comes with the test extra, via authlib)."""
    pytest.importorskip("cryptography")
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("pem")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                       serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return Pem(str(folder / "cert.pem"), str(folder / "key.pem"))


class _TLSRegistry(http.server.ThreadingHTTPServer):
    """A loopback HTTPS server answering every GET with ``[]``; counts the TLS handshakes it was asked for."""

    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _EmptyList)
        self.context = context
        self.handshakes = 0

    def get_request(self) -> tuple[Any, Any]:
        sock, address = self.socket.accept()
        self.handshakes += 1
        return self.context.wrap_socket(sock, server_side=True), address  # a failed handshake: OSError, ignored


class _EmptyList(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"[]")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def tls_registry(pem: Pem, client_ca: str | None = None) -> Iterator[tuple[_TLSRegistry, str]]:
    """An HTTPS server with the ``pem`` certificate (demanding a client certificate signed by ``client_ca``)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pem.cert, pem.key)
    if client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca)
    server = _TLSRegistry(context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_an_untrusted_certificate_fails_at_once_and_names_ca_bundle(pem: Pem) -> None:
    with tls_registry(pem) as (server, url):
        with make_client(url.replace("https://", "https://alice:pw-secret@"), max_attempts=4) as c, \
                pytest.raises(RegistryError) as caught:
            c.subjects()
        error = caught.value
        port = server.server_address[1]
        assert error.message == f"TLS certificate verification failed for https://127.0.0.1:{port}: " \
                                "self-signed certificate", error.message
        assert "registry.tls.ca_bundle" in (error.hint or "") and "network" not in (error.hint or "")
        assert SLEEPS == [] and server.handshakes == 1  # not retried: it will not get better
        assert "pw-secret" not in error.message and "alice" not in error.message
        with make_client(url, verify=pem.cert) as trusted:  # registry.tls.ca_bundle
            assert trusted.subjects() == []
        config = {"url": url, "tls": {"ca_bundle": pem.cert}}
        with RegistryClient(settings_from(None, config, {})) as configured:
            assert configured.subjects() == []


def test_https_to_a_plain_http_port_says_so(registry: FakeRegistry) -> None:
    url = registry.url.replace("http://", "https://")
    with make_client(url) as c, pytest.raises(RegistryError) as caught:
        c.subjects()
    assert caught.value.message.startswith(f"TLS handshake with {url} failed: "), caught.value.message
    assert "http://" in (caught.value.hint or "") and SLEEPS == []
    assert registry.requests == []


def test_http_to_a_tls_port_hints_at_https(pem: Pem) -> None:
    with tls_registry(pem) as (_, url), make_client(url.replace("https://", "http://"), max_attempts=2) as c, \
            pytest.raises(RegistryError) as caught:
        c.subjects()
    assert "unreachable" in caught.value.message and "https://" in (caught.value.hint or "")


def test_client_certificate_with_a_ca_bundle_is_sent(pem: Pem) -> None:
    """mTLS: httpx alone drops ``cert`` when ``verify`` is a path; the client builds the SSL context itself."""
    with tls_registry(pem, client_ca=pem.cert) as (_, url):
        with make_client(url, verify=pem.cert, cert=(pem.cert, pem.key)) as c:
            assert c.subjects() == []
        config = {"url": url, "tls": {"ca_bundle": pem.cert, "cert": pem.cert, "key": pem.key}}
        with RegistryClient(settings_from(None, config, {})) as configured:
            assert configured.subjects() == []
        with make_client(url, verify=pem.cert) as c, pytest.raises(RegistryError) as caught:
            c.subjects()
        assert "refused the TLS connection" in caught.value.message and SLEEPS == []
        assert "registry.tls.cert" in (caught.value.hint or "")


def test_a_verification_error_raised_by_a_transport_is_recognised() -> None:
    """The shape httpx gives: ConnectError caused by httpcore's, caused by ssl.SSLCertVerificationError."""
    calls: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        cause = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                                                "unable to get local issuer certificate (_ssl.c:1000)")
        cause.verify_message = "unable to get local issuer certificate"
        raise httpx.ConnectError(str(cause)) from cause

    with RegistryClient(RegistrySettings(url="https://registry.test/apis/ccompat/v7", max_attempts=4),
                        transport=httpx.MockTransport(refuse), sleep=SLEEPS.append) as c, \
            pytest.raises(RegistryError) as caught:
        c.subjects()
    assert caught.value.message == "TLS certificate verification failed for https://registry.test:443: " \
                                   "unable to get local issuer certificate"
    assert len(calls) == 1


@pytest.mark.parametrize(("tls", "setting"), [
    ({"ca_bundle": "{missing}"}, "registry.tls.ca_bundle"),
    ({"cert": "{missing}", "key": "{key}"}, "registry.tls.cert"),
    ({"cert": "{cert}", "key": "{missing}"}, "registry.tls.key"),
    ({"cert": "{missing}"}, "registry.tls.cert"),
])
def test_a_missing_tls_file_is_named_with_its_setting(pem: Pem, tmp_path: Path, tls: dict[str, str],
                                                      setting: str) -> None:
    missing = str(tmp_path / "nope" / "file.pem")
    config = {"url": "https://registry.test", "tls": {k: v.format(missing=missing, cert=pem.cert, key=pem.key)
                                                       for k, v in tls.items()}}
    with pytest.raises(SchemactlError) as caught:
        RegistryClient(settings_from(None, config, {}))
    assert caught.value.message == f"{setting}: {missing}: no such file"
    assert setting in (caught.value.hint or "") and "Errno" not in caught.value.message


def test_tls_files_that_are_not_pem_are_named(pem: Pem, tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    with pytest.raises(SchemactlError, match="^" + re.escape(f"registry.tls.ca_bundle: {junk}: not a PEM file")):
        RegistryClient(RegistrySettings(url="https://registry.test", verify=str(junk)))
    loading = re.escape(f"registry.tls.cert: {junk}, registry.tls.key: {pem.key}: cannot load")
    with pytest.raises(SchemactlError, match="^" + loading):
        RegistryClient(RegistrySettings(url="https://registry.test", cert=(str(junk), pem.key)))
    with pytest.raises(SchemactlError, match=r"^registry\.tls\.cert: .*is a directory"):
        RegistryClient(RegistrySettings(url="https://registry.test", cert=str(tmp_path)))
    with pytest.raises(SchemactlError, match=r"registry\.tls\.key is set but registry\.tls\.cert is not"):
        settings_from("https://registry.test", {"tls": {"key": pem.key}}, {})


# -- answers that are not the API's ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("status", "body", "shown"), [
    (404, b"", "failed (HTTP 404): Not Found"),
    (404, b"<html><body><h1>404 Not Found</h1></body></html>", "failed (HTTP 404): Not Found"),
    (404, b'{"error_code": 404, "message": "HTTP 404 Not Found"}', "failed (HTTP 404): HTTP 404 Not Found"),
    (404, b"no route", "failed (HTTP 404): no route"),
    (405, b"", "failed (HTTP 405): Method Not Allowed"),
])
def test_a_plain_404_hints_at_the_path_prefix(status: int, body: bytes, shown: str) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
    with RegistryClient(RegistrySettings(url="http://registry.test", max_attempts=1), transport=transport) as c, \
            pytest.raises(RegistryError) as caught:
        c.subjects()
    assert caught.value.message == f"schema registry at http://registry.test: GET /subjects {shown}"
    assert caught.value.hint == "is the URL's path prefix right? (Apicurio serves the API under /apis/ccompat/v7)"


def test_an_unknown_status_without_body_has_no_dangling_colon() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(499, content=b""))
    with RegistryClient(RegistrySettings(url="http://registry.test", max_attempts=1), transport=transport) as c, \
            pytest.raises(RegistryError) as caught:
        c.subjects()
    assert caught.value.message.endswith("GET /subjects failed (HTTP 499)") and caught.value.hint is None


def test_a_missing_prefix_against_the_fake_gets_the_hint(client: RegistryClient) -> None:
    with FakeRegistry(prefix="/apis/ccompat/v7") as fake, \
            make_client(fake.url.removesuffix("/apis/ccompat/v7")) as bare, pytest.raises(RegistryError) as caught:
        bare.subjects()
    assert "HTTP 404" in caught.value.message and "/apis/ccompat/v7" in (caught.value.hint or "")
    with pytest.raises(RegistryError) as caught:
        client.versions("missing")  # the API's own 404: no prefix hint
    assert caught.value.code == 40401 and caught.value.hint is None


# -- which credentials a 401 / 403 hint names --------------------------------------------------------------------------
def test_auth_hints_name_the_variables_in_use() -> None:
    with FakeRegistry(basic=("alice", "s3cr3t-pw")) as fake:
        config = {"url": fake.url, "auth": {"user_env": "KAFKA_SR_KEY", "password_env": "KAFKA_SR_SECRET",
                                            "token_env": "KAFKA_SR_TOKEN"}}
        env = {"KAFKA_SR_KEY": "alice", "KAFKA_SR_SECRET": "wrong-pw"}
        with RegistryClient(settings_from(None, config, env)) as c, pytest.raises(RegistryError) as caught:
            c.subjects()
        assert caught.value.hint == "check the user and password in KAFKA_SR_KEY/KAFKA_SR_SECRET"
        with RegistryClient(settings_from(None, config, {"KAFKA_SR_TOKEN": "tok-999999"})) as c, \
                pytest.raises(RegistryError) as caught:
            c.subjects()
        assert caught.value.hint == "check the bearer token in KAFKA_SR_TOKEN"
        with RegistryClient(settings_from(None, config, {})) as c, pytest.raises(RegistryError) as caught:
            c.subjects()
        hint = caught.value.hint or ""
        assert hint.startswith("no credentials were sent: set KAFKA_SR_KEY/KAFKA_SR_SECRET (basic) or "
                               "KAFKA_SR_TOKEN (bearer)") and "SCHEMACTL_REGISTRY" not in hint
        with make_client(fake.url.replace("http://", "http://alice:bad-pw@")) as c, \
                pytest.raises(RegistryError) as caught:
            c.subjects()
        assert caught.value.hint == "check the user and password in the registry URL"
        with RegistryClient(settings_from(None, {"url": fake.url},
                                          {"SCHEMACTL_REGISTRY_USER": "alice",
                                           "SCHEMACTL_REGISTRY_PASSWORD": "nope-nope"})) as c, \
                pytest.raises(RegistryError) as caught:
            c.subjects()
        assert caught.value.hint == "check the user and password in SCHEMACTL_REGISTRY_USER/SCHEMACTL_REGISTRY_PASSWORD"
    forbidden = httpx.MockTransport(lambda request: httpx.Response(
        403, json={"error_code": 40301, "message": "User alice cannot access the resource."}))
    settings = settings_from(None, {"url": "http://registry.test", "auth": {"token_env": "SR_TOKEN"}},
                             {"SR_TOKEN": "tok-123456"})
    with RegistryClient(settings, transport=forbidden) as c, pytest.raises(RegistryError) as caught:
        c.subjects()
    assert caught.value.status == 403 and "SR_TOKEN" in (caught.value.hint or "")
    assert "tok-123456" not in caught.value.message + (caught.value.hint or "")


def test_relative_tls_paths_are_read_from_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "certs").mkdir()
    (tmp_path / "certs" / "ca.pem").write_text("not used here")
    block = {"url": "https://registry.example.com", "tls": {"ca_bundle": "certs/ca.pem", "cert": "/abs/c.pem",
                                                            "key": "/abs/k.pem"}}
    settings = settings_from(None, block, env={}, base=tmp_path)
    assert settings.verify == str(tmp_path / "certs" / "ca.pem")
    assert settings.cert == ("/abs/c.pem", "/abs/k.pem")
    assert settings_from(None, block, env={}).verify == "certs/ca.pem"
