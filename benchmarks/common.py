"""Shared helpers for the benchmarks: statistics, interleaved timing, peak RSS
of a child process, a deterministic made-up data set and cached vaults.

All people here are invented: names from a fixed list, test personnummer with
a valid check digit (``make_test_number``), texts from a small phrase bank.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, time as clock, timedelta
from pathlib import Path

from kartlaggning.models import (AREA_KEYS, GridEntry, Kartlaggning, Motivationskors, Participant,
                                 ParticipantRecord, Samtal, Sammanstallning)
from kartlaggning.models.personnummer import make_test_number

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
PASSPHRASE = "benchmark lösenord 2024"
DATASET_VERSION = 1  # bump when the generator changes, so cached vaults are rebuilt

# ---- statistics ----------------------------------------------------------------


def percentile(values, p: float) -> float:
    """Linear interpolation between closest ranks (p in 0..100)."""
    data = sorted(values)
    if not data:
        raise ValueError("no data")
    if len(data) == 1:
        return data[0]
    k = (len(data) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def summary_ms(samples_ns) -> dict:
    ms = [s / 1e6 for s in samples_ns]
    return {"n": len(ms), "median_ms": statistics.median(ms), "p95_ms": percentile(ms, 95),
            "min_ms": min(ms), "max_ms": max(ms)}


def interleaved(*arms, iterations: int, warmup: int = 3) -> list[list[int]]:
    """Time each ``arm(i)`` in turn, the order reversed every other round, so all
    arms share the machine's noise. One list of nanoseconds per arm."""
    for i in range(warmup):
        for arm in arms:
            arm(i)
    samples: list[list[int]] = [[] for _ in arms]
    order = list(range(len(arms)))
    for i in range(iterations):
        for k in (order if i % 2 == 0 else order[::-1]):
            t0 = time.perf_counter_ns()
            arms[k](i)
            samples[k].append(time.perf_counter_ns() - t0)
    return samples


# ---- child processes -------------------------------------------------------------


# A small interpreter starts the measured command and reports on it. The peak RSS
# of a child started straight from the benchmark would include the benchmark's own:
# Linux carries the memory high-water mark across fork/vfork + exec.
_MEASURE = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - t0
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"returncode": code, "seconds": seconds,
                  "peak_rss_mb": kb / (1024 * 1024 if sys.platform == "darwin" else 1024)}))
"""


def run_measured(args: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run a command to completion: its peak RSS (MB), wall time and exit code."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], env=env, cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", errors="replace")
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"measuring {args[:3]} failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["stderr"] = done.stderr[-2000:]
    return result


def child_env(**extra: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


# ---- made-up data -------------------------------------------------------------------

FIRST_NAMES = (
    "Anna", "Åsa", "Ängla", "Björn", "Börje", "Erik", "Eva", "Elin", "Fatima", "Mohammed", "Ahmed", "Amina",
    "Zainab", "Johan", "Karin", "Lars", "Maria", "Märta", "Örjan", "Östen", "Sofia", "Sven", "Ulla", "Gösta",
    "Linnéa", "André", "Zoë", "Noor", "Yusuf", "Hodan", "Abdi", "Leila", "Tomás", "Jörgen", "Kerstin", "Mikael",
    "Ingrid", "Per", "Nils", "Hanna", "Oskar", "Ida", "Amir", "Dragana", "Milan", "Aleksandra", "Thi Hoa", "Minh",
)
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jönsson", "Öberg", "Åberg", "Ekström", "Lindén", "Sjögren", "Hassan", "Ali",
    "Mohamed", "Yusuf", "Nguyen", "Kowalski", "Petrović", "Jovanović", "Östlund", "Ågren", "Bergström",
    "Lundqvist", "Hellström", "Nordin", "Åkesson", "Söderberg", "Holm", "Mäkinen", "Abdullahi", "Rahimi",
)
STREETS = ("Storgatan", "Kyrkvägen", "Björkvägen", "Skolgatan", "Ängsvägen", "Järnvägsgatan", "Åvägen")
PHRASES = (
    "Berättar att hälsan har varit ojämn det senaste året.",
    "Sover dåligt i perioder och känner sig trött på förmiddagarna.",
    "Har tidigare arbetat inom lager och städ i flera år.",
    "Tycker om att laga mat och vill gärna arbeta i kök.",
    "Har kontakt med vårdcentralen och en sjukgymnast.",
    "Bor i hyreslägenhet med två barn i skolåldern.",
    "Har körkort men ingen egen bil; åker buss till stan.",
    "Vill förbättra svenskan och läser på SFI två dagar i veckan.",
    "Känner sig stressad av ekonomin och av många myndighetskontakter.",
    "Promenerar varje dag och spelar fotboll med vänner på helgerna.",
    "Säger själv att det är svårt att komma i tid på morgonen.",
    "Har gått gymnasiets vård- och omsorgsprogram utan att ta examen.",
    "Socialsekreteraren och arbetsförmedlaren drar åt samma håll.",
    "Beskriver sig som noggrann, lugn och bra på att lyssna.",
    "Har ont i ryggen vid tunga lyft men klarar lättare uppgifter.",
)
HINDER_TEXTS = ("Ryggont vid tunga lyft", "Svårt med tider på morgonen", "Begränsad svenska i skrift",
                "Oro för ekonomin", "Saknar aktuella referenser", "Trött efter halva dagen",
                "Osäker på datorer", "Svårt att resa långt")
RESURS_TEXTS = ("Noggrann och ansvarsfull", "Erfarenhet av lager", "Tycker om att laga mat", "Har körkort B",
                "Stöttande familj", "Talar tre språk", "Van vid fysiskt arbete", "Bra på att lyssna")


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(PHRASES) for _ in range(rng.randint(low, high)))


def _unique_numbers(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        birth = date(1960, 1, 1) + timedelta(days=rng.randrange(16_000))  # born 1960..2003
        pnr = make_test_number(birth, rng.randrange(1, 1000))
        if pnr not in seen:
            seen.add(pnr)
            out.append(pnr)
    return out


def make_participant(rng: random.Random, pnr: str) -> Participant:
    first = rng.choice(FIRST_NAMES) + (f" {rng.choice(FIRST_NAMES)}" if rng.random() < 0.2 else "")
    last = rng.choice(LAST_NAMES)
    return Participant(namn=f"{first} {last}", personnummer=pnr,
                       adress=f"{rng.choice(STREETS)} {rng.randint(1, 90)}, 123 45 Exempelby",
                       mobil=f"070-{rng.randint(0, 999):03d} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}",
                       epost=f"deltagare{rng.randrange(10**6)}@example.invalid", sprak=rng.choice(("", "arabiska", "somaliska", "svenska")))


def make_record(rng: random.Random, pnr: str, samtal_count: int) -> ParticipantRecord:
    p = make_participant(rng, pnr)
    start = date(2024, 1, 8) + timedelta(days=rng.randrange(300))
    samtal = [Samtal(datum=start + timedelta(weeks=i), start=clock(9, 0), slut=clock(9, rng.randint(30, 59)),
                     anteckning=_text(rng, 1, 3)) for i in range(samtal_count)]
    k = Kartlaggning(participant_id=p.id, datum=start, samtal=samtal,
                     motivation=Motivationskors(mal="Ett arbete på deltid inom kök eller lager.",
                                                bra_for_mig=_text(rng, 1, 2), viktighet=rng.randint(3, 10),
                                                tilltro=rng.randint(2, 9)),
                     sammanstallning=Sammanstallning(text=_text(rng, 2, 4)))
    for key in AREA_KEYS:
        rec = k.areas[key]
        rec.fakta = _text(rng, 1, 4)
        link = lambda: rng.choice(samtal).id if samtal else None  # noqa: E731
        rec.hinder = [GridEntry(rng.choice(HINDER_TEXTS), samtal_id=link()) for _ in range(rng.randint(0, 3))]
        rec.resurser = [GridEntry(rng.choice(RESURS_TEXTS), samtal_id=link()) for _ in range(rng.randint(1, 3))]
    return ParticipantRecord(participant=p, kartlaggningar=[k])


def own_records(n: int, samtal_per_participant: int = 5, seed: int = 1) -> list[ParticipantRecord]:
    rng = random.Random(seed)
    return [make_record(rng, pnr, samtal_per_participant) for pnr in _unique_numbers(rng, n)]


def _demo_bulk_records():
    try:
        from kartlaggning.demo import bulk_records
    except ImportError:
        return None
    return bulk_records


def record_source() -> str:
    """'demo-<hash of demo.py>' or 'own': part of the cache key, so a changed
    generator means a rebuilt vault."""
    if _demo_bulk_records() is None:
        return "own"
    import hashlib
    import kartlaggning.demo
    return "demo-" + hashlib.sha256(Path(kartlaggning.demo.__file__).read_bytes()).hexdigest()[:8]


def records(n: int, samtal_per_participant: int = 5, seed: int = 1) -> list[ParticipantRecord]:
    """``kartlaggning.demo.bulk_records`` when it exists, else our own generator."""
    bulk = _demo_bulk_records()
    if bulk is None:
        return own_records(n, samtal_per_participant, seed)
    return list(bulk(n, samtal_per_participant=samtal_per_participant, seed=seed))


def participants(n: int, seed: int = 2) -> list[Participant]:
    """Participants only (the search benchmark needs no kartläggningar)."""
    rng = random.Random(seed)
    return [make_participant(rng, pnr) for pnr in _unique_numbers(rng, n)]


# ---- vault files ------------------------------------------------------------------

VAULT_SUFFIXES = ("", ".keys", ".anchor")


def copy_vault(src: Path, dst: Path) -> Path:
    """Copy a closed vault, its key file and its anchor (storage/anchor.py)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    for suffix in VAULT_SUFFIXES:
        if Path(f"{src}{suffix}").exists():
            shutil.copyfile(f"{src}{suffix}", f"{dst}{suffix}")
    return dst


def remove_vault(path: Path) -> None:
    for suffix in VAULT_SUFFIXES + ("-wal", "-shm", "-journal", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _usable(path: Path) -> bool:
    """Read-only check (no lock, no audit entry), so the cached file stays as built."""
    from kartlaggning.storage import VaultError, verify_file
    if not (path.is_file() and Path(f"{path}.keys").is_file()):
        return False
    try:
        return verify_file(path, PASSPHRASE) == []
    except VaultError:
        return False


def cached_vault(name: str, build, cache_dir: Path) -> tuple[Path, bool]:
    """``cache_dir/name``, built by ``build(vault)`` inside ONE transaction the first
    time. Built under a temporary name and renamed, so a cut-off build is never
    cached. Returns (path, built_now)."""
    from kartlaggning.storage import Vault
    path = cache_dir / name
    if _usable(path):
        return path, False
    remove_vault(path)
    tmp = cache_dir / f"building-{name}"
    remove_vault(tmp)
    vault, _recovery = Vault.create(tmp, PASSPHRASE)
    try:
        with vault.transaction():
            build(vault)
    finally:
        vault.close()
    for suffix in (".keys", ".anchor", ""):  # the vault last: one without the others is not "usable"
        os.replace(f"{tmp}{suffix}", f"{path}{suffix}")
    Path(f"{tmp}.lock").unlink(missing_ok=True)
    return path, True


def _version_tag() -> str:
    """Schema and generator versions: a cached vault of another schema is rebuilt,
    never migrated (a migration would leave a .bak beside it)."""
    from kartlaggning.storage import schema
    return f"s{schema.CURRENT_VERSION}-v{DATASET_VERSION}"


def main_vault(n: int, samtal: int, cache_dir: Path) -> tuple[Path, str, bool]:
    """A vault of ``n`` participants, each with one kartläggning of ``samtal`` samtal."""
    source = record_source()

    def build(vault):
        for rec in records(n, samtal):
            vault.repo.save_record(rec)
    path, built = cached_vault(f"main-{source}-{n}x{samtal}-{_version_tag()}.kvault", build, cache_dir)
    return path, source, built


def search_vault(n: int, cache_dir: Path) -> tuple[Path, bool]:
    def build(vault):
        for p in participants(n):
            vault.repo.save_participant(p)
    return cached_vault(f"search-{n}-{_version_tag()}.kvault", build, cache_dir)


# ---- the tables every benchmark prints ------------------------------------------------------

COLUMNS = (("figure", "Figure"), ("ours", "Ours"), ("baseline", "Baseline"), ("ratio", "Ratio"),
           ("target", "Target"), ("result", "Result"))


def format_table(rows: list[dict], columns=COLUMNS) -> str:
    """The figures as a plain-text table (each row a dict of the columns' keys)."""
    widths = {k: max(len(title), *(len(r[k]) for r in rows)) for k, title in columns}
    line = lambda cells: "  ".join(str(c).ljust(widths[k]) for (k, _), c in zip(columns, cells))  # noqa: E731
    out = [line([t for _, t in columns]), line(["-" * widths[k] for k, _ in columns])]
    out += [line([r[k] for k, _ in columns]) for r in rows]
    return "\n".join(out)


def format_markdown(rows: list[dict], columns=COLUMNS) -> str:
    """The figures as the README's Markdown table."""
    out = ["| " + " | ".join(t for _, t in columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    out += ["| " + " | ".join(r[k] for k, _ in columns) + " |" for r in rows]
    return "\n".join(out)
