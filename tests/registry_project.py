"""A realistic repository of event contracts for the registry tests, and the sync scenarios run on it.

`Project` lays out 46 contracts deterministically: 22 Avro schemas in four namespaces (shared types such as
``Money``, ``Address`` and ``Location`` referenced across files, reference chains up to seven files deep),
12 protobuf files in six packages importing each other, and 12 JSON Schemas with relative ``$ref``s
across files. Its ``schemactl.yaml`` mixes subject naming: ``{stem}-value`` (TopicNameStrategy),
``orders-{record}`` (TopicRecordNameStrategy) and no subject (RecordNameStrategy), and declares a few
per-subject compatibility levels. The project knows, independently of the code under test, each file's
subject and references, so tests can check what sync derives and registers.

``token`` prefixes every subject (and the Avro namespaces, protobuf packages and JSON titles that
RecordNameStrategy derives subjects from), so a run against a shared registry stays under one prefix.

The scenario functions (`from_empty`, `rerun_writes_nothing`, `breaking_change_refused`,
`compatible_change`) are shared by ``test_registry_project.py`` (the in-process registry) and
``test_registry_live.py`` (a real one); they see the requests through a `Harness` log.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from schemactl.core.config import Config, load_config
from schemactl.registry.client import Reference, RegistryClient, Schema
from schemactl.registry.sync import SyncReport, collect, render_table, sync

DRAFT = "http://json-schema.org/draft-07/schema#"
AVRO, PROTOBUF, JSON = "AVRO", "PROTOBUF", "JSON"


@dataclass(frozen=True)
class ProjectFile:
    """One contract of the project: where it is, its schema type, the subject it must get, and its direct
    references (reference name → repository path of the file that defines it)."""

    path: str
    schema_type: str
    subject: str
    references: Mapping[str, str]
    text: str


@dataclass(frozen=True)
class Change:
    """A change applied to one file: which file and subject, and for a breaking change every rule schemactl
    finds in it (the report names one and counts the others) and the lines (1-based, inclusive) the finding
    must point into."""

    path: str
    subject: str
    rules: tuple[str, ...] = ()
    lines: tuple[int, int] = (0, 0)


# -- the contracts --------------------------------------------------------------------------------------------

def _avro(namespace: str, name: str, fields: list[dict[str, Any]], doc: str) -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": namespace, "doc": doc, "fields": fields}


def _f(name: str, kind: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, **extra}


TIMESTAMP = {"type": "long", "logicalType": "timestamp-millis"}
AVRO_HOME = {  # Avro type (namespace short name . Name) → the file that defines it
    "common.Currency": "avro/common/currency.avsc", "common.Money": "avro/common/money.avsc",
    "common.Uuid": "avro/common/uuid.avsc", "common.Address": "avro/common/address.avsc",
    "common.GeoPoint": "avro/common/geo_point.avsc", "common.Location": "avro/common/location.avsc",
    "common.Contact": "avro/common/contact.avsc", "common.Audit": "avro/common/audit.avsc",
    "customers.Tier": "avro/customers/tier.avsc", "customers.Customer": "avro/customers/customer.avsc",
    "customers.Account": "avro/customers/account.avsc", "orders.LineItem": "avro/orders/line_item.avsc",
    "orders.Order": "avro/orders/order.avsc", "orders.Shipment": "avro/orders/shipment.avsc",
    "orders.Invoice": "avro/orders/invoice.avsc", "orders.Refund": "avro/orders/refund.avsc",
}


class Project:
    """The realistic project under ``root``; `write` (re)creates every file and the config."""

    def __init__(self, root: Path, token: str = "") -> None:
        self.root = root
        self.token = token
        self.sp = f"{token}." if token else ""  # subject / namespace / package / title prefix
        self.files: dict[str, ProjectFile] = {}
        self._avro_files()
        self._proto_files()
        self._json_files()

    # -- Avro ----------------------------------------------------------------------------------------------
    def ns(self, short: str) -> str:
        """The Avro namespace ``com.acme.<short>`` under the token."""
        return f"{self.sp}com.acme.{short}"

    def avro_name(self, short: str) -> str:
        """The full name of ``<namespace short>.<Name>``, e.g. ``common.Money`` → ``com.acme.common.Money``."""
        space, _, name = short.rpartition(".")
        return f"{self.ns(space)}.{name}"

    def _add_avro(self, path: str, schema: dict[str, Any], subject: str, uses: Iterable[str]) -> None:
        refs = {self.avro_name(u): self._avro_file_of(u) for u in uses}
        self.files[path] = ProjectFile(path, AVRO, subject, refs, json.dumps(schema, indent=2) + "\n")

    def _avro_file_of(self, short: str) -> str:
        return AVRO_HOME[short]

    def _avro_files(self) -> None:
        n, ns = self.avro_name, self.ns
        common, customers, orders, events = ns("common"), ns("customers"), ns("orders"), ns("events")

        def shared(short: str, schema: dict[str, Any], uses: Iterable[str] = ()) -> None:
            self._add_avro(AVRO_HOME[short], schema, n(short), uses)

        shared("common.Currency", {"type": "enum", "name": "Currency", "namespace": common,
                                   "doc": "ISO 4217 currency code.", "symbols": ["EUR", "USD", "GBP", "JPY"]})
        shared("common.Money", _avro(common, "Money", [
            _f("units", "long", doc="Whole units of the amount."),
            _f("nanos", "int", default=0, doc="Nano units of the amount (10^-9)."),
            _f("currency", "Currency")], "An amount of money."), ["common.Currency"])
        shared("common.Uuid", {"type": "fixed", "name": "Uuid", "namespace": common, "size": 16})
        shared("common.Address", _avro(common, "Address", [
            _f("street", "string"), _f("city", "string"), _f("postcode", "string"),
            _f("country_code", "string", doc="ISO 3166-1 alpha-2.")], "A postal address."))
        shared("common.GeoPoint", _avro(common, "GeoPoint", [_f("lat", "double"), _f("lon", "double")],
                                        "WGS84 coordinates."))
        shared("common.Location", _avro(common, "Location", [
            _f("address", "Address"), _f("point", ["null", "GeoPoint"], default=None)], "A place."),
            ["common.Address", "common.GeoPoint"])
        shared("common.Contact", _avro(common, "Contact", [
            _f("email", "string"), _f("phone", ["null", "string"], default=None)], "How to reach someone."))
        shared("common.Audit", _avro(common, "Audit", [
            _f("created_at", TIMESTAMP), _f("created_by", "string")], "Who made a record, and when."))
        shared("customers.Tier", {"type": "enum", "name": "Tier", "namespace": customers,
                                  "symbols": ["BRONZE", "SILVER", "GOLD"]})
        shared("customers.Customer", _avro(customers, "Customer", [
            _f("id", n("common.Uuid")), _f("name", "string"), _f("contact", n("common.Contact")),
            _f("home", n("common.Location")), _f("audit", n("common.Audit"))], "A customer."),
            ["common.Uuid", "common.Contact", "common.Location", "common.Audit"])
        shared("customers.Account", _avro(customers, "Account", [
            _f("customer", "Customer"), _f("tier", "Tier"), _f("balance", n("common.Money"))],
            "A customer's account."), ["customers.Customer", "customers.Tier", "common.Money"])

        def order(short: str, schema: dict[str, Any], uses: Iterable[str]) -> None:  # TopicRecordNameStrategy
            self._add_avro(AVRO_HOME[short], schema, f"{self.sp}orders-{n(short)}", uses)

        order("orders.LineItem", _avro(orders, "LineItem", [
            _f("sku", "string"), _f("quantity", "int"), _f("unit_price", n("common.Money"))], "One order line."),
            ["common.Money"])
        order("orders.Order", _avro(orders, "Order", [
            _f("id", n("common.Uuid")), _f("customer", n("customers.Customer")),
            _f("items", {"type": "array", "items": "LineItem"}), _f("total", n("common.Money")),
            _f("ship_to", n("common.Address")), _f("audit", n("common.Audit"))], "An order."),
            ["common.Uuid", "customers.Customer", "orders.LineItem", "common.Money", "common.Address",
             "common.Audit"])
        order("orders.Shipment", _avro(orders, "Shipment", [
            _f("order_id", n("common.Uuid")), _f("origin", n("common.Location")),
            _f("destination", n("common.Location")), _f("carrier", "string")], "A parcel on its way."),
            ["common.Uuid", "common.Location"])
        order("orders.Invoice", _avro(orders, "Invoice", [
            _f("order", "Order"), _f("tax", n("common.Money")), _f("due_at", TIMESTAMP)], "A bill for an order."),
            ["orders.Order", "common.Money"])
        order("orders.Refund", _avro(orders, "Refund", [
            _f("invoice", "Invoice"), _f("amount", n("common.Money")),
            _f("reason", ["null", "string"], default=None)], "Money given back."),
            ["orders.Invoice", "common.Money"])

        def event(stem: str, name: str, fields: list[dict[str, Any]], uses: Iterable[str]) -> None:
            self._add_avro(f"avro/events/{stem}.avsc", _avro(events, name, fields, f"The {name} event."),
                           f"{self.sp}{stem}-value", uses)

        event("order_placed", "OrderPlaced", [_f("order", n("orders.Order")), _f("placed_at", TIMESTAMP)],
              ["orders.Order"])
        event("order_shipped", "OrderShipped", [_f("shipment", n("orders.Shipment")), _f("shipped_at", TIMESTAMP)],
              ["orders.Shipment"])
        event("payment_received", "PaymentReceived", [
            _f("invoice", n("orders.Invoice")), _f("amount", n("common.Money")), _f("received_at", TIMESTAMP)],
            ["orders.Invoice", "common.Money"])
        event("refund_issued", "RefundIssued", [_f("refund", n("orders.Refund")), _f("issued_at", TIMESTAMP)],
              ["orders.Refund"])
        event("customer_registered", "CustomerRegistered", [
            _f("customer", n("customers.Customer")), _f("account", ["null", n("customers.Account")], default=None)],
            ["customers.Customer", "customers.Account"])
        event("heartbeat", "Heartbeat", [_f("source", "string"), _f("at", TIMESTAMP)], [])

    # -- protobuf ------------------------------------------------------------------------------------------
    def package(self, short: str) -> str:
        """The protobuf package ``acme.<short>`` under the token."""
        return f"{self.sp}acme.{short}"

    def _add_proto(self, rel: str, package: str, imports: list[str], body: str, subject: str | None = None) -> None:
        pkg = self.package(package)
        lines = ['syntax = "proto3";', "", f"package {pkg};", ""]
        lines += [f'import "{i}";' for i in imports]
        if imports:
            lines.append("")
        text = "\n".join([*lines, body.strip("\n").replace("@", f"{self.sp}acme."), ""])
        message = re.search(r"^message (\w+)", body, re.MULTILINE)
        assert message is not None
        self.files[f"proto/{rel}"] = ProjectFile(f"proto/{rel}", PROTOBUF, subject or f"{pkg}.{message.group(1)}",
                                                 {i: f"proto/{i}" for i in imports}, text)

    def _proto_files(self) -> None:
        c = "acme/common"
        self._add_proto(f"{c}/money.proto", "common", [], """
// An amount of money in a currency.
message Money {
  string currency_code = 1;
  int64 units = 2;
  int32 nanos = 3;
}
""")
        self._add_proto(f"{c}/ids.proto", "common", [], """
message EntityId {
  string value = 1;
}
""")
        self._add_proto(f"{c}/address.proto", "common", [], """
message PostalAddress {
  repeated string lines = 1;
  string city = 2;
  string postal_code = 3;
  string region_code = 4;
}
""")
        self._add_proto(f"{c}/geo.proto", "common", [], """
message LatLng {
  double latitude = 1;
  double longitude = 2;
}
""")
        self._add_proto("acme/customers/customer.proto", "customers", [f"{c}/ids.proto", f"{c}/address.proto"], """
message Customer {
  @common.EntityId id = 1;
  string display_name = 2;
  @common.PostalAddress address = 3;
  Tier tier = 4;
}

enum Tier {
  TIER_UNSPECIFIED = 0;
  TIER_BRONZE = 1;
  TIER_GOLD = 2;
}
""")
        self._add_proto("acme/orders/line.proto", "orders", [f"{c}/money.proto"], """
message LineItem {
  string sku = 1;
  int32 quantity = 2;
  @common.Money unit_price = 3;
}
""")
        self._add_proto("acme/orders/order.proto", "orders",
                        [f"{c}/ids.proto", "acme/customers/customer.proto", "acme/orders/line.proto"], """
message Order {
  @common.EntityId id = 1;
  @customers.Customer customer = 2;
  repeated LineItem items = 3;
  Status status = 4;

  enum Status {
    STATUS_UNSPECIFIED = 0;
    STATUS_OPEN = 1;
    STATUS_PAID = 2;
    STATUS_CANCELLED = 3;
  }
}
""")
        self._add_proto("acme/payments/payment.proto", "payments",
                        [f"{c}/ids.proto", f"{c}/money.proto", "acme/orders/order.proto"], """
message Payment {
  @common.EntityId id = 1;
  @orders.Order order = 2;
  @common.Money amount = 3;
  oneof method {
    string card_token = 4;
    string iban = 5;
  }
}
""")
        self._add_proto("acme/shipping/shipment.proto", "shipping",
                        [f"{c}/ids.proto", f"{c}/address.proto", f"{c}/geo.proto"], """
message Shipment {
  @common.EntityId id = 1;
  @common.EntityId order_id = 2;
  @common.PostalAddress destination = 3;
  repeated @common.LatLng track = 4;
  map<string, string> labels = 5;
}
""")
        topic = f"{self.sp}{{}}-value"
        self._add_proto("acme/events/order_events.proto", "events",
                        ["acme/orders/order.proto", "acme/shipping/shipment.proto"], """
message OrderSubmitted {
  @orders.Order order = 1;
  int64 submitted_at_ms = 2;
}

message OrderDispatched {
  @shipping.Shipment shipment = 1;
  int64 dispatched_at_ms = 2;
}
""", topic.format("order_events"))
        self._add_proto("acme/events/payment_events.proto", "events", ["acme/payments/payment.proto"], """
message PaymentCaptured {
  @payments.Payment payment = 1;
  int64 captured_at_ms = 2;
}
""", topic.format("payment_events"))
        self._add_proto("acme/events/service_heartbeat.proto", "events", [], """
message ServiceHeartbeat {
  string service = 1;
  int64 at_ms = 2;
  map<string, string> tags = 3;
}
""", topic.format("service_heartbeat"))

    # -- JSON Schema ---------------------------------------------------------------------------------------
    def _add_json(self, rel: str, schema: dict[str, Any], refs: Iterable[str] = ()) -> None:
        path = f"json/{rel}"
        stem = Path(rel).stem
        subject = f"{self.sp}{stem}-value" if "/" not in rel else str(schema["title"])
        self.files[path] = ProjectFile(path, JSON, subject, {r: f"json/{r}" for r in refs},
                                       json.dumps({"$schema": DRAFT, **schema}, indent=2) + "\n")

    def _json_files(self) -> None:
        t = self.sp

        def closed(title: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
            return {"title": f"{t}{title}", "type": "object", "properties": properties, "required": required,
                    "additionalProperties": False}

        string = {"type": "string"}
        self._add_json("common/money.json", closed("Money", {
            "amount": {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
            "currency": {"type": "string", "enum": ["EUR", "USD", "GBP", "JPY"]}}, ["amount", "currency"]))
        self._add_json("common/address.json", closed("Address", {
            "street": string, "city": string, "postcode": string,
            "country": {"type": "string", "minLength": 2, "maxLength": 2}}, ["street", "city", "country"]))
        self._add_json("common/contact.json", closed("Contact", {
            "email": {"type": "string", "format": "email"}, "phone": string}, ["email"]))
        self._add_json("common/geo.json", closed("GeoPoint", {
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "lon": {"type": "number", "minimum": -180, "maximum": 180}}, ["lat", "lon"]))
        self._add_json("customer_profile.json", closed("CustomerProfile", {
            "id": string, "name": string, "contact": {"$ref": "common/contact.json"},
            "addresses": {"type": "array", "items": {"$ref": "common/address.json"}}}, ["id", "name"]),
            ["common/address.json", "common/contact.json"])
        self._add_json("cart.json", closed("Cart", {
            "id": string,
            "items": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["sku", "quantity"],
                "properties": {"sku": string, "quantity": {"type": "integer", "minimum": 1},
                               "price": {"$ref": "common/money.json"}}}},
            "total": {"$ref": "common/money.json"}}, ["id", "items"]), ["common/money.json"])
        self._add_json("checkout.json", closed("Checkout", {
            "cart": {"$ref": "cart.json"}, "customer": {"$ref": "customer_profile.json"},
            "ship_to": {"$ref": "common/address.json"}}, ["cart", "customer"]),
            ["cart.json", "common/address.json", "customer_profile.json"])
        self._add_json("payment_attempt.json", closed("PaymentAttempt", {
            "checkout": {"$ref": "checkout.json"}, "amount": {"$ref": "common/money.json"},
            "outcome": {"type": "string", "enum": ["approved", "declined", "error"]}}, ["checkout", "amount"]),
            ["checkout.json", "common/money.json"])
        self._add_json("store.json", closed("Store", {
            "id": string, "address": {"$ref": "common/address.json"}, "location": {"$ref": "common/geo.json"}},
            ["id", "address"]), ["common/address.json", "common/geo.json"])
        self._add_json("inventory_level.json", closed("InventoryLevel", {
            "store": {"$ref": "store.json"}, "sku": string, "on_hand": {"type": "integer", "minimum": 0}},
            ["store", "sku", "on_hand"]), ["store.json"])
        self._add_json("page_view.json", {"title": f"{t}PageView", "type": "object",
                                          "properties": {"url": {"type": "string", "format": "uri"},
                                                         "referrer": string, "at": string}})
        self._add_json("search_performed.json", {"title": f"{t}SearchPerformed", "type": "object",
                                                 "properties": {"query": string, "results": {"type": "integer"}}})

    # -- the config ----------------------------------------------------------------------------------------
    @property
    def levels(self) -> dict[str, str]:
        """The per-subject compatibility levels the config declares."""
        return {f"{self.sp}heartbeat-value": "NONE", self.avro_name("common.Money"): "FULL",
                f"{self.package('orders')}.Order": "BACKWARD_TRANSITIVE", f"{self.sp}search_performed-value": "NONE"}

    def config_text(self) -> str:
        """The ``schemactl.yaml``: subject naming per folder, import roots, per-subject levels."""
        sp = self.sp
        lines = [
            "version: 1",
            "contracts:",
            "  - name: avro-events        # TopicNameStrategy",
            "    paths: ['avro/events/**']",
            f"    subject: '{sp}{{stem}}-value'",
            "  - name: avro-orders        # TopicRecordNameStrategy",
            "    paths: ['avro/orders/**']",
            f"    subject: '{sp}orders-{{record}}'",
            "  - name: avro-shared        # RecordNameStrategy",
            "    paths: ['avro/**']",
            "  - name: proto-events",
            "    paths: ['proto/acme/events/**']",
            "    import_roots: [proto]",
            f"    subject: '{sp}{{stem}}-value'",
            "  - name: proto-shared",
            "    paths: ['proto/**']",
            "    import_roots: [proto]",
            "  - name: json-topics",
            "    paths: ['json/*.json']",
            f"    subject: '{sp}{{stem}}-value'",
            "  - name: json-shared        # RecordNameStrategy: the title",
            "    paths: ['json/**']",
            "registry:",
        ]
        lines.append("  compatibility:")
        lines += [f"    {subject}: {level}" for subject, level in self.levels.items()]
        return "\n".join(lines) + "\n"

    def write(self) -> Project:
        """(Re)write every contract and ``schemactl.yaml`` under ``root``, undoing any change; returns self."""
        for item in self.files.values():
            target = self.root / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(item.text, encoding="utf-8")
        (self.root / "schemactl.yaml").write_text(self.config_text(), encoding="utf-8")
        return self

    def config(self) -> Config:
        """The loaded config of the written project."""
        return load_config(self.root)

    # -- the reference graph -------------------------------------------------------------------------------
    @property
    def subjects(self) -> dict[str, str]:
        """Subject → file."""
        return {f.subject: f.path for f in self.files.values()}

    def subject_of(self, path: str) -> str:
        """The subject of a file."""
        return self.files[path].subject

    def dependents(self, path: str) -> set[str]:
        """The files that reference ``path``, directly or through other files."""
        found: set[str] = set()
        pending = [path]
        while pending:
            target = pending.pop()
            for item in self.files.values():
                if target in item.references.values() and item.path not in found:
                    found.add(item.path)
                    pending.append(item.path)
        return found

    def depth(self, path: str) -> int:
        """The length of the longest reference chain below ``path`` (0 for a file without references)."""
        refs = self.files[path].references.values()
        return 1 + max((self.depth(r) for r in refs), default=-1)

    def deletion_order(self) -> list[str]:
        """The subjects, dependents before what they reference (the order a registry lets us delete them)."""
        return [self.files[p].subject for p in sorted(self.files, key=lambda p: (-self.depth(p), p))]

    # -- changes -------------------------------------------------------------------------------------------
    def _edit(self, path: str, old: str, new: str) -> tuple[int, int]:
        """Replace ``old`` (once, exactly) by ``new`` in the file; returns the first and last line of ``new``."""
        target = self.root / path
        text = target.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{path}: {old!r} occurs {text.count(old)} times"
        first = text[:text.index(old)].count("\n") + 1
        target.write_text(text.replace(old, new), encoding="utf-8")
        return first, first + new.rstrip("\n").count("\n")

    def _edit_json(self, path: str, edit: Callable[[Any], None]) -> None:
        target = self.root / path
        data = json.loads(target.read_text(encoding="utf-8"))
        edit(data)
        target.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    @staticmethod
    def lines_of(text: str, needle: str, before: int = 0, after: int = 0) -> tuple[int, int]:
        """The line of the only occurrence of ``needle`` in ``text``, widened by ``before`` / ``after`` lines."""
        assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
        line = text[:text.index(needle)].count("\n") + 1
        return line - before, line + after

    def break_avro_shared_type(self) -> Change:
        """``Money.units`` (referenced by a dozen subjects) changes from long to string: breaking both ways."""
        path = "avro/common/money.avsc"

        def edit(data: Any) -> None:
            next(f for f in data["fields"] if f["name"] == "units")["type"] = "string"

        self._edit_json(path, edit)
        text = (self.root / path).read_text(encoding="utf-8")
        return Change(path, self.subject_of(path), ("AVRO_TYPE_CHANGED",),
                      self.lines_of(text, '"name": "units"', before=1, after=2))

    def break_protobuf_field_number_reused(self) -> Change:
        """``Money``'s field 2 (``int64 units``) is deleted and its number reused for a string field: under the
        registry's rules (buf's, plus schemactl's own ``PROTO_FIELD_REPURPOSED``) five findings on that line."""
        path = "proto/acme/common/money.proto"
        lines = self._edit(path, "  int64 units = 2;\n", "  string amount_text = 2;\n")
        return Change(path, self.subject_of(path), ("FIELD_SAME_JSON_NAME", "FIELD_SAME_NAME", "FIELD_SAME_TYPE",
                                                    "FIELD_WIRE_JSON_COMPATIBLE_TYPE", "PROTO_FIELD_REPURPOSED"),
                      lines)

    def break_json_closed_property_removed(self) -> Change:
        """``postcode`` is removed from the closed (``additionalProperties: false``) JSON ``Address``."""
        path = "json/common/address.json"
        old = (self.root / path).read_text(encoding="utf-8")

        def edit(data: Any) -> None:
            del data["properties"]["postcode"]

        self._edit_json(path, edit)
        return Change(path, self.subject_of(path), ("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",),
                      self.lines_of(old, '"postcode"', after=2))  # the finding is at the removed property

    def compatible_changes(self) -> list[Change]:
        """One compatible change per schema type, each in a shared file with dependents: an optional field
        with a default in Avro ``GeoPoint``, a new field number in protobuf ``Order`` (BACKWARD_TRANSITIVE),
        an optional property in the closed JSON ``Address``."""
        geo = "avro/common/geo_point.avsc"
        self._edit_json(geo, lambda data: data["fields"].append(
            {"name": "accuracy_m", "type": ["null", "double"], "default": None}))
        order = "proto/acme/orders/order.proto"
        self._edit(order, "  Status status = 4;\n", "  Status status = 4;\n  string note = 5;\n")
        address = "json/common/address.json"
        self._edit_json(address, lambda data: data["properties"].update(region={"type": "string"}))
        return [Change(p, self.subject_of(p)) for p in (geo, order, address)]


# -- talking to a registry ----------------------------------------------------------------------------------

WRITE_METHODS = ("PUT", "DELETE")
_REGISTER = re.compile(r"^/subjects/[^/]+/versions$")


def is_write(method: str, path: str) -> bool:
    """True for a request that changes a registry: registering a version, PUT (levels, mode) and DELETE.

    ``POST /subjects/{s}`` (lookup) and ``POST /compatibility/...`` only read.
    """
    return method in WRITE_METHODS or (method == "POST" and _REGISTER.match(path) is not None)


def registrations(log: Iterable[tuple[str, str]]) -> list[str]:
    """The subject of each registration request, in the order they arrived (retries included)."""
    return [path.split("/")[2] for method, path in log if method == "POST" and _REGISTER.match(path)]


class RecordingTransport(httpx.HTTPTransport):
    """An httpx transport that records ``(method, path below the base URL)`` of every request it sends, so a
    test against a real registry sees the same request log the in-process registry keeps."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_path = urlsplit(base_url).path.rstrip("/")
        self.requests: list[tuple[str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Record, then send."""
        path = request.url.path
        if self.base_path and path.startswith(self.base_path):
            path = path[len(self.base_path):]
        self.requests.append((request.method, path))
        return super().handle_request(request)


@dataclass
class Harness:
    """A project, a client of the registry it is synced to, and the log of requests that registry received."""

    project: Project
    client: RegistryClient
    log: Callable[[], list[tuple[str, str]]]
    concurrency: int = 8
    reports: list[SyncReport] = field(default_factory=list)

    def sync(self, dry_run: bool = False) -> tuple[SyncReport, list[tuple[str, str]]]:
        """Sync the project; the report and the requests the sync made."""
        mark = len(self.log())
        report = sync(self.client, self.project.root, self.project.config(), dry_run=dry_run,
                      concurrency=self.concurrency)
        self.reports.append(report)
        return report, self.log()[mark:]

    def versions(self) -> dict[str, list[int]]:
        """Each project subject's registered versions (empty when it does not exist)."""
        found: dict[str, list[int]] = {}
        present = set(self.client.subjects(prefix=self.project.sp or None))
        for subject in self.project.subjects:
            found[subject] = self.client.versions(subject) if subject in present else []
        return found


def registry_state(client: RegistryClient, subjects: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Every version of each subject as comparable data (schema type, canonical text, references; not ids)."""
    state: dict[str, list[dict[str, Any]]] = {}
    for subject in sorted(subjects):
        state[subject] = []
        for version in client.versions(subject):
            registered = client.get_version(subject, version)
            schema = registered.schema
            text = schema.text if schema.schema_type == PROTOBUF else json.dumps(json.loads(schema.text),
                                                                                    sort_keys=True)
            state[subject].append({"version": version, "type": schema.schema_type,
                                   "text": " ".join(text.split()) if schema.schema_type == PROTOBUF else text,
                                   "references": sorted((r.name, r.subject, r.version) for r in schema.references)})
    return state


def expected_references(project: Project, path: str, versions: Mapping[str, int]) -> list[tuple[str, str, int]]:
    """The references array ``path``'s latest version must carry, given each subject's latest version."""
    item = project.files[path]
    return sorted((name, project.subject_of(target), versions[project.subject_of(target)])
                  for name, target in item.references.items())


# -- the scenarios (shared by the in-process and the live test modules) ----------------------------------

def check_collect(project: Project) -> None:
    """schemactl derives the subject and references the project declares for every file."""
    found = {s.file: s for s in collect(project.root, project.config())}
    assert set(found) == set(project.files), set(found) ^ set(project.files)
    for path, item in project.files.items():
        assert found[path].subject == item.subject, (path, found[path].subject, item.subject)
        assert found[path].schema_type == item.schema_type, path
        assert found[path].references == dict(item.references), (path, found[path].references)


def from_empty(h: Harness) -> SyncReport:
    """Dry run (exact plan, no write), then sync: every subject registered once, references registered before
    the subjects that use them, references arrays right, declared levels set."""
    project = h.project
    planned, log = h.sync(dry_run=True)
    assert [p for p in log if is_write(*p)] == [], "a dry run wrote"
    assert {p.subject: p.action for p in planned.subjects} == dict.fromkeys(project.subjects, "new subject")
    assert {p.subject: p.set_level for p in planned.subjects if p.set_level} == project.levels
    assert all(p.detail == "" for p in planned.subjects), [p.detail for p in planned.subjects if p.detail]

    report, log = h.sync()
    assert report.error is None, report.error
    assert {p.subject: p.status for p in report.subjects} == dict.fromkeys(project.subjects, "registered")
    assert all(p.version == 1 for p in report.subjects)
    assert report.writes == len(project.subjects) + len(project.levels), report.writes
    order = registrations(log)
    assert sorted(order) == sorted(project.subjects), "a subject was registered twice, or not at all"
    position = {subject: i for i, subject in enumerate(order)}
    for item in project.files.values():
        for target in item.references.values():
            assert position[project.subject_of(target)] < position[item.subject], (item.subject, target)
    # a dependent is registered only after the registration of everything it references has been answered:
    # with references, sync sends the version it got back, so the registry must already hold it
    versions = dict.fromkeys(project.subjects, 1)
    for path, item in project.files.items():
        registered = h.client.get_version(item.subject)
        assert registered.version == 1 and registered.schema.schema_type == item.schema_type
        got = sorted((r.name, r.subject, r.version) for r in registered.schema.references)
        assert got == expected_references(project, path, versions), (item.subject, got)
    for subject, level in project.levels.items():
        assert h.client.get_level(subject, default_to_global=False) == level, subject
    return report


def rerun_writes_nothing(h: Harness) -> SyncReport:
    """A second sync of an unchanged project finds every subject unchanged and sends no write at all."""
    report, log = h.sync()
    assert report.error is None and report.writes == 0
    assert {p.subject: p.action for p in report.subjects} == dict.fromkeys(h.project.subjects, "unchanged")
    assert {p.status for p in report.subjects} == {"unchanged"}
    assert [p for p in log if is_write(*p)] == [], [p for p in log if is_write(*p)]
    return report


def breaking_change_refused(h: Harness, change: Change) -> SyncReport:
    """After ``change`` (breaking), sync refuses it naming the rule and ``file:line:col``, blocks every dependent,
    writes nothing; the project is then restored."""
    project = h.project
    before = h.versions()
    report, log = h.sync()
    try:
        assert [p for p in log if is_write(*p)] == [], "a refused sync wrote"
        assert report.writes == 0 and not report.applied
        actions = {p.subject: p.action for p in report.subjects}
        dependents = {project.subject_of(p) for p in project.dependents(change.path)}
        assert dependents, "a breaking change in a file nothing references proves little"
        expected = {s: "refused" if s == change.subject else "blocked" if s in dependents else "unchanged"
                    for s in project.subjects}
        assert actions == expected, {s: (a, expected[s]) for s, a in actions.items() if a != expected[s]}
        detail = next(p.detail for p in report.subjects if p.subject == change.subject)
        where = re.match(rf"^{re.escape(change.path)}:(\d+):(\d+): ([A-Z_]+): ", detail)
        assert where is not None, detail
        assert change.lines[0] <= int(where.group(1)) <= change.lines[1], (detail, change.lines)
        assert where.group(3) in change.rules, detail
        more = len(change.rules) - 1
        assert detail.endswith(f" (+{more} more)") if more else "more)" not in detail, detail
        table = render_table(report)
        assert f"refused: {change.subject}: {detail}" in table and "refused: nothing written" in table
        assert h.versions() == before
    finally:
        project.write()
    return report


def compatible_change(h: Harness) -> SyncReport:
    """After compatible changes, exactly the changed subjects and everything that references them (directly or
    not) get one new version, whose references point at the new versions; nothing else is written; a rerun
    writes nothing."""
    project = h.project
    before = h.versions()
    changes = project.compatible_changes()
    changed = {c.path for c in changes}
    affected = changed | {d for c in changes for d in project.dependents(c.path)}
    affected_subjects = {project.subject_of(p) for p in affected}
    report, log = h.sync()
    assert report.error is None, report.error
    assert {p.subject for p in report.subjects if p.action == "new version"} == affected_subjects
    assert {p.subject for p in report.subjects if p.action == "unchanged"} == set(project.subjects) - affected_subjects
    assert {p.status for p in report.subjects if p.subject in affected_subjects} == {"registered"}
    assert report.writes == len(affected_subjects)
    assert sorted(registrations(log)) == sorted(affected_subjects)
    writes = [p for p in log if is_write(*p)]
    assert len(writes) == len(affected_subjects), writes
    after = h.versions()
    latest = {}
    for subject, versions in after.items():
        grown = before[subject] + [before[subject][-1] + 1] if subject in affected_subjects else before[subject]
        assert versions == grown, (subject, before[subject], versions)
        latest[subject] = versions[-1]
    for path in affected:
        subject = project.subject_of(path)
        got = h.client.get_version(subject).schema
        refs = expected_references(project, path, latest)
        assert sorted((r.name, r.subject, r.version) for r in got.references) == refs, path
        # the new version is the repository's file (as the registry sees it: normalised, not byte for byte)
        local = Schema((project.root / path).read_text(encoding="utf-8"), project.files[path].schema_type,
                       tuple(Reference(*r) for r in refs))
        found = h.client.lookup(subject, local, normalize=True)
        assert found is not None and found.version == latest[subject], (path, found)
    rerun_writes_nothing(h)
    return report
