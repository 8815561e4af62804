"""Every label users see, in one table: Simplified Chinese by default, English when switched on.

Keys are dotted English names (`page.overview`); values are (zh, en). Pages and exports call `label(key)`;
nothing user-facing is spelled anywhere else. Add a row here when you add a label.
"""

from __future__ import annotations

import os

LANGUAGES = ("zh", "en")

LABELS: dict[str, tuple[str, str]] = {
    # app chrome
    "app.title": ("党支部考核看板", "Party branch assessment"),
    "app.office": ("陇海马路街道党工委", "Longhai Road Subdistrict Party Working Committee"),
    "app.language": ("界面语言", "Language"),
    "app.period": ("考核期", "Period"),
    "app.demo_banner": (
        "演示模式：本机单用户运行，数据为演示数据。",
        "Demo mode: single local user on this machine, showing demo data.",
    ),
    "app.first_start": (
        "首次启动：正在用演示台账建立数据库…",
        "First start: building the database from the demo ledgers…",
    ),
    "app.first_start_done": ("演示数据库已建立", "Demo database built"),
    "app.no_data": (
        "还没有导入任何台账，请先到「台账导入」页面导入。",
        "No ledgers imported yet: import one on the Import page.",
    ),
    # pages
    "page.overview": ("总览", "Overview"),
    "page.import": ("台账导入", "Import ledgers"),
    "page.group.secretary": ("书记看板", "Secretary"),
    "page.group.assessor": ("考核组", "Assessors"),
    "page.group.analyst": ("数据分析", "Analysis"),
    # ledgers
    "ledger.units": ("党组织名册", "Units"),
    "ledger.services": ("便民服务", "Services"),
    "ledger.meetings": ("组织生活", "Meetings"),
    "ledger.cases": ("诉求与实事", "Cases"),
    "ledger.disputes": ("矛盾纠纷与信访", "Disputes"),
    # measures shown on the overview
    "metric.services": ("便民服务（次）", "Services"),
    "metric.people_served": ("服务群众（人次）", "People served"),
    "metric.errands": ("网格代办（件）", "Errands run"),
    "metric.deeds": ("办实事（件）", "Practical deeds"),
    "metric.yoy": ("同比", "vs. a year earlier"),
    "metric.no_prior": ("上年同期无数据", "no data a year earlier"),
    "chart.monthly_services": ("每月便民服务次数", "Services per month"),
    "chart.month": ("月份", "Month"),
    "chart.count": ("次数", "Count"),
    "chart.community": ("社区", "Community"),
    # import page
    "import.upload": (
        "选择台账文件（可多选，支持 xlsx 和 csv）",
        "Choose ledger files (xlsx or csv, several at once)",
    ),
    "import.detected": ("识别为", "Detected as"),
    "import.mapping": ("列对应关系", "Column mapping"),
    "import.preview": ("预览（前 20 行）", "Preview (first 20 rows)"),
    "import.header_col": ("原表头", "Header in file"),
    "import.field_col": ("对应字段", "Field"),
    "import.button": ("导入", "Import"),
    "import.loaded": ("已导入", "Loaded"),
    "import.skipped": ("跳过（合计/空行）", "Skipped (totals/blank)"),
    "import.duplicate": ("重复", "Duplicates"),
    "import.rejected": ("退回", "Rejected"),
    "import.already": (
        "该文件此前已导入过，未做任何改动。",
        "This file was imported before; nothing changed.",
    ),
    "import.rejects_download": ("下载退回行（xlsx）", "Download rejected rows (xlsx)"),
    "import.history": ("导入记录", "Import history"),
    "import.error": ("无法导入", "Cannot import"),
    # grades
    "grade.excellent": ("优秀", "Excellent"),
    "grade.good": ("良好", "Good"),
    "grade.pass": ("合格", "Pass"),
    "grade.fail": ("不合格", "Fail"),
}


def current_language() -> str:
    """The language in force when no page has chosen one: `$KAOHE_LANG` or Chinese."""
    lang = os.environ.get("KAOHE_LANG", "zh")
    return lang if lang in LANGUAGES else "zh"


def label(key: str, lang: str | None = None) -> str:
    """The user-facing text for `key` in `lang` (default: the current language)."""
    zh, en = LABELS[key]
    return en if (lang or current_language()) == "en" else zh
