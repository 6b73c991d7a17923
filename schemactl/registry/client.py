"""An httpx client of the Confluent Schema Registry REST API (Confluent, Karapace, Apicurio ccompat, Redpanda).

Errors become one-line `RegistryError`s (a SchemactlError: exit 2) that never include credentials.
Idempotent requests are retried on 429, 5xx, 50003/50004 and connection errors with capped exponential
backoff and jitter, honouring ``Retry-After``, up to ``max_attempts``. A TLS failure (an untrusted certificate,
an https URL on a plain-HTTP port, a refused client certificate) is not retried: it is reported at once, naming
the setting that fixes it. The base URL is checked when the settings are made (``check_url``).
"""

from __future__ import annotations

import base64
import email.utils
import functools
import os
import random
import re
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
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
PREFIX_HINT = "is the URL's path prefix right? (Apicurio serves the API under /apis/ccompat/v7)"
URL_EXAMPLE = "give e.g. https://registry.example.com:8081 or https://host/apis/ccompat/v7"


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
    """Where the registry is and how to reach it. ``verify`` is True, False or a CA bundle path.

    Making one checks ``url`` (``check_url``): SchemactlError for a URL the client could not use.
    """

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
    #: The environment variables the credentials were read from (user, password, token), named in hints.
    env_names: tuple[str, str, str] = (ENV_USER, ENV_PASSWORD, ENV_TOKEN)
    #: Where the URL came from (``--registry``, ``SCHEMACTL_REGISTRY_URL``, ``registry.url``), named in hints.
    url_source: str | None = None

    def __post_init__(self) -> None:
        check_url(self.url, self.url_source)

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
                f"check the URL and its path prefix ({self._url_source()}): it must serve the Confluent Schema "
                "Registry API (Apicurio serves it under /apis/ccompat/v7)") from None

    return wrapper


def redact_url(url: str) -> str:
    """``url`` with user name and password removed; never raises (a URL that cannot be parsed has everything
    between ``://`` and its last ``@`` replaced by ``***``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _masked(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, parts.query, parts.fragment))


def _masked(url: str) -> str:
    """``url`` with anything that may be user info (up to its last ``@``) replaced by ``***``: for showing a URL
    that does not parse, where the user info cannot be told apart reliably."""
    if "@" not in url:
        return url
    head, sep, rest = url.partition("://")
    if not sep:
        return "***@" + url.rpartition("@")[2]
    return f"{head}://***@{rest.rpartition('@')[2]}"


def check_url(url: str, source: str | None = None) -> None:
    """Raise SchemactlError unless ``url`` can serve as the registry's base URL: scheme http or https, a host,
    a port that is a number from 1 to 65535, and no query or fragment (API paths are appended to it).

    ``source`` (``--registry``, an environment variable, ``registry.url``) is named in the hint. The message is
    one line and never shows the URL's user info.
    """
    shown = _masked(url)
    where = f" (from {source})" if source else ""
    fix = f"fix the URL{where}: {URL_EXAMPLE}"

    def bad(what: str, hint: str = fix) -> SchemactlError:
        return SchemactlError(" ".join(f"registry URL {shown!r} {what}".split()), hint)

    try:
        parts = urlsplit(url)
    except ValueError as exc:  # "Invalid IPv6 URL" and the like: no credentials in these texts
        raise bad(f"is malformed ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise bad("is not an http(s) URL")
    if not parts.hostname:
        raise bad("has no host")
    try:
        port = parts.port
    except ValueError:  # not a number, or out of range
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise bad("has a port that is not a number from 1 to 65535")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise bad("contains white space or control characters")
    rest = url[len(parts.scheme) + 3 + len(parts.netloc):]
    if rest != parts.path or parts.query or parts.fragment:
        raise bad("has a query or fragment ('?' or '#')",
                  f"remove the query and fragment (from the '?' or '#' on) from the URL{where}: API paths such as "
                  "/subjects are appended to it")
    if "@" in parts.path:
        raise bad("has an '@' after the host",
                  f"percent-encode the user info in the URL{where}: '/' as %2F, '@' as %40, ':' in the user name "
                  "as %3A")
    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        reason = str(exc)
        for secret in (parts.password, parts.username, unquote(parts.password or ""), unquote(parts.username or "")):
            if secret:
                reason = reason.replace(secret, "***")
        raise bad(f"is malformed ({reason})") from None


def settings_from(url: str | None, config: Mapping[str, Any] | None = None,
                  env: Mapping[str, str] | None = None, base: Path | None = None) -> RegistrySettings:
    """Settings from ``url`` (``--registry``), else ``SCHEMACTL_REGISTRY_URL``, else the config's ``registry.url``.

    Credentials come from ``SCHEMACTL_REGISTRY_USER``/``_PASSWORD`` or ``SCHEMACTL_REGISTRY_TOKEN``, or from
    the variables the config's ``registry.auth`` names (``user_env``, ``password_env``, ``token_env``).
    ``registry.tls`` may give ``ca_bundle``, ``cert``, ``key`` and ``verify``; ``registry.timeout`` the read
    timeout in seconds; ``registry.max_attempts`` the attempts per request. Relative TLS file paths are taken
    from ``base`` (the config's folder) when given. Raises SchemactlError when no URL is known or a setting
    has the wrong type.
    """
    env = os.environ if env is None else env
    block = dict(config or {})
    chosen, source = next(((str(value).strip(), where) for value, where in (
        (url, "--registry"), (env.get(ENV_URL), ENV_URL), (block.get("url"), "registry.url")) if value),
        ("", None))
    if not chosen:
        raise SchemactlError("no schema registry URL given",
                             f"pass --registry URL, set {ENV_URL}, or set registry.url in the config")
    check_url(chosen, source)
    auth = block.get("auth") or {}
    tls = block.get("tls") or {}
    if not isinstance(auth, Mapping) or not isinstance(tls, Mapping):
        raise SchemactlError("registry.auth and registry.tls must be mappings", "see the README's registry section")
    names = tuple(str(auth.get(key) or default) for key, default in (
        ("user_env", ENV_USER), ("password_env", ENV_PASSWORD), ("token_env", ENV_TOKEN)))

    def var(index: int) -> str | None:
        return env.get(names[index]) or None

    def file(key: str) -> str:
        value = os.path.expanduser(str(tls[key]))
        return str(base / value) if base is not None and not os.path.isabs(value) else value

    verify: bool | str = True
    if tls.get("ca_bundle"):
        verify = file("ca_bundle")
    elif tls.get("verify") is False:
        verify = False
    cert: str | tuple[str, str] | None = None
    if tls.get("cert"):
        cert = (file("cert"), file("key")) if tls.get("key") else file("cert")
    elif tls.get("key"):
        raise SchemactlError("registry.tls.key is set but registry.tls.cert is not",
                             "give the client certificate (PEM) in registry.tls.cert, its private key in "
                             "registry.tls.key")
    timeout = block.get("timeout", 30.0)
    attempts = block.get("max_attempts", 4)
    if not isinstance(timeout, (int, float)) or not isinstance(attempts, int) or attempts < 1:
        raise SchemactlError("registry.timeout must be a number and registry.max_attempts a positive integer")
    return RegistrySettings(url=chosen, username=var(0), password=var(1), token=var(2), verify=verify, cert=cert,
                            read_timeout=float(timeout), max_attempts=attempts,
                            env_names=(names[0], names[1], names[2]), url_source=source)


def _ssl_context(verify: bool | str, cert: str | tuple[str, str] | None) -> ssl.SSLContext | bool:
    """What httpx gets as ``verify``: True/False as given when there is no CA bundle nor client certificate, else
    an SSL context with them loaded (httpx drops a client certificate given next to a CA bundle path).

    SchemactlError naming the setting (``registry.tls.ca_bundle``, ``.cert``, ``.key``) and the path when a file
    is missing or not PEM.
    """
    if cert is None and not isinstance(verify, str):
        return verify
    if isinstance(verify, str):
        bundle = _tls_file("ca_bundle", verify, directory_ok=True)
        try:
            context = (ssl.create_default_context(capath=bundle) if os.path.isdir(bundle)
                       else ssl.create_default_context(cafile=bundle))
        except (ssl.SSLError, OSError, ValueError) as exc:
            raise SchemactlError(f"registry.tls.ca_bundle: {verify}: not a PEM file of CA certificates "
                                 f"({_ssl_reason(exc)})",
                                 "give the PEM file of the CA that signed the registry's certificate") from None
    else:
        context = httpx.create_ssl_context(verify=verify)
    if cert is not None:
        certfile, keyfile = (cert, None) if isinstance(cert, str) else cert
        paths = _tls_file("cert", certfile), None if keyfile is None else _tls_file("key", keyfile)
        try:
            # No password: an encrypted key fails here instead of prompting on the terminal.
            context.load_cert_chain(paths[0], paths[1], password=lambda: b"")
        except (ssl.SSLError, OSError, ValueError) as exc:
            names = f"registry.tls.cert: {certfile}" + (f", registry.tls.key: {keyfile}" if keyfile else "")
            raise SchemactlError(f"{names}: cannot load the client certificate and key ({_ssl_reason(exc)})",
                                 "give the certificate and its unencrypted private key as PEM files "
                                 "(registry.tls.key may be left out when the certificate file holds the key)") from None
    return context


def _tls_file(setting: str, path: str, directory_ok: bool = False) -> str:
    """``path`` (``~`` expanded) when it is a readable file (or a directory when ``directory_ok``), else
    SchemactlError naming ``registry.tls.<setting>`` and the path."""
    full = os.path.expanduser(path)
    if os.path.isfile(full) or (directory_ok and os.path.isdir(full)):
        if os.access(full, os.R_OK):
            return full
        problem = "cannot be read (permission denied)"
    else:
        problem = "is a directory, not a file" if os.path.isdir(full) else "no such file"
    raise SchemactlError(f"registry.tls.{setting}: {path}: {problem}",
                         f"fix registry.tls.{setting} in the config (a relative path is read from the config's "
                         "folder)")


def _ssl_reason(exc: BaseException) -> str:
    """An SSL error's text without OpenSSL's ``[SSL: CODE]`` prefix and ``(_ssl.c:NNN)`` suffix."""
    if isinstance(exc, ssl.SSLCertVerificationError) and exc.verify_message:
        return str(exc.verify_message)
    text = str(exc.args[1]) if isinstance(exc, OSError) and len(exc.args) > 1 and isinstance(exc.args[1], str) \
        else str(exc)
    text = re.sub(r"^\[[A-Z0-9_]+: [A-Z0-9_]+\] ", "", text)
    text = re.sub(r"\s*\(_ssl\.c:\d+\)$", "", text)
    return " ".join(text.split()) or type(exc).__name__


def _tls_cause(exc: BaseException) -> ssl.SSLError | None:
    """The ssl error behind a transport error (httpx wraps httpcore's error, which wraps the ssl one), if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        # Not SSLEOFError, SSLZeroReturnError, SSLSyscallError: a connection dropped mid-TLS may be retried.
        if type(current) in (ssl.SSLError, ssl.SSLCertVerificationError):
            return current  # type: ignore[return-value]
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


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
            verify = _ssl_context(settings.verify, settings.cert)
            self._http = httpx.Client(headers=headers, auth=auth, verify=verify, timeout=timeout,
                                      transport=transport, follow_redirects=False)
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
                tls = _tls_cause(exc)
                if tls is not None:  # a certificate or handshake problem does not go away by retrying
                    raise self._tls_error(tls) from None
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
                                        "something that is not JSON", PREFIX_HINT,
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
                httpx.ReadTimeout: "no answer in time", httpx.RemoteProtocolError: "connection dropped",
                httpx.ReadError: "connection dropped"}
        what = next((text for cls, text in kind.items() if type(exc) is cls), "connection failed")
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        hint = f"check the URL ({self._url_source()}) and the network"
        if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)) and self._base.startswith("http://"):
            hint += "; if the registry serves HTTPS on that port, use an https:// URL"
        return RegistryError(self._scrub(f"schema registry at {self._base} is unreachable: {what}{tries}"),
                             self._scrub(hint))

    def _url_source(self) -> str:
        return self.settings.url_source or f"--registry, {ENV_URL} or registry.url"

    def _tls_error(self, error: ssl.SSLError) -> RegistryError:
        """A one-line error for a TLS failure: certificate verification, a plain-HTTP port, a refused client cert."""
        parts = urlsplit(self._base)
        host = parts.netloc.rpartition("@")[2]
        if parts.port is None:
            host += ":443" if parts.scheme == "https" else ":80"
        where = f"{parts.scheme}://{host}"
        reason = _ssl_reason(error)
        code = f"{getattr(error, 'reason', '') or ''} {error}".upper()
        if isinstance(error, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in code:
            text = f"TLS certificate verification failed for {where}: {reason}"
            hint = ("set registry.tls.ca_bundle to the PEM file of the CA that signed the registry's certificate"
                    if "mismatch" not in reason.lower() else
                    f"use the host name the registry's certificate names in the URL ({self._url_source()})")
        elif any(mark in code for mark in ("WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG",
                                           "HTTP_REQUEST", "UNKNOWN_PROTOCOL")):
            text = f"TLS handshake with {where} failed: {reason}"
            hint = f"the port seems to serve plain HTTP: use an http:// URL or the registry's HTTPS port " \
                   f"({self._url_source()})"
        elif "ALERT" in code:
            text = f"the registry at {where} refused the TLS connection: {reason}"
            hint = ("it may want a client certificate it trusts: set registry.tls.cert and registry.tls.key "
                    "(mTLS)")
        else:
            text = f"TLS connection to {where} failed: {reason}"
            hint = f"check the URL's scheme and port ({self._url_source()}) and registry.tls (ca_bundle, cert, key)"
        return RegistryError(self._scrub(text), self._scrub(hint))

    def _auth_hint(self, status: int) -> str:
        """What to check on a 401/403: the credential source actually in use, by the variable names it came from."""
        s = self.settings
        user, password, token = s.env_names
        in_url = "@" in urlsplit(s.url).netloc
        if s.token:
            used = f"the bearer token in {token}"
        elif s.username is not None or s.password is not None:
            used = f"the user and password in {user}/{password}"
        elif in_url:
            used = "the user and password in the registry URL"
        else:
            return (f"no credentials were sent: set {user}/{password} (basic) or {token} (bearer), or name other "
                    "variables in the config's registry.auth")
        if status == 403:
            return f"the account is not allowed this: check its permissions ({used})"
        return f"check {used}"

    def _error(self, method: str, path: Sequence[str], response: httpx.Response, code: int, subject: str | None,
               version: int | str | None, attempts: int) -> RegistryError:
        status = response.status_code
        server = self._scrub(_server_message(response))
        said = f": {server}" if server else ""  # never a dangling ": " (an empty 404, an unknown status)
        codes = f"HTTP {status}, {code}" if code != status else f"HTTP {status}"
        where = f"schema registry at {self._base}"
        tries = f" (after {attempts} attempts)" if attempts > 1 else ""
        hint: str | None = None
        if status == 401:
            text, hint = f"{where} refused the credentials (HTTP 401)", self._auth_hint(401)
        elif status == 403:
            text, hint = f"{where}: not allowed to {method} {_show(path)} (HTTP 403)", self._auth_hint(403)
        elif code == 40401:
            text = f"{where}: subject {subject!r} not found (40401)"
        elif code == 40402:
            text = f"{where}: version {version} of subject {subject!r} not found (40402)"
        elif code == 40403:
            text = f"{where}: schema not found (40403)"
        elif code in (409, 40901):
            text = f"{where}: schema is incompatible with subject {subject!r} ({code}){said}"
            hint = "run schemactl diff registry:SUBJECT against the file to see the rule and location"
        elif code == 42201:
            text = f"{where}: invalid schema for subject {subject!r} (42201){said}"
        elif 42200 <= code < 42300:
            text = f"{where}: {method} {_show(path)} rejected ({code}){said}"
        elif status == 429:
            text = f"{where}: too many requests (HTTP 429){tries}"
            hint = "lower the concurrency or retry later"
        elif status in (501, 505):
            text = f"{where}: {method} {_show(path)} is not supported by this registry ({codes}){said}"
            hint = "this registry does not implement that part of the Confluent API"
        elif status >= 500:
            text = f"{where}: server error ({codes}){tries}{said}"
            hint = "the registry is failing; retry later"
        else:
            text = f"{where}: {method} {_show(path)} failed ({codes}){said}"
            # No API error code of its own (none, or Jersey's bare 404 for a path it does not serve): a wrong prefix.
            if status in (404, 405) and code == status:
                hint = PREFIX_HINT
        return RegistryError(self._scrub(text), self._scrub(hint) if hint else None, status, code)


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
    """The server's explanation: a Confluent error's ``message``, a short plain-text body, else the reason phrase
    (an HTML error page is not shown); "" when there is none."""
    try:
        data = response.json()
    except ValueError:
        text = " ".join(response.text[:300].split())
        if text and not text.startswith("<") and len(text) <= 200:
            return text
        return response.reason_phrase
    message = data.get("message") if isinstance(data, dict) else None
    return str(message)[:500] if message else response.reason_phrase


def _retryable(status: int, code: int) -> bool:
    """Worth another attempt: throttling, server errors and the registry's transient codes; not 501 (Not
    Implemented) or 505 (HTTP Version Not Supported), which say the same every time."""
    return status == 429 or (status >= 500 and status not in (501, 505)) or code in RETRYABLE_CODES


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
