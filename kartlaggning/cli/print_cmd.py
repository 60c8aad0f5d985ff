"""``print --participant PNR --document plan|utvecklingsplan|kartlaggning|kompetenskort|referral|medgivande
[--index N | --date YYYY-MM-DD] [--version N] [--variant standard|stor|lattlast] --out FILE.pdf``:
a printout as PDF, for scripts and tests.

The latest document of the kind is printed, or with ``--index N`` the N-th of the
participant's series (1 is the first; the Utvecklingsplaner of the monthly
follow-ups), or with ``--date`` the one dated so. ``referral`` (also called
``aktualisering``: Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten) and
``medgivande`` (Medgivande om informationsutbyte) print a part of the participant's
own record: there is one of each, so they take no --index or --date.

Without ``--version`` the current state is printed and recorded (the same
version again when unchanged since the last print, else the next version).
``--version N`` reproduces the stored snapshot of version N exactly. ``--variant``
lays the same version out in large print or easy-to-read Swedish.
"""
from __future__ import annotations

from pathlib import Path

from ..i18n import _, ngettext
from . import common
from .errors import EXIT_OK, CliError

DOCUMENTS = ("plan", "utvecklingsplan", "kartlaggning", "kompetenskort", "referral", "medgivande",
             "arbetstraning")
ALIASES = {"aktualisering": "referral"}  # the method's word for the referral
DOCUMENTS += ("slutdokumentation",)  # the avslut (outcome and slutdokumentation), for the participant


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "print", _("write a printout (plan, utvecklingsplan, kartläggning, kompetenskort, referral, "
                               "medgivande) as PDF"),
        _("Write the participant's latest Individuell plan, Utvecklingsplan, kartläggning or Kompetenskort, "
          "or the referral (Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten) or the Medgivande "
          "om informationsutbyte, as a PDF and record the print (version number and content hash in the footer). "
          "With --version N, version N is reproduced exactly as it was printed. "
          "The PDF is NOT encrypted: write it only where it is meant to go."))
    parser.add_argument("--participant", required=True, metavar=_("PERSONNUMMER"),
                        help=_("the participant (any common way of writing the number)"))
    parser.add_argument("--document", required=True, choices=DOCUMENTS + tuple(ALIASES), help=_("which document"))
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--index", type=int, metavar="N",
                       help=_("the N-th document of the series, 1 being the first (default: the latest)"))
    which.add_argument("--date", dest="on_date", metavar=_("YYYY-MM-DD"),
                       help=_("the document of the series dated so"))
    parser.add_argument("--version", dest="print_version", type=int, metavar="N",
                        help=_("reprint the stored version N instead of the current state"))
    parser.add_argument("--variant", default="standard", choices=("standard", "stor", "lattlast"),
                        help=_("the layout: standard, stor (large print, any document) or lattlast (easy-to-read "
                               "Swedish: the plan, the utvecklingsplan and the kartläggning's summary); the same "
                               "version whichever is chosen"))
    parser.add_argument("--out", type=Path, required=True, metavar=_("FILE.pdf"), help=_("the file to write"))
    return parser


def run(args) -> int:
    from ..config import AppConfig
    from ..models.printed import PARTICIPANT_KINDS
    from ..services import printing
    from ..storage import prints as pr
    from ..storage.files import write_atomic
    from ..storage.outputs import UnfinishedOutputs
    from .export import participant_id_for

    out = common.new_output_file(args.out)
    kind = ALIASES.get(args.document, args.document)
    if kind in PARTICIPANT_KINDS and (args.index is not None or args.on_date is not None):
        raise CliError(_("The {document} is one per participant: it takes no --index or --date.").format(
            document=args.document))
    if args.print_version is not None and args.print_version < 1:
        raise CliError(_("--version must be 1 or more."))
    if args.index is not None and args.index < 1:
        raise CliError(_("--index must be 1 or more (1 is the first)."))
    on = common.parse_date(args.on_date) if args.on_date is not None else None
    if args.variant not in printing.variants_for(kind):
        raise CliError(_("The {document} has no easy-to-read variant; choose standard or stor.").format(
            document=args.document))
    vault = common.open_vault(args.vault)
    try:
        pid = participant_id_for(vault, args.participant)
        if kind in PARTICIPANT_KINDS:
            doc = vault.repo.get_participant(pid)  # the referral and the consent are parts of it
        else:
            doc = _pick(vault.repo, pid, kind, args.index, on)
        template = AppConfig.load().letterhead  # IT's preset until the unit saves its own
        if args.print_version is not None:
            job = printing.prepare_reprint(vault.repo, printing.print_id(kind, doc), args.print_version, template)
            if job is None:
                raise CliError(_("Version {version} of the {document} was never printed.").format(
                    version=args.print_version, document=args.document))
        else:
            job = printing.prepare(vault.repo, printing.current_content(vault.repo, kind, doc), template)
        pdf = job.with_variant(args.variant).render()
        if not out.parent.exists():
            raise CliError(_("The folder {path} does not exist.").format(path=out.parent))
        write_atomic(out, pdf, journal=UnfinishedOutputs(vault.repo))  # a crash's leftover goes at next unlock
        record = printing.record(vault.repo, job)
    finally:
        vault.close()
    common.out(_("Wrote {document} version {version} ({hash}) to {path}.").format(
        document=args.document, version=record.version, hash=record.content_hash, path=out))
    return EXIT_OK


def _pick(repo, participant_id: str, kind: str, index, on):
    from ..services import documents
    from ..storage.prints import STORED_KINDS
    try:  # (the slutdokumentation prints the avslut: the series is the avsluts')
        doc = documents.pick(repo, participant_id, STORED_KINDS.get(kind, kind), index=index, on=on)
    except documents.NoSuchDocument as missing:
        if index is not None:
            raise CliError(ngettext("There is no {document} number {index}: the series has {count} document.",
                                    "There is no {document} number {index}: the series has {count} documents.",
                                    missing.count).format(document=kind, index=index, count=missing.count)) from None
        dates = ", ".join(sorted({d.isoformat() for d in missing.dates})) or "—"
        raise CliError(_("There is no {document} dated {date}. Dates in the series: {dates}.").format(
            document=kind, date=on.isoformat(), dates=dates)) from None
    if doc is None:
        raise CliError(_("The participant has no {document}.").format(document=kind))
    return doc
