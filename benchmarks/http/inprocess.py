"""S3 in-process: the cost per request of each S3 endpoint, without a server.

    python -m benchmarks.http.inprocess [--rounds 5] [--requests 300]
    python -m benchmarks.http.inprocess --profile restwell:list [--sort tottime]

The same apps as ``benchmarks.http.run`` (the same settings, URLs, views and
SQLite data), served by Django's own WSGI handler inside one process, so the
figure is the Python cost of a request: no sockets, no server, no load
generator sharing the two cores. Each implementation runs in a process of
its own (the settings pick the framework at import time); the processes take
turns round by round, and a round's figure is the fastest of a few batches
(the least disturbed by other work on the machine). The table shows the
median over rounds and the ratio to plain Django.

``--profile IMPL:ENDPOINT`` runs one endpoint under ``cProfile`` instead and
prints the heaviest functions, to see where an implementation's time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from benchmarks._wsgi import wsgi_environ

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ENDPOINTS = ("list", "detail", "create")
IMPLS = ("plain", "restwell", "drf")
BATCHES = 5


class Worker:
    """One implementation's app, called the way a WSGI server calls it."""

    def __init__(self, detail_code: str, code_prefix: str = "zq") -> None:
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()
        self.detail_path = "/s3/subdivisions/%s/" % detail_code
        # Lower case: created rows sort after every ISO code, out of the list's 50.
        self.codes = ("%s-%d" % (code_prefix, n) for n in itertools.count())

    def request(self, endpoint: str) -> tuple[str, bytes]:
        if endpoint == "list":
            environ = wsgi_environ("GET", "/s3/subdivisions/")
        elif endpoint == "detail":
            environ = wsgi_environ("GET", self.detail_path)
        else:
            from benchmarks.http.run import create_body

            environ = wsgi_environ("POST", "/s3/subdivisions/", create_body(next(self.codes)))
        statuses: list[str] = []

        def start_response(status: str, headers: Any) -> None:
            statuses.append(status)

        response = self.handler(environ, start_response)
        body = b"".join(response)
        response.close()
        return statuses[-1], body

    def batch(self, endpoint: str, n: int) -> float:
        start = time.perf_counter()
        for _ in range(n):
            self.request(endpoint)
        return (time.perf_counter() - start) / n


def _setup(impl: str, db: str) -> None:
    os.environ["BENCH_FRAMEWORK"] = impl
    os.environ["BENCH_DB"] = db
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.http.settings"
    import django

    django.setup()


def _detail_code() -> str:
    from geodata.models import Subdivision

    return Subdivision.objects.order_by("code").values_list("code", flat=True)[10]


def worker_main(impl: str, db: str, requests: int, round_no: int) -> None:
    _setup(impl, db)
    worker = Worker(_detail_code(), "z%d" % round_no)
    result: dict[str, Any] = {}
    for endpoint in ENDPOINTS:
        status, body = worker.request(endpoint)
        if status[:3] not in ("200", "201"):
            raise SystemExit("%s %s answered %s: %r" % (impl, endpoint, status, body[:300]))
        result[endpoint + "_body"] = json.loads(body)
        worker.batch(endpoint, max(1, requests // 5))  # warm-up
    for endpoint in ENDPOINTS:
        result[endpoint] = min(worker.batch(endpoint, max(1, requests // BATCHES)) for _ in range(BATCHES))
    json.dump(result, sys.stdout)


def profile_main(impl: str, endpoint: str, db: str, requests: int, sort: str, limit: int) -> None:
    _setup(impl, db)
    worker = Worker(_detail_code())
    worker.batch(endpoint, 50)
    profiler = cProfile.Profile()
    profiler.enable()
    worker.batch(endpoint, requests)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats(sort).print_stats(limit)


def prepare(python: str, work: str) -> str:
    db = os.path.join(work, "base.sqlite3")
    prep = subprocess.run([python, "-m", "benchmarks.http.prepare"], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, BENCH_DB=db, PYTHONPATH=ROOT), check=False)
    if prep.returncode != 0:
        raise SystemExit("could not build the benchmark database:\n" + prep.stderr[-3000:])
    return db


def copy_db(base: str, impl: str) -> str:
    db = base.replace("base.sqlite3", "%s.sqlite3" % impl)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(base + suffix):
            shutil.copy(base + suffix, db + suffix)
    return db


def _comparable(body: Any, endpoint: str) -> Any:
    if endpoint == "create" and isinstance(body, dict):
        return {key: value for key, value in body.items() if key != "code"}
    return body


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = tempfile.mkdtemp(prefix="restwell-bench-s3-")
    try:
        base = prepare(args.python, work)
        impls = [impl for impl in IMPLS if impl in args.impls.split(",")]
        dbs = {impl: copy_db(base, impl) for impl in impls}
        samples: dict[str, dict[str, list[float]]] = {impl: {ep: [] for ep in ENDPOINTS} for impl in impls}
        expected: dict[str, Any] = {}  # plain Django's answers, which the others must match
        for round_no in range(args.rounds):
            for impl in impls:
                out = subprocess.run(
                    [args.python, "-m", "benchmarks.http.inprocess", "--worker", impl, "--db", dbs[impl],
                     "--requests", str(args.requests), "--round", str(round_no)],
                    cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=ROOT), check=False,
                )
                if out.returncode != 0:
                    raise SystemExit("%s failed:\n%s" % (impl, (out.stderr or out.stdout)[-3000:]))
                result = json.loads(out.stdout)
                for endpoint in ENDPOINTS:
                    samples[impl][endpoint].append(result[endpoint])
                    answer = _comparable(result[endpoint + "_body"], endpoint)
                    expected.setdefault(endpoint, answer)
                    if answer != expected[endpoint]:
                        raise SystemExit("%s %s answers differently from plain Django:\n%r\n%r"
                                         % (impl, endpoint, answer, expected[endpoint]))
            print("round %d/%d done" % (round_no + 1, args.rounds), file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = []
    for endpoint in ENDPOINTS:
        plain = statistics.median(samples["plain"][endpoint])
        for impl in impls:
            cost = statistics.median(samples[impl][endpoint])
            rows.append({"endpoint": endpoint, "impl": impl, "us": round(cost * 1e6, 1),
                         "ratio_to_plain": round(cost / plain, 2)})
    return {"date": time.strftime("%Y-%m-%d %H:%M"), "rounds": args.rounds, "requests": args.requests, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint and round")
    parser.add_argument("--impls", default=",".join(IMPLS))
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--profile", metavar="IMPL:ENDPOINT", help="profile one endpoint instead of timing")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key for --profile")
    parser.add_argument("--limit", type=int, default=40, help="rows printed by --profile")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args.worker, args.db, args.requests, args.round)
        return
    if args.profile:
        impl, _, endpoint = args.profile.partition(":")
        if impl not in IMPLS or endpoint not in ENDPOINTS:
            raise SystemExit("--profile takes IMPL:ENDPOINT, IMPL in %s, ENDPOINT in %s" % (IMPLS, ENDPOINTS))
        work = tempfile.mkdtemp(prefix="restwell-bench-s3-")
        try:
            db = copy_db(prepare(args.python, work), impl)
            profile_main(impl, endpoint, db, args.requests, args.sort, args.limit)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    result = run(args)
    print("%s; in-process (Django's WSGI handler), %d rounds × %d requests" % (
        result["date"], result["rounds"], result["requests"]))
    print("%-8s %-10s %10s %8s" % ("endpoint", "impl", "µs/req", "× plain"))
    for row in result["rows"]:
        print("%-8s %-10s %10.1f %8.2f" % (row["endpoint"], row["impl"], row["us"], row["ratio_to_plain"]))


if __name__ == "__main__":
    main()
