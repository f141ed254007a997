"""The treatment details on the command line: the kinds `steady add` and `steady list` take
(drug-screen, callin, medication, dose, homework; aftercare is listed), `steady doses` (the
day's doses and what is logged), `steady aftercare show|add|remove` and `steady report
aftercare`. Kept apart from `app.cli`, whose shared helpers (opening the store, tables,
JSON) it uses; importing this module loads nothing but argparse."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

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

    doses = sub.add_parser("doses", parents=[common], help="the day's medication doses and what is logged",
                           description="Each dose due on the day (default today) of the medications you take, "
                                       "with Taken, Not taken or blank. Log one with: steady add dose "
                                       "--medication NAME [--slot N] [--status taken|missed].")
    doses.add_argument("--day", metavar="DATE", default=None, help="the day (YYYY-MM-DD; default: today)")
    doses.add_argument("--format", choices=("table", "json"), default="table")

    keys = ", ".join(k for k, _ in AFTERCARE_SECTIONS)
    after = sub.add_parser("aftercare", parents=[common], help="your aftercare (discharge) plan")
    after_sub = after.add_subparsers(dest="aftercare_command", metavar="WHAT", required=True, parser_class=parser_class)
    show = after_sub.add_parser("show", parents=[common], help="the plan, section by section")
    show.add_argument("--format", choices=("table", "json"), default="table")
    add = after_sub.add_parser("add", parents=[common], help="add a line at the end of a section and print its id")
    add.add_argument("section", metavar="SECTION", help=keys)
    add.add_argument("text", metavar="TEXT", help="the line, in your own words")
    rm = after_sub.add_parser("remove", parents=[common], help="remove a line (its id, or the first 8 characters)")
    rm.add_argument("id", metavar="ID")


def after_add(services, record) -> str:
    """What `steady add` does after writing a record of these kinds: a dose lets the day's
    check-in take the dose log's answer (app.services.treatment). Returns a line for stderr."""
    from app.domain.records import DoseLog

    if isinstance(record, DoseLog):
        filled = services.treatment.fill_checkin(record.day)
        if filled is not None:
            answer = "yes" if filled[1].medication_taken else "no"
            return f"The check-in of {record.day.isoformat()} now says Medication taken: {answer} (from your doses)."
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
    status = {"taken": "Taken", "missed": "Not taken"}
    if args.format == "json":
        C._write_json({"day": day.isoformat(), "medication_taken": answer, "doses": [
            {"medication_id": d.medication.id, "medication": d.medication.name, "dose": d.medication.dose,
             "slot": d.slot, "time": d.time.strftime("%H:%M") if d.time else None,
             "status": d.log.status if d.log else None} for d in due]})
        return C.EXIT_OK
    if not due:
        print(f"No doses due on {day.isoformat()}. Add a medication with: steady add medication --name NAME "
              "--times-per-day N")
        return C.EXIT_OK
    C._print_table(["Medication", "Dose", "When", "Logged"],
                   [[d.medication.name, d.medication.dose, d.label, status.get(d.log.status, "") if d.log else ""]
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
            print(f"Removed “{item.text}” from {plan.section(item.section).title}.")
            return C.EXIT_OK
        grouped = plan.by_section()
    finally:
        services.store.close()
    sections = list(plan.sections.values())
    if args.format == "json":
        C._write_json([{"section": s.key, "title": s.title, "items": [i.to_plain() for i in grouped[s.key]]}
                       for s in sections])
        return C.EXIT_OK
    lines: list[str] = ["AFTERCARE PLAN"]
    for s in sections:
        lines.append(f"  {s.title} ({s.key})")
        lines += [f"    {i.id[:8]}  {C._clean_cell(i.text, 200)}" for i in grouped[s.key]]
        if not grouped[s.key]:
            lines.append("    (nothing yet)")
    if all(not items for items in grouped.values()):
        lines.append("\nYour aftercare plan is empty. Add a line with: "
                     "steady aftercare add meetings \"Tuesday night home group\"")
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
    hint = "" if not printable.is_empty else " Your plan is empty so far: add lines with `steady aftercare add`."
    print(f"Wrote your aftercare plan to {args.output} ({saved.size:,} bytes).{hint}")
    return C.EXIT_OK


COMMANDS: dict[str, Any] = {"doses": _doses, "aftercare": _aftercare}

__all__ = ["ADD_KINDS", "COMMANDS", "LIST_ONLY_KINDS", "add_parser", "after_add", "aliases", "kind_name", "report"]
