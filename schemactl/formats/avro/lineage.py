"""Checks over a whole history of versions, which no comparison of two versions can make."""

from __future__ import annotations

from schemactl.core.model import Change, Location
from schemactl.formats.avro.changes import FORMAT, signature
from schemactl.formats.avro.loader import Image
from schemactl.formats.avro.schema import Field, Record, Site


def _record_in(image: Image, record: Record) -> Record | None:
    """The version of ``record`` in ``image``: same full name, else one the record lists as an alias."""
    for name in (record.fullname, *record.aliases):
        found = image.types.get(name)
        if isinstance(found, Record):
            return found
    return None


def _has_field(record: Record, fld: Field) -> bool:
    return any(record.field_named(name) is not None for name in (fld.name, *fld.aliases))


def _location(image: Image, site: Site) -> Location:
    line, column = image.position(site)
    return Location(site.file, line, column)


def reused_field_names(images: list[Image]) -> list[Change]:
    """Fields new in the last version whose name an earlier version used for another type.

    A pairwise check sees such a field as merely added; but data written with the earlier version still
    holds the name with its old meaning, and a reader given that data reads it with the new one.
    """
    if len(images) < 3:
        return []
    new, previous, earlier = images[-1], images[-2], images[:-2]
    changes: list[Change] = []
    for record in new.types.values():
        if not isinstance(record, Record):
            continue
        before = _record_in(previous, record)
        for fld in record.fields:
            if before is not None and _has_field(before, fld):
                continue
            for image in reversed(earlier):
                old_record = _record_in(image, record)
                old_field = old_record.field_named(fld.name) if old_record else None
                if old_field is None:
                    continue
                was, now = signature(old_field.type), signature(fld.type)
                if was != now:
                    version = image.label or "an earlier version"
                    changes.append(Change(
                        "AVRO_FIELD_NAME_REUSED", fld.site.pointer,
                        f"field \"{fld.name}\" of record {record.fullname} was {was} in {version}, was removed, "
                        f"and is back as {now}: data written with that version will be read with the new meaning; "
                        "pick a new name", FORMAT, _location(new, fld.site), _location(image, old_field.site)))
                break
    return changes
