"""Benchmark the pipeline on generated exports: prints figures, it is not a test.

    /work/venv/bin/python benchmarks/run_benchmark.py [--plays 1000000] [--users 10] [--keep]

Steps, each timed in its own child process (peak RSS from os.wait4 of that child):
1. generate PLAYS plays of USERS users (`python -m fetchers generate`, mixed generations,
   several files per user, overlapping re-exports);
2. the floor: a bare DuckDB `read_json` scan of the same files (count and sum of ms_played),
   and one that parses every exported column;
3. `python -m fetchers ingest` per user (--user, --timezone) into a fresh warehouse, and the
   ratio of its time (every call, process starts included) to the bare scan's;
4. synthetic tag evidence for the played tracks (synthetic_evidence.py), so the genre and mood
   models do their work (`--no-evidence` skips it);
5. a full `dbt build` on that warehouse (own target and log paths), with its per-node profile;
6. `--more` percent more plays (default 2): a later export of the same users, generated and
   ingested, then `dbt build` again (incremental), and once more with nothing new; each with its
   profile, and the ratios to the full build that issue 12 sets targets for.
A failing step is reported with its error and the remaining steps still run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR / "benchmarks"))
from profile_build import format_profile, read_timings  # noqa: E402  (a script beside this one)

PYTHON = sys.executable
DBT = (
    str(Path(PYTHON).with_name("dbt"))
    if Path(PYTHON).with_name("dbt").exists()
    else shutil.which("dbt") or "dbt"
)

# The floor: DuckDB reading the same files with nothing else to do, in two ways: only the
# columns a count needs (the bare scan), and every exported column (what a loader must parse);
# prints one JSON line.
SCAN_SCRIPT = """
import json, resource, sys, time, duckdb
from fetchers.ingest.formats import ACCOUNT_FIELDS, EXTENDED_FIELDS
from fetchers.ingest.read import columns_literal
extended, account = json.load(open(sys.argv[1]))
con = duckdb.connect()
def scan(files, columns, measures):
    if not files:
        return [0, 0]
    sql = f"select {measures} from read_json(?, format='array', columns={columns})"
    return list(con.execute(sql, [files]).fetchone())
def every(fields):
    return "count(*), " + " + ".join(f'count("{f.key}")' for f in fields)
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
started, cpu_started = time.perf_counter(), cpu()
rows, ms = [a + b for a, b in zip(
    scan(extended, "{'ts': 'VARCHAR', 'ms_played': 'BIGINT'}", "count(*), sum(ms_played)"),
    scan(account, "{'endTime': 'VARCHAR', 'msPlayed': 'BIGINT'}", 'count(*), sum("msPlayed")'),
)]
narrow, narrow_cpu = time.perf_counter() - started, cpu() - cpu_started
started, cpu_started = time.perf_counter(), cpu()
scan(extended, columns_literal(EXTENDED_FIELDS), every(EXTENDED_FIELDS))
scan(account, columns_literal(ACCOUNT_FIELDS), every(ACCOUNT_FIELDS))
full, full_cpu = time.perf_counter() - started, cpu() - cpu_started
limit = con.execute("select current_setting('memory_limit')").fetchone()[0]
print(json.dumps({"rows": rows, "ms_played": ms, "seconds": narrow, "all_columns_seconds": full,
                  "cpu_seconds": narrow_cpu, "all_columns_cpu_seconds": full_cpu,
                  "memory_limit": limit}))
"""


@dataclass
class Step:
    name: str
    ok: bool = False
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    figures: dict[str, object] = field(default_factory=dict)
    error: str | None = None
    cpu_seconds: float = 0.0  # user + system CPU of its child processes (comparable under load)
    profile: str | None = None  # a dbt build's per-node timing table


def run_child(
    args: list[str], *, env: dict[str, str] | None = None, log: Path, step: Step | None = None
) -> tuple[int, float, float, str]:
    """Run one child process: (exit code, wall seconds, peak RSS in MB, its output); its CPU
    seconds are added to `step` when given."""
    started = time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen(
            args, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if step is not None:
        step.cpu_seconds += usage.ru_utime + usage.ru_stime
    return child.returncode, seconds, usage.ru_maxrss / 1024, log.read_text(errors="replace")


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def step_generate(work: Path, args: argparse.Namespace) -> tuple[Step, dict | None]:
    step = Step("generate")
    manifest_path = work / "manifest.json"
    command = [
        PYTHON, "-m", "fetchers", "generate", str(work / "exports"),
        "--users", str(args.users), "--plays", str(args.plays), "--seed", str(args.seed),
        "--workers", str(args.workers), "--rows-per-file", str(args.rows_per_file),
        "--format", "endsong_era", "--format", "2025", "--format", "2024",
        "--format", "account_data", "--manifest", str(manifest_path),
    ]  # fmt: skip
    code, step.seconds, step.peak_rss_mb, output = run_child(command, log=work / "generate.log")
    if code != 0:
        step.error = _tail(output)
        return step, None
    manifest = json.loads(manifest_path.read_text())
    step.ok = True
    history = [f for f in manifest["files"] if f["kind"] in _HISTORY_KINDS]
    step.figures = {
        "distinct_plays": manifest["plays"],
        "rows_written": sum(f["rows"] for f in history),
        "history_files": len(history),
        "bytes": sum((work / "exports" / f["path"]).stat().st_size for f in history),
        "plays_per_s": round(manifest["plays"] / step.seconds),
    }
    return step, manifest


_HISTORY_KINDS = {"audio", "account_music", "account_podcast"}
SCAN_STEP = "duckdb read_json scan (floor)"
FULL_BUILD = "dbt build (full)"
INGEST_STEP = "python -m fetchers ingest"


def step_scan(work: Path, manifest: dict) -> Step:
    step = Step(SCAN_STEP)
    root = work / "exports"
    files = [f for f in manifest["files"] if f["kind"] in _HISTORY_KINDS and not f["member"]]
    extended = [str(root / f["path"]) for f in files if f["kind"] == "audio"]
    account = [str(root / f["path"]) for f in files if f["kind"] != "audio"]
    lists = work / "scan_files.json"
    lists.write_text(json.dumps([extended, account]))
    command = [PYTHON, "-c", SCAN_SCRIPT, str(lists)]
    code, step.seconds, step.peak_rss_mb, output = run_child(command, log=work / "scan.log")
    step.cpu_seconds = 0.0  # the scans' own CPU (below), not the process start
    if code != 0:
        step.error = _tail(output)
        return step
    result = json.loads(output.strip().splitlines()[-1])
    step.ok = True
    step.figures = {
        "rows": result["rows"],
        "scan_seconds": round(result["seconds"], 2),
        "all_columns_seconds": round(result["all_columns_seconds"], 2),
        "scan_cpu_seconds": round(result["cpu_seconds"], 2),
        "all_columns_cpu_seconds": round(result["all_columns_cpu_seconds"], 2),
        "rows_per_s": round(result["rows"] / max(result["seconds"], 1e-9)),
        "duckdb_memory_limit": result["memory_limit"],  # peak RSS is DuckDB's: nothing else runs
    }
    return step


def ingest_against_scan(scan: Step, ingest: Step) -> str | None:
    """The ingest target's line: ingest (every call, process starts included) against the bare
    read_json scan of the same files in the same run (issue 12: at most 2x)."""
    if not (scan.ok and ingest.ok):
        return None
    bare = float(scan.figures["scan_seconds"])  # type: ignore[arg-type]
    every = float(scan.figures["all_columns_seconds"])  # type: ignore[arg-type]
    bare_cpu = float(scan.figures["scan_cpu_seconds"])  # type: ignore[arg-type]
    return (
        f"ingest vs DuckDB's bare read_json: {scan.figures['rows']:,} rows; read_json "
        f"{bare:.2f} s (every column {every:.2f} s); ingest {ingest.seconds:.2f} s in "
        f"{ingest.figures['users']} calls; ratio {ingest.seconds / max(bare, 1e-9):.1f}x "
        f"({ingest.seconds / max(every, 1e-9):.1f}x against every column); CPU seconds "
        f"{bare_cpu:.2f} against {ingest.cpu_seconds:.2f} "
        f"({ingest.cpu_seconds / max(bare_cpu, 1e-9):.1f}x); ingest peak RSS "
        f"{ingest.peak_rss_mb:.0f} MB"
    )


def step_ingest(work: Path, manifest: dict, env: dict[str, str]) -> Step:
    step = Step(INGEST_STEP)
    root = work / "exports"
    failures = []
    for number, user in enumerate(manifest["users"]):
        command = [
            PYTHON, "-m", "fetchers", "ingest",
            *[str(root / p) for p in user["ingest_paths"]],
            "--user", user["username"], "--timezone", user["timezone"],
        ]  # fmt: skip
        log = work / f"ingest_{number}.log"
        code, seconds, rss, output = run_child(command, env=env, log=log, step=step)
        step.seconds += seconds
        step.peak_rss_mb = max(step.peak_rss_mb, rss)
        if code != 0:
            failures.append(f"{user['username']} (exit {code}):\n{_tail(output, 8)}")
    loaded = _warehouse_counts(Path(env["DUCKDB_PATH"]))
    step.ok = not failures
    step.error = "\n".join(failures) or None
    step.figures = {
        "users": len(manifest["users"]),
        "plays_per_s": round(manifest["plays"] / max(step.seconds, 1e-9)),
        **loaded,
        "expected_plays": manifest["plays"],
        "warehouse_mb": round(Path(env["DUCKDB_PATH"]).stat().st_size / 2**20, 1)
        if Path(env["DUCKDB_PATH"]).exists()
        else None,
    }
    return step


def _warehouse_counts(path: Path) -> dict[str, object]:
    import duckdb

    if not path.exists():
        return {"landing_rows": None}
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            extended = con.execute("select count(*) from landing.streaming_history").fetchone()
            account = con.execute("select count(*) from landing.account_history").fetchone()
    except duckdb.Error as error:
        return {"landing_rows": None, "landing_error": str(error).splitlines()[0]}
    return {"landing_rows": (extended[0] if extended else 0) + (account[0] if account else 0)}


def step_evidence(work: Path, env: dict[str, str]) -> Step:
    step = Step("synthetic tag evidence")
    command = [
        PYTHON,
        str(PROJECT_DIR / "benchmarks" / "synthetic_evidence.py"),
        env["DUCKDB_PATH"],
    ]
    code, step.seconds, step.peak_rss_mb, output = run_child(
        command, env=env, log=work / "evidence.log", step=step
    )
    step.ok = code == 0
    if step.ok:
        step.figures = json.loads(output.strip().splitlines()[-1].replace("'", '"'))
    else:
        step.error = _tail(output)
    return step


def step_dbt_profiled(work: Path, env: dict[str, str], name: str, folder: str) -> Step:
    """`dbt build` as `step_dbt`, keeping its run_results.json apart and printing its profile."""
    step = Step(name)
    target = work / folder
    command = [
        DBT, "build", "--profiles-dir", ".", "--project-dir", ".",
        "--target-path", str(target), "--log-path", str(target / "logs"),
    ]  # fmt: skip
    code, step.seconds, step.peak_rss_mb, output = run_child(
        command, env=env, log=work / f"{folder}.log", step=step
    )
    step.ok = code == 0
    summary = [line for line in output.splitlines() if "PASS=" in line]
    step.figures = {"summary": summary[-1].split("Done. ")[-1] if summary else None}
    step.figures.update(_fact_count(Path(env["DUCKDB_PATH"])))
    results = target / "run_results.json"
    if results.is_file():
        elapsed, timings = read_timings(results)
        step.figures["dbt_elapsed"] = round(elapsed, 1)
        step.profile = format_profile(elapsed, timings, top=12)  # type: ignore[attr-defined]
    if code != 0:
        errors = [line for line in output.splitlines() if "ERROR" in line or "FAIL" in line]
        step.error = "\n".join(errors[:15]) or _tail(output)
    return step


def step_more_plays(work: Path, manifest: dict, env: dict[str, str], percent: float) -> Step:
    """A later export of the same users with `percent` % more plays, generated and ingested."""
    import duckdb

    step = Step(f"ingest +{percent:g}% plays")
    with duckdb.connect(env["DUCKDB_PATH"], read_only=True) as con:
        row = con.execute("select max(ts) from landing.streaming_history").fetchone()
    first = (row[0] if row and row[0] else datetime(2025, 1, 1)).date() + timedelta(days=1)
    more = max(1, round(manifest["plays"] * percent / 100))
    out = work / "exports_more"
    users = manifest["users"]
    command = [
        PYTHON, "-m", "fetchers", "generate", str(out), "--users", str(len(users)),
        "--plays", str(more), "--seed", "4242", "--format", "2025", "--no-overlap",
        "--since", first.isoformat(), "--until", (first + timedelta(days=401)).isoformat(),
        "--manifest", str(work / "manifest_more.json"),
        *[part for user in users for part in ("--username", user["username"])],
        *[part for user in users for part in ("--timezone", user["timezone"])],
    ]  # fmt: skip
    code, _seconds, _rss, output = run_child(command, log=work / "generate_more.log")
    if code != 0:
        step.error = _tail(output)
        return step
    extra = json.loads((work / "manifest_more.json").read_text())
    failures = []
    for number, user in enumerate(extra["users"]):
        command = [
            PYTHON, "-m", "fetchers", "ingest", *[str(out / p) for p in user["ingest_paths"]],
            "--user", user["username"],
        ]  # fmt: skip
        code, seconds, rss, output = run_child(
            command, env=env, log=work / f"ingest_more_{number}.log", step=step
        )
        step.seconds += seconds
        step.peak_rss_mb = max(step.peak_rss_mb, rss)
        if code != 0:
            failures.append(_tail(output, 8))
    step.ok = not failures
    step.error = "\n".join(failures) or None
    step.figures = {"plays": extra["plays"], **_warehouse_counts(Path(env["DUCKDB_PATH"]))}
    return step


def _fact_count(path: Path) -> dict[str, object]:
    import duckdb

    try:
        with duckdb.connect(str(path), read_only=True) as con:
            row = con.execute("select count(*) from marts.fact_plays").fetchone()
    except duckdb.Error:
        return {"fact_plays": None}
    return {"fact_plays": row[0] if row else None}


def print_report(steps: list[Step], args: argparse.Namespace, work: Path) -> None:
    print(f"\nbenchmark: {args.plays:,} plays, {args.users} users, seed {args.seed} ({work})")
    print(f"{'step':34} {'ok':>3} {'seconds':>9} {'peak RSS MB':>12}  figures")
    for step in steps:
        figures = ", ".join(f"{k}={v}" for k, v in step.figures.items())
        mark = "yes" if step.ok else "NO"
        print(f"{step.name:34} {mark:>3} {step.seconds:9.1f} {step.peak_rss_mb:12.0f}  {figures}")
    by_name = {step.name: step for step in steps}
    if SCAN_STEP in by_name and INGEST_STEP in by_name:
        line = ingest_against_scan(by_name[SCAN_STEP], by_name[INGEST_STEP])
        if line:
            print(f"\n{line}")
    builds = [step for step in steps if step.name.startswith("dbt build")]
    full = next((step for step in builds if step.name == FULL_BUILD and step.ok), None)
    if full is not None:
        ingest = by_name.get(INGEST_STEP)
        if ingest is not None and ingest.ok:
            print(
                f"ingest + full dbt build: {ingest.seconds + full.seconds:.1f} s "
                f"(ingest {ingest.seconds:.1f} s, build {full.seconds:.1f} s); peak RSS "
                f"{max(ingest.peak_rss_mb, full.peak_rss_mb):.0f} MB"
            )
        for step in builds:
            if step is not full and step.ok:
                share = step.seconds / full.seconds
                print(f"{step.name}: {step.seconds:.1f} s = {share:.0%} of the full build")
    for step in builds:
        if step.profile:
            print(f"\n{step.name}: per-node profile\n{step.profile}")
    for step in steps:
        if step.error:
            print(f"\n{step.name} failed:\n{step.error}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plays", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--rows-per-file", type=int, default=12_000)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    parser.add_argument("--skip-dbt", action="store_true", help="Stop after ingest.")
    parser.add_argument(
        "--no-evidence", action="store_true", help="No synthetic tag evidence (empty genre marts)."
    )
    parser.add_argument(
        "--more", type=float, default=2.0, help="Percent more plays for the incremental build."
    )
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="listening-benchmark-"))
    env = {**os.environ, "DUCKDB_PATH": str(work / "wh.duckdb")}
    steps: list[Step] = []
    try:
        generate, manifest = step_generate(work, args)
        steps.append(generate)
        if manifest is not None:
            builds = (
                *(() if args.no_evidence else (lambda: step_evidence(work, env),)),
                lambda: step_dbt_profiled(work, env, FULL_BUILD, "target_full"),
                lambda: step_more_plays(work, manifest, env, args.more),
                lambda: step_dbt_profiled(work, env, f"dbt build (+{args.more:g}%)", "target_more"),
                lambda: step_dbt_profiled(work, env, "dbt build (nothing new)", "target_noop"),
            )
            for run in (
                lambda: step_scan(work, manifest),
                lambda: step_ingest(work, manifest, env),
                *(() if args.skip_dbt else builds),
            ):
                try:
                    steps.append(run())
                except Exception as error:  # a broken step must not stop the others
                    steps.append(Step("(step crashed)", error=f"{type(error).__name__}: {error}"))
                print(f"  done: {steps[-1].name} ({steps[-1].seconds:.1f} s)", flush=True)
        print_report(steps, args, work)
        if args.json is not None:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            figures = {"args": {k: str(v) for k, v in vars(args).items()}}
            figures["steps"] = [asdict(s) for s in steps]  # type: ignore[assignment]
            args.json.write_text(json.dumps(figures, indent=2) + "\n")
            print(f"\nfigures written to {args.json}")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if steps and all(s.ok for s in steps) else 1


if __name__ == "__main__":
    sys.exit(main())
