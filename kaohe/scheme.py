"""The scoring method (评分办法) as a TOML file: parsed, validated and stored as versioned DuckDB tables.

A scheme is data, not code, so the assessors can change targets and points without a developer. That only
works if a wrong file is refused with a message that names the indicator and the field, so every check
here collects all the problems of a file and reports them together. The format is documented with a
complete example in docs/scheme.md.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kaohe import PROJECT_ROOT, audit
from kaohe.labels import Message, ProblemsError, message
from kaohe.measures import MEASURES
from kaohe.periods import Period, PeriodError, parse_period
from kaohe.queries import load_query
from kaohe.rules import RULES, Problems, RuleFamily, num, parse_param
from kaohe.store import Store

SCHEMES_DIR = PROJECT_ROOT / "data" / "schemes"

ADJUSTMENT_TYPES = ("bonus", "deduction", "veto")
# How a count target is expected to build up over the period, for pace and for a period scored before its end:
# evenly by day, or in steps due at the end of each month or quarter (work planned per month or per quarter).
PACES = ("linear", "monthly", "quarterly")
# The grades of a scheme without [[grades]]: their names are stored with the scheme, as data, like a file's own.
DEFAULT_GRADES = (("优秀", 90.0), ("良好", 80.0), ("合格", 60.0), ("不合格", 0.0))  # cjk: grade names are data
# Target bases: a number as written, or so much per party member, per 1,000 residents, per 100 households (the
# roster's members, residents and households columns).
TARGET_BASES = {
    "fixed": None,
    "per_member": "members",
    "per_1000_residents": "residents",
    "per_100_households": "households",
}
BASIS_DIVISORS = {"fixed": 1.0, "per_member": 1.0, "per_1000_residents": 1000.0, "per_100_households": 100.0}
# The pinyin tie break puts unit names in the order a Chinese office lists them (拼音顺序); "name" is Unicode order.
TIE_BREAK_NAMES = ("name", "pinyin")


class SchemeError(ProblemsError, ValueError):
    """A scheme that cannot be used; `problems` lists every fault found (Messages), each naming where it is."""

    def __init__(self, source: str | Message, problems: Sequence[Message | str]) -> None:
        self.source = source
        super().__init__("scheme.error", problems, source=source)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.source, self.problems))


@dataclass(frozen=True)
class Target:
    """One target row: for a unit kind ('*' = every other kind), a number or so much per member, per 1,000
    residents or per 100 households (TARGET_BASES)."""

    unit_kind: str
    basis: str
    value: float


@dataclass(frozen=True)
class Indicator:
    """One indicator (考核指标) with its measure and its one rule (a family of kaohe.rules, with its parameters)."""

    id: str
    name: str
    dimension: str
    component: str | None
    measure: str | None
    args: tuple[tuple[str, Any], ...]
    max_points: float
    rule: str
    targets: tuple[Target, ...] = ()
    params: tuple[tuple[str, Any], ...] = ()  # the rule's parameters, as kaohe.rules declares them
    prorate: bool = True
    no_data: str = "zero"
    description: str = ""
    pace: str = "linear"  # one of PACES
    parts: tuple[tuple[str, float], ...] = ()  # a shared task's parts and multipliers (牵头 1.0, 配合 0.95)
    default_part: str | None = None  # the part of a unit nobody entered one for

    @property
    def values(self) -> dict[str, Any]:
        """The rule's parameters by name."""
        return dict(self.params)

    @property
    def family(self) -> RuleFamily:
        """The rule family that scores it."""
        return RULES[self.rule]

    @property
    def levels(self) -> tuple[tuple[str, float], ...]:
        """A qualitative indicator's levels (等次 → points), highest first; () when scored by number."""
        return tuple(self.values.get("levels") or ())

    @property
    def trim_from(self) -> int | None:
        """From how many assessors the highest and lowest score are dropped (qualitative only)."""
        value = self.values.get("trim_from")
        return None if value is None else int(value)

    def measure_params(self) -> dict[str, Any]:
        """The measure's arguments with defaults filled in."""
        return {} if self.measure is None else MEASURES[self.measure].params(dict(self.args))

    def target_for(self, unit_kind: str) -> Target | None:
        """The target row that applies to a unit kind (its own row, else the default row)."""
        by_kind = {t.unit_kind: t for t in self.targets}
        return by_kind.get(unit_kind) or by_kind.get("*")


@dataclass(frozen=True)
class AdjustmentCategory:
    """A bonus, deduction or veto category assessors may use."""

    type: str
    category: str
    combine: str = "sum"  # sum | max ("any one of")
    points: float | None = None
    max_points: float | None = None
    levels: tuple[tuple[str, float], ...] = ()  # tiered points by level, or by the person's role (书记, 班子成员 …)
    cap: float | None = None  # most points the category gives a unit in all (None: only the pool's cap)


@dataclass(frozen=True)
class GradeBand:
    """A grade (等次) reached from `min_total` up."""

    grade: str
    min_total: float


@dataclass(frozen=True)
class Quota:
    """At most `share` of the scored units (rounded down) may hold `grade`."""

    grade: str
    share: float


@dataclass(frozen=True)
class Awards:
    """What a period's result leads to (奖优罚劣, `[awards]`): the honour recommended, eligibility lost, rectification.

    honour: the honour the best units are recommended for (先进基层党组织). recommend: the grades recommended for it,
    best total first, at most `quota` units (or floor(quota_share × units scored)); None: no quota. ineligible: the
    grades that lose the year's eligibility for honours (取消年度评优资格), as a veto does when veto_ineligible.
    rectify: the grades whose units must rectify (整改); rectify_alerts: also units on 预警 during the year;
    rectify_items: items drafted per unit (the indicators that lost the most points); rectify_days: each item's
    deadline, in days after it is drafted.
    """

    honour: str
    recommend: tuple[str, ...]
    quota: int | None = None
    quota_share: float | None = None
    ineligible: tuple[str, ...] = ()
    veto_ineligible: bool = True
    rectify: tuple[str, ...] = ()
    rectify_alerts: bool = False
    rectify_items: int = 3
    rectify_days: int = 90

    def limit(self, units_scored: int) -> int | None:
        """How many units may be recommended when `units_scored` were scored (None: no quota)."""
        if self.quota is not None:
            return self.quota
        if self.quota_share is not None:
            return int(self.quota_share * units_scored + 1e-9)
        return None


@dataclass(frozen=True)
class Component:
    """A weighted part of the total (e.g. 定量 70%)."""

    name: str
    weight: float
    max_points: float
    factor: float


@dataclass(frozen=True)
class Scheme:
    """A whole scoring method, validated."""

    id: str
    version: int
    name: str
    period: str
    total_points: float
    dimensions: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    components: tuple[Component, ...] = ()
    unit_kinds: tuple[str, ...] = ()
    bonus_cap: float | None = 0.0  # None: 上不封顶 (declared as cap = "none")
    deduction_cap: float | None = 0.0
    adjustment_categories: tuple[AdjustmentCategory, ...] = ()
    grades: tuple[GradeBand, ...] = tuple(GradeBand(g, m) for g, m in DEFAULT_GRADES)
    quota: Quota | None = None
    tie_break: tuple[str, ...] = ("name",)
    awards: Awards | None = None  # [awards]: None when the scheme does not say what the result leads to
    source: str = ""
    definition: str = field(default="{}", repr=False)  # canonical JSON of the file's content
    content_hash: str = ""

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id."""
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def categories(self, type_: str) -> tuple[AdjustmentCategory, ...]:
        """The adjustment categories of one type."""
        return tuple(c for c in self.adjustment_categories if c.type == type_)

    def component_factor(self, component: str | None) -> float:
        """Points x factor = weighted points for an indicator in this component."""
        for comp in self.components:
            if comp.name == component:
                return comp.factor
        return 1.0

    @property
    def version_name(self) -> Message:
        """How the scheme is named in messages, in the reader's language: '2025 第1版', '2025 version 1'."""
        return message("scheme.version_name", scheme=self.id, version=self.version)

    @property
    def label(self) -> str:
        """The version's name in the current language (the command line, logs); pages use `version_name`."""
        return self.version_name.render()


# -- parsing -------------------------------------------------------------------------------------------


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _at(where: Where, problem: Message) -> Message:
    """A problem with the place it is at: `指标 g_services：…`, `Indicator g_services: …`."""
    return message("scheme.problem", where=where, problem=problem)


Where = str | Message  # a TOML table as written ("[quota]") or a place in words (指标 g_services)


class _Checker:
    """Collects problems while a definition is read, so all of them are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Message] = []

    def add(self, where: Where, name: str, /, **values: Any) -> None:
        """A problem at `where`: the label `scheme.problem.<name>` with its values."""
        self.found(where, message(f"scheme.problem.{name}", **values))

    def found(self, where: Where, problem: Message) -> None:
        """A problem already put as a Message (kaohe.rules.Problems reports here)."""
        self.problems.append(_at(where, problem))

    def number(
        self, table: Mapping[str, Any], key: str, where: Where, *, required: bool, minimum: float | None = None
    ) -> float | None:
        value = table.get(key)
        if value is None:
            if required:
                self.add(where, "missing_number", key=key)
            return None
        if not _number(value):
            self.add(where, "not_number", key=key, value=repr(value))
            return None
        if minimum is not None and value < minimum:
            self.add(where, "below_minimum", key=key, minimum=num(minimum), value=num(value))
            return None
        return float(value)

    def text(self, table: Mapping[str, Any], key: str, where: Where, *, required: bool) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.add(where, "missing_text", key=key)
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(where, "not_text", key=key, value=repr(value))
            return None
        return value.strip()


def _parse_targets(raw: Any, where: Where, check: _Checker) -> tuple[Target, ...]:
    """`target = 40`, `target = { per_member = 1.2 }`, `target = { per_1000_residents = 2 }` or by unit kind:
    `target = { 社区 = 60, default = 20 }` (each value one of the first forms)."""

    def one(kind: str, value: Any, at: Where) -> Target | None:
        if _number(value):
            return Target(kind, "fixed", float(value))
        if isinstance(value, Mapping) and len(value) == 1:
            ((basis, amount),) = value.items()
            if basis in TARGET_BASES and basis != "fixed" and _number(amount):
                return Target(kind, str(basis), float(amount))
        check.add(at, "target_value", value=repr(value))
        return None

    if _number(raw) or (isinstance(raw, Mapping) and len(raw) == 1 and next(iter(raw)) in TARGET_BASES):
        target = one("*", raw, message("scheme.where.field", where=where, field="target"))
        return (target,) if target else ()
    if not isinstance(raw, Mapping) or not raw:
        check.add(where, "target_table", value=repr(raw))
        return ()
    targets = []
    for kind, value in raw.items():
        key = "*" if kind == "default" else kind
        target = one(key, value, message("scheme.where.field", where=where, field=f"target.{kind}"))
        if target:
            targets.append(target)
    return tuple(targets)


def _parse_levels(raw: Any, where: Where, key: str, check: _Checker) -> tuple[tuple[str, float], ...]:
    if not isinstance(raw, Mapping) or not raw:
        check.add(where, "levels_table", key=key, value=repr(raw))
        return ()
    levels = []
    for name, points in raw.items():
        if not _number(points) or points < 0:
            check.add(where, "level_points", key=key, name=name, value=repr(points))
            continue
        levels.append((str(name), float(points)))
    # Highest first whatever the file's order: a stored scheme is canonical JSON with sorted keys, and a scheme
    # must read the same from its file and from the database.
    return tuple(sorted(levels, key=lambda level: (-level[1], level[0])))


# Fields every indicator may have, whatever its rule; each family adds its own parameters (kaohe.rules).
_COMMON_FIELDS = {
    "id", "name", "dimension", "component", "measure", "args", "max", "rule", "target", "prorate", "no_data",
    "description", "pace", "parts", "default_part",
}  # fmt: skip


def _parse_indicator(
    raw: Any, index: int, dimensions: Sequence[str], components: Mapping[str, float], check: _Checker
) -> Indicator | None:
    where0 = message("scheme.where.indicator_n", n=index)
    if not isinstance(raw, Mapping):
        check.add(where0, "indicator_not_table")
        return None
    ind_id = check.text(raw, "id", where0, required=True) or f"#{index}"
    where = message("scheme.where.indicator", id=ind_id)
    name = check.text(raw, "name", where, required=True) or ind_id
    dimension = check.text(raw, "dimension", where, required=True) or ""
    if dimension and dimension not in dimensions:
        check.add(where, "unknown_dimension", dimension=dimension, dimensions=list(dimensions))
    component = raw.get("component")
    if components:
        if component not in components:
            check.add(where, "choice", key="component", choices=list(components), value=repr(component))
    elif component is not None:
        check.add(where, "component_without_components")
    max_points = check.number(raw, "max", where, required=True, minimum=0) or 0.0
    rule = raw.get("rule")
    if rule not in RULES:
        check.add(where, "choice", key="rule", choices=", ".join(RULES), value=repr(rule))
        return None
    family = RULES[rule]
    for key in raw:
        if key not in _COMMON_FIELDS and key not in {p.name for p in family.params}:
            fields = ", ".join(p.name for p in family.params) or message("scheme.problem.no_fields")
            check.add(where, "unknown_rule_field", key=key, rule=rule, fields=fields)

    measure, args = _parse_measure(raw, family, where, check)
    targets: tuple[Target, ...] = ()
    if "target" in raw:
        targets = _parse_targets(raw["target"], where, check)
        if family.target == "none" and any(t.value > 0 for t in targets):
            # The one meaning a target has for every rule: 0 (or less) for a kind of unit means "not required".
            check.add(where, "target_unused", rule=rule)
    elif family.target == "required":
        check.add(where, "target_missing", rule=rule)
    elif rule == "all_or_nothing":
        targets = (Target("*", "fixed", 1.0),)

    problems = Problems(where, check.found)
    values = {param.name: parse_param(param, raw, problems) for param in family.params}
    family.check(values, max_points, problems)
    parts, default_part = _parse_parts(raw, where, check)

    prorate = raw.get("prorate", True)
    if not isinstance(prorate, bool):
        check.add(where, "not_flag", key="prorate", value=repr(prorate))
        prorate = True
    no_data = raw.get("no_data", "zero")
    if no_data not in ("zero", "full"):
        check.add(where, "no_data", value=repr(no_data))
        no_data = "zero"
    pace = raw.get("pace", "linear")
    if pace not in PACES:
        check.add(where, "choice", key="pace", choices=", ".join(PACES), value=repr(pace))
        pace = "linear"
    return Indicator(
        id=ind_id,
        name=name,
        dimension=dimension,
        component=component if isinstance(component, str) else None,
        measure=measure,
        args=tuple(sorted(args.items())),
        max_points=max_points,
        rule=rule,
        targets=targets,
        params=tuple(values.items()),
        prorate=prorate,
        no_data=no_data,
        description=str(raw.get("description", "")),
        pace=str(pace),
        parts=parts,
        default_part=default_part,
    )


def _parse_measure(
    raw: Mapping[str, Any], family: RuleFamily, where: Where, check: _Checker
) -> tuple[str | None, dict[str, Any]]:
    measure = raw.get("measure")
    if not family.measure_kinds:
        if measure is not None:
            check.add(where, "qualitative_measure", rule=family.name)
        return None, {}
    if not isinstance(measure, str) or measure not in MEASURES:
        check.add(where, "unknown_measure", value=repr(measure), measures=", ".join(MEASURES))
        return None, {}
    spec = MEASURES[measure]
    if spec.kind not in family.measure_kinds:
        check.add(where, "measure_kind", rule=family.name, kind=spec.kind, measure=measure)
    raw_args = raw.get("args", {})
    if not isinstance(raw_args, Mapping):
        check.add(where, "args_table", value=repr(raw_args))
        raw_args = {}
    for arg in raw_args:
        if arg not in spec.arg_names():
            check.add(where, "unknown_arg", arg=arg, measure=measure, args=", ".join(spec.arg_names()))
    for arg in spec.required_args:
        if arg not in raw_args:
            check.add(where, "missing_arg", arg=arg, measure=measure)
    args = {k: v for k, v in raw_args.items() if k in spec.arg_names()}
    if "every_months" in args and args["every_months"] not in (1, 2, 3, 6, 12):
        check.add(where, "every_months", value=repr(args["every_months"]))
    return measure, args


Parts = tuple[tuple[str, float], ...]


def _parse_parts(raw: Mapping[str, Any], where: Where, check: _Checker) -> tuple[Parts, str | None]:
    """`parts = { 牵头 = 1.0, 配合 = 0.95 }` with `default_part`: a shared task's multiplier by a unit's part."""
    if "parts" not in raw:
        if "default_part" in raw:
            check.add(where, "default_part_alone")
        return (), None
    parts = _parse_levels(raw["parts"], where, "parts", check)
    for part, factor in parts:
        if factor > 1:
            check.add(where, "part_factor", part=part, value=num(factor))
    default = raw.get("default_part")
    if default is None and parts:
        default = parts[0][0]
    elif default not in dict(parts):
        check.add(where, "default_part", parts=[p for p, _ in parts], value=repr(default))
        default = None
    return parts, default


def _parse_pool_cap(section: Mapping[str, Any], where: Where, check: _Checker) -> float | None:
    """A pool's `cap`: a number, or "none" for 上不封顶; never left out, so no pool is uncapped by omission."""
    cap = section.get("cap")
    if cap == "none":
        return None
    if cap is None:
        check.add(where, "cap_missing")
        return 0.0
    if not _number(cap) or cap < 0:
        check.add(where, "cap_value", value=repr(cap))
        return 0.0
    return float(cap)


def _parse_adjustments(
    data: Mapping[str, Any], check: _Checker
) -> tuple[float | None, float | None, list[AdjustmentCategory]]:
    caps: dict[str, float | None] = {}
    categories: list[AdjustmentCategory] = []
    for type_ in ("bonus", "deduction"):
        section = data.get(type_, {})
        where = f"[{type_}]"
        if not isinstance(section, Mapping):
            check.add(where, "not_table")
            continue
        caps[type_] = _parse_pool_cap(section, where, check) if section else 0.0
        for i, raw in enumerate(section.get("categories", []), start=1):
            at: Where = message("scheme.where.category_n", type=type_, n=i)
            if not isinstance(raw, Mapping):
                check.add(at, "not_table")
                continue
            name = check.text(raw, "category", at, required=True) or f"#{i}"
            at = message("scheme.where.category", type=type_, name=name)
            for key in raw:
                if key not in ("category", "combine", "points", "max", "levels", "cap"):
                    check.add(at, "unknown_field", key=key)
            combine = raw.get("combine", "sum")
            if combine not in ("sum", "max"):
                check.add(at, "combine", value=repr(combine))
            points = check.number(raw, "points", at, required=False, minimum=0)
            max_points = check.number(raw, "max", at, required=False, minimum=0)
            levels = _parse_levels(raw["levels"], at, "levels", check) if "levels" in raw else ()
            cap = check.number(raw, "cap", at, required=False, minimum=0)
            if sum(x is not None and x != () for x in (points, max_points, levels)) != 1:
                check.add(at, "category_points")
            categories.append(AdjustmentCategory(type_, name, str(combine), points, max_points, levels, cap))
    veto = data.get("veto", {})
    if not isinstance(veto, Mapping) or not isinstance(veto.get("categories", []), list):
        check.add("[veto]", "veto_table")
    else:
        for name in veto.get("categories", []):
            categories.append(AdjustmentCategory("veto", str(name), "max"))
    seen: set[tuple[str, str]] = set()
    for cat in categories:
        if (cat.type, cat.category) in seen:
            check.add(f"[{cat.type}]", "duplicate_category", category=cat.category)
        seen.add((cat.type, cat.category))
    return caps.get("bonus", 0.0), caps.get("deduction", 0.0), categories


def _parse_grades(raw: Any, check: _Checker) -> tuple[GradeBand, ...]:
    """`[[grades]]` with grade and min (optional max); bands must neither overlap nor leave gaps."""
    if raw is None:
        return tuple(GradeBand(g, m) for g, m in DEFAULT_GRADES)
    if not isinstance(raw, list) or not raw:
        check.add("[[grades]]", "grades_empty")
        return ()
    bands: list[tuple[str, float, float | None]] = []
    for i, item in enumerate(raw, start=1):
        where = message("scheme.where.grade_n", n=i)
        if not isinstance(item, Mapping):
            check.add(where, "not_table")
            continue
        grade = check.text(item, "grade", where, required=True)
        low = check.number(item, "min", where, required=True, minimum=0)
        high = check.number(item, "max", where, required=False, minimum=0)
        if grade is not None and low is not None:
            bands.append((grade, low, high))
    bands.sort(key=lambda b: -b[1])
    for (g1, low1, _), (g2, low2, high2) in itertools.pairwise(bands):
        if low1 == low2:
            check.add("[[grades]]", "grades_same_min", higher=g1, lower=g2, min=num(low1))
        elif high2 is not None and high2 > low1:
            check.add("[[grades]]", "grades_overlap", lower=g2, max=num(high2), higher=g1, min=num(low1))
        elif high2 is not None and high2 < low1:
            check.add("[[grades]]", "grades_gap", lower=g2, max=num(high2), higher=g1, min=num(low1))
    if bands and bands[-1][1] != 0:
        check.add("[[grades]]", "grades_floor", grade=bands[-1][0], min=num(bands[-1][1]))
    if len({b[0] for b in bands}) != len(bands):
        check.add("[[grades]]", "grades_repeated")
    return tuple(GradeBand(g, low) for g, low, _ in bands)


AWARD_KEYS = (
    "honour", "recommend", "quota", "quota_share", "ineligible", "veto_ineligible", "rectify", "rectify_alerts",
    "rectify_items", "rectify_days",
)  # fmt: skip


def _grade_list(raw: Mapping[str, Any], key: str, grades: Sequence[str], check: _Checker) -> tuple[str, ...] | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(g, str) for g in value):
        check.add("[awards]", "grade_list", key=key, value=repr(value))
        return ()
    for grade in value:
        if grade not in grades:
            check.add("[awards]", "grade_unknown", key=key, grade=grade, grades=list(grades))
    return tuple(dict.fromkeys(value))


def _whole(raw: Mapping[str, Any], key: str, check: _Checker, minimum: int, default: int | None) -> int | None:
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        check.add("[awards]", "whole", key=key, minimum=minimum, value=repr(value))
        return default
    return int(value)


def _flag(raw: Mapping[str, Any], key: str, check: _Checker, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        check.add("[awards]", "not_flag", key=key, value=repr(value))
        return default
    return value


def _parse_awards(raw: Any, grades: tuple[GradeBand, ...], check: _Checker) -> Awards | None:
    """`[awards]`: what each grade means for the year's honours, and who rectifies (docs/scheme.md)."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        check.add("[awards]", "not_table")
        return None
    names = [band.grade for band in grades]
    for key in raw:
        if key not in AWARD_KEYS:
            check.add("[awards]", "unknown_field_of", key=key, fields=list(AWARD_KEYS))
    honour = check.text(raw, "honour", "[awards]", required=True) or ""
    recommend = _grade_list(raw, "recommend", names, check)
    if recommend is None:
        check.add("[awards]", "recommend_missing")
        recommend = ()
    elif not recommend:
        check.add("[awards]", "recommend_empty")
    ineligible = _grade_list(raw, "ineligible", names, check) or ()
    for grade in sorted(set(recommend) & set(ineligible)):
        check.add("[awards]", "recommend_and_ineligible", grade=grade)
    quota = _whole(raw, "quota", check, 0, None)
    share = check.number(raw, "quota_share", "[awards]", required=False, minimum=0)
    if share is not None and not 0 < share <= 1:
        check.add("[awards]", "quota_share", value=num(share))
        share = None
    if quota is not None and share is not None:
        check.add("[awards]", "two_quotas")
    rectify = _grade_list(raw, "rectify", names, check)
    return Awards(
        honour=honour,
        recommend=recommend,
        quota=quota,
        quota_share=share if quota is None else None,
        ineligible=ineligible,
        veto_ineligible=_flag(raw, "veto_ineligible", check, True),
        rectify=rectify if rectify is not None else tuple(names[-1:]),
        rectify_alerts=_flag(raw, "rectify_alerts", check, False),
        rectify_items=_whole(raw, "rectify_items", check, 1, 3) or 3,
        rectify_days=_whole(raw, "rectify_days", check, 1, 90) or 90,
    )


def parse_scheme(data: Mapping[str, Any], source: str = "<scheme>") -> Scheme:
    """Validate a scheme definition (the TOML as a mapping) and return it; raise SchemeError listing faults."""
    check = _Checker()
    head = data.get("scheme")
    if not isinstance(head, Mapping):
        raise SchemeError(source, [message("scheme.problem.no_head")])
    scheme_id = check.text(head, "id", "[scheme]", required=True) or ""
    version = head.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        check.add("[scheme]", "version", value=repr(version))
        version = 0
    name = check.text(head, "name", "[scheme]", required=True) or scheme_id
    period = check.text(head, "period", "[scheme]", required=True) or ""
    if period:
        try:
            period = parse_period(period).code
        except PeriodError as exc:
            check.add("[scheme]", "period", problem=message(exc.key, **exc.values))
    total = check.number(head, "total", "[scheme]", required=True, minimum=0) or 0.0
    dims = head.get("dimensions")
    if not isinstance(dims, list) or not dims or not all(isinstance(d, str) for d in dims):
        check.add("[scheme]", "dimensions", value=repr(dims))
        dims = []
    elif len(set(dims)) != len(dims):
        check.add("[scheme]", "dimensions_repeated")
    kinds = head.get("unit_kinds", [])
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        check.add("[scheme]", "unit_kinds", value=repr(kinds))
        kinds = []

    raw_components = data.get("components", {})
    components: dict[str, float] = {}
    if not isinstance(raw_components, Mapping):
        check.add("[components]", "components_table")
    else:
        for comp, weight in raw_components.items():
            if not _number(weight) or not 0 < weight <= 1:
                check.add("[components]", "component_weight", component=comp, value=repr(weight))
            else:
                components[str(comp)] = float(weight)
        if components and abs(sum(components.values()) - 1) > 1e-9:
            check.add("[components]", "weights_sum", value=num(sum(components.values())))

    raw_indicators = data.get("indicators")
    indicators: list[Indicator] = []
    if not isinstance(raw_indicators, list) or not raw_indicators:
        check.add("[[indicators]]", "no_indicators")
    else:
        for i, raw in enumerate(raw_indicators, start=1):
            ind = _parse_indicator(raw, i, dims, components, check)
            if ind is not None:
                indicators.append(ind)
    ids = [ind.id for ind in indicators]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        check.add(message("scheme.where.indicator", id=dup), "duplicate_id")
    points = sum(ind.max_points for ind in indicators)
    if indicators and abs(points - total) > 1e-9:
        check.add("[scheme]", "points_sum", points=num(points), total=num(total))
    for dim in dims:
        if indicators and not any(ind.dimension == dim for ind in indicators):
            check.add("[scheme]", "empty_dimension", dimension=dim)
    for ind in indicators:
        kinds_covered = {t.unit_kind for t in ind.targets}
        if ind.targets and "*" not in kinds_covered and ind.family.target != "none":
            for kind in kinds:
                if kind not in kinds_covered:
                    check.add(message("scheme.where.indicator", id=ind.id), "target_kind_missing", kind=kind)

    comps: list[Component] = []
    for comp, weight in components.items():
        comp_max = sum(ind.max_points for ind in indicators if ind.component == comp)
        if comp_max <= 0:
            check.add("[components]", "empty_component", component=comp)
            continue
        comps.append(Component(comp, weight, comp_max, weight * total / comp_max))

    bonus_cap, deduction_cap, categories = _parse_adjustments(data, check)
    grades = _parse_grades(data.get("grades"), check)
    quota = None
    tie_break: tuple[str, ...] = ("name",)
    raw_quota = data.get("quota")
    if raw_quota is not None:
        if not isinstance(raw_quota, Mapping):
            check.add("[quota]", "not_table")
        else:
            grade = check.text(raw_quota, "grade", "[quota]", required=True)
            share = check.number(raw_quota, "share", "[quota]", required=True, minimum=0)
            if grade is not None and grade not in {g.grade for g in grades}:
                check.add("[quota]", "quota_grade", grade=grade)
            if grade is not None and grades and grade == grades[-1].grade:
                check.add("[quota]", "quota_lowest")
            if share is not None and share > 1:
                check.add("[quota]", "fraction", key="share", value=num(share))
            if grade is not None and share is not None:
                quota = Quota(grade, share)
            raw_tie = raw_quota.get("tie_break", ["name"])
            if not isinstance(raw_tie, list) or not all(isinstance(t, str) for t in raw_tie):
                check.add("[quota]", "tie_break_list", value=repr(raw_tie))
            else:
                for key in raw_tie:
                    if key not in TIE_BREAK_NAMES and not (key.startswith("dimension:") and key[10:] in dims):
                        check.add("[quota]", "tie_break_key", key=key)
                tie_break = tuple(raw_tie)
                if not set(TIE_BREAK_NAMES) & set(tie_break):
                    # Names are unique, so ending on the name makes every boundary decision definite.
                    tie_break = (*tie_break, "name")
    awards = _parse_awards(data.get("awards"), grades, check)
    for key in data:
        if key not in ("scheme", "components", "indicators", "bonus", "deduction", "veto", "grades", "quota", "awards"):
            check.add(f"[{key}]", "unknown_table")
    if check.problems:
        raise SchemeError(source, check.problems)
    definition = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return Scheme(
        id=scheme_id,
        version=int(version),
        name=name,
        period=period,
        total_points=total,
        dimensions=tuple(dims),
        indicators=tuple(indicators),
        components=tuple(comps),
        unit_kinds=tuple(kinds),
        bonus_cap=bonus_cap,
        deduction_cap=deduction_cap,
        adjustment_categories=tuple(categories),
        grades=grades,
        quota=quota,
        tie_break=tie_break,
        awards=awards,
        source=source,
        definition=definition,
        content_hash=hashlib.sha256(definition.encode("utf-8")).hexdigest(),
    )


def load_scheme(path: Path | str) -> Scheme:
    """Read and validate a scheme TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SchemeError(str(path), [message("scheme.problem.unreadable", detail=exc)]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(str(path), [message("scheme.problem.toml", detail=exc)]) from exc
    return parse_scheme(data, str(path))


def scheme_for_period(period: Period) -> Path:
    """The shipped scheme file for a period: data/schemes/<year>.toml."""
    return SCHEMES_DIR / f"{period.code[:4]}.toml"


def check_unit_kinds(scheme: Scheme, kinds: Iterable[str]) -> None:
    """Raise SchemeError when an indicator has by-kind targets and no target for a kind the units have."""
    problems: list[Message] = []
    for ind in scheme.indicators:
        if not ind.targets or ind.family.target == "none":
            continue  # a rule that takes no target uses one only to exempt kinds: the others are simply required
        for kind in sorted(set(kinds)):
            if ind.target_for(kind) is None:
                problem = message("scheme.problem.target_kind_missing", kind=kind)
                problems.append(_at(message("scheme.where.indicator", id=ind.id), problem))
    if problems:
        raise SchemeError(scheme.source or scheme.version_name, problems)


# -- storing -------------------------------------------------------------------------------------------


def stored_hash(store: Store, scheme_id: str, version: int) -> str | None:
    """The content hash of a stored scheme version, or None when it is not stored."""
    value = store.scalar("scoring/scheme_hash", {"scheme_id": scheme_id, "version": version})
    return None if value is None else str(value)


def method_relations(scheme: Scheme) -> dict[str, pd.DataFrame]:
    """The scheme as the rows of the stored scheme tables, keyed `method_<table>`, without touching a database.

    Scoring registers these on its cursor and reads them instead of the stored tables, so scoring a draft or an
    unsaved file writes nothing; saving a version inserts exactly these rows. Built once per scheme content (the
    frames are shared: callers must not change them).
    """
    key = (scheme.id, scheme.version, scheme.content_hash)
    with _RELATIONS_LOCK:
        found = _RELATIONS.get(key)
    if found is None:
        found = _method_relations(scheme)
        with _RELATIONS_LOCK:
            _RELATIONS[key] = found
            while len(_RELATIONS) > 32:
                _RELATIONS.pop(next(iter(_RELATIONS)))
    return dict(found)


_RELATIONS: dict[tuple[str, int, str], dict[str, pd.DataFrame]] = {}
_RELATIONS_LOCK = threading.Lock()


def _method_relations(scheme: Scheme) -> dict[str, pd.DataFrame]:
    key = {"scheme_id": scheme.id, "version": scheme.version}
    head = {
        **key,
        "name": scheme.name,
        "period": scheme.period,
        "total_points": scheme.total_points,
        "bonus_cap": scheme.bonus_cap,
        "deduction_cap": scheme.deduction_cap,
        "quota_grade": scheme.quota.grade if scheme.quota else None,
        "quota_share": scheme.quota.share if scheme.quota else None,
        "tie_break": list(scheme.tie_break),
        "content_hash": scheme.content_hash,
        "source_file": scheme.source,
        "definition": scheme.definition,
    }
    indicators, targets, steps, levels = [], [], [], []
    for position, ind in enumerate(scheme.indicators, start=1):
        ind_key = {**key, "indicator_id": ind.id}
        values = ind.values
        indicators.append(
            {
                **ind_key,
                "position": position,
                "name": ind.name,
                "dimension": ind.dimension,
                "component": ind.component,
                "factor": scheme.component_factor(ind.component),
                "measure": ind.measure,
                "measure_kind": MEASURES[ind.measure].kind if ind.measure else None,
                "args": json.dumps(dict(ind.args), ensure_ascii=False, sort_keys=True),
                "max_points": ind.max_points,
                "rule": ind.rule,
                "cap": values.get("cap"),
                "base_points": values.get("base"),
                "step": values.get("step"),
                "points_per_step": values.get("points_per_step"),
                "per_item": values.get("per_item"),
                "prorate": ind.prorate,
                "no_data": ind.no_data,
                "trim_from": values.get("trim_from"),
                "description": ind.description,
                "params": json.dumps(values, ensure_ascii=False, sort_keys=True),
                "parts": json.dumps(dict(ind.parts), ensure_ascii=False, sort_keys=True) if ind.parts else None,
                "default_part": ind.default_part,
            }
        )
        targets += [{**ind_key, "unit_kind": t.unit_kind, "basis": t.basis, "value": t.value} for t in ind.targets]
        steps += [
            {**ind_key, "threshold": threshold, "points": points} for threshold, points in values.get("steps", ())
        ]
        named = values.get("levels") or values.get("severity") or ()
        levels += [{**ind_key, "level": level, "points": points} for level, points in named]
    categories = [
        {**key, "type": c.type, "category": c.category, "combine": c.combine, "points": c.points,
         "max_points": c.max_points, "cap": c.cap}
        for c in scheme.adjustment_categories
    ]  # fmt: skip
    rows: dict[str, list[dict[str, Any]]] = {
        "schemes": [head],
        "scheme_dimensions": [{**key, "position": i, "dimension": d} for i, d in enumerate(scheme.dimensions, 1)],
        "scheme_components": [
            {**key, "component": c.name, "weight": c.weight, "max_points": c.max_points, "factor": c.factor}
            for c in scheme.components
        ],
        "indicators": indicators,
        "targets": targets,
        "ladder_steps": steps,
        "indicator_levels": levels,
        "adjustment_categories": categories,
        "adjustment_levels": [
            {**key, "type": c.type, "category": c.category, "level": level, "points": points}
            for c in scheme.adjustment_categories
            for level, points in c.levels
        ],
        "grade_bands": [
            {**key, "position": i, "grade": b.grade, "min_total": b.min_total} for i, b in enumerate(scheme.grades, 1)
        ],
    }
    return {f"method_{table}": _frame(rows[table], columns) for table, columns in _METHOD_COLUMNS.items()}


# The columns of each stored scheme table (queries/schema/002_scoring.sql), in order; `loaded_at` is the database's.
_METHOD_COLUMNS: dict[str, tuple[str, ...]] = {
    "schemes": (
        "scheme_id", "version", "name", "period", "total_points", "bonus_cap", "deduction_cap", "quota_grade",
        "quota_share", "tie_break", "content_hash", "source_file", "definition",
    ),
    "scheme_dimensions": ("scheme_id", "version", "position", "dimension"),
    "scheme_components": ("scheme_id", "version", "component", "weight", "max_points", "factor"),
    "indicators": (
        "scheme_id", "version", "indicator_id", "position", "name", "dimension", "component", "factor", "measure",
        "measure_kind", "args", "max_points", "rule", "cap", "base_points", "step", "points_per_step", "per_item",
        "prorate", "no_data", "trim_from", "description", "params", "parts", "default_part",
    ),
    "targets": ("scheme_id", "version", "indicator_id", "unit_kind", "basis", "value"),
    "ladder_steps": ("scheme_id", "version", "indicator_id", "threshold", "points"),
    "indicator_levels": ("scheme_id", "version", "indicator_id", "level", "points"),
    "adjustment_categories": ("scheme_id", "version", "type", "category", "combine", "points", "max_points", "cap"),
    "adjustment_levels": ("scheme_id", "version", "type", "category", "level", "points"),
    "grade_bands": ("scheme_id", "version", "position", "grade", "min_total"),
}  # fmt: skip

# Column types where pandas cannot tell from the values (an empty frame, a column of None).
_METHOD_TYPES = {
    "version": "int32", "position": "int32", "trim_from": "Int32", "prorate": "bool",
    "total_points": "float64", "bonus_cap": "float64", "deduction_cap": "float64", "quota_share": "float64",
    "weight": "float64", "max_points": "float64", "factor": "float64", "cap": "float64", "base_points": "float64",
    "step": "float64", "points_per_step": "float64", "per_item": "float64", "value": "float64",
    "threshold": "float64", "points": "float64", "min_total": "float64",
}  # fmt: skip


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    types = {c: _METHOD_TYPES.get(c, "object") for c in columns if c != "tie_break"}
    return frame.astype(types)


def save_scheme(store: Store, scheme: Scheme, who: str) -> bool:
    """Store a scheme version in the scheme tables; True when written, False when already there unchanged.

    Only people's actions store a scheme (saving an edit, starting a period, importing a file): scoring never
    does, it scores the Scheme in memory. A version is never overwritten: storing different content under an
    existing (id, version) is refused, because published results refer to that version.
    """
    existing = stored_hash(store, scheme.id, scheme.version)
    if existing == scheme.content_hash:
        return False
    if existing is not None:
        raise SchemeError(
            scheme.source or scheme.version_name,
            [_at("[scheme]", message("scheme.problem.version_exists", scheme=scheme.version_name))],
        )
    with store.transaction() as cur:
        relations = method_relations(scheme)
        for name, frame in relations.items():
            cur.register(name, frame)
        cur.execute(load_query("scheme/insert_version"))
        for name in relations:
            cur.unregister(name)
        audit.record(
            cur,
            who,
            "scheme.save",
            f"scheme {scheme.id} v{scheme.version}",
            after={"name": scheme.name, "content_hash": scheme.content_hash, "source": scheme.source},
        )
    return True


def stored_scheme(store: Store, scheme_id: str, version: int | None = None) -> Scheme:
    """Rebuild a stored scheme version (the latest when version is None) from its saved definition."""
    row = store.query("scoring/stored_scheme", {"scheme_id": scheme_id, "version": version})
    if row.empty:
        named = message("scheme.version_name", scheme=scheme_id, version=version) if version else scheme_id
        raise SchemeError(scheme_id, [message("scheme.problem.not_stored", scheme=named)])
    return parse_scheme(json.loads(row["definition"].iloc[0]), str(row["source_file"].iloc[0] or scheme_id))
