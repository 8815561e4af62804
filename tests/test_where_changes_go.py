"""The README's "Where a change goes" table stays true: the files it names exist, and each registry it points to is the
only list of its kind — a ledger, a role, a page, a label or a query added in its one place is complete there, and one
added anywhere else (or left half-done) fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kaohe import PROJECT_ROOT, navigation
from kaohe.access import PERMISSIONS, Permission, Role
from kaohe.ingest import LEDGERS
from kaohe.labels import LABELS
from kaohe.queries import QUERIES_DIR

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
DICTIONARY = (PROJECT_ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
CJK = re.compile(r"[\u4e00-\u9fff]")

# English labels that must quote Chinese: what the user types or reads in their own files, or a language's own name.
QUOTES_CHINESE = {
    "app.lang.zh": "the language picker names each language in itself",
    "ingest.map_syntax": "the example quotes Chinese headers as the files have them",
    "scorecard.search_placeholder": "unit names are Chinese data",
    "settings.edit_hint": "the per-member target is typed as 1.6/人",
    "rectify.caption": "不合格 is the scheme's own grade name",
    "leaders.empty": "the example quotes Chinese headers as the files have them",
}

# Query folders whose files are found by listing the folder, not by name: the migrations (applied in order) and
# the SQL console's saved examples (offered by their header comment).
LISTED_FOLDERS = ("schema", "explore")


def _table() -> str:
    start = README.index("## Where a change goes")
    return README[start : README.index("\n## ", start + 1)]


def test_every_file_the_table_names_exists() -> None:
    named = re.findall(r"`((?:kaohe|queries|docs|tests|pages|data)/[^`*<>]+?)`", _table())
    assert named, "the table names no files"
    missing = [path for path in named if not (PROJECT_ROOT / path.split(" ")[0]).exists()]
    assert not missing, f"README's 'Where a change goes' names files that do not exist: {missing}"


@pytest.mark.parametrize("ledger", LEDGERS)
def test_a_ledger_is_complete_in_its_one_place(ledger: str) -> None:
    assert f"ledger.{ledger}" in LABELS and all(LABELS[f"ledger.{ledger}"]), f"label ledger.{ledger}"
    assert re.search(rf"^## {ledger}$", DICTIONARY, re.MULTILINE), f"docs/data_dictionary.md has no table {ledger}"
    assert (QUERIES_DIR / "ingest" / "insert" / f"{ledger}.sql").is_file() or ledger in ("units", "leaders"), (
        f"no queries/ingest/insert/{ledger}.sql"
    )


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_a_role_is_complete_in_its_one_place(role: Role) -> None:
    assert role in PERMISSIONS, f"{role} has no entry in access.PERMISSIONS"
    assert f"app.role.{role.value}" in LABELS and all(LABELS[f"app.role.{role.value}"]), f"label app.role.{role.value}"


@pytest.mark.parametrize("permission", list(Permission), ids=[p.value for p in Permission])
def test_a_permission_is_named_in_both_languages(permission: Permission) -> None:
    key = f"access.permission.{permission.value}"
    assert key in LABELS and all(LABELS[key]), f"label {key}: a refusal names the permission in words"


def test_every_page_file_is_registered_with_its_title() -> None:
    files = {f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py")}
    registered = {spec.path for spec in navigation.PAGES}
    assert files == registered, f"pages/ and navigation.PAGES differ: {sorted(files ^ registered)}"
    for spec in navigation.PAGES:
        assert spec.title_key in LABELS and all(LABELS[spec.title_key]), spec.title_key


def test_every_label_has_both_languages_each_in_its_own() -> None:
    empty = [key for key, pair in LABELS.items() if len(pair) != 2 or not all(pair)]
    assert not empty, f"labels without both languages: {empty[:10]}"
    chinese_in_english = [key for key, (_, en) in LABELS.items() if CJK.search(en) and key not in QUOTES_CHINESE]
    assert not chinese_in_english, f"English labels with Chinese in them: {chinese_in_english[:10]}"


def _strings_in_code() -> tuple[set[str], set[str]]:
    """Every string constant in the library, the pages and app.py, and the leading text of every f-string."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    files = [
        *Path(PROJECT_ROOT / "kaohe").rglob("*.py"),
        *(PROJECT_ROOT / "pages").glob("*.py"),
        PROJECT_ROOT / "app.py",
    ]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(str(node.values[0].value))
    return constants, prefixes


def test_every_query_file_is_loaded_by_name_somewhere() -> None:
    constants, prefixes = _strings_in_code()
    unused = []
    for path in sorted(QUERIES_DIR.rglob("*.sql")):
        name = path.relative_to(QUERIES_DIR).with_suffix("").as_posix()
        if name.split("/")[0] in LISTED_FOLDERS and name.count("/") == 1:
            continue
        if name in constants or any(p and name.startswith(p) and "/" not in name[len(p) :] for p in prefixes):
            continue
        unused.append(name)
    assert not unused, f"query files nothing loads (remove them, or load them by name): {unused}"


# What a page may not do itself: run SQL or open the database (it calls a library function that does).
READS_ITSELF = {"query", "query_text", "scalar", "cursor", "transaction", "run_query"}


@pytest.mark.parametrize("page", sorted((PROJECT_ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_a_page_reads_only_through_library_functions(page: Path) -> None:
    tree = ast.parse(page.read_text(encoding="utf-8"))
    calls = [
        f"line {node.lineno}: .{node.func.attr}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in READS_ITSELF
    ]
    imports = [
        f"line {node.lineno}: Store"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module == "kaohe.store"
        and any(a.name == "Store" for a in node.names)
    ]
    assert not calls + imports, f"{page.name} reads the database itself: {calls + imports}"
