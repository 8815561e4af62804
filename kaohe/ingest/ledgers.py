"""The ledger definitions read from `ledgers.toml`, and the header normalisation used to match them.

The fields, types and header aliases are data so that a clerk's new spelling of a header is a one-line change
to the TOML file, not a code change; this module only turns that file into typed, validated objects.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from kaohe.labels import LABELS, Text

LEDGERS_FILE = Path(__file__).with_name("ledgers.toml")
FIELD_TYPES = ("unit", "units", "date", "count", "number", "text", "bool", "choice")

# Units in brackets after a header name ("受益群众（人次）", "时长(小时)") say nothing about which field it is.
_BRACKETED = re.compile(r"[(\[【〔][^)\]】〕]*[)\]】〕]")  # cjk: brackets offices put units of measure in
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
    code_prefixes: tuple[tuple[str, str], ...] = ()  # the roster's kind field: kind → prefix of assigned codes
    example: str = ""  # a typical value, for the template's instructions
    suggestions: tuple[str, ...] = ()  # common values a template offers in a drop-down without forbidding others

    def display(self) -> Text:
        """The field's name for users: its header in ledgers.toml, in English its label in kaohe.labels."""
        return Text(self.label, LABELS[f"field.{self.name}"][1])


# A header a user told the importer to leave out maps to this instead of a field.
IGNORE = ""


@dataclass(frozen=True)
class Ledger:
    """One kind of ledger: its table, its fields and how a header maps to a field."""

    name: str
    label: str
    table: str
    fields: tuple[Field, ...]
    header_index: dict[str, str]
    # Spellings given for this file or saved by users (normalised header → field, or IGNORE); they win over
    # the shipped aliases in `header_index`.
    overrides: tuple[tuple[str, str], ...] = ()
    # A list of current state (the roster, the leaders): a changed row replaces the stored row with its key.
    replaces: bool = False

    def display(self) -> Text:
        """The ledger's name for users: its label in ledgers.toml, in English its label in kaohe.labels."""
        return Text(self.label, LABELS[f"ledger.{self.name}"][1])

    def with_spellings(self, spellings: Mapping[str, str]) -> Ledger:
        """This ledger with extra header spellings (header → field name, or IGNORE) that win over the table's.

        Raises KeyError naming a field the ledger does not have.
        """
        names = {f.name for f in self.fields}
        added = dict(self.overrides)
        for header, field in spellings.items():
            if field != IGNORE and field not in names:
                raise KeyError(field)
            added[normalise_header(header)] = field
        return replace(self, overrides=tuple(added.items()))

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
        for index in (dict(self.overrides), self.header_index):
            for candidate in _candidates(header):
                if candidate in index:
                    return index[candidate] or None
        return None

    def overridden(self, header: str) -> bool:
        """Whether a spelling given for this file or saved by a user decides the header's field."""
        overrides = dict(self.overrides)
        return any(candidate in overrides for candidate in _candidates(header))


def _candidates(header: str) -> list[str]:
    """The normalised forms a header is matched by: whole, then a flattened two-row header's lower part."""
    candidates = [normalise_header(header)]
    if "/" in header:
        candidates.append(normalise_header(header.rsplit("/", 1)[1]))
    return candidates


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
    prefixes = raw.get("code_prefixes", {})
    if prefixes and set(prefixes) != set(values):
        raise ValueError(f"{LEDGERS_FILE.name}: {where}.code_prefixes must give a prefix for each of {values}")
    return Field(
        name=raw["name"],
        label=label,
        type=kind,
        required=bool(raw.get("required", False)),
        key=bool(raw.get("key", False)),
        aliases=tuple(dict.fromkeys([raw["name"], label, *aliases])),
        values=values,
        value_aliases=tuple(value_aliases.items()),
        true=_strings(raw.get("true", ["是"]), f"{where}.true") if kind == "bool" else (),  # cjk: yes as written
        false=_strings(raw.get("false", ["否"]), f"{where}.false") if kind == "bool" else (),  # cjk: no as written
        code_prefixes=tuple(prefixes.items()),
        example=str(raw.get("example", "")),
        suggestions=_strings(raw.get("suggestions", []), f"{where}.suggestions"),
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
        ledgers[name] = Ledger(name, raw["label"], raw["table"], fields, index, replaces=bool(raw.get("replaces")))
    return ledgers


@cache
def _definitions() -> dict[str, Any]:
    with LEDGERS_FILE.open("rb") as fh:
        return tomllib.load(fh)


@cache
def load_ledgers() -> dict[str, Ledger]:
    """The ledgers defined in `ledgers.toml`, in import order (the units roster first)."""
    return parse_ledgers(_definitions())


LEDGERS: list[str] = list(load_ledgers())
# The ledgers of things done (services, meetings, cases, disputes), as opposed to the lists of current state (the
# roster, the leaders) that a new row replaces: what the explorer explores and the measures count.
ACTIVITY_LEDGERS: tuple[str, ...] = tuple(name for name, ledger in load_ledgers().items() if not ledger.replaces)
