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
    "app.lang.zh": ("中文", "中文"),
    "app.lang.en": ("English", "English"),
    "app.role.local": ("本机用户", "Local user"),
    # period names: {year}, {q} quarter digit, {q_cn} quarter in Chinese numerals, {month} 1-12
    "period.year": ("{year} 年", "{year}"),
    "period.h1": ("{year} 年上半年", "{year} H1"),
    "period.h2": ("{year} 年下半年", "{year} H2"),
    "period.quarter": ("{year} 年第{q_cn}季度", "{year} Q{q}"),
    "period.month": ("{year} 年 {month} 月", "{year}-{month:02d}"),
    # large counts the Chinese way; English keeps digit grouping and does not use these
    "number.wan": ("{value} 万", "{value} wan"),
    "number.yi": ("{value} 亿", "{value} yi"),
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
    "chart.prior_year": ("上年同期", "A year earlier"),
    "chart.month_tick": ("{month} 月", "{abbr}"),
    "chart.people_served": ("服务群众（人次）", "People served"),
    "overview.caption": ("{period}　对比上年同期", "{period}, compared with a year earlier"),
    "overview.empty": (
        "{period}还没有导入{ledger}台账，请到「台账导入」页面导入",
        "No {ledger} ledger imported for {period} yet: import it on the Import page",
    ),
    "overview.goto_import": ("前往「台账导入」", "Go to Import"),
    "overview.monthly_empty": ("{period}没有便民服务记录，无法画出每月趋势。", "No services in {period} to chart."),
    "overview.freshness": ("数据更新情况", "Data freshness"),
    "freshness.ledger": ("台账", "Ledger"),
    "freshness.last_import": ("最近导入", "Last import"),
    "freshness.files": ("文件数", "Files"),
    "freshness.rows_loaded": ("已导入行数", "Rows loaded"),
    "freshness.rows_rejected": ("退回行数", "Rows rejected"),
    "freshness.never": ("未导入", "never"),
    "freshness.rejected_note": (
        "共有 {n} 行因数据有误被退回，可在「台账导入」页面下载退回行核对后重新导入。",
        "{n} rows were rejected; download them on the Import page, correct them and import again.",
    ),
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
    "import.no_files": ("请选择要导入的台账文件。", "Choose the ledger files to import."),
    "import.sheet": ("工作表", "Sheet"),
    "import.encoding": ("编码", "Encoding"),
    "import.header_row": ("表头所在行", "Header row"),
    "import.ignored": ("（不导入）", "(ignored)"),
    "import.ready": ("{n} 个文件可以导入", "{n} file(s) ready to import"),
    "import.results": ("导入结果", "Results"),
    "import.done": ("{file}：导入完成", "{file}: imported"),
    "import.done_with_rejects": (
        "{file}：导入完成，{n} 行数据有误被退回，请下载核对",
        "{file}: imported; {n} rows rejected, download them to check",
    ),
    "import.rejects_table": ("退回行", "Rejected rows"),
    "import.source_row": ("原表行号", "Row in file"),
    "import.reason": ("退回原因", "Reason"),
    "import.raw": ("原始内容", "Raw values"),
    "import.history_empty": ("还没有导入记录。", "No imports yet."),
    "history.imported_at": ("导入时间", "Imported at"),
    "history.file_name": ("文件名", "File"),
    "history.ledger": ("台账", "Ledger"),
    "history.rows_read": ("读取行数", "Rows read"),
    "history.imported_by": ("操作人", "Imported by"),
    # ledger fields, shown in the import page's column mapping
    "field.unit_id": ("支部", "Unit"),
    "field.name": ("名称", "Name"),
    "field.kind": ("类型", "Kind"),
    "field.community": ("所属社区", "Community"),
    "field.parent_id": ("上级组织编号", "Parent unit"),
    "field.members": ("党员数", "Members"),
    "field.secretary": ("书记", "Secretary"),
    "field.liaison": ("联系领导", "Liaison"),
    "field.active_from": ("成立日期", "Active from"),
    "field.active_to": ("撤销日期", "Active to"),
    "field.aliases": ("别名", "Aliases"),
    "field.service_date": ("服务日期", "Service date"),
    "field.category": ("服务类别", "Category"),
    "field.title": ("内容", "Title"),
    "field.people_served": ("服务群众（人次）", "People served"),
    "field.members_involved": ("参与党员", "Members involved"),
    "field.hours": ("时长（小时）", "Hours"),
    "field.location": ("地点", "Location"),
    "field.meeting_date": ("会议日期", "Meeting date"),
    "field.meeting_type": ("会议类型", "Meeting type"),
    "field.attendees": ("到会人数", "Attendees"),
    "field.members_total": ("应到人数", "Members expected"),
    "field.topic": ("议题", "Topic"),
    "field.received_date": ("受理日期", "Received"),
    "field.closed_date": ("办结日期", "Closed"),
    "field.type": ("类型", "Type"),
    "field.status": ("办理状态", "Status"),
    "field.satisfaction": ("满意度", "Satisfaction"),
    "field.dispute_date": ("登记日期", "Date"),
    "field.summary": ("简要情况", "Summary"),
    "field.resolved": ("是否化解", "Resolved"),
    "field.resolved_date": ("化解日期", "Resolved on"),
    "field.escalated": ("是否上访", "Escalated"),
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
