"""``extract --participant PNR --out FILE.pdf|FILE.json``: the register extract
(registerutdrag) for the person: a readable PDF, or the same content as JSON
(docs/export-format.md, "Registerutdrag"). Written atomically, noted in the vault
while it is written (a crash's leftover goes at the next unlock), audited with the
file's digest and nothing else."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..i18n import _
from ..models.personnummer import format_stored
from . import common
from .errors import EXIT_OK, CliError

FORMATS = {".pdf": "pdf", ".json": "json"}


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "extract", _("write a register extract (everything about one person) as PDF or JSON"),
        _("Write everything the vault holds about one participant, for that person (a register extract, "
          "GDPR art. 15): the participant's details, every kartläggning, plan, Utvecklingsplan and "
          "Kompetenskort, every printed version, every draft and the access log entries about them. "
          "FILE.pdf gives a readable document, FILE.json the same content as data. The file is NOT "
          "encrypted: write it only where it is meant to go, and delete it when it has been handed over."))
    parser.add_argument("--participant", required=True, metavar=_("PERSONNUMMER"),
                        help=_("the participant (any common way of writing the number)"))
    parser.add_argument("--out", type=Path, required=True, metavar=_("FILE.pdf"),
                        help=_("the file to write: its name ends in .pdf or .json"))
    return parser


def run(args) -> int:
    from ..config import AppConfig
    from ..services import printing, records
    from ..storage.files import write_atomic
    from ..storage.outputs import UnfinishedOutputs
    from .export import participant_id_for
    from .files import write_chunks_atomic

    out = common.new_output_file(args.out)
    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise CliError(_("--out {path}: the file name must end in .pdf (a readable document) or .json (data).")
                       .format(path=out))
    if not out.parent.exists():
        raise CliError(_("The folder {path} does not exist.").format(path=out.parent))
    common.parse_personnummer(args.participant)
    vault = common.open_vault(args.vault)
    try:
        pid = participant_id_for(vault, args.participant)
        extract = records.register_extract(vault.repo, pid)
        journal = UnfinishedOutputs(vault.repo)  # a crash's leftover goes at the next unlock
        if kind == "pdf":
            header = printing.letterhead(vault.repo, AppConfig.load().letterhead)
            pdf = records.extract_pdf(extract, header)
            write_atomic(out, pdf, journal=journal)
            digest = hashlib.sha256(pdf).hexdigest()
        else:
            _size, digest = write_chunks_atomic(out, records.extract_json(extract), journal)
        records.record_extract(vault.repo, pid, kind, digest)
    finally:
        vault.close()
    common.out(_("Wrote the register extract of {pnr} to {path}.").format(
        pnr=format_stored(extract.record.participant.personnummer), path=out))
    common.out(_("The file is not encrypted. Hand it over or move it where it belongs, then delete it."))
    return EXIT_OK
