"""A participant's whole record: exported (the register extract's data), deleted."""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from .. import exchange

# Writes the JSON chunks somewhere and returns (size, sha256 hex digest).
ChunkWriter = Callable[[Iterator[str]], tuple[int, str]]


def export(repo, participant_ids: Iterable[str], write: ChunkWriter) -> tuple[int, str]:
    """Every record of ``participant_ids`` as one JSON document through ``write``
    (one record in memory at a time); each export is audited per participant with
    the file's digest. Returns (participants exported, digest)."""
    ids = list(participant_ids)
    records = (repo.load_record(pid) for pid in ids)
    _size, digest = write(exchange.iter_json(records))
    with repo.vault.transaction():
        for pid in ids:
            repo.vault.audit.append("participant.exported", pid, detail=digest[:16])
    return len(ids), digest


def delete_participant(repo, participant_id: str) -> None:
    """The participant, every document and every print version of theirs, in one
    transaction; the freed pages are zeroed and the WAL truncated. The audit keeps
    only the id and the event."""
    repo.delete_participant(participant_id)
