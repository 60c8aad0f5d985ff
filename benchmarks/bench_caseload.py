"""The caseload view ("Att göra") at 10,000 participants: build and first paint,
beside the bare SQL it needs and the bare participant list, in the same run.

    cd /work/main && .venv/bin/python benchmarks/bench_caseload.py [--quick] [--markdown]

Figures (medians of interleaved rounds, ABBA order, every round on a fresh read-only
connection as the window's worker has):
  ours      open the reader + ``services.caseload.build`` (the storage queries and
            the rules) + the view's model and its first paint (``QWidget.grab``,
            offscreen) — what the window does from "refresh" to pixels
  sql       open the reader + the same statements (``storage.caseload.statements``,
            the last one the gallring rule's save stamps), rows fetched, nothing else:
            the bare SQL the view needs (the issue's target: ours ≤ 2×)
  list      ``repo.search("")``, the participant list (on the window's own, warm
            connection), for scale
  update    ``services.caseload.update`` for one participant after an edit (what
            the window does on returning to the list)

The data are made up (``common.records``: demo-like participants with one
kartläggning each, test personnummer), with the stages spread over them:
signed and unsigned plans, arbetsträning with and without follow-ups, withdrawn and
missing consents, referral periods ending, closed participants, a few with six
samtal and a few whose last entry lies six years back (gallring).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import common  # noqa: E402
from common import PASSPHRASE, interleaved, summary_ms  # noqa: E402

SIZES = {"full": {"participants": 10_000, "samtal": 5, "rounds": 9},
         "quick": {"participants": 400, "samtal": 2, "rounds": 3}}
TARGETS = {"ratio": 2.0}
TODAY = date(2026, 1, 15)  # the day the data are about (demo.bulk_records' default)
DATASET_VERSION = 1  # bump when the stages below change, so the cached vault is rebuilt


# ---- data ---------------------------------------------------------------------------------

def add_stages(vault, records) -> None:
    """Save ``records`` with the method's stages spread over them (deterministic by index)."""
    from kartlaggning.models import Samtal
    from kartlaggning.models.method import Arbetstraning, Avslut, SchemaSteg, Uppfoljning, Utfall
    repo = vault.repo
    for i, rec in enumerate(records):
        p = rec.participant
        if i % 29 == 0:
            p.consent.withdrawn = TODAY - timedelta(days=5 + i % 20)
        elif i % 31 == 0:
            p.consent.signed = None
        if i % 3 == 0:
            p.referral.period_from = TODAY - timedelta(days=200)
            p.referral.period_to = TODAY + timedelta(days=i % 120 - 20)
        k = rec.kartlaggningar[0]
        if i % 17 == 0:
            last = k.samtal[-1].datum if k.samtal else TODAY - timedelta(days=30)
            k.samtal.append(Samtal(datum=last + timedelta(days=7)))
        for n, plan in enumerate(rec.planer):
            if i % 8 != 0:
                plan.signerad = plan.upprattad + timedelta(days=n + 1)
        repo.save_record(rec)
        if i % 5 == 1:
            t = Arbetstraning(participant_id=p.id, datum=TODAY - timedelta(days=30 + i % 60),
                              arbetsplats="Provverkstaden", schema=[SchemaSteg(TODAY - timedelta(days=90), 50)])
            repo.save_document(t)
            if i % 10 == 1:
                repo.save_document(Uppfoljning(participant_id=p.id, datum=TODAY - timedelta(days=20),
                                               arbetstraning_id=t.id, faktisk_procent=50,
                                               nasta=TODAY + timedelta(days=i % 40 - 10)))
        if i % 23 == 0:
            repo.save_document(Avslut(participant_id=p.id, datum=TODAY - timedelta(days=10), utfall=Utfall.ARBETE))
    # every 40th participant: last entry six years back (due for gallring)
    old = (TODAY - timedelta(days=6 * 366)).isoformat() + "T09:00:00+00:00"
    ids = [r.participant.id for i, r in enumerate(records) if i % 40 == 7]
    for table, column in (("participants", "id"), ("kartlaggningar", "participant_id"),
                          ("documents", "participant_id")):
        vault.conn.executemany(f"UPDATE {table} SET created = ?, updated = ? WHERE {column} = ?",
                               [(old, old, pid) for pid in ids])


def caseload_vault(n: int, samtal: int, cache_dir: Path) -> tuple[Path, bool]:
    def build(vault):
        add_stages(vault, common.records(n, samtal))
    name = f"caseload-{common.record_source()}-{n}x{samtal}-{common._version_tag()}-c{DATASET_VERSION}.kvault"
    return common.cached_vault(name, build, cache_dir)


# ---- the arms -----------------------------------------------------------------------------

def _app():
    from PySide6.QtWidgets import QApplication
    return QApplication.instance() or QApplication(["bench_caseload"])


def bare_sql(vault) -> int:
    """Open a reader and run the statements the caseload needs; rows fetched, nothing built."""
    from kartlaggning.storage import caseload as store
    reader = store.open_reader(vault)
    try:
        rows = 0
        for sql, args in store.statements():
            rows += len(reader.conn.execute(sql, args).fetchall())
        reader.conn.execute("SELECT value FROM settings WHERE key = 'retention_years'").fetchall()
        return rows
    finally:
        reader.close()


def ours(vault, view) -> int:
    """Open a reader, build the caseload, show it in the view and paint it once."""
    from kartlaggning.services import caseload
    from kartlaggning.storage import caseload as store
    with store.reading_repository(store.open_reader(vault)) as repo:
        result = caseload.build(repo, TODAY)
    view.set_caseload(result)
    view.grab()  # the first paint of what is visible
    return result.total


def run(config: dict, out_dir: Path, log=print) -> dict:
    from kartlaggning.services import caseload
    from kartlaggning.storage import Vault
    from kartlaggning.ui.caseload import CaseloadView
    app = _app()
    cache, work = out_dir / "cache", out_dir / "work-caseload"
    cache.mkdir(parents=True, exist_ok=True)
    if work.exists():
        shutil.rmtree(work)
    t0 = time.perf_counter()
    pristine, built = caseload_vault(config["participants"], config["samtal"], cache)
    log(f"vault {pristine.name}: {'built' if built else 'cached'} in {time.perf_counter() - t0:.1f} s")
    path = common.copy_vault(pristine, work / "caseload.kvault")
    vault = Vault.open(path, PASSPHRASE)
    view = CaseloadView()
    view.resize(520, 700)
    view.show()
    app.processEvents()
    try:
        counts: dict = {}

        def arm_ours(_i):
            counts["items"] = ours(vault, view)

        def arm_sql(_i):
            counts["sql_rows"] = bare_sql(vault)

        def arm_list(_i):
            counts["list_rows"] = len(vault.repo.search(""))

        a, b, c = interleaved(arm_ours, arm_sql, arm_list, iterations=config["rounds"], warmup=1)
        with caseload_repo(vault) as repo:
            full = caseload.build(repo, TODAY)
        pid = vault.conn.execute("SELECT id FROM participants ORDER BY sort_key LIMIT 1 OFFSET 7").fetchone()[0]

        def arm_update(_i):
            with caseload_repo(vault) as repo:
                caseload.update(full, repo, [pid], TODAY)
        (u,) = interleaved(arm_update, iterations=config["rounds"], warmup=1)
        by_kind = {kind: full.count(kind) for kind in caseload.KINDS}
        participants = vault.repo.count()
    finally:
        view.close()
        vault.close()
        shutil.rmtree(work)
    ours_s, sql_s, list_s, update_s = summary_ms(a), summary_ms(b), summary_ms(c), summary_ms(u)
    return {"config": dict(config), "environment": environment(), "participants": participants,
            "items": counts["items"], "by_kind": by_kind, "ours": ours_s, "sql": sql_s, "list": list_s,
            "update": update_s, "ratio_sql": ours_s["median_ms"] / sql_s["median_ms"],
            "ratio_list": ours_s["median_ms"] / list_s["median_ms"], "vault_mb": pristine.stat().st_size / 1e6}


def caseload_repo(vault):
    from kartlaggning.storage import caseload as store
    return store.reading_repository(store.open_reader(vault))


# ---- report -------------------------------------------------------------------------------

def environment() -> dict:
    import sqlcipher3  # noqa: PLC0415 (the versions only)
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "sqlite_in_sqlcipher3": sqlcipher3.sqlite_version, "data_source": common.record_source()}


def table_rows(results: dict) -> list[dict]:
    n = results["participants"]
    ms = lambda v: f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"  # noqa: E731
    o, s, li, u = results["ours"], results["sql"], results["list"], results["update"]
    ok = results["ratio_sql"] <= TARGETS["ratio"]
    return [
        {"figure": f"Att göra, {n:,} participants ({results['items']:,} items): build + first paint, median",
         "ours": ms(o["median_ms"]), "baseline": f"{ms(s['median_ms'])} (bare SQL)",
         "ratio": f"{results['ratio_sql']:.2f}×", "target": "≤ 2×", "result": "pass" if ok else "FAIL"},
        {"figure": f"Att göra, {n:,} participants: build + first paint, p95",
         "ours": ms(o["p95_ms"]), "baseline": f"{ms(s['p95_ms'])} (bare SQL)",
         "ratio": f"{o['p95_ms'] / s['p95_ms']:.2f}×", "target": "", "result": "—"},
        {"figure": f"Att göra beside the participant list ({n:,} rows, repo.search(\"\")), median",
         "ours": ms(o["median_ms"]), "baseline": ms(li["median_ms"]),
         "ratio": f"{results['ratio_list']:.2f}×", "target": "", "result": "—"},
        {"figure": "Att göra after an edit (one participant recomputed), median",
         "ours": ms(u["median_ms"]), "baseline": "", "ratio": "", "target": "", "result": "—"},
    ]


COLUMNS, format_table, format_markdown = common.COLUMNS, common.format_table, common.format_markdown


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a fast check")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--out", type=Path, default=common.OUT, help="cache, work files and caseload.json")
    parser.add_argument("--from-json", action="store_true", help="print the table of the last run; measure nothing")
    args = parser.parse_args(argv)
    size = "quick" if args.quick else "full"
    json_path = args.out / f"caseload{'-quick' if args.quick else ''}.json"
    if args.from_json:
        results = json.loads(json_path.read_text("utf-8"))
    else:
        results = run(dict(SIZES[size]), args.out, log=lambda m: print(m, file=sys.stderr))
        args.out.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    rows = table_rows(results)
    print(format_markdown(rows) if args.markdown else format_table(rows))
    if not args.markdown:
        print(f"\nitems by kind: {results['by_kind']}; vault {results['vault_mb']:.0f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
