"""The rule families of a scheme (计分规则), each declared once: parameters, checks, arithmetic, words.

A family is one class below and one entry in RULES: its parameters (parsed and checked the same way for a file and
for an edit on 考核设置), what it accepts (measure kinds, targets), its arithmetic on arrays (one indicator, every
unit at once), the sentence that explains a line, and its rule in words for the method sheet. Labels live in
kaohe/labels.py under `rule.<name>`, `method.rule.<name>` and `explain.<name>`, both languages, and
docs/scheme.md has a row and an example per family; tests/test_rules.py fails when a family lacks any part.

What every family shares is done once by kaohe.scoring, not here: a target of 0 or less means not required (full
points), a count target not yet due is not owed, a rate without data scores `no_data`, a qualitative part nobody
scored is pending, points are kept to 0.01 and a shared task's multiplier applies last.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from kaohe.labels import Message, label, message

EPSILON = 1e-9  # absorbs binary rounding, so that 19 / 20 reaches a 0.95 step and 4 of 4 meets a target of 4


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def num(value: Any) -> str:
    """A scheme number as written: 6 → "6", 0.5 → "0.5"."""
    return f"{float(value):g}"


def percent(value: Any) -> str:
    """A rate as people read it: 0.875 → "87.5%"."""
    return f"{100 * float(value):.1f}%"


# -- parameters ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One parameter of a family, as written in the scheme file.

    kind: number (≥ minimum), fraction (in (0, 1]), whole (an integer ≥ minimum), steps ([[threshold, points], …]),
    levels ({name = points}), choice (one of `choices`).
    """

    name: str
    kind: str
    required: bool = False
    default: Any = None
    minimum: float | None = None
    choices: tuple[str, ...] = ()


class Problems:
    """Collects the faults of one indicator, each naming it and the field (labels `scheme.problem.*`)."""

    def __init__(self, where: str | Message, sink: Callable[[str | Message, Message], None]) -> None:
        self.where = where
        self._sink = sink

    def add(self, name: str, /, **values: Any) -> None:
        """One fault: the label `scheme.problem.<name>` with its values."""
        self._sink(self.where, message(f"scheme.problem.{name}", **values))


def parse_param(param: Param, raw: Mapping[str, Any], problems: Problems) -> Any:
    """The value of one parameter from the indicator's table, or its default; faults go to `problems`."""
    if param.name not in raw:
        if param.required:
            problems.add("missing_field", key=param.name)
        return param.default
    value = raw[param.name]
    if param.kind in ("number", "fraction"):
        if not _is_number(value):
            problems.add("not_number", key=param.name, value=repr(value))
            return param.default
        if param.kind == "fraction" and not 0 < value <= 1:
            problems.add("fraction", key=param.name, value=num(value))
            return param.default
        if param.minimum is not None and value < param.minimum:
            problems.add("below_minimum", key=param.name, minimum=num(param.minimum), value=num(value))
            return param.default
        return float(value)
    if param.kind == "whole":
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or (param.minimum is not None and value < param.minimum)
        ):
            problems.add("whole", key=param.name, minimum=num(param.minimum or 0), value=repr(value))
            return param.default
        return value
    if param.kind == "choice":
        if value not in param.choices:
            problems.add("choice", key=param.name, choices=list(param.choices), value=repr(value))
            return param.default
        return value
    if param.kind == "levels":
        if not isinstance(value, Mapping) or not value:
            problems.add("levels_table", key=param.name, value=repr(value))
            return ()
        levels = []
        for name, points in value.items():
            if not _is_number(points) or points < 0:
                problems.add("level_points", key=param.name, name=name, value=repr(points))
                continue
            levels.append((str(name), float(points)))
        # Highest first whatever the file's order: a stored scheme is canonical JSON with sorted keys.
        return tuple(sorted(levels, key=lambda level: (-level[1], level[0])))
    if param.kind == "steps":
        if not isinstance(value, list) or not value:
            problems.add("steps_list", key=param.name)
            return ()
        steps = []
        for i, pair in enumerate(value, start=1):
            if not (isinstance(pair, list) and len(pair) == 2 and all(_is_number(v) for v in pair)):
                problems.add("step_pair", key=param.name, n=i, value=repr(pair))
                return ()
            steps.append((float(pair[0]), float(pair[1])))
        return tuple(steps)
    raise ValueError(f"unknown parameter kind {param.kind!r}")


# -- families --------------------------------------------------------------------------------------------------


Columns = Mapping[str, Any]  # the lines of one indicator as named columns of equal length (arrays or Series)


def column(lines: Columns, name: str) -> np.ndarray:
    """One column of the lines as floats."""
    return np.asarray(lines[name], dtype=float)


class RuleFamily:
    """A rule family: subclasses declare the class attributes and the three methods."""

    name: ClassVar[str]
    measure_kinds: ClassVar[tuple[str, ...]]  # () = scored by the assessors, no measure
    target: ClassVar[str]  # "required", "optional" or "none"
    params: ClassVar[tuple[Param, ...]] = ()
    example: ClassVar[str]  # the indicator as written in a scheme file (docs/scheme.md shows it)

    def check(self, values: Mapping[str, Any], max_points: float, problems: Problems) -> None:
        """Faults beyond each parameter on its own (e.g. steps that rise as thresholds fall)."""

    def points(self, lines: Columns, values: Mapping[str, Any]) -> np.ndarray:
        """Raw points of the lines of one indicator that are scored by the rule, given as columns of equal length
        (actual, target, max_points, kind, and what scoring adds for the family: rank_position, category:<name>)."""
        raise NotImplementedError

    def words(self, values: Mapping[str, Any], max_points: float, lang: str) -> str:
        """The rule in words for the method sheet."""
        return label(f"method.rule.{self.name}", lang).format(max=num(max_points), **self.word_fields(values, lang))

    def word_fields(self, values: Mapping[str, Any], lang: str) -> dict[str, str]:
        return {}

    def explain(self, line: Mapping[str, Any], values: Mapping[str, Any], lang: str) -> str:
        """Why a line scored what it did, before the shared ", 得 x 分" (the line's own figures filled in)."""
        return label(f"explain.{self.name}", lang).format(**self.explain_fields(line, values, lang))

    def explain_fields(self, line: Mapping[str, Any], values: Mapping[str, Any], lang: str) -> dict[str, str]:
        return {"actual": shown(line, "actual"), "target": shown(line, "target"), "max": num(line["max_points"])}


def shown(line: Mapping[str, Any], column: str) -> str:
    """An actual or target as the explanation shows it: a rate as a percentage, a count to 0.01."""
    value = line[column]
    if value is None or pd.isna(value):
        return "—"
    return percent(value) if line.get("measure_kind") == "rate" else f"{round(float(value), 2):g}"


class Ratio(RuleFamily):
    name = "ratio"
    measure_kinds = ("count", "rate")
    target = "required"
    params = (Param("cap", "fraction", default=1.0),)
    example = (
        'measure = "service_count"\nrule = "ratio"\nmax = 15\n'
        'target = { "社区" = { per_member = 1.5 }, default = 8 }\ncap = 1.0'  # cjk: a unit kind as the roster names it
    )

    def points(self, lines: Columns, values: Mapping[str, Any]) -> np.ndarray:
        share = np.minimum(column(lines, "actual") / column(lines, "target"), values["cap"])
        return np.asarray(column(lines, "max_points") * share)

    def word_fields(self, values: Mapping[str, Any], lang: str) -> dict[str, str]:
        return {"cap": f"{values['cap']:.0%}"}

    def explain_fields(self, line: Mapping[str, Any], values: Mapping[str, Any], lang: str) -> dict[str, str]:
        share = float(line["actual"]) / float(line["target"])
        return {**super().explain_fields(line, values, lang), "share": percent(share), "cap": num(100 * values["cap"])}


class Linear(RuleFamily):
    name = "linear"
    measure_kinds = ("count", "rate")
    target = "required"
    params = (
        Param("base", "number", required=True, minimum=0),
        Param("step", "number", required=True, minimum=0),
        Param("points_per_step", "number", required=True, minimum=0),
    )
    example = (
        'measure = "meeting_attendance_rate"\n'
        'args = { meeting_type = "支部党员大会" }\n'  # cjk: a meeting type as the ledger writes it
        'rule = "linear"\nmax = 12\n'
        "target = 0.8\nbase = 6\nstep = 0.1\npoints_per_step = 1"
    )

    def check(self, values: Mapping[str, Any], max_points: float, problems: Problems) -> None:
        if values["base"] is not None and values["base"] > max_points:
            problems.add("above_max", key="base", value=num(values["base"]), max=num(max_points))
        if values["step"] == 0:
            problems.add("zero", key="step")

    def points(self, lines: Columns, values: Mapping[str, Any]) -> np.ndarray:
        actual, target = column(lines, "actual"), column(lines, "target")
        raw = values["base"] + (actual - target) / values["step"] * values["points_per_step"]
        return np.asarray(np.clip(raw, 0, column(lines, "max_points")))

    def word_fields(self, values: Mapping[str, Any], lang: str) -> dict[str, str]:
        return {"base": num(values["base"]), "step": num(values["step"]), "per_step": num(values["points_per_step"])}

    def explain_fields(self, line: Mapping[str, Any], values: Mapping[str, Any], lang: str) -> dict[str, str]:
        rate = line.get("measure_kind") == "rate"
        step = label("explain.linear_step_rate", lang).format(step=num(100 * values["step"])) if rate else None
        fields = {**super().explain_fields(line, values, lang), **self.word_fields(values, lang)}
        return {**fields, "step": step or num(values["step"])}


class Ladder(RuleFamily):
    name = "ladder"
    measure_kinds = ("count", "rate")
    target = "optional"
    params = (Param("steps", "steps", required=True),)
    example = (
        'measure = "case_count"\nargs = { kind = "实事" }\n'  # cjk: a case type as the ledger writes it
        'rule = "ladder"\nmax = 8\ntarget = 40\n'
        "steps = [[1.0, 8], [0.8, 5], [0.6, 2]]   # with a target: on actual / target; without: on the actual"
    )

    def check(self, values: Mapping[str, Any], max_points: float, problems: Problems) -> None:
        steps = values["steps"]
        for (t1, p1), (t2, p2) in itertools.pairwise(steps):
            if t2 >= t1:
                problems.add("steps_order", before=num(t1), after=num(t2))
            if p2 > p1:
                problems.add("steps_rising", before=num(p1), after=num(p2))
        if steps and steps[0][1] != max_points:
            problems.add("steps_top", max=num(max_points), value=num(steps[0][1]))
        if any(p < 0 or p > max_points for _, p in steps):
            problems.add("steps_range", max=num(max_points))

    @staticmethod
    def compared(lines: Columns) -> np.ndarray:
        actual, target = column(lines, "actual"), column(lines, "target")
        return np.where(np.isnan(target), actual, actual / np.where(np.isnan(target), 1.0, target))

    def points(self, lines: Columns, values: Mapping[str, Any]) -> np.ndarray:
        value = self.compared(lines) + EPSILON
        points = np.zeros(len(value))
        # Steps are highest first: the first one reached wins, so fill from the lowest up.
        for threshold, step_points in reversed(values["steps"]):
            points = np.where(value >= threshold, step_points, points)
        return points

    def word_fields(self, values: Mapping[str, Any], lang: str) -> dict[str, str]:
        steps = label("method.separator", lang).join(
            label("method.ladder_step", lang).format(threshold=num(t), points=num(p)) for t, p in values["steps"]
        )
        return {"steps": steps}

    def explain(self, line: Mapping[str, Any], values: Mapping[str, Any], lang: str) -> str:
        fields = self.explain_fields(line, values, lang)
        if pd.isna(line["target"]):
            return label("explain.ladder_plain", lang).format(**fields)
        share = float(line["actual"]) / float(line["target"])
        return label("explain.ladder", lang).format(**fields, share=percent(share))


class AllOrNothing(RuleFamily):
    name = "all_or_nothing"
    measure_kinds = ("count", "rate", "items")
    target = "optional"  # default 1: done at least once
    params = ()
    example = (
        'measure = "meeting_count"\nargs = { meeting_type = "党课" }\n'  # cjk: a meeting type as the ledger writes it
        'rule = "all_or_nothing"\nmax = 5\ntarget = 2'
    )

    def points(self, lines: Columns, values: Mapping[str, Any]) -> np.ndarray:
        done = column(lines, "actual") + EPSILON >= column(lines, "target")
        return np.where(done, column(lines, "max_points"), 0.0)

    def explain(self, line: Mapping[str, Any], values: Mapping[str, Any], lang: str) -> str:
        done = float(line["actual"]) + EPSILON >= float(line["target"])
        key = "explain.all_or_nothing" if done else "explain.all_or_nothing_missed"
        return label(key, lang).format(**self.explain_fields(line, values, lang))


class DeductPerItem(RuleFamily):
    name = "deduct_per_item"
    measure_kinds = ("items", "count")
    target = "none"
    params = (Param("per_item", "number", required=True, minimum=0),)
    example = (
        'measure = "meeting_missing_periods"\n'
        'args = { meeting_type = "支委会", every_months = 3 }\n'  # cjk: a meeting type as the ledger writes it
        'rule = "deduct_per_item"\nmax = 10\nper_item = 2.5'
    )

    def check(self, values: Mapping[str, Any], max_points: float, problems: Problems) -> None:
        if values["per_item"] == 0:
            problems.add("zero", key="per_item")

    def points(self, lines: Columns, values: Mapping[str, Any]) -> np.ndarray:
        raw = column(lines, "max_points") - values["per_item"] * column(lines, "actual")
        return np.asarray(np.maximum(raw, 0.0))

    def word_fields(self, values: Mapping[str, Any], lang: str) -> dict[str, str]:
        return {"per_item": num(values["per_item"])}

    def explain_fields(self, line: Mapping[str, Any], values: Mapping[str, Any], lang: str) -> dict[str, str]:
        return {**super().explain_fields(line, values, lang), **self.word_fields(values, lang)}


class PerItemCredit(DeductPerItem):
    name = "per_item_credit"
    measure_kinds = ("count", "items")
    example = (
        'measure = "meeting_count"\nargs = { meeting_type = "主题党日" }\n'  # cjk: a meeting type of the ledger
        'rule = "per_item_credit"\nmax = 3\n'
        "per_item = 0.5"
    )

    def points(self, lines: Columns, values: Mapping[str, Any]) -> np.ndarray:
        raw = values["per_item"] * column(lines, "actual")
        return np.asarray(np.minimum(raw, column(lines, "max_points")))


class PerIncident(RuleFamily):
    name = "per_incident"
    measure_kinds = ("categories",)
    target = "none"
    params = (Param("severity", "levels", required=True),)
    example = (
        'measure = "dispute_incidents"\nargs = { overdue_days = 30 }\nrule = "per_incident"\nmax = 10\n'
        'severity = { "越级上访" = 4, "未化解" = 2, "逾期化解" = 1 }'  # cjk: the measure's incident categories
    )

    def points(self, lines: Columns, values: Mapping[str, Any]) -> np.ndarray:
        max_points = column(lines, "max_points")
        deducted = np.zeros(len(max_points))
        for category, per in values["severity"]:
            if f"category:{category}" in lines:
                deducted += per * np.nan_to_num(column(lines, f"category:{category}"))
        return np.asarray(np.maximum(max_points - deducted, 0.0))

    def word_fields(self, values: Mapping[str, Any], lang: str) -> dict[str, str]:
        parts = (f"{name} {num(points)}" for name, points in values["severity"])
        return {"severities": label("method.separator", lang).join(parts)}

    def explain(self, line: Mapping[str, Any], values: Mapping[str, Any], lang: str) -> str:
        # The line carries its incidents as JSON {category: count} (kaohe.scoring), in the measure's own order.
        found = line.get("incidents")
        counts = json.loads(found) if isinstance(found, str) else {}
        parts = []
        for category, per in values["severity"]:
            count = counts.get(category, 0)
            if count > 0:
                parts.append(label("explain.incident", lang).format(category=category, n=num(count), per=num(per)))
        if not parts:
            return label("explain.per_incident_none", lang)
        return label("explain.per_incident", lang).format(items=label("explain.separator", lang).join(parts))


class RankPoints(RuleFamily):
    """名次赋分: points from the unit's rank on the measure among the units scored (all, or its own kind)."""

    name = "rank_points"
    measure_kinds = ("count", "rate")
    target = "optional"  # with a target the rank is on actual / target (completion), else on the actual
    params = (
        Param("first", "number", minimum=0),  # points of the first place (default: the indicator's max)
        Param("per_rank", "number", required=True, minimum=0),
        Param("floor", "number", default=0.0, minimum=0),
        Param("within", "choice", default="all", choices=("all", "kind")),
    )
    example = (
        'measure = "people_served"\nrule = "rank_points"\nmax = 60\nfirst = 60       # the first place scores 60\n'
        "per_rank = 3     # 3 points fewer for each place below\nfloor = 0\n"
        'within = "kind"  # ranked among units of its kind ("all": among every unit scored)'
    )

    def check(self, values: Mapping[str, Any], max_points: float, problems: Problems) -> None:
        if values["first"] is not None and values["first"] > max_points:
            problems.add("above_max", key="first", value=num(values["first"]), max=num(max_points))
        if values["floor"] is not None and values["floor"] > (values["first"] or max_points):
            problems.add("floor_above_first")

    @staticmethod
    def positions(lines: Columns, values: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        """Each line's rank (ties share the better rank; no data ranks last) and how many it is ranked among."""
        value = pd.Series(Ladder.compared(lines)).fillna(-np.inf)
        kinds = np.asarray(lines["kind"], dtype=object)
        groups = pd.Series(kinds if values["within"] == "kind" else np.full(len(kinds), "all", dtype=object))
        rank = value.groupby(groups).rank(method="min", ascending=False)
        size = groups.map(groups.value_counts())
        return rank.to_numpy(float), size.to_numpy(float)

    def points(self, lines: Columns, values: Mapping[str, Any]) -> np.ndarray:
        first = values["first"] if values["first"] is not None else column(lines, "max_points")
        rank = column(lines, "rank_position")
        return np.asarray(np.maximum(first - (rank - 1) * values["per_rank"], values["floor"]))

    def word_fields(self, values: Mapping[str, Any], lang: str) -> dict[str, str]:
        return {
            "first": num(values["first"]) if values["first"] is not None else label("method.rank_first_max", lang),
            "per_rank": num(values["per_rank"]),
            "floor": num(values["floor"]),
            "within": label(f"method.rank_within.{values['within']}", lang),
        }

    def words(self, values: Mapping[str, Any], max_points: float, lang: str) -> str:
        fields = self.word_fields(values, lang)
        if values["first"] is None:
            fields["first"] = num(max_points)
        return label("method.rule.rank_points", lang).format(max=num(max_points), **fields)

    def explain_fields(self, line: Mapping[str, Any], values: Mapping[str, Any], lang: str) -> dict[str, str]:
        first = values["first"] if values["first"] is not None else line["max_points"]
        return {
            **super().explain_fields(line, values, lang),
            "rank": num(line["rank_position"]),
            "of": num(line["rank_of"]),
            "within": label(f"method.rank_within.{values['within']}", lang),
            "first": num(first),
            "per_rank": num(values["per_rank"]),
        }


class Qualitative(RuleFamily):
    name = "qualitative"
    measure_kinds = ()
    target = "none"
    params = (
        Param("levels", "levels"),
        Param("trim_from", "whole", default=5, minimum=3),
        Param("self_weight", "number", default=0.0, minimum=0),  # 自评占比, e.g. 0.3: 30% 自评 + 70% 考核组
    )
    example = (
        'rule = "qualitative"\nmax = 15\ntrim_from = 5      # from 5 assessors on, the highest and lowest are dropped\n'
        'levels = { "好" = 15, "较好" = 12, "一般" = 8, "差" = 3 }   # optional\n'  # cjk: the office's level names
        "self_weight = 0.3  # optional: 30% self-assessment + 70% the assessors"
    )

    def check(self, values: Mapping[str, Any], max_points: float, problems: Problems) -> None:
        for level, points in values["levels"] or ():
            if points > max_points:
                problems.add("above_max", key=f"levels.{level}", value=num(points), max=num(max_points))
        if values["self_weight"] is not None and values["self_weight"] >= 1:
            problems.add("self_weight", value=num(values["self_weight"]))

    def points(self, lines: Columns, values: Mapping[str, Any]) -> np.ndarray:
        return column(lines, "actual")

    def word_fields(self, values: Mapping[str, Any], lang: str) -> dict[str, str]:
        return {}

    def words(self, values: Mapping[str, Any], max_points: float, lang: str) -> str:
        text = label("method.rule.qualitative", lang).format(max=num(max_points))
        sep = label("method.separator", lang)
        if values["levels"]:
            levels = sep.join(f"{name} {num(points)}" for name, points in values["levels"])
            text += label("method.qualitative_levels", lang).format(levels=levels)
        text += label("method.qualitative_trim", lang).format(n=values["trim_from"])
        if values["self_weight"]:
            text += label("method.qualitative_self", lang).format(
                own=f"{values['self_weight']:.0%}", panel=f"{1 - values['self_weight']:.0%}"
            )
        return text

    def explain(self, line: Mapping[str, Any], values: Mapping[str, Any], lang: str) -> str:
        assessors = int(line["assessors"])
        key = "explain.qualitative_trimmed" if bool(line["trimmed"]) else "explain.qualitative"
        text = label(key, lang).format(n=assessors)
        if values["self_weight"]:
            own = line.get("self_score")
            if own is None or pd.isna(own):
                text += label("explain.self_missing", lang).format(own=f"{values['self_weight']:.0%}")
            else:
                text += label("explain.self", lang).format(
                    own=f"{values['self_weight']:.0%}",
                    panel=f"{1 - values['self_weight']:.0%}",
                    self_score=num(round(float(own), 2)),
                    panel_score=num(round(float(line["panel_score"]), 2)),
                )
        return text


RULES: dict[str, RuleFamily] = {
    family.name: family
    for family in (
        Ratio(),
        Linear(),
        Ladder(),
        AllOrNothing(),
        DeductPerItem(),
        PerItemCredit(),
        PerIncident(),
        RankPoints(),
        Qualitative(),
    )
}
