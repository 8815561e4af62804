"""Benchmark: import a generated 1,000,000-row services CSV end to end and report rows/s and peak memory.

Not a test: run `make bench` (or `python benchmarks/import_services.py [--rows N]`). The CSV is written by a
child process so that the peak resident memory reported (ru_maxrss, which includes DuckDB's native memory,
unlike tracemalloc) is the import's own. Target on a 2-core machine: >= 100,000 rows/s, < 1.5 GB peak.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kaohe.ingest import import_path
from kaohe.store import Store

COMMUNITIES = ["陇海东路第一", "新郑路", "陇一", "陇海西路", "长江路", "大学路", "嵩山路", "工人路"]
CATEGORIES = {
    "科普讲座": ["防诈骗知识讲座", "垃圾分类宣传", "消防安全讲座", "健康养生讲座"],
    "社会救助": ["走访困难群众", "低保政策宣讲", "送温暖慰问"],
    "综治调解": ["邻里纠纷调解", "物业矛盾调处", "家庭矛盾调解"],
    "就业帮扶": ["招聘信息推送", "技能培训", "就业政策咨询"],
    "医疗义诊": ["免费测血压", "中医义诊", "眼科筛查"],
}
HEADERS = ["序号", "服务日期", "所属支部", "服务类别", "服务内容", "服务人数", "参与党员", "服务时长（小时）", "地点"]
LOCATIONS = ["党群服务中心", "社区广场", "居民小区", "新时代文明实践站", "社区卫生服务站"]


def units_roster() -> list[list[str]]:
    """Header and rows of a 36-unit roster: communities, a village, office sections and enterprises."""
    rows = [["编号", "党组织名称", "类型", "所属社区", "党员数", "别名"]]
    for i, name in enumerate(COMMUNITIES, start=1):
        rows.append([f"U{i:02d}", f"{name}社区党支部", "社区", f"{name}社区", str(30 + 7 * i), f"{name}社区"])
    rows.append(["U09", "陇海村党支部", "村", "陇海村", "52", "陇海村"])
    for i in range(10, 22):
        rows.append([f"U{i:02d}", f"街道机关第{i - 9}党支部", "机关", "", str(8 + i % 5), ""])
    for i in range(22, 37):
        rows.append([f"U{i:02d}", f"辖区企业第{i - 21}党支部", "企业", "", str(5 + i % 9), ""])
    return rows


def write_services(path: Path, rows: int, unit_names: list[str]) -> None:
    """A services export of `rows` rows in mixed real-world shapes (title row, Chinese dates, '12人'),
    with one row in a thousand carrying an impossible date, so the reject path is measured too."""
    rng = random.Random(20240305)
    categories = list(CATEGORIES)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["2024年便民服务台账"])
        out.writerow(["填报单位：陇海马路街道党工委", "", "", "", "填报日期：2025年1月5日"])
        out.writerow(HEADERS)
        for n in range(1, rows + 1):
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            shape = n % 3
            date = (f"2024-{month:02d}-{day:02d}", f"2024/{month}/{day}", f"2024年{month}月{day}日")[shape]
            if n % 1000 == 0:
                date = f"2024年13月{day}日"  # about one row in a thousand is wrong, as in real exports
            category = categories[n % len(categories)]
            title = rng.choice(CATEGORIES[category])
            people = rng.randint(3, 60)
            out.writerow(
                [
                    n,
                    date,
                    unit_names[n % len(unit_names)],
                    category,
                    f"{title}（第{n}期）",
                    f"{people}人" if shape == 2 else people,
                    rng.randint(1, 8),
                    rng.choice(["1", "1.5", "2", "3"]),
                    rng.choice(LOCATIONS),
                ]
            )


def generate(folder: Path, rows: int) -> None:
    """Write units.csv and services.csv into `folder`."""
    roster = units_roster()
    with (folder / "units.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(roster)
    write_services(folder / "services.csv", rows, [r[1] for r in roster[1:]])


def main() -> None:
    """Generate in a child process, then import and report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--generate-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_into:
        generate(args.generate_into, args.rows)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--generate-into", str(folder)], check=True)
        size = (folder / "services.csv").stat().st_size
        print(f"generated {args.rows:,} rows ({size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s")
        with Store(folder / "bench.duckdb") as store:
            import_path(store, folder / "units.csv")
            started = time.perf_counter()
            result = import_path(store, folder / "services.csv")
            elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
        print(
            f"imported: loaded {result.loaded:,}, duplicate {result.duplicate:,}, "
            f"rejected {result.rejected:,}, skipped {result.skipped:,}"
        )
        print(f"end to end: {elapsed:.2f} s, {result.rows_read / elapsed:,.0f} rows/s")
        print(f"peak memory (ru_maxrss): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
