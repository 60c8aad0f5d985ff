"""The print content of every document kind for every demo participant that has one."""
from __future__ import annotations

from datetime import date

from kartlaggning.demo import save_demo
from kartlaggning.models.printed import (ARBETSTRANING, KARTLAGGNING, KOMPETENSKORT, MEDGIVANDE, PARTICIPANT_KINDS,
                                         PLAN, REFERRAL, SLUTDOKUMENTATION, UTVECKLINGSPLAN)
from kartlaggning.services import printing
from kartlaggning.services.records import register_extract

KINDS = (PLAN, UTVECKLINGSPLAN, KARTLAGGNING, KOMPETENSKORT, REFERRAL, MEDGIVANDE, ARBETSTRANING, SLUTDOKUMENTATION)
KIND_VARIANTS = [(kind, variant) for kind in KINDS for variant in printing.variants_for(kind)]
TODAY = date(2026, 11, 30)


def demo_print_contents(path) -> tuple[dict[str, list], object]:
    """({kind: [PrintContent, ...]}, the first participant's register extract), from a demo
    vault made at *path*."""
    from kartlaggning.storage import Vault
    v, _recovery = Vault.create(path, "korrekt häst batteri häftklammer")
    try:
        save_demo(v.repo, today=TODAY)
        found: dict[str, list] = {kind: [] for kind in KINDS}
        people = v.repo.search("")
        for summary in people:
            for kind in KINDS:
                if kind in PARTICIPANT_KINDS:
                    content = printing.participant_content(v.repo, summary.id, kind)
                else:
                    content = printing.latest_content(v.repo, summary.id, kind)
                if content is not None:
                    found[kind].append(content)
        return found, register_extract(v.repo, people[0].id)
    finally:
        v.close()
