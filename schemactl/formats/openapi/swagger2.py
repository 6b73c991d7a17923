"""Swagger 2.0 converted in memory to the OpenAPI 3.0 model, keeping the 2.0 nodes' positions.

Schemas are not copied: ``definitions`` becomes ``components.schemas`` as the same dict, and body and
response schemas are the 2.0 nodes themselves, so their ``$ref``s (``#/definitions/X``) still resolve in
the workspace and findings inside them point at the 2.0 lines. Rebuilt nodes (operations, parameters,
request bodies, responses, headers, the schemas of non-body parameters) are recorded in ``origins``
(id of the new node -> the 2.0 node it came from), which `OpenAPIDoc.where` follows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Parameter keys that describe the value: they move into the parameter's schema.
SCHEMA_KEYS = ("type", "format", "items", "enum", "default", "maximum", "exclusiveMaximum", "minimum",
               "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
               "multipleOf")
# collectionFormat -> (style, explode) for query/header/path parameters.
COLLECTION_STYLES = {"csv": ("form", False), "ssv": ("spaceDelimited", False), "pipes": ("pipeDelimited", False),
                     "multi": ("form", True), "tsv": ("tabDelimited", False)}
OAUTH_FLOWS = {"implicit": "implicit", "password": "password", "application": "clientCredentials",
               "accessCode": "authorizationCode"}

Deref = Callable[[Any], Any]


def _identity(node: Any) -> Any:
    return node


class _Converter:
    def __init__(self, root: dict[str, Any], origins: dict[int, Any], deref: Deref) -> None:
        self.root = root
        self.origins = origins
        self.deref = deref
        self.consumes: list[str] = list(root.get("consumes") or ["application/json"])
        self.produces: list[str] = list(root.get("produces") or ["application/json"])

    def made(self, new: dict[str, Any], origin: Any) -> dict[str, Any]:
        self.origins[id(new)] = origin
        return new

    def value_schema(self, param: dict[str, Any]) -> dict[str, Any]:
        """The 3.0 schema of a non-body parameter, header or items object."""
        schema: dict[str, Any] = {}
        for key in SCHEMA_KEYS:
            if key in param:
                schema[key] = param[key]
        if isinstance(schema.get("items"), dict):
            schema["items"] = self.value_schema(self.deref(schema["items"]))
        if schema.get("type") == "file":
            schema["type"], schema["format"] = "string", "binary"
        if param.get("x-nullable") is True:
            schema["nullable"] = True
        return self.made(schema, param)

    def parameter(self, param: dict[str, Any]) -> dict[str, Any]:
        new: dict[str, Any] = {k: v for k, v in param.items() if k not in SCHEMA_KEYS
                               and k not in ("collectionFormat", "x-nullable")}
        new["schema"] = self.value_schema(param)
        fmt = param.get("collectionFormat")
        if param.get("type") == "array" and fmt in COLLECTION_STYLES:
            style, explode = COLLECTION_STYLES[fmt]
            if param.get("in") in ("path", "header") and fmt == "csv":
                style = "simple"
            new["style"], new["explode"] = style, explode
        return self.made(new, param)

    def request_body(self, body: dict[str, Any] | None, form: list[dict[str, Any]],
                     consumes: list[str]) -> dict[str, Any] | None:
        if body is not None:
            content = {mt: {"schema": body["schema"]} if "schema" in body else {} for mt in consumes}
            new: dict[str, Any] = {"content": content, "required": bool(body.get("required", False))}
            if "description" in body:
                new["description"] = body["description"]
            for key, value in body.items():
                if key.startswith("x-"):
                    new[key] = value
            return self.made(new, body)
        if not form:
            return None
        props = {p["name"]: self.value_schema(p) for p in form}
        required = [p["name"] for p in form if p.get("required")]
        types = [mt for mt in consumes if mt in FORM_TYPES]
        if not types:
            types = ["multipart/form-data" if any(p.get("type") == "file" for p in form)
                     else "application/x-www-form-urlencoded"]
        content = {}
        for mt in types:
            schema: dict[str, Any] = {"type": "object", "properties": props}
            if required:
                schema["required"] = required
            content[mt] = {"schema": self.made(schema, form[0])}
        return self.made({"content": content, "required": bool(required)}, form[0])

    def response(self, resp: dict[str, Any], produces: list[str]) -> dict[str, Any]:
        new: dict[str, Any] = {k: v for k, v in resp.items() if k not in ("schema", "headers", "examples")}
        if "schema" in resp:
            new["content"] = {mt: {"schema": resp["schema"]} for mt in produces}
        headers = resp.get("headers")
        if isinstance(headers, dict):
            new["headers"] = self.made({name: self.made({"schema": self.value_schema(self.deref(h)),
                                               **({"description": h["description"]} if "description" in h
                                                  else {})}, h)
                              for name, h in headers.items() if isinstance(h, dict)}, headers)
        return self.made(new, resp)

    def split(self, params: list[Any]) -> tuple[list[dict[str, Any]], dict[str, Any] | None, list[dict[str, Any]]]:
        """(converted non-body parameters, the body parameter, the formData parameters)."""
        plain: list[dict[str, Any]] = []
        body: dict[str, Any] | None = None
        form: list[dict[str, Any]] = []
        for raw in params:
            param = self.deref(raw)
            if not isinstance(param, dict):
                continue
            where = param.get("in")
            if where == "body":
                body = param
            elif where == "formData":
                form.append(param)
            else:
                plain.append(self.parameter(param))
        return plain, body, form

    def operation(self, op: dict[str, Any], path_body: dict[str, Any] | None,
                  path_form: list[dict[str, Any]]) -> dict[str, Any]:
        new: dict[str, Any] = {k: v for k, v in op.items()
                               if k not in ("parameters", "responses", "consumes", "produces", "schemes")}
        consumes = list(op.get("consumes") or self.consumes)
        produces = list(op.get("produces") or self.produces)
        plain, body, form = self.split(list(op.get("parameters") or []))
        if plain:
            new["parameters"] = plain
        names = {p.get("name") for p in form}
        form = [p for p in path_form if p.get("name") not in names] + form
        request = self.request_body(body if body is not None else path_body, form, consumes)
        if request is not None:
            new["requestBody"] = request
        responses = op.get("responses")
        if isinstance(responses, dict):
            new["responses"] = self.made({str(status): self.response(self.deref(r), produces)
                                          for status, r in responses.items()
                                          if isinstance(self.deref(r), dict)}, responses)
        return self.made(new, op)

    def path_item(self, item: dict[str, Any]) -> dict[str, Any]:
        new: dict[str, Any] = {k: v for k, v in item.items() if k not in METHODS and k != "parameters"}
        plain, body, form = self.split(list(item.get("parameters") or []))
        if plain:
            new["parameters"] = plain
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                new[method] = self.operation(op, body, form)
        return self.made(new, item)

    def security_scheme(self, scheme: dict[str, Any]) -> dict[str, Any]:
        kind = scheme.get("type")
        new: dict[str, Any] = {k: v for k, v in scheme.items() if k == "description" or k.startswith("x-")}
        if kind == "basic":
            new.update(type="http", scheme="basic")
        elif kind == "apiKey":
            new.update(type="apiKey", name=scheme.get("name"), **{"in": scheme.get("in")})
        elif kind == "oauth2":
            flow: dict[str, Any] = {"scopes": scheme.get("scopes") or {}}
            if "authorizationUrl" in scheme:
                flow["authorizationUrl"] = scheme["authorizationUrl"]
            if "tokenUrl" in scheme:
                flow["tokenUrl"] = scheme["tokenUrl"]
            new.update(type="oauth2", flows={OAUTH_FLOWS.get(str(scheme.get("flow")), "implicit"):
                                             self.made(flow, scheme)})
        else:
            new["type"] = kind
        return self.made(new, scheme)

    def convert(self) -> dict[str, Any]:
        root = self.root
        new: dict[str, Any] = {"openapi": "3.0.3"}
        skip = {"swagger", "host", "basePath", "schemes", "consumes", "produces", "definitions", "parameters",
                "responses", "securityDefinitions", "paths"}
        new.update({k: v for k, v in root.items() if k not in skip})
        if "host" in root or "basePath" in root:
            host, base = root.get("host", ""), root.get("basePath", "")
            new["servers"] = [{"url": f"{scheme}://{host}{base}" if host else base}
                              for scheme in (root.get("schemes") or ["https"])]
        components: dict[str, Any] = {}
        if isinstance(root.get("definitions"), dict):
            components["schemas"] = root["definitions"]
        if isinstance(root.get("parameters"), dict):
            components["parameters"] = {name: self.parameter(p) for name, p in root["parameters"].items()
                                        if isinstance(p, dict) and p.get("in") not in ("body", "formData")}
        if isinstance(root.get("responses"), dict):
            components["responses"] = {name: self.response(r, self.produces)
                                       for name, r in root["responses"].items() if isinstance(r, dict)}
        if isinstance(root.get("securityDefinitions"), dict):
            components["securitySchemes"] = self.made({name: self.security_scheme(s) for name, s in
                                                       root["securityDefinitions"].items() if isinstance(s, dict)},
                                                      root["securityDefinitions"])
        if components:
            new["components"] = components
        paths = root.get("paths")
        if isinstance(paths, dict):
            new["paths"] = self.made({p: self.path_item(self.deref(item)) for p, item in paths.items()
                                      if isinstance(self.deref(item), dict)}, paths)
        return self.made(new, root)


def convert(root: dict[str, Any], origins: dict[int, Any], deref: Deref = _identity) -> dict[str, Any]:
    """The OpenAPI 3.0 form of the Swagger 2.0 document ``root`` (which is left unchanged).

    ``deref`` follows a ``$ref`` node to its target (the workspace's); rebuilt nodes are recorded in
    ``origins`` as id(new node) -> 2.0 node.
    """
    return _Converter(root, origins, deref).convert()
