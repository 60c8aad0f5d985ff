"""``gallring [--set-years N | --apply [--yes]]``: who is due for gallring (the
retention time has passed since their last entry), the retention time itself, and
deleting those due after confirmation. The rule is ``services.retention``; the
audit keeps the count, the retention time and the dates, never who."""
from __future__ import annotations

from ..i18n import _, ngettext
from . import common
from .errors import EXIT_OK, EXIT_USAGE, CliError


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "gallring", _("list who is due for gallring, set the retention time, or delete them"),
        _("A participant's record is due for gallring when the retention time (5 years unless the unit has "
          "changed it) has passed since their last entry: the latest day anything about them was saved. "
          "Without options, list who is due. --apply deletes them, securely, after asking; the access log "
          "keeps only how many were deleted and the dates."))
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--set-years", metavar="N",
                       help=_("set the retention time to N years (a whole number from 1 to 50)"))
    group.add_argument("--apply", action="store_true", help=_("delete everyone listed as due (asks first)"))
    parser.add_argument("--yes", action="store_true", help=_("with --apply: do not ask (for scripts)"))
    return parser


def _date(d) -> str:
    from babel.dates import format_date

    from .. import i18n
    return format_date(d, "short", locale=i18n.babel_locale())


def _table(due) -> None:
    from ..models.personnummer import format_stored
    heads = (_("Name"), _("Personnummer"), _("Last entry"), _("Due since"), _("Avslut"))
    rows = [(d.namn, format_stored(d.personnummer), _date(d.last_entry), _date(d.due_since),
             _("closed") if d.closed else _("none (still active)")) for d in due]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
    for line in (heads, *rows):
        common.out("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())


def run(args) -> int:
    from ..models.errors import ValidationError
    from ..services import retention

    if args.yes and not args.apply:
        raise CliError(_("--yes goes with --apply."), EXIT_USAGE)
    new_years = None
    if args.set_years is not None:
        try:
            new_years = retention.check_years(args.set_years)
        except ValidationError:
            raise CliError(_("--set-years {value}: the retention time is a whole number of years from "
                             "{low} to {high}. Nothing was changed.").format(
                value=args.set_years, low=retention.MIN_YEARS, high=retention.MAX_YEARS), EXIT_USAGE) from None
    vault = common.open_vault(args.vault)
    try:
        repo = vault.repo
        if new_years is not None:
            old = retention.years(repo)
            retention.set_years(repo, new_years)
            common.out(ngettext("The retention time is now {years} year after the last entry (it was {old}).",
                                "The retention time is now {years} years after the last entry (it was {old}).",
                                new_years).format(years=new_years, old=old))
        years = retention.years(repo)
        today = retention.today()
        due = retention.due(repo, today, years)
        common.out(ngettext(
            "Retention time: {years} year after the last entry. Due today ({today}): everyone whose last "
            "entry is on {boundary} or earlier.",
            "Retention time: {years} years after the last entry. Due today ({today}): everyone whose last "
            "entry is on {boundary} or earlier.", years).format(
            years=years, today=_date(today), boundary=_date(retention.boundary(today, years))))
        if not due:
            common.out(_("Nobody is due for gallring."))
            return EXIT_OK
        common.out()
        _table(due)
        common.out()
        if not args.apply:
            common.out(ngettext("{count} participant is due. To delete: kartlaggning-cli gallring --apply",
                                "{count} participants are due. To delete them: kartlaggning-cli gallring --apply",
                                len(due)).format(count=len(due)))
            return EXIT_OK
        if not args.yes and not common.confirm(ngettext(
                "Delete the {count} participant listed above and everything stored about them? "
                "This cannot be undone.",
                "Delete the {count} participants listed above and everything stored about them? "
                "This cannot be undone.", len(due)).format(count=len(due))):
            raise CliError(_("Nothing was deleted."))
        deleted = retention.apply(repo, today, [d.participant_id for d in due])
    finally:
        vault.close()
    common.out(ngettext("Deleted {count} participant and everything stored about them.",
                        "Deleted {count} participants and everything stored about them.",
                        len(deleted)).format(count=len(deleted)))
    return EXIT_OK
