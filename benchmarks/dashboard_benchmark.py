"""Benchmark the published snapshot's readers: publish time and each dashboard page's render time.

Prints figures; it is not a test and asserts nothing (exit code 1 if a step failed).

    python benchmarks/dashboard_benchmark.py --warehouse DIR/wh.duckdb   # a built warehouse
    python benchmarks/dashboard_benchmark.py --plays 1000000             # build one first

With `--plays N` it builds a warehouse the way the build benchmark does (`run_benchmark.py
--plays N --keep --skip-dbt`: generated exports, ingested), gives its tracks synthetic tag
evidence (`synthetic_evidence.py`, so the genre and mood marts are full, as after a real
enrichment) and runs `dbt build`, whose hook publishes the marts. Then it measures:

- `python -m fetchers publish` on that warehouse (the same work the hook does), best of
  `--repeat`;
- every page under Streamlit's AppTest for the listener with the most plays, over their whole
  history: its first render after a publish (cache emptied: every query runs) and a cached
  render, medians of `--repeat`. AppTest runs the page's Python, its queries and the charts'
  serialisation, as the server does; the browser's drawing is not included.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from fetchers.dashboard.shell import PAGES
from fetchers.dbt_runner import PROJECT_DIR, run_dbt

APP = PROJECT_DIR / "fetchers" / "dashboard" / "app.py"


def build_warehouse(plays: int, users: int) -> Path:
    """Generated exports ingested, synthetic evidence, dbt build: the warehouse's path."""
    print(f"building a warehouse of {plays:,} plays ({users} users)...", flush=True)
    completed = subprocess.run(
        [
            sys.executable,
            str(PROJECT_DIR / "benchmarks" / "run_benchmark.py"),
            "--plays",
            str(plays),
            "--users",
            str(users),
            "--keep",
            "--skip-dbt",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    kept = re.search(r"^kept (.+)$", completed.stdout, re.MULTILINE)
    if kept is None:
        raise SystemExit(f"run_benchmark.py kept no folder:\n{completed.stdout[-2000:]}")
    work = Path(kept.group(1).strip())
    warehouse = work / "wh.duckdb"
    subprocess.run(
        [sys.executable, str(PROJECT_DIR / "benchmarks" / "synthetic_evidence.py"), str(warehouse)],
        check=True,
    )
    started = time.perf_counter()
    outcome = run_dbt(["build"], duckdb_path=warehouse, target_path=work / "target")
    if not outcome.success:
        raise SystemExit("dbt build failed:\n" + "\n".join(outcome.failures))
    print(f"dbt build (with the publish hook): {time.perf_counter() - started:.1f} s", flush=True)
    return warehouse


def time_publish(warehouse: Path, repeat: int) -> list[float]:
    seconds = []
    environment = {**os.environ, "DUCKDB_PATH": str(warehouse)}
    environment.pop("PUBLISH_DIR", None)
    for _ in range(repeat):
        completed = subprocess.run(
            [sys.executable, "-m", "fetchers", "publish"],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        # the command's own figure: the publish, without the interpreter's start
        seconds.append(float(re.search(r" in ([0-9.]+) s", completed.stdout).group(1)))
    return seconds


def busiest_listener(publish_dir: Path) -> tuple[str, int]:
    with duckdb.connect() as connection:
        connection.execute(f"attach '{publish_dir / 'marts.duckdb'}' as snapshot (read_only)")
        username, plays = connection.execute(
            "select u.username, count(*) as plays from snapshot.marts.fact_plays as p "
            "join snapshot.marts.dim_users as u using (user_id) "
            "group by u.username order by plays desc limit 1"
        ).fetchone()
    return str(username), int(plays)


def time_pages(
    publish_dir: Path, username: str, repeat: int
) -> list[tuple[str, float, float, int]]:
    """(page, first render s, cached render s, charts) for every page, medians of `repeat`.

    First render: the cache emptied before it, so every query of the page runs (the first reader
    after a publish). Cached render: the same page again, its queries answered by the
    per-snapshot cache (every later reader, every widget change that keeps the parameters).
    """
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["PUBLISH_DIR"] = str(publish_dir)
    rows = []
    for file, title, _ in PAGES:
        dashboard = AppTest.from_file(str(APP), default_timeout=300)
        dashboard.run()
        dashboard.sidebar.selectbox(key="listener").set_value(username).run()
        dashboard.switch_page(f"views/{file}")
        first, cached = [], []
        for _ in range(repeat):
            st.cache_data.clear()
            started = time.perf_counter()
            dashboard.run()
            first.append(time.perf_counter() - started)
            started = time.perf_counter()
            dashboard.run()
            cached.append(time.perf_counter() - started)
        if dashboard.exception:
            raise SystemExit(f"{title}: {dashboard.exception[0].message}")
        charts = len(dashboard.get("vega_lite_chart"))
        rows.append((title, statistics.median(first), statistics.median(cached), charts))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--warehouse", type=Path, help="A built warehouse (dbt build done).")
    source.add_argument("--plays", type=int, help="Build a warehouse of this many plays first.")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each publish and page.")
    args = parser.parse_args()

    warehouse = args.warehouse if args.warehouse else build_warehouse(args.plays, args.users)
    publish_dir = warehouse.parent / "published"
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        plays = connection.execute("select count(*) from marts.fact_plays").fetchone()[0]
        marts = connection.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts' "
            "and table_catalog = current_database()"
        ).fetchone()[0]
    publishes = time_publish(warehouse, args.repeat)
    size = sum(path.stat().st_size for path in publish_dir.iterdir() if path.is_file())
    username, user_plays = busiest_listener(publish_dir)
    pages = time_pages(publish_dir, username, args.repeat)

    print(f"\nwarehouse {warehouse}: {plays:,} plays in marts.fact_plays, {marts} marts")
    print(
        f"publish (marts.duckdb + {marts} Parquet files, {size / 1e6:,.0f} MB): best "
        f"{min(publishes):.1f} s, median {statistics.median(publishes):.1f} s "
        f"of {len(publishes)}"
    )
    print(f"\npages for {username} ({user_plays:,} plays), whole history:")
    print(f"{'page':18} {'first render s':>15} {'cached s':>9} {'charts':>7}")
    for title, first, cached, charts in pages:
        print(f"{title:18} {first:15.2f} {cached:9.2f} {charts:7d}")


if __name__ == "__main__":
    main()
