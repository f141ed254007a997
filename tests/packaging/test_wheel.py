"""The installed package carries its own data: a real wheel, installed outside the checkout.

Steady's run-time data (skill library, crisis lines, self-check instruments) lives in
`app/resources/`. This builds the wheel with pip, checks that nothing lands beside `app/`
in site-packages (no stray top-level `resources/`), installs it into a folder of its own and
runs the command line from there on a fresh data folder: the crisis lines, the skill
library and an instrument must load from the installed copy, not the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Built from a copy of the sources, so that the build's own folders (build/, *.egg-info)
    # stay out of the checkout and two test workers never build in the same place.
    source = tmp_path_factory.mktemp("source")
    shutil.copytree(ROOT / "app", source / "app", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (found,) = out.glob("steady-*.whl")
    return found


def test_wheel_carries_the_resources_inside_the_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"app", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}
    for needed in (
        "app/resources/skills/library.json",
        "app/resources/crisis_lines.json",
        "app/resources/instruments/phq9.json",
        "app/resources/instruments/gad7.json",
        "app/resources/instruments/who5.json",
        "app/resources/instruments/auditc.json",
        "app/resources/icons/steady-16.png",
        "app/resources/icons/steady-512.png",
        "app/resources/help/guide.html",
    ):
        assert needed in names


def test_installed_wheel_loads_its_resources(wheel, tmp_path):
    target = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(target), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("STEADY_DATA_DIR", None)

    def steady(*args: str) -> str:
        ran = subprocess.run(
            [sys.executable, "-m", "app", "--data-dir", str(data), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert ran.returncode == 0, ran.stderr
        return ran.stdout

    where = subprocess.run(
        [sys.executable, "-c", "import app.services.resources as r; print(r.RESOURCES)"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )
    assert Path(where.stdout.strip()) == target / "app" / "resources"

    steady("settings", "set", "crisis.country", "US")
    assert "988 Suicide & Crisis Lifeline" in steady("help-now")
    assert "score 6 (mild)" in steady("add", "assessment", "--instrument", "phq9", "--answers", "0,1,2,1,0,1,0,1,0")
    assert "Challenge the thought" in steady("list", "skill")
