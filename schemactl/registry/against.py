"""Compare each contract of a repository with what its registry subject holds, using schemactl's own rules.

For `schemactl check --against-registry`: the user sees the rule, file, line and column of each finding,
not a bare ``is_compatible: false``. A subject that does not exist yet passes (nothing to break).
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from schemactl.core.config import Config
from schemactl.core.errors import SchemactlError
from schemactl.core.model import Change, Finding, Location, Mode, Result
from schemactl.core.options import DiffOptions
from schemactl.registry.client import RegistryClient, RegistryError
from schemactl.registry.layout import SchemaFile, write_tree


@dataclass(frozen=True)
class SubjectCheck:
    """One contract file checked against its subject: the versions compared (empty: a new subject)."""

    file: str
    subject: str
    mode: Mode
    versions: tuple[int, ...]
    result: Result


def check_against_registry(client: RegistryClient, root: Path, config: Config,
                           mode: Mode | None = None) -> list[SubjectCheck]:
    """Each contract file under ``root`` compared with its subject's latest version (every version under a
    transitive mode). The mode is ``mode`` when given, else the contract's. Findings name the repository
    file (``avro/order.avsc:12:5``); findings in referenced files name the reference.
    """
    from schemactl.compare import diff_versions
    from schemactl.registry.sync import _closure, collect, topological
    from schemactl.sources.registry_source import fetch

    schemas = topological(collect(root, config))
    by_file = {s.file: s for s in schemas}
    checks: list[SubjectCheck] = []
    with tempfile.TemporaryDirectory(prefix="schemactl-against-") as tmp:
        for index, schema in enumerate(schemas):
            contract = config.contract_for(schema.file)
            level = mode or (contract.mode if contract is not None else Mode.BACKWARD)
            try:
                versions = client.versions(schema.subject)
            except RegistryError as exc:
                if exc.code != 40401:
                    raise
                versions = []
            if not versions or level is Mode.NONE:
                checks.append(SubjectCheck(schema.file, schema.subject, level, tuple(versions), Result(level)))
                continue
            against = versions if level.transitive else versions[-1:]
            stem = PurePosixPath(schema.file).stem
            base = Path(tmp) / str(index)
            old = [fetch(client, schema.subject, v, base / f"v{v}", {schema.schema_type: stem}) for v in against]
            new = write_tree(base / "local", schema.schema_type,
                             SchemaFile(PurePosixPath(schema.file).name, schema.text), _closure(schema, by_file))
            options = DiffOptions(mode=level, proto_rules="CSR", show_roots=False)
            try:
                result = diff_versions([*old, new], options)
            except SchemactlError as exc:
                raise SchemactlError(f"{schema.file}: cannot compare with registry subject {schema.subject!r}: "
                                     f"{exc.message}", exc.hint) from None
            result = dataclasses.replace(result, findings=[_relabel(f, schema.file) for f in result.findings],
                                         old=f"registry:{schema.subject}@{','.join(map(str, against))}",
                                         new=schema.file)
            checks.append(SubjectCheck(schema.file, schema.subject, level, tuple(against), result))
    return checks


def _relabel(finding: Finding, file: str) -> Finding:
    """The finding with the main schema's file shown as its repository path."""
    name = PurePosixPath(file).name

    def fix(location: Location | None) -> Location | None:
        if location is None or PurePosixPath(location.file).name != name:
            return location
        return dataclasses.replace(location, file=file)

    change: Change = dataclasses.replace(finding.change, location=fix(finding.change.location),
                                         old_location=fix(finding.change.old_location))
    return dataclasses.replace(finding, change=change)
