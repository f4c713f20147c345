"""``benchmarks/chart.py``: the figures it plots (drawing needs matplotlib, in .venv-bench)."""

from __future__ import annotations

import json

from benchmarks.chart import http_ratios, load_rows, serializer_ratios


def test_serializer_ratios_put_hand_written_at_one() -> None:
    rows = [
        {"scenario": "S1", "impl": "restwell", "median_ms": 9.2, "hand_ms": 2.8, "ratio_vs_hand": 3.28},
        {"scenario": "S1", "impl": "drf", "median_ms": 33.3, "hand_ms": 4.1, "ratio_vs_hand": 8.18},
        {"scenario": "S2", "impl": "restwell", "median_ms": 36.6, "hand_ms": 2.7, "ratio_vs_hand": 13.67},
    ]
    assert serializer_ratios(rows) == {
        "S1": {"hand": 1.0, "restwell": 3.28, "drf": 8.18},
        "S2": {"hand": 1.0, "restwell": 13.67},
    }


def test_http_ratios_divide_by_the_plain_django_rate() -> None:
    rows = [
        {"scenario": "S3-list", "impl": "django", "req_s": 800.0, "p50_ms": 2.0},
        {"scenario": "S3-list", "impl": "restwell", "req_s": 760.0},
        {"scenario": "S3-list", "impl": "drf", "rps": 320.0},
        {"scenario": "S0", "impl": "restwell", "req_s": 5000.0},  # no baseline: left out
    ]
    assert http_ratios(rows) == {"S3-list": {"plain": 1.0, "restwell": 0.95, "drf": 0.4}}


def test_a_missing_results_file_gives_no_rows(tmp_path) -> None:
    assert load_rows(str(tmp_path / "results-http.json")) == []
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"repeats": 3, "rows": [{"scenario": "S1"}]}))
    assert load_rows(str(path)) == [{"scenario": "S1"}]


def test_http_ratios_prefer_the_benchmarks_own_ratio() -> None:
    rows = [
        {"scenario": "S3 list", "impl": "plain", "rps": 400.0, "ratio_to_plain": 1.0},
        {"scenario": "S3 list", "impl": "restwell", "rps": 600.0, "ratio_to_plain": 0.93},
    ]
    assert http_ratios(rows) == {"S3 list": {"plain": 1.0, "restwell": 0.93}}
