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
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kaohe import PROJECT_ROOT, audit
from kaohe.periods import Period, PeriodError, parse_period
from kaohe.queries import load_query
from kaohe.store import Store

SCHEMES_DIR = PROJECT_ROOT / "data" / "schemes"

RULES = (
    "ratio",
    "linear",
    "ladder",
    "all_or_nothing",
    "deduct_per_item",
    "per_item_credit",
    "per_incident",
    "qualitative",
)
ADJUSTMENT_TYPES = ("bonus", "deduction", "veto")
# How a count target is expected to build up over the period, for pace (kaohe/pace.py): evenly by day, or in
# steps due at the end of each month or quarter (work planned per month or per quarter).
PACES = ("linear", "monthly", "quarterly")
DEFAULT_GRADES = (("优秀", 90.0), ("良好", 80.0), ("合格", 60.0), ("不合格", 0.0))


@dataclass(frozen=True)
class MeasureSpec:
    """A measure SQL file's contract: what its value is and which arguments it takes."""

    kind: str  # count | rate | items | categories
    label: str
    required_args: tuple[str, ...] = ()
    optional_args: tuple[tuple[str, Any], ...] = ()

    def arg_names(self) -> tuple[str, ...]:
        """Every argument the measure accepts."""
        return self.required_args + tuple(name for name, _ in self.optional_args)


# The measures of queries/measures/. Pro-rating and roll-ups depend on the kind: counts scale with the
# active share of the period, rates are ratios of sums and never scale, items and categories are counted.
MEASURES: dict[str, MeasureSpec] = {
    "service_count": MeasureSpec("count", "便民服务次数", (), (("category", None),)),
    "people_served": MeasureSpec("count", "服务群众人次", (), (("category", None),)),
    "meeting_count": MeasureSpec("count", "会议次数", ("meeting_type",)),
    "meeting_missing_periods": MeasureSpec(
        "items", "未按期召开的月份或季度", ("meeting_type",), (("every_months", 1),)
    ),
    "meeting_attendance_rate": MeasureSpec("rate", "参会率", (), (("meeting_type", None),)),
    "case_count": MeasureSpec("count", "诉求与实事件数", (), (("kind", None),)),
    "case_closure_rate": MeasureSpec("rate", "办结率", (), (("kind", None),)),
    "case_satisfaction_rate": MeasureSpec("rate", "群众满意率", (), (("kind", None),)),
    "dispute_resolution_rate": MeasureSpec("rate", "矛盾纠纷化解率", ()),
    "dispute_incidents": MeasureSpec("categories", "信访稳定事件", (), (("overdue_days", 30),)),
}

# Which measure kinds each rule accepts (qualitative takes no measure).
_RULE_MEASURE_KINDS = {
    "ratio": ("count", "rate"),
    "linear": ("count", "rate"),
    "ladder": ("count", "rate"),
    "all_or_nothing": ("count", "rate", "items"),
    "deduct_per_item": ("items", "count"),
    "per_item_credit": ("count", "items"),
    "per_incident": ("categories",),
}
_TARGET_RULES = ("ratio", "linear", "all_or_nothing")


class SchemeError(ValueError):
    """A scheme file that cannot be used; `problems` lists every fault found, each naming where it is."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"评分办法 {source} 有 {len(self.problems)} 处错误：\n{lines}")


@dataclass(frozen=True)
class Target:
    """One target row: for a unit kind ('*' = every other kind), fixed or per party member."""

    unit_kind: str
    basis: str  # fixed | per_member
    value: float


@dataclass(frozen=True)
class Indicator:
    """One indicator (考核指标) with its measure and its one rule."""

    id: str
    name: str
    dimension: str
    component: str | None
    measure: str | None
    args: tuple[tuple[str, Any], ...]
    max_points: float
    rule: str
    targets: tuple[Target, ...] = ()
    cap: float | None = None
    base_points: float | None = None
    step: float | None = None
    points_per_step: float | None = None
    per_item: float | None = None
    steps: tuple[tuple[float, float], ...] = ()  # (threshold, points), highest threshold first
    levels: tuple[tuple[str, float], ...] = ()  # qualitative levels or per-incident severities
    prorate: bool = True
    no_data: str = "zero"
    trim_from: int | None = None
    description: str = ""
    pace: str = "linear"  # one of PACES

    def measure_params(self) -> dict[str, Any]:
        """The measure's arguments with defaults filled in."""
        if self.measure is None:
            return {}
        spec = MEASURES[self.measure]
        params: dict[str, Any] = dict(spec.optional_args)
        params.update(dict(self.args))
        return params

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
    levels: tuple[tuple[str, float], ...] = ()


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
    bonus_cap: float = 0.0
    deduction_cap: float = 0.0
    adjustment_categories: tuple[AdjustmentCategory, ...] = ()
    grades: tuple[GradeBand, ...] = tuple(GradeBand(g, m) for g, m in DEFAULT_GRADES)
    quota: Quota | None = None
    tie_break: tuple[str, ...] = ("name",)
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
    def label(self) -> str:
        """How the scheme is named in messages: '2025 第1版'."""
        return f"{self.id} 第{self.version}版"


# -- parsing -------------------------------------------------------------------------------------------


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Checker:
    """Collects problems while a definition is read, so all of them are reported at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}：{message}")

    def number(
        self, table: Mapping[str, Any], key: str, where: str, *, required: bool, minimum: float | None = None
    ) -> float | None:
        value = table.get(key)
        if value is None:
            if required:
                self.add(where, f"缺少字段 {key}（应为数字）")
            return None
        if not _number(value):
            self.add(where, f"字段 {key} 应为数字，实际为 {value!r}")
            return None
        if minimum is not None and value < minimum:
            self.add(where, f"字段 {key} 应不小于 {minimum:g}，实际为 {value:g}")
            return None
        return float(value)

    def text(self, table: Mapping[str, Any], key: str, where: str, *, required: bool) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.add(where, f"缺少字段 {key}（应为文字）")
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(where, f"字段 {key} 应为非空文字，实际为 {value!r}")
            return None
        return value.strip()


def _parse_targets(raw: Any, where: str, check: _Checker) -> tuple[Target, ...]:
    """`target = 40`, `target = { per_member = 1.2 }` or `target = { 社区 = 60, default = 20 }`."""

    def one(kind: str, value: Any, at: str) -> Target | None:
        if _number(value):
            return Target(kind, "fixed", float(value))
        if isinstance(value, Mapping) and set(value) == {"per_member"} and _number(value["per_member"]):
            return Target(kind, "per_member", float(value["per_member"]))
        check.add(at, f"目标应为数字或 {{ per_member = 数字 }}，实际为 {value!r}")
        return None

    if _number(raw) or (isinstance(raw, Mapping) and set(raw) == {"per_member"}):
        target = one("*", raw, f"{where} 字段 target")
        return (target,) if target else ()
    if not isinstance(raw, Mapping) or not raw:
        check.add(where, f"字段 target 应为数字、{{ per_member = 数字 }} 或按单位类型的表，实际为 {raw!r}")
        return ()
    targets = []
    for kind, value in raw.items():
        key = "*" if kind == "default" else kind
        target = one(key, value, f"{where} 字段 target.{kind}")
        if target:
            targets.append(target)
    return tuple(targets)


def _parse_levels(raw: Any, where: str, key: str, check: _Checker) -> tuple[tuple[str, float], ...]:
    if not isinstance(raw, Mapping) or not raw:
        check.add(where, f"字段 {key} 应为「名称 = 分值」的表，实际为 {raw!r}")
        return ()
    levels = []
    for name, points in raw.items():
        if not _number(points) or points < 0:
            check.add(where, f"字段 {key}.{name} 应为不小于 0 的数字，实际为 {points!r}")
            continue
        levels.append((str(name), float(points)))
    # Highest first whatever the file's order: a stored scheme is canonical JSON with sorted keys, and a scheme
    # must read the same from its file and from the database.
    return tuple(sorted(levels, key=lambda level: (-level[1], level[0])))


def _parse_indicator(
    raw: Any, index: int, dimensions: Sequence[str], components: Mapping[str, float], check: _Checker
) -> Indicator | None:
    where0 = f"第 {index} 个指标"
    if not isinstance(raw, Mapping):
        check.add(where0, "应为一个表 [[indicators]]")
        return None
    ind_id = check.text(raw, "id", where0, required=True) or f"#{index}"
    where = f"指标 {ind_id}"
    name = check.text(raw, "name", where, required=True) or ind_id
    dimension = check.text(raw, "dimension", where, required=True) or ""
    if dimension and dimension not in dimensions:
        check.add(where, f"字段 dimension 为「{dimension}」，不在 [scheme] dimensions {list(dimensions)} 中")
    component = raw.get("component")
    if components:
        if component not in components:
            check.add(where, f"字段 component 应为 {list(components)} 之一，实际为 {component!r}")
    elif component is not None:
        check.add(where, "字段 component 只能在定义了 [components] 的评分办法中使用")
    max_points = check.number(raw, "max", where, required=True, minimum=0) or 0.0
    rule = raw.get("rule")
    if rule not in RULES:
        check.add(where, f"字段 rule 应为 {', '.join(RULES)} 之一，实际为 {rule!r}")
        return None
    known = {
        "id", "name", "dimension", "component", "measure", "args", "max", "rule", "target", "cap",
        "base", "step", "points_per_step", "per_item", "steps", "levels", "severity", "prorate", "no_data",
        "trim_from", "description", "pace",
    }  # fmt: skip
    for key in raw:
        if key not in known:
            check.add(where, f"未知字段 {key}")

    measure = raw.get("measure")
    args: dict[str, Any] = {}
    if rule == "qualitative":
        if measure is not None:
            check.add(where, "定性指标（rule = qualitative）不使用 measure，由考核组评分")
        measure = None
    elif not isinstance(measure, str) or measure not in MEASURES:
        check.add(where, f"字段 measure 为 {measure!r}，不是已有的度量（queries/measures/）：{', '.join(MEASURES)}")
        measure = None
    else:
        spec = MEASURES[measure]
        if spec.kind not in _RULE_MEASURE_KINDS[rule]:
            check.add(where, f"规则 {rule} 不能用于「{spec.kind}」类度量 {measure}")
        raw_args = raw.get("args", {})
        if not isinstance(raw_args, Mapping):
            check.add(where, f"字段 args 应为表，实际为 {raw_args!r}")
            raw_args = {}
        for arg in raw_args:
            if arg not in spec.arg_names():
                check.add(where, f"字段 args.{arg}：度量 {measure} 没有这个参数（可用：{', '.join(spec.arg_names())}）")
        for arg in spec.required_args:
            if arg not in raw_args:
                check.add(where, f"缺少字段 args.{arg}（度量 {measure} 需要）")
        args = {k: v for k, v in raw_args.items() if k in spec.arg_names()}
        if "every_months" in args and args["every_months"] not in (1, 2, 3, 6, 12):
            check.add(where, f"字段 args.every_months 应为 1、2、3、6 或 12，实际为 {args['every_months']!r}")

    targets: tuple[Target, ...] = ()
    if "target" in raw:
        targets = _parse_targets(raw["target"], where, check)
    elif rule in ("ratio", "linear"):
        check.add(where, f"规则 {rule} 缺少字段 target")
    elif rule == "all_or_nothing":
        targets = (Target("*", "fixed", 1.0),)

    cap = base = step = per_step = per_item = None
    steps: tuple[tuple[float, float], ...] = ()
    levels: tuple[tuple[str, float], ...] = ()
    trim_from = None
    if rule == "ratio":
        cap = check.number(raw, "cap", where, required=False, minimum=0)
        if cap is not None and not 0 < cap <= 1:
            # Above 1 the points would pass the indicator's max; the bonus pool is the place for extra credit.
            check.add(where, f"字段 cap 应在 0 到 1 之间（1 表示完成目标即得满分），实际为 {cap:g}")
        cap = cap if cap is not None and 0 < cap <= 1 else 1.0
    elif rule == "linear":
        base = check.number(raw, "base", where, required=True, minimum=0)
        step = check.number(raw, "step", where, required=True, minimum=0)
        per_step = check.number(raw, "points_per_step", where, required=True, minimum=0)
        if base is not None and base > max_points:
            check.add(where, f"字段 base（{base:g}）超过满分 max（{max_points:g}）")
        if step == 0:
            check.add(where, "字段 step 不能为 0")
    elif rule == "ladder":
        steps = _parse_steps(raw.get("steps"), where, max_points, check)
    elif rule in ("deduct_per_item", "per_item_credit"):
        per_item = check.number(raw, "per_item", where, required=True, minimum=0)
        if per_item == 0:
            check.add(where, "字段 per_item 不能为 0")
    elif rule == "per_incident":
        levels = _parse_levels(raw.get("severity"), where, "severity", check)
    elif rule == "qualitative":
        if "levels" in raw:
            levels = _parse_levels(raw["levels"], where, "levels", check)
            for level, points in levels:
                if points > max_points:
                    check.add(where, f"字段 levels.{level}（{points:g}）超过满分 max（{max_points:g}）")
        trim = raw.get("trim_from", 5)
        if not isinstance(trim, int) or isinstance(trim, bool) or trim < 3:
            check.add(where, f"字段 trim_from 应为不小于 3 的整数，实际为 {trim!r}")
        else:
            trim_from = trim
    if rule != "qualitative" and "levels" in raw:
        check.add(where, "字段 levels 只用于定性指标（per_incident 用 severity）")

    prorate = raw.get("prorate", True)
    if not isinstance(prorate, bool):
        check.add(where, f"字段 prorate 应为 true 或 false，实际为 {prorate!r}")
        prorate = True
    no_data = raw.get("no_data", "zero")
    if no_data not in ("zero", "full"):
        check.add(where, f"字段 no_data 应为 zero 或 full，实际为 {no_data!r}")
        no_data = "zero"
    description = raw.get("description", "")
    pace = raw.get("pace", "linear")
    if pace not in PACES:
        check.add(where, f"字段 pace 应为 {', '.join(PACES)} 之一，实际为 {pace!r}")
        pace = "linear"
    return Indicator(
        id=ind_id,
        name=name,
        dimension=dimension,
        component=component if isinstance(component, str) else None,
        measure=measure if isinstance(measure, str) else None,
        args=tuple(sorted(args.items())),
        max_points=max_points,
        rule=rule,
        targets=targets,
        cap=cap,
        base_points=base,
        step=step,
        points_per_step=per_step,
        per_item=per_item,
        steps=steps,
        levels=levels,
        prorate=prorate,
        no_data=no_data,
        trim_from=trim_from,
        description=str(description),
        pace=str(pace),
    )


def _parse_steps(raw: Any, where: str, max_points: float, check: _Checker) -> tuple[tuple[float, float], ...]:
    """`steps = [[0.95, 10], [0.90, 8], [0.80, 5]]`: highest threshold first, points not rising."""
    if not isinstance(raw, list) or not raw:
        check.add(where, "规则 ladder 需要字段 steps，例如 [[0.95, 10], [0.90, 8]]")
        return ()
    steps = []
    for i, pair in enumerate(raw, start=1):
        if not (isinstance(pair, list) and len(pair) == 2 and all(_number(v) for v in pair)):
            check.add(where, f"字段 steps 第 {i} 项应为 [门槛, 分值]，实际为 {pair!r}")
            return ()
        steps.append((float(pair[0]), float(pair[1])))
    for (t1, p1), (t2, p2) in itertools.pairwise(steps):
        if t2 >= t1:
            check.add(where, f"字段 steps 的门槛应从高到低排列（{t1:g} 之后是 {t2:g}）")
        if p2 > p1:
            check.add(where, f"字段 steps 的分值不应随门槛降低而升高（{p1:g} 之后是 {p2:g}）")
    if steps and steps[0][1] != max_points:
        check.add(where, f"字段 steps 最高一档应得满分 {max_points:g}，实际为 {steps[0][1]:g}")
    if any(p < 0 or p > max_points for _, p in steps):
        check.add(where, f"字段 steps 的分值应在 0 到满分 {max_points:g} 之间")
    return tuple(steps)


def _parse_adjustments(data: Mapping[str, Any], check: _Checker) -> tuple[float, float, list[AdjustmentCategory]]:
    caps = {}
    categories: list[AdjustmentCategory] = []
    for type_ in ("bonus", "deduction"):
        section = data.get(type_, {})
        where = f"[{type_}]"
        if not isinstance(section, Mapping):
            check.add(where, "应为一个表")
            continue
        caps[type_] = check.number(section, "cap", where, required=bool(section), minimum=0) or 0.0
        for i, raw in enumerate(section.get("categories", []), start=1):
            at = f"[[{type_}.categories]] 第 {i} 项"
            if not isinstance(raw, Mapping):
                check.add(at, "应为一个表")
                continue
            name = check.text(raw, "category", at, required=True) or f"#{i}"
            at = f"[{type_}] 类别 {name}"
            combine = raw.get("combine", "sum")
            if combine not in ("sum", "max"):
                check.add(at, f"字段 combine 应为 sum（累计）或 max（取最高一项），实际为 {combine!r}")
            points = check.number(raw, "points", at, required=False, minimum=0)
            max_points = check.number(raw, "max", at, required=False, minimum=0)
            levels = _parse_levels(raw["levels"], at, "levels", check) if "levels" in raw else ()
            if sum(x is not None and x != () for x in (points, max_points, levels)) != 1:
                check.add(at, "应恰好给出 points（每项固定分）、levels（按级别）或 max（录入分值上限）中的一个")
            categories.append(AdjustmentCategory(type_, name, str(combine), points, max_points, levels))
    veto = data.get("veto", {})
    if not isinstance(veto, Mapping) or not isinstance(veto.get("categories", []), list):
        check.add("[veto]", "应为表，categories 为类别名称列表")
    else:
        for name in veto.get("categories", []):
            categories.append(AdjustmentCategory("veto", str(name), "max"))
    seen: set[tuple[str, str]] = set()
    for cat in categories:
        if (cat.type, cat.category) in seen:
            check.add(f"[{cat.type}]", f"类别 {cat.category} 重复")
        seen.add((cat.type, cat.category))
    return caps.get("bonus", 0.0), caps.get("deduction", 0.0), categories


def _parse_grades(raw: Any, check: _Checker) -> tuple[GradeBand, ...]:
    """`[[grades]]` with grade and min (optional max); bands must neither overlap nor leave gaps."""
    if raw is None:
        return tuple(GradeBand(g, m) for g, m in DEFAULT_GRADES)
    if not isinstance(raw, list) or not raw:
        check.add("[[grades]]", "应为至少一个等次")
        return ()
    bands: list[tuple[str, float, float | None]] = []
    for i, item in enumerate(raw, start=1):
        where = f"[[grades]] 第 {i} 项"
        if not isinstance(item, Mapping):
            check.add(where, "应为一个表")
            continue
        grade = check.text(item, "grade", where, required=True)
        low = check.number(item, "min", where, required=True, minimum=0)
        high = check.number(item, "max", where, required=False, minimum=0)
        if grade is not None and low is not None:
            bands.append((grade, low, high))
    bands.sort(key=lambda b: -b[1])
    for (g1, low1, _), (g2, low2, high2) in itertools.pairwise(bands):
        if low1 == low2:
            check.add("[[grades]]", f"等次 {g1} 与 {g2} 的下限都是 {low1:g}，区间重叠")
        elif high2 is not None and high2 > low1:
            check.add("[[grades]]", f"等次 {g2} 的上限 {high2:g} 高于 {g1} 的下限 {low1:g}，区间重叠")
        elif high2 is not None and high2 < low1:
            check.add("[[grades]]", f"等次 {g2} 的上限 {high2:g} 与 {g1} 的下限 {low1:g} 之间有空档")
    if bands and bands[-1][1] != 0:
        check.add("[[grades]]", f"最低等次 {bands[-1][0]} 的下限应为 0，否则低于 {bands[-1][1]:g} 分的单位没有等次")
    if len({b[0] for b in bands}) != len(bands):
        check.add("[[grades]]", "等次名称重复")
    return tuple(GradeBand(g, low) for g, low, _ in bands)


def parse_scheme(data: Mapping[str, Any], source: str = "<scheme>") -> Scheme:
    """Validate a scheme definition (the TOML as a mapping) and return it; raise SchemeError listing faults."""
    check = _Checker()
    head = data.get("scheme")
    if not isinstance(head, Mapping):
        raise SchemeError(source, ["缺少 [scheme] 表（id、version、name、period、total、dimensions）"])
    scheme_id = check.text(head, "id", "[scheme]", required=True) or ""
    version = head.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        check.add("[scheme]", f"字段 version 应为正整数，实际为 {version!r}")
        version = 0
    name = check.text(head, "name", "[scheme]", required=True) or scheme_id
    period = check.text(head, "period", "[scheme]", required=True) or ""
    if period:
        try:
            period = parse_period(period).code
        except PeriodError as exc:
            check.add("[scheme]", f"字段 period：{exc}")
    total = check.number(head, "total", "[scheme]", required=True, minimum=0) or 0.0
    dims = head.get("dimensions")
    if not isinstance(dims, list) or not dims or not all(isinstance(d, str) for d in dims):
        check.add("[scheme]", f"字段 dimensions 应为维度名称列表，实际为 {dims!r}")
        dims = []
    elif len(set(dims)) != len(dims):
        check.add("[scheme]", "字段 dimensions 有重复的维度")
    kinds = head.get("unit_kinds", [])
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        check.add("[scheme]", f"字段 unit_kinds 应为单位类型列表，实际为 {kinds!r}")
        kinds = []

    raw_components = data.get("components", {})
    components: dict[str, float] = {}
    if not isinstance(raw_components, Mapping):
        check.add("[components]", "应为「组成部分 = 权重」的表")
    else:
        for comp, weight in raw_components.items():
            if not _number(weight) or not 0 < weight <= 1:
                check.add("[components]", f"{comp} 的权重应为 0 到 1 之间的数字，实际为 {weight!r}")
            else:
                components[str(comp)] = float(weight)
        if components and abs(sum(components.values()) - 1) > 1e-9:
            check.add("[components]", f"权重之和应为 1，实际为 {sum(components.values()):g}")

    raw_indicators = data.get("indicators")
    indicators: list[Indicator] = []
    if not isinstance(raw_indicators, list) or not raw_indicators:
        check.add("[[indicators]]", "至少需要一个指标")
    else:
        for i, raw in enumerate(raw_indicators, start=1):
            ind = _parse_indicator(raw, i, dims, components, check)
            if ind is not None:
                indicators.append(ind)
    ids = [ind.id for ind in indicators]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        check.add(f"指标 {dup}", "id 重复")
    points = sum(ind.max_points for ind in indicators)
    if indicators and abs(points - total) > 1e-9:
        check.add("[scheme]", f"各指标满分之和为 {points:g}，与 total = {total:g} 不符")
    for dim in dims:
        if indicators and not any(ind.dimension == dim for ind in indicators):
            check.add("[scheme]", f"维度 {dim} 下没有指标")
    for ind in indicators:
        kinds_covered = {t.unit_kind for t in ind.targets}
        if ind.targets and "*" not in kinds_covered:
            for kind in kinds:
                if kind not in kinds_covered:
                    check.add(f"指标 {ind.id}", f"字段 target 缺少单位类型「{kind}」的目标（或 default）")
        if ind.rule == "ladder" and ind.targets and ind.prorate is False and ind.measure:
            pass  # a ladder on a rate compares the rate itself; targets are optional there

    comps: list[Component] = []
    for comp, weight in components.items():
        comp_max = sum(ind.max_points for ind in indicators if ind.component == comp)
        if comp_max <= 0:
            check.add("[components]", f"组成部分 {comp} 下没有指标")
            continue
        comps.append(Component(comp, weight, comp_max, weight * total / comp_max))

    bonus_cap, deduction_cap, categories = _parse_adjustments(data, check)
    grades = _parse_grades(data.get("grades"), check)
    quota = None
    tie_break: tuple[str, ...] = ("name",)
    raw_quota = data.get("quota")
    if raw_quota is not None:
        if not isinstance(raw_quota, Mapping):
            check.add("[quota]", "应为一个表")
        else:
            grade = check.text(raw_quota, "grade", "[quota]", required=True)
            share = check.number(raw_quota, "share", "[quota]", required=True, minimum=0)
            if grade is not None and grade not in {g.grade for g in grades}:
                check.add("[quota]", f"字段 grade 为「{grade}」，不是 [[grades]] 中的等次")
            if grade is not None and grades and grade == grades[-1].grade:
                check.add("[quota]", "最低等次不能设名额限制")
            if share is not None and share > 1:
                check.add("[quota]", f"字段 share 应在 0 到 1 之间，实际为 {share:g}")
            if grade is not None and share is not None:
                quota = Quota(grade, share)
            raw_tie = raw_quota.get("tie_break", ["name"])
            if not isinstance(raw_tie, list) or not all(isinstance(t, str) for t in raw_tie):
                check.add("[quota]", f"字段 tie_break 应为列表，实际为 {raw_tie!r}")
            else:
                for key in raw_tie:
                    if key != "name" and not (key.startswith("dimension:") and key[10:] in dims):
                        check.add("[quota]", f"字段 tie_break 的「{key}」应为 name 或 dimension:<维度名称>")
                tie_break = tuple(raw_tie)
                if "name" not in tie_break:
                    # Names are unique, so ending on the name makes every boundary decision definite.
                    tie_break = (*tie_break, "name")
    for key in data:
        if key not in ("scheme", "components", "indicators", "bonus", "deduction", "veto", "grades", "quota"):
            check.add(f"[{key}]", "未知的表")
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
        raise SchemeError(str(path), [f"无法读取文件：{exc}"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(str(path), [f"TOML 格式错误：{exc}"]) from exc
    return parse_scheme(data, str(path))


def scheme_for_period(period: Period) -> Path:
    """The shipped scheme file for a period: data/schemes/<year>.toml."""
    return SCHEMES_DIR / f"{period.code[:4]}.toml"


def check_unit_kinds(scheme: Scheme, kinds: Iterable[str]) -> None:
    """Raise SchemeError when an indicator has by-kind targets and no target for a kind the units have."""
    problems = []
    for ind in scheme.indicators:
        if not ind.targets:
            continue
        for kind in sorted(set(kinds)):
            if ind.target_for(kind) is None:
                problems.append(f"指标 {ind.id}：字段 target 缺少单位类型「{kind}」的目标（或 default）")
    if problems:
        raise SchemeError(scheme.source or scheme.label, problems)


# -- storing -------------------------------------------------------------------------------------------


def stored_hash(store: Store, scheme_id: str, version: int) -> str | None:
    """The content hash of a stored scheme version, or None when it is not stored."""
    value = store.scalar("scoring/scheme_hash", {"scheme_id": scheme_id, "version": version})
    return None if value is None else str(value)


def method_relations(scheme: Scheme) -> dict[str, pd.DataFrame]:
    """The scheme as the rows of the stored scheme tables, keyed `method_<table>`, without touching a database.

    Scoring registers these on its cursor and reads them instead of the stored tables, so scoring a draft or an
    unsaved file writes nothing; saving a version inserts exactly these rows.
    """
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
                "cap": ind.cap,
                "base_points": ind.base_points,
                "step": ind.step,
                "points_per_step": ind.points_per_step,
                "per_item": ind.per_item,
                "prorate": ind.prorate,
                "no_data": ind.no_data,
                "trim_from": ind.trim_from,
                "description": ind.description,
            }
        )
        targets += [{**ind_key, "unit_kind": t.unit_kind, "basis": t.basis, "value": t.value} for t in ind.targets]
        steps += [{**ind_key, "threshold": threshold, "points": points} for threshold, points in ind.steps]
        levels += [{**ind_key, "level": level, "points": points} for level, points in ind.levels]
    categories = [
        {**key, "type": c.type, "category": c.category, "combine": c.combine, "points": c.points,
         "max_points": c.max_points}
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
        "prorate", "no_data", "trim_from", "description",
    ),
    "targets": ("scheme_id", "version", "indicator_id", "unit_kind", "basis", "value"),
    "ladder_steps": ("scheme_id", "version", "indicator_id", "threshold", "points"),
    "indicator_levels": ("scheme_id", "version", "indicator_id", "level", "points"),
    "adjustment_categories": ("scheme_id", "version", "type", "category", "combine", "points", "max_points"),
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
            scheme.source or scheme.label,
            [f"[scheme]：数据库中已有 {scheme.label}，内容不同；修改评分办法请把 version 加 1 另存为新版本"],
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
        raise SchemeError(scheme_id, [f"数据库中没有评分办法 {scheme_id}" + (f" 第{version}版" if version else "")])
    return parse_scheme(json.loads(row["definition"].iloc[0]), str(row["source_file"].iloc[0] or scheme_id))
