"""No Chinese words are built outside the label table: code says what users read through kaohe/labels.py.

A Chinese string literal in kaohe/ or pages/ (docstrings and comments aside) or a Chinese literal in the SQL of
queries/ (comments aside) would reach an English screen as Chinese. What may stay is data, not wording: the words
the data itself holds and the program matches (ledger values such as 实事 or 已办结, header spellings offices
write), the demo generator's Chinese ledgers, and the typographic names of Chinese fonts. Such a line carries a
`# cjk:` comment (`-- cjk:` in SQL) saying why; whole files are in ALLOWED_FILES with their reason.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

from kaohe import PROJECT_ROOT

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
MARK = "cjk:"

ALLOWED_FILES = {
    "kaohe/labels.py": "the label table itself",
    "kaohe/demo.py": "the demo generator writes the office's ledgers, which are in Chinese",
    "kaohe/demo_assessments.py": "the demo's assessor files (comments, reasons) are data in Chinese",
    "kaohe/demo_planted.py": "the credibility checks' planted demo rows are data in Chinese",
    # The console's saved examples are SQL an analyst reads and edits: their column aliases are in the office's
    # language, like the data they name (their titles have an English line for the English console).
    "queries/explore/case_satisfaction_by_unit.sql": "a saved example query: aliases in the office's language",
    "queries/explore/disputes_open.sql": "a saved example query: aliases in the office's language",
    "queries/explore/meeting_attendance.sql": "a saved example query: aliases in the office's language",
    "queries/explore/services_by_community.sql": "a saved example query: aliases in the office's language",
}

# Files whose messages are not worded through labels yet, with why: each test is a strict expected failure, so a
# file that passes must leave the list. Empty: every file passes.
NOT_YET: dict[str, str] = {}


def _python_lines(path: Path) -> list[int]:
    """Lines of string literals (docstrings left out) holding CJK, unless the line is marked `# cjk:`."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: set[int] = set()
    previous = None
    fstring_middle = getattr(tokenize, "FSTRING_MIDDLE", -1)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.STRING, fstring_middle) and CJK.search(token.string):
            docstring = token.type == tokenize.STRING and previous in (
                tokenize.INDENT, tokenize.NEWLINE, tokenize.DEDENT, None
            ) and token.string.lstrip("rbuRBU").startswith(('"""', "'''"))  # fmt: skip
            if not docstring:
                found.update(range(token.start[0], token.end[0] + 1))
        if token.type not in (tokenize.COMMENT, tokenize.NL):
            previous = token.type
    return sorted(n for n in found if MARK not in lines[n - 1])


def _sql_lines(path: Path) -> list[int]:
    """Lines whose SQL (comments left out) holds CJK, unless marked `-- cjk:`."""
    bad = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        code, _, comment = line.partition("--")
        if CJK.search(code) and not comment.strip().startswith(MARK):
            bad.append(number)
    return bad


FILES = sorted(
    str(p.relative_to(PROJECT_ROOT))
    for pattern in ("kaohe/**/*.py", "pages/*.py", "app.py", "queries/**/*.sql")
    for p in PROJECT_ROOT.glob(pattern)
)


def _marks(name: str) -> list[pytest.MarkDecorator]:
    reason = NOT_YET.get(name)
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


@pytest.mark.parametrize("name", [pytest.param(n, marks=_marks(n), id=n) for n in FILES if n not in ALLOWED_FILES])
def test_no_chinese_is_built_outside_the_label_table(name: str) -> None:
    path = PROJECT_ROOT / name
    bad = _sql_lines(path) if name.endswith(".sql") else _python_lines(path)
    text = path.read_text(encoding="utf-8").splitlines()
    assert not bad, f"{name}: Chinese outside kaohe/labels.py:\n" + "\n".join(
        f"  {n}: {text[n - 1].strip()[:110]}" for n in bad
    )


def test_the_allow_list_names_files_that_exist() -> None:
    for name in (*ALLOWED_FILES, *NOT_YET):
        assert (PROJECT_ROOT / name).is_file(), name
