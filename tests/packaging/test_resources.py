"""Steady's run-time data is found inside the `app` package, and nowhere else."""

from __future__ import annotations

from pathlib import Path

import app
from app.services import assessments, crisis, skill_library
from app.services.resources import RESOURCES, resource_path

PACKAGE = Path(app.__file__).resolve().parent


def test_resources_live_inside_the_package():
    assert RESOURCES == PACKAGE / "resources"
    assert skill_library.library_path() == PACKAGE / "resources" / "skills" / "library.json"
    assert crisis.crisis_lines_path() == PACKAGE / "resources" / "crisis_lines.json"
    assert resource_path("instruments", "phq9.json").is_file()


def test_the_top_level_resources_folder_holds_no_runtime_data():
    top = PACKAGE.parent / "resources"
    # resources/locale/areas.json configures the catalogue tool (packaging/i18n.py), not the app.
    found = [p for p in top.rglob("*.json") if p != top / "locale" / "areas.json"]
    assert not found, "run-time data belongs in app/resources/"


def test_every_resource_loads():
    assert set(assessments.instruments()) == {"phq9", "gad7", "who5", "auditc"}
    assert "US" in crisis.steady_countries()
    assert len(skill_library.load_library().skills) >= 40
