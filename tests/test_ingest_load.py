"""What an import writes: all of a file or nothing, never a row twice, the roster as current state, and the
rejected rows kept with their raw values for the clerk to fix."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import ROSTER_ROWS, csv_bytes

import kaohe.ingest.load as load
from kaohe.ingest import import_file, import_path, rejects_workbook
from kaohe.store import Store

HEADERS = ["服务日期", "所属支部", "服务类别", "服务内容", "受益群众（人次）", "地点"]
A = ["2024-03-05", "U01", "科普讲座", "防诈骗讲座", "45", "广场"]
B = ["2024-03-06", "U02", "医疗义诊", "免费测血压", "30", "卫生站"]
C = ["2024-03-07", "U03", "就业帮扶", "技能培训", "12", ""]
BAD = ["2024年13月5日", "U03", "就业帮扶", "技能培训", "12", ""]
TABLES = ("units", "unit_aliases", "services", "imports", "rejects")


def table_rows(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables an import writes (imports without its timestamp), sorted."""
    cur = store.cursor()
    out = {}
    for table in TABLES:
        select = "select * exclude (imported_at)" if table == "imports" else "select *"
        out[table] = sorted(map(tuple, cur.execute(f"{select} from {table}").fetchall()), key=repr)
    return out


@pytest.mark.parametrize(
    "failing_step",
    [
        pytest.param("ingest/clean", id="while-casting-rows"),
        pytest.param("ingest/rejects_insert", id="while-quarantining"),
        pytest.param("ingest/insert/services", id="while-loading-rows"),
        pytest.param("ingest/imports_insert", id="after-rows-before-bookkeeping"),
    ],
)
def test_a_failure_part_way_leaves_the_store_as_it_was(
    units_roster: Store, monkeypatch: pytest.MonkeyPatch, failing_step: str
) -> None:
    import_file(units_roster, csv_bytes([HEADERS, A]), "一月.csv")
    before = table_rows(units_roster)
    real_run = load._run

    def run_then_fail(cur: Any, name: str, params: dict[str, Any] | None = None) -> None:
        real_run(cur, name, params)
        if name == failing_step:
            raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_run", run_then_fail)
    data = csv_bytes([HEADERS, B, C, BAD])
    with pytest.raises(RuntimeError, match="disk full"):
        import_file(units_roster, data, "二月.csv")
    assert table_rows(units_roster) == before
    monkeypatch.setattr(load, "_run", real_run)
    retry = import_file(units_roster, data, "二月.csv")  # not mistaken for an earlier import
    assert (retry.already_imported, retry.loaded, retry.rejected) == (False, 2, 1)


def test_the_same_file_twice_changes_nothing_and_says_so(units_roster: Store) -> None:
    data = csv_bytes([HEADERS, A, B, BAD])
    first = import_file(units_roster, data, "台账.csv")
    before = table_rows(units_roster)
    again = import_file(units_roster, data, "台账（副本）.csv")
    assert (first.already_imported, first.loaded, first.rejected) == (False, 2, 1)
    assert (again.already_imported, again.import_id, again.ledger) == (True, first.import_id, "services")
    assert (again.loaded, again.duplicate, again.rejected, len(again.rejects)) == (0, 0, 0, 0)
    assert table_rows(units_roster) == before


@pytest.mark.parametrize(
    ("first", "second", "loaded", "duplicate", "total"),
    [
        pytest.param([A, B], [B, C], 1, 1, 3, id="same-rows-in-another-file"),
        pytest.param([A], [A, A, C], 1, 2, 2, id="repeated-within-and-across"),
        pytest.param([A], [[*A[:4], "99", A[5]]], 0, 1, 1, id="only-a-count-differs"),
        pytest.param([A], [[*A[:5], "会议室"]], 1, 0, 2, id="location-is-part-of-the-key"),
        pytest.param([A], [[" 2024/3/5 ", "陇一社区", *A[2:]]], 0, 1, 1, id="same-row-spelled-differently"),
        pytest.param([C], [C], 0, 1, 1, id="empty-optional-key"),
    ],
)
def test_rows_already_stored_are_duplicates_never_counted_twice(
    units_roster: Store,
    first: list[list[str]],
    second: list[list[str]],
    loaded: int,
    duplicate: int,
    total: int,
) -> None:
    import_file(units_roster, csv_bytes([HEADERS, *first]), "一月.csv")
    result = import_file(units_roster, csv_bytes([["便民服务台账"], HEADERS, *second]), "二月.csv")
    assert (result.loaded, result.duplicate, result.rejected) == (loaded, duplicate, 0)
    assert units_roster.cursor().execute("select count(*) from services").fetchone() == (total,)


def test_duplicate_rows_within_one_file_keep_the_first(units_roster: Store) -> None:
    result = import_file(units_roster, csv_bytes([HEADERS, A, B, A, BAD, BAD]), "台账.csv")
    assert (result.rows_read, result.loaded, result.duplicate, result.rejected) == (5, 2, 1, 2)
    rows = units_roster.cursor().execute("select title, source_row from services order by source_row")
    assert rows.fetchall() == [("防诈骗讲座", 2), ("免费测血压", 3)]


def test_rejected_rows_are_kept_with_row_number_raw_values_and_reason(units_roster: Store) -> None:
    rows = [["便民服务台账"], ["填报单位：街道", "", "填报日期：2024-04-01"], HEADERS, A, BAD]
    result = import_file(units_roster, csv_bytes(rows), "三月.csv")
    stored = units_roster.cursor().execute("select import_id, source_file, source_row, raw, reason from rejects")
    import_id, source_file, source_row, raw, reason = stored.fetchone()
    assert (import_id, source_file, source_row) == (result.import_id, "三月.csv", 5)
    assert json.loads(raw) == dict(zip(HEADERS, BAD, strict=True))
    assert reason == "「服务日期」列的“2024年13月5日”不是有效日期（应为 2024-03-05 这样的日期）"
    assert result.rejects.to_dict("records") == [{"source_row": 5, "reason": reason, "raw": raw}]
    counts = units_roster.cursor().execute(
        "select rows_read, rows_loaded, rows_rejected, header_row from imports where import_id = ?",
        [result.import_id],
    )
    assert counts.fetchone() == (2, 1, 1, 3)


def test_the_rejects_workbook_lists_row_reason_and_raw_values(units_roster: Store) -> None:
    result = import_file(units_roster, csv_bytes([HEADERS, A, BAD, [*C[:4], "-2", ""]]), "台账.csv")
    sheet = openpyxl.load_workbook(io.BytesIO(rejects_workbook(result.rejects))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["源文件行号", "退回原因", *HEADERS]
    assert [r[0] for r in rows[1:]] == [3, 4]
    assert rows[1][2] == "2024年13月5日"
    assert rows[2][1] == "「受益群众（人次）」列的“-2”是负数（应为 0 或正整数）"


def test_a_roster_update_replaces_units_and_their_aliases(units_roster: Store) -> None:
    update = [
        ROSTER_ROWS[0],
        ["U01", "陇海东路第一社区党支部", "社区党支部", "陇海东路第一社区", "47", "陇一"],
        ["U05", "辖区企业联合党支部", "非公企业", "", "9", "企业联合支部"],
        ["U05", "辖区企业联合党支部", "企业", "", "9", ""],
        ["U06", "某学校党支部", "高校", "", "30", ""],
    ]
    result = import_file(units_roster, csv_bytes(update), "名册更新.csv")
    assert (result.loaded, result.duplicate, result.rejected) == (2, 1, 1)
    assert result.rejects.iloc[0]["reason"] == (
        "「类型」列的“高校”不是可选的值（应为 社区、村、机关、企业、社会组织、学校、其他 之一）"
    )
    cur = units_roster.cursor()
    assert cur.execute("select unit_id, kind, members from units order by unit_id").fetchall() == [
        ("U01", "社区", 47),
        ("U02", "社区", 38),
        ("U03", "村", 52),
        ("U04", "机关", 12),
        ("U05", "企业", 9),
    ]
    aliases = cur.execute("select alias, unit_id from unit_aliases order by alias").fetchall()
    assert ("陇一", "U01") in aliases and ("企业联合支部", "U05") in aliases
    assert ("陇一社区", "U01") not in aliases  # U01's old aliases are replaced
    assert ("陇海村", "U03") in aliases  # units not in the file keep theirs
    assert import_file(units_roster, csv_bytes([HEADERS, [*A[:1], "陇一", *A[2:]]]), "x.csv").loaded == 1


def test_a_roster_giving_a_new_unit_an_existing_name_is_refused_whole(units_roster: Store) -> None:
    from kaohe.ingest import IngestError

    before = table_rows(units_roster)
    clash = [ROSTER_ROWS[0], ["U07", "陇海村党支部", "村", "", "5", ""]]
    with pytest.raises(IngestError, match="同一名称"):
        import_file(units_roster, csv_bytes(clash), "名册.csv")
    assert table_rows(units_roster) == before


def test_import_path_records_the_file_name_and_user(units_roster: Store, tmp_path: Path) -> None:
    path = tmp_path / "四月台账.csv"
    path.write_bytes(csv_bytes([HEADERS, A]))
    result = import_path(units_roster, path, user="考核组")
    assert (result.file_name, result.loaded) == ("四月台账.csv", 1)
    stored = units_roster.cursor().execute(
        "select file_name, imported_by, sha256 from imports where ledger = 'services'"
    )
    assert stored.fetchone() == ("四月台账.csv", "考核组", result.sha256)


def test_the_upload_limit_binds_uploads_and_the_disk_limit_binds_files_on_disk(
    units_roster: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = csv_bytes([HEADERS, A])
    with pytest.raises(load.IngestError, match="太大"):
        import_file(units_roster, data, "上传.csv", max_bytes=len(data) - 1)
    # A file on the server's disk is held to the disk limit, which is larger than the browser's upload limit.
    assert load.MAX_DISK_FILE_BYTES > load.MAX_UPLOAD_BYTES
    path = tmp_path / "服务器上的台账.csv"
    path.write_bytes(data)
    assert import_path(units_roster, path).loaded == 1
    monkeypatch.setattr(load, "MAX_DISK_FILE_BYTES", len(data) - 1)
    with pytest.raises(load.IngestError, match="太大"):
        import_path(units_roster, tmp_path / "服务器上的台账.csv")
