"""Serializer benchmarks S1/S2: restwell vs Django REST framework vs hand-written code.

    python benchmarks/run.py [--repeats 15] [--drf-python PATH] [--json PATH]

S1  serialize 1000 books (each with a nested author) to JSON bytes.
S2  validate 1000 create payloads, one serializer per payload, no database.
S2-rel       the same with a primary-key relation: one serializer per payload.
S2-rel-many  the same relation payloads validated as one ``many=True`` list.

Each implementation runs in its own process (DRF from the interpreter given by
``--drf-python`` or ``BENCH_DRF_PYTHON``, a venv with djangorestframework
installed); inside each process the framework and the hand-written baseline
(dicts + orjson, plain checks) run interleaved, so machine load affects both
alike. Ratios are framework median / hand-written median in the same process.
django-ninja runs S1 (a ``Schema`` of the same nested shape, validated and
dumped as a ninja operation does, rendered by ninja's ``JSONRenderer``) when
it is importable in this interpreter.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run_worker(python: str, impl: str, repeats: int) -> dict:
    proc = subprocess.run(
        [python, "-m", "benchmarks._worker", impl, str(repeats)],
        cwd=os.path.dirname(HERE),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{impl} worker failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--drf-python", default=os.environ.get("BENCH_DRF_PYTHON"))
    parser.add_argument("--json", default=os.path.join(HERE, "results.json"))
    args = parser.parse_args()

    runs = [run_worker(sys.executable, "restwell", args.repeats)]
    if importlib.util.find_spec("ninja") is not None:
        runs.append(run_worker(sys.executable, "ninja", args.repeats))
    else:
        print("(django-ninja skipped: not installed in this interpreter)")
    if args.drf_python:
        runs.append(run_worker(args.drf_python, "drf", args.repeats))
    else:
        print("(DRF skipped: pass --drf-python or set BENCH_DRF_PYTHON)")

    rows = []
    for run in runs:
        impl = run["impl"]
        for scenario, result in run["results"].items():
            mine, hand = result[impl], result["hand"]
            rows.append(
                {
                    "scenario": scenario,
                    "impl": impl,
                    "median_ms": round(mine["median_ms"], 2),
                    "hand_ms": round(hand["median_ms"], 2),
                    "ratio_vs_hand": round(mine["median_ms"] / hand["median_ms"], 2),
                    "queries": mine["queries"],
                    "hand_queries": hand["queries"],
                }
            )
    rows.sort(key=lambda row: (row["scenario"], row["impl"]))
    header = f"{'scenario':<12} {'impl':<9} {'median ms':>10} {'hand ms':>9} {'x hand':>7} {'queries':>8} {'hand q':>7}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['scenario']:<12} {row['impl']:<9} {row['median_ms']:>10.2f} {row['hand_ms']:>9.2f} "
            f"{row['ratio_vs_hand']:>7.2f} {row['queries']:>8} {row['hand_queries']:>7}"
        )
    with open(args.json, "w") as fh:
        json.dump({"repeats": args.repeats, "rows": rows}, fh, indent=2)
    print(f"\nwritten: {args.json}")


if __name__ == "__main__":
    main()
