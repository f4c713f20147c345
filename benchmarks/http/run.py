"""HTTP benchmarks S0 and S3: servers on 127.0.0.1, loaded by wrk.

    python -m benchmarks.http.run [--duration 3] [--rounds 5] [--connections 8]
                                  [--scenarios s0,s3] [--json PATH]

S0  ``{"hello": "world"}``: a plain Django view vs ``APIView`` (restwell and
    Django REST framework, default policies in place), under gunicorn (2 sync
    workers) and under uvicorn (2 workers; ``async def`` views, DRF's sync
    view in a thread as Django runs it).
S3  the demo's subdivisions under gunicorn: list (50, country nested),
    detail, create, as a viewset (restwell, DRF) and as plain Django views.

Each implementation is its own server process on a free port; all run for
the whole benchmark, and the endpoints are loaded one at a time, taking turns
round by round so that a change in machine load weighs on all alike. The
ratio to plain Django is taken within each round, then the median over rounds.
Before loading, every endpoint's answer is checked against the plain view's
(status and parsed JSON). Servers are always stopped, also on Ctrl-C.

The load generator is ``wrk`` (Debian package ``wrk``); without it a bounded
Python client (threads, ``http.client``) is used and the output says so: it
saturates a server less, so its figures are lower and only its ratios compare.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from benchmarks.http.client import Sample, python_load

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CREATE_SCRIPT = os.path.join(HERE, "create.lua")
WORKERS = 2
STOP_TIMEOUT = 10.0
START_TIMEOUT = 60.0

IMPLS = ("plain", "restwell", "drf")
IMPL_NAMES = {
    "plain": "plain Django",
    "restwell": "restwell",
    "drf": "Django REST framework",
}


@dataclass
class Endpoint:
    scenario: str
    name: str
    server: str  # "wsgi" or "asgi"
    path: str
    method: str = "GET"


@dataclass
class Server:
    impl: str
    kind: str
    port: int
    proc: subprocess.Popen[bytes]
    log: str

    @property
    def base(self) -> str:
        return "http://127.0.0.1:%d" % self.port


@dataclass
class Row:
    endpoint: Endpoint
    impl: str
    samples: list[Sample] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)


RUNNING: list[Server] = []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(python: str, impl: str, kind: str, db: str, logdir: str) -> Server:
    port = free_port()
    env = dict(
        os.environ,
        BENCH_FRAMEWORK=impl,
        BENCH_DB=db,
        DJANGO_SETTINGS_MODULE="benchmarks.http.settings",
        PYTHONPATH=ROOT,
    )
    bind = "127.0.0.1:%d" % port
    if kind == "wsgi":
        cmd = [python, "-m", "gunicorn", "benchmarks.http.wsgi:application", "--bind", bind,
               "--workers", str(WORKERS), "--worker-class", "sync", "--log-level", "warning"]
    else:
        cmd = [python, "-m", "uvicorn", "benchmarks.http.asgi:application", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(WORKERS), "--log-level", "warning",
               "--no-access-log", "--lifespan", "off"]
    log = os.path.join(logdir, "%s-%s.log" % (impl, kind))
    with open(log, "wb") as out:
        # A session of its own, so stopping it reaches the workers too.
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    server = Server(impl, kind, port, proc, log)
    RUNNING.append(server)
    return server


def wait_ready(server: Server, path: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(server.base + path, timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    with open(server.log, errors="replace") as log:
        tail = log.read()[-3000:]
    raise SystemExit("%s/%s did not start:\n%s" % (server.impl, server.kind, tail))


def stop_all() -> None:
    while RUNNING:
        server = RUNNING.pop()
        if server.proc.poll() is not None:
            continue
        try:
            os.killpg(server.proc.pid, signal.SIGTERM)
            server.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait()
        except ProcessLookupError:
            pass


def _on_signal(signum: int, frame: Any) -> None:
    stop_all()
    raise SystemExit(128 + signum)


def fetch(url: str, method: str = "GET", body: bytes | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Accept", "application/json")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()[:500]


def create_body(code: str) -> bytes:
    # The same payload create.lua and the Python client send.
    return json.dumps(
        {"code": code, "name": "Bench", "type": "Region", "country": "FR", "parent": None}
    ).encode()


def check_answers(endpoints: list[Endpoint], servers: dict[tuple[str, str], Server]) -> None:
    """Every implementation answers each endpoint as the plain view does."""
    for ep in endpoints:
        expected: Any = None
        for impl in IMPLS:
            server = servers.get((impl, ep.server))
            if server is None:
                continue
            if ep.method == "POST":
                status, data = fetch(server.base + ep.path, "POST", create_body("zcheck-" + impl[0]))
                if isinstance(data, dict):
                    data.pop("code", None)
                want_status = 201
            else:
                status, data = fetch(server.base + ep.path)
                want_status = 200
            if status != want_status:
                raise SystemExit("%s %s on %s answered %s: %r" % (ep.method, ep.path, impl, status, data))
            if expected is None:
                expected = data
            elif data != expected:
                raise SystemExit(
                    "%s %s: %s answers differently from plain Django:\n%r\n%r"
                    % (ep.method, ep.path, impl, data, expected)
                )


_WRK_LATENCY = re.compile(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_load(url: str, method: str, duration: float, connections: int, prefix: str) -> Sample:
    cmd = ["wrk", "-t1", "-c%d" % connections, "-d%ds" % max(1, round(duration)), "--latency",
           "-H", "Accept: application/json"]
    if method == "POST":
        cmd += ["-s", CREATE_SCRIPT]
    env = dict(os.environ, BENCH_PREFIX=prefix)
    out = subprocess.run(cmd + [url], capture_output=True, text=True, env=env,
                         timeout=duration + 60, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = {m.group(1): float(m.group(2)) * _UNIT_MS[m.group(3)] for m in _WRK_LATENCY.finditer(out)}
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        # gunicorn's sync workers close every connection; wrk counts some
        # of those closes as read errors, which are not failed requests.
        errors += int(sock.group(1)) + int(sock.group(3)) + int(sock.group(4))
    return Sample(rps, latency.get("50", float("nan")), latency.get("99", float("nan")), errors)


def run(args: argparse.Namespace) -> dict[str, Any]:
    use_wrk = shutil.which("wrk") is not None and not args.python_client
    python = args.python
    have_drf = subprocess.run(
        [python, "-c", "import rest_framework, sys; sys.exit(rest_framework.__name__ != 'rest_framework')"],
        capture_output=True, check=False,
    ).returncode == 0
    impls = [impl for impl in IMPLS if impl != "drf" or have_drf]

    scenarios = set(args.scenarios.split(","))
    endpoints: list[Endpoint] = []
    if "s0" in scenarios:
        endpoints += [Endpoint("S0", "gunicorn", "wsgi", "/s0/hello"),
                      Endpoint("S0", "uvicorn async def", "asgi", "/s0/ahello")]
    if "s3" in scenarios:
        endpoints += [Endpoint("S3", "list 50", "wsgi", "/s3/subdivisions/"),
                      Endpoint("S3", "detail", "wsgi", "/s3/subdivisions/{detail}/"),
                      Endpoint("S3", "create", "wsgi", "/s3/subdivisions/", "POST")]
    kinds = sorted({ep.server for ep in endpoints})

    work = tempfile.mkdtemp(prefix="restwell-bench-http-")
    base_db = os.path.join(work, "base.sqlite3")
    prep = subprocess.run([python, "-m", "benchmarks.http.prepare"], cwd=ROOT, capture_output=True,
                          text=True, env=dict(os.environ, BENCH_DB=base_db, PYTHONPATH=ROOT), check=False)
    if prep.returncode != 0:
        raise SystemExit("could not build the benchmark database:\n" + prep.stderr[-3000:])

    servers: dict[tuple[str, str], Server] = {}
    try:
        for impl in impls:
            db = os.path.join(work, "%s.sqlite3" % impl)  # creates stay in one implementation's copy
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(base_db + suffix):
                    shutil.copy(base_db + suffix, db + suffix)
            for kind in kinds:
                servers[impl, kind] = start_server(python, impl, kind, db, work)
        for server in servers.values():
            wait_ready(server, "/s0/hello")
        if "s3" in scenarios:
            status, listing = fetch(servers["plain", "wsgi"].base + "/s3/subdivisions/")
            detail_code = listing[10]["code"]
            for ep in endpoints:
                ep.path = ep.path.replace("{detail}", detail_code)
        check_answers(endpoints, servers)

        rows = {(ep.path, ep.server, ep.method, impl): Row(ep, impl) for ep in endpoints for impl in impls}
        counter = 0

        def load(ep: Endpoint, impl: str, duration: float) -> Sample:
            nonlocal counter
            counter += 1
            prefix = "z%s%d" % (impl[0], counter)  # lower case: sorts after every ISO code
            url = servers[impl, ep.server].base + ep.path
            if use_wrk:
                return wrk_load(url, ep.method, duration, args.connections, prefix)
            return python_load(url, ep.method, duration, args.connections, prefix, create_body)

        for ep in endpoints:  # warm every worker of every server
            for impl in impls:
                load(ep, impl, 1)
        for round_no in range(args.rounds):
            for ep in endpoints:
                round_samples = {impl: load(ep, impl, args.duration) for impl in impls}
                for impl, sample in round_samples.items():
                    row = rows[ep.path, ep.server, ep.method, impl]
                    row.samples.append(sample)
                    row.ratios.append(sample.rps / round_samples["plain"].rps)
            print("round %d/%d done" % (round_no + 1, args.rounds), file=sys.stderr)
    finally:
        stop_all()
        shutil.rmtree(work, ignore_errors=True)

    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "command": "python -m benchmarks.http.run " + " ".join(sys.argv[1:]),
        "load_generator": "wrk -t1 -c%d -d%ds" % (args.connections, args.duration) if use_wrk
        else "Python client (%d threads, %ds): wrk not found" % (args.connections, args.duration),
        "servers": {"wsgi": "gunicorn, %d sync workers" % WORKERS,
                    "asgi": "uvicorn, %d workers" % WORKERS},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "rounds": args.rounds,
        "rows": [summarize(row) for row in rows.values()],
    }


def summarize(row: Row) -> dict[str, Any]:
    by_rps = sorted(row.samples, key=lambda s: s.rps)
    median = by_rps[len(by_rps) // 2]
    return {
        "scenario": "%s %s" % (row.endpoint.scenario, row.endpoint.name),
        "method": row.endpoint.method,
        "path": row.endpoint.path,
        "impl": row.impl,
        "impl_name": IMPL_NAMES[row.impl],
        "rps": round(statistics.median(s.rps for s in row.samples), 1),
        "p50_ms": round(median.p50_ms, 2),
        "p99_ms": round(median.p99_ms, 2),
        "errors": sum(s.errors for s in row.samples),
        "ratio_to_plain": round(statistics.median(row.ratios), 3),
    }


def print_table(result: dict[str, Any]) -> None:
    print("%s; load: %s; %d rounds" % (result["date"], result["load_generator"], result["rounds"]))
    header = "%-32s %-22s %9s %8s %8s %7s %6s"
    print(header % ("scenario", "implementation", "req/s", "p50 ms", "p99 ms", "×plain", "errors"))
    for row in result["rows"]:
        print("%-32s %-22s %9.0f %8.2f %8.2f %7.2f %6d" % (
            row["scenario"], row["impl_name"], row["rps"], row["p50_ms"],
            row["p99_ms"], row["ratio_to_plain"], row["errors"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds per load run")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--scenarios", default="s0,s3")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter of the servers (needs restwell, gunicorn, uvicorn, pycountry; DRF optional)")
    parser.add_argument("--python-client", action="store_true", help="use the Python client even if wrk is installed")
    parser.add_argument("--json", default=os.path.join(ROOT, "benchmarks", "results-http.json"))
    args = parser.parse_args()
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    if shutil.which("wrk") is None and not args.python_client:
        print("note: wrk not found (Debian: apt-get install wrk); using the bounded Python client,"
              " whose figures are lower than wrk's: compare ratios only.", file=sys.stderr)
    result = run(args)
    print_table(result)
    with open(args.json, "w") as out:
        json.dump(result, out, indent=2)
        out.write("\n")
    print("written to %s" % os.path.relpath(args.json, ROOT))


if __name__ == "__main__":
    main()
