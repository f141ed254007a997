"""The bundle leaves out only Qt modules Steady does not import.

packaging/steady.spec excludes every PySide6 module the app does not use, so a bundle stays
small; a module the app starts using (say, QtDBus for the screen-lock signals) must come off
that list, or the frozen app fails when it reaches the import. This reads the spec's list
and every `PySide6.QtX` the app's code names.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_IMPORT = re.compile(r"PySide6\.(Qt\w+)|from PySide6 import ([\w, ()\n]+)")


def _spec_list(name: str) -> list[str]:
    tree = ast.parse((ROOT / "packaging" / "steady.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"packaging/steady.spec has no {name}")


def _qt_modules_used() -> set[str]:
    used: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        for dotted, listed in _IMPORT.findall(path.read_text(encoding="utf-8")):
            if dotted:
                used.add(dotted)
            used.update(m for m in re.findall(r"Qt\w+", listed))
    return used


def test_no_qt_module_the_app_uses_is_left_out_of_the_bundle():
    used = _qt_modules_used()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert not used & set(_spec_list("UNUSED_QT"))


def test_the_spec_leaves_out_the_heavy_modules():
    unused = set(_spec_list("UNUSED_QT"))
    assert {"QtQml", "QtQuick", "QtWebEngineCore", "Qt3DCore", "QtMultimedia", "QtNetwork"} <= unused
