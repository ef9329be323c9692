"""Where a `dbt build` spends its time: a per-node timing table from its `run_results.json`.

    python benchmarks/profile_build.py target/run_results.json [--top 25] [--compare OTHER.json]

Prints the build's wall time, the time summed per kind of node (models by materialization,
data tests, unit tests, seeds), and the slowest nodes with their execution time; with
`--compare`, a second run's time for each of those nodes beside it (e.g. a full build against a
no-op build after it, to see which models still do work when nothing is new). Kept as a tool so
that every change to the models can be judged by it; run_benchmark.py prints the same table for
its full, +2% and no-op builds.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NodeTiming:
    unique_id: str
    kind: str  # model:<materialization>, test, unit_test, seed, ...
    seconds: float
    status: str

    @property
    def name(self) -> str:
        return self.unique_id.split(".", 2)[-1]


def _kind(result: dict, nodes: dict[str, dict]) -> str:
    unique_id = result["unique_id"]
    resource = unique_id.split(".", 1)[0]
    if resource == "model":
        node = nodes.get(unique_id, {})
        materialized = node.get("config", {}).get("materialized", "?")
        return f"model:{materialized}"
    return resource


def read_timings(run_results: Path, manifest: Path | None = None) -> tuple[float, list[NodeTiming]]:
    """The build's elapsed seconds and every node's execution time (from its timing entries)."""
    results = json.loads(run_results.read_text(encoding="utf-8"))
    manifest_path = manifest or run_results.with_name("manifest.json")
    nodes = {}
    if manifest_path.is_file():
        nodes = json.loads(manifest_path.read_text(encoding="utf-8")).get("nodes", {})
    timings = [
        NodeTiming(
            r["unique_id"], _kind(r, nodes), float(r.get("execution_time") or 0.0), r["status"]
        )
        for r in results["results"]
    ]
    return float(results.get("elapsed_time") or 0.0), timings


def format_profile(
    elapsed: float, timings: list[NodeTiming], top: int, other: dict[str, float] | None = None
) -> str:
    totals: dict[str, list[float]] = defaultdict(list)
    for timing in timings:
        totals[timing.kind].append(timing.seconds)
    lines = [f"wall time {elapsed:.1f} s, {len(timings)} nodes (2 threads: node times overlap)"]
    lines.append(f"{'kind':<22} {'nodes':>6} {'seconds':>9}")
    for kind, seconds in sorted(totals.items(), key=lambda item: -sum(item[1])):
        lines.append(f"{kind:<22} {len(seconds):>6} {sum(seconds):>9.2f}")
    lines.append("")
    header = f"{'node':<70} {'kind':<18} {'seconds':>8}"
    if other is not None:
        header += f" {'other run':>10}"
    lines.append(header)
    for timing in sorted(timings, key=lambda t: -t.seconds)[:top]:
        row = f"{timing.name[:70]:<70} {timing.kind:<18} {timing.seconds:>8.2f}"
        if other is not None:
            compared = other.get(timing.unique_id)
            row += f" {compared:>10.2f}" if compared is not None else f" {'-':>10}"
        lines.append(row)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run_results", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--compare", type=Path, help="another run_results.json to show beside")
    args = parser.parse_args()
    elapsed, timings = read_timings(args.run_results)
    other = None
    if args.compare is not None:
        other = {t.unique_id: t.seconds for t in read_timings(args.compare)[1]}
    print(format_profile(elapsed, timings, args.top, other))


if __name__ == "__main__":
    main()
