"""Printing with the progress charts: the Utvecklingsplan with its "Utveckling" section
and the largest kartläggning, each beside a baseline measured in the same run.

    cd /work/main && .venv/bin/python benchmarks/bench_print.py [--quick] [--markdown]
    .venv/bin/python benchmarks/bench_print.py --from-json --markdown   # reprint the last run

Figures (medians of interleaved rounds, ABBA order):
  utvecklingsplan  what "Skriv ut" does for the participant's latest Utvecklingsplan:
            ``storage.prints.content_for`` (the participant header and, now, the
            progress snapshot: the självskattningar, the schema, the follow-ups, the MI
            rulers) + ``printouts.render.render`` (the PDF with the section "Utveckling").
            Baseline: the same document without charts, built as ``content_for`` built
            it before (the participant header only) and rendered by the same code.
  kartlaggning  the largest kartläggning (all twelve areas with long fakta and 14
            hinder and 14 resurser each, five samtal: 30-odd pages) rendered by today's
            printouts vs the printouts of the commit before issue 10 (``--before``,
            default the parent of the first issue-10 commit: no PDF/A, 9.5 pt text),
            each in a child process of its own on the same machine, interleaved. The
            kartläggning prints no charts; the figure is what issue 10's paper side
            (PDF/A, the larger text, the resolved-hinder notes, shaping) costs it: each
            area's fakta and every fourth hinder carry Arabic, Persian, Tigrinya or
            Vietnamese words, shaped by HarfBuzz and reordered by ours, printed unshaped
            (and the Ethiopic as boxes) by the code before.

"Ours" is the code of this copy, uncommitted edits included; to measure a commit, export it
and point ``--repo`` at the checkout (``git archive HEAD | tar -x -C /tmp/x && python
/tmp/x/benchmarks/bench_print.py --repo .``).

The participant is made up (test personnummer 19121212-1212): 8 självskattningar a
quarter apart with the handläggare's view, an arbetsträning stepped 25 → 100 % over six
steps, 24 monthly follow-ups with their extent, three kartläggningar with the MI rulers
(one of them the largest), and the Utvecklingsplan of the last follow-up.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"

SIZES = {"full": {"rounds": 11, "areas_text": 640, "entries": 14, "child_rounds": 5, "child_repeats": 3},
         "quick": {"rounds": 3, "areas_text": 60, "entries": 3, "child_rounds": 1, "child_repeats": 1}}
TARGETS = {"ratio": 1.5}
FIRST_ISSUE_10_COMMIT = "a6b6bd9"  # "Printouts are PDF/A-2b (issue 10, part 4)"
START = date(2025, 1, 13)


# ---- the largest kartläggning, the same in both code bases (only models both have) -----------------

def long_kartlaggning(size: dict, participant_id: str = "bench-participant"):
    """(participant, kartläggning): deterministic, made up, printing on 30-odd pages at full size."""
    import random

    from kartlaggning.models import Participant
    from kartlaggning.models.kartlaggning import GridEntry, Kartlaggning, Samtal
    rng = random.Random(3)
    p = Participant(namn="Bänkrik Märta Testsson", personnummer="191212121212", id=participant_id)
    k = Kartlaggning(participant_id=participant_id, id="bench-kartlaggning", datum=START)
    k.samtal = [Samtal(id=f"bench-samtal-{i}", datum=START + timedelta(days=7 * i)) for i in range(5)]
    words = ("arbete", "hälsa", "stöd", "familj", "boende", "språk", "skola", "ekonomi", "vardag", "nätverk")

    scripts = ("مريم تقول: العمل مهم لي", "ሰላም ገብረ ትሰርሕ", "Đặng Thị Hương", "فاطمه پروین کار می‌کند")

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    def entry(i: int) -> str:  # every fourth entry in another script: shaped, right to left, a fallback font
        return text(25) + (" " + scripts[i // 4 % len(scripts)] if i % 4 == 0 else "")
    for area in k.areas.values():
        area.fakta = text(size["areas_text"]) + " " + scripts[0]
        area.hinder = [GridEntry(entry(i), samtal_id=rng.choice(k.samtal).id) for i in range(size["entries"])]
        area.resurser = [GridEntry(text(25), samtal_id=rng.choice(k.samtal).id) for _ in range(size["entries"])]
    k.motivation.viktighet, k.motivation.tilltro = 6, 3
    return p, k


def child(args) -> int:
    """``--child``: render the largest kartläggning with the package at ``--root``; print JSON."""
    sys.path.insert(0, str(Path(args.root).resolve()))
    import kartlaggning
    from kartlaggning.printouts import kartlaggning_pdf
    from kartlaggning.printouts.samples import sample_header, sample_info
    size = json.loads(args.size)
    participant, k = long_kartlaggning(size)
    header, info = sample_header(), sample_info()
    pdf = kartlaggning_pdf(k, participant, header, info, "Handläggare Bänk")  # warm-up (fonts, styles)
    times = []
    for _ in range(size["child_repeats"]):
        t0 = time.perf_counter_ns()
        pdf = kartlaggning_pdf(k, participant, header, info, "Handläggare Bänk")
        times.append(time.perf_counter_ns() - t0)
    from pypdf import PdfReader
    import io
    print(json.dumps({"ms": [t / 1e6 for t in times], "pages": len(PdfReader(io.BytesIO(pdf)).pages),
                      "bytes": len(pdf), "package": str(Path(kartlaggning.__file__).resolve().parent)}))
    return 0


def before_tree(rev: str, cache: Path, repo: Path = ROOT) -> tuple[Path, str] | None:
    """The ``kartlaggning`` package of ``rev`` in the git checkout ``repo``, extracted (``git
    archive``) into the cache, with the full commit id; None without a checkout."""
    try:
        full = subprocess.run(["git", "-C", str(repo), "rev-parse", rev], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    target = cache / f"print-before-{full[:12]}"
    if not (target / "kartlaggning" / "__init__.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(repo), "archive", full, "kartlaggning"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target, full


def run_child(root: Path, size: dict) -> dict:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "--root", str(root),
                           "--size", json.dumps(size)], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    if done.returncode != 0:
        raise RuntimeError(f"the print child for {root} failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if Path(result["package"]) != (root / "kartlaggning").resolve():
        raise RuntimeError(f"the child printed with {result['package']}, not {root}")
    return result


def bench_kartlaggning(size: dict, cache: Path, before: str, log=print, repo: Path = ROOT) -> dict | None:
    found = before_tree(before, cache, repo)
    if found is None:
        log("no git checkout: the kartläggning figure needs the code before issue 10, skipped")
        return None
    old_root, full = found
    arms = {"ours": ROOT, "baseline": old_root}
    samples: dict[str, list[float]] = {"ours": [], "baseline": []}
    info: dict[str, dict] = {}
    for i in range(size["child_rounds"]):
        for name in (("ours", "baseline") if i % 2 == 0 else ("baseline", "ours")):
            r = run_child(arms[name], size)
            samples[name] += r["ms"]
            info[name] = {"pages": r["pages"], "bytes": r["bytes"]}
    return {"before": full, "ours": _summary(samples["ours"]) | info["ours"],
            "baseline": _summary(samples["baseline"]) | info["baseline"]}


# ---- the Utvecklingsplan with and without its charts ----------------------------------------------

def progress_vault(path: Path, size: dict):
    """A vault with one participant who has everything the charts draw (see the module doc)."""
    from kartlaggning.models.areas import AREA_KEYS
    from kartlaggning.models.kartlaggning import Kartlaggning, Samtal
    from kartlaggning.models.method import Arbetstraning, SchemaSteg, Uppfoljning
    from kartlaggning.models.plans import UppfoljningRad, Utvecklingsplan
    from kartlaggning.models.selfrating import Sjalvskattning
    from kartlaggning.storage import Vault

    import common
    vault, _key = Vault.create(path, common.PASSPHRASE)
    repo = vault.repo
    participant, big = long_kartlaggning(size)
    participant.id = big.participant_id
    repo.save_participant(participant)
    pid = participant.id
    repo.save_kartlaggning(big)
    for n in (1, 2):  # two later, smaller kartläggningar with the MI rulers
        day = START + timedelta(days=240 * n)
        k = Kartlaggning(participant_id=pid, datum=day, samtal=[Samtal(datum=day)])
        k.motivation.viktighet, k.motivation.tilltro = 6 + 2 * n, 3 + 2 * n
        repo.save_kartlaggning(k)
    training = Arbetstraning(participant_id=pid, datum=START + timedelta(days=40), arbetsplats="Återbruket",
                             schema=[SchemaSteg(START + timedelta(days=40 + 90 * i), pct)
                                     for i, pct in enumerate((25, 40, 50, 60, 75, 100))])
    repo.save_document(training)
    for m in range(24):
        repo.save_document(Uppfoljning(participant_id=pid, datum=START + timedelta(days=60 + 30 * m),
                                       arbetstraning_id=training.id, faktisk_procent=min(100, 25 + 3 * m)))
    for q in range(8):
        r = Sjalvskattning(participant_id=pid, datum=START + timedelta(days=91 * q))
        for i, key in enumerate(AREA_KEYS):
            r.rating(key).egen = min(10, 1 + q + i % 3)
            r.rating(key).kommentar = "Det går lite bättre för varje månad."
            r.rating(key).handlaggare = min(10, q + (i + 1) % 3)
        repo.save_document(r)
    day = START + timedelta(days=60 + 30 * 23)
    up = Utvecklingsplan(participant_id=pid, datum=day, utvecklingsomraden="Arbeta hela dagar. Resa själv.",
                         rader=[UppfoljningRad(day, "Arbeta hela dagar")], mitt_ansvar="Jag tar bussen.",
                         ame_ansvar="AME ordnar busskort.")
    repo.save_document(up)
    return vault, up


def bench_utvecklingsplan(size: dict, work: Path) -> dict:
    import dataclasses

    from kartlaggning.models.printed import UTVECKLINGSPLAN, PrintContent, printed_participant
    from kartlaggning.printouts import samples
    from kartlaggning.printouts.render import print_info, render
    from kartlaggning.storage import prints as pr

    from common import interleaved, summary_ms
    vault, up = progress_vault(work / "progress.kvault", size)
    repo = vault.repo
    header = samples.sample_header()
    info = print_info(1, up.datum, "1a2b3c4d")
    parts: dict[str, list[int]] = {"ours_content": [], "baseline_content": []}
    pdfs: dict[str, bytes] = {}

    def ours(_i):
        t0 = time.perf_counter_ns()
        content = pr.content_for(repo, UTVECKLINGSPLAN, up)
        parts["ours_content"].append(time.perf_counter_ns() - t0)
        pdfs["ours"] = render(content, header, info)

    def baseline(_i):  # content_for as it was: the participant header, no progress
        t0 = time.perf_counter_ns()
        content = PrintContent(UTVECKLINGSPLAN, up, printed_participant(repo.get_participant(up.participant_id)))
        parts["baseline_content"].append(time.perf_counter_ns() - t0)
        pdfs["baseline"] = render(content, header, info)

    first: dict[str, object] = {}

    def ours_first(_i):  # the preview's first look (``first_pages=1``): the form's page
        render(pr.content_for(repo, UTVECKLINGSPLAN, up), header, info, first_pages=1)

    def baseline_first(_i):
        content = PrintContent(UTVECKLINGSPLAN, up, printed_participant(repo.get_participant(up.participant_id)))
        render(content, header, info, first_pages=1)

    try:
        ours_ns, base_ns = interleaved(ours, baseline, iterations=size["rounds"], warmup=2)
        first["ours"], first["baseline"] = interleaved(ours_first, baseline_first, iterations=size["rounds"],
                                                       warmup=1)
        content = pr.content_for(repo, UTVECKLINGSPLAN, up)
        progress = content.progress
        snapshot_kb = len(content.to_json().encode()) / 1024
        without_kb = len(dataclasses.replace(content, progress=None).to_json().encode()) / 1024
    finally:
        vault.close()
    from pypdf import PdfReader
    import io
    warm = 2  # interleaved's warm-up calls also ran the arms
    return {"ours": summary_ms(ours_ns), "baseline": summary_ms(base_ns),
            "ours_content": summary_ms(parts["ours_content"][warm:]),
            "baseline_content": summary_ms(parts["baseline_content"][warm:]),
            "ours_first_page": summary_ms(first["ours"]), "baseline_first_page": summary_ms(first["baseline"]),
            "ours_pages": len(PdfReader(io.BytesIO(pdfs["ours"])).pages),
            "baseline_pages": len(PdfReader(io.BytesIO(pdfs["baseline"])).pages),
            "layers": len(progress.layers), "follow_ups": len(progress.actual), "mi": len(progress.mi),
            "snapshot_kb": snapshot_kb, "snapshot_without_kb": without_kb}


def _summary(ms: list[float]) -> dict:
    return {"n": len(ms), "median_ms": statistics.median(ms), "min_ms": min(ms), "max_ms": max(ms)}


# ---- tables ------------------------------------------------------------------------------------------

def table_rows(results: dict) -> list[dict]:
    rows = []
    u = results.get("utvecklingsplan")
    if u:
        ratio = u["ours"]["median_ms"] / u["baseline"]["median_ms"]
        rows.append({"figure": f"Print the Utvecklingsplan ({u['layers']} självskattningar, {u['follow_ups']} "
                               "follow-ups, MI), content + PDF, median",
                     "ours": f"{u['ours']['median_ms']:.0f} ms ({u['ours_pages']} pages, with charts)",
                     "baseline": f"{u['baseline']['median_ms']:.0f} ms ({u['baseline_pages']} page(s), without)",
                     "ratio": f"{ratio:.2f}×", "target": "", "result": "—"})
        per_page = (u["ours"]["median_ms"] / u["ours_pages"]) / (u["baseline"]["median_ms"] / u["baseline_pages"])
        rows.append({"figure": "the same, per printed page (the charts add pages: the time they cost a page)",
                     "ours": f"{u['ours']['median_ms'] / u['ours_pages']:.0f} ms",
                     "baseline": f"{u['baseline']['median_ms'] / u['baseline_pages']:.0f} ms",
                     "ratio": f"{per_page:.2f}×", "target": f"≤ {TARGETS['ratio']}×",
                     "result": "pass" if per_page <= TARGETS["ratio"] else "FAIL"})
        first = u["ours_first_page"]["median_ms"] / u["baseline_first_page"]["median_ms"]
        rows.append({"figure": "The Utvecklingsplan's first preview page (first_pages=1), median",
                     "ours": f"{u['ours_first_page']['median_ms']:.0f} ms",
                     "baseline": f"{u['baseline_first_page']['median_ms']:.0f} ms", "ratio": f"{first:.2f}×",
                     "target": "", "result": "—"})
        rows.append({"figure": "of which the print content (content_for), median",
                     "ours": f"{u['ours_content']['median_ms']:.1f} ms",
                     "baseline": f"{u['baseline_content']['median_ms']:.1f} ms", "ratio": "", "target": "",
                     "result": "—"})
    k = results.get("kartlaggning")
    if k:
        ratio = k["ours"]["median_ms"] / k["baseline"]["median_ms"]
        rows.append({"figure": "Print the largest kartläggning (PDF), median",
                     "ours": f"{k['ours']['median_ms']:.0f} ms ({k['ours']['pages']} pages, today)",
                     "baseline": f"{k['baseline']['median_ms']:.0f} ms ({k['baseline']['pages']} pages, "
                                 f"{k['before'][:7]}, before issue 10)",
                     "ratio": f"{ratio:.2f}×", "target": f"≤ {TARGETS['ratio']}×",
                     "result": "pass" if ratio <= TARGETS["ratio"] else "FAIL"})
        ours_page = k["ours"]["median_ms"] / k["ours"]["pages"]
        base_page = k["baseline"]["median_ms"] / k["baseline"]["pages"]
        rows.append({"figure": "the same, per printed page (11 pt text makes more pages)",
                     "ours": f"{ours_page:.0f} ms", "baseline": f"{base_page:.0f} ms",
                     "ratio": f"{ours_page / base_page:.2f}×", "target": "", "result": "—"})
    return rows


COLUMNS = (("figure", "Figure"), ("ours", "Ours"), ("baseline", "Baseline"), ("ratio", "Ratio"),
           ("target", "Target"), ("result", "Result"))


def format_markdown(rows: list[dict]) -> str:
    out = ["| " + " | ".join(t for _, t in COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    out += ["| " + " | ".join(r[k] for k, _ in COLUMNS) + " |" for r in rows]
    return "\n".join(out)


def format_table(rows: list[dict]) -> str:
    widths = {k: max(len(title), *(len(r[k]) for r in rows)) for k, title in COLUMNS}
    line = lambda cells: "  ".join(str(c).ljust(widths[k]) for (k, _), c in zip(COLUMNS, cells))  # noqa: E731
    return "\n".join([line([t for _, t in COLUMNS]), line(["-" * widths[k] for k, _ in COLUMNS]),
                      *(line([r[k] for k, _ in COLUMNS]) for r in rows)])


BENCHES = ("utvecklingsplan", "kartlaggning")


def run(size: dict, out_dir: Path, only=BENCHES, before: str | None = None, log=print, repo: Path = ROOT) -> dict:
    results: dict = {"config": dict(size), "environment": {"python": platform.python_version(),
                                                           "machine": platform.machine(),
                                                           "cpus": os.cpu_count()}}
    import reportlab
    results["environment"]["reportlab"] = reportlab.Version
    with tempfile.TemporaryDirectory(prefix="bench-print-") as tmp:
        if "utvecklingsplan" in only:
            log("utvecklingsplan …")
            results["utvecklingsplan"] = bench_utvecklingsplan(size, Path(tmp))
        if "kartlaggning" in only:
            log("kartläggning (child processes) …")
            found = bench_kartlaggning(size, out_dir / "cache", before or f"{FIRST_ISSUE_10_COMMIT}^", log, repo)
            if found is not None:
                results["kartlaggning"] = found
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--from-json", action="store_true", help="reprint the last run's figures")
    parser.add_argument("--only", default=",".join(BENCHES))
    parser.add_argument("--before", default=None, help="the commit whose printouts are the kartläggning's baseline")
    parser.add_argument("--repo", type=Path, default=ROOT,
                        help="the git checkout to take --before from (when this copy is an export of a commit)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    out = args.out / ("print-quick.json" if args.quick else "print.json")
    if args.from_json:
        results = json.loads(out.read_text("utf-8"))
    else:
        only = tuple(b.strip() for b in args.only.split(",") if b.strip())
        t0 = time.perf_counter()
        results = run(SIZES["quick" if args.quick else "full"], args.out, only, args.before,
                      log=lambda m: print(m, file=sys.stderr, flush=True), repo=args.repo)
        results["seconds"] = time.perf_counter() - t0
        args.out.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=1), "utf-8")
    rows = table_rows(results)
    print(format_markdown(rows) if args.markdown else format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
