"""The command line in Spanish: with LANG=es_ES.UTF-8 the help of every command, argparse's own
words ("usage:", "options", its errors) and Steady's error sentences are Spanish, with the same
exit codes (2 usage, 3 invalid input, 4 data file problem). Command and option names stay English."""

from __future__ import annotations

import argparse

import pytest

from app import cli
from app.domain import i18n

from .helpers import _environment, run, run_process

SPANISH = {"LC_ALL": "es_ES.UTF-8"}
# What argparse prints in English; none of it may be left in a Spanish help or error.
ARGPARSE_ENGLISH = ("usage:", "options:", "show this help message and exit", "positional arguments",
                    "the following arguments are required", "invalid choice", "unrecognized arguments",
                    "expected one argument")


def _spanish_run(data_dir, *args: str) -> tuple[int, str, str]:
    with _environment(**SPANISH):
        return run(data_dir, *args)


def test_steady_help_is_spanish_in_a_real_process(data_dir):
    env = {"LANG": "es_ES.UTF-8"}
    done = run_process(data_dir, "--help", env=env, drop=("QT_QPA_PLATFORM", "LC_ALL", "LANGUAGE", "LC_MESSAGES"))
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr
    assert out.startswith("uso: steady ")
    assert "opciones:" in out and "muestra este mensaje de ayuda y termina" in out
    assert "Códigos de salida: 0 correcto" in out
    assert "elimina un registro" in out  # a command's help line
    assert "--data-dir CARPETA" in out  # option names stay English, their placeholders are Spanish
    assert not [word for word in ARGPARSE_ENGLISH if word in out]

    sub = run_process(data_dir, "report", "--help", env=env,
                      drop=("QT_QPA_PLATFORM", "LC_ALL", "LANGUAGE", "LC_MESSAGES"))
    text = sub.stdout.decode("utf-8")
    assert sub.returncode == 0 and text.startswith("uso: steady report ")
    assert "archivo PDF que se escribe" in text and "--output ARCHIVO" in text


def _subcommand_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                if child.prog.split()[-1] != name:
                    continue  # an alias (drug-screen for drug_screen)
                yield prefix + (name,)
                yield from _subcommand_paths(child, prefix + (name,))


def test_every_subcommands_help_is_spanish(data_dir):
    paths = list(_subcommand_paths(cli._build_parser()))
    assert len(paths) > 40 and ("add", "checkin") in paths and ("plan", "add") in paths
    english = {}
    for path in paths:
        code, out, err = _spanish_run(data_dir, *path, "--help")
        assert code == 0, (path, err)
        assert out.startswith(f"uso: steady {' '.join(path)}"), (path, out[:80])
        assert "muestra este mensaje de ayuda y termina" in out, path
        left = [word for word in ARGPARSE_ENGLISH if word in out]
        if left:
            english[path] = left
    assert not english
    # The same parser in English is unchanged.
    code, out, _err = run(data_dir, "list", "--help")
    assert code == 0 and out.startswith("usage: steady list") and "--from DATE" in out


@pytest.mark.parametrize(("args", "code", "spanish"), [
    (("list", "foo"), cli.EXIT_USAGE, "argumento TIPO: opción no válida: 'foo' (elige entre 'schedule'"),
    (("report",), cli.EXIT_USAGE, "faltan estos argumentos obligatorios: TIPO, --output"),
    (("list", "coping", "--bogus"), cli.EXIT_USAGE, "argumentos no reconocidos: --bogus"),
    (("list", "coping", "--from"), cli.EXIT_USAGE, "argumento --from: se esperaba un argumento"),
    (("plan",), cli.EXIT_USAGE, "faltan estos argumentos obligatorios: QUÉ"),
    (("list", "coping", "--from", "2026-13-01"), cli.EXIT_INVALID, "--from debe ser una fecha como 2026-03-14."),
    (("list", "coping", "--from", "2026-03-02", "--to", "2026-03-01"), cli.EXIT_INVALID,
     "--to debe ser el mismo día que --from o posterior."),
    (("demo", "--years", "40"), cli.EXIT_INVALID, "Los años deben estar entre 1 y 20."),
    (("report", "counselor", "--output", "x.txt"), cli.EXIT_INVALID, "--output debe indicar un archivo .pdf."),
    (("report", "attendance", "--output", "x.pdf", "--went-well", "a"), cli.EXIT_INVALID,
     "--went-well va con el informe session-prep."),
    (("list", "coping", "--search", "caf\udce9"), cli.EXIT_INVALID,
     "el argumento 4 no es texto UTF-8 válido; revisa la codificación de tu terminal"),
    (("encrypt",), cli.EXIT_STORE, "No hay un archivo de datos de Steady en"),
    (("decrypt",), cli.EXIT_STORE, "no está cifrado; `steady encrypt` lo cifra."),
])
def test_cli_errors_are_spanish_with_the_same_exit_codes(data_dir, args, code, spanish):
    got, out, err = _spanish_run(data_dir, *args)
    assert got == code, (got, err)
    assert err.splitlines()[-1].startswith("steady: error: "), err
    assert spanish in err, err
    assert not [word for word in ARGPARSE_ENGLISH if word in err], err
    english_code, _out, english = run(data_dir, *args)
    assert english_code == code and english != err  # English stays English


def test_usage_errors_from_steady_itself_are_spanish(data_dir, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    run(data_dir, "add", "checkin", "--mood", "3", "--craving", "2")
    code, _out, err = _spanish_run(data_dir, "backup", "--output", str(folder))
    assert code == cli.EXIT_USAGE
    assert f"steady: error: --output {folder} es una carpeta; indica un nombre de archivo" in err


def test_command_messages_are_spanish_and_machine_output_is_not(data_dir):
    code, out, _err = _spanish_run(data_dir, "goals", "list")
    assert code == 0 and out.startswith("Aún no hay metas. Ponte una")
    code, out, _err = _spanish_run(data_dir, "add", "checkin", "--mood", "3", "--craving", "2")
    record_id = out.strip()
    code, out, _err = _spanish_run(data_dir, "check")
    assert code == 0 and out.startswith("ok: ") and "está en buen estado (1 registro)." in out
    code, out, _err = _spanish_run(data_dir, "list", "checkin", "--format", "json")
    assert code == 0 and '"mood": 3' in out and record_id in out  # JSON keys stay as they are
    code, out, _err = _spanish_run(data_dir, "delete", "checkin", record_id[:8])
    assert code == 0 and out.startswith("Se eliminó: ") and record_id in out


def test_argparse_uses_steadys_catalogue_only_while_spanish_is_chosen():
    cli._build_parser()  # installs the translation into argparse
    i18n.use_language("es")
    assert argparse._("usage: ") == "uso: "
    assert argparse.ngettext("expected %s argument", "expected %s arguments", 2) == "se esperaban %s argumentos"
    i18n.use_language("en")
    assert argparse._("usage: ") == "usage: "


def test_the_week_in_spanish_names_its_parts_and_its_status_in_words(data_dir):
    assert run(data_dir, "demo")[0] == 0
    code, out, _err = _spanish_run(data_dir, "schedule", "week")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Semana del ") and " de 20" in lines[0]
    assert any(line.strip().startswith("Familia / vida social") for line in lines)
    ends = {len(line) for line in lines[1:8]}
    assert len(ends) == 1  # the hours line up under each other, however long the Spanish names are
    assert lines[8].startswith("Tratamiento: ") and ("objetivo" in lines[8])
    assert not any(word in lines[8] for word in ("on target", "below", "above"))
    code, out, _err = _spanish_run(data_dir, "schedule", "week", "--format", "json")
    assert code == 0 and '"treatment_status": "' in out and '"week_start"' in out  # keys and values as they were


def test_what_steady_says_after_a_hard_answer_or_a_strong_craving_is_spanish(data_dir):
    from app.domain.assessments import SAFETY_ITEM_REPLY

    code, out, err = _spanish_run(data_dir, "add", "assessment", "--instrument", "phq9", "--answers", "1,1,1,1,1,1,1,1,1")
    assert code == 0 and "puntuación 9 (leve)" in out
    i18n.use_language("es")
    reply = i18n._(SAFETY_ITEM_REPLY)
    assert reply != SAFETY_ITEM_REPLY and reply in err and "Thank you" not in err
    code, _out, err = _spanish_run(data_dir, "add", "checkin", "--mood", "1", "--craving", "9")
    assert code == 0 and "steady help-now" in err and "craving" not in err.lower()


def test_an_import_preview_in_spanish_lines_up_and_says_what_it_would_do(data_dir, tmp_path):
    assert run(data_dir, "demo")[0] == 0
    export, calendar = tmp_path / "all.json", tmp_path / "week.ics"
    assert run(data_dir, "export", "--format", "json", "--output", str(export))[0] == 0
    assert run(data_dir, "export", "--format", "ics", "--output", str(calendar))[0] == 0
    code, out, _err = _spanish_run(data_dir, "import", str(export), "--dry-run")
    rows = [line for line in out.splitlines() if "para añadir" in line]
    assert code == 0 and out.startswith("Una exportación de Steady hecha el ")
    assert any(line.startswith("Habilidades de afrontamiento ") for line in rows)
    assert len({line.index("para añadir") for line in rows}) == 1  # one column, however long the kind's name
    assert out.splitlines()[-1].startswith("Vista previa: ") and out.splitlines()[-1].endswith("; no se escribió nada.")
    code, out, _err = _spanish_run(data_dir, "import", str(calendar), "--dry-run")
    assert code == 0 and out.splitlines()[0].startswith("actualizar ") and "update" not in out
