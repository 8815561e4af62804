"""Publishing with a confirmation, and the assessors' requests to publish: asked with a note, seen by the secretary
on the publish page and the overview, closed by the publication or declined with a reason; every step audited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from test_entry_pages import open_page as open_period_page

from kaohe import audit, entry, publish, ui, workflow
from kaohe.access import AccessDenied, Role, Viewer
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

SECRETARY = Viewer("书记", Role.SECRETARY)
ASSESSOR = Viewer("王秀兰", Role.ASSESSOR)
NOTE = "定性评分已录齐，台账疑点已核实"


@pytest.fixture
def demo(fresh_demo_db: Path) -> Iterator[Store]:
    with Store(fresh_demo_db) as store:
        yield store


def audit_entries(store: Store, action: str) -> list[dict[str, Any]]:
    """The entries of exactly this action (the log's filter also matches the actions under it: publish.*)."""
    rows = audit.entries(store, SECRETARY, audit.AuditFilter(action=action)).to_dict("records")
    return [
        {**r, "before": json.loads(r["before"] or "null"), "after": json.loads(r["after"] or "null")}
        for r in rows
        if r["action"] == action
    ]


def audit_count(store: Store) -> int:
    row = store.cursor().execute("select count(*) from audit_log").fetchone()
    assert row is not None
    return int(row[0])


# -- the library ----------------------------------------------------------------------------------------------------


def test_a_request_is_seen_by_the_secretary_and_closed_by_the_publication(demo: Store) -> None:
    asked = publish.request_publication(demo, ASSESSOR, "2025", f"  {NOTE}  ")
    assert (asked.period, asked.status, asked.note, asked.requested_by) == ("2025", "open", NOTE, "王秀兰")
    assert [r.request_id for r in publish.requests(demo, SECRETARY, open_only=True)] == [asked.request_id]
    assert (
        publish.request_notice(demo, SECRETARY, "zh")
        == "有 1 条发布申请待处理：2025 年。请到「结果发布」页发布或退回。"
    )
    assert publish.request_notice(demo, ASSESSOR, "zh") is None  # the notice is for whoever publishes

    made = publish.publish(demo, SECRETARY, "2025", note="党工委会议审定")
    (closed,) = publish.requests(demo, ASSESSOR, "2025")
    assert (closed.status, closed.closed_by, closed.publication_id) == ("published", "书记", made.publication_id)
    assert publish.requests(demo, SECRETARY, open_only=True) == []
    assert publish.request_notice(demo, SECRETARY, "zh") is None

    (request_entry,) = audit_entries(demo, "publish.request")
    assert request_entry["who"] == "王秀兰" and request_entry["target"] == f"2025 发布申请 {asked.request_id}"
    assert request_entry["after"] == {"note": NOTE, "period": "2025", "request_id": asked.request_id}
    (publish_entry,) = audit_entries(demo, "publish")
    assert publish_entry["after"]["requests_closed"] == [asked.request_id]


def test_the_secretary_declines_a_request_with_a_reason_the_assessors_read(demo: Store) -> None:
    asked = publish.request_publication(demo, ASSESSOR, "2025", NOTE)
    declined = publish.decline_request(demo, SECRETARY, asked.request_id, "还有两个单位的台账疑点未核实")
    assert (declined.status, declined.reason, declined.closed_by) == (
        "declined",
        "还有两个单位的台账疑点未核实",
        "书记",
    )
    assert publish.requests(demo, ASSESSOR, "2025") == [declined]
    assert publish.current_publication(demo, "2025") is None  # declining publishes nothing
    (entry_,) = audit_entries(demo, "publish.decline")
    assert entry_["who"] == "书记"
    assert entry_["before"] == {"note": NOTE, "requested_by": "王秀兰", "status": "open"}
    assert entry_["after"] == {"reason": "还有两个单位的台账疑点未核实", "status": "declined"}
    # A declined request can be asked again, once the reason is dealt with.
    again = publish.request_publication(demo, ASSESSOR, "2025", "疑点已核实")
    assert again.request_id != asked.request_id and again.is_open


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(lambda s: publish.request_publication(s, ASSESSOR, "2025", "  "), "请写明申请说明", id="no-note"),
        pytest.param(
            lambda s: publish.request_publication(s, ASSESSOR, "2026", NOTE),
            "尚未结束（至 2026-12-31）",
            id="under-way",
        ),
        pytest.param(
            lambda s: (
                publish.request_publication(s, ASSESSOR, "2025", NOTE),
                publish.request_publication(s, ASSESSOR, "2025", "再催一次"),
            ),
            "已有 王秀兰 于",
            id="one-open-request-per-period",
        ),
        pytest.param(
            lambda s: publish.decline_request(
                s, SECRETARY, publish.request_publication(s, ASSESSOR, "2025", NOTE).request_id, ""
            ),
            "请写明退回原因",
            id="decline-without-reason",
        ),
        pytest.param(lambda s: publish.decline_request(s, SECRETARY, 999, "理由"), "第 999 条", id="decline-unknown"),
    ],
)
def test_what_cannot_be_asked_or_declined_is_refused_in_words(demo: Store, call: Any, message: str) -> None:
    with pytest.raises(publish.RequestError, match=message):
        call(demo)


@pytest.mark.parametrize(
    ("viewer", "call"),
    [
        pytest.param(Viewer("分析员", Role.ANALYST), "request", id="analyst-asks"),
        pytest.param(Viewer("支部", Role.BRANCH, unit_id="SQ01"), "request", id="branch-asks"),
        pytest.param(SECRETARY, "request", id="secretary-asks-herself"),
        pytest.param(ASSESSOR, "decline", id="assessor-declines"),
        pytest.param(Viewer("分析员", Role.ANALYST), "list", id="analyst-lists"),
    ],
)
def test_only_assessors_ask_and_only_the_secretary_declines(demo: Store, viewer: Viewer, call: str) -> None:
    asked = publish.request_publication(demo, ASSESSOR, "2025", NOTE)
    before = audit_count(demo)
    with pytest.raises(AccessDenied):
        if call == "request":
            publish.request_publication(demo, viewer, "2025", NOTE)
        elif call == "decline":
            publish.decline_request(demo, viewer, asked.request_id, "理由")
        else:
            publish.requests(demo, viewer)
    assert audit_count(demo) == before


def test_a_preview_says_what_would_be_frozen_and_reads_only(demo: Store) -> None:
    before = audit_count(demo)
    preview = publish.preview(demo, SECRETARY, "2025")
    assert (preview.units, preview.revision, preview.current, preview.refusal) == (36, 1, None, None)
    assert (preview.scheme.id, preview.scheme.version) == ("2025", 1)
    made = publish.publish(demo, SECRETARY, "2025")
    assert made.result_hash == preview.result_hash
    again = publish.preview(demo, SECRETARY, "2025")
    assert (
        again.revision == 2
        and again.current == made
        and again.refusal is not None
        and "无需重新发布" in str(again.refusal)
    )
    assert "尚未结束" in str(publish.preview(demo, SECRETARY, "2026").refusal)
    assert audit_count(demo) == before + 1  # the publication only


# -- the page -------------------------------------------------------------------------------------------------------


@pytest.fixture
def app(app_db: Any, fresh_demo_db: Path) -> Path:
    """A private demo database the app writes to."""
    return Path(app_db(fresh_demo_db))


def open_page(page: str, monkeypatch: pytest.MonkeyPatch, viewer: Viewer) -> AppTest:
    """The page on 2025, as `viewer` sees it."""
    monkeypatch.setattr(ui, "current_viewer", lambda: viewer)
    return open_period_page(page)


def publications(app: Path) -> int:
    with Store(app) as store:
        return len(publish.publications(store, "2025"))


def test_publishing_needs_the_confirmation_ticked_first(app: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("pages/publish.py", monkeypatch, SECRETARY)
    with Store(app) as store:
        logged = audit_count(store)
    box = "\n".join(m.value for m in at.main.markdown)
    for expected in ("发布前请核对", "考核期：2025 年", "（第 1 版）", "参评党组织：36 个", "本次为首次发布"):
        assert expected in box, box
    assert "台账还有" in box and "条疑点未核实" in box  # the credibility warning shown above, repeated here
    assert at.checkbox(key="publish_confirm").value is False
    at.button(key="publish_submit").click().run()
    assert not at.exception
    assert [w.value for w in at.warning if "勾选确认" in w.value] == ["请先勾选确认，再发布。"]
    assert publications(app) == 0
    with Store(app) as store:
        assert audit_count(store) == logged  # clicking without confirming wrote nothing

    at.text_input(key="publish_note").input("党工委会议审定").run()
    at.checkbox(key="publish_confirm").check().run()
    at.button(key="publish_submit").click().run()
    assert publications(app) == 1

    # The form starts empty again: after the data change it shows (a republication) with no note and no tick.
    with Store(app) as store:
        scheme = workflow.scheme_in_force(store, "2025")
        entry.add_adjustment(
            store, ASSESSOR, "2025", scheme,
            entry.AdjustmentInput("SQ07", "bonus", "荣誉表彰", "省级", None, "省级表彰", None),
        )  # fmt: skip
    at.run()
    assert at.text_input(key="publish_note").value == ""
    assert at.checkbox(key="publish_confirm").value is False
    box = "\n".join(m.value for m in at.main.markdown)
    assert "本次为第 2 次发布，将取代第 1 次发布" in box
    # SQ07's bonus moves it and the two units it passes: the drift warning above says 3, and so does the box.
    assert any("有 3 个单位的得分、等次或名次不同" in w.value for w in at.warning)
    assert "与现行发布相比，3 个单位的得分、等次或名次将改变" in box


def test_a_request_from_the_page_reaches_the_secretary_who_publishes_it(
    app: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page("pages/publish.py", monkeypatch, ASSESSOR)
    at.button(key="publish_request_submit").click().run()
    assert [w.value for w in at.warning] == ["请写明申请说明：哪些工作已完成、核对了什么。"]
    at.text_area(key="publish_request_note").input(NOTE).run()
    at.button(key="publish_request_submit").click().run()
    assert not at.exception
    assert any("已于" in i.value and "等待书记处理" in i.value for i in at.info)
    assert "publish_request_submit" not in [b.key for b in at.button]  # one open request per period

    overview = open_page("pages/overview.py", monkeypatch, SECRETARY)
    assert "有 1 条发布申请待处理：2025 年。请到「结果发布」页发布或退回。" in [i.value for i in overview.info]

    at = open_page("pages/publish.py", monkeypatch, SECRETARY)
    shown = "\n".join(m.value for m in at.main.markdown)
    assert "王秀兰 于" in shown and NOTE in shown
    assert "发布后将关闭 1 条发布申请" in shown
    at.checkbox(key="publish_confirm").check().run()
    at.button(key="publish_submit").click().run()
    assert not at.exception
    requests_table = next(d.value for d in at.main.dataframe if "申请说明" in d.value.columns)
    assert requests_table[["申请人", "申请说明", "状态", "处理人"]].values.tolist() == [
        ["王秀兰", NOTE, "已发布", "书记"]
    ]
    overview = open_page("pages/overview.py", monkeypatch, SECRETARY)
    assert not [i.value for i in overview.info if "发布申请" in i.value]


def test_the_secretary_declines_on_the_page_and_the_assessor_reads_why(
    app: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(app) as store:
        asked = publish.request_publication(store, ASSESSOR, "2025", NOTE)
    at = open_page("pages/publish.py", monkeypatch, SECRETARY)
    at.button(key=f"publish_decline_{asked.request_id}").click().run()
    assert [w.value for w in at.warning if "退回原因" in w.value] == ["请写明退回原因，考核组会看到。"]
    at.text_input(key=f"publish_decline_reason_{asked.request_id}").input("SQ02 的台账疑点未核实").run()
    at.button(key=f"publish_decline_{asked.request_id}").click().run()
    assert not at.exception
    assert f"publish_decline_{asked.request_id}" not in [b.key for b in at.button]
    assert publications(app) == 0

    at = open_page("pages/publish.py", monkeypatch, ASSESSOR)
    requests_table = next(d.value for d in at.main.dataframe if "申请说明" in d.value.columns)
    assert requests_table[["状态", "处理人", "退回原因"]].values.tolist() == [
        ["已退回", "书记", "SQ02 的台账疑点未核实"]
    ]
    assert "publish_request_submit" in [b.key for b in at.button]  # and may ask again
    with Store(app) as store:
        assert [e["action"] for e in audit_entries(store, "publish.decline")] == ["publish.decline"]


def test_the_publications_table_shows_the_whole_time(app: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(app) as store:
        made = publish.publish(store, SECRETARY, "2025")
    at = open_page("pages/publish.py", monkeypatch, SECRETARY)
    history = next(d for d in at.main.dataframe if "发布时间" in d.value.columns)
    assert history.value["发布时间"].tolist() == [f"{made.published_at:%Y-%m-%d %H:%M:%S}"]
    # A column wide enough for "2026-01-05 09:30:12" (st.dataframe cuts text at a narrow auto width).
    assert json.loads(history.proto.columns)["发布时间"]["width"] == "medium"
