"""The bundle's entry point keeps matplotlib's font cache in the person's own cache folder."""

from __future__ import annotations

import importlib.util
import stat
import sys
from pathlib import Path

import pytest

ENTRY = Path(__file__).resolve().parents[2] / "packaging" / "steady_entry.py"


@pytest.fixture
def entry():
    spec = importlib.util.spec_from_file_location("steady_entry", ENTRY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CACHE_HOME names the cache folder on Linux only")
def test_font_cache_goes_to_a_private_user_folder(entry, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    environ = {"MPLCONFIGDIR": "/tmp/_MEI-temporary"}  # what PyInstaller's hook set
    folder = entry.use_user_matplotlib_cache(environ)
    assert folder == str(tmp_path / "cache" / "Steady" / "matplotlib")
    assert environ["MPLCONFIGDIR"] == folder
    for made in (Path(folder), Path(folder).parent):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CACHE_HOME names the cache folder on Linux only")
def test_an_unusable_cache_folder_leaves_the_setting_alone(entry, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_folder))
    environ = {"MPLCONFIGDIR": "/tmp/_MEI-temporary"}
    assert entry.use_user_matplotlib_cache(environ) is None
    assert environ == {"MPLCONFIGDIR": "/tmp/_MEI-temporary"}
