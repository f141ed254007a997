"""`steady report` options of the counselor summary, session prep and attendance record, kept
out of cli.py: which use data to share, the session prep's own words, and what an attendance
record lists and how it titles it."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.domain.i18n import _, pgettext

ONLY = {"counselor": ("--include-use",),
        "session-prep": ("--went-well", "--was-hard", "--talk-about", "--include-use"),
        "attendance": ("--case-number", "--include", "--generic-titles")}


def add_options(rep: argparse.ArgumentParser) -> None:
    text = pgettext("metavar", "TEXT")
    rep.add_argument("--include-use", action="store_true",
                     help=_("counselor, session-prep: also share days of use, sobriety periods and lapses, and days "
                            "without use (default: none of it)"))
    rep.add_argument("--went-well", default="", metavar=text, help=_("session-prep: what went well this week"))
    rep.add_argument("--was-hard", default="", metavar=text, help=_("session-prep: what was hard"))
    rep.add_argument("--talk-about", default="", metavar=text,
                     help=_("session-prep: what you want to talk about in the session"))
    rep.add_argument("--case-number", default=None, metavar=text,
                     help=_("attendance: a case or docket number to print under your name"))
    rep.add_argument("--include", choices=("both", "sessions", "meetings"), default="both",
                     help=_("attendance: treatment sessions, support meetings or both (default)"))
    rep.add_argument("--generic-titles", action="store_true",
                     help=_("attendance: title every row “Treatment session” or “Support meeting” and leave out "
                            "fellowships, meeting and session names, meeting types, the program's name and places "
                            "(only in person or online)"))


def check_options(args: argparse.Namespace) -> None:
    """An option that belongs to another kind of report is one sentence (exit 3), not ignored."""
    from app.domain.errors import ValidationError

    given = {"--include-use": args.include_use, "--went-well": args.went_well, "--was-hard": args.was_hard,
             "--talk-about": args.talk_about, "--case-number": args.case_number is not None,
             "--include": args.include != "both", "--generic-titles": args.generic_titles}
    for option, value in given.items():
        if value and option not in ONLY.get(args.kind, ()):
            kinds = [k for k, options in ONLY.items() if option in options]
            if len(kinds) == 1:
                said = _("{option} goes with the {kind} report.").format(option=option, kind=kinds[0])
            else:
                said = _("{option} goes with the {kind} and {other} reports.").format(
                    option=option, kind=kinds[0], other=kinds[1])
            raise ValidationError(option.strip("-").replace("-", "_"), said)
    if args.kind == "session-prep" and (args.start or args.end):
        raise ValidationError("from", _("A session prep covers the last seven days; it takes no --from or --to."))


def session_prep(args: argparse.Namespace, data_dir: Path) -> int:
    """`steady report session-prep`: one page for the next session."""
    from app import cli as C

    services = C._open(data_dir)
    try:
        prep = services.reports.session_prep(args.went_well, args.was_hard, args.talk_about,
                                             include_use=args.include_use)
    finally:
        services.store.close()
    _app = C._pdf_application()
    from app.reports import render_pdf

    size = render_pdf(prep, args.output, page_size=args.page_size, name=args.name)
    print(_("Wrote the session prep for {first} to {last} to {path} ({size} bytes).").format(
        first=prep.first, last=prep.last, path=args.output, size=C.fmt.number(size)))
    return C.EXIT_OK
