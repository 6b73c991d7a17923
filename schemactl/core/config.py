"""The repository config: ``schemactl.yaml`` (or ``[tool.schemactl]`` in ``pyproject.toml``).

The file is validated against ``config_schema.json``; every problem names the file, the line where it is
known, and the key. Paths and globs in the config are relative to the folder that holds the config file.
"""

from __future__ import annotations

import datetime
import difflib
import fnmatch
import functools
import json
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemactl.core.errors import SchemactlError
from schemactl.core.model import Mode, Severity

CONFIG_NAMES = ("schemactl.yaml", "schemactl.yml")
PYPROJECT = "pyproject.toml"
SEVERITY_ORDER = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
TOPIC_NAME = "TopicNameStrategy"
RECORD_NAME = "RecordNameStrategy"
TOPIC_RECORD_NAME = "TopicRecordNameStrategy"
STRATEGIES = (TOPIC_NAME, RECORD_NAME, TOPIC_RECORD_NAME)
PARTS = ("value", "key")  # TopicNameStrategy's subjects, in the order they are listed (value first)
TOPIC_FIELDS = ("stem", "name", "path")
SUBJECT_FIELDS = ("stem", "name", "path", "record")

__all__ = ["CONFIG_NAMES", "Config", "Contract", "RuleSelection", "Waiver", "find_config", "glob_regex", "load_config",
           "parse_config", "severity_at_least"]


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A regex for a repository glob: ``*`` and ``?`` stay within a folder, ``**`` spans folders.

    A pattern without a slash matches the file name in any folder (as .gitignore does).
    """
    pattern = pattern.strip().lstrip("/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern:
        pattern = "**/" + pattern
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    if pattern.endswith("/"):
        out.append(".*")
    return re.compile("".join(out) + r"\Z")


def severity_at_least(severity: Severity, threshold: Severity) -> bool:
    """True when ``severity`` is at or above ``threshold`` (info < warning < error)."""
    return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[threshold]


@dataclass(frozen=True)
class RuleSelection:
    """``use`` / ``except`` selectors: rule ids, peer aliases, categories or buf categories."""

    use: tuple[str, ...] = ()
    except_: tuple[str, ...] = ()

    def merged(self, inner: RuleSelection) -> RuleSelection:
        """This selection refined by a contract's own: its ``use`` replaces, its ``except`` adds."""
        return RuleSelection(inner.use or self.use, self.except_ + inner.except_)


@dataclass(frozen=True)
class Contract:
    """One ``contracts:`` entry (or the implicit catch-all when there is no config).

    ``paths``/``exclude`` are globs relative to the repository root; ``format`` is ``auto`` or a format
    name; ``import_roots`` are protobuf import roots relative to the repository root.
    """

    name: str
    paths: tuple[str, ...] = ("**",)
    exclude: tuple[str, ...] = ()
    format: str = "auto"
    mode: Mode = Mode.BACKWARD
    import_roots: tuple[str, ...] = ()
    rules: RuleSelection = RuleSelection()
    fail_on: Severity = Severity.ERROR
    history: int | None = None  # None: REF only; 0: every earlier version; N: the last N.
    subject: str | None = None
    topic: str | None = None
    strategy: str | None = None  # one of STRATEGIES; None: TopicNameStrategy with a topic, else RecordNameStrategy
    parts: tuple[str, ...] = ("value",)  # TopicNameStrategy: "value", "key" or both

    @functools.cached_property
    def _include(self) -> tuple[re.Pattern[str], ...]:
        return tuple(glob_regex(p) for p in self.paths)

    @functools.cached_property
    def _exclude(self) -> tuple[re.Pattern[str], ...]:
        return tuple(glob_regex(p) for p in self.exclude)

    def matches(self, path: str) -> bool:
        """True when the repository-relative ``path`` is one of this contract's files."""
        return any(r.match(path) for r in self._include) and not any(r.match(path) for r in self._exclude)

    @property
    def naming(self) -> str:
        """How subjects are named: ``subject`` (an explicit template), or one of STRATEGIES."""
        if self.subject is not None:
            return "subject"
        if self.strategy is not None:
            return self.strategy
        return TOPIC_NAME if self.topic is not None else RECORD_NAME

    @property
    def needs_record(self) -> bool:
        """True when the subject depends on the record's (or message's, or JSON Schema title's) full name."""
        if self.subject is not None:
            return "{record}" in self.subject
        return self.naming != TOPIC_NAME

    def subject_for(self, path: str, record: str | None = None) -> str | None:
        """The registry subject of the file ``path``: ``subject`` with ``{stem}``, ``{name}``, ``{path}`` and
        ``{record}`` (the record's or message's full name, for TopicRecordNameStrategy: ``orders-{record}``)
        filled; ``{record}`` falls back to the stem when not given. None when the contract has no ``subject``
        and no ``topic`` (RecordNameStrategy: the caller names the subject by the record). With a topic, the
        first of `subjects_for`."""
        if self.subject is None and self.topic is None:
            return None
        return self.subjects_for(path, record)[0]

    def subjects_for(self, path: str, record: str | None = None) -> tuple[str, ...]:
        """Every registry subject of the file ``path``, the one other files' references use first.

        ``subject``: its template filled (one subject). ``topic`` (template with ``{stem}``, ``{name}``,
        ``{path}``) under TopicNameStrategy: ``<topic>-value`` and/or ``<topic>-key`` as ``parts`` says,
        ``-value`` first; under TopicRecordNameStrategy: ``<topic>-<record>``. RecordNameStrategy: ``record``.
        ``record`` falls back to the file's stem when not given.
        """
        pure = Path(path)
        fields = {"stem": pure.stem, "name": pure.name, "path": path}
        record = record or pure.stem
        if self.subject is not None:
            return (self.subject.format(**fields, record=record),)
        naming = self.naming
        if naming == RECORD_NAME or self.topic is None:
            return (record,)
        topic = self.topic.format(**fields)
        if naming == TOPIC_RECORD_NAME:
            return (f"{topic}-{record}",)
        return tuple(f"{topic}-{part}" for part in PARTS if part in self.parts)


@dataclass(frozen=True)
class Waiver:
    """An accepted finding: ``rule`` (id or peer alias), optional file glob and element pattern, why, until when."""

    rule: str
    reason: str
    expires: datetime.date
    path: str | None = None
    element: str | None = None
    where: str = ""  # file:line of the entry, for messages

    def expired(self, today: datetime.date) -> bool:
        """True after the ``expires`` date."""
        return today > self.expires

    def matches(self, file: str, element: str) -> bool:
        """True when ``file`` and ``element`` fit the waiver's path glob and element pattern (the rule is checked
        by the caller, which knows the catalog)."""
        if self.path is not None and not glob_regex(self.path).match(file):
            return False
        return self.element is None or fnmatch.fnmatchcase(element, self.element)


@dataclass
class Config:
    """A loaded config: where it came from, its contracts, and the registry block (kept as given)."""

    source: Path | None
    root: Path
    contracts: list[Contract] = field(default_factory=list)
    exclude: tuple[str, ...] = ()
    registry: dict[str, Any] | None = None
    waivers: list[Waiver] = field(default_factory=list)
    # Line of each key path, for messages about values found valid by the schema but wrong for the catalog.
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    def contract_for(self, path: str) -> Contract | None:
        """The first contract entry that claims the repository-relative ``path``, or None."""
        if any(glob_regex(p).match(path) for p in self.exclude):
            return None
        for contract in self.contracts:
            if contract.matches(path):
                return contract
        return None

    def where(self, *keys: str | int) -> str:
        """``file:line`` of the deepest known key on the given path, for messages."""
        name = str(self.source) if self.source else "(no config)"
        for depth in range(len(keys), -1, -1):
            line = self.lines.get(tuple(keys[:depth]))
            if line:
                return f"{name}:{line}"
        return name


def default_config(root: Path) -> Config:
    """The config used when the repository has none: every contract found, BACKWARD, fail on errors."""
    return Config(source=None, root=root, contracts=[Contract(name="default")])


def find_config(root: Path) -> Path | None:
    """The config file of the repository at ``root``: schemactl.yaml, else a pyproject.toml with [tool.schemactl]."""
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    pyproject = root / PYPROJECT
    if pyproject.is_file():
        try:
            text = pyproject.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        if re.search(r"^\s*\[tool\.schemactl(\.|\])", text, re.MULTILINE):
            return pyproject
    return None


def project_root(start: Path, git_fallback: bool = True) -> Path:
    """The root of the project ``start`` (a file or folder) belongs to: the nearest folder at or above it
    with a schemactl config (not looking above a git repository's top), else, with ``git_fallback``, the
    top of the git repository, else ``start``'s folder."""
    begin = start.resolve()
    if not begin.is_dir():
        begin = begin.parent
    for folder in (begin, *begin.parents):
        if find_config(folder) is not None:
            return folder
        if (folder / ".git").exists():
            return folder if git_fallback else begin
    return begin


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """The config of the repository at ``root`` (``explicit`` when given), or the default one when none exists.

    Raises SchemactlError ``file:line: key: problem`` for a config that does not parse or validate.
    """
    path = explicit if explicit is not None else find_config(root)
    if path is None:
        return default_config(root)
    if not path.is_file():
        raise SchemactlError(f"{path}: no such config file", "give the path of a schemactl.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemactlError(f"{path}: cannot be read: {exc}") from exc
    if path.name == PYPROJECT:
        data, lines = _parse_pyproject(path, text)
    else:
        data, lines = _parse_yaml(path, text)
    return parse_config(data, path, path.parent, lines)


def _parse_yaml(path: Path, text: str) -> tuple[Any, dict[tuple[str | int, ...], int]]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SchemactlError(f"{where}: not valid YAML: {problem}", "fix the YAML syntax") from exc
    lines: dict[tuple[str | int, ...], int] = {}
    if node is not None:
        _node_lines(node, (), lines)
    return data, lines


def _node_lines(node: Any, prefix: tuple[str | int, ...], lines: dict[tuple[str | int, ...], int]) -> None:
    import yaml

    lines.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            lines[path] = key.start_mark.line + 1
            _node_lines(value, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*prefix, index)] = item.start_mark.line + 1
            _node_lines(item, (*prefix, index), lines)


def _parse_pyproject(path: Path, text: str) -> tuple[Any, dict[tuple[str | int, ...], int]]:
    import tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemactlError(f"{path}: not valid TOML: {exc}", "fix the TOML syntax") from exc
    data = doc.get("tool", {}).get("schemactl")
    # TOML parsers keep no positions: find each top-level key of the section (and the section) by text.
    lines: dict[tuple[str | int, ...], int] = {}
    section = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[+\s*tool\.schemactl(?:\.([\w-]+))?\s*\]+", line)
        if header:
            section = header.group(1) or ""
            lines.setdefault((), number)
            if section:
                lines.setdefault((section,), number)
            continue
        if re.match(r"^\s*\[", line):
            section = None
            continue
        key = re.match(r"^\s*([\w-]+)\s*=", line)
        if key and section == "":
            lines.setdefault((key.group(1),), number)
    return data, lines


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads((Path(__file__).with_name("config_schema.json")).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _key_name(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def parse_config(data: Any, source: Path, root: Path,
                 lines: dict[tuple[str | int, ...], int] | None = None) -> Config:
    """Validate the parsed config ``data`` (read from ``source``) and build a `Config` rooted at ``root``."""
    lines = lines or {}
    config = Config(source=source, root=root, lines=lines)
    if data is None:
        raise SchemactlError(f"{source}: the config is empty", "start from `schemactl init`, or write `version: 1`")
    if isinstance(data, dict) and isinstance(data.get("waivers"), list):
        # YAML reads an unquoted 2026-01-31 as a date; the schema wants the text.
        data = {**data, "waivers": [{k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in w.items()}
                                    if isinstance(w, dict) else w for w in data["waivers"]]}
    errors = sorted(_validator().iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.path))))
    if errors:
        error = _best(errors)
        keys = tuple(error.absolute_path)
        hint = "compare with the starter config `schemactl init --print` writes"
        if error.validator == "additionalProperties":
            extra = re.findall(r"'([^']+)'", error.message)
            if extra:
                keys = (*keys, extra[0])
                known = sorted(error.schema.get("properties") or ()) if isinstance(error.schema, dict) else []
                near = difflib.get_close_matches(extra[0], known, n=1)
                if near:
                    hint = f"did you mean {near[0]!r}?"
                elif known:
                    hint = f"the keys here are {', '.join(known)}"
        raise SchemactlError(f"{config.where(*keys)}: {_key_name(keys)}: {_message(error)}", hint)
    mode = _mode(data.get("mode", "backward"))
    fail_on = Severity(data.get("fail_on", "error"))
    history = _history(data.get("history"))
    top_rules = _rules(data.get("rules"))
    config.exclude = tuple(data.get("exclude", ()))
    config.registry = data.get("registry")
    _registry_levels(config)
    for index, entry in enumerate(data.get("waivers", ())):
        try:
            expires = datetime.date.fromisoformat(entry["expires"])
        except ValueError as exc:
            raise SchemactlError(f"{config.where('waivers', index, 'expires')}: waivers[{index}].expires: "
                                 f"{entry['expires']!r} is not a date", "write YYYY-MM-DD") from exc
        config.waivers.append(Waiver(rule=entry["rule"], reason=entry["reason"], expires=expires,
                                     path=entry.get("path"), element=entry.get("element"),
                                     where=config.where("waivers", index)))
    entries = data.get("contracts")
    if entries is None:
        entries = [{"paths": ["**"]}]
    from schemactl.formats.registry import FORMATS

    for index, entry in enumerate(entries):
        fmt = entry.get("format", "auto")
        if fmt != "auto" and fmt not in FORMATS:
            raise SchemactlError(f"{config.where('contracts', index, 'format')}: contracts[{index}].format: "
                                 f"unknown format {fmt!r}", f"use auto or one of {', '.join(FORMATS)}")
        config.contracts.append(Contract(
            name=str(entry.get("name") or entry["paths"][0]),
            paths=tuple(entry["paths"]),
            exclude=tuple(entry.get("exclude", ())),
            format=fmt,
            mode=_mode(entry["mode"]) if "mode" in entry else mode,
            import_roots=tuple(r.strip("/") or "." for r in entry.get("import_roots", ())),
            rules=top_rules.merged(_rules(entry.get("rules"))),
            fail_on=Severity(entry["fail_on"]) if "fail_on" in entry else fail_on,
            history=_history(entry["history"]) if "history" in entry else history,
            **_naming(entry, config, index),
        ))
    return config


def _registry_levels(config: Config) -> None:
    """Raise SchemactlError when ``registry.compatibility`` gives one subject two different levels: an entry
    qualified with the config's own context (``:.staging:orders-value``) and the unqualified one
    (``orders-value``, which sync qualifies with that context) name the same subject. The schema has
    checked the levels themselves; equal levels (in any case) are no conflict."""
    block = (config.registry or {}).get("compatibility") or {}
    raw = str((config.registry or {}).get("context") or "")
    context = raw if raw.startswith(".") else f".{raw}"
    prefix = f":{context}:"
    named = "the default context" if context == "." else f"context {context}"
    for key, level in block.items():
        key = str(key)
        if not key.startswith(prefix) or len(key) == len(prefix):
            continue
        plain = key[len(prefix):]
        if plain not in block or str(block[plain]).upper() == str(level).upper():
            continue
        first, second = sorted((plain, key), key=lambda k: config.lines.get(("registry", "compatibility", k), 0))
        other_line = config.lines.get(("registry", "compatibility", first))
        raise SchemactlError(
            f"{config.where('registry', 'compatibility', second)}: {_key_name(('registry', 'compatibility', second))}: "
            f"names the same subject as {first!r}{f' (line {other_line})' if other_line else ''} with another level "
            f"({str(block[second]).upper()}, not {str(block[first]).upper()})",
            f"keep one of the two: in {named} the unqualified name means {prefix}{plain} too")


def _naming(entry: dict[str, Any], config: Config, index: int) -> dict[str, Any]:
    """The subject naming keys of contract ``index`` (``subject``, ``topic``, ``strategy``, ``parts``), checked
    together: the schema checks each value, this checks that they make sense side by side."""
    def fail(key: str, problem: str, hint: str) -> SchemactlError:
        return SchemactlError(f"{config.where('contracts', index, key)}: contracts[{index}].{key}: {problem}", hint)

    subject, topic = entry.get("subject"), entry.get("topic")
    raw_strategy, raw_parts = entry.get("strategy"), entry.get("parts")
    strategy = None
    if raw_strategy is not None:
        strategy = next((s for s in STRATEGIES if s.lower() == str(raw_strategy).lower()), None)
        if strategy is None:  # the schema's pattern already says so; kept for configs built in code
            raise fail("strategy", f"{raw_strategy!r} is not a subject name strategy", f"use one of "
                       f"{', '.join(STRATEGIES)}")
    if subject is not None:
        if topic is not None:  # a strategy next to subject is overruled by it: subject wins
            raise fail("topic", "topic and subject together: subject already names the subject in full",
                       "keep subject (a template with {stem}, {name}, {path}, {record}), or drop it and use "
                       "topic (with strategy and parts)")
        _template(subject, SUBJECT_FIELDS, lambda p, h: fail("subject", p, h))
    if topic is not None and subject is None:
        if strategy == RECORD_NAME:
            raise fail("strategy", "RecordNameStrategy does not use a topic",
                       "drop topic, or use TopicNameStrategy or TopicRecordNameStrategy")
        _template(topic, TOPIC_FIELDS, lambda p, h: fail("topic", p, h))
    elif subject is None and strategy in (TOPIC_NAME, TOPIC_RECORD_NAME):
        raise fail("strategy", f"{strategy} needs a topic", "add topic: (a name or a template with {stem}, {name}, "
                                                          "{path})")
    parts: tuple[str, ...] = ("value",)
    if raw_parts is not None:
        if topic is None or (strategy or TOPIC_NAME) != TOPIC_NAME:
            raise fail("parts", "parts applies only to TopicNameStrategy (a topic's -key and -value subjects)",
                       "add topic:, or drop parts")
        parts = tuple(raw_parts) if isinstance(raw_parts, list) else (str(raw_parts),)
    return {"subject": subject, "topic": topic, "strategy": strategy, "parts": parts}


def _template(text: str, allowed: Sequence[str], fail: Any) -> None:
    """Raise (through ``fail(problem, hint)``) for a subject/topic template with an unknown or malformed field."""
    fields = ", ".join("{" + f + "}" for f in allowed)
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise fail(f"{text!r} is not a valid template: {exc}", f"write braces only around {fields}; "
                                                               "double them ({{ }}) for a literal brace") from None
    for _, name, spec, conversion in parsed:
        if name is not None and (name not in allowed or spec or conversion):
            raise fail(f"{text!r}: unknown field {{{name}}}", f"use {fields}")


def _best(errors: Iterable[Any]) -> Any:
    from jsonschema.exceptions import best_match

    return best_match(errors)


def _message(error: Any) -> str:
    own = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    if own:
        return f"{error.instance!r} {own}"
    if error.validator == "additionalProperties":
        return "unknown key (" + str(error.message).split("(", 1)[-1]
    if error.validator == "required":
        return str(error.message)
    if error.validator in ("enum", "const"):
        allowed = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        shown = sorted({str(v).lower() for v in allowed})
        return f"{error.instance!r} is not one of {', '.join(shown)}"
    return str(error.message)


def _mode(value: str) -> Mode:
    return Mode(value.lower())


def _history(value: Any) -> int | None:
    if value is None:
        return None
    return 0 if value == "all" else int(value)


def _rules(value: Any) -> RuleSelection:
    if not value:
        return RuleSelection()
    return RuleSelection(tuple(value.get("use", ())), tuple(value.get("except", ())))
