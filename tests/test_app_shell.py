"""Every page runs inside app.py: the first request a fresh server routes through Streamlit's legacy pages/
discovery must not reach a page's content without sign-in, role checks and chrome."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kaohe import PROJECT_ROOT, navigation

PAGE_FILES = sorted((PROJECT_ROOT / "pages").glob("*.py"))


def first_statement(path: Path) -> ast.stmt:
    """The first statement of a module after its docstring and imports."""
    body = ast.parse(path.read_text(encoding="utf-8")).body
    index = 1 if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) else 0
    while isinstance(body[index], ast.Import | ast.ImportFrom):
        index += 1
    return body[index]


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.stem)
def test_page_first_asks_for_the_app_shell(path: Path) -> None:
    assert ast.unparse(first_statement(path)) == "ui.require_app_shell()"


def test_every_page_file_is_in_the_page_table() -> None:
    # A file in pages/ that no PageSpec lists would still be reachable through the legacy discovery.
    assert sorted(p.relative_to(PROJECT_ROOT).as_posix() for p in PAGE_FILES) == sorted(
        s.path for s in navigation.PAGES
    )


def test_a_page_url_is_its_file_name() -> None:
    assert [s.url_path for s in navigation.PAGES] == [Path(s.path).stem for s in navigation.PAGES]
    assert len({s.url_path for s in navigation.PAGES}) == len(navigation.PAGES)


def test_first_statement_finds_the_guard_after_docstring_and_imports(tmp_path: Path) -> None:
    page = tmp_path / "p.py"
    page.write_text('"""Doc."""\n\nimport streamlit as st\n\nfrom kaohe import ui\n\nst.title("x")\n')
    assert ast.unparse(first_statement(page)) == "st.title('x')"
