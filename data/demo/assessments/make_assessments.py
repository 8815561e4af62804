"""Write the demo assessor input (qualitative scores and bonus/deduction/veto items) for period 2025.

Deterministic: the six assessors' impressions follow each unit's quantitative points on the demo ledgers
(assessors know which branches work) plus a fixed-seed personal spread, so the demo's totals land in every
grade band. Run from the project root after `kaohe demo --db PATH`:

    .venv/bin/python data/demo/assessments/make_assessments.py PATH
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

from kaohe.scheme import load_scheme
from kaohe.scoring import score_period
from kaohe.store import Store

HERE = Path(__file__).resolve().parent
ASSESSORS = ("张建国", "王秀兰", "李志强", "赵丽娜", "刘洪涛", "陈静")
PERIOD = "2025"

# Bonus, deduction and veto items (invented for the demo): unit_id, type, category, level, points, reason, evidence.
ADJUSTMENTS = (
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
    ("QY04", "一票否决", "重大安全责任事故", "", "", "市场发生火灾致人受伤，负有管理责任", "区应急管理局事故调查报告"),
)


def _level(score: float) -> str:
    if score >= 9.0:
        return "好"
    if score >= 7.5:
        return "较好"
    if score >= 6.0:
        return "一般"
    return "差"


def main(db: str) -> None:
    """Score the quantitative part on the demo database and write the two CSV files."""
    scheme = load_scheme(HERE.parent.parent / "schemes" / "2025.toml")
    with Store(db) as store:
        units = score_period(store, PERIOD, scheme).units
    max_quant = sum(i.max_points * scheme.component_factor(i.component) for i in scheme.indicators if i.measure)
    rng = random.Random(2025)
    rows = []
    for unit in units.sort_values("unit_id").itertuples():
        share = float(unit.indicator_total) / max_quant  # 0..1, from the ledgers alone
        impression = 2.0 + 8.0 * share**3  # assessors reward the strong and notice the weak
        for assessor in ASSESSORS:
            leniency = rng.uniform(-0.5, 0.5)
            review = max(0.0, min(10.0, round(impression + leniency + rng.gauss(0, 0.4), 1)))
            integrity = _level(impression + leniency + rng.gauss(0, 0.6))
            rows.append((PERIOD, assessor, unit.unit_id, "qual_review", f"{review:.1f}", "", ""))
            rows.append((PERIOD, assessor, unit.unit_id, "qual_integrity", "", integrity, ""))
    with (HERE / "qualitative_scores.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(("考核期", "考核人", "单位编号", "指标", "分数", "等次", "评语"))
        writer.writerows(rows)
    with (HERE / "adjustments.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(("考核期", "单位编号", "类型", "类别", "级别", "分值", "事由", "佐证"))
        writer.writerows((PERIOD, *row) for row in ADJUSTMENTS)


if __name__ == "__main__":
    main(sys.argv[1])
