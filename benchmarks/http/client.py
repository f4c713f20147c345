"""A bounded Python load generator, used when ``wrk`` is not installed.

One thread per connection sends requests back to back for ``duration``
seconds (and at most ``MAX_REQUESTS`` in all), timing each. The GIL and
``http.client`` make it far slower than wrk, so a server is less loaded and
the requests/s are lower; the ratios between implementations still compare.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_REQUESTS = 200_000


@dataclass
class Sample:
    """One load run: requests per second, latency percentiles, failed requests."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def python_load(
    url: str,
    method: str,
    duration: float,
    connections: int,
    prefix: str,
    make_body: Callable[[str], bytes],
) -> Sample:
    """Load ``url`` for ``duration`` seconds from ``connections`` threads."""
    parts = urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + duration
    budget = [MAX_REQUESTS]

    def worker(thread_no: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine: list[float] = []
        count = 0
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            count += 1
            body = make_body("%s-%d-%d" % (prefix, thread_no, count)) if method == "POST" else None
            headers = {"Accept": "application/json"}
            if body is not None:
                headers["Content-Type"] = "application/json"
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = 200 <= response.status < 400
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
            mine.append(time.perf_counter() - start)
            if not ok:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    if not latencies:
        return Sample(0.0, float("nan"), float("nan"), errors[0])

    def percentile(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return Sample(len(latencies) / elapsed, percentile(0.50), percentile(0.99), errors[0])
