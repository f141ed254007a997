"""Steady's translation catalogues: find the strings, keep the .po files, compile the .mo files.

    python packaging/i18n.py update [AREA ...]   add new strings to resources/locale/<lang>/<area>.po,
                                                 drop ones the code no longer has, keep translations
    python packaging/i18n.py compile             .po → app/resources/locale/<lang>/LC_MESSAGES/<area>.mo
    python packaging/i18n.py check [AREA ...]    what is missing, stale or wrong (exit 1 if anything)
    python packaging/i18n.py stats               strings and translations per area

The rule it enforces is app/domain/i18n.py's: a string reaches the catalogue through `_("…")`,
`N_("…")`, `ngettext("…", "…", n)`, `pgettext("context", "…")` or `plural(n, "…", "…")`
with literal text (an f-string, a concatenation or a formatted string there cannot be translated
and is reported), and through the fields of the data files listed in resources/locale/areas.json.
The one exception is how a marked constant is shown: `_(NAME)`, `_(obj.label)` or `_(NAMES[i])`
translates, at display time, text that was marked with `N_("…")` where it was written (or that
comes from a data file's translated fields), and `pgettext(context, text)` with neither literal
does the same for a data file whose fields have a context; it adds nothing to the catalogue.
A data file's entry in areas.json is the list of its keys whose string values people read, or
{"context": "…", "keys": [...]} to give those texts a gettext context (the self-check
instruments: one questionnaire's published wording never shares a translation with a screen's).

Each source file belongs to one area (the first of areas.json's patterns it matches), so the
people translating different parts of Steady each keep their own .po file. A string used in two
areas is in both; `check` fails when the two translations differ, so Steady says one thing one
way. polib (a test dependency) reads and writes the files; Steady itself reads only the .mo
files, with the standard library's gettext.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "resources" / "locale"
COMPILED = ROOT / "app" / "resources" / "locale"
CONFIG = SOURCES / "areas.json"

HEADER = {
    "Project-Id-Version": "Steady",
    "Language-Team": "Steady",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);"}

# name → (index of the context, index of the message, index of the plural); None = absent
KEYWORDS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "N_": (None, 0, None),
    "ngettext": (None, 0, 1),
    "pgettext": (0, 1, None),
    "plural": (None, 1, 2),
}


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    context: str | None = None
    places: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


@dataclass
class Problem:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def config() -> dict:
    return json.loads(CONFIG.read_text(encoding="utf-8"))


def languages() -> list[str]:
    return list(config()["languages"])


def area_of(path: Path) -> str | None:
    """The area a source file belongs to (the first pattern that matches), or None."""
    relative = path.relative_to(ROOT).as_posix()
    for name, spec in config()["areas"].items():
        if any(fnmatch.fnmatch(relative, pattern) for pattern in spec.get("code", [])):
            return name
    return None


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def extract_python(path: Path) -> tuple[list[Message], list[Problem]]:
    relative = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
    found: list[Message] = []
    problems: list[Problem] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        if name not in KEYWORDS:
            continue
        if name == "_" and not isinstance(node.func, ast.Name):
            continue  # obj._(…) is someone else's method
        context_at, message_at, plural_at = KEYWORDS[name]
        wanted = [i for i in (context_at, message_at, plural_at) if i is not None]
        if len(node.args) <= max(wanted):
            if name == "plural":
                problems.append(Problem(f"{relative}:{node.lineno}", "plural() needs the word and its plural"))
            continue
        if name == "_" and isinstance(node.args[0], (ast.Name, ast.Attribute, ast.Subscript)):
            continue  # a constant marked with N_() where it was written, shown here
        if name == "pgettext" and all(isinstance(node.args[i], (ast.Name, ast.Attribute, ast.Subscript))
                                      for i in wanted):
            continue  # a data file's text with its context (areas.json), shown here
        values: list[str] = []
        for index in wanted:
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                values.append(arg.value)
            else:
                problems.append(Problem(f"{relative}:{node.lineno}",
                                        f"{name}() needs literal text, not {ast.unparse(arg)[:60]!r}"))
                break
        else:
            context = values.pop(0) if context_at is not None else None
            msgid = values[0]
            plural = values[1] if plural_at is not None else None
            if msgid:
                found.append(Message(msgid, plural, context, [f"{relative}:{node.lineno}"]))
    return found, problems


def _json_strings(value: object, keys: set[str], inside: bool = False) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _json_strings(inner, keys, key in keys)
    elif isinstance(value, list):
        for inner in value:
            yield from _json_strings(inner, keys, inside)
    elif isinstance(value, str) and inside and value.strip():
        yield value


def extract_area(area: str) -> tuple[dict[tuple[str | None, str], Message], list[Problem]]:
    spec = config()["areas"][area]
    messages: dict[tuple[str | None, str], Message] = {}
    problems: list[Problem] = []

    def add(message: Message) -> None:
        known = messages.get(message.key)
        if known is None:
            messages[message.key] = message
            return
        known.places += message.places
        if message.plural and known.plural and message.plural != known.plural:
            problems.append(Problem(message.places[0], f"{message.msgid!r} has two plurals"))
        known.plural = known.plural or message.plural

    for path in sorted(ROOT.glob("app/**/*.py")):
        if area_of(path) != area:
            continue
        found, trouble = extract_python(path)
        problems += trouble
        for message in found:
            add(message)
    for relative, fields in spec.get("json", {}).items():
        data = json.loads((ROOT / relative).read_text(encoding="utf-8"))
        context, keys = (fields.get("context"), fields["keys"]) if isinstance(fields, dict) else (None, fields)
        for text in _json_strings(data, set(keys)):
            add(Message(text, context=context, places=[relative]))
    return messages, problems


def po_path(language: str, area: str) -> Path:
    return SOURCES / language / f"{area}.po"


def mo_path(language: str, area: str) -> Path:
    return COMPILED / language / "LC_MESSAGES" / f"{area}.mo"


def load_po(language: str, area: str) -> polib.POFile:
    path = po_path(language, area)
    if path.exists():
        return polib.pofile(str(path), wrapwidth=100)
    po = polib.POFile(wrapwidth=100)
    po.metadata = {**HEADER, "Language": language, "Plural-Forms": PLURAL_FORMS.get(language, "")}
    return po


def update(areas: list[str]) -> None:
    for language in languages():
        for area in areas:
            messages, problems = extract_area(area)
            for problem in problems:
                print(problem, file=sys.stderr)
            po = load_po(language, area)
            old = {(e.msgctxt, e.msgid): e for e in po}
            fresh = polib.POFile(wrapwidth=100)
            fresh.metadata = {**HEADER, "Language": language, "Plural-Forms": PLURAL_FORMS.get(language, ""),
                              **{k: v for k, v in po.metadata.items() if k.startswith("X-")}}
            for key in sorted(messages, key=lambda k: (k[0] or "", k[1])):
                message = messages[key]
                entry = old.get(key)
                if entry is None:
                    entry = polib.POEntry(msgid=message.msgid, msgctxt=message.context, msgstr="")
                    if message.plural:
                        entry.msgid_plural = message.plural
                        entry.msgstr_plural = {0: "", 1: ""}
                        entry.msgstr = ""
                elif message.plural and entry.msgid_plural != message.plural:
                    entry.msgid_plural = message.plural
                entry.occurrences = [tuple(p.rsplit(":", 1)) if ":" in p else (p, "") for p in message.places[:6]]
                entry.obsolete = False
                fresh.append(entry)
            po_path(language, area).parent.mkdir(parents=True, exist_ok=True)
            fresh.save(str(po_path(language, area)))
            done = sum(1 for e in fresh if _translated(e))
            print(f"{language}/{area}.po: {len(fresh)} strings, {done} translated")


def _translated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(v.strip() for v in entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())


def mo_bytes(po: polib.POFile) -> bytes:
    """The compiled catalogue: translated entries only (an empty msgstr would hide the English)."""
    out = polib.POFile()
    out.metadata = dict(po.metadata)
    out.metadata.pop("POT-Creation-Date", None)
    out.metadata.pop("PO-Revision-Date", None)
    for entry in po:
        if _translated(entry) and not entry.obsolete:
            out.append(entry)
    return bytes(out.to_binary())


def compile_all() -> list[Path]:
    written = []
    for language in languages():
        expected = set()
        for area in config()["areas"]:
            if not po_path(language, area).exists():
                continue
            target = mo_path(language, area)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = mo_bytes(load_po(language, area))
            expected.add(target)
            if not target.exists() or target.read_bytes() != data:
                target.write_bytes(data)
                written.append(target)
        for stray in (COMPILED / language / "LC_MESSAGES").glob("*.mo"):
            if stray not in expected:
                stray.unlink()
                written.append(stray)
    return written


_BRACES = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
_PERCENT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdrfxi%]")


def placeholders(text: str) -> list[str]:
    return sorted(_BRACES.findall(text)) + sorted(m for m in _PERCENT.findall(text) if m != "%%")


def check(areas: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple[str, tuple[str | None, str]], tuple[str, str]] = {}
    for path in sorted(ROOT.glob("app/**/*.py")):
        if area_of(path) is None and _mentions_keywords(path):
            problems.append(Problem(path.relative_to(ROOT).as_posix(), "belongs to no area in areas.json"))
    for language in languages():
        for area in config()["areas"]:
            po = load_po(language, area)
            if area in areas:
                messages, trouble = extract_area(area)
                problems += trouble
                entries = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
                for key, message in messages.items():
                    entry = entries.get(key)
                    if entry is None:
                        problems.append(Problem(message.places[0], f"not in {language}/{area}.po: {message.msgid!r}"
                                                " (run packaging/i18n.py update)"))
                    elif not _translated(entry):
                        problems.append(Problem(message.places[0], f"no {language} translation: {message.msgid!r}"))
                for key in entries.keys() - messages.keys():
                    problems.append(Problem(f"{language}/{area}.po", f"no longer in the code: {key[1]!r}"
                                            " (run packaging/i18n.py update)"))
                if po_path(language, area).exists():
                    compiled = mo_path(language, area)
                    if not compiled.exists() or compiled.read_bytes() != mo_bytes(po):
                        problems.append(Problem(f"{language}/{area}.po", "its .mo is out of date "
                                                "(run packaging/i18n.py compile)"))
            for entry in po:
                if not _translated(entry) or entry.obsolete:
                    continue
                forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
                for form in forms:
                    if placeholders(form) != placeholders(entry.msgid) and not (
                            entry.msgid_plural and placeholders(form) == placeholders(entry.msgid_plural)):
                        problems.append(Problem(f"{language}/{area}.po",
                                                f"placeholders differ in {entry.msgid!r} → {form!r}"))
                key = (language, (entry.msgctxt, entry.msgid))
                text = json.dumps(forms, ensure_ascii=False)
                if key in seen and seen[key][1] != text:
                    problems.append(Problem(f"{language}/{area}.po", f"{entry.msgid!r} is translated differently "
                                            f"in {seen[key][0]}.po"))
                seen.setdefault(key, (area, text))
    return problems


def _mentions_keywords(path: Path) -> bool:
    found, trouble = extract_python(path)
    return bool(found or trouble)


def in_progress(language: str, area: str) -> bool:
    """An area whose translation is still being written says so in its .po's header
    (X-Steady-Status: in progress); the completeness test skips it until the line goes."""
    return load_po(language, area).metadata.get("X-Steady-Status", "") == "in progress"


def stats() -> None:
    for language in languages():
        for area in config()["areas"]:
            po = load_po(language, area)
            done = sum(1 for e in po if _translated(e))
            print(f"{language}/{area}: {done}/{len(po)} translated")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("update", "compile", "check", "stats"))
    parser.add_argument("areas", nargs="*")
    args = parser.parse_args(argv)
    areas = args.areas or list(config()["areas"])
    unknown = set(areas) - set(config()["areas"])
    if unknown:
        print(f"unknown area(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    if args.command == "update":
        update(areas)
    elif args.command == "compile":
        written = compile_all()
        for path in written:
            print(f"wrote {path.relative_to(ROOT)}")
        print(f"{len(written)} file(s) written", file=sys.stderr)
    elif args.command == "check":
        problems = check(areas)
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1 if problems else 0
    else:
        stats()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
