"""Scheme versions for the assessors (考核设置): the scheme in force, edits saved as new versions, diffs,
what-if re-scoring under another version, and a new period started from the last one.

A scheme is never changed in place: published results name the version they were scored under, so an edit of
targets or points becomes the next version (kaohe.scheme.save_scheme) and the older ones stay listed.
Edits go through the same parser as a TOML file (kaohe.scheme.parse_scheme), so the grid validates exactly
what a file would, and the messages name the indicator and the column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

import pandas as pd

from kaohe import audit
from kaohe.access import Permission, Viewer
from kaohe.labels import LABELS, LabelledError, Message, current_language, label, message
from kaohe.periods import Period, parse_period
from kaohe.queries import load_query
from kaohe.scheme import (
    Indicator,
    Scheme,
    SchemeError,
    Target,
    load_scheme,
    parse_scheme,
    save_scheme,
    scheme_for_period,
    stored_scheme,
)
from kaohe.scoring import ScoreResult, score_period
from kaohe.store import Store

DEFAULT_KIND = "*"  # the target column for every unit kind without its own target
# "1.6/人" (English "1.6/member") in a target cell: 1.6 per party member; either spelling is read back.
GRID_COLUMNS = ("indicator_id", "indicator", "dimension", "rule", "max_points")
_PER_MEMBER = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*/\s*(?:人|members?)\s*$")  # cjk: the Chinese suffix typed


class NoScheme(SchemeError):
    """The period has no scheme at all: none stored and no shipped file."""


class VersionConflict(SchemeError):
    """Someone saved a newer version of the scheme while this edit was being made."""


def as_period(period: Period | str) -> Period:
    """A Period from a code or a Period."""
    return period if isinstance(period, Period) else parse_period(period)


# -- the scheme in force --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InForce:
    """The scheme a period is scored under, and who put it in force when (None: no one has yet, so the
    shipped file or the first stored version stands in)."""

    scheme: Scheme
    activated_by: str | None = None
    activated_at: datetime | None = None


def in_force(store: Store, period: Period | str) -> InForce:
    """The scheme in force for a period: the version last put in force (启用) for it or its year; else the
    shipped data/schemes/<year>.toml; else the first stored version. Reads only: nothing is stored."""
    period = as_period(period)
    row = store.query("workflow/scheme_in_force", {"period": period.code, "year": period.code[:4]})
    activated = not row.empty and not pd.isna(row["activated_by"].iloc[0])
    path = scheme_for_period(period)
    if row.empty or (not activated and path.is_file()):
        if not path.is_file():
            raise NoScheme(period.code, [message("settings.error.no_scheme", period=period.code)])
        mtime = path.stat().st_mtime_ns
        return InForce(store.memo(("scheme_file", str(path), mtime), lambda: load_scheme(path)))
    scheme_id, version = str(row["scheme_id"].iloc[0]), int(row["version"].iloc[0])
    scheme = store.memo(("stored_scheme", scheme_id, version), lambda: stored_scheme(store, scheme_id, version))
    if not activated:
        return InForce(scheme)
    when = pd.Timestamp(row["activated_at"].iloc[0]).to_pydatetime()
    return InForce(scheme, str(row["activated_by"].iloc[0]), when)


def scheme_in_force(store: Store, period: Period | str) -> Scheme:
    """The scheme a period is scored under (see `in_force`)."""
    return in_force(store, period).scheme


def activate(store: Store, viewer: Viewer, scheme_id: str, version: int, note: str | None = None) -> InForce:
    """Put a stored version in force for its period (启用), audited with the version it replaces.

    Refused when the version is not stored or is already in force. An earlier version can be put back the same way.
    """
    viewer.require(Permission.EDIT_SCHEME)
    scheme = stored_scheme(store, scheme_id, version)
    before = in_force(store, scheme.period)
    if before.activated_by is not None and (before.scheme.id, before.scheme.version) == (scheme.id, scheme.version):
        raise SchemeError(scheme.label, [message("settings.error.already_in_force", scheme=scheme.version_name)])
    now = datetime.now().replace(microsecond=0)
    with store.transaction() as cur:
        cur.execute(
            load_query("workflow/insert_activation"),
            {"period": scheme.period, "scheme_id": scheme.id, "version": scheme.version,
             "activated_by": viewer.user, "activated_at": now, "note": note or None},
        )  # fmt: skip
        audit.record(
            cur,
            viewer.user,
            "scheme.activate",
            f"scheme {scheme.id} v{scheme.version}",
            {"scheme": before.scheme.label, "content_hash": before.scheme.content_hash},
            {"scheme": scheme.label, "content_hash": scheme.content_hash, "note": note or None},
        )
    return InForce(scheme, viewer.user, now)


def adopt_scheme(store: Store, viewer: Viewer, scheme: Scheme) -> bool:
    """Store a scheme read from a file and, when its period has none in force yet, put it in force; audited.

    Used when a scheme file is taken into the database (the demo build, a new period); True when it was put in
    force. A period that already has a version in force keeps it: the new one is listed for an assessor to 启用.
    """
    viewer.require(Permission.EDIT_SCHEME)
    save_scheme(store, scheme, who=viewer.user)
    row = store.query("workflow/scheme_in_force", {"period": scheme.period, "year": scheme.period[:4]})
    if not row.empty and not pd.isna(row["activated_by"].iloc[0]):
        return False
    activate(store, viewer, scheme.id, scheme.version)
    return True


def versions(store: Store, scheme_id: str) -> pd.DataFrame:
    """Stored versions of a scheme, newest first: version, name, period, total_points, content_hash, loaded_at,
    saved_by."""
    return store.query("workflow/scheme_versions", {"scheme_id": scheme_id})


def latest_version(store: Store, scheme_id: str) -> int:
    """The highest stored version of a scheme (0 when none is stored)."""
    rows = versions(store, scheme_id)
    return int(rows["version"].max()) if len(rows) else 0


# -- the scheme as a readable table and an editable grid ------------------------------------------------


def target_text(target: Target | None, lang: str | None = None) -> str:
    """A target as typed in a grid cell: '' (none), '24', or '1.6/人' ('1.6/member' in English) per party member."""
    if target is None:
        return ""
    value = f"{target.value:g}"
    return label("settings.per_member", lang).format(value=value) if target.basis == "per_member" else value


class TargetTextError(LabelledError, ValueError):
    """A target cell that is neither a number nor so much per party member."""


def parse_target_text(text: str) -> Target | None:
    """Read a grid cell back: '' → no target, '24' → fixed, '1.6/人' → per member; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    if match := _PER_MEMBER.match(text):
        return Target(DEFAULT_KIND, "per_member", float(match.group(1)))
    try:
        value = float(text)
    except ValueError:
        raise TargetTextError("settings.error.target_text", text=text) from None
    if value < 0:
        raise TargetTextError("settings.error.target_negative", text=text)
    return Target(DEFAULT_KIND, "fixed", value)


def target_kinds(scheme: Scheme) -> tuple[str, ...]:
    """The target columns of the grid: the scheme's unit kinds, then '*' for every other kind."""
    kinds = list(scheme.unit_kinds)
    for ind in scheme.indicators:
        kinds += [t.unit_kind for t in ind.targets if t.unit_kind not in kinds and t.unit_kind != DEFAULT_KIND]
    return (*kinds, DEFAULT_KIND)


def target_grid(scheme: Scheme, lang: str | None = None) -> pd.DataFrame:
    """One row per indicator: GRID_COLUMNS, then one text column per unit kind and '*' (see target_text)."""
    kinds = target_kinds(scheme)
    rows = []
    for ind in scheme.indicators:
        own = {t.unit_kind: t for t in ind.targets}
        rows.append(
            {
                "indicator_id": ind.id,
                "indicator": ind.name,
                "dimension": ind.dimension,
                "rule": ind.rule,
                "max_points": ind.max_points,
                **{kind: target_text(own.get(kind), lang) for kind in kinds},
            }
        )
    return pd.DataFrame(rows, columns=[*GRID_COLUMNS, *kinds])


def _raw_target(targets: list[Target]) -> Any:
    """Targets in the TOML shape parse_scheme reads."""

    def one(t: Target) -> Any:
        return {"per_member": t.value} if t.basis == "per_member" else t.value

    if len(targets) == 1 and targets[0].unit_kind == DEFAULT_KIND:
        return one(targets[0])
    return {("default" if t.unit_kind == DEFAULT_KIND else t.unit_kind): one(t) for t in targets}


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


def edited_scheme(base: Scheme, grid: pd.DataFrame, version: int, total: float | None = None) -> Scheme:
    """`base` with the grid's points and targets (and a new total) as version `version`, validated like a file.

    Raises SchemeError listing every problem, each naming the indicator and the column.
    """
    raw = json.loads(base.definition)
    problems: list[Message] = []
    kinds = [c for c in grid.columns if c not in GRID_COLUMNS]
    by_id = {str(row["indicator_id"]): row for row in grid.to_dict("records")}
    for raw_ind in raw.get("indicators", []):
        ind = base.indicator(str(raw_ind["id"]))
        row = by_id.get(ind.id)
        if row is None:
            continue
        points = _number(row["max_points"])
        if points is None or points < 0:
            problems.append(message("settings.error.max_points", indicator=ind.name, value=row["max_points"]))
        elif points != ind.max_points:
            raw_ind["max"] = int(points) if points.is_integer() else points
        targets: list[Target] = []
        for kind in kinds:
            try:
                parsed = parse_target_text(str(row[kind] if row[kind] is not None else ""))
            except TargetTextError as exc:
                column = message("settings.other_kinds") if kind == DEFAULT_KIND else kind
                problems.append(message("settings.error.target_cell", indicator=ind.name, column=column, problem=exc))
                continue
            if parsed is not None:
                targets.append(Target(kind, parsed.basis, parsed.value))
        if {(t.unit_kind, t.basis, t.value) for t in targets} != {(t.unit_kind, t.basis, t.value) for t in ind.targets}:
            if targets:
                raw_ind["target"] = _raw_target(targets)
            else:
                raw_ind.pop("target", None)
    if problems:
        raise SchemeError(base.version_name, problems)
    head = raw["scheme"]
    head["version"] = version
    if total is not None and total != base.total_points:
        head["total"] = int(total) if float(total).is_integer() else total
    return parse_scheme(raw, f"settings:{base.id}:v{version}")  # where it came from, as schemes.source_file keeps it


def save_version(store: Store, viewer: Viewer, base: Scheme, edited: Scheme) -> Scheme:
    """Store `edited` as the next version of `base`'s scheme (base stored first, so it stays listed); audited.

    Saving does not put the version in force (see `activate`). Raises VersionConflict when another version was
    saved since `edited` was numbered, and SchemeError when the edit changes nothing.
    """
    viewer.require(Permission.EDIT_SCHEME)
    if edited.content_hash == base.content_hash or _same_content(base, edited):
        raise SchemeError(edited.source, [message("settings.error.unchanged")])
    save_scheme(store, base, who=viewer.user)
    latest = latest_version(store, base.id)
    if edited.version != latest + 1:
        raise VersionConflict(
            edited.source,
            [message("settings.error.newer_version", scheme=base.id, latest=latest)],
        )
    save_scheme(store, edited, who=viewer.user)
    return edited


def _same_content(a: Scheme, b: Scheme) -> bool:
    first, second = json.loads(a.definition), json.loads(b.definition)
    first["scheme"].pop("version", None)
    second["scheme"].pop("version", None)
    return bool(first == second)


def start_period(store: Store, viewer: Viewer, source: Scheme, period: Period | str) -> Scheme:
    """A new period's scheme copied from `source` (targets, points, rules), saved as its version 1; audited."""
    viewer.require(Permission.EDIT_SCHEME)
    period = as_period(period)
    if latest_version(store, period.code):
        raise SchemeError(period.code, [message("settings.error.period_has_scheme", period=period.code)])
    raw = json.loads(source.definition)
    head = raw["scheme"]
    head.update(
        id=period.code,
        version=1,
        period=period.code,
        name=source.name.replace(source.period[:4], period.code[:4]),
    )
    scheme = parse_scheme(raw, f"copy:{source.id}:v{source.version}")  # copied from, as schemes.source_file keeps it
    adopt_scheme(store, viewer, scheme)
    return scheme


# -- differences between versions ----------------------------------------------------------------------

DIFF_COLUMNS = ("item", "field", "before", "after")

_SKIPPED_FIELDS = {"id", "targets"}  # the id is the key; targets are compared per unit kind


def _text(value: Any) -> str:
    if value is None or value == ():
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return " · ".join(_text(v) if not isinstance(v, tuple) else " ".join(_text(x) for x in v) for v in value)
    return str(value)


def _levels_text(levels: tuple[tuple[str, float], ...]) -> str:
    # A stored definition is canonical JSON with sorted keys, so level order carries no meaning: compare by points.
    return _text(tuple(sorted(levels, key=lambda level: (-level[1], level[0]))))


def _indicator_fields(ind: Indicator) -> dict[str, str]:
    values = {f.name: _text(getattr(ind, f.name)) for f in fields(ind) if f.name not in _SKIPPED_FIELDS}
    values["levels"] = _levels_text(ind.levels)
    for target in ind.targets:
        values[f"target[{target.unit_kind}]"] = target_text(target)
    return values


def _scheme_fields(scheme: Scheme) -> dict[str, str]:
    return {
        "name": scheme.name,
        "period": scheme.period,
        "total_points": _text(scheme.total_points),
        "dimensions": _text(scheme.dimensions),
        "bonus_cap": _text(scheme.bonus_cap),
        "deduction_cap": _text(scheme.deduction_cap),
        "grades": " · ".join(f"{g.grade} ≥ {g.min_total:g}" for g in scheme.grades),
        "quota": f"{scheme.quota.grade} ≤ {scheme.quota.share:.0%}" if scheme.quota else "",
        "tie_break": _text(scheme.tie_break),
    }


def _category_fields(scheme: Scheme) -> dict[str, dict[str, str]]:
    return {
        f"{c.type}:{c.category}": {
            "combine": c.combine,
            "points": _text(c.points),
            "max_points": _text(c.max_points),
            "levels": _levels_text(c.levels),
        }
        for c in scheme.adjustment_categories
    }


def _diff_maps(item: str, before: Mapping[str, str], after: Mapping[str, str]) -> list[dict[str, str]]:
    rows = []
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key, ""), after.get(key, "")
        if old != new:
            rows.append({"item": item, "field": key, "before": old, "after": new})
    return rows


def diff_schemes(before: Scheme, after: Scheme) -> pd.DataFrame:
    """What changed from `before` to `after`: one row per changed field (DIFF_COLUMNS), in the scheme's order.

    item is '[scheme]', an indicator id, or 'bonus:<category>' etc.; an added or removed indicator or category
    shows field '(added)' / '(removed)'.
    """
    rows = _diff_maps("[scheme]", _scheme_fields(before), _scheme_fields(after))
    old_inds = {i.id: i for i in before.indicators}
    new_inds = {i.id: i for i in after.indicators}
    for ind_id in [*old_inds, *(i for i in new_inds if i not in old_inds)]:
        if ind_id not in new_inds:
            rows.append({"item": ind_id, "field": "(removed)", "before": old_inds[ind_id].name, "after": ""})
        elif ind_id not in old_inds:
            rows.append({"item": ind_id, "field": "(added)", "before": "", "after": new_inds[ind_id].name})
        else:
            rows += _diff_maps(ind_id, _indicator_fields(old_inds[ind_id]), _indicator_fields(new_inds[ind_id]))
    old_cats, new_cats = _category_fields(before), _category_fields(after)
    for key in [*old_cats, *(k for k in new_cats if k not in old_cats)]:
        if key not in new_cats:
            rows.append({"item": key, "field": "(removed)", "before": key, "after": ""})
        elif key not in old_cats:
            rows.append({"item": key, "field": "(added)", "before": "", "after": key})
        else:
            rows += _diff_maps(key, old_cats[key], new_cats[key])
    return pd.DataFrame(rows, columns=list(DIFF_COLUMNS))


_TARGET_FIELD = re.compile(r"^target\[(?P<kind>.+)\]$")
# Values that are codes of the scheme format, read through another label table.
_DIFF_VALUE_LABELS = {"rule": "rule.{}", "measure": "measure.{}", "combine": "settings.diff.combine.{}",
                      "no_data": "settings.diff.no_data.{}", "pace": "settings.diff.pace.{}"}  # fmt: skip


def diff_in_words(diff: pd.DataFrame, before: Scheme, after: Scheme, lang: str) -> pd.DataFrame:
    """`diff_schemes`' rows as users read them: indicators and categories by name, fields by label, the target of
    a unit kind as "目标（社区）", codes (rules, measures, true/false) in words; never an id or `target[…]`."""
    names = {ind.id: ind.name for ind in (*before.indicators, *after.indicators)}

    def item(code: str) -> str:
        if code == "[scheme]":
            return label("settings.diff.item.scheme", lang)
        type_, _, category = code.partition(":")
        if category and type_ in ("bonus", "deduction", "veto"):
            return label("format.pair", lang).format(field=label(f"adjustment.{type_}", lang), value=category)
        return names.get(code, code)

    def field(code: str) -> str:
        target = _TARGET_FIELD.match(code)
        if target:
            kind = target.group("kind")
            kind_name = label("settings.other_kinds", lang) if kind == DEFAULT_KIND else kind
            return label("settings.diff.field.target", lang).format(kind=kind_name)
        key = f"settings.diff.field.{code.strip('()')}"
        return label(key, lang) if key in LABELS else code

    def value(code: str, text: str) -> str:
        if text in ("True", "False"):
            return label("audit.value.yes" if text == "True" else "audit.value.no", lang)
        template = _DIFF_VALUE_LABELS.get(code)
        if template and template.format(text) in LABELS:
            return label(template.format(text), lang)
        if _TARGET_FIELD.match(code) and text.endswith("/人"):  # cjk: the per-member suffix as target_text writes it
            return label("settings.per_member", lang).format(value=text.removesuffix("/人"))  # cjk: idem
        return text

    return pd.DataFrame(
        {
            "item": [item(str(i)) for i in diff["item"]],
            "field": [field(str(f)) for f in diff["field"]],
            "before": [value(str(f), str(v)) for f, v in zip(diff["field"], diff["before"], strict=True)],
            "after": [value(str(f), str(v)) for f, v in zip(diff["field"], diff["after"], strict=True)],
        },
        columns=list(DIFF_COLUMNS),
    )


# -- comparing two results -----------------------------------------------------------------------------

COMPARE_COLUMNS = (
    "unit_id", "unit", "kind", "rank_before", "rank_after", "total_before", "total_after", "total_change",
    "grade_before", "grade_after", "grade_changed", "reasons",
)  # fmt: skip
_UNIT_FIELDS = ["unit_id", "unit", "kind", "rank", "total", "grade", "bonus", "deduction", "vetoed"]
_LINE_FIELDS = ["unit_id", "indicator_id", "indicator", "weighted_points"]


def compare_frames(
    store: Store,
    before: tuple[pd.DataFrame, pd.DataFrame],
    after: tuple[pd.DataFrame, pd.DataFrame],
    labels: Mapping[str, str] | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """Units whose total, grade or rank differ between two (units, lines) results, with the reasons.

    Columns COMPARE_COLUMNS; reasons lists the indicators and adjustment pools whose weighted points moved.
    """
    language = lang or current_language()
    names = {
        **{key: label(f"adjustment.{key}", language) for key in ("bonus", "deduction", "veto")},
        "others": label("diff.others_moved", language),
        **(labels or {}),
    }
    cur = store.cursor()
    try:
        cur.register("before_units", before[0][_UNIT_FIELDS])
        cur.register("before_lines", before[1][_LINE_FIELDS])
        cur.register("after_units", after[0][_UNIT_FIELDS])
        cur.register("after_lines", after[1][_LINE_FIELDS])
        params = {f"{key}_label": names[key] for key in ("bonus", "deduction", "veto", "others")}
        params["separator"] = label("format.reason_separator", language)
        frame: pd.DataFrame = cur.execute(load_query("workflow/compare_results"), params).df()
    finally:
        cur.close()
    return frame[list(COMPARE_COLUMNS)]


@dataclass(frozen=True)
class WhatIf:
    """A period scored under two scheme versions, and the units whose result differs (COMPARE_COLUMNS)."""

    before: ScoreResult
    after: ScoreResult
    changes: pd.DataFrame

    @property
    def grade_changes(self) -> pd.DataFrame:
        """Only the units whose grade differs."""
        return self.changes[self.changes["grade_changed"]].reset_index(drop=True)


def what_if(
    store: Store,
    viewer: Viewer,
    period: Period | str,
    before: Scheme,
    after: Scheme,
    as_of: date | None = None,
    lang: str | None = None,
) -> WhatIf:
    """Score `period` under both schemes (in memory: a draft is never stored) and compare them unit by unit; the
    reasons are worded in `lang` (default: the current language)."""
    viewer.require(Permission.VIEW_SCORES)
    first = score_period(store, period, before, as_of)
    second = score_period(store, period, after, as_of)
    changes = compare_frames(store, (first.units, first.lines), (second.units, second.lines), lang=lang)
    return WhatIf(first, second, changes)
