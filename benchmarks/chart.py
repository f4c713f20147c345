"""Draw the benchmark results as one PNG for docs/performance.md.

    .venv-bench/bin/python benchmarks/chart.py [--results PATH] [--http PATH] [--out PATH]

Reads ``benchmarks/results.json`` (written by ``benchmarks/run.py``: rows of
``scenario``, ``impl``, ``median_ms``, ``hand_ms``, ``ratio_vs_hand``) and, when
it exists, ``benchmarks/results-http.json`` (rows of ``scenario``, ``impl`` and
``req_s``; the baseline rows have ``impl`` ``"plain"`` or ``"django"``, a plain
Django view).
Writes ``docs/img/performance.png`` with one panel per file:

- serializers (S1, S2…): each implementation's time over hand-written code
  measured in the same process, on a log scale (1 is hand-written; lower is
  better);
- HTTP (S0, S3…): each implementation's requests per second over the plain
  Django view's (1 is plain Django; higher is better).

Needs matplotlib, which ``make bench`` installs into ``.venv-bench``.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Display order, label and colour of each implementation.
IMPLS = {
    "hand": ("hand-written", "#9e9e9e"),
    "plain": ("plain Django", "#9e9e9e"),
    "restwell": ("restwell", "#1b7f5f"),
    "drf": ("Django REST framework", "#b5452f"),
    "ninja": ("django-ninja", "#3a6ea5"),
}


def load_rows(path: str) -> list[dict[str, Any]]:
    """The ``rows`` of a results file, or ``[]`` when the file does not exist."""
    if not os.path.exists(path):
        return []
    with open(path) as fh:
        data = json.load(fh)
    return list(data.get("rows", data) if isinstance(data, dict) else data)


def serializer_ratios(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """``{scenario: {impl: time over hand-written}}``, hand-written being 1."""
    table: dict[str, dict[str, float]] = {}
    for row in rows:
        ratios = table.setdefault(row["scenario"], {"hand": 1.0})
        ratios[row["impl"]] = float(row["ratio_vs_hand"])
    return table


# Names the HTTP benchmark may give the request rate and the plain-Django baseline.
RATE_KEYS = ("req_s", "rps", "requests_per_s")
BASELINE_NAMES = {"plain": "plain", "django": "plain", "plain-django": "plain"}


def http_ratios(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """``{scenario: {impl: req/s over plain Django}}``; scenarios without a plain row are left out."""
    rates: dict[str, dict[str, float]] = {}
    for row in rows:
        rate = next((row[key] for key in RATE_KEYS if key in row), None)
        if rate is None:
            continue
        impl = BASELINE_NAMES.get(row["impl"], row["impl"])
        rates.setdefault(row["scenario"], {})[impl] = float(rate)
    table = {}
    for scenario, by_impl in rates.items():
        plain = by_impl.get("plain")
        if plain:
            table[scenario] = {impl: rate / plain for impl, rate in by_impl.items()}
    # The benchmark's own ratio (the median of each round's ratio, steadier on a
    # noisy machine than a ratio of medians) wins when the rows carry it.
    for row in rows:
        if "ratio_to_plain" in row and row["scenario"] in table:
            impl = BASELINE_NAMES.get(row["impl"], row["impl"])
            table[row["scenario"]][impl] = float(row["ratio_to_plain"])
    return table


def _times(ratio: float) -> str:
    return f"{ratio:.0f}×" if ratio >= 10 else f"{ratio:.2g}×"


def draw_panel(ax: Any, table: dict[str, dict[str, float]], *, log: bool, ylabel: str) -> None:
    """Grouped bars, one group per scenario, centred on the implementations it has."""
    scenarios = list(table)
    width = 0.8 / max(len(by_impl) for by_impl in table.values())
    labelled = set()
    for position, scenario in enumerate(scenarios):
        present = [impl for impl in IMPLS if impl in table[scenario]]
        for index, impl in enumerate(present):
            label, colour = IMPLS[impl]
            height = table[scenario][impl]
            x = position + width * (index - (len(present) - 1) / 2)
            bars = ax.bar(
                [x], [height], width, color=colour, label=None if impl in labelled else label
            )
            labelled.add(impl)
            ax.bar_label(bars, labels=[_times(height)], fontsize=7, padding=2)
    ax.set_xticks(range(len(scenarios)), [name.replace(" ", "\n", 1) for name in scenarios])
    ax.axhline(1.0, color="#555555", linewidth=0.8, linestyle="--")
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(0, ax.get_ylim()[1] * 1.08)  # room for the value labels
    ax.set_ylabel(ylabel)
    ax.legend(
        fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.14),
        ncol=len(labelled),
    )
    ax.spines[["top", "right"]].set_visible(False)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--results", default=os.path.join(HERE, "results.json"))
    parser.add_argument("--http", default=os.path.join(HERE, "results-http.json"))
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "img", "performance.png"))
    args = parser.parse_args()

    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    panels = []
    serializers = serializer_ratios(load_rows(args.results))
    if serializers:
        panels.append(
            (serializers, True, "time ÷ hand-written (log; lower is better)",
             "Serializers: S1 output, S2 validation")
        )
    http = http_ratios(load_rows(args.http))
    if http:
        panels.append(
            (http, False, "req/s ÷ plain Django (higher is better)",
             "HTTP: S0 overhead, S3 demo endpoints")
        )
    if not panels:
        raise SystemExit(f"no results in {args.results} or {args.http}: run `make bench` first")

    fig, axes = plt.subplots(1, len(panels), figsize=(6.5 * len(panels), 4.6), squeeze=False)
    for ax, (table, log, ylabel, title) in zip(axes[0], panels, strict=True):
        draw_panel(ax, table, log=log, ylabel=ylabel)
        ax.set_title(title, fontsize=10)
    fig.tight_layout()
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print(f"wrote {os.path.relpath(args.out, ROOT)}")


if __name__ == "__main__":
    main()
