"""The registry client against the loopback fake registry: API semantics, errors, auth, retries."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import httpx
import pytest

from schemactl.core.errors import SchemactlError
from schemactl.registry.client import (
    Reference,
    RegistryClient,
    RegistryError,
    RegistrySettings,
    Schema,
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


@pytest.mark.parametrize("url", ["http://u:pw@127.0.0.1:abc/", "http://[::1"])
def test_malformed_urls_are_one_line_errors(url: str) -> None:
    with pytest.raises(SchemactlError) as caught:
        RegistryClient(RegistrySettings(url=url))
    assert "registry settings" in caught.value.message and "pw" not in caught.value.message


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
