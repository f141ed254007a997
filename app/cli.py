"""The `steady` command. With no command it opens the window.

Exit codes (documented in the README):
  0 ok · 1 unexpected error (traceback in the data folder's log) · 2 usage ·
  3 invalid input (the message names the field) · 4 data store problem.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Sequence  # noqa: E402

from app import __version__  # noqa: E402
from app import cli_treatment  # noqa: E402
from app.domain import formatting as fmt  # noqa: E402
from app.domain import i18n  # noqa: E402
from app.domain.i18n import N_, _, ngettext, pgettext  # noqa: E402

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_STORE = 4

ADD_KINDS = ("schedule", "coping", "attendance", "selfcare", "checkin", "skill", "group",
             "program", "phase", "sobriety", "goal", "milestone", "contact", "assessment",
             *cli_treatment.ADD_KINDS)
LIST_KINDS = ADD_KINDS + cli_treatment.LIST_ONLY_KINDS

# Friendlier option names for some fields, and which kind a reference option names.
_OPTION_NAMES = {
    "occurred_at": "when",
    "skill_ids": "skills",
    "group_id": "group",
    "schedule_item_id": "session",
    "program_id": "program",
    "goal_id": "goal",
    "medication_id": "medication",
}


class UsageError(Exception):
    pass


# What `steady add KIND --help` says each kind is (its help line in `steady add --help`).
ADD_HELP = {
    "schedule": N_("add a schedule item"), "coping": N_("add a coping entry"),
    "attendance": N_("add an attendance record"), "selfcare": N_("add a self-care entry"),
    "checkin": N_("add a check-in"), "skill": N_("add a coping skill"), "group": N_("add a meeting"),
    "program": N_("add a program"), "phase": N_("add a program phase"), "sobriety": N_("add a sobriety period"),
    "goal": N_("add a goal"), "milestone": N_("add a milestone"), "contact": N_("add a support contact"),
    "assessment": N_("add a self-check"), "drug_screen": N_("add a drug screen"),
    "callin": N_("add a call-in check"), "medication": N_("add a medication"), "dose": N_("add a dose"),
    "homework": N_("add a homework item"),
}


def error_line(message: str) -> str:
    """ "steady: error: MESSAGE", the one way every command reports a problem on stderr."""
    return _("steady: error: {message}").format(message=message)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit code 2 but without printing help twice."""

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, error_line(message) + "\n")


class _QuietParser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message)


def _option(name: str) -> str:
    return "--" + _OPTION_NAMES.get(name, name).replace("_", "-")


def _gui_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain window launch, or None for anything else.

    Opening the window is the common case; it skips building the full parser (which
    imports every record type) so the window can paint sooner.
    """
    quick = _QuietParser(add_help=False)
    quick.add_argument("--data-dir", default=None)
    quick.add_argument("--smoke", action="store_true")
    try:
        args, rest = quick.parse_known_args(argv)
    except UsageError:
        return None  # the full parser will say what is wrong
    if rest:
        return None
    args.command = None
    return args


def _build_parser() -> argparse.ArgumentParser:
    from app import cli_i18n
    from app.services.kinds import KINDS

    cli_i18n.install()  # argparse's own words ("usage:", "options", its errors) in the reader's language
    date, file, text = pgettext("metavar", "DATE"), pgettext("metavar", "FILE"), pgettext("metavar", "TEXT")
    kind_metavar, what = pgettext("metavar", "KIND"), pgettext("metavar", "WHAT")
    common = _Parser(add_help=False)
    common.add_argument("--data-dir", metavar=pgettext("metavar", "DIR"), default=argparse.SUPPRESS,
                        help=_("data folder (default: $STEADY_DATA_DIR or your user data folder)"))
    from app import cli_crypt

    cli_crypt.add_common_options(common)

    parser = _Parser(
        prog="steady", parents=[common],
        description=_("Steady: a private, offline planner for treatment, meetings, coping skills, "
                      "self-care and daily check-ins. With no command, opens the window."),
        epilog=_("Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 invalid input, 4 data store problem."),
    )
    parser.add_argument("--version", action="version", version=f"steady {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--smoke", action="store_true",
                        help=_("open the window, print first-paint-ms N after it is drawn, and exit"))
    sub = parser.add_subparsers(dest="command", metavar=pgettext("metavar", "COMMAND"), parser_class=_Parser)

    add = sub.add_parser("add", parents=[common], help=_("add a record and print its id"))
    add_sub = add.add_subparsers(dest="record_kind", metavar=kind_metavar, required=True, parser_class=_Parser)
    for name in ADD_KINDS:
        kind = KINDS[name]
        p = add_sub.add_parser(name, parents=[common], aliases=cli_treatment.aliases(name),
                               help=i18n._(ADD_HELP[name]))
        _add_field_options(p, name, kind)

    lst = sub.add_parser("list", parents=[common], help=_("list records"))
    lst.add_argument("kind", choices=LIST_KINDS, type=cli_treatment.kind_name, metavar=kind_metavar,
                     help=", ".join(LIST_KINDS))
    lst.add_argument("--from", dest="start", metavar=date, help=_("first day (YYYY-MM-DD)"))
    lst.add_argument("--to", dest="end", metavar=date, help=_("last day (YYYY-MM-DD)"))
    lst.add_argument("--search", metavar=text, default="",
                     help=_("only records whose text contains {text}").format(text=text))
    lst.add_argument("--format", choices=("table", "json"), default="table")

    dl = sub.add_parser("delete", parents=[common], help=_("delete one record (by the id `steady list` shows)"),
                        description=_("Delete one record, the way the window's Delete does: a record other "
                                      "records use (a skill in coping entries, a meeting with attendance) is kept "
                                      "and you are told why; a series' changed sessions go with it."))
    dl.add_argument("kind", choices=LIST_KINDS, type=cli_treatment.kind_name, metavar=kind_metavar,
                    help=", ".join(LIST_KINDS))
    dl.add_argument("id", metavar="ID", help=_("the record's id, or its first 8 characters as `steady list` shows"))

    demo = sub.add_parser("demo", parents=[common], help=_("fill an empty data folder with sample data"))
    demo.add_argument("--years", default="1", metavar="N", help=_("years of history (1–20, default 1)"))
    demo.add_argument("--seed", default="0", metavar="S", help=_("random seed (default 0)"))

    sched = sub.add_parser("schedule", parents=[common], help=_("your week: balance and conflicts"))
    sched_sub = sched.add_subparsers(dest="schedule_command", metavar=what, required=True, parser_class=_Parser)
    week = sched_sub.add_parser("week", parents=[common],
                                help=_("hours per category for a week, against your phase's targets"))
    week.add_argument("--date", metavar=date, help=_("any day of the week (default: today)"))
    week.add_argument("--format", choices=("table", "json"), default="table")
    conf = sched_sub.add_parser("conflicts", parents=[common], help=_("overlapping items"))
    conf.add_argument("--from", dest="start", metavar=date, help=_("first day (default: today)"))
    conf.add_argument("--to", dest="end", metavar=date, help=_("last day (default: 4 weeks on)"))
    conf.add_argument("--format", choices=("table", "json"), default="table")

    exp = sub.add_parser("export", parents=[common], help=_("export your data to a file"))
    exp.add_argument("--format", choices=("json", "csv", "xlsx", "ics", "vcf"), required=True,
                     help=_("json: all your data as a Steady export (import it with `steady import`); "
                            "csv: one spreadsheet file per kind of record; "
                            "xlsx: one spreadsheet workbook, a sheet per kind of record; "
                            "ics: your schedule as an iCalendar file for other calendar apps; "
                            "vcf: your support network as vCard 3.0 contacts for a phone"))
    exp.add_argument("--output", required=True, metavar=pgettext("metavar", "PATH"),
                     help=_("file to write (replaced atomically); for csv a folder (created if missing) "
                            "or a .zip file; for xlsx a .xlsx file"))

    imp = sub.add_parser(
        "import", parents=[common],
        help=_("import a Steady export (.json), a calendar (.ics) or a Meeting Guide meeting list (.json)"),
        description=_("Import a calendar or a list of support meetings. What the file is comes from its "
                      "content, and only when that is unclear from its name: an iCalendar file (BEGIN:VCALENDAR; "
                      "re-importing updates events by UID) or a Meeting Guide JSON feed (a list of meetings, the "
                      "open format of 12-step meeting lists; re-importing updates meetings by slug). Bad entries "
                      "are skipped with a warning each; the rest is written all at once, or nothing is. A Steady "
                      "export (from `steady export --format json`) is merged by record id: new records are added, "
                      "changed ones updated, nothing is duplicated; any invalid record refuses the whole file."))
    imp.add_argument("file", metavar=file,
                     help=_("an .ics calendar (e.g. your work or school calendar) or a Meeting Guide .json feed"))
    imp.add_argument("--kind", default=None, metavar=kind_metavar,
                     help=_("calendars only: what the events are: work, school, family_social, … (default: work)"))
    imp.add_argument("--fellowship", default=None, metavar=pgettext("metavar", "NAME"),
                     help=_("meeting lists only: aa, na, smart, refuge, recovery_dharma, lifering, wfs, wellbriety, "
                            "celebrate, alanon, iop or other (default: aa)"))
    imp.add_argument("--dry-run", action="store_true", help=_("show what would change, write nothing"))

    goals = sub.add_parser("goals", parents=[common], help=_("your goals and milestones"))
    goals_sub = goals.add_subparsers(dest="goals_command", metavar=what, required=True, parser_class=_Parser)
    gl = goals_sub.add_parser("list", parents=[common], help=_("each goal with its status, progress and a sentence"))
    gl.add_argument("--all", action="store_true", help=_("include archived goals"))
    gl.add_argument("--format", choices=("table", "json"), default="table")
    ga = goals_sub.add_parser("add", parents=[common], help=_("add a goal and print its id (same as `add goal`)"))
    _add_field_options(ga, "goal", KINDS["goal"], aliases={"start_date": "--start", "end_date": "--end"})
    gm = goals_sub.add_parser("milestones", parents=[common],
                              help=_("milestones, newest first; records the ones reached since last time first"))
    gm.add_argument("--format", choices=("table", "json"), default="table")

    rep = sub.add_parser("report", parents=[common], help=_("a PDF report: counselor summary or attendance record"))
    rep.add_argument("kind", choices=("counselor", "session-prep", "attendance", "safety-plan", "aftercare"),
                     metavar=kind_metavar,
                     help=_("counselor: a progress summary for your counselor; session-prep: one page for your next "
                            "session (the last seven days in five lines and your own words); attendance: sessions "
                            "and meetings attended, with times, verification and a signature column (for a court, "
                            "employer or probation officer); safety-plan: your safety and relapse-prevention plans "
                            "on one page; aftercare: your aftercare plan, section by section"))
    rep.add_argument("--wallet-card", action="store_true",
                     help=_("safety-plan: a card to cut out and fold to bank-card size instead (crisis contacts, "
                            "lines, three coping steps, reasons)"))
    rep.add_argument("--from", dest="start", metavar=date,
                     help=_("first day (YYYY-MM-DD; default: the Monday 12 whole weeks back, ending on the "
                            "latest Sunday)"))
    rep.add_argument("--to", dest="end", metavar=date,
                     help=_("last day (YYYY-MM-DD; default: the latest Sunday, or today with --from)"))
    rep.add_argument("--output", required=True, metavar=file, help=_("PDF file to write (replaced atomically)"))
    rep.add_argument("--page-size", choices=("a4", "letter"), default="a4", type=str.lower)
    rep.add_argument("--name", default=None, metavar=pgettext("metavar", "NAME"),
                     help=_("the name to print on the report (default: none)"))
    rep.add_argument("--include-notes", choices=("none", "all"), default="none",
                     help=_("counselor summary: share your coping, check-in and self-care notes (default: none)"))
    rep.add_argument("--include-note", dest="include_note", action="append", default=[], metavar="ID",
                     help=_("counselor summary: share only this note (the id of a coping entry, check-in or "
                            "self-care entry in the period, as `steady list {kind} --format json` shows); "
                            "repeatable").format(kind=kind_metavar))
    from app import cli_reports

    cli_reports.add_options(rep)

    hn = sub.add_parser("help-now", parents=[common],
                        help=_("who to reach right now: your crisis contacts, then crisis lines for your country"),
                        description=_("Your support-network contacts marked “Call in a crisis” first, then the "
                                      "crisis and emergency lines for your country (steady settings set "
                                      "crisis.country CC). Steady sends nothing to anyone."))
    hn.add_argument("--format", choices=("table", "json"), default="table")
    from app.services.settings import SETTINGS

    st = sub.add_parser("settings", parents=[common], help=_("read or change a setting that is your data"),
                        formatter_class=argparse.RawDescriptionHelpFormatter,
                        description=_("Settings that are your data (they go into exports and backups):") + "\n"
                                    + "\n".join(f"  {s.key}: {i18n._(s.about)}" for s in SETTINGS.values()))
    st_sub = st.add_subparsers(dest="settings_command", metavar=what, required=True, parser_class=_Parser)
    key = pgettext("metavar", "KEY")
    sg = st_sub.add_parser("get", parents=[common], help=_("print a setting's value"))
    sg.add_argument("key", metavar=key, help=", ".join(SETTINGS))
    ss = st_sub.add_parser("set", parents=[common], help=_("change a setting"))
    ss.add_argument("key", metavar=key, help=", ".join(SETTINGS))
    ss.add_argument("value", metavar=pgettext("metavar", "VALUE"))

    from app import cli_plan

    cli_plan.add_parser(sub, common, _Parser)
    from app import cli_insights

    cli_insights.add_parser(sub, common, _Parser)
    cli_treatment.add_parser(sub, common, _Parser)

    cli_crypt.add_parser(sub, common, _Parser)

    sub.add_parser("check", parents=[common], help=_("check the data file's integrity (exit 0 ok, 4 problem)"))

    bk = sub.add_parser("backup", parents=[common],
                        help=_("back up the data file (into backups/, or --output {file})").format(file=file))
    bk.add_argument("--output", metavar=file, default=None,
                    help=_("write a standalone copy to {file} instead (replaced atomically; backups/ is not "
                           "rotated)").format(file=file))
    rs = sub.add_parser("restore", parents=[common],
                        help=_("replace the data file with a backup; the current state is backed up first"))
    rs.add_argument("file", metavar=file, help=_("a backup made by Steady (e.g. from the backups folder)"))
    return parser


def _add_field_options(p: argparse.ArgumentParser, name: str, kind, aliases: dict[str, str] | None = None) -> None:
    """One --option per field of the kind's record type (what `add KIND` accepts)."""
    from app.domain import fields as F

    for s in F.specs_of(kind.record_type):
        if s.name in ("builtin", "revision"):
            continue
        text = i18n._(s.label)
        if s.kind in (F.CHOICE, F.CHOICES):
            text += " (" + ", ".join(k for k in s.choice_keys if k) + ")"
        elif s.kind in (F.INT, F.FLOAT) and s.minimum is not None:
            text += f" ({_fmt(s.minimum)}–{_fmt(s.maximum)})"
        elif s.kind in (F.BOOL, F.OPTBOOL):
            text += _(" (yes/no)")
        elif s.kind == F.DATETIME:
            text += _(" (YYYY-MM-DD HH:MM)")
        elif s.kind == F.DATE:
            text += _(" (YYYY-MM-DD)")
        elif s.kind == F.TIME:
            text += _(" (HH:MM)")
        elif s.kind == F.REFS:
            text += _(" (comma-separated names or ids)")
        elif s.kind == F.REF:
            text += _(" (name or id)")
        if s.anchors:
            text += f"; {i18n._(s.anchors)}"
        if s.help:
            text += f"; {i18n._(s.help)}"
        if s.name == "occurred_at":
            text += _("; default: now")
        elif s.name == "day" or (s.name == "start_date" and name in ("goal", "medication")):
            text += _("; default: today")
        elif s.name == "timezone":
            text += _("; default: this computer's zone")
        elif s.name == "end" and name == "schedule":
            text += _("; default: one hour after the start")
        elif s.required:
            text += _("; required")
        names = [_option(s.name)] + ([aliases[s.name]] if aliases and s.name in aliases else [])
        p.add_argument(*names, dest="field_" + s.name, metavar=pgettext("metavar", "VALUE"),
                       help=text.replace("%", "%%"))


def _fmt(x: float | None) -> str:
    if x is None:
        return _("any")
    return str(int(x)) if float(x).is_integer() else str(x)


# --- commands ----------------------------------------------------------------------------------


def _open(data_dir: Path, create: bool = True, daily_backup: bool = True):
    """Open the store and wire its services (app.services.bundle, as the window does); like
    the window, make the once-a-day backup after a successful open. A backup that cannot be
    made is a warning on stderr, not a reason to refuse the command. The caller closes
    `services.store`."""
    from app import cli_crypt
    from app.services.bundle import build_services
    from app.storage import StoreError, open_store

    key = cli_crypt.open_key(data_dir)  # None for a plain data file; StoreError when locked or wrong
    try:
        store = open_store(data_dir, create=create, key=key)
    finally:
        if key is not None:
            key.wipe()  # the store keeps its own copy, wiped when it is closed
    services = build_services(store, data_dir=data_dir)
    if daily_backup:
        try:
            services.backups.auto_backup_if_due()
        except StoreError as exc:
            print(_("steady: warning: today's automatic backup could not be made: {problem}").format(
                problem=exc.message), file=sys.stderr)
    return services


def _parse_date(text: str | None, field: str, label: str) -> dt.date | None:
    from app.domain.errors import ValidationError

    if text is None or not text.strip():
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(field, _("{option} must be a date like 2026-03-14.").format(option=label)) from None
    if not 1900 <= day.year <= 2200:
        raise ValidationError(field, _("{option} must be a date between the years 1900 and 2200.").format(
            option=label))
    return day


def _seed_skills(service) -> None:
    from app.services.skill_library import LibraryError, seed_library

    try:
        seed_library(service)
    except LibraryError as exc:
        print(_("steady: the coping-skill library could not be read: {problem}").format(problem=exc),
              file=sys.stderr)


def _cmd_add(args: argparse.Namespace, data_dir: Path) -> int:
    from app.domain import fields as F
    from app.domain.records import Assessment
    from app.domain.errors import ValidationError
    from app.services.clock import local_zone_name
    from app.services.kinds import KINDS

    kind = KINDS[cli_treatment.kind_name(args.record_kind)]
    record_type = kind.record_type
    given = {s.name: getattr(args, "field_" + s.name, None) for s in F.specs_of(record_type)}
    services = _open(data_dir)
    try:
        service = services.records
        values: dict[str, Any] = {}
        for s in F.specs_of(record_type):
            raw = given.get(s.name)
            if raw is None:
                continue
            if s.kind == F.REF and s.ref:
                values[s.name] = service.resolve(s.ref, raw) if raw.strip() else None
            elif s.kind == F.REFS and s.ref:
                if s.ref == "skill":
                    _seed_skills(service)  # library skills can be named before the window ever ran
                values[s.name] = tuple(service.resolve(s.ref, part) for part in raw.split(",") if part.strip())
            else:
                values[s.name] = F.parse_text(s, raw)
        _fill_defaults(record_type, values, services.clock.now(), local_zone_name())
        try:
            record = record_type(**values)
        except TypeError as exc:  # a field this kind does not have; argparse prevents it
            raise ValidationError("", str(exc)) from None
        service.add(record)
        filled = cli_treatment.after_add(services, record)
    finally:
        services.store.close()
    # Printed only now: the transaction has committed.
    print(record.id)
    if filled:
        print(filled, file=sys.stderr)
    if isinstance(record, Assessment):
        from app.services.assessments import score_of

        print(score_of(record).summary)  # "score 13 (moderate)", computed, never typed
        from app.domain.assessments import SAFETY_ITEM_REPLY, safety_item_flagged
        from app.services.assessments import instruments

        if safety_item_flagged(instruments()[record.instrument], record.answer_values):
            print(_(SAFETY_ITEM_REPLY), file=sys.stderr)  # stderr: the id and score stay on stdout
    from app.domain.crisis import reply_for

    reply = reply_for(record)
    if reply is not None:  # on stderr, so scripts that read the id from stdout are unaffected
        print(reply.cli_line(), file=sys.stderr)
    return EXIT_OK


def _fill_defaults(record_type: type, values: dict[str, Any], now: dt.datetime, zone: str) -> None:
    """What a person means when they leave a field out on the command line."""
    from app.domain import fields as F

    names = {s.name: s for s in F.specs_of(record_type)}
    if "occurred_at" in names and "occurred_at" not in values:
        values["occurred_at"] = now
    if "day" in names and names["day"].required and "day" not in values:
        values["day"] = now.date()
    if "timezone" in names and names["timezone"].required and "timezone" not in values:
        values["timezone"] = zone
    if record_type.__name__ in ("Goal", "Medication") and "start_date" not in values:
        values["start_date"] = now.date()
    if record_type.__name__ == "ScheduleItem" and values.get("start") and "end" not in values:
        values["end"] = values["start"] + dt.timedelta(hours=1)


def _cmd_list(args: argparse.Namespace, data_dir: Path) -> int:
    from app.domain import fields as F
    from app.domain.records import Assessment
    from app.domain.errors import ValidationError
    from app.domain.recurrence import describe_rule
    from app.services.kinds import KINDS

    start = _parse_date(args.start, "from", "--from")
    end = _parse_date(args.end, "to", "--to")
    if start and end and end < start:
        raise ValidationError("to", _("--to must be on or after --from."))
    kind = KINDS[args.kind]
    services = _open(data_dir)
    try:
        service = services.records
        if kind.name == "skill":
            _seed_skills(service)
        records = service.list(kind, start, end, args.search)
        if args.format == "json":
            if kind.name == "assessment":
                from app.services.assessments import scored_plain

                _write_json([scored_plain(r) if isinstance(r, Assessment) else r.to_plain() for r in records])
            else:
                _write_json([r.to_plain() for r in records])
            return EXIT_OK
        specs = {s.name: s for s in F.specs_of(kind.record_type)}
        names: dict[str, dict[str, str]] = {}
        for col in kind.columns:
            s = specs[col]
            if s.kind in (F.REF, F.REFS) and s.ref:
                names[col] = service.names(s.ref)
    finally:
        services.store.close()
    if not records:
        print(_("No {kinds} yet. {hint}").format(kinds=i18n._(kind.plural).lower(), hint=i18n._(kind.empty_hint)))
        return EXIT_OK
    header = ["id"] + [specs[c].label for c in kind.columns]
    if kind.name == "assessment":
        header.append("Score")
    rows = []
    for r in records:
        cells = [r.id[:8]]
        for col in kind.columns:
            value = getattr(r, col)
            if col in names:
                ids = value if isinstance(value, tuple) else ((value,) if value else ())
                cells.append(", ".join(str(names[col].get(i, i)) for i in ids))
            elif col == "recurrence":
                cells.append(describe_rule(value))
            else:
                cells.append(F.format_value(specs[col], value))
        if kind.name == "assessment":
            from app.services.assessments import score_of

            cells.append(score_of(r).summary if isinstance(r, Assessment) else "")
        rows.append(cells)
    _print_table(header, rows)
    return EXIT_OK


def _clean_cell(text: str, width: int = 40) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    rows = [[_clean_cell(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip() for row in rows]
    _write_text("\n".join(lines) + "\n")


def _write_text(text: str) -> None:
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8")
    sys.stdout.write(text.encode(encoding, errors="replace").decode(encoding, errors="replace"))


def _write_json(data: Any) -> None:
    utf8 = (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") == "utf8"
    import json  # not at the top: opening the window (this module's commonest use) never needs it

    sys.stdout.write(json.dumps(data, ensure_ascii=not utf8, indent=2) + "\n")


def _cmd_delete(args: argparse.Namespace, data_dir: Path) -> int:
    from app.services.kinds import KINDS

    kind = KINDS[args.kind]
    services = _open(data_dir, create=False)
    try:
        service = services.records
        record = service.get(kind, service.resolve(kind.name, args.id))
        service.delete(record)  # the window's path: refuses a record others use, in one transaction
    finally:
        services.store.close()
    name = getattr(record, "name", None) or getattr(record, "title", None) or ""
    if name:
        said = _("Deleted the {kind} “{name}” ({id}).").format(kind=i18n._(kind.singular), name=_clean_cell(name, 60),
                                                              id=record.id)
    else:
        said = _("Deleted the {kind} ({id}).").format(kind=i18n._(kind.singular), id=record.id)
    _write_text(said + "\n")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace, data_dir: Path) -> int:
    from app.domain import fields as F
    from app.domain.errors import ValidationError
    from app.services.demo import generate_demo

    years = F.parse_text(F.FieldSpec("Years", F.INT, name="years"), args.years)
    seed = F.parse_text(F.FieldSpec("Seed", F.INT, name="seed"), args.seed)
    if years is None or not 1 <= years <= 20:
        raise ValidationError("years", _("Years must be between 1 and 20."))
    services = _open(data_dir)
    started = time.perf_counter()
    try:
        summary = generate_demo(services.store, years=years, seed=seed, today=services.clock.now().date())
    finally:
        services.store.close()
    took = time.perf_counter() - started
    print(_("{summary} Written to {folder} in {seconds} s.").format(
        summary=summary.describe(), folder=data_dir, seconds=fmt.number(round(took, 1))))
    return EXIT_OK


def _cmd_schedule(args: argparse.Namespace, data_dir: Path) -> int:
    from app.domain.errors import ValidationError
    from app.domain.schedule import BALANCE_GROUPS

    services = _open(data_dir)
    try:
        service = services.schedule
        today = services.clock.now().date()
        if args.schedule_command == "week":
            day = _parse_date(args.date, "date", "--date") or today
            view = service.week(day)
        else:
            start = _parse_date(args.start, "from", "--from") or today
            end = _parse_date(args.end, "to", "--to") or start + dt.timedelta(days=27)
            if end < start:
                raise ValidationError("to", _("--to must be on or after --from."))
            if (end - start).days > 3660:
                raise ValidationError("to", _("Check at most ten years of conflicts at a time."))
            found = service.conflicts(start, end)
    finally:
        services.store.close()
    if args.schedule_command == "week":
        b = view.balance
        if args.format == "json":
            _write_json({
                "week_start": b.week_start.isoformat(),
                "hours": {k: round(v, 2) for k, v in b.hours.items()},
                "treatment_sessions": b.treatment_sessions,
                "phase": b.phase.name if b.phase else None,
                "target_treatment_hours": b.target_hours,
                "target_sessions": b.target_sessions,
                "treatment_status": b.treatment_status(),
                "conflicts": len(view.conflicts),
            })
            return EXIT_OK
        lines = [_("Week of {day}").format(day=fmt.date(b.week_start, long=True))
                 + (f" — {b.phase.name}" if b.phase else "")]
        labels = [(key, i18n._(label)) for key, label in BALANCE_GROUPS]
        width = max(16, *(len(label) + 1 for _key, label in labels))
        for key, label in labels:
            lines.append(f"  {label:<{width}}{fmt.duration(b.hours[key]):>14}")
        target = ""
        if b.target_hours is not None:
            aim = fmt.duration(b.target_hours)
            if b.target_sessions is not None:
                aim = _("{hours}, {sessions}").format(hours=aim, sessions=fmt.plural(b.target_sessions, "session",
                                                                                    "sessions"))
            target = _(" (target {target}: {status})").format(target=aim, status=_treatment_status(b.treatment_status()))
        lines.append(_("Treatment: {hours} in {sessions}{target}").format(
            hours=fmt.duration(b.hours["treatment"]), sessions=fmt.plural(b.treatment_sessions, "session", "sessions"),
            target=target))
        if view.conflicts:
            lines.append(ngettext("{n} overlap this week: see `steady schedule conflicts`.",
                                  "{n} overlaps this week: see `steady schedule conflicts`.",
                                  len(view.conflicts)).format(n=fmt.number(len(view.conflicts))))
        _write_text("\n".join(lines) + "\n")
        return EXIT_OK
    if args.format == "json":
        _write_json([{
            "first": {"item_id": c.first.item.id, "title": c.first.title,
                      "start": c.first.start.isoformat(), "end": c.first.end.isoformat()},
            "second": {"item_id": c.second.item.id, "title": c.second.title,
                       "start": c.second.start.isoformat(), "end": c.second.end.isoformat()},
            "treatment_vs_work_or_school": c.treatment_vs_commitment,
            "items": [{"item_id": s.item.id, "title": s.title, "start": s.start.isoformat(),
                       "end": s.end.isoformat()} for s in c.slots],
        } for c in found])
        return EXIT_OK
    if not found:
        print(_("No overlaps from {first} to {last}.").format(first=start.isoformat(), last=end.isoformat()))
        return EXIT_OK
    for c in found:
        _write_text(("! " if c.treatment_vs_commitment else "  ") + c.describe() + "\n")
    return EXIT_OK


def _treatment_status(status: str) -> str:
    """The week's treatment hours against the phase's target, in words (the key stays in --format json)."""
    return {"below": pgettext("treatment hours against the target", "below"), "on target": _("on target"),
            "above": pgettext("treatment hours against the target", "above"), "no target": _("no target")}.get(
                status, status)


def _cmd_export(args: argparse.Namespace, data_dir: Path) -> int:
    from app.services.transfer import export_csv, write_json

    if args.format == "xlsx" and not str(args.output).lower().endswith(".xlsx"):
        from app.domain.errors import ValidationError

        raise ValidationError("output", _("--output must name a .xlsx file for --format xlsx."))
    services = _open(data_dir)
    try:
        if args.format == "json":
            size = write_json(services.store, args.output)
            print(_("Wrote all your data to {path} ({size} bytes).").format(path=args.output, size=fmt.number(size)))
        elif args.format == "csv":
            written = export_csv(services.store, args.output)
            if len(written) == 1:
                print(_("Wrote your records to {path}.").format(path=args.output))
            else:
                print(_("Wrote {n} CSV files to {path}.").format(n=fmt.number(len(written)), path=args.output))
        elif args.format == "xlsx":
            from app.services.spreadsheet import export_xlsx

            size = export_xlsx(services.store, args.output)
            print(_("Wrote all your records to {path} ({size} bytes), a sheet per kind.").format(
                path=args.output, size=fmt.number(size)))
        elif args.format == "vcf":
            from app.services.vcard import write_vcf

            contacts = services.store.contacts.list()
            size = write_vcf(contacts, args.output)
            print(_("Wrote {contacts} to {path} ({size} bytes).").format(
                contacts=fmt.plural(len(contacts), "contact", "contacts"), path=args.output, size=fmt.number(size)))
        else:
            size = services.calendar.export_to(args.output)
            print(_("Wrote your schedule to {path} ({size} bytes).").format(path=args.output, size=fmt.number(size)))
    finally:
        services.store.close()
    return EXIT_OK


def _cmd_import(args: argparse.Namespace, data_dir: Path) -> int:
    from app.domain.errors import ValidationError
    from app.services.importing import detect_format, read_head

    kind = detect_format(args.file, read_head(args.file))
    if kind == "steady":
        return _import_steady(args, data_dir)
    if kind is None:
        raise ValidationError("file", _("{file} is neither an iCalendar (.ics) file nor a Meeting Guide "
                                        "meeting list (.json); Steady imports those two kinds of file.").format(
                                            file=args.file))
    wrong = "--fellowship" if kind == "ics" and args.fellowship is not None else (
        "--kind" if kind == "meeting_guide" and args.kind is not None else None)
    if wrong:
        if kind == "ics":
            said = _("{file} is a calendar file, and {option} is for meeting lists.")
        else:
            said = _("{file} is a Meeting Guide meeting list, and {option} is for calendar files.")
        print(error_line(said.format(file=args.file, option=wrong)), file=sys.stderr)
        return EXIT_USAGE
    if kind == "ics":
        return _import_calendar(args, data_dir)
    return _import_meetings(args, data_dir)


def _action(key: str) -> str:
    """What an import does with one entry (add, update, same), in words."""
    return {"add": pgettext("an import's plan", "add"), "update": pgettext("an import's plan", "update"),
            "same": pgettext("an import's plan", "same")}.get(key, key)


def _import_steady(args: argparse.Namespace, data_dir: Path) -> int:
    from app.services.transfer import plan_json_import, read_export_file

    if args.kind is not None or args.fellowship is not None:
        print(error_line(_("{file} is a Steady export, and --kind and --fellowship are for calendar files and "
                           "meeting lists.").format(file=args.file)), file=sys.stderr)
        return EXIT_USAGE
    data = read_export_file(args.file)
    services = _open(data_dir)
    try:
        plan = plan_json_import(services.store, data, source=Path(args.file).name)
        for warning in plan.warnings:
            print(_("warning: {warning}").format(warning=warning), file=sys.stderr)
        made = (_(" on {moment} UTC").format(moment=f"{plan.exported_at.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M}")
                if plan.exported_at else "")
        by = _(" by Steady {version}").format(version=_clean_cell(plan.app_version, 40)) if plan.app_version else ""
        print(_("A Steady export made{made}{by} (format version {version}).").format(made=made, by=by,
                                                                                     version=plan.version))
        rows = [(_clean_cell(label, 40), add, update, unchanged) for label, add, update, unchanged in plan.rows()]
        width = max([18, *(len(row[0]) for row in rows)])
        for label, add, update, unchanged in rows:
            _write_text(_("{kind} {add} to add {update} to update {unchanged} unchanged").format(
                kind=f"{label:<{width}}", add=f"{fmt.number(add):>7}", update=f"{fmt.number(update):>7}",
                unchanged=f"{fmt.number(unchanged):>7}") + "\n")
        if args.dry_run:
            print(_("Dry run: {summary}; nothing written.").format(summary=plan.summary()))
            return EXIT_OK
        result = services.transfer.apply(plan)
    finally:
        services.store.close()
    print(result.text(args.file))
    return EXIT_OK


def _import_calendar(args: argparse.Namespace, data_dir: Path) -> int:
    from app.services.ics_import import plan_import, read_import_file

    data = read_import_file(args.file)
    services = _open(data_dir)
    try:
        plan = plan_import(services.store, data, kind=args.kind or "work", source=Path(args.file).name)
        for warning in plan.warnings:
            print(_("warning: {warning}").format(warning=warning), file=sys.stderr)
        width = max(7, len(_action("add")), len(_action("update")))
        for item in plan.to_add:
            _write_text(f"{_action('add'):<{width}} {item.start:%Y-%m-%d %H:%M}  {item.title}\n")
        for item in plan.to_update:
            _write_text(f"{_action('update'):<{width}} {item.start:%Y-%m-%d %H:%M}  {item.title}\n")
        if args.dry_run:
            print(_("Dry run: {add} to add, {update} to update; nothing written.").format(
                add=len(plan.to_add), update=len(plan.to_update)))
            return EXIT_OK
        result = services.calendar.apply(plan)
    finally:
        services.store.close()
    print(_("Imported {file}: {added} added, {updated} updated, {skipped} skipped with a warning.").format(
        file=args.file, added=result.added, updated=result.updated, skipped=result.skipped))
    return EXIT_OK


def _import_meetings(args: argparse.Namespace, data_dir: Path) -> int:
    from app.domain import fields as F
    from app.domain.records import MEETING_FORMATS, SupportGroup
    from app.services.meeting_guide import plan_meetings, read_feed_file, result_text, summary_text

    fellowship = "aa"
    if args.fellowship is not None:
        fellowship = F.parse_text(F.spec_named(SupportGroup, "fellowship"), args.fellowship) or "aa"
    data = read_feed_file(args.file)
    formats = dict(MEETING_FORMATS)
    services = _open(data_dir)
    try:
        plan = plan_meetings(services.store, data, fellowship=fellowship, source=Path(args.file).name)
        for warning in plan.warnings:
            print(_("warning: {warning}").format(warning=warning), file=sys.stderr)
        lines = []
        width = max([7, *(len(_action(c.action)) for c in plan.candidates)])
        for c in plan.candidates:
            g = c.group
            when = g.when_text + (f"–{fmt.time(g.end_time)}" if g.weekday is not None and g.end_time else "")
            extra = f"  [{c.types_text}]" if g.meeting_types else ""
            if g.meeting_format != "in_person":
                extra += f"  ({i18n._(formats[g.meeting_format]).lower()})"
            lines.append(f"{_action(c.action):<{width}} {when:<22} {_clean_cell(g.name, 60)}{_clean_cell(extra, 200)}\n")
        _write_text("".join(lines))
        if args.dry_run:
            print(_("Dry run: {summary}; nothing written.").format(summary=summary_text(plan)))
            return EXIT_OK
        result = services.meetings.apply(plan)
    finally:
        services.store.close()
    print(result_text(result, args.file))
    return EXIT_OK


def _cmd_goals(args: argparse.Namespace, data_dir: Path) -> int:
    if args.goals_command == "add":
        args.record_kind = "goal"
        return _cmd_add(args, data_dir)
    services = _open(data_dir)
    try:
        service = services.goals
        if args.goals_command == "list":
            progress = service.all_progress(include_archived=args.all)
        else:
            new = service.record_milestones()
            milestones = service.milestones()
            goal_titles = {g.id: g.title for g in service.goals(include_archived=True)}
    finally:
        services.store.close()
    if args.goals_command == "list":
        return _print_goals(progress, args.format)
    return _print_milestones(milestones, new, goal_titles, args.format)


def _print_goals(progress, output_format: str) -> int:
    if output_format == "json":
        _write_json([{
            "id": p.goal.id, "title": p.goal.title, "kind": p.goal.kind, "period": p.goal.period,
            "unit": p.goal.unit, "status": p.status, "final": p.final, "current": p.current,
            "target": p.target, "fraction": round(p.fraction, 4), "text": p.text,
            "met_on": p.met_on.isoformat() if p.met_on else None, "archived": p.goal.archived,
            "suggested_end_date": p.suggested_end.isoformat() if p.suggested_end else None,
            "history": [{"week_start": h.week_start.isoformat(), "actual": h.actual, "target": h.target,
                         "met": h.met} for h in p.history],
        } for p in progress])
        return EXIT_OK
    if not progress:
        print(_("No goals yet. Set one, like 3 meetings a week: "
                "steady goals add --title \"Go to 3 meetings a week\" --kind meetings_per_week --target 3"))
        return EXIT_OK
    header = ["id", "Goal", "Status", "Now", "Target"]
    from app.services.goals import status_label

    rows = [[p.goal.id[:8], _clean_cell(p.goal.title), status_label(p.status), _fmt(p.current) if p.current is not None else "–",
             _fmt(p.target) if p.target is not None else "–"] for p in progress]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)) + "  Progress",
             "  ".join("-" * w for w in widths) + "  --------"]
    for p, row in zip(progress, rows, strict=False):
        offer = _(" (move the end date to {day}?)").format(day=p.suggested_end) if p.suggested_end else ""
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + _clean_cell(p.text + offer, 200))
    _write_text("\n".join(lines) + "\n")
    return EXIT_OK


def _print_milestones(milestones, new, goal_titles: dict[str, str], output_format: str) -> int:
    from app.domain import fields as F
    from app.domain.records import Milestone

    if output_format == "json":
        _write_json([m.to_plain() for m in milestones])
        return EXIT_OK
    if new:
        print(_("{milestones} recorded: well done.").format(
            milestones=fmt.plural(len(new), "new milestone", "new milestones")))
    if not milestones:
        print(_("No milestones yet. Steady records sober-day marks, 90 meetings in 90 days, finished "
                "program phases and goals met as you reach them."))
        return EXIT_OK
    kinds = F.spec_named(Milestone, "kind")
    header = ["Reached on", "Milestone", "Kind", "Goal", "Target date"]
    rows = [[m.reached_on.isoformat() if m.reached_on else _("not yet"), m.title, i18n._(kinds.choice_label(m.kind)),
             goal_titles.get(m.goal_id, "") if m.goal_id else "",
             m.target_date.isoformat() if m.target_date else ""] for m in milestones]
    _print_table(header, rows)
    return EXIT_OK


def _cmd_report(args: argparse.Namespace, data_dir: Path) -> int:
    from app.domain.errors import ValidationError
    from app.services.reports import preset_range

    start = _parse_date(args.start, "from", "--from")
    end = _parse_date(args.end, "to", "--to")
    if not args.output.lower().endswith(".pdf"):
        raise ValidationError("output", _("--output must name a .pdf file."))
    if args.kind == "aftercare" and not args.wallet_card:
        return cli_treatment.report(args, data_dir)
    if args.kind == "safety-plan" or args.wallet_card:
        from app import cli_plan

        return cli_plan.report(args, data_dir)
    from app import cli_reports

    cli_reports.check_options(args)
    if args.kind == "session-prep":
        return cli_reports.session_prep(args, data_dir)
    services = _open(data_dir)
    try:
        service = services.reports
        if start is None and end is None:  # the last 12 whole weeks, Monday to Sunday
            first, last = preset_range(12, service.today())
        else:
            first, last = start or preset_range(12, service.today())[0], end or service.today()
        if args.kind == "counselor":
            chosen: tuple[str, ...] | str = "all" if args.include_notes == "all" else ()
            if args.include_note:
                if args.include_notes == "all":
                    raise ValidationError("include_note", _("Use either --include-notes all or --include-note ID, "
                                                            "not both."))
                in_period = {n.id for n in service.notes(first, min(last, service.today()))}
                missing = [i for i in args.include_note if i not in in_period]
                if missing:
                    raise ValidationError("include_note", _("{id} is not a note from {first} to {last}; "
                                                            "`steady list coping --format json` (or checkin, "
                                                            "selfcare) shows the ids.").format(
                                                                id=missing[0][:60], first=first, last=last))
                chosen = tuple(args.include_note)
            report = service.counselor(first, last, include_notes=chosen, include_use=args.include_use)
        else:
            report = service.attendance(first, last, include=args.include, generic=args.generic_titles,
                                        case_number=args.case_number or "")
    finally:
        services.store.close()
    _app = _pdf_application()
    from app.reports import render_pdf  # Qt: loaded for this command only

    size = render_pdf(report, args.output, page_size=args.page_size, name=args.name)  # StoreError: one sentence
    if args.kind == "counselor":
        said = _("Wrote the counselor summary for {first} to {last} to {path} ({size} bytes).")
    else:
        said = _("Wrote the attendance record for {first} to {last} to {path} ({size} bytes).")
    print(said.format(first=report.first, last=report.last, path=args.output, size=fmt.number(size)))
    return EXIT_OK


def _cmd_help_now(args: argparse.Namespace, data_dir: Path) -> int:
    services = _open(data_dir)
    try:
        help_now = services.crisis.help_now()
    finally:
        services.store.close()
    if args.format == "json":
        _write_json(help_now.to_plain())
        return EXIT_OK
    lines = [_("People you can call")]
    lines += [f"  {c.name} ({i18n._(c.role)}): {c.phone or _('no number saved')}" for c in help_now.contacts] or [
        "  " + _("None marked yet: tick “Call in a crisis” on a support contact "
                 "(steady add contact --emergency yes).")]
    if help_now.country is None:
        lines += ["", _("Crisis lines: Steady does not know your country; set it with "
                        "steady settings set crisis.country CC (e.g. US, GB, AU).")]
    else:
        title = (_("Crisis lines in {country} (your own list)") if help_now.own_lines
                 else _("Crisis lines in {country}"))
        lines += ["", title.format(country=help_now.country_name)]
        lines += [f"  {line.number:<16} {line.name}: {line.how.lower()}. {line.purpose}" for line in help_now.lines] \
            or ["  " + _("Steady has no lines for this country yet; add your own in Preferences ▸ Crisis lines.")]
    if help_now.plan_steps:
        lines += ["", _("Your safety plan, first steps")] + [f"  {step}" for step in help_now.plan_steps]
    lines += ["", help_now.sends_nothing]
    _write_text("\n".join(_clean_cell(line, 400) for line in lines) + "\n")
    return EXIT_OK


def _cmd_settings(args: argparse.Namespace, data_dir: Path) -> int:
    from app.services.settings import get_setting, set_setting

    services = _open(data_dir)
    try:
        if args.settings_command == "set":
            value = set_setting(services.store, args.key, args.value)
            print(f"{args.key} = {value}")
        else:
            current, default = get_setting(services.store, args.key)
            print("" if current is None else current)
            if default:
                print(_("({key} is not set; this is the default)").format(key=args.key), file=sys.stderr)
    finally:
        services.store.close()
    return EXIT_OK


def _cmd_plan(args: argparse.Namespace, data_dir: Path) -> int:
    from app import cli_plan

    return cli_plan.command(args, data_dir)


def _cmd_insights(args: argparse.Namespace, data_dir: Path) -> int:
    from app import cli_insights

    return cli_insights.command(args, data_dir)


def _cmd_check(args: argparse.Namespace, data_dir: Path) -> int:
    store = _open(data_dir, create=False, daily_backup=False).store  # a check only looks
    try:
        problems = store.integrity_problems()
        unreadable = store.text_problems()
        count = store.record_count()
    finally:
        store.close()
    if problems:
        print(_("steady: the data file {path} has problems:").format(path=store.path), file=sys.stderr)
        for p in problems[:20]:
            print(f"  {p}", file=sys.stderr)
        print(_("Restore a backup from the backups folder next to it."), file=sys.stderr)
        return EXIT_STORE
    if unreadable:
        print(_("steady: some text in the data file {path} was changed on disk and is no longer "
                "readable; Steady shows those characters as �:").format(path=store.path), file=sys.stderr)
        for p in unreadable[:20]:
            print(f"  {p}", file=sys.stderr)
        print(_("Edit those records to put the words right, or restore a backup from before the change "
                "(the backups folder next to it)."), file=sys.stderr)
        return EXIT_STORE
    print(_("ok: {path} is healthy ({records}).").format(path=store.path,
                                                         records=fmt.plural(count, "record", "records")))
    return EXIT_OK


def _cmd_backup(args: argparse.Namespace, data_dir: Path) -> int:
    from app.services.backups import is_data_file

    out = Path(args.output).expanduser() if args.output else None
    if out is not None and out.is_dir():
        print(error_line(_("--output {path} is a folder; give a file name, e.g. {example}.").format(
            path=out, example=out / "steady-backup.db")), file=sys.stderr)
        return EXIT_USAGE
    if out is not None and is_data_file(data_dir, out):
        print(error_line(_("--output {path} is Steady's own data file; give another name or place for the "
                           "copy.").format(path=out)), file=sys.stderr)
        return EXIT_USAGE
    services = _open(data_dir, create=False, daily_backup=False)
    try:
        info = services.backups.copy_to(out) if out is not None else services.backups.back_up_now()
    finally:
        services.store.close()
    print(_("Backed up {records} to {path} ({size} bytes).").format(
        records=fmt.plural(info.total, "record", "records"), path=info.path, size=fmt.number(info.size)))
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace, data_dir: Path) -> int:
    from app import cli_crypt
    from app.services.backups import restore_file

    source = Path(args.file).expanduser()
    key, current_key = cli_crypt.restore_keys(data_dir, source)
    result = restore_file(data_dir, source, key=key, current_key=current_key)
    # Proves the restored file opens (and migrates it if it is older).
    store = _open(data_dir, create=False, daily_backup=False).store
    try:
        count = store.record_count()
    finally:
        store.close()
    print(_("Restored {records} from {path}.").format(records=fmt.plural(count, "record", "records"),
                                                       path=result.restored_from))
    if result.safety_copy is not None:
        print(_("The data file as it was before is in {path}.").format(path=result.safety_copy))
    return EXIT_OK


def _cmd_crypt(args: argparse.Namespace, data_dir: Path) -> int:
    from app import cli_crypt

    return cli_crypt.command(args, data_dir)


def _pdf_application():
    """The Qt application a PDF command needs (fonts and painting, no window), made off
    screen where there is no display. Qt is imported here, for these commands only."""
    if _no_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a PDF needs fonts, not a screen
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["steady"])


def _no_display() -> bool:
    """On Linux and the BSDs, no X11 or Wayland display and no platform chosen by hand."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


def _run_gui(args: argparse.Namespace, data_dir: Path) -> int:
    if _no_display():
        if args.smoke:
            # A smoke run checks start-up, not the screen: draw off screen rather than abort.
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        else:
            print(error_line(_("there is no display to open the window on (DISPLAY and "
                               "WAYLAND_DISPLAY are unset); run it in your desktop session, or use the "
                               "command line (steady --help).")), file=sys.stderr)
            return EXIT_STORE
    from app.main import run_gui

    return run_gui(data_dir, smoke=args.smoke, started_at=_STARTED)


# --- entry point ----------------------------------------------------------------------------------


def _bad_utf8(argv: Sequence[str]) -> int | None:
    for i, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return i
    return None


def _log_unexpected(data_dir: Path | None) -> Path | None:
    """Append what went wrong to logs/steady-error.log in the data folder (the one error-log
    writer, shared with the window): exception types and where they were raised, never their
    messages or values. Without a usable data folder the same lines go to stderr."""
    from app.services.error_log import describe_exception, write_error_log

    exc = sys.exc_info()[1]
    return write_error_log(data_dir, describe_exception(exc) if exc is not None else "(no exception)\n")


class _TerminalSafe:
    """stdout/stderr that drop control characters (ESC, CR, BEL, C1 …) from everything written,
    keeping tab and newline: a calendar's SUMMARY or a typed argument echoed back must not be
    able to move the cursor, retitle the terminal or hide a line."""

    _CONTROL: Any = None  # the pattern, compiled by the first instance

    def __init__(self, stream):
        import re

        self._stream = stream
        if _TerminalSafe._CONTROL is None:
            _TerminalSafe._CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

    def write(self, text: str) -> int:
        # … and what the terminal cannot show (a lone surrogate from a broken file) becomes "?".
        encoding = getattr(self._stream, "encoding", None) or "utf-8"
        clean = self._CONTROL.sub("", text).encode(encoding, "replace").decode(encoding, "replace")
        self._stream.write(clean)
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _TerminalSafe(out), _TerminalSafe(err)
    try:
        return _main(argv)
    finally:
        if isinstance(sys.stdout, _TerminalSafe):  # not when a broken pipe swapped in devnull
            sys.stdout = out
        if isinstance(sys.stderr, _TerminalSafe):
            sys.stderr = err


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    bad = _bad_utf8(argv)
    if bad is not None:
        i18n.use_language(i18n.language_from_environment())  # this error comes before the parser
        print(error_line(_("argument {n} is not valid UTF-8 text; check your terminal's "
                           "encoding and type it again.").format(n=bad)), file=sys.stderr)
        return EXIT_INVALID
    data_dir: Path | None = None
    try:
        from app.domain.errors import ValidationError
        from app.storage import StoreError, resolve_data_dir

        i18n.use_language(i18n.language_from_environment())  # the window chooses again (Preferences)
        args = _gui_args(argv) or _build_parser().parse_args(argv)
        fmt.use(fmt.style_from_environment())  # the window chooses again from Qt's locale
        data_dir = resolve_data_dir(getattr(args, "data_dir", None))
        from app import cli_crypt

        cli_crypt.remember(args)
        command = {
            "add": _cmd_add, "list": _cmd_list, "delete": _cmd_delete, "demo": _cmd_demo, "check": _cmd_check,
            "schedule": _cmd_schedule, "export": _cmd_export, "import": _cmd_import,
            "goals": _cmd_goals, "report": _cmd_report, "backup": _cmd_backup, "restore": _cmd_restore,
            "help-now": _cmd_help_now, "settings": _cmd_settings,
            "plan": _cmd_plan, "insights": _cmd_insights, **cli_treatment.COMMANDS,
            **dict.fromkeys(cli_crypt.COMMANDS, _cmd_crypt),
        }.get(args.command, _run_gui)
        try:
            code = command(args, data_dir)
            if code == EXIT_OK and args.command in ("export", "report"):
                cli_crypt.plain_output_note(args)  # exports are plain files by nature
            return code
        except ValidationError as exc:
            print(error_line(exc.message), file=sys.stderr)
            return EXIT_INVALID
        except StoreError as exc:
            print(error_line(exc.message), file=sys.stderr)
            return EXIT_STORE
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_USAGE)
    except KeyboardInterrupt:
        print(_("steady: interrupted; nothing more was written."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `steady list coping | head`): not an error.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except Exception:
        log = _log_unexpected(data_dir)
        print(_("steady: an unexpected error stopped this command; nothing more was written. "
                "Details are in {path}.").format(path=log), file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    raise SystemExit(main())
