"""The demo ledgers' generator: data calibrated to the article about 陇海马路街道, written as offices export them.

The first start of the app and every demonstration need data that look like what a subdistrict office really
exports (title rows, merged headers, a GBK CSV, Chinese dates, a late report repeating rows, a few bad rows),
so the demo exercises the importer for real, while the reporting period's totals reproduce the figures the
article published, so every number on screen can be checked against the source. The generator is seeded and
never reads the clock, and workbooks carry a fixed creation time, so regenerating gives identical bytes.
Nothing at run time imports this module: kaohe.demo_build imports the files it wrote; `python -m
kaohe.demo_generate` rewrites them.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import xlsxwriter

from kaohe.demo_build import (
    CASES_2024_FILE,
    CASES_2026_FILE,
    DECISIONS_2025_FILE,
    DEEDS_2025_FILE,
    DISPUTES_FILE,
    ERRANDS_2025_FILE,
    FILE_ORDER,
    LEADERS_FILE,
    MEETINGS_2024_FILE,
    MEETINGS_2025_FILE,
    MEETINGS_2026_FILE,
    SERVICES_2024_FILE,
    SERVICES_2025_COMMUNITY_FILE,
    SERVICES_2025_LATE_FILE,
    SERVICES_2025_OFFICE_FILE,
    SERVICES_2026_FILE,
    UNITS_FILE,
)

_Row = TypeVar("_Row")

SEED = 20251231
YEARS = (2024, 2025, 2026)
# The year in progress: its ledgers run to the end of October.
LAST_DAY = date(2026, 10, 31)
# Every workbook claims this creation time, so regenerated files are byte-identical.
WORKBOOK_CREATED = datetime(2026, 11, 5, 9, 30, 0)


@dataclass(frozen=True)
class ArticleFigures:
    """The reporting period's totals the demo must reproduce (from the article)."""

    units: int = 36
    communities: int = 8
    villages: int = 1
    services: int = 1688
    people_served: int = 26190
    errands: int = 1716
    deeds: int = 3821
    decided_matters: int = 29
    members_low: int = 1200
    members_high: int = 1230


ARTICLE = ArticleFigures()


@dataclass(frozen=True)
class BadRow:
    """A deliberately bad extra row: the file it is in, the column and raw value at fault, and the problem."""

    file_name: str
    column: str
    value: str
    problem: str


# Rows of 04 that the late report 05 repeats word for word: the importer must count them as duplicates.
LATE_REPEATS = 6

BAD_ROWS = (
    BadRow(SERVICES_2025_COMMUNITY_FILE, "服务人数", "-3", "negative"),
    BadRow(SERVICES_2025_OFFICE_FILE, "单位名称", "综冶办党支部", "unknown_unit"),
    BadRow(SERVICES_2025_OFFICE_FILE, "日期", "2025年13月5日", "bad_date"),
    BadRow(SERVICES_2025_LATE_FILE, "受益群众（人次）", "若干", "not_a_number"),
    BadRow(ERRANDS_2025_FILE, "类别", "", "missing"),
)


# -- the office: 36 units ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One party branch of the demo office, with the traits that shape its ledgers."""

    unit_id: str
    name: str
    kind: str
    community: str
    members: int
    aliases: str
    founded: date
    # Share of a typical branch's workload this branch actually records (scores spread from it).
    diligence: float
    # Months in a year with gaps in organisational life (三会一课, 主题党日).
    gap_months: int
    # Pace in 2026 relative to 2025: a few branches clearly lag in the year in progress.
    pace_2026: float
    secretary: str = ""
    liaison: str = ""


NEW_UNIT_FOUNDED = date(2025, 7, 1)

# (unit_id, name, kind, community, members, aliases, diligence, gap_months, pace_2026); names marked * in the
# README are invented. Community branches carry the community's name, as the ledgers write it.
_UNIT_TABLE: tuple[tuple[str, str, str, str, int, str, float, int, float], ...] = (
    ("SQ01", "陇海东路第一社区", "社区", "陇海东路第一社区", 142, "陇海东路一社区", 1.25, 0, 1.05),
    ("SQ02", "新郑路社区", "社区", "新郑路社区", 131, "", 1.12, 0, 1.0),
    ("SQ03", "陇一社区", "社区", "陇一社区", 120, "", 1.02, 0, 1.0),
    ("SQ04", "南仓街社区", "社区", "南仓街社区", 115, "", 0.95, 1, 0.95),
    ("SQ05", "新郑里社区", "社区", "新郑里社区", 108, "", 0.9, 0, 1.0),
    ("SQ06", "北三街社区", "社区", "北三街社区", 103, "", 0.85, 1, 0.55),
    ("SQ07", "陇海中路社区", "社区", "陇海中路社区", 96, "", 0.88, 2, 1.0),
    ("SQ08", "城东南路社区", "社区", "城东南路社区", 90, "", 0.62, 3, 0.9),
    ("CUN01", "陇海村", "村", "陇海村", 88, "陇海村党总支、陇海村党支部", 0.72, 2, 0.95),
    ("JG01", "党政办党支部", "机关", "", 12, "党政办", 1.0, 0, 1.0),
    ("JG02", "党建办党支部", "机关", "", 9, "", 1.15, 0, 1.05),
    ("JG03", "综治办党支部", "机关", "", 10, "", 1.0, 0, 1.0),
    ("JG04", "城管科党支部", "机关", "", 11, "", 0.9, 1, 1.0),
    ("JG05", "民政科党支部", "机关", "", 8, "", 1.05, 0, 0.5),
    ("JG06", "财政所党支部", "机关", "", 7, "", 0.85, 1, 1.0),
    ("JG07", "经济发展办党支部", "机关", "", 8, "", 0.45, 7, 0.9),
    ("JG08", "社会事务办党支部", "机关", "", 9, "", 0.95, 0, 1.0),
    ("JG09", "平安建设办党支部", "机关", "", 10, "", 0.9, 1, 1.0),
    ("JG10", "信访办党支部", "机关", "", 7, "", 0.9, 0, 1.0),
    ("JG11", "劳动保障所党支部", "机关", "", 8, "", 1.0, 0, 1.0),
    ("JG12", "便民服务中心党支部", "机关", "", 9, "", 1.1, 0, 1.05),
    ("QY01", "郑州陇海物业服务有限公司党支部", "企业", "陇海东路第一社区", 16, "陇海物业党支部", 1.0, 0, 1.0),
    ("QY02", "郑州新郑路商贸有限公司党支部", "企业", "新郑路社区", 9, "", 0.85, 1, 1.0),
    ("QY03", "郑州南仓街农贸市场有限公司党支部", "企业", "南仓街社区", 8, "", 0.8, 2, 0.95),
    ("QY04", "河南陇海汽车配件市场有限公司党支部", "企业", "陇海中路社区", 12, "", 0.9, 1, 0.4),
    ("QY05", "郑州北三街建筑安装有限公司党支部", "企业", "北三街社区", 7, "", 0.75, 2, 1.0),
    ("QY06", "郑州城东南路物流有限公司党支部", "企业", "城东南路社区", 6, "", 0.35, 8, 0.8),
    ("QY07", "郑州新郑里餐饮管理有限公司党支部", "企业", "新郑里社区", 5, "", 0.8, 1, 1.0),
    ("QY08", "郑州陇海村集体资产经营有限公司党支部", "企业", "陇海村", 11, "", 0.85, 1, 1.0),
    ("QY09", "河南管城老厂区资产管理有限公司党支部", "企业", "陇一社区", 10, "", 0.9, 0, 1.0),
    ("QY10", "郑州陇海智慧物业有限公司党支部", "企业", "陇海东路第一社区", 6, "", 0.95, 0, 1.0),
    ("SH01", "康乐养老服务中心党支部", "社会组织", "陇海东路第一社区", 6, "", 1.1, 0, 1.0),
    ("SH02", "陇海马路街道社会组织联合党支部", "社会组织", "", 7, "", 0.85, 1, 1.0),
    ("SH03", "新郑路社区志愿者协会党支部", "社会组织", "新郑路社区", 5, "", 1.0, 0, 1.0),
    ("SH04", "陇海马路街道律师事务所联合党支部", "社会组织", "", 4, "", 0.9, 1, 1.0),
    ("SH05", "阳光家政服务中心党支部", "社会组织", "北三街社区", 3, "", 0.3, 9, 0.85),
)
NEW_UNIT_ID = "QY10"

# Residents and households (常住人口, 户数) of the communities and the village, on the roster: about 55,000 residents
# in all, as the office is described; the split between communities is invented.
RESIDENTS: dict[str, tuple[int, int]] = {
    "SQ01": (8600, 3180), "SQ02": (7400, 2740), "SQ03": (6200, 2300), "SQ04": (6900, 2560), "SQ05": (5800, 2150),
    "SQ06": (6100, 2260), "SQ07": (5400, 2000), "SQ08": (4700, 1740), "CUN01": (3900, 1300),
}  # fmt: skip

# The 12 members of the office's leadership (班子成员); invented names.
LIAISONS = (
    "王志刚", "李红梅", "张建华", "刘卫东", "陈丽娟", "杨国庆",
    "赵春燕", "黄振宇", "周慧敏", "吴新民", "徐海涛", "孙雅琴",
)  # fmt: skip

# Each leader's post, the office section (科室) they lead and the communities (村) that section is responsible for
# (街道科室分包社区(村)制度), in the order of LIAISONS. A leader's 联系点 are the units whose roster names them as
# 联系领导 (the first nine: one community or the village each, with the firms and organisations in it).
_LEADERSHIP: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("党工委书记", "党政办", ("陇海东路第一社区",)),
    ("党工委副书记、办事处主任", "财政所", ("新郑路社区",)),
    ("党工委副书记", "党建办", ("陇一社区",)),
    ("人大工委主任", "社会事务办", ("南仓街社区",)),
    ("纪工委书记", "信访办", ("陇海村",)),
    ("党工委委员、武装部部长", "民政科", ("北三街社区",)),
    ("党工委委员、组织委员", "平安建设办", ("城东南路社区",)),
    ("党工委委员、宣传委员", "经济发展办", ("陇海中路社区",)),
    ("党工委委员、统战委员", "劳动保障所", ("新郑里社区",)),
    ("办事处副主任", "城管科", ("北三街社区", "陇海中路社区")),
    ("办事处副主任", "综治办", ("城东南路社区", "陇海村")),
    ("办事处副主任", "便民服务中心", ("南仓街社区", "新郑里社区")),
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛"  # noqa: E501
GIVEN = "建国华明丽红军伟芳娜敏静强磊洋艳勇杰娟涛超秀霞平刚桂英文辉玉兰志春海燕俊峰淑珍凤琴晓梅新民德胜"

# 楼院 and streets of each community (invented addresses on the streets the article names).
_STREETS = {
    "陇海东路第一社区": ("陇海东路", "郑州日产家属院", "轻汽家属院"),
    "新郑路社区": ("新郑路", "新郑路北街"),
    "陇一社区": ("陇海东路", "老厂区家属院"),
    "南仓街社区": ("南仓街", "南仓东街"),
    "新郑里社区": ("新郑里", "新郑里东街"),
    "北三街社区": ("北三街", "北二街"),
    "陇海中路社区": ("陇海中路", "紫荆山南路"),
    "城东南路社区": ("城东南路", "航海东路"),
    "陇海村": ("陇海村回迁安置小区", "陇海村老村委院", "陇海村东区家属院"),
}


def _units(rng: random.Random) -> list[Unit]:
    """The 36 units with invented secretaries and their liaison leaders."""
    used: set[str] = set()
    units = []
    community_leader: dict[str, str] = {}
    for index, (uid, name, kind, community, members, aliases, diligence, gaps, pace) in enumerate(_UNIT_TABLE):
        secretary = _person(rng, used)
        if kind in ("社区", "村"):
            # Each of the first nine leaders is the contact for one community (or the village).
            liaison = LIAISONS[len(community_leader)]
            community_leader[name] = liaison
        elif community:
            liaison = community_leader[community]
        else:
            liaison = LIAISONS[9 + index % 3]
        founded = (
            NEW_UNIT_FOUNDED
            if uid == NEW_UNIT_ID
            else date(rng.randint(1998, 2019), rng.randint(1, 12), rng.randint(1, 28))
        )
        units.append(
            Unit(uid, name, kind, community, members, aliases, founded, diligence, gaps, pace, secretary, liaison)
        )
    return units


def _person(rng: random.Random, used: set[str]) -> str:
    """An invented full name not given to anyone else."""
    while True:
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        name = rng.choice(SURNAMES) + given
        if name not in used and name not in LIAISONS:
            used.add(name)
            return name


def yards(unit: Unit) -> list[str]:
    """The 楼院 a unit works in: its community's, or every community's for office sections."""
    communities = [unit.community] if unit.community else list(_STREETS)
    yards = []
    for community in communities:
        streets = _STREETS[community]
        for i, street in enumerate(streets):
            if street.endswith(("院", "小区")):
                yards.append(street)
            else:
                yards.extend(f"{street}{n}号院" for n in (3 + i * 7, 12 + i * 5, 26 + i * 3, 41 + i))
    return yards


def _locations(unit: Unit) -> list[str]:
    """Places where a unit holds its services."""
    if unit.kind == "社区":
        return [f"{unit.name}党群服务中心", f"{unit.name}活动室", f"{unit.name}文化广场"]
    if unit.kind == "村":
        return ["陇海村村委会", "陇海村文化广场", "陇海村党群服务站"]
    if unit.kind == "机关":
        return ["街道党群服务中心", "街道便民服务大厅", "街道二楼会议室"]
    if unit.community:
        return [f"{unit.community}党群服务中心", "单位会议室", "单位门口便民点"]
    return ["街道党群服务中心", "街道社会组织孵化基地"]


# -- row types -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceRow:
    """One convenience service as a ledger records it."""

    day: date
    unit: Unit
    category: str
    title: str
    people: int
    members: int
    hours: float
    location: str


@dataclass(frozen=True)
class MeetingRow:
    """One meeting of organisational life, or one matter decided through 一征三议两公开."""

    day: date
    unit: Unit
    meeting_type: str
    topic: str
    expected: int
    attended: int


@dataclass(frozen=True)
class CaseRow:
    """One errand (代办) or practical deed (实事)."""

    received: date
    closed: date | None
    unit: Unit
    kind: str
    case_type: str
    title: str
    status: str
    satisfaction: str


@dataclass(frozen=True)
class DisputeRow:
    """One dispute or petition."""

    day: date
    unit: Unit
    dispute_type: str
    summary: str
    resolved: bool
    resolved_day: date | None
    escalated: bool


# -- shared helpers ---------------------------------------------------------------------------------------

# Fewer activities around the Spring Festival and in high summer.
_MONTH_WEIGHTS = (0.65, 0.6, 1.1, 1.1, 1.1, 1.0, 0.85, 0.85, 1.1, 1.1, 1.05, 1.0)


def _year_span(unit: Unit, year: int) -> tuple[date, date]:
    """The first and last day of `year` on which `unit` existed and the ledgers run."""
    start = max(date(year, 1, 1), unit.founded)
    end = min(date(year, 12, 31), LAST_DAY)
    return start, end


def _random_day(rng: random.Random, start: date, end: date) -> date:
    """A day in [start, end], months weighted by the season."""
    months = [(y, m) for y in range(start.year, end.year + 1) for m in range(1, 13)]
    months = [(y, m) for y, m in months if date(y, m, 1) <= end and _month_end(y, m) >= start]
    (year, month) = rng.choices(months, weights=[_MONTH_WEIGHTS[m - 1] for _, m in months])[0]
    first = max(start, date(year, month, 1))
    last = min(end, _month_end(year, month))
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _month_end(year: int, month: int) -> date:
    """The last day of a month."""
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _allocate(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split `total` into whole shares proportional to `weights` (largest remainder, ties by key)."""
    weight_sum = sum(weights.values())
    exact = {key: total * w / weight_sum for key, w in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    left = total - sum(shares.values())
    for key in sorted(exact, key=lambda k: (shares[k] - exact[k], k))[:left]:
        shares[key] += 1
    return shares


def _fit_total(values: Sequence[int], target: int, floor: int = 1) -> list[int]:
    """Scale `values` so they sum to exactly `target`, each at least `floor`; the largest absorb the rest."""
    scale = target / sum(values)
    fitted = [max(floor, round(v * scale)) for v in values]
    order = sorted(range(len(fitted)), key=lambda k: (-fitted[k], k))
    diff = target - sum(fitted)
    step_index = 0
    while diff:
        k = order[step_index % len(order)]
        step = 1 if diff > 0 else -1
        if fitted[k] + step >= floor:
            fitted[k] += step
            diff -= step
        step_index += 1
    return fitted


def _year_volumes(
    rng: random.Random, units: Sequence[Unit], base: Mapping[str, float], total_2025: int
) -> dict[int, dict[str, int]]:
    """Rows per unit and year: 2025 sums exactly to `total_2025`; 2024 runs at 85–95%, 2026 to October."""

    def weight(unit: Unit, year: int) -> float:
        start, end = _year_span(unit, year)
        days = max(0, (end - start).days + 1)
        return base.get(unit.unit_id, base.get(unit.kind, 0.0)) * unit.diligence * days / 365

    weights_2025 = {u.unit_id: weight(u, 2025) for u in units}
    volumes = {2025: _allocate(total_2025, weights_2025)}
    # 2024 is a little quieter overall; each unit wobbles around that.
    volumes[2024] = {
        u.unit_id: round(weight(u, 2024) / max(weights_2025[u.unit_id], 1e-9) * volumes[2025][u.unit_id]
                         * rng.uniform(0.84, 0.96)) if weights_2025[u.unit_id] else 0
        for u in units
    }  # fmt: skip
    volumes[2026] = {
        u.unit_id: round(volumes[2025][u.unit_id] * (12 / max(1, _active_months(u, 2025))) * (10 / 12)
                         * u.pace_2026 * rng.uniform(0.95, 1.08))
        for u in units
    }  # fmt: skip
    return volumes


def _active_months(unit: Unit, year: int) -> int:
    """How many months of `year` the unit's ledgers cover."""
    start, end = _year_span(unit, year)
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _unique_rows(
    make: Callable[[], tuple[tuple[object, ...], _Row]], count: int, keys: set[tuple[object, ...]]
) -> list[_Row]:
    """Draw `count` rows whose natural keys are new; `make` returns (key, row)."""
    rows: list[_Row] = []
    while len(rows) < count:
        for _attempt in range(200):
            key, row = make()
            if key not in keys:
                keys.add(key)
                rows.append(row)
                break
        else:
            raise RuntimeError("the demo generator ran out of distinct rows; widen its word lists")
    return rows


# -- services ---------------------------------------------------------------------------------------------

# category: (weight, fewest and most people served, titles). {yard} and {s} (a surname) are filled in.
_SERVICE_CATEGORIES: dict[str, tuple[float, int, int, tuple[str, ...]]] = {
    "科普讲座": (13, 12, 50, tuple(f"科普讲座：{t}" for t in (
        "冬季防火安全知识", "防范电信网络诈骗", "老年人防跌倒", "高血压日常管理", "垃圾分类知识", "燃气安全使用",
        "夏季防溺水", "食品安全常识", "心肺复苏急救知识", "防汛避险常识", "电动车安全充电", "流感预防",
        "糖尿病饮食指导", "青少年心理健康", "反邪教知识"))),
    "社会救助": (9, 1, 5, (
        "为{yard}低保户{s}某送去救助物资", "走访慰问{yard}困难家庭{s}某", "为{s}某家庭申请临时救助",
        "为{yard}残疾人{s}某送去轮椅", "为{yard}困难老人{s}某送去过冬棉被")),
    "综治调解": (8, 2, 8, (
        "调解{yard}{s}某与邻居漏水纠纷", "调解{yard}楼道堆物纠纷", "调解{yard}停车位纠纷",
        "调解{yard}噪音扰民纠纷", "调解{yard}{s}某家庭赡养纠纷")),
    "就业帮扶": (8, 3, 25, tuple(f"就业帮扶：{t}" for t in (
        "辖区失业人员专场招聘会", "家政技能培训", "电商直播技能培训", "公益岗位推荐", "创业担保贷款政策宣讲",
        "退役军人就业对接", "高校毕业生就业指导"))),
    "医疗义诊": (7, 15, 70, tuple(f"医疗义诊：{t}" for t in (
        "社区卫生服务中心进社区义诊", "中医义诊进楼院", "老年人免费体检", "眼科义诊", "口腔健康检查",
        "免费测血压血糖"))),
    "家政服务": (10, 1, 3, (
        "为{yard}独居老人{s}某上门打扫卫生", "为{yard}高龄老人{s}某上门理发", "为{yard}空巢老人{s}某清洗油烟机",
        "为{yard}行动不便的{s}某上门助浴")),
    "法律咨询": (8, 2, 12, tuple(f"法律咨询：{t}" for t in (
        "婚姻家庭法律知识", "房屋租赁纠纷", "劳动合同权益", "遗产继承", "反家庭暴力法", "民法典进楼院",
        "防范养老诈骗"))),
    "困难帮扶": (10, 1, 6, (
        "为{yard}困难党员{s}某送温暖", "帮助{yard}{s}某家修理漏水水管", "为{yard}残疾人{s}某代购生活用品",
        "为{yard}困难学生{s}某送去学习用品")),
    "党员志愿服务": (14, 4, 35, (
        "党员志愿服务：清理{yard}楼道杂物", "党员志愿服务：文明交通劝导", "党员志愿服务：背街小巷环境整治",
        "党员志愿服务：陇海路沿线卫生清扫", "党员志愿服务：防汛排查积水点", "党员志愿服务：{yard}平安巡逻",
        "党员志愿服务：文明养犬宣传", "党员志愿服务：创建文明城市宣传")),
    "政策宣讲": (6, 8, 45, tuple(f"政策宣讲：{t}" for t in (
        "城乡居民医保缴费政策", "养老保险政策", "老旧小区改造政策", "垃圾分类条例", "退役军人优待政策"))),
}  # fmt: skip

# Base rows per year for a branch of each kind at diligence 1.
_SERVICE_BASE = {"社区": 150.0, "村": 95.0, "机关": 18.0, "企业": 10.0, "社会组织": 14.0}


def _fill(template: str, rng: random.Random, unit: Unit) -> tuple[str, str | None]:
    """Fill {yard} and {s} in a title; return it and the yard used (the natural location), if any."""
    yard = rng.choice(yards(unit)) if "{yard}" in template else None
    text = template.replace("{yard}", yard or "").replace("{s}", rng.choice(SURNAMES[:40]))
    return text, yard


# Words that tie a title to a season, and the months it belongs to.
_SEASONAL = {"冬季": (11, 12, 1, 2), "过冬": (11, 12, 1), "扫雪": (12, 1, 2), "夏季": (5, 6, 7, 8, 9),
             "防汛": (5, 6, 7, 8, 9), "防溺水": (5, 6, 7, 8)}  # fmt: skip


def _in_season(titles: Sequence[str], day: date) -> list[str]:
    """The titles that fit the month of `day` (no winter fire-safety talks in July)."""

    def fits(title: str) -> bool:
        return all(day.month in months for word, months in _SEASONAL.items() if word in title)

    return [t for t in titles if fits(t)] or list(titles)


def _services(
    rng: random.Random, units: Sequence[Unit], volumes: Mapping[int, Mapping[str, int]]
) -> dict[int, list[ServiceRow]]:
    """Every year's services, each natural key distinct; 2025's people served sum to the article's figure."""
    names = list(_SERVICE_CATEGORIES)
    category_weights = [spec[0] for spec in _SERVICE_CATEGORIES.values()]
    out: dict[int, list[ServiceRow]] = {}
    for year in YEARS:
        keys: set[tuple[object, ...]] = set()
        rows: list[ServiceRow] = []
        for unit in units:
            start, end = _year_span(unit, year)

            def make(unit: Unit = unit, start: date = start, end: date = end) -> tuple[tuple[object, ...], ServiceRow]:
                category = rng.choices(names, weights=category_weights)[0]
                _, low, high, titles = _SERVICE_CATEGORIES[category]
                day = _random_day(rng, start, end)
                title, yard = _fill(rng.choice(_in_season(titles, day)), rng, unit)
                location = yard or rng.choice(_locations(unit))
                row = ServiceRow(
                    day=day,
                    unit=unit,
                    category=category,
                    title=title,
                    people=rng.randint(low, high),
                    members=rng.randint(1, min(unit.members, 8)),
                    hours=rng.choice((0.5, 1.0, 1.0, 1.5, 2.0, 2.0, 2.5, 3.0, 4.0)),
                    location=location,
                )
                return (row.day, unit.unit_id, category, title, location), row

            rows.extend(_unique_rows(make, volumes[year][unit.unit_id], keys))
        if year == 2025:
            people = _fit_total([r.people for r in rows], ARTICLE.people_served)
            rows = [replace(r, people=p) for r, p in zip(rows, people, strict=True)]
        rows.sort(key=lambda r: (r.day, r.unit.unit_id, r.title))
        out[year] = rows
    return out


# -- meetings ---------------------------------------------------------------------------------------------

_MONTHLY_TYPES = ("支委会", "党小组会", "主题党日")
_QUARTERLY_TYPES = ("支部党员大会", "党课")
_COMMITTEE_TOPICS = (
    "研究年度党建工作计划", "研究春节期间走访慰问", "研究发展党员工作", "研究学雷锋志愿服务安排",
    "研究党费收缴情况", "研究“七一”评优推荐人选", "研究防汛安全工作", "研究党员积分管理",
    "研究入党积极分子培养", "研究重阳节敬老活动", "研究冬季安全稳定工作", "研究年度述职评议工作",
)  # fmt: skip
_GROUP_STUDY = (
    "学习党章", "学习《中国共产党纪律处分条例》", "学习全国两会精神", "学习《习近平谈治国理政》",
    "学习《中国共产党支部工作条例》", "学习党史", "学习新修订的《中国共产党章程》", "学习“七一”重要讲话精神",
    "学习全会精神", "学习优秀共产党员先进事迹", "学习《关于新形势下党内政治生活的若干准则》", "学习年度工作报告",
)  # fmt: skip
_PARTY_DAY = (
    "新春走访慰问困难党员", "学习先进典型", "学雷锋志愿服务", "清明祭扫烈士陵园", "劳动最光荣志愿服务",
    "防汛安全排查", "庆祝建党{n}周年", "重温入党誓词", "参观红色教育基地", "重阳节敬老志愿服务",
    "冬季消防安全宣传", "党员冬训",
)  # fmt: skip
_GENERAL_MEETING = ("传达学习上级会议精神", "讨论接收预备党员", "通报党费收缴和使用情况", "组织生活会和民主评议党员")
_PARTY_LECTURE = ("书记讲党课：坚定理想信念", "党课：全心全意为人民服务", "党课：学习党的光辉历史", "党课：做合格党员")

_DECISION_TOPICS = (
    "老澡堂改造为老年日间照料中心", "老旧小区加装电梯", "楼院停车位划线管理", "背街小巷路灯安装",
    "楼院雨污分流改造", "社区活动场所改造提升", "楼院大门门禁系统安装", "非机动车棚及充电桩建设",
    "老旧楼院屋面防水维修", "楼院绿化提升", "社区助餐点选址", "垃圾分类收集点设置", "楼道照明更换",
    "楼院物业服务引进", "健身器材更新", "化粪池清掏与管网疏通", "楼院监控安装", "便民菜店选址",
    "陇海村集体收益分配方案", "陇海村回迁安置房分配办法", "陇海村集体资产租赁方案", "社区文化墙建设",
    "楼院外墙保温改造", "空巢老人结对帮扶名单", "违章搭建拆除后空地利用", "楼院消防通道清理整治",
    "社区议事厅设立", "居民公约修订", "雨季积水点改造", "社区微心愿认领办法", "楼院自来水管网改造",
    "老年大学教学点设立", "楼院公共区域私搭乱建整治", "社区儿童之家建设", "共享晾晒区设置",
)  # fmt: skip
_DECISIONS_PER_YEAR = {2024: 26, 2025: ARTICLE.decided_matters, 2026: 23}


def _meetings(rng: random.Random, units: Sequence[Unit]) -> dict[int, list[MeetingRow]]:
    """Organisational life with realistic gaps, plus the matters decided through 一征三议两公开."""
    out: dict[int, list[MeetingRow]] = {}
    for year in YEARS:
        rows: list[MeetingRow] = []
        for unit in units:
            rows.extend(_unit_meetings(rng, unit, year))
        rows.extend(_decisions(rng, units, year))
        rows.sort(key=lambda r: (r.day, r.unit.unit_id, r.meeting_type))
        out[year] = rows
    return out


def _unit_meetings(rng: random.Random, unit: Unit, year: int) -> list[MeetingRow]:
    """One unit's organisational life in `year`: monthly and quarterly meetings, minus its gaps."""
    start, end = _year_span(unit, year)
    months = [m for m in range(1, 13) if date(year, m, 1) <= end and _month_end(year, m) >= start]
    # Gaps vary a little from year to year around the unit's habit.
    wobble = rng.choice((-1, 0, 0, 1)) if unit.gap_months else 0
    gap_count = min(len(months), max(0, unit.gap_months + wobble))
    gap_months = set(rng.sample(months, gap_count))
    committee = min(unit.members, 5 if unit.members >= 30 else 3)
    rows = []
    for month in months:
        skipped = set(rng.sample(_MONTHLY_TYPES, rng.randint(1, 3))) if month in gap_months else set()
        for meeting_type in _MONTHLY_TYPES:
            if meeting_type in skipped:
                continue
            if meeting_type == "支委会":
                topic = f"{month}月支委会：{_COMMITTEE_TOPICS[month - 1]}"
                expected = committee
            elif meeting_type == "党小组会":
                topic = f"{month}月党小组学习：{_GROUP_STUDY[month - 1]}"
                expected = unit.members
            else:
                topic = f"{month}月主题党日：" + _PARTY_DAY[month - 1].replace("{n}", str(year - 1921))
                expected = unit.members
            rows.append(_meeting(rng, unit, year, month, start, end, meeting_type, topic, expected))
    quarters = sorted({(m - 1) // 3 for m in months})
    # Weak units also let whole quarters pass without a general meeting or a party lecture.
    missed_quarters = set(rng.sample(quarters, min(len(quarters), unit.gap_months // 4)))
    for quarter in quarters:
        if quarter in missed_quarters:
            continue
        for meeting_type, topics in zip(_QUARTERLY_TYPES, (_GENERAL_MEETING, _PARTY_LECTURE), strict=True):
            quarter_months = [m for m in months if (m - 1) // 3 == quarter]
            month = quarter_months[-1] if meeting_type == "支部党员大会" else rng.choice(quarter_months)
            label = "党员大会：" if meeting_type == "支部党员大会" else ""
            topic = f"第{quarter + 1}季度{label}{topics[quarter]}"
            rows.append(_meeting(rng, unit, year, month, start, end, meeting_type, topic, unit.members))
    return rows


def _meeting(
    rng: random.Random,
    unit: Unit,
    year: int,
    month: int,
    start: date,
    end: date,
    meeting_type: str,
    topic: str,
    expected: int,
) -> MeetingRow:
    """One meeting on a day of `month` within the unit's span, attendance by the unit's diligence."""
    first = max(start, date(year, month, 1))
    last = min(end, _month_end(year, month))
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    absent_share = rng.uniform(0.0, 0.12) if unit.diligence >= 0.8 else rng.uniform(0.1, 0.35)
    attended = max(1, expected - round(expected * absent_share))
    return MeetingRow(day, unit, meeting_type, topic, expected, attended)


def _decisions(rng: random.Random, units: Sequence[Unit], year: int) -> list[MeetingRow]:
    """Matters decided through 一征三议两公开, by the community and village branches."""
    deciders = [u for u in units if u.kind in ("社区", "村")]
    counts = _allocate(_DECISIONS_PER_YEAR[year], {u.unit_id: u.diligence for u in deciders})
    topics = list(_DECISION_TOPICS)
    rng.shuffle(topics)
    rows = []
    start = date(year, 1, 1)
    end = min(date(year, 12, 31), LAST_DAY)
    for unit in deciders:
        own = [t for t in topics if t.startswith("陇海村") == (unit.kind == "村")]
        chosen = rng.sample(own, counts[unit.unit_id])
        if year == 2025 and unit.unit_id == "SQ01":
            # The article's example: the old bathhouse became a day-care centre for the elderly.
            chosen = ["老澡堂改造为老年日间照料中心", *[t for t in chosen if t != "老澡堂改造为老年日间照料中心"]]
            chosen = chosen[: counts[unit.unit_id]]
        for topic in chosen:
            expected = rng.randint(18, 35)
            attended = expected - rng.randint(0, 4)
            rows.append(MeetingRow(_random_day(rng, start, end), unit, "一征三议两公开", topic, expected, attended))
    return rows


# -- cases: errands (代办) and practical deeds (实事) ---------------------------------------------------------

_ERRANDS = (
    ("低保", "代办低保年审"), ("低保", "代办低保申请"), ("医保", "代办城乡居民医保参保登记"),
    ("医保", "代办医保异地就医备案"), ("养老认证", "代办养老资格认证"), ("养老认证", "代办退休人员社保认证"),
    ("残疾证", "代办残疾证换领"), ("残疾证", "代办残疾人两项补贴申请"), ("高龄津贴", "代办高龄津贴申领"),
    ("居住证", "代办居住证"), ("临时救助", "代办临时救助申请"), ("就业登记", "代办就业失业登记"),
    ("计生服务", "代办计生特扶申请"), ("医保", "代办慢性病门诊认定"),
)  # fmt: skip
_ERRAND_WHO = ("独居老人", "高龄老人", "残疾人", "低保户", "困难居民", "空巢老人", "行动不便的居民", "退休职工")
_DEEDS = (
    ("设施维修", "为{yard}更换楼道照明灯"), ("设施维修", "疏通{yard}下水管道"),
    ("环境整治", "清理{yard}楼道堆积杂物"), ("设施维修", "修补{yard}破损路面"),
    ("便民设施", "为{yard}加装休闲座椅"), ("便民设施", "为{yard}安装电动车充电桩"),
    ("安全隐患整治", "排查{yard}燃气安全隐患"), ("帮困解难", "为困难家庭{s}某送去米面油"),
    ("帮困解难", "帮{yard}{s}某家修理漏水水管"), ("帮困解难", "为{yard}{s}某老人修理门锁"),
    ("环境整治", "清理{yard}小广告"), ("环境整治", "为{yard}粉刷楼道墙面"),
    ("安全隐患整治", "修剪{yard}危树枝杈"), ("设施维修", "为{yard}更换破损井盖"),
    ("便民设施", "为{yard}安装晾衣架"), ("文化活动", "组织{yard}居民开展文艺演出"),
    ("设施维修", "为{yard}修缮雨棚"), ("安全隐患整治", "清理{yard}消防通道"),
    ("帮困解难", "为{yard}{s}某家更换老化电线"), ("便民设施", "为{yard}设置便民信息栏"),
)  # fmt: skip
_ERRAND_BASE = {"社区": 170.0, "村": 125.0, "JG05": 45.0, "JG12": 60.0, "JG11": 30.0, "SH01": 25.0}
_DEED_BASE = {"社区": 260.0, "村": 170.0, "机关": 55.0, "企业": 35.0, "社会组织": 30.0}


def _cases(
    rng: random.Random, units: Sequence[Unit], volumes: Mapping[str, Mapping[int, Mapping[str, int]]]
) -> dict[int, list[CaseRow]]:
    """Errands and deeds per year, each natural key distinct."""
    out: dict[int, list[CaseRow]] = {}
    for year in YEARS:
        keys: set[tuple[object, ...]] = set()
        rows: list[CaseRow] = []
        for kind in ("代办", "实事"):
            for unit in units:
                start, end = _year_span(unit, year)

                def make(
                    unit: Unit = unit, start: date = start, end: date = end, kind: str = kind
                ) -> tuple[tuple[object, ...], CaseRow]:
                    if kind == "代办":
                        case_type, verb = rng.choice(_ERRANDS)
                        who = rng.choice(_ERRAND_WHO) + rng.choice(SURNAMES[:40]) + "某"
                        place = rng.choice(yards(unit)) if rng.random() < 0.5 else ""
                        title, days_needed = f"为{place}{who}{verb}", rng.randint(0, 10)
                    else:
                        case_type, template = rng.choice(_DEEDS)
                        title, _ = _fill(template, rng, unit)
                        days_needed = rng.randint(0, 30)
                    received = _random_day(rng, start, end)
                    closed: date | None = received + timedelta(days=days_needed)
                    late = (end - received).days < 15 and rng.random() < 0.4
                    if late or (closed is not None and closed > LAST_DAY) or rng.random() < 0.02:
                        closed, status, satisfaction = None, "办理中", ""
                    else:
                        status = "已办结"
                        satisfaction = rng.choices(("满意", "基本满意", "不满意"), weights=(88, 10, 2))[0]
                    row = CaseRow(received, closed, unit, kind, case_type, title, status, satisfaction)
                    return (received, unit.unit_id, kind, title), row

                rows.extend(_unique_rows(make, volumes[kind][year][unit.unit_id], keys))
        rows.sort(key=lambda r: (r.received, r.unit.unit_id, r.kind, r.title))
        out[year] = rows
    return out


# -- disputes ---------------------------------------------------------------------------------------------

_DISPUTES = (
    ("邻里纠纷", "{yard}{s}某与{t}某因楼上漏水引发纠纷"), ("邻里纠纷", "{yard}{s}某与{t}某因楼道堆物引发纠纷"),
    ("邻里纠纷", "{yard}{s}某与{t}某因噪音扰民引发纠纷"), ("邻里纠纷", "{yard}{s}某与{t}某因停车位引发纠纷"),
    ("物业纠纷", "{yard}居民与物业因物业费收取发生争议"), ("物业纠纷", "{yard}居民与物业因电梯维修费用分摊发生争议"),
    ("婚姻家庭纠纷", "{yard}{s}某家庭因赡养老人发生矛盾"), ("婚姻家庭纠纷", "{yard}{s}某兄妹因房产继承发生矛盾"),
    ("劳资纠纷", "辖区务工人员{s}某追讨拖欠工资"), ("拆迁补偿", "陇海路高架沿线{s}某对拆迁补偿标准有异议"),
)  # fmt: skip
_VILLAGE_DISPUTES = (
    ("回迁安置", "陇海村村民{s}某对回迁安置房分配有异议"), ("集体收益", "陇海村村民{s}某反映集体收益分配问题"),
    ("回迁安置", "陇海村村民{s}某反映过渡费发放问题"), ("土地补偿", "陇海村村民{s}某反映宅基地补偿问题"),
    ("邻里纠纷", "陇海村回迁安置小区{s}某与{t}某因楼上漏水引发纠纷"),
)  # fmt: skip
_DISPUTES_PER_YEAR = {2024: 196, 2025: 214, 2026: 171}
# Disputes concentrate in the village and two communities, as in the article's account of 陇海村.
_DISPUTE_WEIGHTS = {"CUN01": 40.0, "SQ06": 14.0, "SQ08": 14.0, "JG03": 3.0, "JG10": 2.0, "QY08": 2.0}


def _disputes(rng: random.Random, units: Sequence[Unit]) -> dict[int, list[DisputeRow]]:
    """Disputes and petitions per year: most resolved, a few escalated (越级上访)."""
    weights = {u.unit_id: _DISPUTE_WEIGHTS.get(u.unit_id, 5.0 if u.kind == "社区" else 0.0) for u in units}
    weights = {k: w for k, w in weights.items() if w}
    by_id = {u.unit_id: u for u in units}
    out: dict[int, list[DisputeRow]] = {}
    for year in YEARS:
        counts = _allocate(_DISPUTES_PER_YEAR[year], weights)
        keys: set[tuple[object, ...]] = set()
        rows: list[DisputeRow] = []
        for unit_id, count in counts.items():
            unit = by_id[unit_id]
            start, end = _year_span(unit, year)

            def make(unit: Unit = unit, start: date = start, end: date = end) -> tuple[tuple[object, ...], DisputeRow]:
                pool = _VILLAGE_DISPUTES if unit.kind == "村" else _DISPUTES
                dispute_type, template = rng.choice(pool)
                summary, _ = _fill(template.replace("{t}", rng.choice(SURNAMES[:40])), rng, unit)
                day = _random_day(rng, start, end)
                hard = dispute_type in ("回迁安置", "土地补偿", "拆迁补偿", "集体收益")
                escalated = rng.random() < (0.12 if hard else 0.004)
                resolved_day: date | None = day + timedelta(days=rng.randint(1, 45 if hard else 15))
                resolved = rng.random() < (0.8 if hard else 0.96) and resolved_day is not None
                if not resolved or (resolved_day is not None and resolved_day > LAST_DAY):
                    resolved, resolved_day = False, None
                row = DisputeRow(day, unit, dispute_type, summary, resolved, resolved_day, escalated)
                return (day, unit.unit_id, dispute_type, summary), row

            rows.extend(_unique_rows(make, count, keys))
        rows.sort(key=lambda r: (r.day, r.unit.unit_id, r.summary))
        out[year] = rows
    return out


# -- the whole data set ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoData:
    """Everything the demo ledgers hold, before it is written in the offices' various shapes."""

    units: list[Unit]
    services: dict[int, list[ServiceRow]]
    meetings: dict[int, list[MeetingRow]]
    cases: dict[int, list[CaseRow]]
    disputes: dict[int, list[DisputeRow]]


def make_data(seed: int = SEED) -> DemoData:
    """Generate the demo office and its three years of ledgers from `seed` (no clock, no I/O)."""
    rng = random.Random(seed)
    units = _units(rng)
    service_volumes = _year_volumes(rng, units, _SERVICE_BASE, ARTICLE.services)
    case_volumes = {
        "代办": _year_volumes(rng, units, _ERRAND_BASE, ARTICLE.errands),
        "实事": _year_volumes(rng, units, _DEED_BASE, ARTICLE.deeds),
    }
    return DemoData(
        units=units,
        services=_services(rng, units, service_volumes),
        meetings=_meetings(rng, units),
        cases=_cases(rng, units, case_volumes),
        disputes=_disputes(rng, units),
    )


# -- writing: CSV and xlsx in the shapes offices export ---------------------------------------------------


def _csv_bytes(rows: Iterable[Sequence[object]], encoding: str) -> bytes:
    """Rows as CSV text the way Excel saves it (CRLF), encoded as the office's system does."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue().encode(encoding)


def _workbook(path: Path) -> Any:
    """An xlsx workbook with fixed document properties (so its bytes do not depend on when it was made)."""
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"author": "陇海马路街道党建办", "company": "陇海马路街道办事处", "created": WORKBOOK_CREATED})
    return book


def _cn_date(day: date) -> str:
    """A date as 2025年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _slash_date(day: date) -> str:
    """A date as 2025/3/5."""
    return f"{day.year}/{day.month}/{day.day}"


def _hours(value: float) -> str:
    """Hours without a trailing .0 (2, 1.5)."""
    return f"{value:g}"


def _write_units(data: DemoData, path: Path) -> None:
    """The units roster: a title row, kinds in office wording, an 别名 column."""
    book = _workbook(path)
    sheet = book.add_worksheet("党组织名册")
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7"})
    headers = (
        "编号", "党组织名称", "类型", "所属社区", "党员人数", "常住人口", "户数",
        "支部书记", "联系领导", "成立日期", "别名",
    )  # fmt: skip
    sheet.merge_range(0, 0, 0, len(headers) - 1, "陇海马路街道基层党组织名册（截至2025年12月31日）", title)
    sheet.write_row(1, 0, headers, head)
    kind_spelling = {
        "社区": "社区党支部",
        "村": "村党支部",
        "机关": "机关科室",
        "企业": "非公企业",
        "社会组织": "社会组织",
    }
    for i, unit in enumerate(data.units, start=2):
        sheet.write_row(i, 0, (unit.unit_id, unit.name, kind_spelling[unit.kind], unit.community))
        sheet.write_number(i, 4, unit.members)
        if unit.unit_id in RESIDENTS:
            sheet.write_row(i, 5, RESIDENTS[unit.unit_id])
        sheet.write_row(i, 7, (unit.secretary, unit.liaison, _slash_date(unit.founded), unit.aliases))
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 10, 14)
    book.close()


def _write_leaders(data: DemoData, path: Path) -> None:
    """The leaders list (班子成员联系点名册): a title row, a 序号 column, 联系点 and 分包社区 as names joined by 、
    (the village by its alias 陇海村党总支, as the office calls it)."""
    book = _workbook(path)
    sheet = book.add_worksheet("班子成员联系点")
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7", "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    headers = ("序号", "姓名", "职务", "联系点", "分管科室", "分包社区（村）")
    sheet.merge_range(0, 0, 0, len(headers) - 1, "陇海马路街道班子成员联系点及科室分包社区（村）一览表", title)
    sheet.write_row(1, 0, headers, head)
    spoken = {"陇海村": "陇海村党总支"}
    for i, (leader, (post, department, communities)) in enumerate(zip(LIAISONS, _LEADERSHIP, strict=True), start=2):
        linked = "、".join(spoken.get(u.name, u.name) for u in data.units if u.liaison == leader)
        sheet.write_number(i, 0, i - 1)
        responsible = "、".join(spoken.get(c, c) for c in communities)
        sheet.write_row(i, 1, (leader, post, linked, department, responsible), wrap)
    sheet.set_column(1, 1, 10)
    sheet.set_column(2, 2, 24)
    sheet.set_column(3, 3, 60)
    sheet.set_column(4, 5, 20)
    book.close()


def _write_services_2024(data: DemoData, path: Path) -> None:
    """2024 services as UTF-8 CSV, dates typed 2024.3.5 by some offices and 20240305 by others."""
    headers = ("服务日期", "所属支部", "服务类别", "服务内容", "服务人数", "参与党员", "服务时长", "服务地点")
    lines: list[Sequence[object]] = [headers]
    for row in data.services[2024]:
        # Two offices typed dates differently: 2024.3.5 and 20240305.
        dotted = int(row.unit.unit_id[-2:]) % 2 == 0
        day = f"{row.day.year}.{row.day.month}.{row.day.day}" if dotted else row.day.strftime("%Y%m%d")
        lines.append((day, row.unit.name, row.category, row.title, row.people, row.members, _hours(row.hours),
                      row.location))  # fmt: skip
    path.write_bytes(_csv_bytes(lines, "utf-8"))


def _split_2025_services(data: DemoData) -> tuple[list[ServiceRow], list[ServiceRow], list[ServiceRow]]:
    """2025 services as the community workbook, the sections' and firms' CSV and the late report hold them."""
    rng = random.Random(SEED + 5)
    rows = data.services[2025]
    late_index = set(rng.sample(range(len(rows)), 24))
    late = [r for i, r in enumerate(rows) if i in late_index]
    rest = [r for i, r in enumerate(rows) if i not in late_index]
    # The 党建办 pastes each community's sheet below the last one: grouped by branch, the village last.
    community = sorted(
        (r for r in rest if r.unit.kind in ("社区", "村")), key=lambda r: (r.unit.kind == "村", r.unit.unit_id, r.day)
    )
    office = [r for r in rest if r.unit.kind not in ("社区", "村")]
    return community, office, late


def _write_services_2025_community(rows: Sequence[ServiceRow], path: Path) -> None:
    """The communities' 2025 services workbook, in the messiest shape of all (see the README)."""
    book = _workbook(path)
    sheet = book.add_worksheet("便民服务台账")
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    head = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter"})
    day_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range(0, 0, 0, 9, "陇海马路街道2025年度社区便民服务台账", title)
    sheet.write(1, 0, "填报单位：陇海马路街道党建办    填报日期：2026年1月8日")
    # Two-row header: 服务情况 spans 服务人数 and 参与党员; the other headers span both rows.
    for col, text in enumerate(("序号", "服务日期", "党支部", "服务项目", "服务事项")):
        sheet.merge_range(2, col, 3, col, text, head)
    sheet.merge_range(2, 5, 2, 6, "服务情况", head)
    sheet.write(3, 5, "服务人数", head)
    sheet.write(3, 6, "参与党员", head)
    for col, text in ((7, "时长（小时）"), (8, "活动地点"), (9, "录入人")):
        sheet.merge_range(2, col, 3, col, text, head)
    sheet.set_column(9, 9, None, None, {"hidden": True})
    sheet.set_column(3, 4, 30)
    sheet.set_column(8, 8, 26)
    clerks = {"社区": "网格员", "村": "村文书"}
    line = 4
    number = 0
    people_total = members_total = 0
    previous_unit = ""
    bad_written = False
    for row in rows:
        if previous_unit and row.unit.unit_id != previous_unit:
            line += 1  # a blank row between branches, as clerks leave them
        previous_unit = row.unit.unit_id
        number += 1
        sheet.write_number(line, 0, number)
        sheet.write_datetime(line, 1, datetime(row.day.year, row.day.month, row.day.day), day_format)
        sheet.write_row(line, 2, (row.unit.name, row.category, row.title))
        sheet.write_number(line, 5, row.people)
        sheet.write_number(line, 6, row.members)
        sheet.write_number(line, 7, row.hours)
        sheet.write_row(line, 8, (row.location, clerks[row.unit.kind]))
        people_total += row.people
        members_total += row.members
        line += 1
        if not bad_written and row.unit.unit_id == "SQ05" and row.day.month == 6:
            # A typing slip: a negative head count (BAD_ROWS).
            number += 1
            sheet.write_number(line, 0, number)
            sheet.write_datetime(line, 1, datetime(2025, 6, 18), day_format)
            sheet.write_row(line, 2, ("新郑里社区", "科普讲座", "科普讲座：夏季用电安全"))
            sheet.write_number(line, 5, -3)
            sheet.write_number(line, 6, 2)
            sheet.write_number(line, 7, 1.5)
            sheet.write_row(line, 8, ("新郑里社区活动室", "网格员"))
            line += 1
            bad_written = True
    line += 1
    sheet.write(line, 0, "合计")
    sheet.write_number(line, 5, people_total)
    sheet.write_number(line, 6, members_total)
    notes = book.add_worksheet("填表说明")
    for i, text in enumerate((
        "填表说明",
        "1. 每开展一次便民服务填写一行，服务日期填写实际开展日期。",
        "2. 服务人数填写实际受益群众人次；参与党员填写参加服务的本支部党员人数。",
        "3. 各社区（村）于次年1月10日前报街道党建办。",
    )):  # fmt: skip
        notes.write(i, 0, text)
    book.close()


def _write_services_2025_office(rows: Sequence[ServiceRow], path: Path) -> None:
    """The sections' and firms' 2025 services as GBK CSV with Chinese dates and 12人-style counts."""
    headers = ("日期", "单位名称", "服务类型", "服务内容", "受益人数", "参加党员", "服务时长", "地点")
    lines: list[Sequence[object]] = [headers]
    for i, row in enumerate(rows):
        lines.append((_cn_date(row.day), row.unit.name, row.category, row.title, f"{row.people}人",
                      f"{row.members}人", f"{_hours(row.hours)}小时", row.location))  # fmt: skip
        if i == len(rows) // 3:
            # BAD_ROWS: 治 mistyped as 冶, so no unit has this name.
            lines.append(("2025年5月12日", "综冶办党支部", "法律咨询", "法律咨询：反诈骗宣传进楼院", "15人", "3人",
                          "2小时", "街道党群服务中心"))  # fmt: skip
        if i == 2 * len(rows) // 3:
            lines.append(("2025年13月5日", "城管科党支部", "党员志愿服务", "党员志愿服务：背街小巷环境整治", "12人",
                          "4人", "2小时", "街道党群服务中心"))  # fmt: skip
    path.write_bytes(_csv_bytes(lines, "gbk"))


def _write_services_2025_late(late: Sequence[ServiceRow], repeats: Sequence[ServiceRow], path: Path) -> None:
    """The 2025 late report (补报): UTF-8-BOM CSV of late rows plus rows already reported."""
    headers = ("开展时间", "党组织名称", "活动类型", "活动内容", "受益群众（人次）", "参与党员数", "时长", "活动地点")
    lines: list[Sequence[object]] = [headers]
    for row in [*late, *repeats]:
        lines.append((row.day.isoformat(), row.unit.name, row.category, row.title, row.people, row.members,
                      _hours(row.hours), row.location))  # fmt: skip
    lines.insert(10, ("2025-12-20", "陇海中路社区", "党员志愿服务", "党员志愿服务：冬季扫雪除冰", "若干", 6, "2",
                      "陇海中路社区文化广场"))  # fmt: skip
    path.write_bytes(_csv_bytes(lines, "utf-8-sig"))


def _write_services_2026(data: DemoData, path: Path) -> None:
    """2026 services to October as a plain workbook with Excel date cells."""
    book = _workbook(path)
    sheet = book.add_worksheet("2026年便民服务")
    day_format = book.add_format({"num_format": "yyyy/m/d"})
    head = book.add_format({"bold": True, "border": 1})
    sheet.write_row(0, 0, ("活动日期", "支部名称", "类别", "服务内容", "服务人次", "党员人数", "服务时长", "服务地点"),
                    head)  # fmt: skip
    for i, row in enumerate(data.services[2026], start=1):
        sheet.write_datetime(i, 0, datetime(row.day.year, row.day.month, row.day.day), day_format)
        sheet.write_row(i, 1, (row.unit.name, row.category, row.title, row.people, row.members, row.hours,
                               row.location))  # fmt: skip
    book.close()


# How different branches spell meeting types (all are aliases the importer knows).
_TYPE_SPELLING = {"支部党员大会": "党员大会", "支委会": "支部委员会", "主题党日": "主题党日活动"}


def _meeting_type_text(row: MeetingRow) -> str:
    """The meeting type as the unit's clerk writes it."""
    if row.meeting_type == "一征三议两公开":
        return "一征三议两公开议事"
    if int(row.unit.unit_id[-1]) % 3 == 0:
        return _TYPE_SPELLING.get(row.meeting_type, row.meeting_type)
    return row.meeting_type


def _write_meetings_2024(data: DemoData, path: Path) -> None:
    """2024 organisational life with text dates, 一征三议两公开 in the same sheet."""
    book = _workbook(path)
    sheet = book.add_worksheet("2024年组织生活")
    sheet.write_row(0, 0, ("会议日期", "党支部", "会议类型", "会议主题", "应到人数", "实到人数"))
    for i, row in enumerate(data.meetings[2024], start=1):
        sheet.write_row(i, 0, (row.day.strftime("%Y/%m/%d"), row.unit.name, _meeting_type_text(row), row.topic,
                               row.expected, row.attended))  # fmt: skip
    sheet.set_column(3, 3, 40)
    book.close()


def _write_meetings_2025(data: DemoData, path: Path) -> None:
    """2025 organisational life: notes sheet first, the ledger second, a monthly pivot third."""
    book = _workbook(path)
    notes = book.add_worksheet("填表说明")
    for i, text in enumerate((
        "组织生活台账填表说明",
        "1. 支委会、党小组会、主题党日每月至少一次；支部党员大会、党课每季度至少一次。",
        "2. “一征三议两公开”议事另表登记。",
    )):  # fmt: skip
        notes.write(i, 0, text)
    sheet = book.add_worksheet("组织生活台账")
    day_format = book.add_format({"num_format": "yyyy年m月d日"})
    head = book.add_format({"bold": True, "border": 1})
    sheet.write_row(0, 0, ("召开日期", "党组织名称", "会议形式", "议题", "应到", "实到"), head)
    rows = [r for r in data.meetings[2025] if r.meeting_type != "一征三议两公开"]
    for i, row in enumerate(rows, start=1):
        sheet.write_datetime(i, 0, datetime(row.day.year, row.day.month, row.day.day), day_format)
        sheet.write_row(i, 1, (row.unit.name, _meeting_type_text(row), row.topic, row.expected, row.attended))
    sheet.set_column(1, 1, 34)
    sheet.set_column(3, 3, 40)
    summary = book.add_worksheet("按月统计")
    summary.write_row(0, 0, ("月份", *(t for t in (*_QUARTERLY_TYPES, *_MONTHLY_TYPES))))
    tally = Counter((r.day.month, r.meeting_type) for r in rows)
    for month in range(1, 13):
        summary.write_row(month, 0, (f"{month}月", *(tally[(month, t)] for t in (*_QUARTERLY_TYPES, *_MONTHLY_TYPES))))
    book.close()


def _write_decisions_2025(data: DemoData, path: Path) -> None:
    """The 29 matters of 2025 decided through 一征三议两公开, under a title row."""
    book = _workbook(path)
    sheet = book.add_worksheet("议事台账")
    sheet.merge_range(0, 0, 0, 5, "2025年“一征三议两公开”议事台账", book.add_format({"bold": True, "align": "center"}))
    sheet.write_row(1, 0, ("日期", "党组织", "类别", "议事事项", "应参会人数", "参加人数"))
    rows = [r for r in data.meetings[2025] if r.meeting_type == "一征三议两公开"]
    for i, row in enumerate(rows, start=2):
        sheet.write_row(i, 0, (_cn_date(row.day), row.unit.name, _meeting_type_text(row), row.topic, row.expected,
                               row.attended))  # fmt: skip
    book.close()


def _write_meetings_2026(data: DemoData, path: Path) -> None:
    """2026 organisational life to October."""
    book = _workbook(path)
    sheet = book.add_worksheet("组织生活")
    day_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ("会议时间", "支部名称", "类型", "会议内容", "应到人数", "出席人数"))
    for i, row in enumerate(data.meetings[2026], start=1):
        sheet.write_datetime(i, 0, datetime(row.day.year, row.day.month, row.day.day), day_format)
        sheet.write_row(i, 1, (row.unit.name, _meeting_type_text(row), row.topic, row.expected, row.attended))
    book.close()


def _write_cases_2024(data: DemoData, path: Path) -> None:
    """2024 errands and deeds in one workbook, kinds written 网格代办/办实事."""
    book = _workbook(path)
    sheet = book.add_worksheet("代办与实事")
    day_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(
        0, 0, ("受理日期", "办结日期", "所属支部", "事项类别", "事项类型", "事项名称", "办理状态", "满意度")
    )
    kind_spelling = {"代办": "网格代办", "实事": "办实事"}
    for i, row in enumerate(data.cases[2024], start=1):
        sheet.write_datetime(i, 0, datetime(row.received.year, row.received.month, row.received.day), day_format)
        if row.closed is not None:
            sheet.write_datetime(i, 1, datetime(row.closed.year, row.closed.month, row.closed.day), day_format)
        sheet.write_row(i, 2, (row.unit.name, kind_spelling[row.kind], row.case_type, row.title, row.status,
                               row.satisfaction))  # fmt: skip
    book.close()


def _write_errands_2025(data: DemoData, path: Path) -> None:
    """The 2025 errands (代办) as UTF-8 CSV with 2025/3/5 dates."""
    headers = ("登记日期", "所属党组织", "类别", "诉求类型", "办理事项", "办结日期", "状态", "群众评价")
    lines: list[Sequence[object]] = [headers]
    rows = [r for r in data.cases[2025] if r.kind == "代办"]
    for i, row in enumerate(rows):
        lines.append((_slash_date(row.received), row.unit.name, "代办", row.case_type, row.title,
                      _slash_date(row.closed) if row.closed else "", row.status, row.satisfaction))  # fmt: skip
        if i == 400:
            # BAD_ROWS: the kind (代办 or 实事), which decides what the row counts as, was left blank.
            lines.append(("2025/4/9", "南仓街社区", "", "医保", "代办医保报销", "2025/4/10", "已办结", "满意"))
    path.write_bytes(_csv_bytes(lines, "utf-8"))


def _write_deeds_2025(data: DemoData, path: Path) -> None:
    """The 2025 practical deeds (实事) as a workbook with Excel date cells."""
    book = _workbook(path)
    sheet = book.add_worksheet("为民办实事")
    day_format = book.add_format({"num_format": "yyyy/m/d"})
    sheet.write_row(0, 0, ("日期", "党支部", "性质", "类型", "实事内容", "完成时间", "办结情况", "群众满意度"))
    status_spelling = {"已办结": "完成", "办理中": "进行中"}
    rows = [r for r in data.cases[2025] if r.kind == "实事"]
    for i, row in enumerate(rows, start=1):
        sheet.write_datetime(i, 0, datetime(row.received.year, row.received.month, row.received.day), day_format)
        if row.closed is not None:
            sheet.write_datetime(i, 5, datetime(row.closed.year, row.closed.month, row.closed.day), day_format)
        sheet.write_row(i, 1, (row.unit.name, "为民办实事", row.case_type, row.title))
        sheet.write_row(i, 6, (status_spelling[row.status], row.satisfaction))
    sheet.set_column(1, 1, 34)
    sheet.set_column(4, 4, 36)
    book.close()


def _write_cases_2026(data: DemoData, path: Path) -> None:
    """2026 errands and deeds to October as UTF-8-BOM CSV."""
    headers = ("受理日期", "办结日期", "支部名称", "事项性质", "业务类型", "内容", "进度", "满意度")
    satisfaction_spelling = {"满意": "非常满意", "基本满意": "较满意", "不满意": "不满意", "": ""}
    lines: list[Sequence[object]] = [headers]
    for row in data.cases[2026]:
        lines.append((row.received.isoformat(), row.closed.isoformat() if row.closed else "", row.unit.name,
                      row.kind, row.case_type, row.title, row.status,
                      satisfaction_spelling[row.satisfaction]))  # fmt: skip
    path.write_bytes(_csv_bytes(lines, "utf-8-sig"))


def _write_disputes(data: DemoData, path: Path) -> None:
    """Disputes of all three years as one UTF-8-BOM CSV."""
    headers = ("登记日期", "单位名称", "纠纷类型", "矛盾纠纷简要情况", "是否化解", "化解日期", "是否越级上访")
    lines: list[Sequence[object]] = [headers]
    for year in YEARS:
        for row in data.disputes[year]:
            lines.append((row.day.isoformat(), row.unit.name, row.dispute_type, row.summary,
                          "已化解" if row.resolved else "调解中",
                          row.resolved_day.isoformat() if row.resolved_day else "",
                          "越级上访" if row.escalated else "否"))  # fmt: skip
    path.write_bytes(_csv_bytes(lines, "utf-8-sig"))


def write_files(data: DemoData, out_dir: Path) -> list[Path]:
    """Write the demo ledger exports of `data` into `out_dir` (deterministic) and return them in import order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    community, office, late = _split_2025_services(data)
    repeats = office[5 :: max(1, len(office) // LATE_REPEATS)][:LATE_REPEATS]
    writers: dict[str, Callable[[Path], None]] = {
        UNITS_FILE: lambda p: _write_units(data, p),
        SERVICES_2024_FILE: lambda p: _write_services_2024(data, p),
        SERVICES_2025_COMMUNITY_FILE: lambda p: _write_services_2025_community(community, p),
        SERVICES_2025_OFFICE_FILE: lambda p: _write_services_2025_office(office, p),
        SERVICES_2025_LATE_FILE: lambda p: _write_services_2025_late(late, repeats, p),
        SERVICES_2026_FILE: lambda p: _write_services_2026(data, p),
        MEETINGS_2024_FILE: lambda p: _write_meetings_2024(data, p),
        MEETINGS_2025_FILE: lambda p: _write_meetings_2025(data, p),
        DECISIONS_2025_FILE: lambda p: _write_decisions_2025(data, p),
        MEETINGS_2026_FILE: lambda p: _write_meetings_2026(data, p),
        CASES_2024_FILE: lambda p: _write_cases_2024(data, p),
        ERRANDS_2025_FILE: lambda p: _write_errands_2025(data, p),
        DEEDS_2025_FILE: lambda p: _write_deeds_2025(data, p),
        CASES_2026_FILE: lambda p: _write_cases_2026(data, p),
        DISPUTES_FILE: lambda p: _write_disputes(data, p),
        LEADERS_FILE: lambda p: _write_leaders(data, p),
    }
    paths = []
    for name in FILE_ORDER:
        path = out_dir / name
        writers[name](path)
        paths.append(path)
    return paths
