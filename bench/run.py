"""Benchmark runner: `python bench/run.py [--only NAME] [--db sqlite|postgres|both]`.

Each benchmark runs in a child process (a fresh Django set-up per database) on the shared
dataset; results are merged into bench/results.json and bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
RESULTS_JSON = ROOT / "bench" / "results.json"
RESULTS_MD = ROOT / "bench" / "RESULTS.md"
PG_PORT = os.environ.get("BENCH_PG_PORT", "54339")

sys.path.insert(0, str(ROOT))
from bench.benchmarks import BENCHMARKS  # noqa: E402


def database_urls(which: str) -> dict[str, str]:
    urls = {}
    if which in ("sqlite", "both"):
        urls["sqlite"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
    if which in ("postgres", "both"):
        urls["postgresql"] = "postgresql"  # started lazily, see start_postgres
    return urls


def start_postgres() -> str:
    out = subprocess.run(
        [str(ROOT / "scripts" / "pgcluster.sh"), "start", str(WORK / "pg"), PG_PORT],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return out.stdout.strip()


def stop_postgres() -> None:
    subprocess.run([str(ROOT / "scripts" / "pgcluster.sh"), "stop", str(WORK / "pg")], check=False)


def run_child(name: str, database: str, url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SECRET_KEY="bench-only-key", DJANGO_DEBUG="0")
    env["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    env["EKINERJA_FAST_PASSWORDS"] = "1"
    child = subprocess.run(
        [sys.executable, "-m", "bench.child", name, database],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if child.returncode != 0:
        sys.stderr.write(child.stdout[-4000:] + child.stderr[-8000:])
        raise SystemExit(f"benchmark {name} on {database} failed")
    return json.loads(child.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def merge(results: list[dict]) -> list[dict]:
    existing = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else []
    fresh = {(r["name"], r["database"]) for r in results}
    kept = [r for r in existing if (r["name"], r["database"]) not in fresh]
    merged = sorted(kept + results, key=lambda r: (r["name"], r["database"]))
    RESULTS_JSON.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    return merged


def write_markdown(rows: list[dict]) -> None:
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); do not edit by hand.",
        "",
        "| name | database | value | target | met | machine | date | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['database']} | {r['value']:.1f} {r['unit']} | "
            f"{r['target_text']} | {'yes' if r['met'] else 'NO'} | {r['machine']} | "
            f"{r['timestamp'][:16].replace('T', ' ')} UTC | {r.get('notes', '')} |"
        )
    RESULTS_MD.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="run these benchmarks (names separated by commas)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    names = (
        [n.strip() for n in args.only.split(",") if n.strip()] if args.only else list(BENCHMARKS)
    )
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        raise SystemExit(f"unknown benchmark {unknown}; known: {', '.join(BENCHMARKS)}")
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    host = machine()
    for database, url in database_urls(args.db).items():
        if database == "postgresql":
            url = start_postgres()
        try:
            for name in names:
                result = run_child(name, database, url)
                result.update(machine=host, timestamp=datetime.now(UTC).isoformat())
                mark = "OK " if result["met"] else "MISS"
                print(
                    f"[{mark}] {name:<18} {database:<10} "
                    f"{result['value']:>10.1f} {result['unit']:<3}  "
                    f"target {result['target_text']}  {result.get('notes', '')}",
                    flush=True,
                )
                results.append(result)
        finally:
            if database == "postgresql":
                stop_postgres()
    write_markdown(merge(results))
    print(f"wrote {RESULTS_JSON.relative_to(ROOT)} and {RESULTS_MD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
