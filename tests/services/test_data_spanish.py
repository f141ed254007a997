"""The data files and the demo in Spanish: the skill library, the crisis lines, the self-check
instruments (the published Spanish wording, scored exactly as the English), and demo data made
while Spanish is in use. conftest.py switches back to English after every test."""

from __future__ import annotations

import json
from pathlib import Path


from app.services.data_text import TRANSLATED_FIELDS
from app.services.resources import resource_path
from app.services.skill_library import default_library

ROOT = Path(__file__).resolve().parents[2]


def test_the_translated_fields_are_the_ones_the_catalogue_collects():
    areas = json.loads((ROOT / "resources" / "locale" / "areas.json").read_text(encoding="utf-8"))
    listed = areas["areas"]["data"]["json"]
    expected = {}
    for resource, (context, keys) in TRANSLATED_FIELDS.items():
        expected[f"app/resources/{resource}"] = {"context": context, "keys": list(keys)} if context else list(keys)
    assert listed == expected
    for resource in TRANSLATED_FIELDS:
        assert resource_path(*resource.split("/")).is_file(), resource


def test_english_is_the_files_own_words():
    raw = json.loads(resource_path("skills", "library.json").read_text(encoding="utf-8"))
    first = raw["skills"][0]
    skill = default_library().by_key(first["key"])
    assert (skill.name, skill.how_to) == (first["name"], first["how_to"])
