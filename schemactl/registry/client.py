"""An httpx client of the Confluent Schema Registry REST API (Confluent, Karapace, Apicurio ccompat, Redpanda).

Errors become one-line `RegistryError`s (a SchemactlError: exit 2) that never include credentials.
Idempotent requests are retried on 429, 5xx, 50003/50004 and connection errors with capped exponential
backoff and jitter, honouring ``Retry-After``, up to ``max_attempts``.
"""

from __future__ import annotations

import base64
import email.utils
import functools
import os
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import httpx

from schemactl.core.errors import SchemactlError
from schemactl.registry.layout import schema_type_of

CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"
LEVELS = ("NONE", "BACKWARD", "FORWARD", "FULL", "BACKWARD_TRANSITIVE", "FORWARD_TRANSITIVE", "FULL_TRANSITIVE")
RETRYABLE_CODES = frozenset({50001, 50002, 50003, 50004})
ENV_URL = "SCHEMACTL_REGISTRY_URL"
ENV_USER = "SCHEMACTL_REGISTRY_USER"
ENV_PASSWORD = "SCHEMACTL_REGISTRY_PASSWORD"
ENV_TOKEN = "SCHEMACTL_REGISTRY_TOKEN"
AUTH_HINT = f"set {ENV_USER}/{ENV_PASSWORD} (basic) or {ENV_TOKEN} (bearer), or name other variables in " \
            "the config's registry.auth"


class RegistryError(SchemactlError):
    """A registry call that failed: ``status`` is the HTTP status (0: no answer), ``code`` Confluent's error_code."""

    def __init__(self, message: str, hint: str | None = None, status: int = 0, code: int = 0) -> None:
        super().__init__(message, hint)
        self.status = status
        self.code = code


@dataclass(frozen=True)
class Reference:
    """A reference from one schema to another: the name it is used by, and the subject version holding it."""

    name: str
    subject: str
    version: int

    def as_dict(self) -> dict[str, Any]:
        """The REST form."""
        return {"name": self.name, "subject": self.subject, "version": self.version}


@dataclass(frozen=True)
class Schema:
    """A schema as the registry holds it: its text, type (AVRO, PROTOBUF, JSON) and references."""

    text: str
    schema_type: str = "AVRO"
    references: tuple[Reference, ...] = ()

    def body(self) -> dict[str, Any]:
        """The REST request body (``schemaType`` left out for Avro, as Confluent's clients do)."""
        body: dict[str, Any] = {"schema": self.text}
        if self.schema_type != "AVRO":
            body["schemaType"] = self.schema_type
        if self.references:
            body["references"] = [r.as_dict() for r in self.references]
        return body


@dataclass(frozen=True)
class RegisteredSchema:
    """A schema with its global id, and the subject and version it was read from (None when read by id)."""

    schema: Schema
    id: int
    subject: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class Compatibility:
    """The registry's verdict on a candidate schema, with its explanations when asked for (``verbose``)."""

    is_compatible: bool
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegistrySettings:
    """Where the registry is and how to reach it. ``verify`` is True, False or a CA bundle path."""

    url: str
    username: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    verify: bool | str = True
    cert: str | tuple[str, str] | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_attempts: int = 4
    backoff_base: float = 0.25
    backoff_cap: float = 8.0
    retry_after_cap: float = 60.0
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def secrets(self) -> tuple[str, ...]:
        """The credential values (the URL's user info too), to be scrubbed from anything shown; longest first.

        Besides the values themselves: the ``Authorization`` header values the client sends (``Basic <b64>``
        and its base64 of ``user:password``, ``Bearer <token>``), which a server may echo in an error.
        """
        in_url: tuple[str | None, ...]
        pairs: list[tuple[str, str]] = []
        try:
            parts = urlsplit(self.url)
            in_url = (parts.password, parts.username, unquote(parts.password or ""), unquote(parts.username or ""))
            if parts.username is not None:
                pairs.append((unquote(parts.username), unquote(parts.password or "")))
        except ValueError:
            in_url = ()
        if self.username is not None or self.password is not None:
            pairs.append((self.username or "", self.password or ""))
        found = {s for s in (self.password, self.token, *in_url) if s}
        for user, password in pairs:
            encoded = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            found |= {encoded, f"Basic {encoded}", encoded.rstrip("=")}
        if self.token:
            found.add(f"Bearer {self.token}")
        # A user name is scrubbed only when long enough not to blank ordinary words (user "u" would).
        found |= {s for s in (self.username, *in_url[1::2]) if s and len(s) >= 4}
        found -= {s for s in (self.username, *in_url[1::2]) if s and len(s) < 4}
        return tuple(sorted(found, key=len, reverse=True))

    @property
    def display_url(self) -> str:
        """The URL without any user info (safe to show)."""
        return redact_url(self.url)


def _answers(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` with an answer the client cannot read (not the Confluent API's shape: a wrong base URL or
    path prefix, a proxy's page) turned into a one-line RegistryError instead of a crash."""

    @functools.wraps(method)
    def wrapper(self: RegistryClient, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise RegistryError(
                f"schema registry at {self._base}: unexpected answer to {method.__name__.replace('_', ' ')} "
                f"({type(exc).__name__}: {self._scrub(str(exc))[:120]})",
                "check the URL and its path prefix (--registry, SCHEMACTL_REGISTRY_URL or registry.url): it must "
                "serve the Confluent Schema Registry API") from None

    return wrapper


def redact_url(url: str) -> str:
    """``url`` with user name and password removed."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def settings_from(url: str | None, config: Mapping[str, Any] | None = None,
                  env: Mapping[str, str] | None = None) -> RegistrySettings:
    """Settings from ``url`` (``--registry``), else ``SCHEMACTL_REGISTRY_URL``, else the config's ``registry.url``.

    Credentials come from ``SCHEMACTL_REGISTRY_USER``/``_PASSWORD`` or ``SCHEMACTL_REGISTRY_TOKEN``, or from
    the variables the config's ``registry.auth`` names (``user_env``, ``password_env``, ``token_env``).
    ``registry.tls`` may give ``ca_bundle``, ``cert``, ``key`` and ``verify``; ``registry.timeout`` the read
    timeout in seconds; ``registry.max_attempts`` the attempts per request. Raises SchemactlError when no URL
    is known or a setting has the wrong type.
    """
    env = os.environ if env is None else env
    block = dict(config or {})
    chosen = url or env.get(ENV_URL) or block.get("url")
    if not chosen:
        raise SchemactlError("no schema registry URL given",
                             f"pass --registry URL, set {ENV_URL}, or set registry.url in the config")
    if urlsplit(chosen).scheme not in ("http", "https") or not urlsplit(chosen).hostname:
        raise SchemactlError(f"registry URL {redact_url(chosen)!r} is not an http(s) URL",
                             "give e.g. https://registry.example.com:8081")
    auth = block.get("auth") or {}
    tls = block.get("tls") or {}
    if not isinstance(auth, Mapping) or not isinstance(tls, Mapping):
        raise SchemactlError("registry.auth and registry.tls must be mappings", "see the README's registry section")

    def var(key: str, default: str) -> str | None:
        name = auth.get(key, default)
        return env.get(str(name)) or None

    verify: bool | str = True
    if tls.get("ca_bundle"):
        verify = str(tls["ca_bundle"])
    elif tls.get("verify") is False:
        verify = False
    cert: str | tuple[str, str] | None = None
    if tls.get("cert"):
        cert = (str(tls["cert"]), str(tls["key"])) if tls.get("key") else str(tls["cert"])
    timeout = block.get("timeout", 30.0)
    attempts = block.get("max_attempts", 4)
    if not isinstance(timeout, (int, float)) or not isinstance(attempts, int) or attempts < 1:
        raise SchemactlError("registry.timeout must be a number and registry.max_attempts a positive integer")
    return RegistrySettings(url=chosen, username=var("user_env", ENV_USER), password=var("password_env", ENV_PASSWORD),
                            token=var("token_env", ENV_TOKEN), verify=verify, cert=cert,
                            read_timeout=float(timeout), max_attempts=attempts)


def _quote(segment: str) -> str:
    """A path segment, every reserved character (``/`` included) percent-encoded."""
    return quote(segment, safe="")


class RegistryClient:
    """A client of one registry; reuses connections; use as a context manager or call ``close()``."""

    def __init__(self, settings: RegistrySettings, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self._sleep = sleep
        headers = {"Accept": f"{CONTENT_TYPE}, application/json", **settings.headers}
        auth: httpx.Auth | None = None
        if settings.token:
            headers["Authorization"] = f"Bearer {settings.token}"
        elif settings.username is not None or settings.password is not None:
            auth = httpx.BasicAuth(settings.username or "", settings.password or "")
        try:
            parts = urlsplit(settings.url)
            if parts.username is not None and auth is None and not settings.token:
                auth = httpx.BasicAuth(unquote(parts.username), unquote(parts.password or ""))
            self._base = redact_url(settings.url).rstrip("/")
            timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
            self._http = httpx.Client(headers=headers, auth=auth, verify=settings.verify, cert=settings.cert,
                                      timeout=timeout, transport=transport, follow_redirects=False)
        except (ValueError, OSError) as exc:  # a malformed URL, a CA bundle or client certificate that is missing
            text = str(exc)
            for secret in settings.secrets:
                text = text.replace(secret, "***")
            raise SchemactlError(f"registry settings: {' '.join(text.split())}",
                                 "check the registry URL and registry.tls (ca_bundle, cert, key)") from None

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- subjects and versions ---------------------------------------------------------------------------
    def subjects(self, prefix: str | None = None, deleted: bool = False) -> list[str]:
        """The subject names (soft-deleted ones too when ``deleted``)."""
        params: dict[str, str] = {}
        if prefix:
            params["subjectPrefix"] = prefix
        if deleted:
            params["deleted"] = "true"
        return [str(s) for s in self._call("GET", ["subjects"], params=params)]

    def versions(self, subject: str, deleted: bool = False) -> list[int]:
        """The version numbers of ``subject``; RegistryError (40401) when it does not exist."""
        params = {"deleted": "true"} if deleted else {}
        return [int(v) for v in self._call("GET", ["subjects", subject, "versions"], params=params,
                                           subject=subject)]

    def get_version(self, subject: str, version: int | str = "latest") -> RegisteredSchema:
        """One version (a number, ``latest`` or -1) of ``subject``."""
        data = self._call("GET", ["subjects", subject, "versions", str(version)], subject=subject,
                          version=version)
        return _registered(data, subject)

    def get_by_id(self, schema_id: int) -> RegisteredSchema:
        """The schema with global id ``schema_id``."""
        data = self._call("GET", ["schemas", "ids", str(schema_id)])
        return _registered({**data, "id": schema_id}, None)

    def register(self, subject: str, schema: Schema, normalize: bool = False) -> int:
        """Register ``schema`` under ``subject`` and return its id (the existing id if already registered).

        Retried like an idempotent request: the registry answers a repeated registration of the same schema
        with the same id and no new version.
        """
        params = {"normalize": "true"} if normalize else {}
        data = self._call("POST", ["subjects", subject, "versions"], json=schema.body(), params=params,
                          subject=subject, idempotent=True)
        return int(data["id"])

    def lookup(self, subject: str, schema: Schema, normalize: bool = False, deleted: bool = False,
               missing_subject_ok: bool = True) -> RegisteredSchema | None:
        """The version of ``subject`` that holds ``schema``, or None when it is not registered there.

        A subject that does not exist gives None too, unless ``missing_subject_ok`` is False (RegistryError 40401).
        """
        params = {k: "true" for k, on in (("normalize", normalize), ("deleted", deleted)) if on}
        try:
            data = self._call("POST", ["subjects", subject], json=schema.body(), params=params, subject=subject,
                              idempotent=True)
        except RegistryError as exc:
            if exc.code == 40403 or (exc.code == 40401 and missing_subject_ok):
                return None
            raise
        return _registered(data, subject)

    def delete_subject(self, subject: str, permanent: bool = False) -> list[int]:
        """Soft-delete ``subject`` (hard-delete with ``permanent``, allowed only after a soft delete)."""
        params = {"permanent": "true"} if permanent else {}
        return [int(v) for v in self._call("DELETE", ["subjects", subject], params=params, subject=subject)]

    def delete_version(self, subject: str, version: int | str, permanent: bool = False) -> int:
        """Soft-delete one version (hard-delete with ``permanent``, after a soft delete)."""
        params = {"permanent": "true"} if permanent else {}
        return int(self._call("DELETE", ["subjects", subject, "versions", str(version)], params=params,
                              subject=subject, version=version))

    def check_compatibility(self, subject: str, schema: Schema, version: int | str | None = "latest",
                            verbose: bool = True) -> Compatibility:
        """The registry's compatibility verdict for ``schema`` against one version (None: all versions)."""
        path = ["compatibility", "subjects", subject, "versions"]
        if version is not None:
            path.append(str(version))
        params = {"verbose": "true"} if verbose else {}
        data = self._call("POST", path, json=schema.body(), params=params, subject=subject, version=version,
                          idempotent=True)
        messages = data.get("messages") or []
        if isinstance(messages, str):
            messages = [messages]
        return Compatibility(bool(data.get("is_compatible")), tuple(str(m) for m in messages))

    # -- config and mode -----------------------------------------------------------------------------------
    def get_level(self, subject: str | None = None, default_to_global: bool = True) -> str | None:
        """The compatibility level of ``subject`` (the global one when None); None when the subject has none."""
        if subject is None:
            data = self._call("GET", ["config"])
        else:
            params = {"defaultToGlobal": "true"} if default_to_global else {}
            try:
                data = self._call("GET", ["config", subject], params=params, subject=subject)
            except RegistryError as exc:
                if exc.code in (40408, 40401):
                    return None
                raise
        level = data.get("compatibilityLevel") or data.get("compatibility")
        return str(level).upper() if level else None

    def set_level(self, level: str, subject: str | None = None) -> str:
        """Set the compatibility level of ``subject`` (globally when None); returns the level set."""
        wanted = level.upper()
        if wanted not in LEVELS:
            raise SchemactlError(f"{level!r} is not a compatibility level", f"use one of {', '.join(LEVELS)}")
        path = ["config"] if subject is None else ["config", subject]
        data = self._call("PUT", path, json={"compatibility": wanted}, subject=subject, idempotent=True)
        return str(data.get("compatibility") or data.get("compatibilityLevel") or wanted).upper()

    def delete_level(self, subject: str) -> None:
        """Remove the compatibility level of ``subject`` (it follows the global level again); a subject
        without a level of its own is not an error."""
        try:
            self._call("DELETE", ["config", subject], subject=subject, idempotent=True)
        except RegistryError as exc:
            if exc.code not in (40401, 40408):
                raise

    def get_mode(self, subject: str | None = None, default_to_global: bool = False) -> str | None:
        """The registry's mode (READWRITE, READONLY, READONLY_OVERRIDE, IMPORT): the global one when ``subject``
        is None, else the subject's own, None when it has none (40401, 40409; the global one instead with
        ``default_to_global``)."""
        if subject is None:
            data = self._call("GET", ["mode"])
        else:
            params = {"defaultToGlobal": "true"} if default_to_global else {}
            try:
                data = self._call("GET", ["mode", subject], params=params, subject=subject)
            except RegistryError as exc:
                if exc.code in (40401, 40409):
                    return None
                raise
        mode = data.get("mode")
        return str(mode).upper() if mode else None

    def set_mode(self, mode: str, subject: str | None = None) -> str:
        """Set the registry's mode (the subject's when given); returns the mode set."""
        path = ["mode"] if subject is None else ["mode", subject]
        data = self._call("PUT", path, json={"mode": mode.upper()}, subject=subject, idempotent=True)
        return str(data.get("mode", "")).upper()

    # -- transport -----------------------------------------------------------------------------------------
    def _call(self, method: str, path: Sequence[str], *, params: Mapping[str, str] | None = None,
              json: Any = None, subject: str | None = None, version: int | str | None = None,
              idempotent: bool | None = None) -> Any:
        """Send one request, retrying what may be retried; the decoded JSON answer, or RegistryError."""
        if idempotent is None:
            idempotent = method in ("GET", "PUT", "HEAD")
        url = self._base + "/" + "/".join(_quote(p) for p in path)
        attempts = max(1, self.settings.max_attempts)
        headers = {"Content-Type": CONTENT_TYPE} if json is not None else None
        for attempt in range(1, attempts + 1):
            try:
                response = self._http.request(method, url, params=params, json=json, headers=headers)
            except httpx.TransportError as exc:
                # A refused connection never reached the server, so even a write may be retried.
                retry = idempotent or isinstance(exc, httpx.ConnectError)
                if retry and attempt < attempts:
                    self._sleep(self._backoff(attempt, None))
                    continue
                raise self._unreachable(exc, attempt) from None
            if response.status_code < 300:
                try:
                    return response.json()
                except ValueError:
                    raise RegistryError(f"schema registry at {self._base}: answered {method} {_show(path)} with "
                                        "something that is not JSON", "is the URL (and its path prefix) right?",
                                        response.status_code) from None
            code = _error_code(response)
            if idempotent and attempt < attempts and _retryable(response.status_code, code):
                self._sleep(self._backoff(attempt, response.headers.get("Retry-After")))
                continue
            raise self._error(method, path, response, code, subject, version, attempt)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before attempt ``attempt + 1``: Retry-After when given, else capped backoff + jitter."""
        s = self.settings
        waited = _retry_after(retry_after)
        if waited is not None:
            return min(waited, s.retry_after_cap)
        ceiling: float = min(s.backoff_cap, s.backoff_base * float(2 ** (attempt - 1)))
        return float(ceiling / 2 + random.uniform(0, ceiling / 2))

    def _scrub(self, text: str) -> str:
        for secret in self.settings.secrets:
            text = text.replace(secret, "***")
        return " ".join(text.split())

    def _unreachable(self, exc: httpx.TransportError, attempts: int) -> RegistryError:
        kind = {httpx.ConnectError: "cannot connect", httpx.ConnectTimeout: "connection timed out",
                httpx.ReadTimeout: "no answer in time", httpx.RemoteProtocolError: "connection dropped"}
        what = next((text for cls, text in kind.items() if type(exc) is cls), "connection failed")
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        return RegistryError(self._scrub(f"schema registry at {self._base} is unreachable: {what}{tries}"),
                             f"check the URL (--registry, {ENV_URL} or registry.url) and the network")

    def _error(self, method: str, path: Sequence[str], response: httpx.Response, code: int, subject: str | None,
               version: int | str | None, attempts: int) -> RegistryError:
        status = response.status_code
        server = self._scrub(_server_message(response))
        where = f"schema registry at {self._base}"
        tries = f" (after {attempts} attempts)" if attempts > 1 else ""
        hint: str | None = None
        if status == 401:
            text, hint = f"{where} refused the credentials (HTTP 401)", AUTH_HINT
        elif status == 403:
            text, hint = f"{where}: not allowed to {method} {_show(path)} (HTTP 403)", "check the account's permissions"
        elif code == 40401:
            text = f"{where}: subject {subject!r} not found (40401)"
        elif code == 40402:
            text = f"{where}: version {version} of subject {subject!r} not found (40402)"
        elif code == 40403:
            text = f"{where}: schema not found (40403)"
        elif code in (409, 40901):
            text = f"{where}: schema is incompatible with subject {subject!r} ({code}): {server}"
            hint = "run schemactl diff registry:SUBJECT against the file to see the rule and location"
        elif code == 42201:
            text = f"{where}: invalid schema for subject {subject!r} (42201): {server}"
        elif 42200 <= code < 42300:
            text = f"{where}: {method} {_show(path)} rejected ({code}): {server}"
        elif status == 429:
            text = f"{where}: too many requests (HTTP 429){tries}"
            hint = "lower the concurrency or retry later"
        elif status >= 500:
            text = f"{where}: server error (HTTP {status}, {code}){tries}: {server}"
            hint = "the registry is failing; retry later"
        else:
            text = f"{where}: {method} {_show(path)} failed (HTTP {status}, {code}): {server}"
        return RegistryError(self._scrub(text), hint, status, code)


def _show(path: Sequence[str]) -> str:
    return "/" + "/".join(_quote(p) for p in path)


def _error_code(response: httpx.Response) -> int:
    try:
        data = response.json()
    except ValueError:
        return response.status_code
    code = data.get("error_code") if isinstance(data, dict) else None
    return int(code) if isinstance(code, int) else response.status_code


def _server_message(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:200]
    message = data.get("message") if isinstance(data, dict) else None
    return str(message)[:500] if message else response.reason_phrase


def _retryable(status: int, code: int) -> bool:
    return status == 429 or status >= 500 or code in RETRYABLE_CODES


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _registered(data: Mapping[str, Any], subject: str | None) -> RegisteredSchema:
    refs = tuple(Reference(str(r["name"]), str(r["subject"]), int(r["version"])) for r in data.get("references") or [])
    schema = Schema(str(data["schema"]), schema_type_of(data.get("schemaType")), refs)
    version = data.get("version")
    return RegisteredSchema(schema, int(data["id"]), str(data.get("subject") or subject or "") or None,
                            int(version) if version is not None else None)


for _name in ("subjects", "versions", "get_version", "get_by_id", "register", "lookup", "delete_subject",
              "delete_version", "check_compatibility", "get_level", "set_level", "get_mode", "set_mode"):
    setattr(RegistryClient, _name, _answers(getattr(RegistryClient, _name)))
