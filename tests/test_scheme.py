"""Scheme files: the shipped ones load, and each kind of mistake is refused naming the indicator and field."""

from __future__ import annotations

import copy
import re
import string
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_scoring_support import DATA

from kaohe import PROJECT_ROOT
from kaohe.labels import LABELS
from kaohe.scheme import (
    DEFAULT_GRADES,
    RULES,
    SCHEMES_DIR,
    SchemeError,
    check_unit_kinds,
    load_scheme,
    parse_scheme,
    save_scheme,
)
from kaohe.store import Store

BASE: dict[str, Any] = tomllib.loads((DATA / "golden_scheme.toml").read_text(encoding="utf-8"))


def _indicator(data: dict[str, Any], indicator_id: str) -> dict[str, Any]:
    return next(i for i in data["indicators"] if i["id"] == indicator_id)


def _set(indicator_id: str, **fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        _indicator(data, indicator_id).update(fields)

    return change


def _drop(indicator_id: str, field: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        del _indicator(data, indicator_id)[field]

    return change


def _top(section: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data[section][key] = value

    return change


def _grades(*bands: tuple[str, float]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["grades"] = [{"grade": g, "min": m} for g, m in bands]

    return change


# (id, change to the valid base, text that must appear in the error)
INVALID = [
    ("unknown measure", _set("g_services", measure="service_cnt"), "指标 g_services：字段 measure"),
    ("unknown rule", _set("g_services", rule="proportional"), "指标 g_services：字段 rule"),
    ("points do not add up", _set("g_services", max=11), "各指标满分之和为 101"),
    ("ratio cap above 1", _set("g_services", cap=1.2), "指标 g_services：字段 cap"),
    ("ratio without target", _drop("g_services", "target"), "指标 g_services：规则 ratio 缺少字段 target"),
    ("target missing for a kind", _set("g_services", target={"社区": 5, "机关": 4}), "缺少单位类型「企业」"),
    ("target of wrong type", _set("g_services", target="many"), "指标 g_services：字段 target"),
    ("per_member target malformed", _set("g_services", target={"per_member": "x"}), "per_member"),
    ("ladder thresholds rising", _set("g_deeds", steps=[[0.5, 8], [0.75, 5]]), "指标 g_deeds：字段 steps 的门槛"),
    ("ladder top step not max", _set("g_deeds", steps=[[1.0, 7], [0.5, 2]]), "最高一档应得满分 8"),
    ("ladder points rising", _set("g_deeds", steps=[[1.0, 8], [0.75, 2], [0.5, 5]]), "分值不应随门槛降低而升高"),
    ("linear without step", _drop("g_attendance", "step"), "指标 g_attendance：缺少字段 step"),
    ("linear base above max", _set("g_attendance", base=13), "指标 g_attendance：字段 base"),
    ("per item of zero", _set("g_committee", per_item=0), "指标 g_committee：字段 per_item 不能为 0"),
    ("negative max", _set("g_committee", max=-6), "指标 g_committee：字段 max 应不小于 0"),
    ("missing measure argument", _set("g_party_day", args={}), "缺少字段 args.meeting_type"),
    ("unknown measure argument", _set("g_party_day", args={"meeting_type": "党课", "x": 1}), "args.x"),
    ("rule does not fit measure", _set("g_services", rule="per_incident", severity={"a": 1}), "不能用于"),
    (
        "every_months not a divisor",
        _set("g_committee", args={"meeting_type": "支委会", "every_months": 5}),
        "every_months",
    ),
    ("qualitative with a measure", _set("g_review", measure="service_count"), "指标 g_review：定性指标"),
    ("level above max", _set("g_integrity", levels={"好": 11}), "指标 g_integrity：字段 levels.好"),
    ("trim_from too small", _set("g_review", trim_from=2), "指标 g_review：字段 trim_from"),
    ("unknown field", _set("g_review", weight=2), "指标 g_review：未知字段 weight"),
    ("unknown dimension", _set("g_review", dimension="其他"), "指标 g_review：字段 dimension"),
    ("unknown component", _set("g_review", component="其他"), "指标 g_review：字段 component"),
    ("weights not summing to 1", _top("components", "定性", 0.5), "权重之和应为 1"),
    ("overlapping grade bands", _grades(("优秀", 90), ("良好", 90), ("不合格", 0)), "区间重叠"),
    ("grade bands leave scores ungraded", _grades(("优秀", 90), ("合格", 60)), "下限应为 0"),
    ("quota on an unknown grade", _top("quota", "grade", "卓越"), "[quota]：字段 grade"),
    ("quota share above 1", _top("quota", "share", 1.5), "[quota]：字段 share"),
    ("tie break on unknown dimension", _top("quota", "tie_break", ["dimension:不存在"]), "tie_break"),
    ("bonus category without points", _top("bonus", "categories", [{"category": "x"}]), "[bonus] 类别 x"),
    ("bad version", _top("scheme", "version", 0), "[scheme]：字段 version"),
    ("bad period", _top("scheme", "period", "二〇二五"), "[scheme]：字段 period"),
    ("duplicate indicator id", lambda d: d["indicators"].append(copy.deepcopy(d["indicators"][0])), "id 重复"),
]


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_scheme_is_refused_naming_where(change: Callable[[dict[str, Any]], None], message: str) -> None:
    data = copy.deepcopy(BASE)
    change(data)
    with pytest.raises(SchemeError) as caught:
        parse_scheme(data, "golden_scheme.toml")
    assert message in str(caught.value)
    assert "golden_scheme.toml" in str(caught.value)


def test_all_problems_are_reported_together() -> None:
    data = copy.deepcopy(BASE)
    _set("g_services", measure="nope")(data)
    _set("g_deeds", steps=[[0.5, 8], [0.75, 5]])(data)
    with pytest.raises(SchemeError) as caught:
        parse_scheme(data)
    assert len(caught.value.problems) == 2


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[scheme\nid = 1", encoding="utf-8")
    with pytest.raises(SchemeError, match=r"(?s)broken\.toml.*TOML"):
        load_scheme(path)


@pytest.mark.parametrize("path", sorted(SCHEMES_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_shipped_schemes_are_valid(path: Path) -> None:
    scheme = load_scheme(path)
    assert sum(i.max_points for i in scheme.indicators) == scheme.total_points


def test_sample_scheme_has_the_shape_the_issue_asks_for() -> None:
    scheme = load_scheme(SCHEMES_DIR / "2025.toml")
    assert 15 <= len(scheme.indicators) <= 25
    assert 4 <= len(scheme.dimensions) <= 5
    assert scheme.total_points == 100
    # Every family but points by rank, which the demo office does not use (docs/scheme.md's example shows it).
    assert {i.rule for i in scheme.indicators} == set(RULES) - {"rank_points"}
    assert scheme.categories("bonus") and scheme.categories("deduction") and scheme.categories("veto")
    assert scheme.components and scheme.quota is not None


def test_unit_kind_without_target_is_refused_at_scoring_time() -> None:
    scheme = parse_scheme(BASE)
    with pytest.raises(SchemeError, match="指标 g_services：字段 target 缺少单位类型「学校」"):
        check_unit_kinds(scheme, ["社区", "学校"])


def test_stored_version_is_never_overwritten(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        scheme = parse_scheme(BASE, "a.toml")
        assert save_scheme(store, scheme, who="测试") is True
        assert save_scheme(store, scheme, who="测试") is False  # same content: nothing to do
        changed = copy.deepcopy(BASE)
        _set("g_services", max=9)(changed)
        _set("g_errands", max=7)(changed)
        with pytest.raises(SchemeError, match="version 加 1"):
            save_scheme(store, parse_scheme(changed, "b.toml"), who="测试")
        changed["scheme"]["version"] = 2
        assert save_scheme(store, parse_scheme(changed, "b.toml"), who="测试") is True


def test_content_hash_ignores_key_order() -> None:
    reordered = dict(reversed(list(copy.deepcopy(BASE).items())))
    assert parse_scheme(reordered).content_hash == parse_scheme(BASE).content_hash


def test_the_documented_example_is_valid() -> None:
    text = (PROJECT_ROOT / "docs" / "scheme.md").read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    scheme = parse_scheme(tomllib.loads(example), "docs/scheme.md")
    assert {i.rule for i in scheme.indicators} == set(RULES)
    # [awards] as documented: every field read.
    assert scheme.awards is not None
    assert (scheme.awards.honour, scheme.awards.recommend, scheme.awards.quota) == ("先进基层党组织", ("优秀",), 5)
    assert (scheme.awards.ineligible, scheme.awards.rectify, scheme.awards.rectify_alerts) == (
        ("不合格",),
        ("不合格",),
        True,
    )
    assert (scheme.awards.rectify_items, scheme.awards.rectify_days, scheme.awards.veto_ineligible) == (3, 90, True)


AWARDS = {"honour": "先进基层党组织", "recommend": ["优秀"], "quota": 2, "ineligible": ["不合格"]}


def _awards(**fields: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["awards"] = {**AWARDS, **fields}
    return data


def test_awards_default_to_rectifying_the_lowest_grade_and_a_share_quota_counts_down() -> None:
    data = _awards(quota=None, quota_share=0.15)
    del data["awards"]["quota"]
    awards = parse_scheme(data).awards
    assert awards is not None and awards.rectify == ("不合格",) and not awards.rectify_alerts
    assert (awards.limit(36), awards.limit(6)) == (5, 0)  # floor(0.15 × 36) = 5
    assert parse_scheme(_awards()).awards.limit(36) == 2  # type: ignore[union-attr]
    assert parse_scheme(BASE).awards is None


AWARD_PROBLEMS = [
    pytest.param({"recommend": ["特优"]}, "字段 recommend 中的「特优」不是 [[grades]] 中的等次", id="unknown-grade"),
    pytest.param({"recommend": []}, "[awards]：字段 recommend 至少要有一个等次", id="nothing-recommended"),
    pytest.param({"ineligible": ["优秀"]}, "等次「优秀」不能既推荐评优", id="both-lists"),
    pytest.param({"quota": -1}, "[awards]：字段 quota 应为不小于 0 的整数", id="negative-quota"),
    pytest.param({"quota": 2.5}, "字段 quota 应为不小于 0 的整数", id="fractional-quota"),
    pytest.param({"quota_share": 0.2}, "quota（名额数）与 quota_share（名额比例）只能给出一个", id="both-quotas"),
    pytest.param({"honour": ""}, "[awards]：字段 honour 应为非空文字", id="no-honour"),
    pytest.param({"rectify": "不合格"}, "[awards]：字段 rectify 应为等次名称列表", id="rectify-not-a-list"),
    pytest.param({"rectify_items": 0}, "字段 rectify_items 应为不小于 1 的整数", id="no-items"),
    pytest.param({"rectify_alerts": "yes"}, "字段 rectify_alerts 应为 true 或 false", id="flag-not-boolean"),
    pytest.param({"quorum": 3}, "[awards]：未知字段 quorum", id="unknown-field"),
]


@pytest.mark.parametrize(("fields", "message"), AWARD_PROBLEMS)
def test_a_wrong_awards_table_is_refused_naming_the_field(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(SchemeError) as caught:
        parse_scheme(_awards(**fields), "golden_scheme.toml")
    assert message in str(caught.value)


CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _strings(value: Any) -> set[str]:
    """Every text a scheme definition holds, keys and values: what a message may quote from the file."""
    if isinstance(value, dict):
        return {str(k) for k in value} | {s for v in value.values() for s in _strings(v)}
    if isinstance(value, list):
        return {s for v in value for s in _strings(v)}
    return {value} if isinstance(value, str) else set()


def _changed(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    change(data)
    return data


WRONG_SCHEMES = [pytest.param(_changed(c[1]), id=c[0]) for c in INVALID] + [
    pytest.param(_awards(**p.values[0]), id=f"awards-{p.id}") for p in AWARD_PROBLEMS
]


@pytest.mark.parametrize("data", WRONG_SCHEMES)
def test_an_english_screen_reads_every_scheme_problem_in_english(data: dict[str, Any]) -> None:
    with pytest.raises(SchemeError) as caught:
        parse_scheme(data, "golden_scheme.toml")
    english = caught.value.text("en")
    assert english != caught.value.text("zh")
    # The file's own words, and the grade names a scheme without [[grades]] takes; longest first, so that a name
    # inside another (合格 in 不合格) does not leave a piece behind.
    words = _strings(data) | {grade for grade, _ in DEFAULT_GRADES}
    quoted = sorted((w for w in words if CJK.search(w)), key=len, reverse=True)
    for text in quoted:
        english = english.replace(text, "")
    assert not CJK.search(english), f"Chinese on an English screen: {caught.value.problem_texts('en')}"


@pytest.mark.parametrize("key", [k for k in LABELS if k.startswith(("scheme.problem", "scheme.where"))])
def test_a_scheme_problem_label_has_the_same_placeholders_in_both_languages(key: str) -> None:
    zh, en = (sorted(name for _, name, _, _ in string.Formatter().parse(text) if name) for text in LABELS[key])
    assert zh == en, key
