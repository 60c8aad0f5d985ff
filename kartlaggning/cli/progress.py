"""``progress [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]``: the caseload's progress in
a period, as "Progress in the caseload…" shows it: per area the mean change of the
participants' own ratings (0-10 scale), the overall mean and the share who took each kind
of step. Nobody is named; no figure for fewer than three people (``models.group_change``)."""
from __future__ import annotations

import json
from datetime import date, timedelta

from .. import i18n
from ..i18n import _
from . import common
from .errors import EXIT_OK, CliError


def add_parser(subparsers):
    parser = common.add_command(
        subparsers, "progress", _("print the caseload's progress in a period, naming nobody"),
        _("Print the average change of the participants' own ratings (on a 0–10 scale) between the first and "
          "the last self-rating in the period, area by area, and how many took each kind of step. Nobody is "
          "named; a figure for fewer than three people is not shown. The period is the last twelve months "
          "unless --from and --to say otherwise."))
    parser.add_argument("--from", dest="start", metavar=_("YYYY-MM-DD"), help=_("the first day of the period"))
    parser.add_argument("--to", dest="end", metavar=_("YYYY-MM-DD"), help=_("the last day of the period (default: today)"))
    parser.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
    return parser


def run(args) -> int:
    from ..services import group_change
    end = common.parse_date(args.end) if args.end else date.today()
    start = common.parse_date(args.start) if args.start else end - timedelta(days=365)
    if end < start:
        raise CliError(_("The period ends before it starts."))
    vault = common.open_vault(args.vault)
    try:
        result = group_change.caseload_change(vault.repo, start, end)
    finally:
        vault.close()
    if args.json:
        common.out(json.dumps(group_change.as_data(result), ensure_ascii=False, indent=2))
        return EXIT_OK
    from babel.dates import format_date
    start_text, end_text = (format_date(d, "long", locale=i18n.babel_locale()) for d in (start, end))
    common.out(_("Progress in the caseload, {start} to {end}").format(start=start_text, end=end_text))
    common.out(group_change.summary(result))
    lines = group_change.rows(result)
    width = max(len(line.label) for line in lines if not line.is_heading)
    for line in lines:
        if line.is_heading:
            common.out()
            common.out(line.label)
        else:
            common.out(f"  {line.label:<{width}}  {line.value}")
    return EXIT_OK
