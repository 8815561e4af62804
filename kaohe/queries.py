"""Load the named SQL files under `queries/`: every statement the product runs lives there, not in Python."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kaohe import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"


class UnknownQueryError(LookupError):
    """Raised when a query name has no `.sql` file."""


@cache
def load_query(name: str) -> str:
    """Return the text of `queries/<name>.sql`, e.g. `load_query("overview/headline_totals")`."""
    path = (QUERIES_DIR / f"{name}.sql").resolve()
    if QUERIES_DIR.resolve() not in path.parents:
        raise UnknownQueryError(f"query name {name!r} points outside {QUERIES_DIR}")
    if not path.is_file():
        raise UnknownQueryError(f"no query named {name!r} (looked for {path})")
    return path.read_text(encoding="utf-8")


def query_names(folder: str) -> list[str]:
    """Names of the queries in one folder of `queries/`, sorted, e.g. `query_names("schema")`."""
    base = QUERIES_DIR / folder
    return sorted(f"{folder}/{p.stem}" for p in base.glob("*.sql"))


def query_path(name: str) -> Path:
    """The file behind a query name."""
    return QUERIES_DIR / f"{name}.sql"
