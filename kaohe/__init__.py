"""Kaohe: assess a subdistrict's party branches against their responsibility targets.

The library is usable without Streamlit: `kaohe.store` holds the database, `kaohe.ingest` reads the ledgers
branches export, `kaohe.demo` builds the demo data, `kaohe.cli` is the `kaohe` command. Only `kaohe.ui`
may import Streamlit.
"""

from pathlib import Path

__version__ = "0.1.0"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "kaohe.duckdb"
