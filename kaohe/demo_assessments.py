"""The demo's assessor input: qualitative scores and bonus/deduction/veto items for the completed years.

A demo whose ledgers span 2024–2026 needs assessor input for every year the assessors have finished, or the
scorecard's "this year against last year" compares a full 2025 with a 2024 that lacks its qualitative points.
Assessors score at year-end, so the year in progress (2026) deliberately has none; the pages say so.

Deterministic: each assessor's impression follows the unit's quantitative points in that year's ledgers
(assessors know which branches work), plus a personal spread drawn from a generator seeded with the year, so
2024 is correlated with 2025 without repeating it and the demo's 2025 totals land in every grade band. The
quantitative points come from the shipped ledgers imported into a scratch database, never from the assessor
files themselves, so regenerating gives identical bytes. `python -m kaohe.demo_generate` rewrites these files.
"""

from __future__ import annotations

import csv
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

from kaohe.demo_build import ASSESSED_PERIODS, ASSESSMENTS_DIR, DEMO_DIR, assessment_files, demo_files
from kaohe.scheme import SCHEMES_DIR, load_scheme
from kaohe.store import Store

ASSESSORS = ("张建国", "王秀兰", "李志强", "赵丽娜", "刘洪涛", "陈静")
QUALITATIVE_HEADER = ("考核期", "考核人", "单位编号", "指标", "分数", "等次", "评语")
ADJUSTMENT_HEADER = ("考核期", "单位编号", "类型", "类别", "级别", "分值", "事由", "佐证")

# Bonus, deduction and veto items (invented for the demo): unit_id, type, category, level, points, reason, evidence.
# 2024 has a few honours and reprimands, several foreshadowing 2025 (QY04's fire-safety notice before its veto).
ADJUSTMENTS: dict[str, tuple[tuple[str, str, str, str, str, str, str], ...]] = {
    "2024": (
        ("SQ01", "加分", "荣誉表彰", "区级", "", "支部被评为区级先进基层党组织", "管组〔2024〕11号"),
        ("SQ02", "加分", "经验推广", "", "", "“红色物业”做法在区委组织部会议交流", "区委组织部会议纪要"),
        ("SQ03", "加分", "荣誉表彰", "市级", "", "社区获评市级文明社区", "郑文明〔2024〕9号"),
        ("SQ03", "加分", "创新项目", "", "1", "“楼院议事厅”试点", "街道党工委会议纪要"),
        ("JG03", "加分", "荣誉表彰", "区级", "", "平安建设先进集体", "管平安〔2024〕3号"),
        ("SH01", "加分", "经验推广", "", "", "助老志愿服务经验在区民政简报刊发", "区民政简报第8期"),
        ("SQ06", "扣分", "负面清单", "约谈提醒", "", "信访积案化解进度慢，书记被约谈", "约谈记录"),
        ("JG07", "扣分", "负面清单", "约谈提醒", "", "组织生活记录不全，书记被约谈", "约谈记录"),
        ("QY04", "扣分", "负面清单", "通报批评", "", "市场消防检查不合格被街道通报", "街道通报〔2024〕6号"),
    ),
    "2025": (
        ("SQ01", "加分", "荣誉表彰", "市级", "", "支部被评为市级先进基层党组织", "郑组〔2025〕18号"),
        ("SQ01", "加分", "荣誉表彰", "区级", "", "支部书记被评为区优秀党务工作者", "管组〔2025〕7号"),
        ("SQ02", "加分", "荣誉表彰", "省级", "", "“红色物业”做法获省级表彰", "豫组〔2025〕33号"),
        ("SQ02", "加分", "经验推广", "", "", "网格代办经验在区委简报刊发", "管城党建简报第12期"),
        ("SQ03", "加分", "荣誉表彰", "省级", "", "社区获评省级文明社区", "豫文明〔2025〕5号"),
        ("SQ03", "加分", "经验推广", "", "", "“一征三议两公开”做法在市级会议交流", "市委组织部会议纪要"),
        ("SQ03", "加分", "经验推广", "", "", "为民办实事案例入选区典型案例汇编", "区委组织部汇编"),
        ("SQ03", "加分", "创新项目", "", "1.5", "“楼院议事厅”创新项目", "街道党工委会议纪要"),
        ("JG03", "加分", "荣誉表彰", "区级", "", "平安建设先进集体", "管平安〔2025〕2号"),
        ("JG11", "加分", "荣誉表彰", "区级", "", "被评为区就业创业工作先进集体", "管人社〔2025〕9号"),
        ("SH01", "加分", "创新项目", "", "1", "“时间银行”助老志愿服务项目", "项目评审表"),
        ("CUN01", "加分", "经验推广", "", "", "村集体经济发展经验被区农业农村局推广", "区农业农村局通报"),
        ("SQ06", "扣分", "负面清单", "通报批评", "", "信访积案化解不力被街道通报", "街道通报〔2025〕4号"),
        ("JG07", "扣分", "负面清单", "约谈提醒", "", "组织生活不经常，书记被约谈", "约谈记录"),
        ("QY05", "扣分", "负面清单", "台账弄虚作假", "", "服务台账补记、代签", "督查通报第3期"),
        ("QY06", "扣分", "负面清单", "约谈提醒", "", "党员大会缺席率高，书记被约谈", "约谈记录"),
        (
            "QY04",
            "一票否决",
            "重大安全责任事故",
            "",
            "",
            "市场发生火灾致人受伤，负有管理责任",
            "区应急管理局事故调查报告",
        ),
    ),
}


def _level(score: float) -> str:
    if score >= 9.0:
        return "好"
    if score >= 7.5:
        return "较好"
    if score >= 6.0:
        return "一般"
    return "差"


def quantitative_shares(store: Store, period: str) -> dict[str, float]:
    """Each unit's quantitative points in `period` as a share (0..1) of the quantitative maximum."""
    from kaohe.scoring import score_period

    scheme = load_scheme(SCHEMES_DIR / f"{period}.toml")
    lines = score_period(store, period, scheme).lines
    quantitative = lines[lines["measure"].notna()]
    max_points = sum(i.max_points * scheme.component_factor(i.component) for i in scheme.indicators if i.measure)
    points = quantitative.groupby("unit_id")["weighted_points"].sum()
    return {str(unit_id): float(value) / max_points for unit_id, value in points.sort_index().items()}


def qualitative_rows(period: str, shares: dict[str, float]) -> list[tuple[str, ...]]:
    """Every assessor's two qualitative scores for every unit, in unit order (seeded with the year)."""
    rng = random.Random(int(period))
    rows: list[tuple[str, ...]] = []
    for unit_id in sorted(shares):
        impression = 2.0 + 8.0 * shares[unit_id] ** 3  # assessors reward the strong and notice the weak
        for assessor in ASSESSORS:
            leniency = rng.uniform(-0.5, 0.5)
            review = max(0.0, min(10.0, round(impression + leniency + rng.gauss(0, 0.4), 1)))
            integrity = _level(impression + leniency + rng.gauss(0, 0.6))
            rows.append((period, assessor, unit_id, "qual_review", f"{review:.1f}", "", ""))
            rows.append((period, assessor, unit_id, "qual_integrity", "", integrity, ""))
    return rows


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def generate_assessments(out_dir: Path | None = None, ledger_dir: Path | None = None) -> list[Path]:
    """Write the assessor files of every assessed period (default: data/demo/assessments/) and return them.

    The ledgers are read from `ledger_dir` (default: data/demo/); the files come back in load order.
    """
    from kaohe.ingest import import_path

    # Defaults resolved here, not in the signature.
    out_dir = ASSESSMENTS_DIR if out_dir is None else out_dir
    ledger_dir = DEMO_DIR if ledger_dir is None else ledger_dir

    with tempfile.TemporaryDirectory(prefix="kaohe-demo-") as scratch, Store(Path(scratch) / "l.duckdb") as store:
        for path in demo_files(ledger_dir):
            import_path(store, path, user="demo")
        shares = {period: quantitative_shares(store, period) for period in ASSESSED_PERIODS}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for period in ASSESSED_PERIODS:
        scores, adjustments = (out_dir / name for name in assessment_files(period))
        _write_csv(scores, QUALITATIVE_HEADER, qualitative_rows(period, shares[period]))
        _write_csv(adjustments, ADJUSTMENT_HEADER, [(period, *row) for row in ADJUSTMENTS[period]])
        written += [scores, adjustments]
    return written
