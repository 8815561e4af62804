"""The ledger definitions read from `ledgers.toml`, and the header normalisation used to match them.

The fields, types and header aliases are data so that a clerk's new spelling of a header is a one-line change
to the TOML file, not a code change; this module only turns that file into typed, validated objects.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

LEDGERS_FILE = Path(__file__).with_name("ledgers.toml")
FIELD_TYPES = ("unit", "date", "count", "number", "text", "bool", "choice")

# Units in brackets after a header name ("受益群众（人次）", "时长(小时)") say nothing about which field it is.
_BRACKETED = re.compile(r"[(\[【〔][^)\]】〕]*[)\]】〕]")
_SPACES = re.compile(r"\s+")


def normalise_header(text: str) -> str:
    """A header reduced for matching: NFKC, whitespace removed, bracketed units dropped."""
    folded = unicodedata.normalize("NFKC", text)
    return _BRACKETED.sub("", _SPACES.sub("", folded))


def normalise_value(text: str) -> str:
    """A choice or yes/no spelling reduced for matching: NFKC and whitespace removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Field:
    """One canonical field of a ledger: a column of its table (except the roster's `aliases`)."""

    name: str
    label: str
    type: str
    required: bool
    key: bool
    aliases: tuple[str, ...]
    values: tuple[str, ...] = ()
    value_aliases: tuple[tuple[str, str], ...] = ()
    true: tuple[str, ...] = ()
    false: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ledger:
    """One kind of ledger: its table, its fields and how a header maps to a field."""

    name: str
    label: str
    table: str
    fields: tuple[Field, ...]
    header_index: dict[str, str]

    def field(self, name: str) -> Field:
        """The field called `name`."""
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)

    @property
    def required(self) -> tuple[Field, ...]:
        """The fields every file of this ledger must have a column for."""
        return tuple(f for f in self.fields if f.required)

    @property
    def key_fields(self) -> tuple[Field, ...]:
        """The fields that together identify a row (its natural key)."""
        return tuple(f for f in self.fields if f.key)

    def match(self, header: str) -> str | None:
        """The field a header from a file maps to, or None.

        A flattened two-row header ("服务情况/服务人数") matches as a whole first, then by its lower part.
        """
        whole = normalise_header(header)
        if whole in self.header_index:
            return self.header_index[whole]
        if "/" in header:
            return self.header_index.get(normalise_header(header.rsplit("/", 1)[1]))
        return None


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ValueError(f"{LEDGERS_FILE.name}: {where} must be a list of strings")
    return tuple(raw)


def _field(raw: dict[str, Any], families: dict[str, tuple[str, ...]], where: str) -> Field:
    kind = raw.get("type")
    if kind not in FIELD_TYPES:
        raise ValueError(f"{LEDGERS_FILE.name}: {where} has type {kind!r}, expected one of {FIELD_TYPES}")
    aliases = list(_strings(raw.get("aliases", []), f"{where}.aliases"))
    for family in _strings(raw.get("families", []), f"{where}.families"):
        if family not in families:
            raise ValueError(f"{LEDGERS_FILE.name}: {where} names unknown family {family!r}")
        aliases.extend(families[family])
    value_aliases = raw.get("value_aliases", {})
    values = _strings(raw.get("values", []), f"{where}.values")
    if kind == "choice" and not values:
        raise ValueError(f"{LEDGERS_FILE.name}: {where} is a choice field without values")
    for spelling, value in value_aliases.items():
        if value not in values:
            raise ValueError(f"{LEDGERS_FILE.name}: {where}.value_aliases maps {spelling!r} to unknown {value!r}")
    label = raw.get("label", raw["name"])
    return Field(
        name=raw["name"],
        label=label,
        type=kind,
        required=bool(raw.get("required", False)),
        key=bool(raw.get("key", False)),
        aliases=tuple(dict.fromkeys([raw["name"], label, *aliases])),
        values=values,
        value_aliases=tuple(value_aliases.items()),
        true=_strings(raw.get("true", ["是"]), f"{where}.true") if kind == "bool" else (),
        false=_strings(raw.get("false", ["否"]), f"{where}.false") if kind == "bool" else (),
    )


def parse_ledgers(data: dict[str, Any]) -> dict[str, Ledger]:
    """Typed ledgers from the parsed TOML; raises ValueError naming the entry that is wrong."""
    families = {name: _strings(v, f"families.{name}") for name, v in data.get("families", {}).items()}
    ledgers: dict[str, Ledger] = {}
    for name, raw in data["ledgers"].items():
        fields = tuple(_field(f, families, f"ledgers.{name}.fields[{i}]") for i, f in enumerate(raw["fields"]))
        index: dict[str, str] = {}
        for field in fields:
            for alias in field.aliases:
                key = normalise_header(alias)
                if index.get(key, field.name) != field.name:
                    raise ValueError(
                        f"{LEDGERS_FILE.name}: in ledger {name!r} the header {alias!r} maps to both "
                        f"{index[key]!r} and {field.name!r}"
                    )
                index[key] = field.name
        ledgers[name] = Ledger(name, raw["label"], raw["table"], fields, index)
    return ledgers


@cache
def load_ledgers() -> dict[str, Ledger]:
    """The ledgers defined in `ledgers.toml`, in import order (the units roster first)."""
    with LEDGERS_FILE.open("rb") as fh:
        return parse_ledgers(tomllib.load(fh))


LEDGERS: list[str] = list(load_ledgers())
