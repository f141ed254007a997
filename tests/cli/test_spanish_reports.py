"""The PDF reports in Spanish: with LANG=es_* `steady report` writes the counselor summary,
attendance record, session prep, safety plan, wallet card and aftercare plan with Spanish
headings, labels, sentences and dates, read back from the PDF's text with pdftotext."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .helpers import _environment, run

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")


def _text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=60)
    return " ".join(out.stdout.decode("utf-8").split())


def _spanish(data_dir, *args: str):
    with _environment(LC_ALL="es_ES.UTF-8"):
        return run(data_dir, *args)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    code, _out, err = run(folder, "demo", "--years", "1")
    assert code == 0, err
    return folder


@pytest.mark.parametrize(("args", "spanish", "english"), [
    (("counselor", "--include-use"),
     ["Resumen del progreso en el tratamiento", "Período:", "semanas)", "De un vistazo", "Tasa de asistencia",
      "Horas de tratamiento por semana", "Ganas de consumir por semana", "Ánimo y sueño", "Metas",
      "Consumo y tiempo sin consumir (compartido por elección)", "Página 1 de", "Generado el", " dic 20"],
     ["Treatment progress summary", "At a glance", "Page 1 of", "Generated", "Week of (Monday)", "Dec 20"]),
    (("attendance",),
     ["Registro de asistencia", "Participante:", "Fecha", "Entrada–salida", "Sesión o reunión", "Firma",
      "Revisado por:", "con asistencia en este período"],
     ["Attendance record", "Participant:", "Signature", "Reviewed by", "attended in this period"]),
    (("session-prep", "--went-well", "Fui a todas las sesiones"),
     ["Preparación para la sesión", "Estos siete días:", "Esta semana en cinco líneas", "Qué salió bien",
      "Fui a todas las sesiones", "De qué quiero hablar"],
     ["Session prep", "This week in five lines", "What went well"]),
    (("safety-plan",),
     ["Mi plan de seguridad", "Plan de prevención de recaídas", "Personas a las que llamar en una crisis:",
      "Líneas que contestan a cualquier hora", "no envía nada a nadie"],
     ["My safety plan", "People to call in a crisis", "Lines that answer", "sends nothing"]),
    (("safety-plan", "--wallet-card"),
     ["Tarjeta de bolsillo: recorta por la línea continua", "Cuando se pone difícil, primero", "Mis razones",
      "Hecha el"],
     ["Wallet card", "When it gets hard", "My reasons", "Made "]),
    (("aftercare",),
     ["Mi plan de cuidados posteriores", "no envía nada a nadie"],
     ["My aftercare plan", "sends nothing"]),
])
def test_reports_are_written_in_spanish(demo, tmp_path, args, spanish, english):
    path = tmp_path / "report.pdf"
    code, out, err = _spanish(demo, "report", *args, "--output", str(path))
    assert code == 0, err
    assert out.startswith("Se escribió "), out
    text = _text(path)
    assert [word for word in spanish if word not in text] == []
    assert [word for word in english if word in text] == []


def test_the_same_report_stays_english_in_english(demo, tmp_path):
    path = tmp_path / "report.pdf"
    code, out, _err = run(demo, "report", "counselor", "--output", str(path))
    assert code == 0 and out.startswith("Wrote the counselor summary")
    text = _text(path)
    assert "Treatment progress summary" in text and "At a glance" in text and "Page 1 of" in text
    assert "De un vistazo" not in text
