"""The thresholds of the assessors' aids — ledger credibility checks and grade stability — with their defaults.

The aids flag and explain, they never change a score, so their thresholds are not part of a scheme (whose content
hash is in every result hash and publication): they are read from kaohe/checks.toml, which states the defaults
below with the reason for each, or from the file `$KAOHE_CHECKS` names, which need only hold the keys it changes.
A key nobody knows or a value of the wrong type is refused with the file and the key named.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kaohe.labels import LabelledError

SHIPPED = Path(__file__).with_name("checks.toml")

# Per check (kaohe/checks.py CHECKS) and for stability: every threshold and its default. kaohe/checks.toml states
# the same values with the reasons (a test compares the two).
DEFAULTS: dict[str, dict[str, Any]] = {
    "burst": {"window_days": 28, "min_rows": 8, "min_share": 0.25, "own_ratio": 3.0, "peer_ratio": 3.0},
    "copy_within": {"min_dates": 4},
    "copy_across": {"min_units": 2, "common_units": 5},
    "attendees_over_roll": {
        "party_types": ["支部党员大会", "支委会", "党小组会", "党课", "主题党日"]  # cjk: ledger values
    },
    "members_over_roll": {},
    "people_implausible": {"factor": 5.0, "min_people": 100, "min_rows": 10},
    "outside_active": {},
    "closed_before_received": {},
    "on_target": {"min_indicators": 3, "min_target": 20},
    "same_day": {"min_meetings": 10, "min_share": 1.0},
    "round_numbers": {"min_value": 10, "multiple": 10, "min_rows": 12, "min_share": 0.8},
    "stability": {"band": 0.10, "draws": 2000, "seed": 16, "stable_share": 0.90},
}


class ThresholdError(LabelledError):
    """A thresholds file that cannot be used: unreadable, an unknown key, or a value of the wrong kind."""


@dataclass(frozen=True)
class StabilitySettings:
    """How grade stability is measured: each indicator's points move by up to ±band × its max points, `draws`
    times from `seed`; a grade kept in at least `stable_share` of the draws is 稳定, else 临界."""

    band: float = 0.10
    draws: int = 2000
    seed: int = 16
    stable_share: float = 0.90


@dataclass(frozen=True)
class Thresholds:
    """Every check's thresholds (check id → name → value) and the stability settings; hashable, so results
    computed with them can be cached by them."""

    checks: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]
    stability: StabilitySettings
    source: str

    def of(self, check_id: str) -> dict[str, Any]:
        """The thresholds of one check, as query parameters."""
        for name, values in self.checks:
            if name == check_id:
                return {key: list(value) if isinstance(value, tuple) else value for key, value in values}
        raise KeyError(check_id)


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _kind_fits(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return False
    if isinstance(default, int):
        return isinstance(value, int)
    if isinstance(default, float):
        return isinstance(value, int | float)
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return False


def parse(data: Mapping[str, Any], source: str) -> Thresholds:
    """Thresholds from a parsed file: its values over the defaults."""
    merged = {section: dict(values) for section, values in DEFAULTS.items()}
    for section, values in data.items():
        if section not in DEFAULTS:
            raise ThresholdError("thresholds.unknown_section", file=source, section=section)
        if not isinstance(values, Mapping):
            raise ThresholdError("thresholds.not_a_table", file=source, section=section)
        for key, value in values.items():
            if key not in DEFAULTS[section]:
                raise ThresholdError("thresholds.unknown_key", file=source, section=section, name=key)
            default = DEFAULTS[section][key]
            if not _kind_fits(default, value) or (not isinstance(value, list) and value < 0):
                raise ThresholdError(
                    "thresholds.bad_value", file=source, section=section, name=key, value=value, default=default
                )
            merged[section][key] = float(value) if isinstance(default, float) else value
    stability = merged.pop("stability")
    if not 0 < stability["band"] <= 1 or stability["draws"] < 1 or not 0 < stability["stable_share"] <= 1:
        raise ThresholdError("thresholds.bad_stability", file=source)
    checks = tuple(
        (section, tuple((key, _frozen(value)) for key, value in values.items())) for section, values in merged.items()
    )
    return Thresholds(checks=checks, stability=StabilitySettings(**stability), source=source)


def load(path: Path | None = None) -> Thresholds:
    """The thresholds in force: `path`, else the file `$KAOHE_CHECKS` names, else the shipped kaohe/checks.toml."""
    chosen = path or Path(os.environ.get("KAOHE_CHECKS") or SHIPPED)
    return _load(str(chosen.resolve()))


@cache
def _load(path: str) -> Thresholds:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThresholdError("thresholds.unreadable", file=path, reason=str(exc)) from exc
    return parse(data, path)
