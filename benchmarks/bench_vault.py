"""Vault benchmarks: each figure beside a baseline measured in the same run.

    cd /work/main && .venv/bin/python benchmarks/bench_vault.py [--quick] [--markdown]

Figures (see benchmarks/README.md):
  save    one edited grid field (``repo.set_fakta``) vs the same commit on a
          plaintext stdlib-sqlite3 copy with the same pragmas
  unlock  ``Vault.open`` + the first participant list vs a bare ``PRAGMA key``
          (SQLCipher's own KDF) + one query; with the whole-file checks inline and
          on the app's path (``check=False``, checks in a background thread, timed);
          and the passphrase KDF alone (``keys._kdf`` at the key file's N): the app
          path should stay within KDF + 50 ms (each unlock minus the KDF timed inside it)
  search  ``repo.search`` over 10,000 participants vs the same SQL run directly
  export  peak RSS of ``python -m kartlaggning export`` vs a process that only
          opens the vault

The baselines import sqlcipher3 and sqlite3 directly. That is allowed here
because the benchmarks are not the app; the app itself reaches SQLCipher only
through ``kartlaggning.storage``. The data are made up (see common.py).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import platform
import random
import re
import shutil
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `common` and `kartlaggning` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import common  # noqa: E402
from common import PASSPHRASE, interleaved, percentile, run_measured, summary_ms  # noqa: E402

from kartlaggning.storage import Vault, keys  # noqa: E402
from kartlaggning.storage import repository as repository_module  # noqa: E402
from kartlaggning.storage import vault as vault_module  # noqa: E402

import sqlcipher3  # noqa: E402  (baselines only)

SIZES = {
    "full": {"participants": 1000, "samtal": 5, "search_participants": 10_000,
             "save_iterations": 300, "unlock_repeats": 15, "search_repeats": 15, "export_repeats": 3},
    "quick": {"participants": 40, "samtal": 5, "search_participants": 400,
              "save_iterations": 40, "unlock_repeats": 3, "search_repeats": 3, "export_repeats": 1},
}
TARGETS = {"save_ratio": 1.5, "unlock_over_kdf_ms": 50.0, "search_p95_ms": 20.0, "search_ratio": 2.0}


def _sql_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# ---- derived copies of a vault (benchmarks only) ------------------------------------


def export_copy(vault_path: Path, dest: Path, key: str | None) -> Path:
    """A copy of the vault's content via ``ATTACH ... KEY`` + ``sqlcipher_export``:
    ``key=None`` gives a PLAINTEXT file (baseline only, made-up data), otherwise
    one encrypted with SQLCipher's own passphrase KDF."""
    common.remove_vault(dest)
    vault = Vault.open(vault_path, PASSPHRASE)
    try:
        conn = vault.conn
        conn.execute(f"ATTACH DATABASE ? AS copy KEY {_sql_quote(key or '')}", (str(dest),))
        conn.execute("SELECT sqlcipher_export('copy')").fetchall()
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA copy.user_version = {int(version)}")
        conn.execute("DETACH DATABASE copy")
    finally:
        vault.close()
    return dest


def plain_connection(path: Path) -> sqlite3.Connection:
    """stdlib sqlite3 with exactly the vault's connection pragmas."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    for name, value in vault_module.CONNECTION_PRAGMAS:
        conn.execute(f"PRAGMA {name} = {value}").fetchall()
    return conn


# ---- save ---------------------------------------------------------------------------

# The writes of the commit ``repo.set_fakta`` makes: the cell's upsert and
# ``_touch``'s UPDATE of the participant's ``updated`` (its audit entry comes once
# per participant per unlock and is left to the warm-up).
SET_FAKTA_SQL = ("INSERT INTO area_facts (kartlaggning_id, area, fakta) VALUES (?,?,?)"
                 " ON CONFLICT (kartlaggning_id, area) DO UPDATE SET fakta=excluded.fakta")
TOUCH_SQL = "UPDATE participants SET updated = ? WHERE id = ?"


def bench_save(vault_path: Path, work: Path, iterations: int, participants: int = 5) -> dict:
    """``repo.set_fakta`` (the autosave of one grid field: one durable commit) vs
    the same commit (same statements) on a plaintext copy with the same pragmas.

    The edits go to the twelve fakta cells of a few participants, as in a real
    session. A third arm makes the same commit on the vault's own connection,
    which splits the ratio into encryption and our Python layer."""
    plain = export_copy(vault_path, work / "plain-baseline.sqlite", key=None)
    vault = Vault.open(vault_path, PASSPHRASE)
    base = plain_connection(plain)
    try:
        owners = dict(vault.conn.execute(
            "SELECT id, participant_id FROM kartlaggningar ORDER BY id LIMIT ?", (participants,)).fetchall())
        cells = [row for kid in owners for row in vault.conn.execute(
            "SELECT kartlaggning_id, area, fakta FROM area_facts WHERE kartlaggning_id=? ORDER BY area", (kid,))]
        rng = random.Random(3)
        warmup = len(owners)
        firsts = [next(c for c in cells if c[0] == kid) for kid in owners]
        picks = firsts + [rng.choice(cells) for _ in range(iterations)]
        texts = [f"{fakta} Tillägg {i}." for i, (_k, _a, fakta) in enumerate(picks)]

        def ours(i):
            kid, area, _ = picks[i]
            vault.repo.set_fakta(kid, area, texts[i])

        def same_commit(conn, i):
            kid, area, _ = picks[i]
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(SET_FAKTA_SQL, (kid, area, texts[i] + " "))
            conn.execute(TOUCH_SQL, (repository_module._now(), owners[kid]))
            conn.execute("COMMIT")

        a, b, e = interleaved(ours, lambda i: same_commit(base, i), lambda i: same_commit(vault.conn, i),
                              iterations=iterations + warmup, warmup=0)
        a, b, e = a[warmup:], b[warmup:], e[warmup:]  # the first edit of each participant adds an audit entry
        saved = vault.repo.get_kartlaggning(picks[0][0]).areas[picks[0][1]].fakta
        assert saved.startswith(picks[0][2][:20]) and "Tillägg" in saved, "save did not reach the vault"
    finally:
        base.close()
        vault.close()
    common.remove_vault(plain)
    ours_s, base_s, enc_s = summary_ms(a), summary_ms(b), summary_ms(e)
    return {"ours": ours_s, "baseline": base_s, "same_commit_on_vault_connection": enc_s,
            "ratio_median": ours_s["median_ms"] / base_s["median_ms"],
            "ratio_p95": ours_s["p95_ms"] / base_s["p95_ms"],
            "sqlite_versions": {"ours": sqlcipher3.sqlite_version, "baseline": sqlite3.sqlite_version}}


# ---- unlock -------------------------------------------------------------------------

BARE_LIST_SQL = "SELECT id, namn, personnummer FROM participants ORDER BY namn"


@contextlib.contextmanager
def _timed_calls(targets):
    """Temporarily wrap (owner, attribute) callables to record the wall time of each call."""
    spent: dict[str, list[float]] = defaultdict(list)
    saved = []
    for owner, name in targets:
        original = getattr(owner, name)
        label = f"{owner.__name__}.{name}" if isinstance(owner, type) else name

        def wrapper(*args, _original=original, _label=label, **kwargs):
            t0 = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_label].append((time.perf_counter() - t0) * 1000)
        saved.append((owner, name, original))
        setattr(owner, name, wrapper)
    try:
        yield spent
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def unlock_breakdown(vault_path: Path, repeats: int = 5) -> dict:
    """Where the time of one unlock goes (median ms per step), for the README."""
    targets = [(vault_module.KeyFile, "unlock"), (vault_module, "_keyed_connection"),
               (vault_module, "_validating_read"), (vault_module, "_apply_pragmas"),
               (vault_module, "integrity_problems"), (vault_module.AuditLog, "append"),
               (repository_module.Repository, "search")]
    totals = []
    with _timed_calls(targets) as spent:
        for _ in range(repeats):
            t0 = time.perf_counter()
            vault = Vault.open(vault_path, PASSPHRASE)
            vault.repo.search("")
            totals.append((time.perf_counter() - t0) * 1000)
            for pragma in ("quick_check", "cipher_integrity_check"):  # the two halves of integrity_problems
                t0 = time.perf_counter()
                vault.conn.execute(f"PRAGMA {pragma}").fetchall()
                spent[f"{pragma} alone"].append((time.perf_counter() - t0) * 1000)
            vault.close()
    steps = {label: percentile(spent[label], 50) for label in
             ("KeyFile.unlock", "_keyed_connection", "_validating_read", "_apply_pragmas", "integrity_problems",
              "quick_check alone", "cipher_integrity_check alone", "AuditLog.append", "Repository.search")
             if label in spent}
    steps["total"] = percentile(totals, 50)
    return steps


def passphrase_baseline_copy(vault_path: Path, work: Path) -> Path:
    """The vault's content keyed with SQLCipher's own passphrase KDF (the unlock baseline's file)."""
    return export_copy(vault_path, work / "passphrase-baseline.sqlcipher", key=PASSPHRASE)


def bare_unlock(keyed: Path):
    """The unlock baseline: connect + ``PRAGMA key`` + one list query. Returns the
    open connection (closing is not part of the figure) and the row count."""
    conn = sqlcipher3.connect(str(keyed))
    conn.execute(f"PRAGMA key = {_sql_quote(PASSPHRASE)}")
    return conn, len(conn.execute(BARE_LIST_SQL).fetchall())


def background_check_ms(vault_path: Path, repeats: int) -> dict:
    """How long the app's deferred whole-file check (``integrity_check_in_background``:
    quick_check + cipher_integrity_check on a read-only connection) takes."""
    samples = []
    vault = Vault.open(vault_path, PASSPHRASE, check=False)
    try:
        for _ in range(repeats):
            t0 = time.perf_counter_ns()
            check = vault.integrity_check_in_background()
            check.done.wait()
            samples.append(time.perf_counter_ns() - t0)
            assert check.problems == [], check.problems
    finally:
        vault.close()
    return summary_ms(samples)


def bench_unlock(vault_path: Path, work: Path, repeats: int) -> dict:
    """``Vault.open`` + ``repo.search("")`` vs connect + ``PRAGMA key`` (passphrase,
    SQLCipher's default KDF) + one query, on copies of the same content. The
    figure is the time to the first list; closing is not timed on either side.

    Two figures for ours: with the whole-file checks inline (``Vault.open``'s
    default) and the app's path, ``Vault.open(check=False)``, which shows the list
    first and runs the checks in a thread (timed on its own)."""
    keyed = passphrase_baseline_copy(vault_path, work)
    rows = {}
    inside = []  # the KDF's own time within the current arm
    real_kdf = keys._kdf

    def timed_kdf(*args):
        t0 = time.perf_counter_ns()
        try:
            return real_kdf(*args)
        finally:
            inside.append(time.perf_counter_ns() - t0)

    def ours(_i):
        vault = Vault.open(vault_path, PASSPHRASE)
        rows["ours"] = len(vault.repo.search(""))
        ours.opened = vault

    def deferred(_i):
        vault = Vault.open(vault_path, PASSPHRASE, check=False)
        rows["deferred"] = len(vault.repo.search(""))
        deferred.opened = vault

    def baseline(_i):
        baseline.opened, rows["baseline"] = bare_unlock(keyed)

    kdf_n = []

    def kdf(_i):  # the passphrase slot's derivation alone, at the key file's own N
        kdf_n.append(keys.KeyFile.read(vault_path).passphrase_n)
        real_kdf(keys._secret_bytes(PASSPHRASE), bytes(keys.SALT_BYTES), kdf_n[-1])
        kdf.opened = contextlib.nullcontext()
    kdf.opened = None

    arms = ((ours, []), (deferred, []), (kdf, []), (baseline, []))
    overhead = []  # the app path's unlock minus the KDF inside it
    keys._kdf = timed_kdf
    try:
        for i in range(repeats + 1):  # the first round warms the file cache (and re-wraps) and is dropped
            for fn, into in (arms if i % 2 == 0 else arms[::-1]):
                inside.clear()
                t0 = time.perf_counter_ns()
                fn(i)
                elapsed = time.perf_counter_ns() - t0
                if fn is not kdf:
                    fn.opened.close()
                if i:
                    into.append(elapsed)
                    if fn is deferred:
                        overhead.append(elapsed - sum(inside))
    finally:
        keys._kdf = real_kdf
    (_, a), (_, d), (_, k), (_, b) = arms
    assert rows["ours"] == rows["deferred"] == rows["baseline"] > 0, rows
    breakdown = unlock_breakdown(vault_path, repeats=max(1, min(repeats, 5)))
    check = background_check_ms(vault_path, repeats=max(1, min(repeats, 5)))
    common.remove_vault(keyed)
    ours_s, deferred_s, base_s, kdf_s = summary_ms(a), summary_ms(d), summary_ms(b), summary_ms(k)
    without_checks = breakdown["total"] - breakdown.get("integrity_problems", 0.0)
    return {"ours": ours_s, "baseline": base_s, "rows": rows["ours"],
            "deferred": deferred_s, "ratio_deferred": deferred_s["median_ms"] / base_s["median_ms"],
            "kdf": kdf_s, "kdf_n": kdf_n[-1], "deferred_over_kdf": summary_ms(overhead),
            "background_check": check,
            "without_integrity_checks_ms": without_checks,  # an estimate: breakdown total minus the checks
            "ratio_without_integrity_checks": without_checks / base_s["median_ms"],
            "ratio_median": ours_s["median_ms"] / base_s["median_ms"],
            "breakdown_ms": breakdown, "vault_mb": vault_path.stat().st_size / 1e6}


# ---- search -------------------------------------------------------------------------


def search_sql(query: str) -> tuple[str, list]:
    """The statement ``Repository.search`` runs, copied here as the baseline."""
    name_key, like_escape = repository_module.name_key, repository_module._like_escape
    query = (query or "").strip()
    sql = "SELECT id, namn, personnummer, status, updated FROM participants"
    args: list = []
    digits = re.sub(r"[-+\s]", "", query)
    if digits.isdigit():
        sql += " WHERE personnummer LIKE ? ESCAPE '\\' OR substr(personnummer, 3) LIKE ? ESCAPE '\\'"
        args += [digits + "%", digits + "%"]
    elif query:
        key = like_escape(name_key(query))
        sql += " WHERE namn_key LIKE ? ESCAPE '\\' OR namn_key LIKE ? ESCAPE '\\'"
        args += [key + "%", "% " + key + "%"]
    sql += " ORDER BY sort_key, personnummer"
    return sql, args


NAME_QUERIES = ("a", "Å", "e", "jo", "ös", "os", "And", "Öbe", "obe", "kars", "Mäki", "lin", "moh", "ha",
                "Ng", "zoë", "Petr", "karl")


def search_queries(vault) -> list[str]:
    """Name prefixes (1-4 letters, with and without diacritics) and personnummer
    prefixes (4-8 digits) taken from stored numbers, so they find someone."""
    numbers = [r[0] for r in vault.conn.execute("SELECT personnummer FROM participants ORDER BY rowid LIMIT 40")]
    rng = random.Random(4)
    digit_queries = []
    for length in (4, 5, 6, 7, 8):
        pnr = rng.choice(numbers)
        digit_queries.append(pnr[:length])  # 19850312 style
        digit_queries.append(pnr[2:2 + length])  # 850312 style
    return list(NAME_QUERIES) + digit_queries


def bench_search(vault_path: Path, repeats: int) -> dict:
    """``repo.search(q)`` vs the same SQL executed directly on ``vault.conn``."""
    vault = Vault.open(vault_path, PASSPHRASE)
    try:
        queries = search_queries(vault)
        statements = [search_sql(q) for q in queries]
        schedule = [i for _ in range(repeats) for i in range(len(queries))]
        hits = {}

        def ours(i):
            hits[queries[schedule[i]]] = len(vault.repo.search(queries[schedule[i]]))

        def baseline(i):
            sql, args = statements[schedule[i]]
            vault.conn.execute(sql, args).fetchall()

        a, b = interleaved(ours, baseline, iterations=len(schedule), warmup=len(queries))
        participants = vault.repo.count()
    finally:
        vault.close()
    ours_s, base_s = summary_ms(a), summary_ms(b)
    by_kind = {}
    for kind, pick in (("name", lambda q: not q.isdigit()), ("personnummer", str.isdigit)):
        idx = [k for k, i in enumerate(schedule) if pick(queries[i])]
        by_kind[kind] = {"ours_p95_ms": percentile([a[k] / 1e6 for k in idx], 95),
                         "baseline_p95_ms": percentile([b[k] / 1e6 for k in idx], 95)}
    return {"ours": ours_s, "baseline": base_s, "participants": participants, "queries": len(queries),
            "hits": hits, "by_kind": by_kind,
            "ratio_p50": ours_s["median_ms"] / base_s["median_ms"], "ratio_p95": ours_s["p95_ms"] / base_s["p95_ms"]}


# ---- export -------------------------------------------------------------------------

OPEN_ONLY = ("import os, sys\n"
             "from kartlaggning.storage import Vault\n"
             "Vault.open(sys.argv[1], os.environ['KARTLAGGNING_PASSPHRASE']).close()\n")
IMPORT_ONLY = "import kartlaggning.storage, kartlaggning.cli\n"


def cli_available() -> bool:
    package = common.ROOT / "kartlaggning"
    return (package / "__main__.py").is_file() and ((package / "cli").is_dir() or (package / "cli.py").is_file())


def bench_export(vault_path: Path, work: Path, repeats: int) -> dict:
    """Peak RSS of the real CLI export beside a process that only opens the vault."""
    if not cli_available():
        return {"skipped": "kartlaggning CLI not available yet"}
    env = common.child_env(KARTLAGGNING_PASSPHRASE=PASSPHRASE)
    out = work / "export.json"
    runs, opens = [], []
    imports = run_measured([sys.executable, "-c", IMPORT_ONLY], env=env)
    for _ in range(repeats):
        opens.append(run_measured([sys.executable, "-c", OPEN_ONLY, str(vault_path)], env=env))
        if out.is_dir():
            shutil.rmtree(out)
        out.unlink(missing_ok=True)
        run = run_measured([sys.executable, "-m", "kartlaggning", "export", "--vault", str(vault_path),
                            "--out", str(out)], env=env, cwd=common.ROOT)
        if run["returncode"] != 0:
            raise RuntimeError(f"export failed ({run['returncode']}): {run['stderr']}")
        run["bytes"] = (sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) if out.is_dir()
                        else out.stat().st_size)
        runs.append(run)
    for r in opens:
        if r["returncode"] != 0:
            raise RuntimeError(f"open-only baseline failed: {r['stderr']}")
    if out.is_dir():
        shutil.rmtree(out)
    out.unlink(missing_ok=True)
    median = lambda rows, key: percentile([r[key] for r in rows], 50)  # noqa: E731
    ours, base = median(runs, "peak_rss_mb"), median(opens, "peak_rss_mb")
    return {"ours_peak_rss_mb": ours, "baseline_peak_rss_mb": base, "added_mb": ours - base,
            "import_only_peak_rss_mb": imports["peak_rss_mb"],
            "export_seconds": median(runs, "seconds"), "open_only_seconds": median(opens, "seconds"),
            "export_mb": runs[-1]["bytes"] / 1e6, "vault_mb": vault_path.stat().st_size / 1e6}


# ---- report -------------------------------------------------------------------------


def _row(figure, ours, baseline, ratio, target, ok):
    return {"figure": figure, "ours": ours, "baseline": baseline, "ratio": ratio, "target": target,
            "result": "—" if ok is None else ("pass" if ok else "FAIL")}


def table_rows(results: dict) -> list[dict]:
    cfg = results["config"]
    rows = []
    ms = lambda v: f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"  # noqa: E731
    x = lambda v: f"{v:.2f}×"  # noqa: E731
    if "save" in results:
        s = results["save"]
        label = f"Save one grid field ({cfg['participants']:,} × {cfg['samtal']} samtal)"
        rows.append(_row(f"{label}, median", ms(s["ours"]["median_ms"]), ms(s["baseline"]["median_ms"]),
                         x(s["ratio_median"]), "≤ 1.5×", s["ratio_median"] <= TARGETS["save_ratio"]))
        rows.append(_row(f"{label}, p95", ms(s["ours"]["p95_ms"]), ms(s["baseline"]["p95_ms"]),
                         x(s["ratio_p95"]), "≤ 1.5×", s["ratio_p95"] <= TARGETS["save_ratio"]))
    if "unlock" in results:
        u = results["unlock"]
        rows.append(_row(f"Unlock to first participant list ({u['rows']:,} rows), checks inline, median",
                         ms(u["ours"]["median_ms"]), ms(u["baseline"]["median_ms"]), x(u["ratio_median"]), "", None))
        if "deferred" in u:
            rows.append(_row(f"Unlock to first participant list ({u['rows']:,} rows), app path (check deferred), "
                             "median", ms(u["deferred"]["median_ms"]), ms(u["baseline"]["median_ms"]),
                             x(u["ratio_deferred"]), "", None))
        if "kdf" in u:
            rows.append(_row(f"— the passphrase KDF alone (scrypt N=2^{u['kdf_n'].bit_length() - 1}, r=8, p=1), "
                             "median", ms(u["kdf"]["median_ms"]), "", "", "", None))
            over = u["deferred_over_kdf"]
            rows.append(_row("— app-path unlock to the list minus its own KDF, median", ms(over["median_ms"]),
                             "", "", "≤ 50 ms", over["median_ms"] <= TARGETS["unlock_over_kdf_ms"]))
            rows.append(_row("— the same, p95", ms(over["p95_ms"]), "", "", "", None))
            rows.append(_row(f"Background integrity check after unlock ({cfg['participants']:,} participants, "
                             f"{u['vault_mb']:.0f} MB), median", ms(u["background_check"]["median_ms"]),
                             "", "", "", None))
    if "search" in results:
        s = results["search"]
        label = f"Search {s['participants']:,} participants"
        rows.append(_row(f"{label}, p50", ms(s["ours"]["median_ms"]), ms(s["baseline"]["median_ms"]),
                         x(s["ratio_p50"]), "", None))
        ok = s["ours"]["p95_ms"] <= TARGETS["search_p95_ms"] and s["ratio_p95"] <= TARGETS["search_ratio"]
        rows.append(_row(f"{label}, p95", ms(s["ours"]["p95_ms"]), ms(s["baseline"]["p95_ms"]),
                         x(s["ratio_p95"]), "≤ 20 ms and ≤ 2×", ok))
    if "export" in results:
        e = results["export"]
        if "skipped" in e:
            rows.append(_row("Export all participants, peak RSS", "skipped", "", "", "", None))
        else:
            rows.append(_row(f"Export all {cfg['participants']:,} participants, peak RSS",
                             f"{e['ours_peak_rss_mb']:.0f} MB", f"{e['baseline_peak_rss_mb']:.0f} MB (open only)",
                             f"{e['added_mb']:+.1f} MB", "", None))
            rows.append(_row("Export: time, file size", f"{e['export_seconds']:.1f} s, {e['export_mb']:.1f} MB",
                             f"{e['open_only_seconds']:.1f} s (open only)", "", "", None))
    return rows


COLUMNS, format_table, format_markdown = common.COLUMNS, common.format_table, common.format_markdown


def environment() -> dict:
    import os
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "sqlcipher": sqlcipher3.connect(":memory:").execute("PRAGMA cipher_version").fetchone()[0],
            "sqlite_in_sqlcipher3": sqlcipher3.sqlite_version, "sqlite_stdlib": sqlite3.sqlite_version,
            "data_source": common.record_source()}


# ---- main ---------------------------------------------------------------------------

BENCHES = ("save", "unlock", "search", "export")


def run(config: dict, out_dir: Path, only=BENCHES, log=print) -> dict:
    cache, work = out_dir / "cache", out_dir / "work"
    cache.mkdir(parents=True, exist_ok=True)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    results: dict = {"config": dict(config), "environment": environment()}
    if set(only) & {"save", "unlock", "export"}:
        t0 = time.perf_counter()
        pristine, source, built = common.main_vault(config["participants"], config["samtal"], cache)
        log(f"vault {pristine.name}: {'built' if built else 'cached'} in {time.perf_counter() - t0:.1f} s")
        main = common.copy_vault(pristine, work / "main.kvault")  # runs never change the cached file
        results["environment"]["data_source"] = source
    if "save" in only:
        log(f"save: {config['save_iterations']} interleaved commits each …")
        results["save"] = bench_save(main, work, config["save_iterations"])
    if "unlock" in only:
        log(f"unlock: {config['unlock_repeats']} interleaved unlocks each …")
        results["unlock"] = bench_unlock(main, work, config["unlock_repeats"])
    if "search" in only:
        t0 = time.perf_counter()
        pristine_s, built = common.search_vault(config["search_participants"], cache)
        log(f"vault {pristine_s.name}: {'built' if built else 'cached'} in {time.perf_counter() - t0:.1f} s")
        search = common.copy_vault(pristine_s, work / "search.kvault")
        log("search …")
        results["search"] = bench_search(search, config["search_repeats"])
    if "export" in only:
        log("export …")
        results["export"] = bench_export(main, work, config["export_repeats"])
    shutil.rmtree(work)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a fast check")
    parser.add_argument("--markdown", action="store_true", help="print the README table (Markdown)")
    parser.add_argument("--only", default=",".join(BENCHES), help="comma-separated subset of " + ",".join(BENCHES))
    parser.add_argument("--out", type=Path, default=common.OUT, help="cache, work files and vault.json")
    parser.add_argument("--from-json", action="store_true", help="print the table of the last run; measure nothing")
    for key, value in SIZES["full"].items():
        parser.add_argument("--" + key.replace("_", "-"), type=int, default=None, help=f"default {value}")
    args = parser.parse_args(argv)

    result_file = args.out / ("vault-quick.json" if args.quick else "vault.json")
    if args.from_json:
        results = json.loads(result_file.read_text("utf-8"))
    else:
        config = dict(SIZES["quick" if args.quick else "full"])
        for key in config:
            if getattr(args, key) is not None:
                config[key] = getattr(args, key)
        only = tuple(b.strip() for b in args.only.split(",") if b.strip())
        unknown = set(only) - set(BENCHES)
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
        t0 = time.perf_counter()
        results = run(config, args.out, only, log=lambda m: print(m, file=sys.stderr, flush=True))
        results["seconds"] = time.perf_counter() - t0
        result_file.write_text(json.dumps(results, indent=1, ensure_ascii=False), "utf-8")
        print(f"wrote {result_file} ({results['seconds']:.0f} s)", file=sys.stderr)
    rows = table_rows(results)
    print(format_markdown(rows) if args.markdown else format_table(rows))
    if "unlock" in results:
        u = results["unlock"]
        steps = ", ".join(f"{k} {v:.0f}" for k, v in u["breakdown_ms"].items())
        print(f"\nunlock breakdown (median ms): {steps}")
        print(f"unlock without the open-time integrity checks: {u['without_integrity_checks_ms']:.0f} ms"
              f" ({u['ratio_without_integrity_checks']:.2f}× the baseline)")
        if "background_check" in u:
            print(f"the app's background integrity check ({u['vault_mb']:.0f} MB): median"
                  f" {u['background_check']['median_ms']:.0f} ms, after the list is already shown")
    if "save" in results:
        print(f"save, the same commit as bare SQL on the vault's own connection: median"
              f" {results['save']['same_commit_on_vault_connection']['median_ms']:.2f} ms")
    if "export" in results and "skipped" not in results["export"]:
        print(f"export: a process that only imports storage and the CLI peaks at"
              f" {results['export']['import_only_peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
