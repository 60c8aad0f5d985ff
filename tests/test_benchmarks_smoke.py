"""The benchmark scripts run end to end at a tiny size, so they cannot rot.
No timing is asserted: only that every figure is produced and sane."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench_vault  # noqa: E402
import common  # noqa: E402

from kartlaggning.models import personnummer  # noqa: E402

TINY = {"participants": 6, "samtal": 2, "search_participants": 30, "save_iterations": 4,
        "unlock_repeats": 1, "search_repeats": 1, "export_repeats": 1}


def test_generator_is_deterministic_and_valid():
    first = common.own_records(20, samtal_per_participant=3, seed=7)
    again = common.own_records(20, samtal_per_participant=3, seed=7)
    assert [r.participant.namn for r in first] == [r.participant.namn for r in again]
    numbers = [r.participant.personnummer for r in first]
    assert len(set(numbers)) == 20
    for r in first:
        assert r.errors() == []
        assert personnummer.parse(r.participant.personnummer).digits == r.participant.personnummer
        k = r.kartlaggningar[0]
        samtal_ids = {s.id for s in k.samtal}
        assert len(samtal_ids) == 3
        assert all(a.fakta for a in k.areas.values())
        assert all(e.samtal_id in samtal_ids for a in k.areas.values() for e in a.hinder + a.resurser)


def test_vault_cache_is_reused(tmp_path):
    path, _source, built = common.main_vault(3, 1, tmp_path)
    assert built
    again, _source, built_again = common.main_vault(3, 1, tmp_path)
    assert again == path and not built_again
    assert not list(tmp_path.glob("building-*"))


def test_all_benchmarks_run_at_tiny_size(tmp_path):
    if not bench_vault.cli_available():
        pytest.skip("kartlaggning CLI not present")
    results = bench_vault.run(dict(TINY), tmp_path, log=lambda _m: None)

    save = results["save"]
    assert save["ours"]["n"] == save["baseline"]["n"] == save["same_commit_on_vault_connection"]["n"] == 4
    unlock = results["unlock"]
    assert unlock["rows"] == 6 and unlock["ours"]["n"] == unlock["baseline"]["n"] == 1
    assert {"KeyFile.unlock", "integrity_problems", "Repository.search", "total"} <= set(unlock["breakdown_ms"])
    assert unlock["kdf"]["n"] == unlock["deferred_over_kdf"]["n"] == 1 and unlock["kdf_n"] >= 2**12
    search = results["search"]
    assert search["participants"] == 30
    assert search["ours"]["n"] == search["baseline"]["n"] == search["queries"] > 10
    assert any(search["hits"].values())
    export = results["export"]
    assert export["ours_peak_rss_mb"] > 0 and export["baseline_peak_rss_mb"] > 0 and export["export_mb"] > 0

    rows = bench_vault.table_rows(results)
    assert len(rows) == 12  # the unlock's KDF, its overhead over the KDF (median, p95)
    assert all(r["result"] in ("pass", "FAIL", "—") for r in rows)
    assert bench_vault.format_markdown(rows).count("\n") == len(rows) + 1
    assert not (tmp_path / "work").exists()  # work files (incl. the plaintext baseline) are removed
    assert len(list((tmp_path / "cache").glob("*.kvault"))) == 2


def test_search_baseline_matches_repository(vault):
    """The copied SQL must stay the statement repo.search runs, or the ratio is meaningless."""
    for p in common.participants(12):
        vault.repo.save_participant(p)
    for query in ("", "a", "Å", "öb", "19", "8501"):
        sql, args = bench_vault.search_sql(query)
        bare = [row[0] for row in vault.conn.execute(sql, args)]
        assert bare == [s.id for s in vault.repo.search(query)], query


def test_main_writes_json_and_prints_markdown(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(bench_vault.SIZES, "quick", dict(TINY))
    assert bench_vault.main(["--quick", "--only", "save,search", "--out", str(tmp_path), "--markdown"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("| Figure | Ours | Baseline |")
    data = json.loads((tmp_path / "vault-quick.json").read_text("utf-8"))
    assert set(data) >= {"config", "environment", "save", "search"} and "unlock" not in data
    assert bench_vault.main(["--quick", "--out", str(tmp_path), "--from-json"]) == 0
    assert "Save one grid field" in capsys.readouterr().out


def test_search_scans_the_covering_index(vault):
    """The search figure depends on schema v3's participants_list index: without it
    every search decrypts the whole participants table (~25 ms at 10,000)."""
    for query in ("", "jo", "19850"):
        sql, args = bench_vault.search_sql(query)
        plan = " ".join(str(row[-1]) for row in vault.conn.execute("EXPLAIN QUERY PLAN " + sql, args))
        assert "COVERING INDEX participants_list" in plan and "TEMP B-TREE" not in plan, (query, plan)


def test_the_stall_benchmark_runs_at_tiny_size(qapp, tmp_path):
    """Every figure of bench_stalls is produced; no timing is asserted."""
    import bench_stalls
    size = dict(bench_stalls.SIZES["quick"], rounds=1, areas_text=20, entries=1, backup_participants=3)
    results = bench_stalls.run(size, tmp_path, log=lambda _m: None)
    rows = bench_stalls.table_rows(results)
    assert len(rows) == 5 and all(r["result"] in ("pass", "FAIL") for r in rows)
    assert results["preview"]["pages"] >= 1 and results["preview"]["first_page"]["rounds"] == 1
    for key in ("unlock", "preview", "print", "backup"):
        assert results[key]["ours"]["rounds"] == results[key]["baseline"]["rounds"] == 1
    assert bench_stalls.format_markdown(rows).count("\n") == len(rows) + 1


def test_the_caseload_benchmark_runs_at_tiny_size(qapp, tmp_path, capsys):
    """Every figure of bench_caseload is produced, with something in every kind; no timing
    is asserted. Its baseline is the storage's own statements (storage.caseload.statements)."""
    import bench_caseload
    size = {"participants": 41, "samtal": 5, "rounds": 1}
    results = bench_caseload.run(size, tmp_path, log=lambda _m: None)
    assert results["participants"] == 41
    assert all(results["by_kind"][kind] > 0 for kind in results["by_kind"]), results["by_kind"]
    assert results["items"] == sum(results["by_kind"].values())
    for arm in ("ours", "sql", "list", "update"):
        assert results[arm]["n"] == 1 and results[arm]["median_ms"] > 0
    rows = bench_caseload.table_rows(results)
    assert len(rows) == 4 and all(r["result"] in ("pass", "FAIL", "—") for r in rows)
    assert bench_caseload.format_markdown(rows).count("\n") == len(rows) + 1
    assert not (tmp_path / "work-caseload").exists()
    assert len(list((tmp_path / "cache").glob("caseload-*.kvault"))) == 1
    json_path = tmp_path / "caseload.json"
    json_path.write_text(__import__("json").dumps(results), "utf-8")
    assert bench_caseload.main(["--out", str(tmp_path), "--from-json", "--markdown"]) == 0
    assert "Att göra, 41 participants" in capsys.readouterr().out
