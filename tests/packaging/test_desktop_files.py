"""The Linux desktop entry and AppStream metainfo pass the freedesktop validators.

The validators are Debian's `desktop-file-utils` and `appstream` packages; without them the
checks are skipped with a reason (the consistency checks between the files always run).
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

import pytest

from app import APP_ID, __version__

LINUX = Path(__file__).resolve().parents[2] / "resources" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed (Debian: desktop-file-utils)")
def test_desktop_entry_validates():
    done = _run("desktop-file-validate", str(DESKTOP))
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed (Debian: appstream)")
def test_metainfo_validates():
    done = _run("appstreamcli", "validate", "--no-net", "--pedantic", str(METAINFO))
    assert done.returncode == 0, done.stdout + done.stderr


def test_desktop_entry_and_metainfo_name_the_same_app():
    entry = ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Exec"] == "steady"
    assert section["Icon"] == APP_ID
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("icon") == APP_ID
    assert root.findtext("project_license") == "MIT"
    assert root.find("content_rating").get("type").startswith("oars-")
    assert root.find("releases/release").get("version") == __version__
