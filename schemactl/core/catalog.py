"""The rule catalog: one YAML file a format under ``rules/``, loaded into `Rule` records."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemactl.core import cache
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Severity

DIRECTIONS = frozenset({"backward", "forward"})
REQUIRED_KEYS = ("id", "summary", "rationale", "category", "breaks", "example")


@dataclass(frozen=True)
class Rule:
    """One catalog entry: what a rule checks, why, which modes it breaks, and its peer aliases."""

    id: str
    format: str
    summary: str
    rationale: str
    category: str
    breaks: frozenset[str]
    groups: tuple[str, ...]
    aliases: tuple[str, ...]
    severity: Severity
    before: str
    after: str

    @property
    def breaking_somewhere(self) -> bool:
        """True when the rule breaks in at least one direction."""
        return bool(self.breaks)


def rules_dir() -> Path:
    """The folder that holds the catalog files, in a source checkout or an installed wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "rules", here / "_rules"):
        if candidate.is_dir():
            return candidate
    raise SchemactlError("the rule catalog is missing from this installation", "reinstall schemactl")


class Catalog:
    """All rules of one or more formats, found by id or by peer alias."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._by_id: dict[str, Rule] = {}
        self._by_alias: dict[str, list[Rule]] = {}
        for rule in rules:
            if rule.id in self._by_id:
                raise ValueError(f"duplicate rule id {rule.id}")
            self._by_id[rule.id] = rule
            for alias in rule.aliases:
                self._by_alias.setdefault(alias.lower(), []).append(rule)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._by_id

    def get(self, rule_id: str) -> Rule:
        """The rule with this id; KeyError when there is none."""
        return self._by_id[rule_id]

    def lookup(self, name: str) -> list[Rule]:
        """Rules named by ``name``: an id (any case) or a peer alias such as ``buf:FIELD_NO_DELETE``."""
        rule = self._by_id.get(name) or self._by_id.get(name.upper())
        if rule is not None:
            return [rule]
        return list(self._by_alias.get(name.lower(), []))

    def for_format(self, fmt: str) -> list[Rule]:
        """The rules of one format, in catalog order."""
        return [r for r in self._by_id.values() if r.format == fmt]

    def in_group(self, fmt: str, group: str) -> list[Rule]:
        """The rules of ``fmt`` that belong to ``group``, plus the format's rules that belong to every group."""
        return [r for r in self.for_format(fmt) if group in r.groups or "*" in r.groups]


def _parse_rule(fmt: str, entry: Any, source: Path) -> Rule:
    if not isinstance(entry, dict):
        raise ValueError(f"{source}: every rule must be a mapping")
    missing = [k for k in REQUIRED_KEYS if k not in entry]
    if missing:
        raise ValueError(f"{source}: rule {entry.get('id', '?')} lacks {', '.join(missing)}")
    breaks = frozenset(entry["breaks"] or ())
    if not breaks <= DIRECTIONS:
        raise ValueError(f"{source}: rule {entry['id']} breaks {sorted(breaks)}; use backward/forward")
    if not str(entry["summary"]).startswith("Checks that"):
        raise ValueError(f"{source}: rule {entry['id']} summary must start with 'Checks that'")
    example = entry["example"] or {}
    return Rule(
        id=str(entry["id"]),
        format=fmt,
        summary=str(entry["summary"]).strip(),
        rationale=" ".join(str(entry["rationale"]).split()),
        category=str(entry["category"]),
        breaks=breaks,
        groups=tuple(entry.get("groups") or ()),
        aliases=tuple(entry.get("aliases") or ()),
        severity=Severity(entry.get("severity", "error")),
        before=str(example.get("before", "")).rstrip("\n"),
        after=str(example.get("after", "")).rstrip("\n"),
    )


def _parse_yaml(raw: bytes) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw, Loader=loader)


def load_file(path: Path) -> list[Rule]:
    """Parse one catalog file; a malformed file is a bug in schemactl, so this raises ValueError.

    The parsed form is cached as JSON by content hash: start-up need not import a YAML parser.
    """
    raw = path.read_bytes()
    key = f"{path.stem}-{hashlib.sha256(raw).hexdigest()[:24]}.json"
    cached = cache.read("catalog", key)
    data = json.loads(cached) if cached is not None else None
    if data is None:
        data = _parse_yaml(raw)
        cache.write("catalog", key, json.dumps(data).encode())
    fmt = data["format"]
    return [_parse_rule(fmt, entry, path) for entry in data["rules"]]


@functools.cache
def load_catalog(*formats: str) -> Catalog:
    """The catalog of the given formats (all catalog files when none are named)."""
    folder = rules_dir()
    paths = [folder / f"{f}.yaml" for f in formats] if formats else sorted(folder.glob("*.yaml"))
    rules: list[Rule] = []
    for path in paths:
        rules.extend(load_file(path))
    return Catalog(rules)
