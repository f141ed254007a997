"""The treatment details on the command line: the kinds `steady add` and `steady list` take
(drug-screen, callin, medication, dose, homework; aftercare is listed), `steady doses` (the
day's doses and what is logged), `steady aftercare show|add|remove` and `steady report
aftercare`. Kept apart from `app.cli`, whose shared helpers (opening the store, tables,
JSON) it uses; importing this module loads nothing but argparse."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.domain import i18n
from app.domain.i18n import _, pgettext

# Kinds `steady add` takes, and those only listed (the aftercare plan's lines are added with
# `steady aftercare add`, which puts each at the end of its section).
ADD_KINDS = ("drug_screen", "callin", "medication", "dose", "homework")
LIST_ONLY_KINDS = ("aftercare",)


def kind_name(text: str) -> str:
    """ "drug-screen" and "drug_screen" name the same kind."""
    return text.strip().replace("-", "_")


def aliases(name: str) -> list[str]:
    return [name.replace("_", "-")] if "_" in name else []


def add_parser(sub, common: argparse.ArgumentParser, parser_class: type) -> None:
    from app.domain.records import AFTERCARE_SECTIONS

    doses = sub.add_parser("doses", parents=[common], help=_("the day's medication doses and what is logged"),
                           description=_("Each dose due on the day (default today) of the medications you take, "
                                         "with Taken, Not taken or blank. Log one with: steady add dose "
                                         "--medication {name} [--slot N] [--status taken|missed].").format(
                                             name=pgettext("metavar", "NAME")))
    doses.add_argument("--day", metavar=pgettext("metavar", "DATE"), default=None,
                       help=_("the day (YYYY-MM-DD; default: today)"))
    doses.add_argument("--format", choices=("table", "json"), default="table")

    keys = ", ".join(k for k, _title in AFTERCARE_SECTIONS)
    after = sub.add_parser("aftercare", parents=[common], help=_("your aftercare (discharge) plan"))
    after_sub = after.add_subparsers(dest="aftercare_command", metavar=pgettext("metavar", "WHAT"), required=True,
                                     parser_class=parser_class)
    show = after_sub.add_parser("show", parents=[common], help=_("the plan, section by section"))
    show.add_argument("--format", choices=("table", "json"), default="table")
    add = after_sub.add_parser("add", parents=[common], help=_("add a line at the end of a section and print its id"))
    add.add_argument("section", metavar=pgettext("metavar", "SECTION"), help=keys)
    add.add_argument("text", metavar=pgettext("metavar", "TEXT"), help=_("the line, in your own words"))
    rm = after_sub.add_parser("remove", parents=[common], help=_("remove a line (its id, or the first 8 characters)"))
    rm.add_argument("id", metavar="ID")


def after_add(services, record) -> str:
    """What `steady add` does after writing a record of these kinds: a dose lets the day's
    check-in take the dose log's answer (app.services.treatment). Returns a line for stderr."""
    from app.domain.records import DoseLog

    if isinstance(record, DoseLog):
        filled = services.treatment.fill_checkin(record.day)
        if filled is not None:
            if filled[1].medication_taken:
                said = _("The check-in of {day} now says Medication taken: yes (from your doses).")
            else:
                said = _("The check-in of {day} now says Medication taken: no (from your doses).")
            return said.format(day=record.day.isoformat())
    return ""


def _doses(args: argparse.Namespace, data_dir: Path) -> int:
    from app import cli as C

    day = C._parse_date(args.day, "day", "--day")
    services = C._open(data_dir)
    try:
        treatment = services.treatment
        day = day or services.clock.now().date()
        due = treatment.doses(day)
        answer = treatment.medication_answer(day)
    finally:
        services.store.close()
    status = {"taken": _("Taken"), "missed": _("Not taken")}
    if args.format == "json":
        C._write_json({"day": day.isoformat(), "medication_taken": answer, "doses": [
            {"medication_id": d.medication.id, "medication": d.medication.name, "dose": d.medication.dose,
             "slot": d.slot, "time": d.time.strftime("%H:%M") if d.time else None,
             "status": d.log.status if d.log else None} for d in due]})
        return C.EXIT_OK
    if not due:
        print(_("No doses due on {day}. Add a medication with: steady add medication --name {name} "
                "--times-per-day N").format(day=day.isoformat(), name=pgettext("metavar", "NAME")))
        return C.EXIT_OK
    C._print_table(["Medication", "Dose", "When", "Logged"],
                   [[d.medication.name, d.medication.dose, i18n._(d.label), status.get(d.log.status, "") if d.log else ""]
                    for d in due])
    return C.EXIT_OK


def _aftercare(args: argparse.Namespace, data_dir: Path) -> int:
    from app import cli as C

    services = C._open(data_dir)
    try:
        plan = services.treatment.aftercare
        if args.aftercare_command == "add":
            item = plan.add(args.section, args.text)
            print(item.id)
            return C.EXIT_OK
        if args.aftercare_command == "remove":
            item = plan.remove(args.id)
            print(_("Removed “{line}” from {section}.").format(line=item.text,
                                                               section=i18n._(plan.section(item.section).title)))
            return C.EXIT_OK
        grouped = plan.by_section()
    finally:
        services.store.close()
    sections = list(plan.sections.values())
    if args.format == "json":
        C._write_json([{"section": s.key, "title": s.title, "items": [i.to_plain() for i in grouped[s.key]]}
                       for s in sections])
        return C.EXIT_OK
    lines: list[str] = [_("Aftercare plan").upper()]
    for s in sections:
        lines.append(f"  {i18n._(s.title)} ({s.key})")
        lines += [f"    {i.id[:8]}  {C._clean_cell(i.text, 200)}" for i in grouped[s.key]]
        if not grouped[s.key]:
            lines.append("    " + _("(nothing yet)"))
    if all(not items for items in grouped.values()):
        lines.append("\n" + _("Your aftercare plan is empty. Add a line with: "
                              "steady aftercare add meetings \"Tuesday night home group\""))
    C._write_text("\n".join(lines) + "\n")
    return C.EXIT_OK


def report(args: argparse.Namespace, data_dir: Path) -> int:
    """`steady report aftercare`: the aftercare plan as a PDF."""
    from app import cli as C

    services = C._open(data_dir)
    try:
        printable = services.treatment.printable_aftercare()
    finally:
        services.store.close()
    _app = C._pdf_application()
    from app.reports.aftercare import write_aftercare_plan

    saved = write_aftercare_plan(printable, args.output, page_size=args.page_size, name=args.name)
    hint = "" if not printable.is_empty else " " + _("Your plan is empty so far: add lines with `steady aftercare add`.")
    print(_("Wrote your aftercare plan to {path} ({size} bytes).").format(path=args.output,
                                                                          size=C.fmt.number(saved.size)) + hint)
    return C.EXIT_OK


COMMANDS: dict[str, Any] = {"doses": _doses, "aftercare": _aftercare}

__all__ = ["ADD_KINDS", "COMMANDS", "LIST_ONLY_KINDS", "add_parser", "after_add", "aliases", "kind_name", "report"]
