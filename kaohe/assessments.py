"""Load assessors' input from a file: qualitative scores and bonus/deduction/veto items (CSV or xlsx).

The entry screens come later; until then, and for bulk entry afterwards, the assessment group fills in a
sheet. A file is loaded whole or not at all: any row that names an unknown unit, indicator, category or
level, or a score out of range, rejects the file with messages naming the file, row and column, so a
half-loaded assessment can never be scored. Rows are appended (the tables are append-only) and a file
already loaded (same SHA-256) is not loaded twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from kaohe import audit
from kaohe.periods import PeriodError, parse_period
from kaohe.queries import load_query
from kaohe.scheme import Scheme
from kaohe.store import Store

# Header spellings accepted for each field (the English field name itself is always accepted).
QUALITATIVE_HEADERS = {
    "period": ("考核期", "考核年度", "年度"),
    "assessor": ("考核人", "评分人", "考核组成员", "评委"),
    "unit": ("单位", "党组织", "支部", "支部名称", "单位编号", "unit_id"),
    "indicator_id": ("指标", "指标编号", "indicator"),
    "score": ("分数", "得分", "评分"),
    "level": ("等次", "评价等次", "档次"),
    "comment": ("评语", "意见", "备注"),
}
ADJUSTMENT_HEADERS = {
    "period": ("考核期", "考核年度", "年度"),
    "unit": ("单位", "党组织", "支部", "支部名称", "单位编号", "unit_id"),
    "type": ("类型", "加扣分类型"),
    "category": ("类别", "项目"),
    "level": ("级别", "等级"),
    "points": ("分值", "分数"),
    "reason": ("事由", "原因", "情况说明"),
    "evidence": ("佐证", "佐证材料", "依据"),
}
TYPE_ALIASES = {
    "bonus": "bonus", "加分": "bonus",
    "deduction": "deduction", "扣分": "deduction",
    "veto": "veto", "一票否决": "veto", "否决": "veto",
}  # fmt: skip


class AssessmentError(ValueError):
    """A file of assessor input that cannot be loaded; `problems` names each faulty row and column."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  …另有 {len(problems) - 50} 处" if len(problems) > 50 else ""
        super().__init__(f"{source}：{len(problems)} 处错误，整个文件未导入：\n{lines}{more}")


@dataclass(frozen=True)
class AssessmentLoad:
    """What loading one file did."""

    file_name: str
    kind: str  # qualitative | adjustments
    rows_loaded: int
    already_loaded: bool


def _read(path: Path) -> pd.DataFrame:
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        frame = pd.read_excel(path, dtype=str, engine="openpyxl")
    elif path.suffix.lower() == ".csv":
        frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    else:
        raise AssessmentError(str(path), [f"文件类型 {path.suffix or '（无扩展名）'} 不支持：应为 .csv 或 .xlsx"])
    frame = frame.fillna("")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.map(lambda v: str(v).strip())


def _match_headers(columns: list[str], headers: dict[str, tuple[str, ...]]) -> dict[str, str]:
    found = {}
    for field, aliases in headers.items():
        for column in columns:
            if column == field or column in aliases:
                found[field] = column
                break
    return found


def _detect(frame: pd.DataFrame, source: str) -> tuple[str, dict[str, str]]:
    columns = list(frame.columns)
    qual = _match_headers(columns, QUALITATIVE_HEADERS)
    adj = _match_headers(columns, ADJUSTMENT_HEADERS)
    required: tuple[str, ...]
    if {"assessor", "indicator_id"} <= set(qual):
        required = ("period", "assessor", "unit", "indicator_id")
        kind, mapping = "qualitative", qual
    elif {"type", "category"} <= set(adj):
        required = ("period", "unit", "type", "category", "reason")
        kind, mapping = "adjustments", adj
    else:
        raise AssessmentError(
            source,
            [f"表头 {columns} 既不像定性评分表（需要 考核人、指标 列）也不像加扣分表（需要 类型、类别 列）"],
        )
    headers = QUALITATIVE_HEADERS if kind == "qualitative" else ADJUSTMENT_HEADERS
    missing = [f"{f}（{headers[f][0]}）" for f in required if f not in mapping]
    if missing:
        raise AssessmentError(source, [f"缺少列：{'、'.join(missing)}"])
    return kind, mapping


def _unit_lookup(store: Store) -> dict[str, str]:
    units = store.query("scoring/unit_names")
    lookup = {str(r.alias): str(r.unit_id) for r in units.itertuples()}
    return lookup


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def load_assessments(
    store: Store, path: Path | str, who: str = "system", scheme: Scheme | None = None
) -> AssessmentLoad:
    """Load one file of qualitative scores or adjustments; with a scheme, check indicators and categories too."""
    path = Path(path)
    source = path.name
    if not path.is_file():
        raise AssessmentError(str(path), ["文件不存在"])
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    if store.scalar("scoring/assessment_file_loaded", {"sha256": sha256}):
        kind, _ = _detect(_read(path), source)
        return AssessmentLoad(source, kind, 0, already_loaded=True)
    frame = _read(path)
    kind, mapping = _detect(frame, source)
    units = _unit_lookup(store)
    problems: list[str] = []
    rows: list[dict[str, Any]] = []
    entered_at = datetime.now().replace(microsecond=0)
    records: list[dict[str, Any]] = [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]
    for index, record in enumerate(records):
        source_row = index + 2  # the header is row 1 in Excel

        def cell(field: str, record: dict[str, Any] = record) -> str:
            return str(record[mapping[field]]) if field in mapping else ""

        def bad(field: str, message: str, source_row: int = source_row) -> None:
            column = mapping.get(field, field)
            problems.append(f"第 {source_row} 行「{column}」列：{message}")

        if not any(str(v) for v in record.values()):
            continue
        period_text = cell("period")
        try:
            period = parse_period(period_text).code
        except PeriodError:
            bad("period", f"考核期「{period_text}」应为 2025、2025-H1、2025-Q2 或 2025-06 这样的写法")
            period = period_text
        unit_text = cell("unit")
        unit_id = units.get(unit_text)
        if unit_id is None:
            bad("unit", f"找不到单位「{unit_text}」：应为党组织名册中的单位编号或名称")
        row: dict[str, Any] = {
            "period": period,
            "unit_id": unit_id,
            "entered_at": entered_at,
            "entered_by": who,
            "source_file": source,
            "source_row": source_row,
        }
        if kind != "qualitative":
            row |= {"supersedes": None, "withdrawn": False}
        if kind == "qualitative":
            _qualitative_row(row, cell, bad, scheme)
        else:
            _adjustment_row(row, cell, bad, scheme)
        rows.append(row)
    if problems:
        raise AssessmentError(source, problems)
    insert = load_query("qualitative_scores/insert" if kind == "qualitative" else "adjustments/insert")
    with store.transaction() as cur:
        for row in rows:
            cur.execute(insert, row)
        audit.record(cur, who, "assessments.load", source, after={"sha256": sha256, "kind": kind, "rows": len(rows)})
    return AssessmentLoad(source, kind, len(rows), already_loaded=False)


def _qualitative_row(row: dict[str, Any], cell: Any, bad: Any, scheme: Scheme | None) -> None:
    assessor = cell("assessor")
    if not assessor:
        bad("assessor", "考核人不能为空")
    indicator_id = cell("indicator_id")
    score_text, level = cell("score"), cell("level") or None
    score = _number(score_text) if score_text else None
    if score_text and score is None:
        bad("score", f"分数「{score_text}」应为数字")
    if score is None and level is None and not score_text:
        bad("score", "分数和等次至少填一个")
    if score is not None and level is not None:
        bad("level", "同一行只能填分数或等次中的一个")
    if scheme is not None:
        ind = next((i for i in scheme.indicators if i.id == indicator_id or i.name == indicator_id), None)
        if ind is None or ind.rule != "qualitative":
            names = "、".join(i.id for i in scheme.indicators if i.rule == "qualitative")
            bad("indicator_id", f"「{indicator_id}」不是评分办法 {scheme.label} 的定性指标（应为 {names}）")
        else:
            indicator_id = ind.id
            if score is not None and not 0 <= score <= ind.max_points:
                bad("score", f"分数 {score:g} 应在 0 到 {ind.max_points:g} 之间")
            levels = dict(ind.levels)
            if level is not None and level not in levels:
                bad("level", f"等次「{level}」应为 {'、'.join(levels) or '（此指标不用等次，请填分数）'} 之一")
    row.update(assessor=assessor, indicator_id=indicator_id, score=score, level=level, comment=cell("comment") or None)


def _adjustment_row(row: dict[str, Any], cell: Any, bad: Any, scheme: Scheme | None) -> None:
    type_text = cell("type")
    type_ = TYPE_ALIASES.get(type_text)
    if type_ is None:
        bad("type", f"类型「{type_text}」应为 加分、扣分 或 一票否决")
    category, level = cell("category"), cell("level") or None
    points_text = cell("points")
    points = _number(points_text) if points_text else None
    if points_text and points is None:
        bad("points", f"分值「{points_text}」应为数字")
    reason = cell("reason")
    if not reason:
        bad("reason", "事由不能为空")
    if scheme is not None and type_ is not None:
        cat = next((c for c in scheme.categories(type_) if c.category == category), None)
        if cat is None:
            names = "、".join(c.category for c in scheme.categories(type_))
            bad("category", f"「{category}」不是评分办法 {scheme.label} 中的{type_text}类别（应为 {names}）")
        elif cat.levels and level not in dict(cat.levels):
            bad("level", f"级别「{level or ''}」应为 {'、'.join(dict(cat.levels))} 之一")
        elif cat.max_points is not None and (points is None or not 0 <= points <= cat.max_points):
            bad("points", f"分值应在 0 到 {cat.max_points:g} 之间")
    row.update(
        type=type_,
        category=category,
        level=level,
        points=points,
        reason=reason,
        evidence=cell("evidence") or None,
    )
