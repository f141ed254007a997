"""`steady insights [--from DATE] [--to DATE] [--format table|json]`: the fixed set of
comparisons in your own records (app.services.insights), each with n on both sides, the
difference and its 95 % interval, or "not enough data yet". Kept apart from `app.cli`; the
shared helpers (opening the store, dates, output) are `app.cli`'s own."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.domain import i18n
from app.domain.i18n import _, pgettext


def add_parser(sub, common: argparse.ArgumentParser, parser_class: type) -> None:
    ins = sub.add_parser(
        "insights", parents=[common], help=_("patterns in your own records: a fixed set of comparisons"),
        description=_("A fixed, documented set of comparisons in your own records (craving after short nights, "
                      "urges in weeks with meetings, mood on days with exercise, …): each with how many days, "
                      "weeks or entries are on each side, the difference and a 95 % range for it, or “not "
                      "enough data yet”. Patterns, not causes."))
    date = pgettext("metavar", "DATE")
    ins.add_argument("--from", dest="start", metavar=date, default=None,
                     help=_("first day (default: your first record)"))
    ins.add_argument("--to", dest="end", metavar=date, default=None, help=_("last day (default: today)"))
    ins.add_argument("--format", choices=("table", "json"), default="table")


def command(args: argparse.Namespace, data_dir: Path) -> int:
    from app import cli as C
    from app.domain.errors import ValidationError
    from app.domain.insights import PATTERN_NOTE

    start = C._parse_date(args.start, "from", "--from")
    end = C._parse_date(args.end, "to", "--to")
    if start is not None and end is not None and start > end:
        raise ValidationError("from", _("--from must be on or before --to."))
    services = C._open(data_dir)
    try:
        report = services.insights.report(start, end)
    finally:
        services.store.close()
    if args.format == "json":
        C._write_json(report.to_plain())
        return C.EXIT_OK
    lines = []
    if report.empty:
        lines.append(_("Nothing to compare yet: insights start from your check-ins (mood, craving, sleep), coping "
                       "log, self-care and attendance once they span four weeks. Log a check-in with: "
                       "steady add checkin --mood 3 --craving 2 --sleep-hours 7"))
        lines.append("")
    for insight in report.insights:
        lines.append(insight.title)
        lines.append(f"  {insight.sentence}")
    lines += ["", i18n._(PATTERN_NOTE)]
    C._write_text("\n".join(lines) + "\n")
    return C.EXIT_OK
