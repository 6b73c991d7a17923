"""The structural comparison of two OpenAPI versions: paths, operations, parameters, bodies, responses,
security, lifecycle; every schema pair found on the way goes to `schema_rules.schema_changes`.

Each finding carries the oasdiff check id it mirrors (``api-path-removed-without-deprecation``), turned
into a schemactl rule id (``API_PATH_REMOVED_WITHOUT_DEPRECATION``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from schemactl.core.model import Change, Location
from schemactl.formats.openapi import lifecycle as life
from schemactl.formats.openapi.document import OpenAPIDoc, OpenAPIImage
from schemactl.formats.openapi.match import (
    Operation,
    Param,
    is_success,
    match_media,
    match_statuses,
    normal_path,
    operations,
    webhook_operations,
    webhooks,
)

FORMAT = "openapi"
SchemaHook = Callable[..., list[Change]]


def rule_id(check: str) -> str:
    """The schemactl rule id of an oasdiff check id (``api-path-removed`` -> ``API_PATH_REMOVED``)."""
    return check.upper().replace("-", "_")


def _quote(value: Any) -> str:
    return f"'{value}'"


class DocDiff:
    """The findings between two documents (either may be None: a document added or removed)."""

    def __init__(self, old: OpenAPIDoc | None, new: OpenAPIDoc | None, options: Any = None,
                 schema_hook: SchemaHook | None = None) -> None:
        self.old = old
        self.new = new
        self.options = options
        self.changes: list[Change] = []
        self.schema_hook = schema_hook
        self.today = life.today()
        # Pairs of (old, new) schema nodes known to be equal / different (by id; the documents keep them alive).
        self._same: set[tuple[int, int]] = set()
        self._different: set[tuple[int, int]] = set()

    # -- emitting --------------------------------------------------------------------------------------

    def emit(self, check: str, path: str, message: str, location: Location | None = None,
             old_location: Location | None = None, breaks: frozenset[str] | None = None) -> None:
        self.changes.append(Change(rule=rule_id(check), path=path, message=message, format=FORMAT,
                                   location=location, old_location=old_location, breaks=breaks))

    def schemas(self, ctx: Any, old: Any, new: Any) -> None:
        """Hand one pair of schemas to the schema rules, unless the two are the same schema."""
        if self.schema_hook is None or (old is None and new is None) or self.old is None or self.new is None:
            return
        if old is not None and new is not None and self.same_schema(old, new):
            return
        self.changes.extend(self.schema_hook(ctx, old, new, self.old, self.new))

    def same_schema(self, old: Any, new: Any) -> bool:
        """True when two schemas are equal once every ``$ref`` is followed (cycles included).

        Most of a large spec does not change between versions, and the same component schemas are reached
        from many operations: this check (linear in the schemas' size, memoised for the whole pair of
        documents) lets unchanged ones skip the comparison. Values must be equal with equal types; a
        dialect change (3.0 -> 3.1) never counts as the same, since the keywords mean different things.
        """
        assert self.old is not None and self.new is not None
        if self.old.dialect != self.new.dialect:
            return False
        old_ws, new_ws = self.old.workspace, self.new.workspace

        def plain(ws: Any, node: Any) -> Any:
            seen = 0
            while type(node) is dict and len(node) == 1 and isinstance(node.get("$ref"), str) and seen < 64:
                node = ws.resolve_ref(node["$ref"], node)
                seen += 1
            return node

        root = (id(old), id(new))
        if root in self._same:
            return True
        if root in self._different:
            return False
        visited: set[tuple[int, int]] = set()
        work = [(old, new)]
        while work:
            a, b = work.pop()
            a, b = plain(old_ws, a), plain(new_ws, b)
            if type(a) is not type(b):
                return self._differs(root)
            if type(a) is dict:
                key = (id(a), id(b))
                if key in visited or key in self._same:
                    continue
                if key in self._different or a.keys() != b.keys():
                    return self._differs(root)
                visited.add(key)
                for name, value in a.items():
                    other = b[name]
                    if name == "$ref" and isinstance(value, str) and isinstance(other, str):
                        work.append((old_ws.resolve_ref(value, a), new_ws.resolve_ref(other, b)))
                    elif type(value) in (dict, list) or type(other) in (dict, list):
                        work.append((value, other))
                    elif type(value) is not type(other) or value != other:
                        return self._differs(root)
            elif type(a) is list:
                if len(a) != len(b):
                    return self._differs(root)
                work.extend(zip(a, b, strict=True))
            elif a != b:
                return self._differs(root)
        self._same.update(visited)
        self._same.add(root)
        return True

    def _differs(self, root: tuple[int, int]) -> bool:
        self._different.add(root)
        return False

    @staticmethod
    def at(doc: OpenAPIDoc | None, node: Any, key: str | int | None = None) -> Location | None:
        if doc is None or node is None:
            return None
        loc = doc.where(node, key)
        return loc if loc.file else None

    # -- the whole document ------------------------------------------------------------------------------

    def run(self) -> list[Change]:
        """Every structural finding, plus the schema rules' findings, for this pair of documents."""
        old_ops, new_ops = operations(self.old), operations(self.new)
        old_paths = {key[1] for key in old_ops}
        new_paths = {key[1] for key in new_ops}
        for key, op in old_ops.items():
            if key in new_ops:
                self.operation(op, new_ops[key])
            else:
                self.removed_operation(op, path_gone=key[1] not in new_paths)
        for key, op in new_ops.items():
            if key not in old_ops:
                self.emit("endpoint-added", op.label, "endpoint added", self.at(op.doc, op.node))
        del old_paths
        self.webhooks()
        self.global_security()
        self.components()
        self.versioning()
        return self.changes

    # -- operations --------------------------------------------------------------------------------------

    def removed_operation(self, op: Operation, path_gone: bool) -> None:
        try:
            level = life.stability(op.node)
        except life.LifecycleError as exc:
            self.emit("api-invalid-stability-level", op.label, f"invalid x-stability-level: {exc}",
                      None, self.at(op.doc, op.node, life.STABILITY_KEY))
            return
        if level in life.FREE_LEVELS:
            return
        where = self.new_paths_node(op)
        old_loc = self.at(op.doc, op.node)
        kind = "api-path" if path_gone else "api"
        noun = "api path" if path_gone else "api"
        if not op.node.get("deprecated"):
            self.emit(f"{kind}-removed-without-deprecation", op.label, f"{noun} removed without deprecation",
                      where, old_loc)
            return
        if life.SUNSET_KEY not in op.node:
            self.emit(f"{kind}-removed-with-deprecation", op.label, f"{noun} removed with deprecation",
                      where, old_loc)
            return
        try:
            date = life.sunset_date(op.node[life.SUNSET_KEY])
        except life.LifecycleError as exc:
            self.emit("api-path-sunset-parse", op.label, f"api sunset date can't be parsed: {exc}", where,
                      self.at(op.doc, op.node, life.SUNSET_KEY))
            return
        if self.today < date:
            self.emit(f"{kind}-removed-before-sunset", op.label, f"{noun} removed before the sunset date {date}",
                      where, old_loc)
        else:
            self.emit(f"{kind}-removed-with-deprecation", op.label,
                      f"{noun} removed with deprecation (sunset {date} passed)", where, old_loc)

    def new_paths_node(self, op: Operation) -> Location | None:
        """Where a removed operation was, in the new version: its path item, else ``paths``."""
        if self.new is None:
            return None
        paths = self.new.get("paths")
        if isinstance(paths, dict):
            for path, item in paths.items():
                if normal_path(str(path)) == normal_path(op.path):
                    return self.at(self.new, self.new.deref(item))
            return self.at(self.new, paths)
        return self.at(self.new, self.new.root)

    def operation(self, old: Operation, new: Operation) -> None:
        """Findings between two matched operations (draft and alpha ones: only their stability)."""
        label = new.label
        loc = self.at(new.doc, new.node)
        old_level = self.stability_change(old, new, label)
        if old_level is None or old_level in life.FREE_LEVELS:
            return
        self.deprecation(old, new, label, loc)
        self.operation_id(old, new, label)
        self.tags(old, new, label, loc)
        self.security(old.node.get("security"), new.node.get("security"), label, loc, "api",
                      (self.effective_security(old), self.effective_security(new)))
        self.parameters(old, new, label, old_level)
        self.request_body(old, new, label, loc, old_level)
        self.responses(old, new, label, loc, old_level)

    def stability_change(self, old: Operation, new: Operation, label: str) -> str | None:
        """Report unreadable or lowered levels; the old level, or None when either is unreadable."""
        levels: list[str] = []
        for op in (old, new):
            try:
                levels.append(life.stability(op.node))
            except life.LifecycleError as exc:
                loc = self.at(op.doc, op.node, life.STABILITY_KEY)
                self.emit("api-invalid-stability-level", label, f"invalid x-stability-level: {exc}",
                          loc if op is new else None, loc if op is old else None)
        if len(levels) < 2:
            return None
        before, after = levels
        if life.rank(before) != life.rank(after):
            check = "api-stability-decreased" if life.rank(after) < life.rank(before) else "api-stability-increased"
            self.emit(check, label, f"stability level changed from {_quote(before or 'stable')} to "
                      f"{_quote(after or 'stable')}", self.at(new.doc, new.node, life.STABILITY_KEY),
                      self.at(old.doc, old.node, life.STABILITY_KEY))
        return before

    def deprecation(self, old: Operation, new: Operation, label: str, loc: Location | None) -> None:
        was, now = bool(old.node.get("deprecated")), bool(new.node.get("deprecated"))
        dep_loc = self.at(new.doc, new.node, "deprecated") or loc
        if was and not now:
            self.emit("endpoint-reactivated", label, "endpoint reactivated", loc)
            return
        if not now:
            return
        level = life.stability_or_blank(new.node)
        days = life.deprecation_days(self.options, level)
        if not was:
            self.deprecated_now(new.node, days, label, dep_loc, "api", "endpoint")
            return
        self.sunset_moved(old.node, new.node, days, label, loc, "api")

    def deprecated_now(self, node: dict[str, Any], days: int, label: str, loc: Location | None,
                       prefix: str, what: str) -> None:
        """An element that became deprecated: with or without a valid, far enough sunset date."""
        ids = {"api": ("api-deprecated-sunset-missing", "api-deprecated-sunset-parse", "api-sunset-date-too-small",
                       "endpoint-deprecated", "endpoint-deprecated-with-sunset"),
               "param": ("request-parameter-deprecated-sunset-missing", "request-parameter-sunset-parse",
                         "request-parameter-sunset-date-too-small", "request-parameter-deprecated",
                         "request-parameter-deprecated")}[prefix]
        missing, parse, too_small, plain, with_sunset = ids
        if life.SUNSET_KEY not in node:
            if days > 0:
                self.emit(missing, label, f"{what} deprecated without a sunset date (policy: {days} days)", loc)
            else:
                self.emit(plain, label, f"{what} deprecated", loc)
            return
        try:
            date = life.sunset_date(node[life.SUNSET_KEY])
        except life.LifecycleError as exc:
            self.emit(parse, label, f"{what} sunset date can't be parsed: {exc}", loc)
            return
        if (date - self.today).days < days:
            self.emit(too_small, label, f"{what} sunset date {date} is too early: at least {days} days "
                      "from today are required", loc)
            return
        self.emit(with_sunset, label, f"{what} deprecated with sunset date {date}", loc)

    def sunset_moved(self, old_node: dict[str, Any], new_node: dict[str, Any], days: int, label: str,
                     loc: Location | None, prefix: str, what: str = "api") -> None:
        """A deprecated element whose sunset date was deleted or moved earlier."""
        deleted, parse, too_small = {
            "api": ("sunset-deleted", "api-path-sunset-parse", "api-sunset-date-changed-too-small"),
            "param": ("request-parameter-sunset-deleted", "request-parameter-sunset-parse",
                      "request-parameter-sunset-date-changed-too-small")}[prefix]
        if life.SUNSET_KEY not in old_node:
            return
        if life.SUNSET_KEY not in new_node:
            self.emit(deleted, label, f"{what} sunset date deleted, but deprecated=true kept", loc)
            return
        if old_node[life.SUNSET_KEY] == new_node[life.SUNSET_KEY]:
            return
        try:
            after = life.sunset_date(new_node[life.SUNSET_KEY])
            before = life.sunset_date(old_node[life.SUNSET_KEY])
        except life.LifecycleError as exc:
            self.emit(parse, label, f"{what} sunset date can't be parsed: {exc}", loc)
            return
        if before > after and (after - self.today).days < days:
            self.emit(too_small, label, f"{what} sunset date changed to an earlier date, from {before} to {after}",
                      loc)

    def operation_id(self, old: Operation, new: Operation, label: str) -> None:
        before, after = old.node.get("operationId"), new.node.get("operationId")
        if before == after:
            return
        if not before:
            self.emit("api-operation-id-added", label, f"api operation id {_quote(after)} added",
                      self.at(new.doc, new.node, "operationId"))
        else:
            self.emit("api-operation-id-removed", label,
                      f"api operation id {_quote(before)} removed and replaced with {_quote(after or '')}",
                      self.at(new.doc, new.node, "operationId") or self.at(new.doc, new.node),
                      self.at(old.doc, old.node, "operationId"))

    def tags(self, old: Operation, new: Operation, label: str, loc: Location | None) -> None:
        before = [str(t) for t in old.node.get("tags") or []]
        after = [str(t) for t in new.node.get("tags") or []]
        for tag in after:
            if tag not in before:
                self.emit("api-tag-added", label, f"api tag {_quote(tag)} added",
                          self.at(new.doc, new.node, "tags") or loc)
        for tag in before:
            if tag not in after:
                self.emit("api-tag-removed", label, f"api tag {_quote(tag)} removed",
                          self.at(new.doc, new.node, "tags") or loc, self.at(old.doc, old.node, "tags"))

    # -- security ----------------------------------------------------------------------------------------

    @staticmethod
    def requirements(raw: Any) -> dict[str, dict[str, list[str]]]:
        """Security requirements by their scheme names joined (``"apiKey AND oauth"``)."""
        found: dict[str, dict[str, list[str]]] = {}
        for req in raw if isinstance(raw, list) else []:
            if isinstance(req, dict):
                key = " AND ".join(sorted(str(k) for k in req))
                found[key] = {str(k): [str(s) for s in (v or [])] for k, v in req.items()}
        return found

    @staticmethod
    def effective_security(op: Operation) -> Any:
        """The security requirements that apply to an operation: its own, else the document's."""
        return op.node["security"] if "security" in op.node else op.doc.root.get("security")

    def security(self, old_raw: Any, new_raw: Any, label: str, loc: Location | None, prefix: str,
                 effective: tuple[Any, Any] | None = None) -> None:
        """Operation (``prefix`` "api") or global (``"api-global"``) security requirement changes.

        Requirements are compared as written (as oasdiff does); ``effective`` (the old and new requirements
        that actually apply, global ones included) decides whether an added requirement cuts anyone off.
        """
        before, after = self.requirements(old_raw), self.requirements(new_raw)
        where = "" if prefix == "api" else "global "
        # A new alternative next to requirements that all stay only widens what is accepted (schemactl's
        # catalog makes the rule breaking for the case where anonymous or other-scheme clients are cut off).
        was, now = (self.requirements(effective[0]), self.requirements(effective[1])) if effective else (before, after)
        widening = bool(was) and "" not in was and all(key in now for key in was)
        for key in after:
            if key and key not in before:
                self.emit(f"{prefix}-security-added", label, f"{where}security requirement {_quote(key)} added", loc,
                          breaks=frozenset() if widening else None)
        for key in before:
            if key and key not in after:
                self.emit(f"{prefix}-security-removed", label, f"{where}security requirement {_quote(key)} removed",
                          loc)
        for key in before.keys() & after.keys():
            for scheme, scopes in after[key].items():
                old_scopes = before[key].get(scheme, [])
                for scope in scopes:
                    if scope not in old_scopes:
                        self.emit(f"{prefix}-security-scope-added", label,
                                  f"{where}security scope {_quote(scope)} added to {_quote(scheme)}", loc)
                for scope in old_scopes:
                    if scope not in scopes:
                        self.emit(f"{prefix}-security-scope-removed", label,
                                  f"{where}security scope {_quote(scope)} removed from {_quote(scheme)}", loc)

    def global_security(self) -> None:
        if self.old is None or self.new is None:
            return
        loc = self.at(self.new, self.new.root, "security") or self.at(self.new, self.new.root)
        self.security(self.old.root.get("security"), self.new.root.get("security"), "security", loc, "api-global")

    def components(self) -> None:
        if self.old is None or self.new is None:
            return
        old_schemes = self.old.get("components", "securitySchemes") or {}
        new_schemes = self.new.get("components", "securitySchemes") or {}
        new_where = self.at(self.new, new_schemes) or self.at(self.new, self.new.root)
        for name in new_schemes:
            if name not in old_schemes:
                self.emit("api-security-component-added", f"components securitySchemes {name}",
                          f"component security scheme {_quote(name)} added", self.at(self.new, new_schemes, name))
        for name, old_raw in old_schemes.items():
            path = f"components securitySchemes {name}"
            if name not in new_schemes:
                self.emit("api-security-component-removed", path, f"component security scheme {_quote(name)} removed",
                          new_where, self.at(self.old, old_schemes, name))
                continue
            before, after = self.old.deref(old_raw), self.new.deref(new_schemes[name])
            if not isinstance(before, dict) or not isinstance(after, dict):
                continue
            loc = self.at(self.new, after)
            if before.get("type") != after.get("type"):
                self.emit("api-security-component-type-changed", path,
                          f"component security scheme {_quote(name)} type changed from "
                          f"{_quote(before.get('type'))} to {_quote(after.get('type'))}", loc)
            self.oauth_flows(name, path, before.get("flows"), after.get("flows"), loc)
        old_schemas = self.old.get("components", "schemas") or {}
        new_schemas = self.new.get("components", "schemas") or {}
        schemas_loc = self.at(self.new, new_schemas) or self.at(self.new, self.new.root)
        for name in old_schemas:
            if name not in new_schemas:
                self.emit("api-schema-removed", f"components schemas {name}",
                          f"removed the schema {_quote(name)}", schemas_loc, self.at(self.old, old_schemas, name))

    def oauth_flows(self, name: str, path: str, old_flows: Any, new_flows: Any, loc: Location | None) -> None:
        if not isinstance(old_flows, dict) or not isinstance(new_flows, dict):
            return
        for flow, before in old_flows.items():
            after = new_flows.get(flow)
            if not isinstance(before, dict) or not isinstance(after, dict):
                continue
            where = self.at(self.new, after) or loc
            if before.get("authorizationUrl") != after.get("authorizationUrl"):
                self.emit("api-security-component-oauth-url-changed", path,
                          f"component security scheme {_quote(name)} oauth {flow} authorization url changed from "
                          f"{_quote(before.get('authorizationUrl'))} to {_quote(after.get('authorizationUrl'))}", where)
            if before.get("tokenUrl") != after.get("tokenUrl"):
                self.emit("api-security-component-oauth-token-url-changed", path,
                          f"component security scheme {_quote(name)} oauth {flow} token url changed from "
                          f"{_quote(before.get('tokenUrl'))} to {_quote(after.get('tokenUrl'))}", where)
            old_scopes = before.get("scopes") or {}
            new_scopes = after.get("scopes") or {}
            for scope in new_scopes:
                if scope not in old_scopes:
                    self.emit("api-security-component-oauth-scope-added", path,
                              f"component security scheme {_quote(name)} oauth scope {_quote(scope)} added", where)
            for scope, text in old_scopes.items():
                if scope not in new_scopes:
                    self.emit("api-security-component-oauth-scope-removed", path,
                              f"component security scheme {_quote(name)} oauth scope {_quote(scope)} removed", where)
                elif new_scopes[scope] != text:
                    self.emit("api-security-component-oauth-scope-changed", path,
                              f"component security scheme {_quote(name)} oauth scope {_quote(scope)} changed "
                              f"from {_quote(text)} to {_quote(new_scopes[scope])}", where)

    # -- webhooks ----------------------------------------------------------------------------------------

    def webhooks(self) -> None:
        before, after = webhooks(self.old), webhooks(self.new)
        for name, item in after.items():
            if name not in before:
                self.emit("webhook-added", f"webhook {name}", f"webhook {_quote(name)} added",
                          self.at(self.new, item))
        for name, item in before.items():
            if name not in after:
                hooks = self.new.get("webhooks") if self.new is not None else None
                self.emit("webhook-removed", f"webhook {name}", f"webhook {_quote(name)} removed",
                          self.at(self.new, hooks) or (self.at(self.new, self.new.root) if self.new else None),
                          self.at(self.old, item))
        if self.old is None or self.new is None:
            return
        # Like oasdiff, an operation added to or removed from a webhook counts as the webhook's. What a
        # webhook's operations carry is not compared: there the API provider sends the request and the
        # subscriber answers, so the request/response directions of paths would give the wrong verdicts.
        for name in sorted(before.keys() & after.keys()):
            old_ops = webhook_operations(self.old, name, before[name])
            new_ops = webhook_operations(self.new, name, after[name])
            for method, op in new_ops.items():
                if method not in old_ops:
                    self.emit("webhook-added", op.label, f"webhook {_quote(name)} operation {method.upper()} added",
                              self.at(self.new, op.node))
            for method, op in old_ops.items():
                if method not in new_ops:
                    self.emit("webhook-removed", op.label,
                              f"webhook {_quote(name)} operation {method.upper()} removed",
                              self.at(self.new, after[name]), self.at(self.old, op.node))

    # -- parameters --------------------------------------------------------------------------------------

    def parameters(self, old: Operation, new: Operation, label: str, old_level: str) -> None:
        for key, param in new.params.items():
            if key in old.params:
                self.parameter(old.params[key], param, old, new, label, old_level)
                continue
            loc = self.at(new.doc, param.node)
            if param.where == "path":
                self.emit("new-request-path-parameter", f"{label} parameter {param.label}",
                          f"added the new path request parameter {_quote(param.name)}", loc)
            elif param.from_path_item:
                kind = "required" if param.required else "optional"
                self.emit(f"new-{kind}-request-default-parameter-to-existing-path", f"{label} parameter {param.label}",
                          f"added the new {kind} {_quote(param.where)} request parameter {_quote(param.name)} to all "
                          "operations of the path", loc)
            else:
                kind = "required" if param.required else "optional"
                self.emit(f"new-{kind}-request-parameter", f"{label} parameter {param.label}",
                          f"added the new {kind} {_quote(param.where)} request parameter {_quote(param.name)}", loc)
        for key, param in old.params.items():
            if key not in new.params:
                self.removed_parameter(param, new, label)

    def removed_parameter(self, param: Param, new: Operation, label: str) -> None:
        path = f"{label} parameter {param.label}"
        loc = self.at(new.doc, new.node)
        old_loc = self.at(self.old, param.node)
        what = f"{_quote(param.where)} request parameter {_quote(param.name)}"
        if not param.node.get("deprecated"):
            self.emit("request-parameter-removed", path, f"deleted the {what}", loc, old_loc)
            return
        if life.SUNSET_KEY not in param.node:
            self.emit("request-parameter-removed-with-deprecation", path, f"deleted the deprecated {what}", loc,
                      old_loc)
            return
        try:
            date = life.sunset_date(param.node[life.SUNSET_KEY])
        except life.LifecycleError as exc:
            self.emit("request-parameter-sunset-parse", path, f"{what} sunset date can't be parsed: {exc}", loc,
                      old_loc)
            return
        if self.today < date:
            self.emit("request-parameter-removed-before-sunset", path,
                      f"deleted the {what} before the sunset date {date}", loc, old_loc)
        else:
            self.emit("request-parameter-removed-with-deprecation", path,
                      f"deleted the deprecated {what} (sunset {date} passed)", loc, old_loc)

    def parameter(self, old: Param, new: Param, old_op: Operation, new_op: Operation, label: str,
                  old_level: str) -> None:
        path = f"{label} parameter {new.label}"
        loc = self.at(new_op.doc, new.node)
        what = f"{_quote(new.where)} request parameter {_quote(new.name)}"
        if old.required != new.required:
            check = "request-parameter-became-required" if new.required else "request-parameter-became-optional"
            self.emit(check, path, f"the {what} became {'required' if new.required else 'optional'}",
                      self.at(new_op.doc, new.node, "required") or loc)
        was, now = bool(old.node.get("deprecated")), bool(new.node.get("deprecated"))
        dep_loc = self.at(new_op.doc, new.node, "deprecated") or loc
        if was and not now:
            self.emit("request-parameter-reactivated", path, f"{what} reactivated", loc)
        elif now:
            days = life.deprecation_days(self.options, life.stability_or_blank(new_op.node))
            if not was:
                self.deprecated_now(new.node, days, path, dep_loc, "param", what)
            else:
                self.sunset_moved(old.node, new.node, days, path, loc, "param", what)
        self.schemas(self.context("request", "parameter", new_op, old_level, parameter=new.label),
                     self.param_schema(old_op.doc, old.node), self.param_schema(new_op.doc, new.node))

    @staticmethod
    def param_schema(doc: OpenAPIDoc, node: dict[str, Any]) -> Any:
        """A parameter's (or header's) schema: ``schema``, else the schema of its single ``content`` entry."""
        if "schema" in node:
            return node["schema"]
        content = doc.deref(node.get("content"))
        if isinstance(content, dict):
            for media in content.values():
                media = doc.deref(media)
                if isinstance(media, dict) and "schema" in media:
                    return media["schema"]
        return None

    def context(self, side: str, part: str, op: Operation, old_level: str, media_type: str = "", status: str = "",
                parameter: str = "") -> Any:
        if self.schema_hook is None:
            return None
        from schemactl.formats.openapi.schema_rules import SchemaContext

        return SchemaContext(side=side, part=part, operation=op.label, media_type=media_type, status=status,
                             parameter=parameter, old_stability=old_level, options=self.options)

    # -- request bodies ----------------------------------------------------------------------------------

    def request_body(self, old: Operation, new: Operation, label: str, loc: Location | None,
                     old_level: str) -> None:
        before = old.doc.deref(old.node.get("requestBody"))
        after = new.doc.deref(new.node.get("requestBody"))
        path = f"{label} request body"
        if not isinstance(before, dict) and not isinstance(after, dict):
            return
        if not isinstance(before, dict):
            assert isinstance(after, dict)
            required = after.get("required") is True
            self.emit("request-body-added-required" if required else "request-body-added-optional", path,
                      f"added {'required' if required else 'optional'} request body", self.at(new.doc, after) or loc)
            return
        if not isinstance(after, dict):
            self.emit("request-body-removed", path, "request body removed", loc, self.at(old.doc, before))
            return
        body_loc = self.at(new.doc, after) or loc
        was, now = before.get("required") is True, after.get("required") is True
        if was != now:
            self.emit("request-body-became-required" if now else "request-body-became-optional", path,
                      f"request body became {'required' if now else 'optional'}",
                      self.at(new.doc, after, "required") or body_loc)
        old_content = old.doc.deref(before.get("content")) or {}
        new_content = new.doc.deref(after.get("content")) or {}
        if not isinstance(old_content, dict) or not isinstance(new_content, dict):
            return
        pairs, removed, added = match_media(list(old_content), list(new_content))
        content_loc = self.at(new.doc, new_content) or body_loc
        for name, twin, how in pairs:
            if how == "specialized":  # clients sending other types of the old range are refused
                removed.append(name)
                added.append(twin)
                continue
            self.schemas(self.context("request", "body", new, old_level, media_type=twin),
                         self.media_schema(old.doc, old_content[name]), self.media_schema(new.doc, new_content[twin]))
        for name in removed:
            self.emit("request-body-media-type-removed", f"{path} {name}",
                      f"removed the request media type {_quote(name)}", content_loc,
                      self.at(old.doc, old_content, name))
        for name in added:
            self.emit("request-body-media-type-added", f"{path} {name}", f"added the request media type {_quote(name)}",
                      self.at(new.doc, new_content, name) or content_loc)

    @staticmethod
    def media_schema(doc: OpenAPIDoc, media: Any) -> Any:
        media = doc.deref(media)
        return media.get("schema") if isinstance(media, dict) else None

    # -- responses ---------------------------------------------------------------------------------------

    def responses(self, old: Operation, new: Operation, label: str, loc: Location | None, old_level: str) -> None:
        before = old.doc.deref(old.node.get("responses")) or {}
        after = new.doc.deref(new.node.get("responses")) or {}
        if not isinstance(before, dict) or not isinstance(after, dict):
            return
        responses_loc = self.at(new.doc, after) or loc
        pairs, removed, added = match_statuses([str(s) for s in before], [str(s) for s in after])
        old_by = {str(k): v for k, v in before.items()}
        new_by = {str(k): v for k, v in after.items()}
        for status in removed:
            kind = "success" if is_success(status) else "non-success"
            self.emit(f"response-{kind}-status-removed", f"{label} response {status}",
                      f"removed the {kind} response with the status {_quote(status)}", responses_loc,
                      self.at(old.doc, before, status if status in before else None))
        for status in added:
            kind = "success" if is_success(status) else "non-success"
            self.emit(f"response-{kind}-status-added", f"{label} response {status}",
                      f"added the {kind} response with the status {_quote(status)}",
                      self.at(new.doc, new_by[status]) or responses_loc)
        for old_status, new_status in pairs:
            self.response(old, new, label, old_status, new_status, old.doc.deref(old_by[old_status]),
                          new.doc.deref(new_by[new_status]), old_level)

    def response(self, old: Operation, new: Operation, label: str, old_status: str, status: str, before: Any,
                 after: Any, old_level: str) -> None:
        if not isinstance(before, dict) or not isinstance(after, dict):
            return
        path = f"{label} response {status}"
        resp_loc = self.at(new.doc, after)
        old_content = old.doc.deref(before.get("content")) or {}
        new_content = new.doc.deref(after.get("content")) or {}
        if isinstance(old_content, dict) and isinstance(new_content, dict):
            content_loc = self.at(new.doc, new_content) or resp_loc
            pairs, removed, added = match_media(list(old_content), list(new_content))
            for name, twin, how in pairs:
                if how != "same":
                    check = {"changed": "response-media-type-name-changed",
                             "generalized": "response-media-type-name-generalized",
                             "specialized": "response-media-type-name-specialized"}[how]
                    self.emit(check, f"{path} {twin}", f"media type changed from {_quote(name)} to {_quote(twin)} "
                              f"for the response with the status {_quote(status)}",
                              self.at(new.doc, new_content, twin) or content_loc, self.at(old.doc, old_content, name))
                self.schemas(self.context("response", "body", new, old_level, media_type=twin, status=status),
                             self.media_schema(old.doc, old_content[name]),
                             self.media_schema(new.doc, new_content[twin]))
            for name in removed:
                self.emit("response-media-type-removed", f"{path} {name}",
                          f"removed the media type {_quote(name)} for the response with the status {_quote(status)}",
                          content_loc, self.at(old.doc, old_content, name))
            for name in added:
                self.emit("response-media-type-added", f"{path} {name}",
                          f"added the media type {_quote(name)} for the response with the status {_quote(status)}",
                          self.at(new.doc, new_content, name) or content_loc)
        self.headers(old, new, path, status, before, after, resp_loc, old_level)

    def headers(self, old: Operation, new: Operation, path: str, status: str, before: dict[str, Any],
                after: dict[str, Any], resp_loc: Location | None, old_level: str) -> None:
        old_headers = old.doc.deref(before.get("headers")) or {}
        new_headers = new.doc.deref(after.get("headers")) or {}
        if not isinstance(old_headers, dict) or not isinstance(new_headers, dict):
            return
        old_by = {str(k).lower(): (str(k), old.doc.deref(v)) for k, v in old_headers.items()}
        new_by = {str(k).lower(): (str(k), new.doc.deref(v)) for k, v in new_headers.items()}
        headers_loc = self.at(new.doc, new_headers) or resp_loc
        for key, (name, _node) in new_by.items():
            if key not in old_by:
                self.emit("response-header-added", f"{path} header {name}",
                          f"added the response header {_quote(name)} for the status {_quote(status)}",
                          self.at(new.doc, new_headers, name) or headers_loc)
        for key, (name, node) in old_by.items():
            required = isinstance(node, dict) and node.get("required") is True
            if key not in new_by:
                check = "required-response-header-removed" if required else "optional-response-header-removed"
                self.emit(check, f"{path} header {name}",
                          f"the {'mandatory' if required else 'optional'} response header {_quote(name)} removed "
                          f"for the status {_quote(status)}", headers_loc, self.at(old.doc, old_headers, name))
                continue
            new_name, twin = new_by[key]
            if not isinstance(node, dict) or not isinstance(twin, dict):
                continue
            if required and twin.get("required") is not True:
                self.emit("response-header-became-optional", f"{path} header {new_name}",
                          f"the response header {_quote(new_name)} became optional for the status {_quote(status)}",
                          self.at(new.doc, twin, "required") or self.at(new.doc, twin) or headers_loc)
            self.schemas(self.context("response", "header", new, old_level, status=status, parameter=new_name),
                         self.param_schema(old.doc, node), self.param_schema(new.doc, twin))

    # -- versioning --------------------------------------------------------------------------------------

    def versioning(self) -> None:
        """oasdiff's versioning policy on ``info.version`` (semver only; other schemes are not judged)."""
        if self.old is None or self.new is None:
            return
        before = _semver(self.old.get("info", "version"))
        after = _semver(self.new.get("info", "version"))
        if before is None or after is None:
            return
        info = self.new.get("info")
        loc = self.at(self.new, info, "version") or self.at(self.new, self.new.root)
        old_loc = self.at(self.old, self.old.get("info"), "version")
        text_before, text_after = self.old.get("info", "version"), self.new.get("info", "version")
        if after < before:
            self.emit("api-version-decreased", "info version",
                      f"api version decreased from {_quote(text_before)} to {_quote(text_after)}", loc, old_loc)
            return
        if not self.changes:
            return
        if after == before:
            self.emit("api-version-not-bumped", "info version",
                      f"the api changed but its version {_quote(text_after)} did not", loc, old_loc)
        elif after[0] == before[0] and _any_breaking(self.changes):
            self.emit("api-major-version-not-bumped", "info version",
                      f"breaking changes but the major version did not change ({_quote(text_before)} to "
                      f"{_quote(text_after)})", loc, old_loc)


_SEMVER = re.compile(r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


def _semver(value: Any) -> tuple[int, int, int] | None:
    match = _SEMVER.match(str(value)) if isinstance(value, str) else None
    return (int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None


def _any_breaking(changes: Iterable[Change]) -> bool:
    """True when one of ``changes`` breaks in some direction (per change, else by its catalog rule)."""
    from schemactl.core.catalog import load_catalog

    catalog = load_catalog("openapi")
    for change in changes:
        if change.breaks is not None:
            if change.breaks:
                return True
        elif change.rule in catalog and catalog.get(change.rule).breaks:
            return True
    return False


def pair_documents(old: OpenAPIImage, new: OpenAPIImage) -> list[tuple[OpenAPIDoc | None, OpenAPIDoc | None]]:
    """Documents compared with each other: the only one of each side, else by relative name."""
    if len(old.docs) == 1 and len(new.docs) == 1:
        return [(next(iter(old)), next(iter(new)))]
    pairs: list[tuple[OpenAPIDoc | None, OpenAPIDoc | None]] = []
    for name, doc in old.docs.items():
        pairs.append((doc, new.docs.get(name)))
    for name, doc in new.docs.items():
        if name not in old.docs:
            pairs.append((None, doc))
    return pairs


def diff_images(old: OpenAPIImage, new: OpenAPIImage, options: Any = None,
                schema_hook: SchemaHook | None = None) -> list[Change]:
    """Every finding between two versions (structural ones and, through ``schema_hook``, schema ones)."""
    changes: list[Change] = []
    for before, after in pair_documents(old, new):
        changes.extend(DocDiff(before, after, options, schema_hook).run())
    return changes
