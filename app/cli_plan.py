"""`steady plan show|add|remove`: the safety plan and relapse-prevention plan on the command
line. Kept apart from `app.cli` so that module stays a list of commands; the shared helpers
(opening the store, tables, JSON) are `app.cli`'s own."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.domain import i18n
from app.domain.i18n import _, pgettext


def add_parser(sub, common: argparse.ArgumentParser, parser_class: type) -> None:
    from app.services.plans import SECTIONS

    keys = ", ".join(s.key for s in SECTIONS)
    plan = sub.add_parser("plan", parents=[common], help=_("your safety plan and relapse-prevention plan"))
    plan_sub = plan.add_subparsers(dest="plan_command", metavar=pgettext("metavar", "WHAT"), required=True,
                                   parser_class=parser_class)
    show = plan_sub.add_parser("show", parents=[common], help=_("both plans, section by section"))
    show.add_argument("--format", choices=("table", "json"), default="table")
    add = plan_sub.add_parser("add", parents=[common], help=_("add a line to a section and print its id"))
    add.add_argument("section", metavar=pgettext("metavar", "SECTION"), help=keys)
    add.add_argument("text", metavar=pgettext("metavar", "TEXT"), help=_("the line, in your own words"))
    name = pgettext("metavar", "NAME")
    add.add_argument("--contact", metavar=name, default=None,
                     help=_("link the line to a support contact (name or id)"))
    add.add_argument("--skill", metavar=name, default=None, help=_("link the line to a coping skill (name or id)"))
    rm = plan_sub.add_parser("remove", parents=[common], help=_("remove a line (its id, or the first 8 characters)"))
    rm.add_argument("id", metavar="ID")


def command(args: argparse.Namespace, data_dir: Path) -> int:
    from app import cli as C
    from app.services.plans import PLAN_TITLES, SECTIONS

    services = C._open(data_dir)
    try:
        records = services.records
        plans = services.plans
        if args.plan_command == "add":
            contact = records.resolve("contact", args.contact) if args.contact else None
            skill = None
            if args.skill:
                C._seed_skills(records)
                skill = records.resolve("skill", args.skill)
            item = plans.add(args.section, args.text, contact_id=contact, skill_id=skill)
            print(item.id)
            return C.EXIT_OK
        if args.plan_command == "remove":
            item = plans.remove(args.id)
            print(_("Removed “{line}” from {section}.").format(line=item.text,
                                                               section=i18n._(plans.section(item.section).title)))
            return C.EXIT_OK
        grouped = plans.by_section()
    finally:
        services.store.close()
    if args.format == "json":
        C._write_json([{"plan": s.plan, "section": s.key, "title": s.title,
                        "items": [i.to_plain() for i in grouped[s.key]]} for s in SECTIONS])
        return C.EXIT_OK
    lines: list[str | None] = []  # None: a blank line only between plans
    plan = ""
    for s in SECTIONS:
        if s.plan != plan:
            plan = s.plan
            lines += ["" if lines else None, i18n._(PLAN_TITLES[plan]).upper()]
        lines.append(f"  {i18n._(s.title)} ({s.key})")
        lines += [f"    {i.id[:8]}  {C._clean_cell(i.text, 200)}" for i in grouped[s.key]]
        if not grouped[s.key]:
            lines.append("    " + _("(nothing yet)"))
    if all(not items for items in grouped.values()):
        lines.append("\n" + _("Your plan is empty. Add a line with: "
                              "steady plan add warning_signs \"I stop answering my phone\""))
    C._write_text("\n".join(x for x in lines if x is not None) + "\n")
    return C.EXIT_OK


def report(args: argparse.Namespace, data_dir: Path) -> int:
    """`steady report safety-plan [--wallet-card]`: the plan on one page, or the wallet card."""
    from app import cli as C
    from app.domain.errors import ValidationError

    if args.kind != "safety-plan":
        raise ValidationError("wallet_card", _("--wallet-card goes with the safety-plan report."))
    services = C._open(data_dir)
    try:
        plan = services.reports.safety_plan()
    finally:
        services.store.close()
    _app = C._pdf_application()
    from app.reports.safety_plan import write_safety_plan

    saved = write_safety_plan(plan, args.output, wallet_card=args.wallet_card, page_size=args.page_size,
                              name=args.name)
    said = (_("Wrote your wallet card to {path} ({size} bytes).") if args.wallet_card
            else _("Wrote your safety plan to {path} ({size} bytes)."))
    hint = "" if not plan.is_empty else " " + _("Your plan is empty so far: add lines with `steady plan add`.")
    print(said.format(path=args.output, size=C.fmt.number(saved.size)) + hint)
    return C.EXIT_OK
