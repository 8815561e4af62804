"""Regenerate every shipped demo file: `python -m kaohe.demo_generate` (deterministic: identical bytes each time).

The ledgers come from kaohe.demo (calibrated to the article), with the credibility checks' cases planted in them by
kaohe.demo_planted; the assessors' input from kaohe.demo_assessments, written after the ledgers because it follows
from their points. tests/test_demo.py fails when a shipped file differs from what this writes.
"""

from __future__ import annotations

from pathlib import Path

from kaohe import PROJECT_ROOT
from kaohe.demo import make_data, write_files
from kaohe.demo_assessments import generate_assessments
from kaohe.demo_build import DEMO_DIR
from kaohe.demo_planted import plant


def generate(out_dir: Path = DEMO_DIR) -> list[Path]:
    """Write the demo ledger exports into `out_dir` and return them in import order."""
    # The credibility checks' cases are planted in rows the generator made, keeping the article's totals.
    return write_files(plant(make_data()), out_dir)


if __name__ == "__main__":
    for written in [*generate(), *generate_assessments()]:
        print(written.relative_to(PROJECT_ROOT))
