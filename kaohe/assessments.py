"""Load assessors' input from a file: qualitative scores and bonus/deduction/veto items (CSV or xlsx).

The entry screens come later; until then, and for bulk entry afterwards, the assessment group fills in a
sheet. A file is loaded whole or not at all: any row that names an unknown unit, indicator, category or
level, or a score out of range, rejects the file with messages naming the file, row and column, so a
half-loaded assessment can never be scored. Rows are appended (the tables are append-only) and a file
already loaded (same SHA-256) is not loaded twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from kaohe import audit
from kaohe.labels import LabelledError, Message, ProblemsError, label, message
from kaohe.periods import PeriodError, parse_period
from kaohe.queries import load_query
from kaohe.scheme import Scheme
from kaohe.store import Store

# Header spellings accepted for each field (the English field name itself is always accepted).
QUALITATIVE_HEADERS = {
    "period": ("考核期", "考核年度", "年度"),  # cjk: a header offices write
    "assessor": ("考核人", "评分人", "考核组成员", "评委"),  # cjk: a header offices write
    "unit": ("单位", "党组织", "支部", "支部名称", "单位编号", "unit_id"),  # cjk: a header offices write
    "indicator_id": ("指标", "指标编号", "indicator"),  # cjk: a header offices write
    "score": ("分数", "得分", "评分"),  # cjk: a header offices write
    "level": ("等次", "评价等次", "档次"),  # cjk: a header offices write
    "comment": ("评语", "意见", "备注"),  # cjk: a header offices write
}
ADJUSTMENT_HEADERS = {
    "period": ("考核期", "考核年度", "年度"),  # cjk: a header offices write
    "unit": ("单位", "党组织", "支部", "支部名称", "单位编号", "unit_id"),  # cjk: a header offices write
    "type": ("类型", "加扣分类型"),  # cjk: a header offices write
    "category": ("类别", "项目"),  # cjk: a header offices write
    "level": ("级别", "等级"),  # cjk: a header offices write
    "points": ("分值", "分数"),  # cjk: a header offices write
    "reason": ("事由", "原因", "情况说明"),  # cjk: a header offices write
    "evidence": ("佐证", "佐证材料", "依据"),  # cjk: a header offices write
}
TYPE_ALIASES = {
    "bonus": "bonus", "加分": "bonus",  # cjk: the type as offices write it
    "deduction": "deduction", "扣分": "deduction",  # cjk: the type as offices write it
    "veto": "veto", "一票否决": "veto", "否决": "veto",  # cjk: the type as offices write it
}  # fmt: skip


# How many problems the text of an AssessmentError lists (a file wrong throughout would fill a screen).
PROBLEMS_SHOWN = 50


class AssessmentError(ProblemsError, ValueError):
    """A file of assessor input that cannot be loaded; `problems` (Messages) name each faulty row and column."""

    def __init__(self, source: str, problems: Sequence[Message | str]) -> None:
        self.source = source
        super().__init__("assessments.error.heading", problems, source=source)

    def text(self, lang: str | None = None) -> str:
        """The heading and the first PROBLEMS_SHOWN problems, one per line."""
        said = self.problem_texts(lang)
        lines = "".join(f"\n  - {p}" for p in said[:PROBLEMS_SHOWN])
        more = len(said) - PROBLEMS_SHOWN
        if more > 0:
            lines += "\n  " + label("assessments.error.more", lang).format(n=more)
        return LabelledError.text(self, lang) + lines

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.source, self.problems))


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
        suffix = path.suffix or message("assessments.error.no_suffix")
        raise AssessmentError(str(path), [message("assessments.error.file_type", suffix=suffix)])
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
        raise AssessmentError(source, [message("assessments.error.headers", columns=columns)])
    headers = QUALITATIVE_HEADERS if kind == "qualitative" else ADJUSTMENT_HEADERS
    missing = [
        message("assessments.missing_column", field=f, header=headers[f][0]) for f in required if f not in mapping
    ]
    if missing:
        raise AssessmentError(source, [message("assessments.error.missing_columns", columns=missing)])
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
        raise AssessmentError(str(path), [message("assessments.error.no_file")])
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    if store.scalar("scoring/assessment_file_loaded", {"sha256": sha256}):
        kind, _ = _detect(_read(path), source)
        return AssessmentLoad(source, kind, 0, already_loaded=True)
    frame = _read(path)
    kind, mapping = _detect(frame, source)
    units = _unit_lookup(store)
    problems: list[Message] = []
    rows: list[dict[str, Any]] = []
    entered_at = datetime.now().replace(microsecond=0)
    records: list[dict[str, Any]] = [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]
    for index, record in enumerate(records):
        source_row = index + 2  # the header is row 1 in Excel

        def cell(field: str, record: dict[str, Any] = record) -> str:
            return str(record[mapping[field]]) if field in mapping else ""

        def bad(field: str, problem: Message, source_row: int = source_row) -> None:
            column = mapping.get(field, field)
            problems.append(message("assessments.problem", row=source_row, column=column, problem=problem))

        if not any(str(v) for v in record.values()):
            continue
        period_text = cell("period")
        try:
            period = parse_period(period_text).code
        except PeriodError:
            bad("period", message("assessments.error.period", period=period_text))
            period = period_text
        unit_text = cell("unit")
        unit_id = units.get(unit_text)
        if unit_id is None:
            bad("unit", message("assessments.error.unit", unit=unit_text))
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


Cell = Callable[[str], str]
Bad = Callable[[str, Message], None]


def _qualitative_row(row: dict[str, Any], cell: Cell, bad: Bad, scheme: Scheme | None) -> None:
    assessor = cell("assessor")
    if not assessor:
        bad("assessor", message("assessments.error.no_assessor"))
    indicator_id = cell("indicator_id")
    score_text, level = cell("score"), cell("level") or None
    score = _number(score_text) if score_text else None
    if score_text and score is None:
        bad("score", message("assessments.error.score_number", score=score_text))
    if score is None and level is None and not score_text:
        bad("score", message("assessments.error.no_score"))
    if score is not None and level is not None:
        bad("level", message("assessments.error.score_and_level"))
    if scheme is not None:
        ind = next((i for i in scheme.indicators if i.id == indicator_id or i.name == indicator_id), None)
        if ind is None or ind.rule != "qualitative":
            names = [i.id for i in scheme.indicators if i.rule == "qualitative"]
            problem = message(
                "assessments.error.indicator", indicator=indicator_id, scheme=scheme.version_name, expected=names
            )
            bad("indicator_id", problem)
        else:
            indicator_id = ind.id
            if score is not None and not 0 <= score <= ind.max_points:
                bad("score", message("assessments.error.score_range", score=f"{score:g}", max=f"{ind.max_points:g}"))
            levels = dict(ind.levels)
            if level is not None and not levels:
                bad("level", message("assessments.error.no_levels", level=level))
            elif level is not None and level not in levels:
                bad("level", message("assessments.error.level", level=level, expected=list(levels)))
    row.update(assessor=assessor, indicator_id=indicator_id, score=score, level=level, comment=cell("comment") or None)


def _adjustment_row(row: dict[str, Any], cell: Cell, bad: Bad, scheme: Scheme | None) -> None:
    type_text = cell("type")
    type_ = TYPE_ALIASES.get(type_text)
    if type_ is None:
        bad("type", message("assessments.error.type", type=type_text))
    category, level = cell("category"), cell("level") or None
    points_text = cell("points")
    points = _number(points_text) if points_text else None
    if points_text and points is None:
        bad("points", message("assessments.error.points_number", points=points_text))
    reason = cell("reason")
    if not reason:
        bad("reason", message("assessments.error.no_reason"))
    if scheme is not None and type_ is not None:
        cat = next((c for c in scheme.categories(type_) if c.category == category), None)
        if cat is None:
            names = [c.category for c in scheme.categories(type_)]
            kind = message(f"adjustment.{type_}")
            said = message(
                "assessments.error.category", category=category, scheme=scheme.version_name, type=kind, expected=names
            )
            bad("category", said)
        elif cat.levels and level not in dict(cat.levels):
            bad(
                "level", message("assessments.error.category_level", level=level or "", expected=list(dict(cat.levels)))
            )
        elif cat.max_points is not None and (points is None or not 0 <= points <= cat.max_points):
            bad("points", message("assessments.error.points_range", max=f"{cat.max_points:g}"))
    row.update(
        type=type_,
        category=category,
        level=level,
        points=points,
        reason=reason,
        evidence=cell("evidence") or None,
    )
