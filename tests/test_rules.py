"""Every rule family is declared whole: its labels in both languages, a row and an example in docs/scheme.md, a
valid example of its own, and cases in the rule case tables. Adding a family without one of them fails here."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest
import test_scoring_rules as cases

from kaohe import PROJECT_ROOT
from kaohe.labels import LABELS
from kaohe.rules import RULES, RuleFamily
from kaohe.scheme import parse_scheme

DOCS = (PROJECT_ROOT / "docs" / "scheme.md").read_text(encoding="utf-8")
FAMILIES = list(RULES.values())


def _cased_rules() -> set[str]:
    """The families the case tables of tests/test_scoring_rules.py exercise."""
    indicators: list[dict[str, Any]] = [c[1] for c in cases.RULE_CASES] + [c[1] for c in cases.FAMILY_CASES]
    indicators += [c[1] for c in cases.NOT_REQUIRED_CASES] + [cases.QUALITATIVE]
    return {str(ind["rule"]) for ind in indicators}


@pytest.mark.parametrize("family", FAMILIES, ids=[f.name for f in FAMILIES])
def test_the_family_has_its_labels_in_both_languages(family: RuleFamily) -> None:
    for key in (f"rule.{family.name}", f"method.rule.{family.name}"):
        assert key in LABELS and all(LABELS[key]), key
    explain = [key for key in LABELS if key.startswith(f"explain.{family.name}")]
    assert explain, f"no explain.{family.name}* label"
    for key in explain:
        zh, en = LABELS[key]
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en), key


@pytest.mark.parametrize("family", FAMILIES, ids=[f.name for f in FAMILIES])
def test_the_family_is_documented_with_a_row_and_in_the_example(family: RuleFamily) -> None:
    assert f"| `{family.name}` (" in DOCS, f"docs/scheme.md has no row for {family.name}"
    example = DOCS.split("```toml\n", 1)[1].split("```", 1)[0]
    assert f'rule = "{family.name}"' in example


@pytest.mark.parametrize("family", FAMILIES, ids=[f.name for f in FAMILIES])
def test_the_familys_own_example_is_a_valid_indicator(family: RuleFamily) -> None:
    indicator = tomllib.loads(family.example)
    indicator.update(id="x", name="示例", dimension="维度")
    if "target" not in indicator and family.target == "required":
        pytest.fail(f"the example of {family.name} lacks the target the family requires")
    data = {
        "scheme": {"id": "e", "version": 1, "name": "示例", "period": "2025", "total": indicator["max"],
                   "dimensions": ["维度"], "unit_kinds": []},
        "indicators": [indicator],
    }  # fmt: skip
    scheme = parse_scheme(data, f"{family.name} example")
    assert scheme.indicators[0].rule == family.name
    # The family describes itself in words with the example's numbers, in both languages.
    words = {
        lang: family.words(scheme.indicators[0].values, scheme.indicators[0].max_points, lang) for lang in LABELS_LANGS
    }
    assert all(words.values()) and words["zh"] != words["en"]


LABELS_LANGS = ("zh", "en")


def test_every_family_has_hand_worked_cases() -> None:
    assert _cased_rules() == set(RULES)
