"""bench/load.py's bookkeeping, without a load: totals, lost and duplicated writes, its imports."""

import sqlite3

import pytest

from conftest import load_bench


@pytest.fixture(scope="module")
def bench_load():
    return load_bench("load")


def kind(requests: int, rps: float, p95: float, errors: list[str]) -> dict:
    return {"requests": requests, "rps": rps, "p95_ms": p95, "errors": len(errors),
            "error_sample": errors}  # fmt: skip


def test_totals_sum_requests_rates_and_errors_and_keep_the_worst_p95(bench_load):
    results = bench_load.with_total(
        {
            "front": kind(100, 50.0, 12.5, []),
            "article": kind(60, 30.0, 20.0, []),
            "search": kind(40, 20.5, 80.0, ["500 /x/"]),
            "feed": kind(10, 5.0, 9.0, []),
        }
    )
    assert results["all"] == {
        "requests": 210,
        "rps": 105.5,
        "p95_ms": 80.0,
        "errors": 1,
        "error_sample": ["500 /x/"],
    }
    rows = bench_load.table(results, results).splitlines()
    assert rows[-1] == "| all | 105.5 | 105.5 | 1.00 | 80.0 | 80.0 | 1 + 1 |"


def test_lost_and_duplicated_writes_are_counted_from_the_database(
    bench_load, tmp_path, monkeypatch
):
    db = tmp_path / "load.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE articles_article (url TEXT, source_id INT, guid TEXT)")
        conn.execute("CREATE TABLE ingest_itemerror (url TEXT)")
        conn.executemany(
            "INSERT INTO articles_article VALUES (?, ?, ?)",
            [("http://p/a", 1, "a"), ("http://p/b", 1, "b"), ("http://p/b", 1, "b")],
        )
        conn.execute("INSERT INTO ingest_itemerror VALUES ('http://p/d')")
    monkeypatch.setattr(bench_load, "DB", db)

    writes = bench_load.stored_check({"http://p/a", "http://p/b", "http://p/c"})

    assert writes == {
        "served_by_partner": 3,
        "stored": 3,
        "lost": 1,  # c
        "duplicates_by_url": 1,  # b twice
        "duplicates_by_guid": 1,
        "item_errors": 1,
        "integrity_ok": 1,
    }


def test_the_load_helpers_it_borrows_from_bench_site_are_there(bench_load):
    borrowed = bench_load.bench_site()
    assert callable(borrowed._phase) and callable(borrowed.free_port)
    assert len(borrowed.QUERIES) >= 10


def test_a_figure_that_could_not_be_taken_is_null_not_nan(bench_load):
    assert bench_load.finite({"front": {"rps": 1.5, "cpu": float("nan")}}) == {
        "front": {"rps": 1.5, "cpu": None}
    }
