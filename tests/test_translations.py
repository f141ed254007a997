"""The translation catalogues: complete, current, and read the same way in every layer.

packaging/i18n.py finds every string the code marks (`_()`, `N_()`, `ngettext()`,
`pgettext()`, `plural()`) and every text field of the data files; these tests fail when one has
no translation, when a compiled .mo is older than its .po, when a placeholder is lost in
translation, or when a string is marked in a way that cannot be translated (an f-string).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from app.domain import i18n

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location("steady_i18n_tool", ROOT / "packaging" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return _tool()


@pytest.mark.parametrize("area", sorted(_tool().config()["areas"]))
def test_every_marked_string_is_translated_and_every_catalogue_compiled(tool, area):
    if any(tool.in_progress(language, area) for language in tool.languages()):
        pytest.skip(f"the {area} translation is being written (X-Steady-Status in its .po)")
    problems = tool.check([area])
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(map(str, problems[:80]))


def test_the_check_finds_an_f_string_and_a_missing_plural(tool, tmp_path):
    source = tmp_path / "app" / "sample.py"
    source.parent.mkdir()
    source.write_text('from app.domain.i18n import _\nname = "x"\nprint(_(f"Hello {name}"))\n'
                      'print(plural(2, "day"))\nprint(_("Fine"))\n', encoding="utf-8")
    tool.ROOT = tmp_path
    try:
        found, problems = tool.extract_python(source)
    finally:
        tool.ROOT = ROOT
    assert [m.msgid for m in found] == ["Fine"]
    assert len(problems) == 2 and "literal text" in str(problems[0]) and "plural" in str(problems[1])


def test_placeholders_must_survive_translation(tool):
    assert tool.placeholders("Deleted {name} on {day}") == ["day", "name"]
    assert tool.placeholders("%(prog)s: error: %(message)s") == ["%(message)s", "%(prog)s"]
    assert tool.placeholders("100%% sure {{not}} {real}") == ["real"]


def test_the_language_comes_from_the_environment_as_gettext_reads_it():
    assert i18n.language_from_environment({"LANG": "es_ES.UTF-8"}) == "es"
    assert i18n.language_from_environment({"LANG": "es_MX.UTF-8", "LC_ALL": "C.UTF-8"}) == "en"
    assert i18n.language_from_environment({"LANGUAGE": "fr:es", "LANG": "fr_FR.UTF-8"}) == "es"
    assert i18n.language_from_environment({"LANG": "fr_FR.UTF-8"}) == "en"
    assert i18n.language_from_environment({}) == "en"


def test_an_unknown_language_means_english():
    i18n.use_language("xx")
    assert i18n.language() == "en" and i18n._("Today") == "Today"



def test_a_marked_constant_may_be_shown_through_underscore_but_not_a_made_up_string(tool, tmp_path):
    source = tmp_path / "app" / "sample.py"
    source.parent.mkdir()
    source.write_text('from app.domain.i18n import _, N_\nLABEL = N_("Hello")\nLABELS = (N_("One"),)\n'
                      'print(_(LABEL), _(LABELS[0]), _(obj.label))\nprint(_("Hi " + name))\n'
                      'print(N_(LABEL))\n', encoding="utf-8")
    tool.ROOT = tmp_path
    try:
        found, problems = tool.extract_python(source)
    finally:
        tool.ROOT = ROOT
    assert sorted(m.msgid for m in found) == ["Hello", "One"]
    assert [str(p).split(": ", 1)[1] for p in problems] == [
        "_() needs literal text, not \"'Hi ' + name\"", "N_() needs literal text, not 'LABEL'"]
